import { isNotFound } from './KubeApiError';
import { KubeHttpClient } from './KubeHttpClient';
import { kindKeyOf } from './ClusterCacheSink';
import { CachedKind, apiVersionOf } from './watchedKinds';

/** What discovery says about one watched kind. */
export type KindDiscovery =
  | { status: 'served'; version: string }
  | { status: 'notServed'; reason: string }
  /** Discovery of the kind's group failed (e.g. 503 from an aggregated API): keep what we have. */
  | { status: 'unknown'; reason: string };

interface ApiGroupList {
  groups?: Array<{ name?: string; versions?: Array<{ version?: string }> }>;
}

interface ApiResourceList {
  resources?: Array<{ name?: string; verbs?: string[] }>;
}

interface ApiVersions {
  versions?: string[];
}

export interface DiscoveryRequestOptions {
  signal?: AbortSignal;
  stallTimeoutMs?: number;
}

/**
 * Asks the cluster which of the watched kinds it serves, and in which of
 * each kind's preferred versions (e.g. Istio's `networking.istio.io` is
 * served as v1 from 1.22 on, only as v1beta1 before). Reads `/api`, `/apis`
 * and only the group versions that could matter. A kind is served when its
 * resource is listed with the `list` and `watch` verbs.
 *
 * Throws when `/api` or `/apis` cannot be read (the cluster is unreachable).
 */
export async function discoverServedVersions(
  client: KubeHttpClient,
  kinds: readonly CachedKind[],
  options: DiscoveryRequestOptions = {},
): Promise<Map<string, KindDiscovery>> {
  const needsCore = kinds.some(kind => kind.group === '');
  const needsGroups = kinds.some(kind => kind.group !== '');
  const [core, groups] = await Promise.all([
    needsCore ? client.getJson<ApiVersions>('/api', options) : undefined,
    needsGroups ? client.getJson<ApiGroupList>('/apis', options) : undefined,
  ]);

  const servedVersions = new Map<string, Set<string>>();
  if (core) servedVersions.set('', new Set(core.versions ?? []));
  for (const group of groups?.groups ?? []) {
    if (!group.name) continue;
    servedVersions.set(
      group.name,
      new Set(
        (group.versions ?? []).flatMap(v => (v.version ? [v.version] : [])),
      ),
    );
  }

  // Each group version is fetched at most once; a kind's less preferred
  // versions only when the preferred ones do not serve it.
  const resourceLists = new Map<string, Promise<ApiResourceList | Error>>();
  const resourcesOf = (group: string, version: string) => {
    const groupVersion = apiVersionOf(group, version);
    let list = resourceLists.get(groupVersion);
    if (!list) {
      const path = group ? `/apis/${groupVersion}` : `/api/${version}`;
      list = client
        .getJson<ApiResourceList>(path, options)
        .catch((error: Error) =>
          // Listed in /apis but gone now (a CRD deleted meanwhile): not served.
          isNotFound(error) ? { resources: [] } : error,
        );
      resourceLists.set(groupVersion, list);
    }
    return list;
  };

  const discovered = await Promise.all(
    kinds.map(kind => discoverKind(kind, servedVersions, resourcesOf)),
  );
  return new Map(kinds.map((kind, i) => [kindKeyOf(kind), discovered[i]]));
}

async function discoverKind(
  kind: CachedKind,
  servedVersions: Map<string, Set<string>>,
  resourcesOf: (
    group: string,
    version: string,
  ) => Promise<ApiResourceList | Error>,
): Promise<KindDiscovery> {
  const resource = kind.group ? `${kind.plural}.${kind.group}` : kind.plural;
  const served = servedVersions.get(kind.group);
  if (!served) {
    return {
      status: 'notServed',
      reason: `${resource} is not served by the cluster: no API group ${
        kind.group || 'core'
      } (not installed)`,
    };
  }
  for (const version of kind.versions) {
    if (!served.has(version)) continue;
    const resources = await resourcesOf(kind.group, version);
    if (resources instanceof Error) {
      return {
        status: 'unknown',
        reason: `discovery of ${apiVersionOf(kind.group, version)} failed: ${
          resources.message
        }`,
      };
    }
    const found = resources.resources?.find(r => r.name === kind.plural);
    if (!found) continue;
    const verbs = found.verbs ?? [];
    if (verbs.includes('list') && verbs.includes('watch')) {
      return { status: 'served', version };
    }
  }
  return {
    status: 'notServed',
    reason: `${resource} is not served by the cluster in ${kind.versions.join(
      ', ',
    )} (not installed)`,
  };
}

/**
 * Whether the cluster serves the TokenRequest API (`serviceaccounts/token`,
 * verb `create`): without it Istio's sidecars fall back to mounted service
 * account tokens, which ECK pods then need (seed 001, MW511).
 */
export async function servesTokenRequest(
  client: KubeHttpClient,
  options: DiscoveryRequestOptions = {},
): Promise<boolean> {
  const core = await client.getJson<ApiResourceList>('/api/v1', options);
  return (core.resources ?? []).some(
    r =>
      r.name === 'serviceaccounts/token' && (r.verbs ?? []).includes('create'),
  );
}
