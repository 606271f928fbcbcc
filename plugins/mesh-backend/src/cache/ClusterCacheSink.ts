import type {
  KindRef,
  KindSyncStatus,
  KubeObject,
  ObjectMeta,
} from '@meshwise/plugin-mesh-common';

/**
 * Kinds are identified by API group and kind name, as in the view the sink
 * feeds: `networking.istio.io/v1` and `/v1beta1` Gateways are the same objects
 * served twice. Sync states are the view's (`pending` … `stale`).
 */
export type { KindRef, KindSyncStatus };

/**
 * An object as the cache hands it on: plain JSON from the API server, always
 * with `apiVersion` (the served version it was read in) and `kind` set, and
 * stripped of what the analyzers never read. Treat it as immutable.
 */
export interface CachedObject extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface KindSyncState {
  status: KindSyncStatus;
  /** Why, in one line (the API's own message for 403/404/errors). */
  reason?: string;
  /** ISO 8601 time the kind entered this status. */
  since: string;
}

/**
 * Where a cluster's cache delivers what it reads; one sink per cluster.
 * Calls are synchronous and in order per kind. Every `upsert`/`remove` of a
 * kind follows a `replace` of that kind; `replace` carries the complete set
 * after every (re)list, so the sink drops whatever it holds that is not in it.
 * The cache survives a sink that throws (it logs), but a sink should not.
 */
export interface ClusterCacheSink {
  replace(kind: KindRef, objects: CachedObject[]): void;
  upsert(kind: KindRef, object: CachedObject): void;
  remove(kind: KindRef, object: CachedObject): void;
  setKindState(kind: KindRef, state: KindSyncState): void;
}

/** `group/kind`, e.g. `/Pod`, `networking.istio.io/Gateway`. */
export function kindKeyOf(kind: KindRef): string {
  return `${kind.group}/${kind.kind}`;
}
