import {
  ClusterSummary,
  ClusterSyncState,
  FleetFinding,
  ServiceRow,
  summarizeFleet,
} from '@meshwise/plugin-mesh-common';
import { HistorySource } from '../historySamples';

const zeroEck = () => ({ green: 0, yellow: 0, red: 0, unknown: 0 });

/** A cluster summary with the given coverage and finding counts. */
export function clusterSummary(
  cluster: string,
  figures: {
    meshed: number;
    workloads: number;
    strict: number;
    errors: number;
    pods?: Record<string, number>;
  },
): ClusterSummary {
  const { meshed, workloads, strict, errors } = figures;
  return {
    cluster,
    generatedAt: '2026-12-01T00:00:00.000Z',
    workloads: {
      total: workloads,
      byDataPlane: {
        // Every mode at zero, however many there are.
        ...summarizeFleet([]).workloads.byDataPlane,
        sidecar: meshed,
        none: workloads - meshed,
      },
    },
    meshCoverage: { covered: meshed, total: workloads },
    strictMtlsCoverage: { covered: strict, total: meshed },
    revisions: Object.entries(figures.pods ?? {}).map(([revision, pods]) => ({
      revision,
      tags: [],
      namespaces: [],
      pods,
      proxyVersions: {},
    })),
    canary: { podsOnTarget: 0, totalPods: 0 },
    certificates: {
      total: 1,
      byBucket: {
        expired: 0,
        under7d: 1,
        under30d: 0,
        under90d: 0,
        over90d: 0,
        notReady: 0,
        unknown: 0,
      },
      items: [],
    },
    eck: {
      Elasticsearch: zeroEck(),
      Kibana: zeroEck(),
      ApmServer: zeroEck(),
    },
    findings: {
      total: errors,
      bySeverity: { error: errors, warning: 0, info: 0 },
      byCode: errors ? { MW303: errors } : {},
    },
    degradedKinds: [],
  };
}

export function syncState(
  cluster: string,
  status: ClusterSyncState['status'] = 'synced',
  reason?: string,
): ClusterSyncState {
  return { cluster, status, ...(reason ? { reason } : {}), kinds: [] };
}

export function finding(
  id: string,
  cluster: string,
  entityRefs: string[] = [],
): FleetFinding {
  return {
    id,
    code: 'MW303',
    severity: 'error',
    cluster,
    objects: [],
    message: `finding ${id}`,
    remediation: 'renew',
    reference: { title: 'ref', url: 'https://example.com' },
    entityRefs,
  };
}

export function serviceRow(
  entityRef: string,
  clusters: string[],
  overrides: Partial<ServiceRow> = {},
): ServiceRow {
  return {
    entityRef,
    clusters,
    namespaces: ['bookinfo'],
    workloads: 2,
    pods: 4,
    dataPlane: 'sidecar',
    revisions: ['1-24'],
    mtls: 'STRICT',
    exposedHosts: [],
    findings: { error: 1, warning: 0, info: 2 },
    ...overrides,
  };
}

/** A source whose answers a test changes between samples. */
export function mutableSource(initial: {
  clusters: ClusterSyncState[];
  summaries: ClusterSummary[];
  findings: FleetFinding[];
  services: ServiceRow[];
}): HistorySource & { set(next: Partial<typeof initial>): void } {
  let state = { ...initial };
  return {
    clusters: () => state.clusters,
    summaries: () => state.summaries,
    findings: () => state.findings,
    services: () => state.services,
    set: next => {
      state = { ...state, ...next };
    },
  };
}
