import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { generateScenario } from '@meshwise/demo-cluster';
import {
  InMemoryClusterView,
  WATCHED_KINDS,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { CatalogIndex } from '../../catalog/CatalogIndex';
import { MeshCluster, MeshClusters } from '../../clusters/MeshClusters';
import { ClusterSnapshots } from '../ClusterSnapshots';
import { FindingSuppressions } from '../FindingSuppressions';

/** The analysis time of every test using these clusters. */
export const NOW = new Date('2025-06-01T00:00:00Z');

/**
 * Two generated clusters ("one", "two") with the same objects, their catalog
 * and their ClusterSnapshots. `changed(name)` tells listeners a cluster
 * changed, as MeshClusters does after a watch event.
 */
export async function twoClusters(
  options: { suppressions?: FindingSuppressions } = {},
) {
  const scenario = generateScenario({
    clusterName: 'one',
    services: 12,
    podsPerService: 2,
    seed: 3,
  });
  const clusters: MeshCluster[] = ['one', 'two'].map(name => ({
    name,
    view: InMemoryClusterView.fromObjects(name, scenario.objects, {
      syncedKinds: WATCHED_KINDS,
    }),
  }));
  // As the catalog serves them: JSON.
  const entities: Entity[] = JSON.parse(JSON.stringify(scenario.entities));
  const listeners: Array<(cluster: string) => void> = [];
  // Only what the services read of MeshClusters: the clusters and their changes.
  const meshClusters = {
    list: () => clusters,
    get: (name: string) => clusters.find(c => c.name === name),
    onChange: (listener: (cluster: string) => void) => {
      listeners.push(listener);
      return () => {};
    },
    syncStates: () => [],
  } as unknown as MeshClusters;
  const logger = mockServices.logger.mock();
  const catalog = CatalogIndex.create({ load: async () => entities, logger });
  await catalog.refresh();
  const suppressions = options.suppressions ?? FindingSuppressions.create([]);
  const snapshots = ClusterSnapshots.create({
    clusters: meshClusters,
    catalog,
    analyzer: { now: NOW },
    suppressions,
    logger,
  });
  const changed = (cluster: string) => listeners.forEach(l => l(cluster));
  const components = entities.filter(
    e => e.kind === 'Component' && workloadSelectionForEntity(e),
  );
  return {
    clusters,
    meshClusters,
    catalog,
    snapshots,
    suppressions,
    changed,
    entities,
    components,
  };
}
