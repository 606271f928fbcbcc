import { createHash } from 'node:crypto';
import { groupVersionOf, ResourceType, verbsOf } from './resourceTypes';

/** What `/version` answers. */
export interface ServerVersion {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const DEFAULT_SERVER_VERSION: ServerVersion = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.0',
  gitCommit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
  gitTreeState: 'clean',
  buildDate: '2024-08-13T07:28:49Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const STAGE_RANK: Record<string, number> = { alpha: 1, beta: 2 };
const GA_RANK = 3;

/**
 * Kubernetes version priority: GA before beta before alpha, higher numbers first
 * (v1 > v1beta2 > v1beta1 > v1alpha3), as in discovery's ordering and `preferredVersion`.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0] as const;
    const stage = m[2] === undefined ? GA_RANK : STAGE_RANK[m[2]];
    return [stage, Number(m[1]), Number(m[3] ?? 0)] as const;
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  if (sa !== sb) return sb - sa;
  if (ma !== mb) return mb - ma;
  return nb - na;
}

export interface DiscoveryOptions {
  types: readonly ResourceType[];
  /** Whether the type is served now (a CRD that is not installed is not). */
  isServed(type: ResourceType): boolean;
  tokenRequest: boolean;
  serverAddress: string;
}

function served(
  options: DiscoveryOptions,
  group: string,
  version?: string,
): ResourceType[] {
  return options.types.filter(
    t =>
      t.group === group &&
      options.isServed(t) &&
      (version === undefined || t.versions.includes(version)),
  );
}

/** `GET /api`. */
export function apiVersions(
  options: DiscoveryOptions,
): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: options.serverAddress },
    ],
  };
}

function groupsOf(options: DiscoveryOptions): string[] {
  const groups: string[] = [];
  for (const t of options.types) {
    if (t.group !== '' && options.isServed(t) && !groups.includes(t.group)) {
      groups.push(t.group);
    }
  }
  return groups;
}

/** The APIGroup document of one group, or undefined when nothing in it is served. */
export function apiGroup(
  options: DiscoveryOptions,
  group: string,
): Record<string, unknown> | undefined {
  const types = served(options, group);
  if (types.length === 0) return undefined;
  const versions = Array.from(new Set(types.flatMap(t => t.versions))).sort(
    compareKubeVersions,
  );
  const entries = versions.map(v => ({
    groupVersion: `${group}/${v}`,
    version: v,
  }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: entries,
    preferredVersion: entries[0],
  };
}

/** `GET /apis`. */
export function apiGroupList(
  options: DiscoveryOptions,
): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groupsOf(options).map(g => {
      const { kind, apiVersion, ...rest } = apiGroup(options, g)!;
      return rest;
    }),
  };
}

function storageVersionHash(type: ResourceType): string {
  return createHash('sha256')
    .update(`${type.group}/${type.versions[0]}/${type.kind}`)
    .digest('base64')
    .slice(0, 11);
}

/** `GET /api/v1` or `/apis/<group>/<version>`; undefined when that version serves nothing. */
export function apiResourceList(
  options: DiscoveryOptions,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const types = served(options, group, version);
  if (types.length === 0) return undefined;
  const resources: Array<Record<string, unknown>> = [];
  for (const t of types) {
    const resource: Record<string, unknown> = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: verbsOf(t),
    };
    if (t.shortNames?.length) resource.shortNames = t.shortNames;
    if (t.categories?.length) resource.categories = t.categories;
    resource.storageVersionHash = storageVersionHash(t);
    resources.push(resource);
    if (t.statusSubresource) {
      resources.push({
        name: `${t.plural}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (
      group === '' &&
      t.plural === 'serviceaccounts' &&
      options.tokenRequest
    ) {
      resources.push({
        name: 'serviceaccounts/token',
        singularName: '',
        namespaced: true,
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionOf(group, version),
    resources,
  };
}
