import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { arr, namespaceOf, strings } from '../util/safe';
import { serviceFqdn } from '../util/hosts';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { registryEntryFor } from '../analyzers/serviceRegistry';
import { describe, listNames } from './findingText';

/*
 * AuthorizationPolicy operation checks of Kiali's authorization checkers
 * (business/checkers/authorization/namespace_method_checker.go and
 * no_host_checker.go).
 */

const HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
];

/**
 * Whether a `methods` value can match an HTTP method: exact (any case), `*`
 * (presence), or a prefix (`GE*`) or suffix (`*ET`) match of one.
 */
function validMethod(value: string): boolean {
  const method = value.trim();
  if (!method) return false;
  if (method === '*') return true;
  const prefix = method.endsWith('*') && !method.startsWith('*');
  const suffix = method.startsWith('*') && !method.endsWith('*');
  const pattern = method.replace(/^\*|\*$/g, '').toUpperCase();
  if (!pattern) return false;
  return HTTP_METHODS.some(m => {
    if (prefix) return m.startsWith(pattern);
    if (suffix) return m.endsWith(pattern);
    return m === pattern;
  });
}

/**
 * MW407 (KIA0102): an operation method that matches no HTTP method (a
 * typo, or a gRPC method name, which belongs in paths: gRPC requests are
 * all POST). The rule never matches on it.
 */
export function wrongMethodFindings(
  ctx: AnalysisContext,
  policy: KubeObject,
): Finding[] {
  const wrong = arr(policy, 'spec', 'rules').flatMap(rule =>
    arr(rule, 'to').flatMap(to =>
      strings(to, 'operation', 'methods').filter(m => !validMethod(m)),
    ),
  );
  if (!wrong.length) return [];
  const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
  return [
    ctx.finding({
      code: 'MW407',
      objects: [ref],
      message: `${describe(ref)} lists methods ${listNames(
        wrong.map(m => `'${m}'`),
      )}, which match no HTTP method: the rules never match on them (gRPC methods are paths; every gRPC request is a POST).`,
      remediation: `Use HTTP method names (${HTTP_METHODS.join(
        ', ',
      )}), and put gRPC method names in operation.paths.`,
    }),
  ];
}

/**
 * Kiali's isHTTPHostHeaderMatcher: hosts that are Host-header patterns
 * (wildcards, names with two or more dots, `a.b` where b is no namespace)
 * rather than references to a Service, and are not looked up.
 */
function serviceReference(
  ctx: AnalysisContext,
  host: string,
  policyNamespace: string,
): { name: string; namespace: string } | undefined {
  const h = host.trim();
  if (!h || h.includes('*')) return undefined;
  const parts = h.split('.');
  if (parts.length === 1) return { name: h, namespace: policyNamespace };
  if (
    parts.length === 2 &&
    (parts[1] === policyNamespace || ctx.view.namespace(parts[1]))
  )
    return { name: parts[0], namespace: parts[1] };
  return undefined;
}

/** Kiali's HasMatchingVirtualServices: a VirtualService host naming the Service. */
function virtualServiceDefines(
  ctx: AnalysisContext,
  service: { name: string; namespace: string },
): boolean {
  const domain = ctx.config.clusterDomain;
  const names = new Set([
    `${service.name}.${service.namespace}`,
    serviceFqdn(service.name, service.namespace, domain),
    `*.${service.namespace}.svc.${domain}`,
    '*',
  ]);
  return ctx.view
    .list(Kinds.VirtualService)
    .some(vs =>
      strings(vs, 'spec', 'hosts').some(
        h =>
          names.has(h) ||
          (h === service.name && namespaceOf(vs) === service.namespace),
      ),
    );
}

/**
 * MW408 (KIA0104): an operation host written as a Service reference (a
 * short name, or `name.namespace`) that names no Service, ServiceEntry or
 * VirtualService host: requests never carry it, so the rule never matches.
 */
export function operationHostFindings(
  ctx: AnalysisContext,
  policy: KubeObject,
): Finding[] {
  const hosts = arr(policy, 'spec', 'rules').flatMap(rule =>
    arr(rule, 'to').flatMap(to => strings(to, 'operation', 'hosts')),
  );
  if (!hosts.length) return [];
  if (
    !ctx.isSynced(Kinds.Namespace) ||
    !ctx.isSynced(Kinds.Service) ||
    !ctx.isSynced(Kinds.ServiceEntry) ||
    !ctx.isSynced(Kinds.VirtualService)
  )
    return [];
  const namespace = namespaceOf(policy) ?? '';
  const unknown = hosts.filter(host => {
    const service = serviceReference(ctx, host, namespace);
    if (!service) return false;
    const fqdn = serviceFqdn(
      service.name,
      service.namespace,
      ctx.config.clusterDomain,
    );
    return (
      !registryEntryFor(ctx, namespace, [], fqdn) &&
      !virtualServiceDefines(ctx, service)
    );
  });
  if (!unknown.length) return [];
  const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
  return [
    ctx.finding({
      code: 'MW408',
      objects: [ref],
      message: `${describe(ref)} matches operation hosts ${listNames(
        unknown,
      )}, which name no Service, ServiceEntry or VirtualService host: no request carries them, so those rules never match.`,
      remediation: `Correct the hosts to the Host header clients send (for a Service: name, name.namespace or its FQDN), or remove them.`,
    }),
  ];
}
