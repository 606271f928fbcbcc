export { ClusterCache } from './ClusterCache';
export type {
  ClusterCacheOptions,
  ClusterConnection,
  KindStateEntry,
  KindStatsEntry,
} from './ClusterCache';
export { kindKeyOf } from './ClusterCacheSink';
export type {
  CachedObject,
  ClusterCacheSink,
  KindRef,
  KindSyncState,
  KindSyncStatus,
} from './ClusterCacheSink';
export { KubeHttpClient } from './KubeHttpClient';
export type {
  KubeHttpClientOptions,
  KubeRequestOptions,
  KubeWatchOptions,
  RawWatchEvent,
} from './KubeHttpClient';
export {
  KubeApiError,
  isForbidden,
  isNotFound,
  isResourceExpired,
} from './KubeApiError';
export { StalledRequestError } from './StalledRequestError';
export { discoverServedVersions } from './discoverServedVersions';
export type { KindDiscovery } from './discoverServedVersions';
export { stripObject, stripMetadata } from './stripObject';
export { ValuePool } from './ValuePool';
export { Semaphore } from './Semaphore';
export type { BackoffOptions } from './backoffDelay';
export type { ReflectorStats } from './Reflector';
export { watchedKinds, apiVersionOf, collectionPathOf } from './watchedKinds';
export type { CachedKind, WatchedKindsOptions } from './watchedKinds';
