import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterSyncState,
  EntityMeshStatus,
  FleetSummary,
  Page,
  ServiceRow,
} from '@meshwise/plugin-mesh-common';
import { BenchHttpClient } from './BenchHttpClient';
import type {
  BackendHostReady,
  BenchCluster,
  MemoryFigures,
} from './benchProtocol';
import { entityStatusPath } from './entityStatusPath';
import type { MeshFigures, RouteFigures } from './formatBenchReport';
import { JsonLineChild } from './JsonLineChild';
import { latencyStats } from './latencyStats';
import { measureChanges } from './measureChanges';
import type { BenchArgs } from './parseBenchArgs';
import { pollUntil, sleep, wallClockMs } from './pollUntil';
import { RssSampler, readRss } from './RssSampler';
import { BenchFiles, startBackendHost } from './startBackendHost';
import { benchLog } from './benchLog';
import { createMemoryCgroup } from './memoryCgroup';

const FLOOR_REQUESTS = 300;
const SYNC_TIMEOUT_MS = 15 * 60_000;

export interface MeshRun {
  figures: MeshFigures;
  /** Per entity ref, its request times (for the same-entities comparison). */
  byEntity: Map<string, number[]>;
}

/**
 * Starts the mesh backend, waits for its initial sync and first complete
 * analysis, then measures entity status, the fleet routes and watch-event
 * latency over HTTP, and its memory; stops it.
 */
export async function measureMeshBackend(options: {
  args: BenchArgs;
  /** For the writes behind the watch-event latencies. */
  clusterHost: JsonLineChild;
  clusters: BenchCluster[];
  files: BenchFiles;
  /** The entities whose status is requested. */
  sample: Entity[];
  /** Other entities, requested first to warm the code paths up (JIT, connection). */
  warmUp: Entity[];
  /** Run the backend in a memory cgroup of this size (MiB), as in a pod with that limit. */
  memoryLimitMb?: number;
  /** How many services `/fleet/services` must list once the catalog is read. */
  catalogServices: number;
  /** The harness's own memory (`measureBaseline`), reported beside the plugin's. */
  baseline: { rssMb: number; heapAfterGcMb: number };
}): Promise<MeshRun> {
  const { args, clusters, files, sample } = options;
  const limit = options.memoryLimitMb
    ? memoryLimit(options.memoryLimitMb)
    : undefined;
  const spawnedAt = wallClockMs();
  const host = startBackendHost('mesh', files, limit?.start ?? {});
  const sampler = new RssSampler(host.pid).start();
  try {
    const ready = await host.ready<BackendHostReady>();
    benchLog(`mesh backend listening on ${ready.port}; waiting for sync`);
    const http = new BenchHttpClient(`http://127.0.0.1:${ready.port}`);
    try {
      const synced = await pollUntil(
        () => http.getOk<{ items: ClusterSyncState[] }>('/api/mesh/clusters'),
        r =>
          r.body.items.length === clusters.length &&
          r.body.items.every(c => c.status === 'synced'),
        { intervalMs: 20, timeoutMs: SYNC_TIMEOUT_MS, what: 'clusters synced' },
      );
      benchLog(`synced after ${(synced.at - ready.startingAt).toFixed(0)} ms`);
      const expected = new Map(clusters.map(c => [c.name, c.workloads]));
      // When each cluster's last kind finished its initial list.
      const lastSynced = new Map(
        synced.value.body.items.map(c => [
          c.cluster,
          c.kinds
            .map(k => k.since)
            .sort()
            .reverse()[0] ?? '',
        ]),
      );
      // Complete: every cluster's analysis ran after its view was fully synced
      // (Secrets are not watched by default, so `degradedKinds` is never
      // empty), it counts every workload, and the catalog's services are
      // indexed.
      const analysed = await pollUntil(
        async () => ({
          summary: (
            await http.getOk<FleetSummary>('/api/mesh/fleet/summary')
          ).body,
          services: (
            await http.getOk<Page<ServiceRow>>(
              '/api/mesh/fleet/services?limit=1',
            )
          ).body,
        }),
        ({ summary, services }) =>
          summary.clusters.length === clusters.length &&
          summary.clusters.every(
            c =>
              c.generatedAt >= (lastSynced.get(c.cluster) ?? '') &&
              c.workloads.total === expected.get(c.cluster),
          ) &&
          services.totalCount === options.catalogServices,
        {
          intervalMs: 50,
          timeoutMs: SYNC_TIMEOUT_MS,
          what: 'first complete analysis',
        },
      );
      const afterSync = readRss(host.pid);
      benchLog(
        `first analysis after ${(analysed.at - ready.startingAt).toFixed(
          0,
        )} ms; RSS ${afterSync.rssMb.toFixed(0)} MiB`,
      );

      // Steady state: the garbage of the initial lists and analyses is
      // collected by background GC threads, which on a small machine
      // compete with the requests for the CPUs.
      await sleep(args.settleMs);

      // Per-entity status: a warm-up on other entities (so that the first
      // round is each sampled entity's first request), then round-robin.
      // Enough requests for V8 to optimise the request path (express,
      // Backstage's middleware and the route), as in a portal in use.
      for (let i = 0; i < args.warmUpRequests; i++) {
        await http.getOk(
          entityStatusPath(options.warmUp[i % options.warmUp.length]),
        );
      }
      const byEntity = new Map<string, number[]>();
      const all: number[] = [];
      const firsts: number[] = [];
      let bytes = 0;
      for (let round = 0; round < args.repeats; round++) {
        for (const entity of sample) {
          const r = await http.getOk<EntityMeshStatus>(
            entityStatusPath(entity),
          );
          if (
            r.body.clusters.length !== clusters.length ||
            r.body.clusters.some(c => c.workloads.length === 0)
          ) {
            throw new Error(
              `${entityStatusPath(entity)}: expected workloads in ${
                clusters.length
              } clusters, got ${JSON.stringify(r.body).slice(0, 300)}`,
            );
          }
          all.push(r.ms);
          if (round === 0) firsts.push(r.ms);
          bytes += r.bytes;
          const ref = r.body.entityRef;
          byEntity.set(ref, [...(byEntity.get(ref) ?? []), r.ms]);
        }
      }
      benchLog(`entity status measured (${all.length} requests)`);

      // The floor under every route: the same server's liveness route,
      // which runs no plugin code (no auth, no permission check).
      const floor: number[] = [];
      for (let i = 0; i < FLOOR_REQUESTS; i++) {
        floor.push((await http.getOk('/.backstage/health/v1/liveness')).ms);
      }

      const routes: RouteFigures[] = [];
      for (const route of [
        // The floor: auth, permission check, routing and a small answer.
        '/clusters',
        '/fleet/summary',
        '/findings?limit=100',
        '/fleet/services?limit=100',
        '/findings?limit=100&severity=error&sort=-namespace',
        '/fleet/services?limit=100&search=svc-001&sort=-pods',
      ]) {
        const times: number[] = [];
        for (let i = 0; i < 21; i++) {
          times.push((await http.getOk(`/api/mesh${route}`)).ms);
        }
        routes.push({
          route,
          first: times[0],
          stats: latencyStats(times.slice(1)),
        });
      }
      benchLog('fleet routes measured');

      const { watchToStatus, changeToFindings } = await measureChanges(
        args.events,
        http,
        options.clusterHost,
        clusters[0].name,
        sample,
      );
      benchLog('watch-event latencies measured');

      const afterRun = readRss(host.pid);
      sampler.stop();
      const beforeGc = await host.send<MemoryFigures>({
        op: 'memory',
        gc: false,
      });
      const afterGc = await host.send<MemoryFigures>({
        op: 'memory',
        gc: true,
      });
      return {
        byEntity,
        figures: {
          startupMs: ready.listeningAt - spawnedAt,
          syncMs: synced.at - ready.startingAt,
          firstAnalysisMs: analysed.at - ready.startingAt,
          rss: {
            afterSyncMb: afterSync.rssMb,
            afterRunMb: afterRun.rssMb,
            polledPeakMb: Math.max(sampler.polledPeakMb, afterRun.rssMb),
            hwmMb: afterRun.hwmMb,
            heapUsedMb: beforeGc.heapUsedMb,
            heapTotalMb: beforeGc.heapTotalMb,
            heapAfterGcMb: afterGc.heapUsedMb,
            rssAfterGcMb: afterGc.rssMb,
            baselineMb: options.baseline.rssMb,
            baselineHeapAfterGcMb: options.baseline.heapAfterGcMb,
          },
          memory: {
            limitMb: options.memoryLimitMb,
            how: limit?.how ?? 'none',
            heapLimitMb: afterGc.heapLimitMb,
          },
          httpFloor: latencyStats(floor),
          entityStatus: latencyStats(all),
          entityStatusFirst: latencyStats(firsts),
          entityStatusRepeat: latencyStats(
            all.filter((_, i) => i >= firsts.length),
          ),
          entityStatusMeanBytes: bytes / Math.max(1, all.length),
          routes,
          watchToStatus: latencyStats(watchToStatus),
          changeToFindings: latencyStats(changeToFindings),
        },
      };
    } finally {
      http.close();
    }
  } finally {
    sampler.stop();
    await host.stop();
    limit?.remove();
  }
}

/**
 * How to start the backend under a memory limit: in a memory cgroup when
 * this process may create one (the kernel enforces the limit, and Node sizes
 * its heap from it, as in a pod), else only with the heap ceiling Node would
 * derive from such a limit (half of it).
 */
function memoryLimit(limitMb: number): {
  start: { launcher?: string[]; nodeOptions?: string[] };
  how: string;
  remove(): void;
} {
  const cgroup = createMemoryCgroup(limitMb);
  if ('launcher' in cgroup) {
    return {
      start: { launcher: cgroup.launcher },
      how: `${cgroup.version} memory limit`,
      remove: cgroup.remove,
    };
  }
  benchLog(`${cgroup.unavailable}: emulating the limit with a heap ceiling`);
  const heapMb = Math.floor(limitMb / 2);
  return {
    start: { nodeOptions: [`--max-old-space-size=${heapMb}`] },
    how: `emulated with --max-old-space-size=${heapMb} (${cgroup.unavailable})`,
    remove: () => {},
  };
}
