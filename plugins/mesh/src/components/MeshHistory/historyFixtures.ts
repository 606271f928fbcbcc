import type {
  FleetHistory,
  MeshFigures,
  TrendPoint,
} from '@meshwise/plugin-mesh-common';

/** A cluster's or the fleet's figures, with the parts the trends read set. */
export function meshFigures(options: {
  covered: number;
  strict: number;
  total: number;
  errors?: number;
  warnings?: number;
  revisions?: Array<{ cluster?: string; revision: string; pods: number }>;
}): MeshFigures {
  return {
    workloads: options.total,
    meshCoverage: { covered: options.covered, total: options.total },
    strictMtlsCoverage: { covered: options.strict, total: options.total },
    findings: {
      bySeverity: {
        error: options.errors ?? 0,
        warning: options.warnings ?? 0,
        info: 0,
      },
      byCode: {},
    },
    certificates: {
      expired: 0,
      under7d: 0,
      under30d: 0,
      under90d: 0,
      over90d: 0,
      notReady: 0,
      unknown: 0,
    },
    eck: {} as MeshFigures['eck'],
    revisions: (options.revisions ?? []).map(r => ({
      cluster: r.cluster ?? 'demo',
      revision: r.revision,
      pods: r.pods,
    })),
  };
}

export function point(
  at: string,
  figures: MeshFigures | null,
  unknownReason?: string,
): TrendPoint<MeshFigures> {
  return {
    at,
    sampledAt: at,
    figures,
    ...(unknownReason ? { unknownReason } : {}),
  };
}

export function fleetHistory(
  fleet: TrendPoint<MeshFigures>[],
  clusters: Record<string, TrendPoint<MeshFigures>[]> = {},
): FleetHistory {
  return {
    from: '2026-11-03T00:00:00.000Z',
    to: '2026-12-03T00:00:00.000Z',
    stepMs: 3_600_000,
    fleet,
    clusters,
    findingsFirstSeenInLastDay: 0,
  };
}
