import type { BenchArgs } from './parseBenchArgs';
import type { ClusterAnalysisFigures } from './measureClusterAnalysis';
import type { LatencyStats } from './latencyStats';

/** One target of the issue, checked against a measured figure. */
export interface TargetCheck {
  name: string;
  value: number;
  unit: string;
  /** `max`: the value must not exceed `target`; `min`: must reach it. */
  kind: 'max' | 'min';
  target: number;
  pass: boolean;
}

export interface RouteFigures {
  route: string;
  first: number;
  stats: LatencyStats;
}

/** One run of the mesh backend. */
export interface MeshFigures {
  /** The memory limit it ran under, how it was applied, and V8's heap ceiling. */
  memory: { limitMb?: number; how: string; heapLimitMb: number };
  /** Process spawn → backend listening (module loading, TS transform, plugin init). */
  startupMs: number;
  /** Backend start → every cluster `synced` in /clusters. */
  syncMs: number;
  /** Backend start → the fleet summary counts every workload of every cluster. */
  firstAnalysisMs: number;
  rss: {
    afterSyncMb: number;
    afterRunMb: number;
    polledPeakMb: number;
    /** The kernel's high-water mark (VmHWM) over the whole run. */
    hwmMb: number;
    /** V8 heap in use / reserved at the end of the run, before any forced GC. */
    heapUsedMb: number;
    heapTotalMb: number;
    /** Live heap and RSS after two full collections at the end of the run. */
    heapAfterGcMb: number;
    rssAfterGcMb: number;
    /** The same backend without any plugin (harness, mocks, TS transform). */
    baselineMb: number;
    baselineHeapAfterGcMb: number;
  };
  /** The server's liveness route, which runs no plugin code: the floor under any route. */
  httpFloor: LatencyStats;
  /** Every entity-status request. */
  entityStatus: LatencyStats;
  /** Each entity's first request (computed), and the repeats (from memory). */
  entityStatusFirst: LatencyStats;
  entityStatusRepeat: LatencyStats;
  entityStatusMeanBytes: number;
  routes: RouteFigures[];
  watchToStatus: LatencyStats;
  changeToFindings: LatencyStats;
}

/** Everything the backend benchmark measured (also written by `--json`). */
export interface BenchFigures {
  parameters: BenchArgs;
  /** Other work on the machine shows in the tails: CPUs and 1-minute load average. */
  machine: { cpus: number; loadAtStart: number; loadAtEnd: number };
  fleet: {
    clusters: number;
    objectsPerCluster: number;
    podsTotal: number;
    workloadsPerCluster: number;
    catalogServices: number;
  };
  /** The mesh backend without a memory limit. */
  mesh: MeshFigures;
  /** The same under `--memory-limit`, when one is set. */
  meshLimited?: MeshFigures;
  kubernetes: {
    startupMs: number;
    entities: number;
    objectsByEntity: LatencyStats;
    objectsByEntityMeanBytes: number;
    /** The mesh backend's latency over the same entities (run without a limit, like this one). */
    meshSameEntities: LatencyStats;
    speedupP50: number;
    speedupP99: number;
    rssMb: number;
  };
  analysis: ClusterAnalysisFigures;
  targets: TargetCheck[];
}

const ms = (x: number) =>
  !Number.isFinite(x)
    ? 'n/a'
    : x >= 1000
    ? `${(x / 1000).toFixed(2)} s`
    : x >= 100
    ? `${x.toFixed(0)} ms`
    : `${x.toFixed(2)} ms`;
const mb = (x: number) => `${x.toFixed(0)} MiB`;
const kb = (x: number) => `${(x / 1024).toFixed(1)} KiB`;

function statsLine(stats: LatencyStats): string {
  return `p50 ${ms(stats.p50)}  p95 ${ms(stats.p95)}  p99 ${ms(
    stats.p99,
  )}  max ${ms(stats.max)}  (n=${stats.n})`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows
    .map(r =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatValue(value: number, unit: string): string {
  if (unit === 'ms') return ms(value);
  if (unit === 'MiB') return mb(value);
  if (unit === '×') return `${value.toFixed(1)}×`;
  return `${value} ${unit}`;
}

/** The figures as the plain-text report the script prints. */
export function formatBenchReport(f: BenchFigures): string {
  const p = f.parameters;
  const out: string[] = [];
  out.push(
    `Meshwise backend benchmark — ${f.fleet.clusters} cluster(s) × ${p.services} services × ${p.podsPerService} pods` +
      ` (${f.fleet.objectsPerCluster} objects and ${f.fleet.workloadsPerCluster} workloads per cluster, ${f.fleet.podsTotal} pods in all; ${f.fleet.catalogServices} catalog services)`,
  );
  out.push(
    `Machine: ${
      f.machine.cpus
    } CPUs, 1-min load average ${f.machine.loadAtStart.toFixed(
      2,
    )} at start, ${f.machine.loadAtEnd.toFixed(2)} at end`,
  );
  out.push('');
  out.push(...meshSection(f.mesh, p));
  if (f.meshLimited) out.push(...meshSection(f.meshLimited, p));
  out.push(
    `Kubernetes backend (@backstage/plugin-kubernetes-backend, multiTenant, POST /api/kubernetes/services/:name, ${f.kubernetes.entities} entities)`,
  );
  out.push(
    table([
      ['startup (spawn → listening)', ms(f.kubernetes.startupMs)],
      [
        'objects by entity',
        `${statsLine(f.kubernetes.objectsByEntity)}  ${kb(
          f.kubernetes.objectsByEntityMeanBytes,
        )}/answer`,
      ],
      ['mesh, same entities', statsLine(f.kubernetes.meshSameEntities)],
      [
        'mesh speed-up (kubernetes / mesh)',
        `p50 ${f.kubernetes.speedupP50.toFixed(
          1,
        )}×  p99 ${f.kubernetes.speedupP99.toFixed(1)}×`,
      ],
      [
        'kubernetes / HTTP floor (the most any route could reach)',
        `p50 ${(
          f.kubernetes.objectsByEntity.p50 / f.mesh.httpFloor.p50
        ).toFixed(1)}×`,
      ],
      ['RSS (idle reference)', mb(f.kubernetes.rssMb)],
    ]),
  );
  out.push('');
  const a = f.analysis;
  out.push(
    `Whole-cluster analysis in-process (${a.services} services, ${a.pods} pods, ${a.workloads} workloads, ${a.findings} findings, ${a.errors} check errors)`,
  );
  out.push(
    table([
      [
        'analyzeCluster (all findings)',
        `first ${ms(a.findingsFirstMs)}  median ${ms(a.findingsMedianMs)}`,
      ],
      [
        'analyzeCluster + summarizeCluster',
        `first ${ms(a.firstMs)}  median ${ms(a.medianMs)}`,
      ],
      [
        'computeWorkloadStatus for every catalog service',
        `median ${ms(a.serviceStatusesMs)}  (${ms(
          a.perServiceStatusMs,
        )} per service)`,
      ],
    ]),
  );
  out.push('');
  out.push('Targets');
  out.push(
    table([
      ['target', 'measured', 'goal', ''],
      ...f.targets.map(t => [
        t.name,
        formatValue(t.value, t.unit),
        `${t.kind === 'max' ? '≤' : '≥'} ${formatValue(t.target, t.unit)}`,
        t.pass ? 'PASS' : 'MISS',
      ]),
    ]),
  );
  return out.join('\n');
}

/** One mesh run's heading and table, and a blank line. */
function meshSection(m: MeshFigures, p: BenchArgs): string[] {
  const heading = m.memory.limitMb
    ? `Mesh backend under a ${m.memory.limitMb} MiB memory limit (${
        m.memory.how
      }; V8 heap ceiling ${mb(m.memory.heapLimitMb)})`
    : `Mesh backend without a memory limit (V8 heap ceiling ${mb(
        m.memory.heapLimitMb,
      )}, sized from this machine's memory)`;
  return [
    heading,
    table([
      ['startup (spawn → listening)', ms(m.startupMs)],
      ['initial sync (start → all clusters synced)', ms(m.syncMs)],
      [
        'initial sync + first analysis (start → fleet summary complete)',
        ms(m.firstAnalysisMs),
      ],
      [
        `entity status (${p.entities} entities × ${p.repeats})`,
        `${statsLine(m.entityStatus)}  ${kb(m.entityStatusMeanBytes)}/answer`,
      ],
      ['  first request per entity', statsLine(m.entityStatusFirst)],
      ['  repeated requests', statsLine(m.entityStatusRepeat)],
      [
        'HTTP floor (GET /.backstage/health/v1/liveness)',
        statsLine(m.httpFloor),
      ],
      ...m.routes.map(r => [
        `GET ${r.route}`,
        `first ${ms(r.first)}  ${statsLine(r.stats)}`,
      ]),
      ['watch event → entity status', statsLine(m.watchToStatus)],
      ['change → /findings reflects it', statsLine(m.changeToFindings)],
      [
        'RSS',
        `after first analysis ${mb(m.rss.afterSyncMb)}  after run ${mb(
          m.rss.afterRunMb,
        )}  polled peak ${mb(m.rss.polledPeakMb)}  VmHWM ${mb(m.rss.hwmMb)}`,
      ],
      [
        'V8 heap at end of run',
        `used ${mb(m.rss.heapUsedMb)} of ${mb(
          m.rss.heapTotalMb,
        )}  after full GC: live ${mb(m.rss.heapAfterGcMb)}, RSS ${mb(
          m.rss.rssAfterGcMb,
        )}`,
      ],
      [
        'harness alone (same backend, no plugin)',
        `RSS ${mb(m.rss.baselineMb)}, live heap ${mb(
          m.rss.baselineHeapAfterGcMb,
        )}  → plugin: ≈ ${mb(
          m.rss.hwmMb - m.rss.baselineMb,
        )} of peak RSS, ≈ ${mb(
          m.rss.heapAfterGcMb - m.rss.baselineHeapAfterGcMb,
        )} live heap`,
      ],
    ]),
    '',
  ];
}
