import type { Entity } from '@backstage/catalog-model';
import { BenchHttpClient } from './BenchHttpClient';
import type { BackendHostReady, BenchCluster } from './benchProtocol';
import { wallClockMs } from './pollUntil';
import { readRss } from './RssSampler';
import { BenchFiles, startBackendHost } from './startBackendHost';
import { benchLog } from './benchLog';

const KUBERNETES_WARM_UP = 20;

/**
 * The kubernetes backend's objects-by-entity route for each sampled entity,
 * once each after 20 warm-up requests (other entities); each answer must hold resources from
 * every cluster. Times are keyed by entity ref.
 */
export async function measureKubernetesBackend(
  files: BenchFiles,
  clusters: BenchCluster[],
  sample: Entity[],
  /** Other entities, for the warm-up requests. */
  warmUp: Entity[],
): Promise<{
  startupMs: number;
  times: Map<string, number>;
  meanBytes: number;
  rssMb: number;
}> {
  const spawnedAt = wallClockMs();
  const host = startBackendHost('kubernetes', files);
  const ready = await host.ready<BackendHostReady>();
  benchLog(`kubernetes backend listening on ${ready.port}`);
  const http = new BenchHttpClient(`http://127.0.0.1:${ready.port}`);
  try {
    const ask = async (entity: Entity) => {
      const r = await http.post<{ items: Array<{ errors: unknown[] }> }>(
        `/api/kubernetes/services/${entity.metadata.name}`,
        { entity },
      );
      if (r.status !== 200 || r.body.items.length !== clusters.length) {
        throw new Error(
          `kubernetes backend for ${entity.metadata.name}: ${
            r.status
          } ${JSON.stringify(r.body).slice(0, 500)}`,
        );
      }
      return r;
    };
    // Each request runs some 40 list calls through the plugin's code: 20
    // warm it up about as far as the mesh backend's warm-up does its own.
    for (let i = 0; i < KUBERNETES_WARM_UP; i++) {
      await ask(warmUp[i % warmUp.length]);
    }
    const times = new Map<string, number>();
    let bytes = 0;
    for (const entity of sample) {
      const r = await ask(entity);
      times.set(`component:default/${entity.metadata.name}`, r.ms);
      bytes += r.bytes;
    }
    return {
      startupMs: ready.listeningAt - spawnedAt,
      times,
      meanBytes: bytes / Math.max(1, sample.length),
      rssMb: readRss(host.pid).rssMb,
    };
  } finally {
    http.close();
    await host.stop();
  }
}
