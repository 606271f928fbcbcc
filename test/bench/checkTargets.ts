import type { BenchFigures, TargetCheck } from './formatBenchReport';

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
  return [
    check('entity status p99', f.mesh.entityStatus.p99, 'ms', 'max', 5),
    check(
      'speed-up vs kubernetes backend (p50)',
      f.kubernetes.speedupP50,
      '×',
      'min',
      50,
    ),
    check(
      'speed-up vs kubernetes backend (p99)',
      f.kubernetes.speedupP99,
      '×',
      'min',
      50,
    ),
    check('backend RSS (peak, VmHWM)', f.mesh.rss.hwmMb, 'MiB', 'max', 400),
    check(
      'watch event → status (max)',
      f.mesh.watchToStatus.max,
      'ms',
      'max',
      1000,
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
