import { FindingCode, Severity } from './findings';
import { ObjectRef } from './kube';
import { CredentialState, DataPlaneMode, EckHealth, EckKind } from './status';
import type { KindSyncState } from './sync';

export type CertificateExpiryBucket =
  | 'expired'
  | 'under7d'
  | 'under30d'
  | 'under90d'
  | 'over90d'
  | 'notReady'
  | 'unknown';

export interface RevisionSummary {
  revision: string;
  version?: string;
  istiod?: ObjectRef;
  tags: string[];
  namespaces: string[];
  pods: number;
  proxyVersions: Record<string, number>;
}

export interface Coverage {
  covered: number;
  total: number;
  /** covered / total; absent when total is 0. */
  ratio?: number;
}

export interface CertificateSummaryItem {
  ref: ObjectRef;
  state: CredentialState;
  daysToExpiry?: number;
  notAfter?: string;
  bucket: CertificateExpiryBucket;
}

export interface ClusterSummary {
  cluster: string;
  generatedAt: string;
  workloads: { total: number; byDataPlane: Record<DataPlaneMode, number> };
  /** Workloads with a sidecar or ambient data plane, of all workloads with a known data plane. */
  meshCoverage: Coverage;
  /** In-mesh workloads whose every port is STRICT, of in-mesh workloads. */
  strictMtlsCoverage: Coverage;
  revisions: RevisionSummary[];
  canary: {
    target?: string;
    podsOnTarget: number;
    totalPods: number;
    ratio?: number;
  };
  certificates: {
    total: number;
    byBucket: Record<CertificateExpiryBucket, number>;
    items: CertificateSummaryItem[];
  };
  eck: Record<EckKind, Record<EckHealth, number>>;
  findings: {
    total: number;
    bySeverity: Record<Severity, number>;
    byCode: Partial<Record<FindingCode, number>>;
  };
  /** Kinds not synced: parts of the summary count them as unknown. */
  degradedKinds: KindSyncState[];
}

export interface FleetSummary {
  generatedAt: string;
  clusters: ClusterSummary[];
  workloads: { total: number; byDataPlane: Record<DataPlaneMode, number> };
  meshCoverage: Coverage;
  strictMtlsCoverage: Coverage;
  certificates: {
    total: number;
    byBucket: Record<CertificateExpiryBucket, number>;
  };
  eck: Record<EckKind, Record<EckHealth, number>>;
  findings: {
    total: number;
    bySeverity: Record<Severity, number>;
    byCode: Partial<Record<FindingCode, number>>;
  };
  /** Revisions across clusters, keyed `cluster/revision`. */
  revisions: (RevisionSummary & { cluster: string })[];
}
