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
  mesh: {
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
    entityStatus: LatencyStats;
    entityStatusMeanBytes: number;
    routes: RouteFigures[];
    watchToStatus: LatencyStats;
    changeToFindings: LatencyStats;
  };
  kubernetes: {
    startupMs: number;
    entities: number;
    objectsByEntity: LatencyStats;
    objectsByEntityMeanBytes: number;
    /** The mesh backend's latency over the same entities. */
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
  out.push(
    `Mesh backend (own process, over HTTP${
      p.maxOldSpaceMb ? `, --max-old-space-size=${p.maxOldSpaceMb}` : ''
    })`,
  );
  out.push(
    table([
      ['startup (spawn → listening)', ms(f.mesh.startupMs)],
      ['initial sync (start → all clusters synced)', ms(f.mesh.syncMs)],
      [
        'initial sync + first analysis (start → fleet summary complete)',
        ms(f.mesh.firstAnalysisMs),
      ],
      [
        `entity status (${p.entities} entities × ${p.repeats})`,
        `${statsLine(f.mesh.entityStatus)}  ${kb(
          f.mesh.entityStatusMeanBytes,
        )}/answer`,
      ],
      ...f.mesh.routes.map(r => [
        `GET ${r.route}`,
        `first ${ms(r.first)}  ${statsLine(r.stats)}`,
      ]),
      ['watch event → entity status', statsLine(f.mesh.watchToStatus)],
      ['change → /findings reflects it', statsLine(f.mesh.changeToFindings)],
      [
        'RSS',
        `after first analysis ${mb(f.mesh.rss.afterSyncMb)}  after run ${mb(
          f.mesh.rss.afterRunMb,
        )}  polled peak ${mb(f.mesh.rss.polledPeakMb)}  VmHWM ${mb(
          f.mesh.rss.hwmMb,
        )}`,
      ],
      [
        'V8 heap at end of run',
        `used ${mb(f.mesh.rss.heapUsedMb)} of ${mb(
          f.mesh.rss.heapTotalMb,
        )}  after full GC: live ${mb(f.mesh.rss.heapAfterGcMb)}, RSS ${mb(
          f.mesh.rss.rssAfterGcMb,
        )}`,
      ],
      [
        'harness alone (same backend, no plugin)',
        `RSS ${mb(f.mesh.rss.baselineMb)}, live heap ${mb(
          f.mesh.rss.baselineHeapAfterGcMb,
        )}  → plugin: ≈ ${mb(
          f.mesh.rss.hwmMb - f.mesh.rss.baselineMb,
        )} of peak RSS, ≈ ${mb(
          f.mesh.rss.heapAfterGcMb - f.mesh.rss.baselineHeapAfterGcMb,
        )} live heap`,
      ],
    ]),
  );
  out.push('');
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
