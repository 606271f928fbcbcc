/**
 * A kind, by API group and kind name. The version is not part of the
 * identity: `networking.istio.io/v1` and `/v1beta1` Gateways are the same
 * objects served twice (same shape as mesh-common's `KindRef`).
 */
export interface KindRef {
  /** `''` for the core group. */
  group: string;
  kind: string;
}

export interface CachedOwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** The metadata the cache keeps (see `stripObject`). */
export interface CachedObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: CachedOwnerReference[];
  finalizers?: string[];
}

/**
 * An object as the cache hands it on: plain JSON from the API server, always
 * with `apiVersion` (the served version it was read in) and `kind` set, and
 * stripped of what the analyzers never read. Treat it as immutable.
 */
export interface CachedObject {
  apiVersion: string;
  kind: string;
  metadata: CachedObjectMeta;
  [key: string]: unknown;
}

/**
 * - `pending`: not read yet.
 * - `synced`: listed, and the watch is running or being re-established.
 * - `forbidden`: the API answered 403 (RBAC does not grant list/watch).
 * - `notInstalled`: the cluster does not serve the kind (CRD absent, 404).
 * - `error`: never synced because of another error (retrying with backoff).
 * - `stale`: was synced, but list/watch has failed for longer than the stale threshold.
 */
export type KindSyncStatus =
  | 'pending'
  | 'synced'
  | 'forbidden'
  | 'notInstalled'
  | 'error'
  | 'stale';

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
