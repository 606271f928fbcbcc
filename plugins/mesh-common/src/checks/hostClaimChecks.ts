import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  arr,
  asNumber,
  at,
  namespaceOf,
  nameOf,
  str,
  strings,
} from '../util/safe';
import { serviceFqdn } from '../util/hosts';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { registryEntryFor } from '../analyzers/serviceRegistry';
import { describe, listNames } from './findingText';

/*
 * Hosts claimed twice or not at all, as Kiali's VirtualService single-host
 * checker (virtualservices/single_host_checker.go, the gateway-bound form),
 * ServiceEntry multi-match checker (serviceentries/multi_match_checker.go)
 * and Sidecar egress checker (sidecars/egress_listener_checker.go) decide.
 */

/** A Service host as its FQDN (short, `name.ns` for an existing namespace, `name.ns.svc`), anything else as written. */
function hostKey(ctx: AnalysisContext, host: string, namespace: string) {
  const h = host.toLowerCase();
  const parts = h.split('.');
  const domain = ctx.config.clusterDomain;
  if (h.includes('*')) return h;
  if (parts.length === 1) return serviceFqdn(h, namespace, domain);
  if (parts.length === 2 && ctx.view.namespace(parts[1]))
    return serviceFqdn(parts[0], parts[1], domain);
  if (parts.length === 3 && parts[2] === 'svc')
    return serviceFqdn(parts[0], parts[1], domain);
  return h;
}

/** A VirtualService's gateway reference as `namespace/name` (`name` alone is in the VirtualService's namespace). */
function gatewayKey(gateway: string, namespace: string): string {
  if (gateway.includes('/')) return gateway;
  const parts = gateway.split('.');
  return parts.length > 1
    ? `${parts[1]}/${parts[0]}`
    : `${namespace}/${gateway}`;
}

/** `gateway host` → the VirtualServices bound to that gateway that define that host. */
function gatewayHostClaims(ctx: AnalysisContext): Map<string, KubeObject[]> {
  return memoize(
    ctx.view,
    'gatewayHostClaims',
    [Kinds.VirtualService, Kinds.Namespace],
    () => {
      const claims = new Map<string, KubeObject[]>();
      for (const vs of ctx.view.list(Kinds.VirtualService)) {
        const ns = namespaceOf(vs) ?? '';
        const gateways = strings(vs, 'spec', 'gateways').filter(
          g => g !== 'mesh',
        );
        for (const gateway of new Set(gateways.map(g => gatewayKey(g, ns))))
          for (const host of new Set(
            strings(vs, 'spec', 'hosts').map(h => hostKey(ctx, h, ns)),
          )) {
            const key = `${gateway} ${host}`;
            claims.set(key, [...(claims.get(key) ?? []), vs]);
          }
      }
      return claims;
    },
  );
}

/**
 * MW831 (KIA1106, the gateway-bound form): VirtualServices bound to the same
 * Gateway that define the same host. Istio merges their routes in an
 * undefined order, so which rule matches first is not decided by either.
 * (MW805 is the mesh-bound form, as istioctl's IST0109 makes it.)
 */
export function gatewayHostConflictFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Namespace)) return [];
  const ns = namespaceOf(vs) ?? '';
  const claims = gatewayHostClaims(ctx);
  const conflicts: { key: string; others: KubeObject[] }[] = [];
  for (const gateway of new Set(
    strings(vs, 'spec', 'gateways')
      .filter(g => g !== 'mesh')
      .map(g => gatewayKey(g, ns)),
  ))
    for (const host of new Set(
      strings(vs, 'spec', 'hosts').map(h => hostKey(ctx, h, ns)),
    )) {
      const key = `${gateway} ${host}`;
      const others = (claims.get(key) ?? []).filter(o => o !== vs);
      if (others.length) conflicts.push({ key, others });
    }
  if (!conflicts.length) return [];
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const others = [...new Set(conflicts.flatMap(c => c.others))];
  const [gateway, host] = conflicts[0].key.split(' ');
  return [
    ctx.finding({
      code: 'MW831',
      objects: [ref, ...others.map(o => ctx.ref(o, Kinds.VirtualService))],
      message: `${describe(ref)} and ${listNames(
        others.map(o => `VirtualService ${namespaceOf(o)}/${nameOf(o)}`),
      )} are bound to Gateway ${gateway} and define host ${host}${
        conflicts.length > 1 ? ` (and ${conflicts.length - 1} more)` : ''
      }: Istio merges their routes in no defined order.`,
      remediation: `Route ${host} at ${gateway} from one VirtualService (merge the rules), or give each VirtualService its own host.`,
    }),
  ];
}

/** `host:port` → the ServiceEntries that declare it, with each one's protocol for that port. */
function serviceEntryPorts(
  ctx: AnalysisContext,
): Map<string, { se: KubeObject; protocol: string }[]> {
  return memoize(ctx.view, 'serviceEntryPorts', [Kinds.ServiceEntry], () => {
    const index = new Map<string, { se: KubeObject; protocol: string }[]>();
    for (const se of ctx.view.list(Kinds.ServiceEntry))
      for (const port of arr(se, 'spec', 'ports')) {
        const number = asNumber(at(port, 'number'));
        if (number === undefined) continue;
        const protocol = (str(port, 'protocol') ?? '').toUpperCase();
        for (const host of strings(se, 'spec', 'hosts')) {
          const key = `${host.toLowerCase()}:${number}`;
          index.set(key, [...(index.get(key) ?? []), { se, protocol }]);
        }
      }
    return index;
  });
}

/**
 * MW832 (KIA1211): another ServiceEntry declares one of this one's hosts
 * on the same port with the same protocol; which entry's endpoints and
 * resolution Istio uses is undefined. (Different protocols are MW817.)
 */
export function serviceEntryMultiMatchFindings(
  ctx: AnalysisContext,
  se: KubeObject,
): Finding[] {
  const index = serviceEntryPorts(ctx);
  const shared: string[] = [];
  const others = new Set<KubeObject>();
  for (const host of strings(se, 'spec', 'hosts'))
    for (const port of arr(se, 'spec', 'ports')) {
      const key = `${host.toLowerCase()}:${asNumber(at(port, 'number'))}`;
      const entries = index.get(key) ?? [];
      if (entries.length < 2) continue;
      // Kiali's protocol conflict is a different check (MW817).
      if (new Set(entries.map(e => e.protocol)).size > 1) continue;
      const rest = entries.filter(e => e.se !== se).map(e => e.se);
      if (!rest.length) continue;
      shared.push(key);
      rest.forEach(o => others.add(o));
    }
  if (!shared.length) return [];
  const ref = ctx.ref(se, Kinds.ServiceEntry);
  const otherRefs = [...others].map(o => ctx.ref(o, Kinds.ServiceEntry));
  return [
    ctx.finding({
      code: 'MW832',
      objects: [ref, ...otherRefs],
      message: `${describe(ref)} and ${listNames(
        otherRefs.map(describe),
      )} both declare ${listNames([
        ...new Set(shared),
      ])}: which entry's endpoints and resolution Istio uses is undefined.`,
      remediation: `Declare each host and port in one ServiceEntry, or narrow the entries' exportTo so that no namespace sees both.`,
    }),
  ];
}

/**
 * MW833 (KIA1004): a Sidecar egress host (`namespace/dnsName`) whose name
 * is no Service or ServiceEntry host visible in the Sidecar's namespace, so
 * the Sidecar imports nothing for it. Wildcard names are left alone, as
 * Kiali leaves `ns/*` alone (and a partial wildcard is a pattern, not a
 * reference).
 */
export function sidecarEgressHostFindings(
  ctx: AnalysisContext,
  sidecar: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Service) || !ctx.isSynced(Kinds.ServiceEntry))
    return [];
  const namespace = namespaceOf(sidecar) ?? '';
  const missing: string[] = [];
  for (const egress of arr(sidecar, 'spec', 'egress'))
    for (const host of strings(egress, 'hosts')) {
      const slash = host.indexOf('/');
      const dnsName = slash < 0 ? host : host.slice(slash + 1);
      if (!dnsName || dnsName.includes('*')) continue;
      if (!registryEntryFor(ctx, namespace, [], dnsName)) missing.push(host);
    }
  if (!missing.length) return [];
  const ref = ctx.ref(sidecar, Kinds.Sidecar);
  return [
    ctx.finding({
      code: 'MW833',
      objects: [ref],
      message: `${describe(ref)} lists egress hosts ${listNames(
        missing,
      )} that name no Service or ServiceEntry visible in namespace ${namespace}: the proxies it configures get no route to them.`,
      remediation: `Correct the egress hosts to existing Services (namespace/name.namespace.svc.${ctx.config.clusterDomain}) or ServiceEntry hosts, or remove them.`,
    }),
  ];
}
