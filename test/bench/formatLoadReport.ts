import { LoadFigures } from './LoadGenerator';

/** One backend configuration's measurements. */
export interface LoadRun {
  label: string;
  ttlSeconds: number;
  entityStatus: LoadFigures;
  findings: LoadFigures;
  fleetServices: LoadFigures;
  /** The backend's last log lines, when a phase had errors. */
  backendLogTail?: string;
}

export interface LoadReport {
  cpus: number;
  entities: number;
  runs: LoadRun[];
}

/** The targets (issue 12, "Throughput"). */
export const LOAD_TARGETS = {
  entityStatusRps: 1_000,
  entityStatusP99Ms: 250,
  fleetP99Ms: 250,
};

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '–');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

type Row = [string, ...string[]];

function table(rows: Row[]): string {
  const widths = rows[0].map((_, col) =>
    Math.max(...rows.map(row => (row[col] ?? '').length)),
  );
  return rows
    .map(row =>
      row
        .map((cell, col) =>
          col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]),
        )
        .join('  '),
    )
    .join('\n');
}

function routeRows(
  name: string,
  runs: LoadRun[],
  pick: (run: LoadRun) => LoadFigures,
  targets: { rps?: number; p99Ms: number },
): Row[] {
  const figures = runs.map(pick);
  const first = figures[0];
  const row = (label: string, cell: (f: LoadFigures) => string, target = '') =>
    [label, ...figures.map(cell), target] as Row;
  const rpsTarget = targets.rps;
  return [
    [
      `${name} (${first.clients} clients × ${Math.round(first.durationS)} s)`,
      ...runs.map(() => ''),
      '',
    ],
    row(
      '  requests/s',
      f => f.requestsPerSecond.toFixed(0),
      rpsTarget ? `≥ ${rpsTarget}` : '',
    ),
    row('  requests', f => String(f.requests)),
    row('  errors', f => String(f.errors), '0'),
    row('  p50', f => ms(f.latency.p50)),
    row('  p99', f => ms(f.latency.p99), `≤ ${targets.p99Ms} ms`),
    row('  max', f => ms(f.latency.max)),
    row(
      '  CPU per request: backend + load generator',
      f =>
        `${f.serverCpuMsPerRequest.toFixed(
          2,
        )} + ${f.clientCpuMsPerRequest.toFixed(2)} ms`,
    ),
    row('  requests/s the CPU time allows on 2 free cores', f =>
      (2000 / (f.serverCpuMsPerRequest + f.clientCpuMsPerRequest)).toFixed(0),
    ),
    row(
      '  load average (1 min) start → end',
      f => `${f.loadAtStart.toFixed(2)} → ${f.loadAtEnd.toFixed(2)}`,
    ),
    row('  target met', f =>
      verdict(
        f.errors === 0 &&
          f.latency.p99 <= targets.p99Ms &&
          (!rpsTarget || f.requestsPerSecond >= rpsTarget),
      ),
    ),
  ];
}

/** The side-by-side report: one column per backend configuration, targets last. */
export function formatLoadReport(report: LoadReport): string {
  const { runs } = report;
  const header: Row = ['', ...runs.map(run => run.label), 'target'];
  const rows: Row[] = [
    header,
    ...routeRows('GET entity status', runs, run => run.entityStatus, {
      rps: LOAD_TARGETS.entityStatusRps,
      p99Ms: LOAD_TARGETS.entityStatusP99Ms,
    }),
    ...routeRows('GET /findings?limit=50', runs, run => run.findings, {
      p99Ms: LOAD_TARGETS.fleetP99Ms,
    }),
    ...routeRows(
      'GET /fleet/services?limit=50',
      runs,
      run => run.fleetServices,
      { p99Ms: LOAD_TARGETS.fleetP99Ms },
    ),
  ];
  const errors = runs.flatMap(run =>
    [run.entityStatus, run.findings, run.fleetServices].flatMap(f =>
      f.errorSamples.map(sample => `  ${run.label}: ${sample}`),
    ),
  );
  return [
    `Load benchmark (issue 12): the demo portal backend over HTTP with the guest's token, ${report.entities} entities of the demo fleet`,
    `CPUs: ${report.cpus} (the targets are for 2 cores; the load generator runs on the same machine)`,
    '',
    table(rows),
    ...(errors.length ? ['', 'Errors (first of each kind):', ...errors] : []),
    ...runs.flatMap(run =>
      run.backendLogTail
        ? ['', `Backend log, ${run.label} (last lines):`, run.backendLogTail]
        : [],
    ),
  ].join('\n');
}
