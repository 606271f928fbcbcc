import { InputError } from '@backstage/errors';
import {
  hostSyntaxProblem,
  isWildcardHost,
} from '@meshwise/plugin-mesh-common';

// Syntax checks for everything a template form can send. They run before any
// role rule so that a refusal never has to reason about malformed values, and
// they reject rather than repair: a manifest is only generated from input that
// is already exactly what Kubernetes and Istio accept.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const HTTP_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/** Shows a bounded, escaped excerpt of untrusted input in an error message. */
export function quote(value: unknown): string {
  if (typeof value !== 'string') {
    return String(value).slice(0, 80);
  }
  const excerpt = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(excerpt);
}

function fail(field: string, value: unknown, expectation: string): never {
  throw new InputError(`${field} ${quote(value)} is invalid: ${expectation}`);
}

/** RFC 1123 label, as Kubernetes requires for namespaces and service names. */
export function assertDnsLabel(value: string, field: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    fail(
      field,
      value,
      'expected an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)',
    );
  }
  return value;
}

/** RFC 1123 subdomain, as Kubernetes requires for most object names. */
export function assertObjectName(value: string, field: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    fail(
      field,
      value,
      'expected an RFC 1123 subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
    );
  }
  return value;
}

/**
 * A host as Istio and Gateway API accept it (mesh-common's host rule, which
 * the template form's inline validation runs too). Whether a wildcard is
 * allowed for the requester is a role rule, not a syntax rule.
 */
export function assertHost(value: string, field: string): string {
  const problem = hostSyntaxProblem(value);
  if (problem) fail(field, value, problem);
  return value;
}

export { isWildcardHost };

/** A TCP port number. */
export function assertPort(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(field, value, 'expected an integer port between 1 and 65535');
  }
  return value;
}

/** Kubernetes label keys and values (used for workload selectors). */
export function assertLabels(
  labels: Record<string, string>,
  field: string,
): Record<string, string> {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.indexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (
      (prefix !== undefined &&
        (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) ||
      name.length > 63 ||
      !LABEL_NAME.test(name)
    ) {
      fail(`${field} key`, key, 'expected a Kubernetes label key');
    }
    if (value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
      fail(`${field}[${key}]`, value, 'expected a Kubernetes label value');
    }
  }
  return labels;
}

/**
 * An Istio peer principal. Developers must name one service account exactly
 * (`<trustDomain>/ns/<ns>/sa/<sa>`, the SPIFFE identity Istio issues, seed 003
 * "Istio Identity"); mesh admins may also use Istio's prefix/suffix `*` match.
 */
export function assertPrincipal(
  value: string,
  field: string,
  options: { trustDomain: string; allowPatterns: boolean },
): string {
  const exact = value.match(/^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/);
  if (
    exact &&
    exact[1] === options.trustDomain &&
    DNS_LABEL.test(exact[2]) &&
    exact[2].length <= 63 &&
    exact[3].length <= 253 &&
    DNS_SUBDOMAIN.test(exact[3])
  ) {
    return value;
  }
  if (options.allowPatterns && isIstioStringMatch(value)) {
    return value;
  }
  return fail(
    field,
    value,
    `expected "${options.trustDomain}/ns/<namespace>/sa/<service-account>"`,
  );
}

/** Istio's string match: exact, `*`, `prefix*` or `*suffix`, printable ASCII. */
function isIstioStringMatch(value: string): boolean {
  if (value.length === 0 || value.length > 512) return false;
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  const stars = value.split('*').length - 1;
  return (
    stars === 0 ||
    value === '*' ||
    (stars === 1 && (value.startsWith('*') || value.endsWith('*')))
  );
}

export function assertHttpMethod(value: string, field: string): string {
  if (!HTTP_METHODS.has(value)) {
    fail(field, value, `expected one of ${[...HTTP_METHODS].join(', ')}`);
  }
  return value;
}

/** An AuthorizationPolicy path: absolute, printable, optional `*` prefix/suffix match. */
export function assertPolicyPath(value: string, field: string): string {
  const ok =
    value.length <= 1024 &&
    /^[\x21-\x7e]+$/.test(value) &&
    (value.startsWith('/') || value === '*' || value.startsWith('*/')) &&
    isIstioStringMatch(value);
  if (!ok) {
    fail(
      field,
      value,
      'expected an absolute path such as "/api/*" (printable ASCII, "*" only as prefix or suffix)',
    );
  }
  return value;
}

/** A JWT claim name usable inside `request.auth.claims[...]`. */
export function assertClaimName(value: string, field: string): string {
  if (
    value.length === 0 ||
    value.length > 128 ||
    !/^[\x21-\x7e]+$/.test(value) ||
    /[[\]]/.test(value)
  ) {
    fail(
      field,
      value,
      'expected a JWT claim name (printable ASCII without "[" or "]")',
    );
  }
  return value;
}

/** Whether a string holds a C0 control character or DEL. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x1f || code === 0x7f) return true;
  }
  return false;
}

/** A JWT claim value or request principal compared by Istio as a string. */
export function assertPlainValue(value: string, field: string): string {
  if (value.length === 0 || value.length > 512 || hasControlCharacter(value)) {
    fail(field, value, 'expected 1–512 characters without control characters');
  }
  return value;
}

/** An absolute http(s) URL (JWT issuer, JWKS URI). */
export function assertHttpUrl(value: string, field: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    value.length > 2048 ||
    /\s/.test(value)
  ) {
    fail(field, value, 'expected an absolute http or https URL');
  }
  return value;
}

/** An Elastic Stack version such as 8.17.0. */
export function assertStackVersion(value: string, field: string): string {
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}(-[0-9A-Za-z.-]{1,40})?$/.test(value)) {
    fail(field, value, 'expected a version such as "8.17.0"');
  }
  return value;
}

export function assertUnique(values: string[], field: string): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) fail(field, v, 'listed more than once');
    seen.add(v);
  }
  return values;
}
