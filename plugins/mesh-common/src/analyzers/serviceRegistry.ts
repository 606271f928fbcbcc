import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import { hostCovers, resolveShortName, serviceFqdn } from '../util/hosts';
import {
  annotationsOf,
  arr,
  asNumber,
  at,
  nameOf,
  namespaceOf,
  stringMap,
  strings,
} from '../util/safe';
import { AnalysisContext, memoize } from './AnalysisContext';

/** Istio's export scope that makes config visible in every namespace. */
const EVERYWHERE = '*';
const EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/** One host of the service registry: a Service's FQDN or a ServiceEntry host. */
export interface RegistryEntry {
  host: string;
  source: KubeObject;
  kind: 'Service' | 'ServiceEntry';
  /** The port numbers the entry declares. */
  ports: number[];
  /** A ServiceEntry's workloadSelector labels (none for Services). */
  workloadSelector?: Record<string, string>;
}

interface RegistryIndex {
  /** `scope/host` → entry, scope being a namespace or `*`. */
  byScopedHost: Map<string, RegistryEntry>;
  /** Wildcard ServiceEntry hosts with their scope. */
  wildcards: { scope: string; entry: RegistryEntry }[];
}

const scoped = (scope: string, host: string) => `${scope}/${host}`;

/** The scopes an exportTo list makes an object visible in (`.` is its own namespace). */
function exportScopes(exportTo: readonly string[], own: string): string[] {
  if (exportTo.length === 0 || exportTo.includes(EVERYWHERE))
    return [EVERYWHERE];
  return [...new Set(exportTo.map(e => (e === '.' ? own : e)))];
}

function portNumbers(obj: KubeObject): number[] {
  return arr(obj, 'spec', 'ports').flatMap(p => {
    const n = asNumber(at(p, 'number')) ?? asNumber(at(p, 'port'));
    return n === undefined ? [] : [n];
  });
}

function buildIndex(ctx: AnalysisContext): RegistryIndex {
  const byScopedHost = new Map<string, RegistryEntry>();
  const wildcards: RegistryIndex['wildcards'] = [];
  const domain = ctx.config.clusterDomain;
  for (const se of ctx.view.list(Kinds.ServiceEntry)) {
    const ns = namespaceOf(se) ?? '';
    const selector = stringMap(at(se, 'spec', 'workloadSelector', 'labels'));
    for (const host of strings(se, 'spec', 'hosts')) {
      const entry: RegistryEntry = {
        host: resolveShortName(host, ns, domain),
        source: se,
        kind: 'ServiceEntry',
        ports: portNumbers(se),
        ...(Object.keys(selector).length ? { workloadSelector: selector } : {}),
      };
      for (const scope of exportScopes(strings(se, 'spec', 'exportTo'), ns)) {
        byScopedHost.set(scoped(scope, entry.host), entry);
        if (entry.host.startsWith('*')) wildcards.push({ scope, entry });
      }
    }
  }
  // Services after ServiceEntries, like istioctl: a Service answers for its own FQDN.
  for (const svc of ctx.view.list(Kinds.Service)) {
    const ns = namespaceOf(svc) ?? '';
    const entry: RegistryEntry = {
      host: serviceFqdn(nameOf(svc) ?? '', ns, domain),
      source: svc,
      kind: 'Service',
      ports: portNumbers(svc),
    };
    const annotation = annotationsOf(svc)[EXPORT_TO_ANNOTATION];
    const exportTo = annotation ? annotation.split(',').map(s => s.trim()) : [];
    for (const scope of exportScopes(exportTo, ns))
      byScopedHost.set(scoped(scope, entry.host), entry);
  }
  return { byScopedHost, wildcards };
}

function registryIndex(ctx: AnalysisContext): RegistryIndex {
  return memoize(
    ctx.view,
    `serviceRegistry:${ctx.config.clusterDomain}`,
    [Kinds.Service, Kinds.ServiceEntry],
    () => buildIndex(ctx),
  );
}

/**
 * The registry entry a destination host of config in `namespace` resolves
 * to, as istioctl's destination checks look it up: the host made an FQDN
 * relative to the config's namespace (a name without dots is a Service
 * there), visible everywhere, or in the namespaces the config's own
 * `exportTo` names (its namespace when it has none); then wildcard
 * ServiceEntry hosts visible everywhere or in the config's namespace.
 */
export function registryEntryFor(
  ctx: AnalysisContext,
  namespace: string,
  exportTo: readonly string[],
  host: string,
): RegistryEntry | undefined {
  const index = registryIndex(ctx);
  const fqdn = resolveShortName(host, namespace, ctx.config.clusterDomain);
  const everywhere = index.byScopedHost.get(scoped(EVERYWHERE, fqdn));
  if (everywhere) return everywhere;
  const scopes = exportTo.length
    ? exportTo.map(e => (e === '.' ? namespace : e))
    : [namespace];
  for (const scope of scopes) {
    const found = index.byScopedHost.get(scoped(scope, fqdn));
    if (found) return found;
  }
  const bare = fqdn.replace(/^\*/, '');
  for (const { scope, entry } of index.wildcards) {
    if (scope !== EVERYWHERE && scope !== namespace) continue;
    if (bare.endsWith(entry.host.replace(/^\*/, ''))) return entry;
  }
  return undefined;
}

/**
 * Whether a wildcard host (`*.local`, `*.example.com`) of config in
 * `namespace` covers any registry host visible there. istioctl looks a
 * wildcard DestinationRule host up as a literal name and so reports the
 * common mesh-wide `*.local` rule as unknown; Meshwise counts it as known
 * when it covers a Service or ServiceEntry host (a deliberate difference).
 */
export function wildcardCoversRegistry(
  ctx: AnalysisContext,
  namespace: string,
  exportTo: readonly string[],
  pattern: string,
): boolean {
  if (!pattern.startsWith('*')) return false;
  const scopes = new Set([
    EVERYWHERE,
    ...(exportTo.length
      ? exportTo.map(e => (e === '.' ? namespace : e))
      : [namespace]),
  ]);
  for (const [key, entry] of registryIndex(ctx).byScopedHost) {
    const scope = key.slice(0, key.indexOf('/'));
    if (scopes.has(scope) && hostCovers(pattern, entry.host)) return true;
  }
  return false;
}
