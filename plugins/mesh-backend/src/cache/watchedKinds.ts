import { WATCHED_KINDS, kindKey } from '@meshwise/plugin-mesh-common';
import { KindRef } from './ClusterCacheSink';

/**
 * A kind as the cache lists, watches and keeps it: one of mesh-common's
 * `WATCHED_KINDS` plus how much of it is read and kept (this backend's own
 * decision, see READ_OPTIONS).
 */
export interface CachedKind extends KindRef {
  /** Resource name in the API path. */
  plural: string;
  namespaced: boolean;
  /** Versions in order of preference; the first one discovery serves is used. */
  versions: readonly string[];
  /** List and watch only this namespace (for kinds needed from one namespace only). */
  namespace?: string;
  /**
   * Read metadata only (`PartialObjectMetadata`). `required` never accepts
   * full objects (Secrets: their data must not even cross the wire);
   * `preferred` falls back to full objects, stripped to metadata here, on a
   * server that cannot serve metadata only.
   */
  metadataOnly?: 'preferred' | 'required';
  /** What of the object to keep beyond its metadata; default: everything. */
  keep?: 'pod' | 'workload' | 'webhookConfiguration';
}

export interface WatchedKindsOptions {
  /** The mesh root namespace (Istio's default `istio-system`): mesh config lives in its ConfigMaps. */
  rootNamespace?: string;
  /**
   * Also watch Secrets (metadata only), so a gateway credential without a
   * Certificate can be told apart from a missing one. Default false: RBAC
   * cannot grant "metadata only" on Secrets, so watching them means the
   * service account may read every Secret's data.
   */
  secretMetadata?: boolean;
}

type ReadOptions = Pick<CachedKind, 'metadataOnly' | 'keep'> & {
  /** Only the root namespace holds what the analyzers read. */
  rootNamespaceOnly?: boolean;
};

/**
 * How the cache reads each kind the analyzers need: the one authority on it.
 * Which kinds, their plurals and versions come from mesh-common's
 * `WATCHED_KINDS` (the single list of what the analyzers read); this table
 * only says how much of each object to fetch and keep, so it cannot add a
 * kind the analyzers do not read. A kind not listed is read and kept whole
 * (apart from what `stripObject` drops from every object).
 */
const READ_OPTIONS: Readonly<Record<string, ReadOptions>> = {
  '/Pod': { keep: 'pod' },
  // Kept whole: small, and `automountServiceAccountToken` lives outside metadata.
  '/ServiceAccount': {},
  '/Secret': { metadataOnly: 'required' },
  // Mesh config (`istio`, `istio-<rev>`) and injector templates; other
  // namespaces' ConfigMaps are bulk the analyzers never read.
  '/ConfigMap': { rootNamespaceOnly: true },
  'apps/Deployment': { keep: 'workload' },
  'apps/StatefulSet': { keep: 'workload' },
  'apps/DaemonSet': { keep: 'workload' },
  // Only the pod → ReplicaSet → Deployment ownership chain is needed.
  'apps/ReplicaSet': { metadataOnly: 'preferred' },
  // Revision tags and injector namespace selectors live in `webhooks[]`.
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': {
    keep: 'webhookConfiguration',
  },
};

/** The read options' keys, for the test that keeps them in step with mesh-common. */
export const READ_OPTION_KINDS: readonly string[] = Object.keys(READ_OPTIONS);

/**
 * Everything the analyzers read, per cluster, as mesh-common lists it. Left
 * out: Endpoints/EndpointSlices (large at 20,000 pods; services are matched
 * to pods by selector instead), Events, Nodes, and Secrets unless
 * `secretMetadata` is set (and then metadata only, never their data).
 */
export function watchedKinds(options: WatchedKindsOptions = {}): CachedKind[] {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  return WATCHED_KINDS.filter(
    kind =>
      options.secretMetadata || !(kind.group === '' && kind.kind === 'Secret'),
  ).map(kind => {
    const read = READ_OPTIONS[kindKey(kind)] ?? {};
    return {
      group: kind.group,
      kind: kind.kind,
      plural: kind.plural,
      namespaced: kind.namespaced,
      versions: kind.versions,
      ...(read.rootNamespaceOnly ? { namespace: rootNamespace } : {}),
      ...(read.metadataOnly ? { metadataOnly: read.metadataOnly } : {}),
      ...(read.keep ? { keep: read.keep } : {}),
    };
  });
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The collection path of a kind in one served version (list and watch both use it). */
export function collectionPathOf(kind: CachedKind, version: string): string {
  const prefix = kind.group
    ? `/apis/${kind.group}/${version}`
    : `/api/${version}`;
  const scope =
    kind.namespaced && kind.namespace
      ? `/namespaces/${encodeURIComponent(kind.namespace)}`
      : '';
  return `${prefix}${scope}/${kind.plural}`;
}
