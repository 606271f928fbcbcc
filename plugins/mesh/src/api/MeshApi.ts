import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ClusterSyncState,
  EntityHistory,
  EntityMeshStatus,
  FleetFinding,
  FleetQuery,
  FleetHistory,
  FleetSummary,
  HistoryQuery,
  HostClaim,
  Page,
  ServiceRow,
} from '@meshwise/plugin-mesh-common';

/**
 * Client for the mesh backend plugin (`/api/mesh`). Every method rejects with
 * a `ResponseError` (from `@backstage/errors`) when the backend answers with
 * an error status, so callers can tell 403 from 404 from 5xx.
 */
export interface MeshApi {
  /** Mesh, mTLS, exposure, authorization and ECK status of one entity's workloads. */
  getEntityStatus(entityRef: CompoundEntityRef): Promise<EntityMeshStatus>;
  /** Fleet KPIs for the platform dashboard. */
  getFleetSummary(): Promise<FleetSummary>;
  /** One page of services, filtered and sorted by the backend. */
  getServices(query?: FleetQuery): Promise<Page<ServiceRow>>;
  /** One page of findings, filtered and sorted by the backend. */
  getFindings(query?: FleetQuery): Promise<Page<FleetFinding>>;
  /** The clusters the backend watches and how far its cache has synced. */
  getClusters(): Promise<ClusterSyncState[]>;
  /** Which gateways already serve a host. */
  getHostClaims(host: string): Promise<HostClaim[]>;
  /** The fleet's and each cluster's figures over time (404 while history is off). */
  getFleetHistory(query?: HistoryQuery): Promise<FleetHistory>;
  /** One entity's figures over time and when its current findings first appeared (404 while history is off). */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    query?: HistoryQuery,
  ): Promise<EntityHistory>;
}

export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.api' });
