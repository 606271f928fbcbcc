/**
 * The host rules a developer's request must pass, in one place: the
 * scaffolder actions refuse with them on the server, and the template form
 * runs the same functions as inline validation, so the form can never accept
 * what the action refuses (or the other way round). The server stays the
 * judge: the form only answers earlier.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `value` is not a host as Istio and Gateway API accept it (a lower-case,
 * fully qualified DNS name, optionally with a leading `*.` wildcard label, or
 * `*` alone), or undefined when it is one. Whether a wildcard is allowed for
 * the requester is a role rule ({@link developerHostRefusal}), not syntax.
 */
export function hostSyntaxProblem(value: string): string | undefined {
  if (value === '*') return undefined;
  const name = value.startsWith('*.') ? value.slice(2) : value;
  const labels = name.split('.');
  const ok =
    value.length <= 253 &&
    labels.length >= 2 &&
    labels.every(l => l.length <= 63 && DNS_LABEL.test(l)) &&
    // A numeric top-level label would make it an IP address, not a name.
    !/^[0-9]+$/.test(labels[labels.length - 1]);
  return ok
    ? undefined
    : 'expected a fully qualified lower-case DNS name such as "shop.example.com" (punycode for international names, optional leading "*." wildcard)';
}

/** `*` or a host with a leading `*.` label. */
export function isWildcardHost(host: string): boolean {
  return host === '*' || host.startsWith('*.');
}

/**
 * A `mesh.scaffolder.allowedDomains` entry as the rules compare it:
 * lower-case, without a leading `.` or `*.` (an entry means the domain and
 * every name under it either way).
 */
export function normalizeAllowedDomain(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '');
}

/** Whether `host` is `domain` itself or a name under it (label-wise, so `evilappk8s.com` is not under `appk8s.com`). */
export function hostInDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Shows a bounded, escaped excerpt of untrusted input in a message. */
export function quoteHost(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** A developer host rule that refuses, and why. */
export interface HostRefusal {
  rule: 'wildcard-host' | 'allowed-domains';
  message: string;
}

/**
 * The developer rules for one well-formed host (seed 003): no wildcard
 * hosts, and only names inside the allowed domains (none when the list is
 * empty: fail closed). Undefined when the host passes. Mesh admins are not
 * held to these rules.
 */
export function developerHostRefusal(
  host: string,
  allowedDomains: readonly string[],
): HostRefusal | undefined {
  if (isWildcardHost(host)) {
    return {
      rule: 'wildcard-host',
      message: `host ${quoteHost(
        host,
      )}: wildcard hosts may only be requested by mesh admins`,
    };
  }
  if (!allowedDomains.some(d => hostInDomain(host, d))) {
    return {
      rule: 'allowed-domains',
      message: allowedDomains.length
        ? `host ${quoteHost(
            host,
          )} is outside the allowed domains (${allowedDomains.join(', ')})`
        : `host ${quoteHost(
            host,
          )}: no domains are open to developers (mesh.scaffolder.allowedDomains is empty)`,
    };
  }
  return undefined;
}

/**
 * What the scaffolder actions would say about one host a developer asks
 * for: its syntax first, then the developer rules. Undefined when it passes
 * both. (The actions still check host claims by other teams' Gateways, which
 * need live state.)
 */
export function developerHostProblem(
  host: string,
  allowedDomains: readonly string[],
): string | undefined {
  const syntax = hostSyntaxProblem(host);
  if (syntax) return `${quoteHost(host)} is invalid: ${syntax}`;
  return developerHostRefusal(host, allowedDomains)?.message;
}
