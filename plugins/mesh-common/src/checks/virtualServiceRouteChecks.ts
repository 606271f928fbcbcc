import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import { hostsIntersect, resolveShortName } from '../util/hosts';
import {
  arr,
  asNumber,
  at,
  nameOf,
  namespaceOf,
  str,
  strings,
} from '../util/safe';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { registryEntryFor } from '../analyzers/serviceRegistry';
import { describe, listNames } from './findingText';

/** One destination of a VirtualService route or mirror, with where it is written. */
interface RouteDestination {
  /** `http[0].route[1]`, `tcp[0].route[0]`, `http[2].mirror`... */
  path: string;
  host: string;
  subset?: string;
  port?: number;
  mirror: boolean;
}

function destinationOf(
  value: unknown,
  path: string,
  mirror: boolean,
): RouteDestination[] {
  const host = str(value, 'host');
  if (!host) return [];
  const subset = str(value, 'subset');
  const port = asNumber(at(value, 'port', 'number'));
  return [
    {
      path,
      host,
      mirror,
      ...(subset ? { subset } : {}),
      ...(port !== undefined ? { port } : {}),
    },
  ];
}

/** Every route destination (tcp, tls, http) and HTTP mirror of a VirtualService. */
export function routeDestinations(vs: KubeObject): RouteDestination[] {
  const out: RouteDestination[] = [];
  for (const proto of ['tcp', 'tls', 'http'])
    arr(vs, 'spec', proto).forEach((rule, i) =>
      arr(rule, 'route').forEach((route, j) =>
        out.push(
          ...destinationOf(
            at(route, 'destination'),
            `${proto}[${i}].route[${j}]`,
            false,
          ),
        ),
      ),
    );
  arr(vs, 'spec', 'http').forEach((rule, i) => {
    out.push(...destinationOf(at(rule, 'mirror'), `http[${i}].mirror`, true));
    arr(rule, 'mirrors').forEach((m, j) =>
      out.push(
        ...destinationOf(
          at(m, 'destination'),
          `http[${i}].mirrors[${j}]`,
          true,
        ),
      ),
    );
  });
  return out;
}

/**
 * How istioctl keys a host for subset lookups: a Service FQDN by itself, any
 * other host (external names, wildcards) together with the namespace of the
 * config it is written in. So a subset of an external host only counts when
 * the DestinationRule is in the VirtualService's namespace.
 */
function subsetHostKey(
  host: string,
  namespace: string,
  clusterDomain: string,
): string {
  const fqdn = resolveShortName(host, namespace, clusterDomain);
  const suffix = `.svc.${clusterDomain.toLowerCase()}`;
  const isServiceFqdn =
    fqdn.endsWith(suffix) &&
    fqdn.slice(0, -suffix.length).split('.').length === 2;
  return isServiceFqdn ? fqdn : `${namespace}/${fqdn}`;
}

/** `hostKey|subset` of every subset a DestinationRule defines, cluster-wide. */
function definedSubsets(ctx: AnalysisContext): Set<string> {
  return memoize(
    ctx.view,
    `definedSubsets:${ctx.config.clusterDomain}`,
    [Kinds.DestinationRule],
    () => {
      const out = new Set<string>();
      for (const dr of ctx.view.list(Kinds.DestinationRule)) {
        const host = str(dr, 'spec', 'host');
        if (!host) continue;
        const key = subsetHostKey(
          host,
          namespaceOf(dr) ?? '',
          ctx.config.clusterDomain,
        );
        for (const subset of arr(dr, 'spec', 'subsets')) {
          const name = str(subset, 'name');
          if (name) out.add(`${key}|${name}`);
        }
      }
      return out;
    },
  );
}

const what = (d: RouteDestination) => (d.mirror ? 'mirror' : 'route');

/**
 * MW801 / IST0101, KIA1101: a destination host that is neither a Service
 * nor a ServiceEntry host visible to the VirtualService. MW802 / IST0101
 * (host:port): a destination port its host does not declare. MW803 /
 * IST0112: no destination port towards a host declaring several.
 */
export function virtualServiceDestinationFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  // An unread Service or ServiceEntry could be the one the host names.
  if (!ctx.isSynced(Kinds.Service) || !ctx.isSynced(Kinds.ServiceEntry))
    return [];
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const namespace = namespaceOf(vs) ?? '';
  const exportTo = strings(vs, 'spec', 'exportTo');
  const out: Finding[] = [];
  for (const d of routeDestinations(vs)) {
    const entry = registryEntryFor(ctx, namespace, exportTo, d.host);
    if (!entry) {
      out.push(
        ctx.finding({
          code: 'MW801',
          objects: [ref],
          message: `${describe(ref)} sends its ${what(d)} ${d.path} to host ${
            d.host
          }, which is no Service or ServiceEntry host visible in namespace ${namespace}: that traffic fails.`,
          remediation: `Point ${d.path} at an existing Service (name, or name.namespace.svc.${ctx.config.clusterDomain} for another namespace), or add a ServiceEntry for ${d.host} exported to ${namespace}.`,
          detailKey: d.path,
        }),
      );
      continue;
    }
    const source = ctx.ref(entry.source);
    if (d.port !== undefined && !entry.ports.includes(d.port)) {
      out.push(
        ctx.finding({
          code: 'MW802',
          objects: [ref, source],
          message: `${describe(ref)} sends its ${what(d)} ${d.path} to ${
            d.host
          }:${d.port}, but ${describe(source)} declares ${
            entry.ports.length
              ? `only port(s) ${entry.ports.join(', ')}`
              : 'no ports'
          }.`,
          remediation: `Use one of the ports ${describe(source)} declares in ${
            d.path
          }.destination.port, or add port ${d.port} to it.`,
          detailKey: d.path,
        }),
      );
    } else if (d.port === undefined && entry.ports.length > 1) {
      out.push(
        ctx.finding({
          code: 'MW803',
          objects: [ref, source],
          message: `${describe(ref)} sends its ${what(d)} ${d.path} to ${
            d.host
          } without a port, but ${describe(
            source,
          )} declares several (${entry.ports.join(', ')}).`,
          remediation: `Set ${d.path}.destination.port.number to the port the route is for.`,
          detailKey: d.path,
        }),
      );
    }
  }
  return out;
}

/**
 * MW804 / IST0101 (host+subset), KIA1107: a destination subset that no
 * DestinationRule for that host defines; Envoy has no such cluster and
 * answers 503.
 */
export function virtualServiceSubsetFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.DestinationRule)) return [];
  const defined = definedSubsets(ctx);
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const namespace = namespaceOf(vs) ?? '';
  const out: Finding[] = [];
  for (const d of routeDestinations(vs)) {
    if (!d.subset) continue;
    const key = subsetHostKey(d.host, namespace, ctx.config.clusterDomain);
    if (defined.has(`${key}|${d.subset}`)) continue;
    out.push(
      ctx.finding({
        code: 'MW804',
        objects: [ref],
        message: `${describe(ref)} sends its ${what(d)} ${d.path} to subset ${
          d.subset
        } of ${
          d.host
        }, which no DestinationRule for that host defines: requests get 503.`,
        remediation: `Define subset ${d.subset} (with the version labels of its pods) in the DestinationRule for ${d.host}, or remove the subset from ${d.path}.`,
        detailKey: d.path,
      }),
    );
  }
  return out;
}

interface MeshHostClaim {
  scope: string;
  host: string;
  vs: KubeObject;
}

/** Hosts of VirtualServices bound to the sidecars (`mesh`, or no gateways), by export scope. */
function meshHostClaims(ctx: AnalysisContext): MeshHostClaim[] {
  return memoize(
    ctx.view,
    `meshHostClaims:${ctx.config.clusterDomain}`,
    [Kinds.VirtualService],
    () => {
      const claims: MeshHostClaim[] = [];
      for (const vs of ctx.view.list(Kinds.VirtualService)) {
        const gateways = strings(vs, 'spec', 'gateways');
        if (gateways.length && !gateways.includes('mesh')) continue;
        const ns = namespaceOf(vs) ?? '';
        const exportTo = strings(vs, 'spec', 'exportTo');
        const scopes =
          exportTo.length === 0 || exportTo.includes('*')
            ? ['*']
            : [...new Set(exportTo.map(e => (e === '.' ? ns : e)))];
        const hosts = new Set(
          strings(vs, 'spec', 'hosts').map(h =>
            resolveShortName(h, ns, ctx.config.clusterDomain),
          ),
        );
        for (const scope of scopes)
          for (const host of hosts) claims.push({ scope, host, vs });
      }
      return claims;
    },
  );
}

/**
 * MW805 / IST0109: VirtualServices bound to the mesh that define the same
 * host in the same export scope; which one the sidecars use is undefined.
 * As istioctl counts them: the same host exported to the same namespaces,
 * and a host exported to some namespaces against an overlapping host
 * exported everywhere.
 */
export function conflictingMeshHostFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const claims = meshHostClaims(ctx);
  const mine = claims.filter(c => c.vs === vs);
  const ref = ctx.ref(vs, Kinds.VirtualService);
  for (const claim of mine) {
    const others = claims.filter(
      c =>
        c.vs !== vs &&
        ((c.scope === claim.scope && c.host === claim.host) ||
          (claim.scope !== '*' &&
            c.scope === '*' &&
            hostsIntersect(claim.host, c.host)) ||
          (claim.scope === '*' &&
            c.scope !== '*' &&
            hostsIntersect(claim.host, c.host))),
    );
    if (!others.length) continue;
    const names = [
      ...new Set(others.map(o => `${namespaceOf(o.vs)}/${nameOf(o.vs)}`)),
    ].sort();
    // One finding per VirtualService, naming the first conflicting host.
    return [
      ctx.finding({
        code: 'MW805',
        objects: [ref, ...others.map(o => ctx.ref(o.vs, Kinds.VirtualService))],
        message: `${describe(ref)} and ${listNames(
          names.map(n => `VirtualService ${n}`),
        )} are bound to the mesh and define host ${
          claim.host
        }: which routes the sidecars use is undefined.`,
        remediation: `Merge the routes for ${claim.host} into one VirtualService, or narrow their exportTo so that each namespace sees one.`,
      }),
    ];
  }
  return [];
}

/** Hosts that a VirtualService splits by subset for its own host, with the VirtualService. */
function subsetSplits(ctx: AnalysisContext): Map<string, KubeObject[]> {
  return memoize(ctx.view, 'subsetSplits', [Kinds.VirtualService], () => {
    const out = new Map<string, KubeObject[]>();
    for (const vs of ctx.view.list(Kinds.VirtualService)) {
      const hosts = new Set(strings(vs, 'spec', 'hosts'));
      for (const rule of arr(vs, 'spec', 'http'))
        for (const route of arr(rule, 'route')) {
          const host = str(route, 'destination', 'host');
          if (!host || !str(route, 'destination', 'subset')) continue;
          if (!hosts.has(host)) continue;
          const list = out.get(host) ?? [];
          if (!list.includes(vs)) list.push(vs);
          out.set(host, list);
        }
    }
    return out;
  });
}

/**
 * MW822 / IST0140 (IngressRouteRulesNotAffected): a VirtualService bound to
 * a gateway routes to a host without a subset while another VirtualService
 * splits that host by subset: the split does not apply to the gateway's
 * requests, which go to every version. As istioctl, hosts compare as
 * written.
 */
export function ingressSubsetFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  if (!strings(vs, 'spec', 'gateways').length) return [];
  const splits = subsetSplits(ctx);
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const reported = new Set<KubeObject>();
  const out: Finding[] = [];
  for (const rule of arr(vs, 'spec', 'http'))
    for (const route of arr(rule, 'route')) {
      const host = str(route, 'destination', 'host');
      if (!host || str(route, 'destination', 'subset')) continue;
      for (const other of splits.get(host) ?? []) {
        if (reported.has(other)) continue;
        reported.add(other);
        const otherRef = ctx.ref(other, Kinds.VirtualService);
        out.push(
          ctx.finding({
            code: 'MW822',
            objects: [ref, otherRef],
            message: `${describe(
              ref,
            )} routes gateway requests to ${host} without a subset, so the subset routes of ${describe(
              otherRef,
            )} do not apply to them: they reach every version.`,
            remediation: `Route to the subsets in ${describe(
              ref,
            )} too (the same weights or matches), or delegate its ${host} route to ${describe(
              otherRef,
            )}.`,
            detailKey: `${namespaceOf(other)}/${nameOf(other)}`,
          }),
        );
      }
    }
  return out;
}

/**
 * MW826 / KIA1105: one route rule (http, tcp or tls) listing the same host
 * and subset twice; the weights are split between identical destinations,
 * which is almost always a copy-paste slip (Kiali compares host and subset,
 * not the port).
 */
export function repeatedDestinationFindings(
  ctx: AnalysisContext,
  vs: KubeObject,
): Finding[] {
  const ref = ctx.ref(vs, Kinds.VirtualService);
  const namespace = namespaceOf(vs) ?? '';
  const out: Finding[] = [];
  for (const proto of ['http', 'tcp', 'tls'])
    arr(vs, 'spec', proto).forEach((rule, i) => {
      const seen = new Map<string, number>();
      const repeated = new Set<string>();
      for (const route of arr(rule, 'route')) {
        const host = str(route, 'destination', 'host');
        if (!host) continue;
        const subset = str(route, 'destination', 'subset') ?? '';
        const key = `${resolveShortName(
          host,
          namespace,
          ctx.config.clusterDomain,
        )}|${subset}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (seen.get(key) === 2)
          repeated.add(subset ? `${host} subset ${subset}` : host);
      }
      if (!repeated.size) return;
      out.push(
        ctx.finding({
          code: 'MW826',
          objects: [ref],
          message: `${describe(ref)} ${proto}[${i}] routes to ${listNames([
            ...repeated,
          ])} more than once.`,
          remediation: `Keep one destination per host and subset in ${proto}[${i}].route and give it the combined weight.`,
          detailKey: `${proto}[${i}]`,
        }),
      );
    });
  return out;
}
