import { fixtureView, NOW } from '../__testUtils__/fixtureView';
import { syntheticCluster } from '../__testUtils__/syntheticCluster';
import { Kinds } from '../kinds';
import { analyzeCluster } from './analyzeCluster';
import { computeWorkloadStatus } from './computeWorkloadStatus';

describe('at scale', () => {
  const objects = syntheticCluster({
    namespaces: 20,
    servicesPerNamespace: 10,
    podsPerService: 3,
  });
  const view = fixtureView(objects);
  const cluster = analyzeCluster(view, { now: NOW });

  it('per-entity status (index lookups) agrees with the whole-cluster analysis', () => {
    expect(cluster.errors).toEqual([]);
    expect(cluster.workloads).toHaveLength(20 * 10 + 1); // + the ingress gateway pod
    for (const w of cluster.workloads.filter(
      x => x.namespace !== 'istio-system',
    )) {
      const id = `${w.namespace}-${w.workload.name.replace(/-abc12$/, '')}`;
      const entity = computeWorkloadStatus(
        view,
        { labelSelector: `backstage.io/kubernetes-id=${id}` },
        { now: NOW },
      );
      expect(entity.workloads).toEqual([w]);
      expect(w.exposure.entries).toHaveLength(1);
      expect(w.mtls.mode).toBe('STRICT');
      expect(w.podCount).toBe(3);
    }
  });

  it('stays consistent as watch events arrive (incremental upsert/remove)', () => {
    const pod = view
      .list(Kinds.Pod, 'team-3')
      .find(p => p.metadata?.labels?.app === 'svc-4')!;
    const before = computeWorkloadStatus(
      view,
      { labelSelector: 'app=svc-4', namespace: 'team-3' },
      { now: NOW },
    );
    expect(before.workloads[0].podCount).toBe(3);
    view.remove(pod);
    const after = computeWorkloadStatus(
      view,
      { labelSelector: 'app=svc-4', namespace: 'team-3' },
      { now: NOW },
    );
    expect(after.workloads[0].podCount).toBe(2);
    // the gateway's Certificate turns not Ready: the memoized credential index must not serve the old state
    const cert = view.get(
      Kinds.Certificate,
      'istio-system',
      'team-3-svc-4-cert',
    )!;
    view.upsert({
      ...cert,
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'Failed' }],
      },
    });
    const notReady = computeWorkloadStatus(
      view,
      { labelSelector: 'app=svc-4', namespace: 'team-3' },
      { now: NOW },
    );
    expect(notReady.workloads[0].exposure.entries[0].credentials[0].state).toBe(
      'notReady',
    );
    expect(notReady.findings.map(f => f.code)).toContain('MW302');
    view.upsert(pod);
  });
});
