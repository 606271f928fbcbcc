import {
  ClusterSummary,
  ClusterSyncState,
  EntityFigures,
  FleetFinding,
  FleetSummary,
  MeshFigures,
  ServiceRow,
  summarizeFleet,
} from '@meshwise/plugin-mesh-common';

/** Where the sampler reads the figures: the same services the routes answer from. */
export interface HistorySource {
  clusters(): ClusterSyncState[];
  /** The latest analysis summary of every cluster. */
  summaries(): ClusterSummary[];
  findings(): FleetFinding[];
  /** Every catalog service's fleet row. */
  services(): ServiceRow[];
}

export type HistoryScope = 'fleet' | 'cluster' | 'entity';

// The figures' shapes are the trend routes' answer, shared with the frontend.
export type { EntityFigures, MeshFigures };

/** One row of `mesh_history_samples`, before it is written. */
export interface HistorySample {
  scope: HistoryScope;
  /** Cluster name or entity ref; '' for the fleet. */
  subject: string;
  /** Null when unknown: never a guess. */
  figures: MeshFigures | EntityFigures | null;
  /** Why the figures are unknown, or which clusters the fleet's leave out. */
  unknownReason?: string;
}

export interface SampleSet {
  samples: HistorySample[];
  /** Findings of the clusters whose figures are known, for their first-seen times. */
  findings: FleetFinding[];
}

function figuresOf(
  summary: ClusterSummary | FleetSummary,
  revisions: MeshFigures['revisions'],
): MeshFigures {
  return {
    workloads: summary.workloads.total,
    meshCoverage: summary.meshCoverage,
    strictMtlsCoverage: summary.strictMtlsCoverage,
    findings: {
      bySeverity: summary.findings.bySeverity,
      byCode: summary.findings.byCode,
    },
    certificates: summary.certificates.byBucket,
    eck: summary.eck,
    revisions,
  };
}

const revisionsOf = (summary: ClusterSummary): MeshFigures['revisions'] =>
  summary.revisions.map(r => ({
    cluster: summary.cluster,
    revision: r.revision,
    ...(r.version ? { version: r.version } : {}),
    pods: r.pods,
  }));

/**
 * Why a cluster's figures cannot be taken as they stand, or undefined when
 * they can. Only a synced cluster counts: a degraded one withholds the
 * findings of its stale kinds, and its counts would read as an improvement.
 */
function unknownReasonOf(
  state: ClusterSyncState | undefined,
  summary: ClusterSummary | undefined,
): string | undefined {
  if (!state) return 'cluster no longer configured';
  if (state.status !== 'synced') {
    return `cluster ${state.status}${state.reason ? `: ${state.reason}` : ''}`;
  }
  if (!summary) return 'cluster not analysed yet';
  return undefined;
}

/**
 * What one sample records: the fleet, every cluster and (when `entities`)
 * every catalog service. Figures of a cluster that is not synced, and of an entity that is
 * unknown or lives in such a cluster, are recorded as unknown with the
 * reason; the fleet's figures sum its known clusters and name the others.
 */
export function historySamples(
  source: HistorySource,
  now: Date,
  options: { entities: boolean } = { entities: true },
): SampleSet {
  const states = new Map(source.clusters().map(s => [s.cluster, s]));
  const summaries = new Map(source.summaries().map(s => [s.cluster, s]));
  const names = [...new Set([...states.keys(), ...summaries.keys()])].sort();

  const samples: HistorySample[] = [];
  const known: ClusterSummary[] = [];
  const unknown = new Map<string, string>();
  for (const name of names) {
    const summary = summaries.get(name);
    const reason = unknownReasonOf(states.get(name), summary);
    if (reason || !summary) {
      unknown.set(name, reason ?? 'cluster not analysed yet');
      samples.push({
        scope: 'cluster',
        subject: name,
        figures: null,
        unknownReason: reason,
      });
      continue;
    }
    known.push(summary);
    samples.push({
      scope: 'cluster',
      subject: name,
      figures: figuresOf(summary, revisionsOf(summary)),
    });
  }

  const leftOut = [...unknown].map(([name, why]) => `${name} (${why})`);
  samples.unshift({
    scope: 'fleet',
    subject: '',
    figures: known.length
      ? figuresOf(summarizeFleet(known, now), known.flatMap(revisionsOf))
      : null,
    ...(leftOut.length
      ? { unknownReason: `clusters not counted: ${leftOut.join('; ')}` }
      : {}),
  });

  for (const row of options.entities ? source.services() : []) {
    const inUnknown = row.clusters.filter(c => unknown.has(c));
    const reason =
      row.unknownReason ??
      (inUnknown.length
        ? `in clusters not synced: ${inUnknown.join(', ')}`
        : undefined);
    samples.push({
      scope: 'entity',
      subject: row.entityRef,
      figures: reason
        ? null
        : {
            workloads: row.workloads,
            pods: row.pods,
            dataPlane: row.dataPlane,
            mtls: row.mtls,
            revisions: row.revisions,
            findings: row.findings,
            ...(row.certificate ? { certificate: row.certificate } : {}),
            ...(row.eckHealth ? { eckHealth: row.eckHealth } : {}),
          },
      ...(reason ? { unknownReason: reason } : {}),
    });
  }

  const findings = source
    .findings()
    .filter(f => summaries.has(f.cluster) && !unknown.has(f.cluster));
  return { samples, findings };
}
