import type {
  FleetHistory,
  MeshFigures,
  Severity,
  TrendPoint,
} from '@meshwise/plugin-mesh-common';

/**
 * One step of the dashboard's trend charts. A value is null where the figures
 * were unknown at that time (the charts leave a gap there, never a guess).
 */
export interface FleetTrendRow {
  /** Start of the step, ms since the epoch. */
  at: number;
  meshCoverage: number | null;
  strictMtls: number | null;
  error: number | null;
  warning: number | null;
  info: number | null;
  /** Pods per revision key (see `revisionKeys`); absent: no pods on it then. */
  [revision: `rev:${string}`]: number | null;
  unknownReason?: string;
}

export interface FleetTrend {
  rows: FleetTrendRow[];
  /** The revisions seen in the range, oldest first seen first (`rev:` + label). */
  revisionKeys: string[];
  /** Steps whose figures were unknown, with the reason of the latest. */
  unknownSteps: number;
  latestUnknownReason?: string;
  /** Steps whose figures leave out clusters that were not synced then. */
  partialSteps: number;
  latestPartialReason?: string;
}

const ratioPercent = (covered: number, total: number) =>
  total > 0 ? (covered / total) * 100 : null;

/**
 * Sums the figures of several clusters at one step (the dashboard's cluster
 * filter). Null when any of them was unknown then: a sum over part of the
 * scope would read as a drop.
 */
function sumFigures(figures: Array<MeshFigures | null>): MeshFigures | null {
  if (figures.length === 0 || figures.some(f => f === null)) return null;
  const known = figures as MeshFigures[];
  const sum = (pick: (f: MeshFigures) => number) =>
    known.reduce((n, f) => n + pick(f), 0);
  const bySeverity = {} as Record<Severity, number>;
  for (const s of ['error', 'warning', 'info'] as const) {
    bySeverity[s] = sum(f => f.findings.bySeverity[s] ?? 0);
  }
  return {
    ...known[0],
    workloads: sum(f => f.workloads),
    meshCoverage: {
      covered: sum(f => f.meshCoverage.covered),
      total: sum(f => f.meshCoverage.total),
    },
    strictMtlsCoverage: {
      covered: sum(f => f.strictMtlsCoverage.covered),
      total: sum(f => f.strictMtlsCoverage.total),
    },
    findings: { bySeverity, byCode: {} },
    revisions: known.flatMap(f => f.revisions),
  };
}

/**
 * The points of the clusters in scope, merged per step. A step where one of
 * them has no sample has no point: the others alone would not be the scope.
 */
function scopedPoints(
  history: FleetHistory,
  clusters: readonly string[] | undefined,
): TrendPoint<MeshFigures>[] {
  if (!clusters?.length) return history.fleet;
  const byStep = new Map<string, Array<TrendPoint<MeshFigures>>>();
  for (const name of clusters) {
    for (const point of history.clusters[name] ?? []) {
      const list = byStep.get(point.at) ?? [];
      list.push(point);
      byStep.set(point.at, list);
    }
  }
  return [...byStep]
    .filter(([, points]) => points.length === clusters.length)
    .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
    .map(([at, points]) => {
      const reasons = points.flatMap(p =>
        p.figures === null && p.unknownReason ? [p.unknownReason] : [],
      );
      return {
        at,
        sampledAt: points[points.length - 1].sampledAt,
        figures: sumFigures(points.map(p => p.figures)),
        ...(reasons.length ? { unknownReason: reasons.join('; ') } : {}),
      };
    });
}

/** Several clusters on one revision name are told apart. */
const revisionLabel = (
  r: MeshFigures['revisions'][number],
  multiCluster: boolean,
) => (multiCluster ? `${r.cluster}/${r.revision}` : r.revision);

/**
 * The rows of the dashboard's trend charts: mesh coverage and STRICT share
 * in percent, findings by severity, and pods per revision (the upgrade's
 * progress) per step, for the whole fleet or the clusters in scope.
 */
export function fleetTrendRows(
  history: FleetHistory,
  clusters?: readonly string[],
): FleetTrend {
  const points = scopedPoints(history, clusters);
  const clusterNames = new Set<string>();
  for (const p of points) {
    for (const r of p.figures?.revisions ?? []) clusterNames.add(r.cluster);
  }
  const multiCluster = clusterNames.size > 1;
  const revisionKeys: string[] = [];
  let unknownSteps = 0;
  let latestUnknownReason: string | undefined;
  let partialSteps = 0;
  let latestPartialReason: string | undefined;
  const rows = points.map(point => {
    const f = point.figures;
    if (!f) {
      unknownSteps += 1;
      latestUnknownReason = point.unknownReason ?? latestUnknownReason;
      return {
        at: Date.parse(point.at),
        meshCoverage: null,
        strictMtls: null,
        error: null,
        warning: null,
        info: null,
        ...(point.unknownReason ? { unknownReason: point.unknownReason } : {}),
      } as FleetTrendRow;
    }
    const row: FleetTrendRow = {
      at: Date.parse(point.at),
      meshCoverage: ratioPercent(f.meshCoverage.covered, f.meshCoverage.total),
      strictMtls: ratioPercent(
        f.strictMtlsCoverage.covered,
        f.strictMtlsCoverage.total,
      ),
      error: f.findings.bySeverity.error ?? 0,
      warning: f.findings.bySeverity.warning ?? 0,
      info: f.findings.bySeverity.info ?? 0,
    };
    if (point.unknownReason) {
      partialSteps += 1;
      latestPartialReason = point.unknownReason;
      row.unknownReason = point.unknownReason;
    }
    for (const r of f.revisions) {
      const key = `rev:${revisionLabel(r, multiCluster)}` as const;
      if (!revisionKeys.includes(key)) revisionKeys.push(key);
      row[key] = ((row[key] as number | undefined) ?? 0) + r.pods;
    }
    return row;
  });
  // A revision with no pods at a known step had none then: 0, not a gap.
  for (const row of rows) {
    if (row.error === null) continue;
    for (const key of revisionKeys as Array<`rev:${string}`>) {
      row[key] = row[key] ?? 0;
    }
  }
  return {
    rows,
    revisionKeys,
    unknownSteps,
    ...(latestUnknownReason ? { latestUnknownReason } : {}),
    partialSteps,
    ...(latestPartialReason ? { latestPartialReason } : {}),
  };
}
