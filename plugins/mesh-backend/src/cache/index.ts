// What the rest of the backend uses of the cache: one ClusterCache per
// cluster, fed into a sink, reading the kinds `watchedKinds` lists.
export { ClusterCache } from './ClusterCache';
export type { ClusterCacheOptions } from './ClusterCache';
export type {
  CachedObject,
  ClusterCacheSink,
  KindRef,
  KindSyncState,
} from './ClusterCacheSink';
export { ValuePool } from './ValuePool';
export { Semaphore } from './Semaphore';
export { watchedKinds } from './watchedKinds';
export type { CachedKind } from './watchedKinds';
