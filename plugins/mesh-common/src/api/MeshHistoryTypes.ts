import type {
  DataPlaneMode,
  EckHealth,
  EckKind,
  MtlsMode,
  CredentialState,
} from '../types/status';
import type { FindingCode, Severity } from '../types/findings';
import type { CertificateExpiryBucket, Coverage } from '../types/summary';

/** The dashboard's figures of a cluster, or of the fleet (summed over its known clusters), at one time. */
export interface MeshFigures {
  workloads: number;
  meshCoverage: Coverage;
  strictMtlsCoverage: Coverage;
  findings: {
    bySeverity: Record<Severity, number>;
    byCode: Partial<Record<FindingCode, number>>;
  };
  certificates: Record<CertificateExpiryBucket, number>;
  eck: Record<EckKind, Record<EckHealth, number>>;
  /** Pods per control-plane revision: the upgrade's progress. */
  revisions: Array<{
    cluster: string;
    revision: string;
    version?: string;
    pods: number;
  }>;
}

/** One catalog entity's figures at one time, as its fleet row showed them. */
export interface EntityFigures {
  workloads: number;
  pods: number;
  dataPlane: DataPlaneMode;
  mtls: MtlsMode;
  revisions: string[];
  findings: Record<Severity, number>;
  certificate?: { state: CredentialState; daysToExpiry?: number };
  eckHealth?: EckHealth;
}

/** One step of a trend: the last sample taken in it. A step without a sample has no point. */
export interface TrendPoint<F = MeshFigures | EntityFigures> {
  /** Start of the step (ISO 8601). */
  at: string;
  /** When the sample was taken (ISO 8601). */
  sampledAt: string;
  /** Null: unknown at that time (see `unknownReason`); never a guess. */
  figures: F | null;
  /** Why the figures are unknown, or which clusters the fleet's figures leave out. */
  unknownReason?: string;
}

/** GET /history/fleet */
export interface FleetHistory {
  from: string;
  to: string;
  stepMs: number;
  fleet: TrendPoint<MeshFigures>[];
  clusters: Record<string, TrendPoint<MeshFigures>[]>;
  findingsFirstSeenInLastDay: number;
}

/** A current finding of an entity, with when a history sample first saw it. */
export interface EntityFindingHistory {
  id: string;
  code: FindingCode;
  severity: Severity;
  cluster: string;
  /** Absent until a sample has seen the finding. */
  firstSeenAt?: string;
  lastSeenAt?: string;
}

/** GET /history/entities/:namespace/:kind/:name */
export interface EntityHistory {
  entityRef: string;
  from: string;
  to: string;
  stepMs: number;
  points: TrendPoint<EntityFigures>[];
  findings: EntityFindingHistory[];
}

/** A trend query: ISO 8601 times and a step such as `1h` or `1d` (the backend's defaults when absent). */
export interface HistoryQuery {
  from?: string;
  to?: string;
  step?: string;
}
