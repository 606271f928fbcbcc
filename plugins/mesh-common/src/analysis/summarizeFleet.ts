import { FINDING_CODES } from '../findings/findingCatalogue';
import { Kinds } from '../kinds';
import { FindingCode, Severity } from '../types/findings';
import {
  CertificateExpiryBucket,
  CertificateSummaryItem,
  ClusterSummary,
  Coverage,
  FleetSummary,
} from '../types/summary';
import {
  DataPlaneMode,
  EckHealth,
  EckKind,
  WorkloadStatus,
} from '../types/status';
import { ClusterView } from '../view/ClusterView';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { certificateStatus } from '../analyzers/certificates';
import { ClusterAnalysis } from './analyzeCluster';
import { canaryProgress, revisionUsage } from '../analyzers/revisions';

const DATA_PLANE_MODES: DataPlaneMode[] = [
  'sidecar',
  'ambient',
  'ambient+waypoint',
  'none',
  'partial',
  'unknown',
];
const BUCKETS: CertificateExpiryBucket[] = [
  'expired',
  'under7d',
  'under30d',
  'under90d',
  'over90d',
  'notReady',
  'unknown',
];
const ECK_KINDS: EckKind[] = ['Elasticsearch', 'Kibana', 'ApmServer'];
const HEALTHS: EckHealth[] = ['green', 'yellow', 'red', 'unknown'];

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map(k => [k, 0])) as Record<K, number>;

const coverage = (covered: number, total: number): Coverage => ({
  covered,
  total,
  ...(total ? { ratio: covered / total } : {}),
});

function bucketFor(item: {
  state: string;
  daysToExpiry?: number;
}): CertificateExpiryBucket {
  if (item.state === 'expired') return 'expired';
  if (item.state === 'notReady') return 'notReady';
  if (item.daysToExpiry === undefined || item.state === 'unknown')
    return 'unknown';
  // daysToExpiry is rounded up, so `<= 7` means "expires within 7 days".
  if (item.daysToExpiry <= 7) return 'under7d';
  if (item.daysToExpiry <= 30) return 'under30d';
  if (item.daysToExpiry <= 90) return 'under90d';
  return 'over90d';
}

const inMesh = (w: WorkloadStatus) =>
  w.dataPlane.mode === 'sidecar' ||
  w.dataPlane.mode === 'ambient' ||
  w.dataPlane.mode === 'ambient+waypoint';

/**
 * The dashboard figures for one cluster, from its analysis: coverage, STRICT
 * coverage, revisions and canary progress, certificates by time to expiry,
 * ECK health and findings by severity and code. Unknown data plane / mTLS
 * counts as not covered (never as healthy).
 */
export function summarizeCluster(
  view: ClusterView,
  analysis: ClusterAnalysis,
  config?: AnalyzerConfig,
): ClusterSummary {
  const ctx = new AnalysisContext(view, config);
  const byDataPlane = zeros(DATA_PLANE_MODES);
  for (const w of analysis.workloads) byDataPlane[w.dataPlane.mode]++;
  const known = analysis.workloads.filter(
    w => w.dataPlane.mode !== 'unknown',
  ).length;
  const meshed = analysis.workloads.filter(inMesh);
  const strict = meshed.filter(w => w.mtls.mode === 'STRICT').length;
  const revisions = ctx.isSynced(Kinds.Pod) ? revisionUsage(ctx) : [];
  const items: CertificateSummaryItem[] = view
    .list(Kinds.Certificate)
    .map(cert => {
      const s = certificateStatus(ctx, cert);
      return {
        ref: s.ref,
        state: s.state,
        ...(s.daysToExpiry !== undefined
          ? { daysToExpiry: s.daysToExpiry }
          : {}),
        ...(s.notAfter ? { notAfter: s.notAfter } : {}),
        bucket: bucketFor(s),
      };
    });
  items.sort(
    (a, b) => (a.daysToExpiry ?? Infinity) - (b.daysToExpiry ?? Infinity),
  );
  const byBucket = zeros(BUCKETS);
  for (const i of items) byBucket[i.bucket]++;
  const eck = Object.fromEntries(
    ECK_KINDS.map(k => [k, zeros(HEALTHS)]),
  ) as Record<EckKind, Record<EckHealth, number>>;
  for (const e of analysis.eck) eck[e.kind][e.health]++;
  const bySeverity = zeros<Severity>(['error', 'warning', 'info']);
  const byCode: Partial<Record<FindingCode, number>> = {};
  for (const f of analysis.findings) {
    bySeverity[f.severity]++;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  }
  return {
    cluster: analysis.cluster,
    generatedAt: analysis.generatedAt,
    workloads: { total: analysis.workloads.length, byDataPlane },
    meshCoverage: coverage(meshed.length, known),
    strictMtlsCoverage: coverage(strict, meshed.length),
    revisions,
    canary: canaryProgress(revisions),
    certificates: { total: items.length, byBucket, items },
    eck,
    findings: { total: analysis.findings.length, bySeverity, byCode },
    degradedKinds: analysis.degradedKinds,
  };
}

/** Adds cluster summaries up for the fleet dashboard. */
export function summarizeFleet(
  clusters: readonly ClusterSummary[],
  now?: Date,
): FleetSummary {
  const byDataPlane = zeros(DATA_PLANE_MODES);
  const byBucket = zeros(BUCKETS);
  const eck = Object.fromEntries(
    ECK_KINDS.map(k => [k, zeros(HEALTHS)]),
  ) as Record<EckKind, Record<EckHealth, number>>;
  const bySeverity = zeros<Severity>(['error', 'warning', 'info']);
  const byCode: Partial<Record<FindingCode, number>> = {};
  let mesh = 0;
  let meshTotal = 0;
  let strict = 0;
  let strictTotal = 0;
  let certificates = 0;
  let findings = 0;
  for (const c of clusters) {
    for (const m of DATA_PLANE_MODES)
      byDataPlane[m] += c.workloads.byDataPlane[m] ?? 0;
    for (const b of BUCKETS) byBucket[b] += c.certificates.byBucket[b] ?? 0;
    for (const k of ECK_KINDS)
      for (const h of HEALTHS) eck[k][h] += c.eck[k]?.[h] ?? 0;
    for (const s of ['error', 'warning', 'info'] as Severity[])
      bySeverity[s] += c.findings.bySeverity[s] ?? 0;
    for (const code of FINDING_CODES) {
      const n = c.findings.byCode[code];
      if (n) byCode[code] = (byCode[code] ?? 0) + n;
    }
    mesh += c.meshCoverage.covered;
    meshTotal += c.meshCoverage.total;
    strict += c.strictMtlsCoverage.covered;
    strictTotal += c.strictMtlsCoverage.total;
    certificates += c.certificates.total;
    findings += c.findings.total;
  }
  return {
    generatedAt: (now ?? new Date()).toISOString(),
    clusters: [...clusters],
    workloads: {
      total: clusters.reduce((n, c) => n + c.workloads.total, 0),
      byDataPlane,
    },
    meshCoverage: coverage(mesh, meshTotal),
    strictMtlsCoverage: coverage(strict, strictTotal),
    certificates: { total: certificates, byBucket },
    eck,
    findings: { total: findings, bySeverity, byCode },
    revisions: clusters.flatMap(c =>
      c.revisions.map(r => ({ ...r, cluster: c.cluster })),
    ),
  };
}
