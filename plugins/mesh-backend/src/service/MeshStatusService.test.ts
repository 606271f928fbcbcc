import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { generateScenario } from '@meshwise/demo-cluster';
import {
  FleetFinding,
  InMemoryClusterView,
  Kinds,
  WATCHED_KINDS,
  computeWorkloadStatus,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { CatalogIndex } from '../catalog/CatalogIndex';
import { MeshCluster, MeshClusters } from '../clusters/MeshClusters';
import { FindingSuppressions } from './FindingSuppressions';
import { FINDING_SORT_FIELDS, MeshStatusService } from './MeshStatusService';
import { pageOf } from './pageOf';

const NOW = new Date('2025-06-01T00:00:00Z');

/** Two generated clusters and their catalog, served by a MeshStatusService with counted status computations. */
async function setUp() {
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
  // Only what the service reads of MeshClusters: the clusters and their changes.
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
  const catalog = CatalogIndex.create({
    load: async () => entities,
    logger,
  });
  await catalog.refresh();
  const computed: string[] = [];
  const service = MeshStatusService.create({
    clusters: meshClusters,
    catalog,
    analyzer: { now: NOW },
    suppressions: FindingSuppressions.create([]),
    computeStatus: (view, selection, config) => {
      computed.push(view.cluster);
      return computeWorkloadStatus(view, selection, config);
    },
    logger,
  });
  const changed = (cluster: string) => listeners.forEach(l => l(cluster));
  const component = entities.find(
    e => e.kind === 'Component' && workloadSelectionForEntity(e),
  )!;
  return { service, clusters, changed, computed, component, entities };
}

const page = { offset: 0, limit: 500 };

describe('MeshStatusService', () => {
  it('serves a repeated entity status from memory and recomputes a cluster after it changed', async () => {
    const { service, clusters, computed, component } = await setUp();
    try {
      const first = service.entityStatus(component);
      expect(first.clusters.map(c => c.cluster)).toEqual(['one', 'two']);
      expect(first.clusters[0].workloads.length).toBeGreaterThan(0);
      expect(computed).toEqual(['one', 'two']);
      const again = service.entityStatus(component);
      expect(again.clusters).toEqual(first.clusters);
      expect(computed).toEqual(['one', 'two']);

      // Take the entity's pods away in cluster two only.
      const view = clusters[1].view;
      for (const workload of first.clusters[1].workloads) {
        for (const pod of view.list(Kinds.Pod, workload.namespace)) {
          if (
            pod.metadata?.name?.startsWith(workload.workload.name) &&
            pod.metadata
          )
            view.remove(pod, Kinds.Pod);
        }
      }
      const after = service.entityStatus(component);
      expect(computed).toEqual(['one', 'two', 'two']);
      expect(after.clusters[0]).toEqual(first.clusters[0]);
      expect(after.clusters[1].workloads).toEqual([]);
    } finally {
      service.stop();
    }
  });

  it('answers from the latest analysis while a cluster is unchanged, the same as computing on request', async () => {
    const { service, clusters, computed, component, entities } = await setUp();
    try {
      service.refreshNow();
      const components = entities.filter(
        e => e.kind === 'Component' && workloadSelectionForEntity(e),
      );
      expect(components.length).toBeGreaterThan(5);
      const statuses = components.map(e => service.entityStatus(e));
      expect(computed).toEqual([]);
      // What the memo path computes for the same selection (NOW is fixed).
      const timeless = (value: unknown) =>
        JSON.parse(
          JSON.stringify(value, (key, v) =>
            key === 'generatedAt' ? undefined : v,
          ),
        );
      components.forEach((entity, i) => {
        const selection = workloadSelectionForEntity(entity)!;
        expect(timeless(statuses[i].clusters)).toEqual(
          clusters.map(c =>
            timeless(computeWorkloadStatus(c.view, selection, { now: NOW })),
          ),
        );
      });

      // After a change, until the next analysis: computed on request.
      clusters[0].view.setKindState(Kinds.Pod, 'stale', 'watch failed');
      const after = service.entityStatus(component);
      expect(computed).toEqual(['one']);
      expect(after.clusters[0].unknown?.reason).toBe('stale');
      // An entity that now selects other workloads is computed too.
      const moved = {
        ...component,
        metadata: {
          ...component.metadata,
          annotations: {
            ...component.metadata.annotations,
            'backstage.io/kubernetes-label-selector': 'app=nothing-here',
          },
        },
      };
      expect(service.entityStatus(moved).clusters[1].workloads).toEqual([]);
      expect(computed).toEqual(['one', 'one', 'two']);
    } finally {
      service.stop();
    }
  });

  it('answers /findings from one sorted list per analysis, the same as sorting each answer', async () => {
    const { service, clusters, changed } = await setUp();
    try {
      const all = service
        .clusterSnapshots()
        .flatMap(snapshot => snapshot.findings);
      expect(all.length).toBeGreaterThan(5);
      const expected = (
        findings: FleetFinding[],
        sort: string,
        offset = 0,
        limit = 500,
      ) =>
        pageOf(findings, {
          sort,
          keys: Object.fromEntries(
            FINDING_SORT_FIELDS.map(f => [
              f,
              (x: FleetFinding) =>
                f === 'severity'
                  ? ['error', 'warning', 'info'].indexOf(x.severity)
                  : (x as unknown as Record<string, string>)[f],
            ]),
          ),
          tieBreak: x => x.id,
          offset,
          limit,
        });
      for (const sort of ['severity', '-code', 'namespace', '-message']) {
        expect(service.findings({ ...page, sort })).toEqual(
          expected(all, sort),
        );
      }
      expect(
        service.findings({
          sort: '-namespace',
          severity: ['warning'],
          offset: 2,
          limit: 3,
        }),
      ).toEqual(
        expected(
          all.filter(f => f.severity === 'warning'),
          '-namespace',
          2,
          3,
        ),
      );
      expect(
        service.findings({ ...page, cluster: ['two'], search: 'svc' }).items,
      ).toEqual(
        expected(
          all.filter(
            f =>
              f.cluster === 'two' &&
              [f.message, ...f.objects.map(o => o.name), ...f.entityRefs].some(
                t => t.toLowerCase().includes('svc'),
              ),
          ),
          'severity',
        ).items,
      );

      // A change in cluster one: its findings are re-read, not served from the old list.
      const before = service.findings({ ...page, cluster: ['one'] });
      for (const ns of clusters[0].view.list(Kinds.Namespace)) {
        clusters[0].view.remove(ns, Kinds.Namespace);
      }
      changed('one');
      service.refreshNow();
      const after = service.findings({ ...page, cluster: ['one'] });
      expect(after.items).not.toEqual(before.items);
      expect(after).toEqual(
        expected(
          service
            .clusterSnapshots()
            .flatMap(s => s.findings)
            .filter(f => f.cluster === 'one'),
          'severity',
        ),
      );
    } finally {
      service.stop();
    }
  });
});
