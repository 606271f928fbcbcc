import { Entity } from '@backstage/catalog-model';
import {
  Kinds,
  computeWorkloadStatus,
  workloadSelectionForEntity,
} from '@meshwise/plugin-mesh-common';
import { EntityStatusService } from './EntityStatusService';
import { FindingSuppressions } from './FindingSuppressions';
import { NOW, twoClusters } from './__testUtils__/twoClusters';

/** Two clusters served by an EntityStatusService that counts its computations (cluster names). */
async function setUp(options: { suppressions?: FindingSuppressions } = {}) {
  const fixture = await twoClusters(options);
  const computed: string[] = [];
  const service = EntityStatusService.create({
    clusters: fixture.meshClusters,
    snapshots: fixture.snapshots,
    suppressions: fixture.suppressions,
    computeStatus: (view, selection, config) => {
      computed.push(view.cluster);
      return computeWorkloadStatus(view, selection, config);
    },
  });
  return { ...fixture, service, computed, component: fixture.components[0] };
}

const withAnnotation = (entity: Entity, name: string, value: string) => ({
  ...entity,
  metadata: {
    ...entity.metadata,
    annotations: { ...entity.metadata.annotations, [name]: value },
  },
});

/** A status without its analysis times (NOW is fixed, generatedAt is when it ran). */
const timeless = (value: unknown) =>
  JSON.parse(
    JSON.stringify(value, (key, v) => (key === 'generatedAt' ? undefined : v)),
  );

describe('EntityStatusService', () => {
  it('serves a repeated entity status from memory and recomputes a cluster after it changed', async () => {
    const { service, snapshots, clusters, computed, component } = await setUp();
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
          if (pod.metadata?.name?.startsWith(workload.workload.name))
            view.remove(pod, Kinds.Pod);
        }
      }
      const after = service.entityStatus(component);
      expect(computed).toEqual(['one', 'two', 'two']);
      expect(after.clusters[0]).toEqual(first.clusters[0]);
      expect(after.clusters[1].workloads).toEqual([]);
    } finally {
      snapshots.stop();
    }
  });

  it('answers from the latest analysis while a cluster is unchanged, the same as computing on request', async () => {
    const { service, snapshots, clusters, computed, component, components } =
      await setUp();
    try {
      snapshots.refreshNow();
      expect(components.length).toBeGreaterThan(5);
      const statuses = components.map(e => service.entityStatus(e));
      expect(computed).toEqual([]);
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
      const moved = withAnnotation(
        component,
        'backstage.io/kubernetes-label-selector',
        'app=nothing-here',
      );
      expect(service.entityStatus(moved).clusters[1].workloads).toEqual([]);
      expect(computed).toEqual(['one', 'one', 'two']);

      // The next analysis covers the change again: nothing computed on request.
      snapshots.refreshNow();
      expect(service.entityStatus(component).clusters[0].unknown?.reason).toBe(
        'stale',
      );
      expect(computed).toHaveLength(3);
    } finally {
      snapshots.stop();
    }
  });

  it('keeps its ETag while nothing changed, and changes it with the cluster or the entity', async () => {
    const { service, snapshots, clusters, component, components } =
      await setUp();
    try {
      snapshots.refreshNow();
      const first = service.entityStatusBody(component);
      expect(first.etag).toMatch(/^W\/"[\w-]+"$/);
      expect(service.entityStatusBody(component)).toEqual(first);
      expect(service.entityStatusBody(components[1]).etag).not.toBe(first.etag);

      clusters[1].view.setKindState(Kinds.Pod, 'stale', 'watch failed');
      const changed = service.entityStatusBody(component);
      expect(changed.etag).not.toBe(first.etag);
      expect(changed.body.equals(first.body)).toBe(false);
      // Computed on request, then kept: the same answer until the next change.
      expect(service.entityStatusBody(component)).toEqual(changed);
    } finally {
      snapshots.stop();
    }
  });

  it('drops suppressed findings from analysed and computed statuses alike', async () => {
    // A component with findings of two codes; the rule suppresses one.
    const probe = await twoClusters();
    const [code, component] = probe.components.flatMap(entity => {
      const selection = workloadSelectionForEntity(entity)!;
      const codes = new Set(
        computeWorkloadStatus(probe.clusters[0].view, selection, {
          now: NOW,
        }).findings.map(f => f.code),
      );
      return codes.size > 1 ? [[[...codes][0], entity] as const] : [];
    })[0];
    probe.snapshots.stop();
    const { service, snapshots, clusters, computed } = await setUp({
      suppressions: FindingSuppressions.create([{ code }]),
    });
    try {
      snapshots.refreshNow();
      const analysed = service.entityStatus(component);
      clusters[0].view.setKindState(Kinds.Pod, 'synced');
      const onRequest = service.entityStatus(component);
      expect(computed).toEqual(['one']);
      for (const status of [analysed, onRequest]) {
        const codes = status.clusters.flatMap(c => c.findings.map(f => f.code));
        expect(codes).not.toContain(code);
        expect(codes.length).toBeGreaterThan(0);
      }
      expect(timeless(onRequest)).toEqual(timeless(analysed));
    } finally {
      snapshots.stop();
    }
  });

  it('asks only the annotated cluster, and answers unknown for a cluster that is not configured', async () => {
    const { service, snapshots, component, computed } = await setUp();
    try {
      const inTwo = service.entityStatus(
        withAnnotation(component, 'backstage.io/kubernetes-cluster', 'two'),
      );
      expect(inTwo.clusters.map(c => c.cluster)).toEqual(['two']);
      expect(computed).toEqual(['two']);

      const elsewhere = service.entityStatus(
        withAnnotation(component, 'backstage.io/kubernetes-cluster', 'three'),
      );
      expect(elsewhere.clusters).toEqual([
        expect.objectContaining({
          cluster: 'three',
          workloads: [],
          unknown: expect.objectContaining({ reason: 'error' }),
        }),
      ]);
      expect(computed).toEqual(['two']);
    } finally {
      snapshots.stop();
    }
  });
});
