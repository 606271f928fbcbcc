/**
 * Meshwise backend plugin: reads Istio, ECK and cert-manager state from the
 * Kubernetes API and serves mesh status and findings.
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';

// For scripts and benchmarks that drive the service in-process, without HTTP.
export { MeshStatusService } from './service/MeshStatusService';
export type { MeshStatusServiceOptions } from './service/MeshStatusService';
export type { ClusterSnapshot } from './service/buildClusterSnapshot';
export type { ComputeWorkloadStatus } from './service/WorkloadStatusMemo';
export { FindingSuppressions } from './service/FindingSuppressions';
export type { FindingSuppressionRule } from './service/FindingSuppressions';
export { MeshClusters } from './clusters/MeshClusters';
export type { MeshCluster, CacheTuning } from './clusters/MeshClusters';
export { ClusterCredentials } from './clusters/ClusterCredentials';
export { readClusterConfig } from './clusters/readClusterConfig';
export type { ConfiguredCluster } from './clusters/readClusterConfig';
export { CatalogIndex } from './catalog/CatalogIndex';
export { watchedKinds } from './cache';
