/* eslint-disable no-console */
/**
 * Child process of the backend benchmark: one Backstage backend
 * (`startTestBackend`, mock auth and permissions that allow everything, the
 * catalog served by `catalogServiceMock` with the generated entities) with
 * either the real mesh plugin or the real kubernetes plugin (or neither:
 * `baseline`, the harness's own footprint), configured with the bench
 * clusters as `kubernetes.clusterLocatorMethods`. It listens on a free port,
 * prints one `BackendHostReady` line and serves until its parent closes
 * stdin; the parent measures it over HTTP and reads its RSS, and may ask for
 * its memory figures (`BackendCommand`).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/bench/benchBackend.ts \
 *     <mesh|kubernetes|baseline> <clustersFile> <entitiesFile> [indexed|mock]
 *
 * The catalog is `catalogServiceMock` with an indexed `getEntityByRef`
 * (see indexedCatalogService.ts); `mock` keeps the plain mock.
 */
import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { getHeapStatistics } from 'v8';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  BackendCommand,
  BackendHostReady,
  BackendKind,
  BenchCluster,
  MemoryFigures,
} from './benchProtocol';
import { indexedCatalogService } from './indexedCatalogService';
import { serveCommands } from './serveCommands';

const wallClockMs = () => performance.timeOrigin + performance.now();

function kubernetesConfig(kind: BackendKind, clusters: BenchCluster[]) {
  return {
    // multiTenant: every entity is looked for in every cluster, the
    // kubernetes plugin's usual setup for a shared fleet.
    ...(kind === 'kubernetes'
      ? { serviceLocatorMethod: { type: 'multiTenant' } }
      : {}),
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: clusters.map(c => ({
          name: c.name,
          url: c.url,
          authProvider: 'serviceAccount',
          serviceAccountToken: c.token,
          // The emulator speaks plain HTTP; the client still wants this set.
          skipTLSVerify: true,
          // The emulator serves no metrics.k8s.io; asking would only add a 404.
          skipMetricsLookup: true,
        })),
      },
    ],
  };
}

async function loadFeatures(kind: BackendKind) {
  switch (kind) {
    case 'mesh':
      return [(await import('@meshwise/plugin-mesh-backend')).default];
    case 'kubernetes':
      return [(await import('@backstage/plugin-kubernetes-backend')).default];
    default:
      return [];
  }
}

function catalogFactory(entities: Entity[], mode: string) {
  if (mode === 'mock') return catalogServiceMock.factory({ entities });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => indexedCatalogService(entities),
  });
}

async function main() {
  const kind = process.argv[2] as BackendKind;
  if (!['mesh', 'kubernetes', 'baseline'].includes(kind)) {
    throw new Error(
      `backend kind must be mesh, kubernetes or baseline, got ${kind}`,
    );
  }
  const clusters: BenchCluster[] = JSON.parse(
    readFileSync(process.argv[3], 'utf8'),
  );
  const entities: Entity[] = JSON.parse(readFileSync(process.argv[4], 'utf8'));
  const catalogMode = process.argv[5] ?? 'indexed';
  const features = await loadFeatures(kind);

  const startingAt = wallClockMs();
  const backend = await startTestBackend({
    features: [
      ...features,
      mockServices.rootConfig.factory({
        data: { kubernetes: kubernetesConfig(kind, clusters) },
      }),
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      catalogFactory(entities, catalogMode),
    ],
  });
  const ready: BackendHostReady = {
    port: backend.server.port(),
    startingAt,
    listeningAt: wallClockMs(),
  };
  console.log(JSON.stringify(ready));

  serveCommands<BackendCommand>(
    command => {
      if (command.op !== 'memory') throw new Error(`unknown op ${command.op}`);
      return memory(command.gc);
    },
    () => {
      backend.stop().finally(() => process.exit(0));
    },
  );
}

/**
 * The process's memory, optionally after full collections (needs
 * `--expose-gc`): live heap versus what the process merely holds on to.
 */
function memory(gc: boolean): MemoryFigures {
  const collect = (global as { gc?: () => void }).gc;
  if (gc) {
    if (!collect) throw new Error('memory after GC needs node --expose-gc');
    // A second pass collects what the first one's finalizers released.
    collect();
    collect();
  }
  const usage = process.memoryUsage();
  const mib = (bytes: number) => bytes / 1024 / 1024;
  return {
    rssMb: mib(usage.rss),
    heapUsedMb: mib(usage.heapUsed),
    heapTotalMb: mib(usage.heapTotal),
    externalMb: mib(usage.external),
    heapLimitMb: mib(getHeapStatistics().heap_size_limit),
  };
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
