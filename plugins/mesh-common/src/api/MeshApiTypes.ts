import type { Finding, FindingCode, Severity } from '../types/findings';
import type {
  CredentialState,
  DataPlaneMode,
  EckHealth,
  EntityClusterStatus,
  MtlsMode,
} from '../types/status';
import type { KindSyncState } from '../types/sync';
import type { WorkloadSelection } from '../workloadSelection';

/*
 * The mesh backend's HTTP API (mounted at /api/mesh), shared by the backend
 * and the frontend client so both sides agree on every shape.
 *
 *   GET /entities/:namespace/:kind/:name/status   EntityMeshStatus
 *   GET /fleet/summary                             FleetSummary
 *   GET /fleet/services?<FleetQuery>               Page<ServiceRow>
 *   GET /findings?<FleetQuery>                     Page<FleetFinding>
 *   GET /clusters                                  { items: ClusterSyncState[] }
 *   GET /exposure/hosts?host=...                   HostClaims
 *
 * Errors use Backstage's error body ({ error: { name, message }, response }):
 * 400 for bad parameters, 401 unauthenticated, 403 denied, 404 unknown entity.
 */

/** One cluster as the backend's watch cache sees it. */
export interface ClusterSyncState {
  cluster: string;
  title?: string;
  /**
   * `synced`: every watched kind is synced, forbidden or not installed;
   * `syncing`: the initial list is still running; `degraded`: some kinds are
   * in error or stale; `unreachable`: nothing could be read.
   */
  status: 'synced' | 'syncing' | 'degraded' | 'unreachable';
  reason?: string;
  /** The API server's version, when known. */
  version?: string;
  kinds: KindSyncState[];
  /**
   * The whole-cluster analysis (findings, summary, service rows) is
   * recomputed shortly after changes; `pending` while changes wait for it.
   */
  analysis?: { generatedAt: string; pending: boolean };
}

/** GET /entities/:namespace/:kind/:name/status */
export interface EntityMeshStatus {
  entityRef: string;
  /** Absent when the entity has no Kubernetes annotations. */
  selection?: WorkloadSelection;
  /** One per cluster the selection applies to (all clusters unless annotated). */
  clusters: EntityClusterStatus[];
  generatedAt: string;
}

/** Filters shared by /fleet/services and /findings; repeated params mean "any of". */
export interface FleetQuery {
  cluster?: string[];
  namespace?: string[];
  /** Owner entity refs, e.g. `group:default/storefront`. */
  team?: string[];
  severity?: Severity[];
  code?: FindingCode[];
  /** Case-insensitive substring over names, messages and hosts. */
  search?: string;
  /** A field of the row type; prefix with `-` for descending. */
  sort?: string;
  offset?: number;
  /** At most 500; default 100. */
  limit?: number;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  offset: number;
  limit: number;
}

/** A finding with where it lives and whom it concerns. */
export interface FleetFinding extends Finding {
  cluster: string;
  namespace?: string;
  /** Owner of the namespace or of the entity whose workloads are involved. */
  team?: string;
  /** Catalog entities whose workloads the finding involves. */
  entityRefs: string[];
}

/** One catalog service (an entity with Kubernetes annotations) across the fleet. */
export interface ServiceRow {
  entityRef: string;
  title?: string;
  owner?: string;
  clusters: string[];
  namespaces: string[];
  workloads: number;
  pods: number;
  dataPlane: DataPlaneMode;
  revisions: string[];
  mtls: MtlsMode;
  /** Worst first: the host whose exposure has the most severe finding leads. */
  exposedHosts: string[];
  /** The first of `exposedHosts` with the worst state of the findings about its exposures. */
  worstHost?: { host: string; state: Severity | 'ok' };
  /** The worst state of the certificates behind its exposure, and a host it serves. */
  certificate?: {
    state: CredentialState;
    daysToExpiry?: number;
    host?: string;
  };
  eckHealth?: EckHealth;
  findings: Record<Severity, number>;
  /** Set when some of the data behind this row is unknown. */
  unknownReason?: string;
}

/** A host served by a Gateway, for the scaffolder's "host already claimed" rule. */
export interface HostClaim {
  host: string;
  port?: number;
  cluster: string;
  namespace: string;
  gateway: string;
  /** Owner of the gateway's namespace in the catalog, when known. */
  owner?: string;
}

/**
 * Whether one cluster's host claims are all there are: every Gateway kind
 * (Istio and Gateway API) is synced from current data, or not installed as
 * discovery says. Anything else (forbidden, pending, in error, stale) may hide
 * a Gateway, and a host check built on it must refuse.
 */
export interface HostClaimCoverage {
  cluster: string;
  complete: boolean;
  /** What is missing and why, when not complete. */
  reason?: string;
}

/** `/exposure/hosts`: the claims on the hosts asked for, and how complete each cluster's are. */
export interface HostClaims {
  items: HostClaim[];
  clusters: HostClaimCoverage[];
}
