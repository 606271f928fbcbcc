/* eslint-disable no-console */
/**
 * Child process of the benchmarks: serves N generated clusters, each from its
 * own Kubernetes API emulator, so that the measured backend process holds
 * nothing but itself. Writes the catalog entities to `entitiesFile`, prints
 * one JSON line describing the clusters (`ClusterHostReady`), then applies
 * writes sent as JSON lines on stdin (`ClusterCommand`, one `CommandReply`
 * line each, after the write and its watch events are in the store) until
 * its parent closes stdin.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/bench/benchClusters.ts \
 *     <clusters> <services> <podsPerService> <entitiesFile>
 */
import { writeFileSync } from 'fs';
import {
  KubeEmulator,
  generateScenario,
  startKubeEmulator,
} from '@meshwise/demo-cluster';
import type {
  BenchCluster,
  ClusterCommand,
  ClusterHostReady,
} from './benchProtocol';
import { countWorkloads } from './countWorkloads';
import { serveCommands } from './serveCommands';

export type { BenchCluster } from './benchProtocol';

function apply(emulator: KubeEmulator, command: ClusterCommand): unknown {
  const { store } = emulator;
  switch (command.op) {
    case 'delete':
      return store.delete(command.ref).metadata.resourceVersion;
    case 'put':
      return store.put(command.object).metadata.resourceVersion;
    case 'patch':
      return store.patch(command.ref, command.patch, command.patchType).metadata
        .resourceVersion;
    case 'get':
      return store.get(command.ref) ?? null;
    default:
      throw new Error(`unknown op ${(command as { op: unknown }).op}`);
  }
}

async function main() {
  const [clusters, services, podsPerService] = process.argv
    .slice(2, 5)
    .map(Number);
  const entitiesFile = process.argv[5];
  const now = new Date();
  const started: BenchCluster[] = [];
  const emulators = new Map<string, KubeEmulator>();
  let entities: unknown[] = [];
  for (let i = 1; i <= clusters; i++) {
    const name = `bench-${i}`;
    // The same seed in every cluster: the same services deployed to each
    // cluster, as a multi-cluster fleet runs them.
    const scenario = generateScenario({
      clusterName: name,
      services,
      podsPerService,
      seed: 7,
      now,
    });
    entities = scenario.entities;
    const emulator = await startKubeEmulator({
      token: `bench-token-${i}`,
      objects: scenario.objects,
      // Large enough that the watch of a backend that just listed is never 410.
      eventHistory: 100_000,
    });
    emulators.set(name, emulator);
    started.push({
      name,
      url: emulator.url,
      token: `bench-token-${i}`,
      objects: scenario.objects.length,
      pods: scenario.objects.filter(o => o.kind === 'Pod').length,
      workloads: countWorkloads(scenario.objects),
    });
  }
  writeFileSync(entitiesFile, JSON.stringify(entities));
  const ready: ClusterHostReady = { clusters: started };
  console.log(JSON.stringify(ready));

  serveCommands<ClusterCommand>(
    command => {
      const emulator = emulators.get(command.cluster);
      if (!emulator) throw new Error(`no cluster ${command.cluster}`);
      return apply(emulator, command);
    },
    () => {
      Promise.all([...emulators.values()].map(e => e.close())).finally(() =>
        process.exit(0),
      );
    },
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
