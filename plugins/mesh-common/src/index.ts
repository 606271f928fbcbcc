/**
 * Types, annotations, permissions and pure analyzers shared by the Meshwise
 * mesh plugins. Isomorphic: nothing here may use Node-only APIs.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './workloadSelection';
export * from './ownership/namespaceOwnership';
export * from './hosts/hostRules';
export type {
  HostRulesSettings,
  OwnedNamespace,
  OwnedNamespaces,
  OwnedService,
  OwnedServices,
  ServicesNotCurrent,
} from './api/ScaffolderPickerTypes';

export * from './types/kube';
export * from './types/unknown';
export * from './types/sync';
export * from './types/findings';
export * from './types/status';
export * from './types/summary';

export * from './kinds';
export {
  FINDING_CATALOGUE,
  FINDING_CODES,
  findingDefinition,
} from './findings/findingCatalogue';

export type { ClusterView } from './view/ClusterView';
export { InMemoryClusterView } from './view/InMemoryClusterView';
export {
  matchesLabelSelector,
  parseLabelSelector,
  formatLabelSelector,
  LabelSelectorSyntaxError,
} from './view/labelSelector';

export type { AnalyzerConfig } from './analyzers/AnalyzerConfig';
export {
  DEFAULT_ROOT_NAMESPACE,
  DEFAULT_CERTIFICATE_EXPIRY_WINDOW_DAYS,
} from './analyzers/AnalyzerConfig';
export { computeWorkloadStatus } from './analysis/computeWorkloadStatus';
export {
  analyzeCluster,
  analyzeClusterWithParts,
  analysisStamp,
  computeFindings,
} from './analysis/analyzeCluster';
export type {
  ClusterAnalysis,
  ClusterAnalysisParts,
} from './analysis/analyzeCluster';
export { summarizeCluster, summarizeFleet } from './analysis/summarizeFleet';
export {
  exposedHostStates,
  exposureFindings,
  exposureObjects,
  findingsAbout,
  isProxyBypass,
  sectionFindings,
  unattachedExposureFindings,
  worstState,
} from './analysis/sectionStates';
export type {
  HostState,
  MeshSection,
  SectionState,
} from './analysis/sectionStates';

export type {
  ClusterSyncState,
  EntityMeshStatus,
  FleetQuery,
  Page,
  FleetFinding,
  ServiceRow,
  HostClaim,
  HostClaimCoverage,
  HostClaims,
} from './api/MeshApiTypes';

export type {
  EntityFigures,
  EntityFindingHistory,
  EntityHistory,
  FleetHistory,
  HistoryQuery,
  MeshFigures,
  TrendPoint,
} from './api/MeshHistoryTypes';
