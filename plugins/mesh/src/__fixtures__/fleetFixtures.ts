/*
 * Fleet data for the dashboard's tests and benchmark: the demo cluster's
 * summary (two revisions mid-upgrade, checkout-certs under 7 days, shop-certs
 * not ready, the `logs` ECK set yellow/red) and a generator of many services.
 */
import {
  findingDefinition,
  FINDING_CODES,
  summarizeFleet,
  type ClusterSummary,
  type ClusterSyncState,
  type DataPlaneMode,
  type FleetFinding,
  type FleetSummary,
  type MtlsMode,
  type ServiceRow,
  type Severity,
} from '@meshwise/plugin-mesh-common';

const NOW = '2026-11-21T10:00:00Z';

export const demoClusterSummary: ClusterSummary = {
  cluster: 'demo',
  generatedAt: NOW,
  workloads: {
    total: 30,
    byDataPlane: {
      sidecar: 20,
      ambient: 3,
      'ambient+waypoint': 3,
      none: 2,
      partial: 2,
      unknown: 0,
    },
  },
  meshCoverage: { covered: 26, total: 30, ratio: 26 / 30 },
  strictMtlsCoverage: { covered: 25, total: 26, ratio: 25 / 26 },
  revisions: [
    {
      revision: '1-22-6',
      version: '1.22.6',
      tags: [],
      namespaces: [],
      pods: 0,
      proxyVersions: {},
    },
    {
      revision: '1-23-2',
      version: '1.23.2',
      tags: [],
      namespaces: ['storefront-checkout', 'logging'],
      pods: 10,
      proxyVersions: { '1.23.2': 10 },
    },
    {
      revision: '1-24-3',
      version: '1.24.3',
      tags: ['default'],
      namespaces: [
        'bookinfo',
        'observability',
        'elastic-system',
        'analytics-sandbox',
      ],
      pods: 13,
      proxyVersions: { '1.24.3': 13 },
    },
  ],
  canary: { target: '1-24-3', podsOnTarget: 13, totalPods: 23, ratio: 13 / 23 },
  certificates: {
    total: 5,
    byBucket: {
      expired: 0,
      under7d: 1,
      under30d: 0,
      under90d: 3,
      over90d: 0,
      notReady: 1,
      unknown: 0,
    },
    items: [],
  },
  eck: {
    Elasticsearch: { green: 2, yellow: 1, red: 0, unknown: 0 },
    Kibana: { green: 2, yellow: 0, red: 0, unknown: 0 },
    ApmServer: { green: 1, yellow: 0, red: 1, unknown: 0 },
  },
  findings: {
    total: 8,
    bySeverity: { error: 3, warning: 4, info: 1 },
    byCode: {
      MW105: 1,
      MW302: 1,
      MW303: 1,
      MW304: 1,
      MW305: 1,
      MW503: 1,
      MW510: 1,
      MW101: 1,
    },
  },
  degradedKinds: [],
};

export const demoFleetSummary: FleetSummary = summarizeFleet(
  [demoClusterSummary],
  new Date(NOW),
);

export const demoClusters: ClusterSyncState[] = [
  {
    cluster: 'demo',
    title: 'Demo cluster (emulated)',
    status: 'synced',
    version: 'v1.31.0',
    kinds: [
      { group: '', kind: 'Pod', status: 'synced', since: NOW },
      {
        group: 'gateway.networking.k8s.io',
        kind: 'GRPCRoute',
        status: 'notInstalled',
        reason: 'the server could not find the requested resource',
        since: NOW,
      },
    ],
  },
];

const TEAMS = [
  'group:default/storefront',
  'group:default/observability',
  'group:default/payments',
];
const CLUSTERS = ['demo', 'prod-eu', 'prod-us'];
const MODES: DataPlaneMode[] = [
  'sidecar',
  'sidecar',
  'sidecar',
  'ambient',
  'ambient+waypoint',
  'none',
  'partial',
];
const MTLS: MtlsMode[] = [
  'STRICT',
  'STRICT',
  'STRICT',
  'PERMISSIVE',
  'mixed',
  'DISABLE',
];

/** Real-looking services, deterministic by index (no randomness: tests and runs repeat). */
export function generateServiceRows(count: number): ServiceRow[] {
  return Array.from({ length: count }, (_, i) => {
    const dataPlane = MODES[i % MODES.length];
    const exposed = i % 4 === 0;
    const name = `svc-${String(i).padStart(4, '0')}`;
    return {
      entityRef: `component:default/${name}`,
      owner: TEAMS[i % TEAMS.length],
      clusters: [CLUSTERS[i % CLUSTERS.length]],
      namespaces: [`team-${i % 40}`],
      workloads: 1 + (i % 3),
      pods: 1 + (i % 7),
      dataPlane,
      revisions:
        dataPlane === 'sidecar' ? [i % 5 === 0 ? '1-23-2' : '1-24-3'] : [],
      mtls: dataPlane === 'none' ? 'DISABLE' : MTLS[i % MTLS.length],
      exposedHosts: exposed ? [`${name}.appk8s.com`] : [],
      ...(exposed
        ? {
            certificate: {
              state: i % 40 === 0 ? 'expiring' : 'ready',
              daysToExpiry: i % 40 === 0 ? 5 : 30 + (i % 60),
            },
          }
        : {}),
      findings: { error: i % 11 === 0 ? 1 : 0, warning: i % 3, info: i % 2 },
    };
  });
}

function severityOfNth(row: ServiceRow, j: number): Severity {
  if (j < row.findings.error) return 'error';
  if (j < row.findings.error + row.findings.warning) return 'warning';
  return 'info';
}

/** Findings to go with generated services: a few per service, with real codes and texts. */
export function generateFindings(rows: ServiceRow[]): FleetFinding[] {
  return rows.flatMap((row, i) => {
    const n = row.findings.error + row.findings.warning + row.findings.info;
    return Array.from({ length: n }, (_, j) => {
      const code = FINDING_CODES[(i + j * 7) % FINDING_CODES.length];
      const def = findingDefinition(code);
      const name = row.entityRef.split('/')[1];
      return {
        id: `${code}:${row.clusters[0]}:${name}:${j}`,
        code,
        severity: severityOfNth(row, j),
        cluster: row.clusters[0],
        namespace: row.namespaces[0],
        team: row.owner,
        entityRefs: [row.entityRef],
        objects: [
          {
            cluster: row.clusters[0],
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: row.namespaces[0],
            name,
          },
        ],
        message: `${def.title}: Deployment ${row.namespaces[0]}/${name}.`,
        remediation: 'See the reference for the change to make.',
        reference: def.reference,
        ...(def.istioCode ? { istioCode: def.istioCode } : {}),
        ...(def.kialiCode ? { kialiCode: def.kialiCode } : {}),
      } as FleetFinding;
    });
  });
}
