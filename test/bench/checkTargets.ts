import type {
  BenchFigures,
  MeshFigures,
  TargetCheck,
} from './formatBenchReport';

/** The targets against the figures: PASS or MISS, never an error. */
export function checkTargets(f: Omit<BenchFigures, 'targets'>): TargetCheck[] {
  const check = (
    name: string,
    value: number,
    unit: string,
    kind: 'max' | 'min',
    target: number,
  ): TargetCheck => ({
    name,
    value,
    unit,
    kind,
    target,
    pass: kind === 'max' ? value <= target : value >= target,
  });
  const runs = [f.mesh, ...(f.meshLimited ? [f.meshLimited] : [])];
  const label = (m: MeshFigures) =>
    m.memory.limitMb ? `${m.memory.limitMb} MiB limit` : 'no limit';
  return [
    ...runs.map(m =>
      check(
        `entity status p99 (${label(m)})`,
        m.entityStatus.p99,
        'ms',
        'max',
        5,
      ),
    ),
    check(
      'speed-up vs kubernetes backend (p50)',
      f.kubernetes.speedupP50,
      '×',
      'min',
      50,
    ),
    ...runs.map(m =>
      check(
        `backend RSS, peak VmHWM (${label(m)})`,
        m.rss.hwmMb,
        'MiB',
        'max',
        400,
      ),
    ),
    ...runs.map(m =>
      check(
        `watch event → status, max (${label(m)})`,
        m.watchToStatus.max,
        'ms',
        'max',
        1000,
      ),
    ),
    check(
      `fleet findings, ${f.analysis.services} services (median)`,
      f.analysis.findingsMedianMs,
      'ms',
      'max',
      1000,
    ),
    check(
      `fleet findings, ${f.analysis.services} services (first)`,
      f.analysis.findingsFirstMs,
      'ms',
      'max',
      1000,
    ),
  ];
}
