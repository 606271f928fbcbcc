import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import { MeshApi } from './MeshApi';
import { fleetQueryToSearchParams } from './fleetQuerySearchParams';

/** {@link MeshApi} over HTTP, authenticated by the app's `fetchApi`. */
export class MeshClient implements MeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityStatus(
    entityRef: CompoundEntityRef,
  ): Promise<EntityMeshStatus> {
    const { namespace, kind, name } = entityRef;
    const path = [namespace, kind, name].map(encodeURIComponent).join('/');
    return this.get(`/entities/${path}/status`);
  }

  async getFleetSummary(): Promise<FleetSummary> {
    return this.get('/fleet/summary');
  }

  async getServices(query: FleetQuery = {}): Promise<Page<ServiceRow>> {
    return this.get(`/fleet/services${queryString(query)}`);
  }

  async getFindings(query: FleetQuery = {}): Promise<Page<FleetFinding>> {
    return this.get(`/findings${queryString(query)}`);
  }

  async getClusters(): Promise<ClusterSyncState[]> {
    const body = await this.get<{ items: ClusterSyncState[] }>('/clusters');
    return body.items;
  }

  async getHostClaims(host: string): Promise<HostClaim[]> {
    const params = new URLSearchParams({ host });
    const body = await this.get<{ items: HostClaim[] }>(
      `/exposure/hosts?${params}`,
    );
    return body.items;
  }

  async getFleetHistory(query: HistoryQuery = {}): Promise<FleetHistory> {
    return this.get(`/history/fleet${historyQueryString(query)}`);
  }

  async getEntityHistory(
    entityRef: CompoundEntityRef,
    query: HistoryQuery = {},
  ): Promise<EntityHistory> {
    const { namespace, kind, name } = entityRef;
    const path = [namespace, kind, name].map(encodeURIComponent).join('/');
    return this.get(`/history/entities/${path}${historyQueryString(query)}`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function queryString(query: FleetQuery): string {
  const params = fleetQueryToSearchParams(query).toString();
  return params ? `?${params}` : '';
}

function historyQueryString(query: HistoryQuery): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'step'] as const) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
