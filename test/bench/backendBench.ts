/* eslint-disable no-console */
/**
 * Backend benchmark (issue 3, "Measured, not asserted"): a script, not a
 * test. Serves generated clusters from one child process, runs the real mesh
 * backend plugin in a second and the real kubernetes backend plugin in a
 * third, measures them over HTTP, then times the whole-cluster analysis
 * in-process. Prints a table with the targets and PASS/MISS; exits non-zero
 * only on errors, never because a target is missed.
 *
 *   npm run bench:backend -- [--quick] [--json figures.json] [flags, see parseBenchArgs.ts]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join, resolve } from 'path';
import type { Entity } from '@backstage/catalog-model';
import { benchLog } from './benchLog';
import type { ClusterHostReady } from './benchProtocol';
import { checkTargets } from './checkTargets';
import { BenchFigures, formatBenchReport } from './formatBenchReport';
import { JsonLineChild } from './JsonLineChild';
import { latencyStats } from './latencyStats';
import { measureBaseline } from './measureBaseline';
import { measureClusterAnalysis } from './measureClusterAnalysis';
import { measureKubernetesBackend } from './measureKubernetesBackend';
import { measureMeshBackend } from './measureMeshBackend';
import { BenchArgs, parseBenchArgs } from './parseBenchArgs';
import { BenchFiles } from './startBackendHost';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** `count` entities spread evenly over the list (deterministic). */
function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  return Array.from(
    { length: count },
    (_, i) => items[Math.floor((i * items.length) / count)],
  );
}

async function run(args: BenchArgs, tempDir: string): Promise<BenchFigures> {
  const loadAtStart = loadavg()[0];
  const files: BenchFiles = {
    clusters: join(tempDir, 'clusters.json'),
    entities: join(tempDir, 'entities.json'),
    catalog: args.catalog,
  };
  benchLog(
    `generating ${args.clusters} cluster(s) of ${args.services} services × ${args.podsPerService} pods`,
  );
  const clusterHost = JsonLineChild.start({
    name: 'cluster host',
    script: join(__dirname, 'benchClusters.ts'),
    args: [
      String(args.clusters),
      String(args.services),
      String(args.podsPerService),
      files.entities,
    ],
    cwd: REPO_ROOT,
  });
  try {
    const { clusters } = await clusterHost.ready<ClusterHostReady>();
    writeFileSync(files.clusters, JSON.stringify(clusters));
    const entities: Entity[] = JSON.parse(readFileSync(files.entities, 'utf8'));
    const services = entities
      .filter(
        e =>
          e.kind === 'Component' &&
          e.metadata.annotations?.['backstage.io/kubernetes-id'],
      )
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const sample = spread(services, args.entities);
    const sampled = new Set(sample);
    // Warm-up requests go to other entities, so that each sampled entity's
    // first request is measured as such.
    const warmUp = spread(
      services.filter(s => !sampled.has(s)),
      50,
    );
    const k8sSample = spread(sample, args.k8sEntities);
    benchLog(
      `clusters up: ${clusters
        .map(c => `${c.name} (${c.objects} objects)`)
        .join(', ')}`,
    );

    const baseline = await measureBaseline(files);
    benchLog(`harness baseline RSS ${baseline.rssMb.toFixed(0)} MiB`);
    const meshRun = (memoryLimitMb?: number) =>
      measureMeshBackend({
        args,
        clusterHost,
        clusters,
        files,
        sample,
        warmUp,
        memoryLimitMb,
        catalogServices: services.length,
        baseline,
      });
    const mesh = await meshRun();
    const meshLimited = args.memoryLimitMb
      ? (await meshRun(args.memoryLimitMb)).figures
      : undefined;
    const kubernetes = await measureKubernetesBackend(
      files,
      clusters,
      k8sSample,
      warmUp,
    );
    benchLog('kubernetes backend measured; analysing in-process');
    const k8sStats = latencyStats([...kubernetes.times.values()]);
    const meshSame = latencyStats(
      [...kubernetes.times.keys()].flatMap(ref => mesh.byEntity.get(ref) ?? []),
    );
    await clusterHost.stop();

    const analysis = measureClusterAnalysis({
      services: args.analysisServices,
      podsPerService: args.podsPerService,
      runs: args.analysisRuns,
    });

    const figures: Omit<BenchFigures, 'targets'> = {
      parameters: args,
      machine: {
        cpus: cpus().length,
        loadAtStart,
        loadAtEnd: loadavg()[0],
      },
      fleet: {
        clusters: clusters.length,
        objectsPerCluster: clusters[0].objects,
        podsTotal: clusters.reduce((sum, c) => sum + c.pods, 0),
        workloadsPerCluster: clusters[0].workloads,
        catalogServices: services.length,
      },
      mesh: mesh.figures,
      ...(meshLimited ? { meshLimited } : {}),
      kubernetes: {
        startupMs: kubernetes.startupMs,
        entities: kubernetes.times.size,
        objectsByEntity: k8sStats,
        objectsByEntityMeanBytes: kubernetes.meanBytes,
        meshSameEntities: meshSame,
        speedupP50: k8sStats.p50 / meshSame.p50,
        speedupP99: k8sStats.p99 / meshSame.p99,
        rssMb: kubernetes.rssMb,
      },
      analysis,
    };
    return { ...figures, targets: checkTargets(figures) };
  } finally {
    await clusterHost.stop();
  }
}

async function main() {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
  const tempDir = mkdtempSync(join(tmpdir(), 'meshwise-bench-'));
  const cleanUp = () => {
    JsonLineChild.killAll();
    rmSync(tempDir, { recursive: true, force: true });
  };
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      benchLog(`${signal}: stopping`);
      process.exit(130);
    });
  }
  const figures = await run(args, tempDir);
  console.log(formatBenchReport(figures));
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(figures, null, 2)}\n`);
    benchLog(`figures written to ${args.json}`);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
