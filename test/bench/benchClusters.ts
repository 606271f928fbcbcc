/* eslint-disable no-console */
/**
 * Child process of the benchmarks: serves N generated clusters, each from its
 * own Kubernetes API emulator, so that the measured backend process holds
 * nothing but itself. Prints one JSON line describing the clusters, then
 * serves until its parent closes stdin.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs test/bench/benchClusters.ts \
 *     <clusters> <services> <podsPerService> <entitiesFile>
 */
import { writeFileSync } from 'fs';
import { generateScenario, startKubeEmulator } from '@meshwise/demo-cluster';

export interface BenchCluster {
  name: string;
  url: string;
  token: string;
  objects: number;
  pods: number;
}

async function main() {
  const [clusters, services, podsPerService] = process.argv
    .slice(2, 5)
    .map(Number);
  const entitiesFile = process.argv[5];
  const now = new Date();
  const started: BenchCluster[] = [];
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
    started.push({
      name,
      url: emulator.url,
      token: `bench-token-${i}`,
      objects: scenario.objects.length,
      pods: scenario.objects.filter(o => o.kind === 'Pod').length,
    });
  }
  writeFileSync(entitiesFile, JSON.stringify(entities));
  console.log(JSON.stringify({ clusters: started }));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
