import {
  fixtureView,
  loadFixture,
  NOW,
  patched,
} from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import { labelsOf } from '../util/safe';
import { WorkloadSelection } from '../workloadSelection';
import { analyzeCluster, analyzeClusterWithParts } from './analyzeCluster';
import { computeWorkloadStatus } from './computeWorkloadStatus';

const FIXTURES = [
  'bookinfo-sidecar.yaml',
  'ambient.yaml',
  'eck-elastic-istio.yaml',
];

/** One selection per distinct label of the fixture's pods (with and without namespace), plus an empty one. */
function selectionsOf(objects: readonly KubeObject[]): WorkloadSelection[] {
  const selections = new Map<string, WorkloadSelection>();
  for (const obj of objects) {
    if (obj.kind !== 'Pod') continue;
    for (const [key, value] of Object.entries(labelsOf(obj))) {
      const labelSelector = `${key}=${value}`;
      const namespace = obj.metadata?.namespace;
      // Labels such as version=v1 pick some pods of several workloads.
      selections.set(labelSelector, { labelSelector });
      selections.set(`${namespace}|${labelSelector}`, {
        labelSelector,
        namespace,
      });
    }
  }
  return [...selections.values(), { labelSelector: 'app=nothing-has-this' }];
}

describe('analyzeClusterWithParts', () => {
  it.each(FIXTURES)(
    'gives the same analysis as analyzeCluster, and statuses assembled from its parts equal fresh ones (%s)',
    name => {
      const objects = loadFixture(name);
      const view = fixtureView(objects);
      const { analysis, parts } = analyzeClusterWithParts(view, { now: NOW });
      expect(analysis).toEqual(analyzeCluster(view, { now: NOW }));
      expect(parts.workloads.size).toBeGreaterThan(0);
      const selections = selectionsOf(objects);
      expect(selections.length).toBeGreaterThan(2);
      for (const selection of selections) {
        expect(
          computeWorkloadStatus(view, selection, { now: NOW }, parts),
        ).toEqual(computeWorkloadStatus(view, selection, { now: NOW }));
      }
    },
  );

  it('reuses the analysed workloads rather than analysing them again', () => {
    const view = fixtureView(loadFixture('bookinfo-sidecar.yaml'));
    const { parts } = analyzeClusterWithParts(view, { now: NOW });
    const status = computeWorkloadStatus(
      view,
      { labelSelector: 'app=productpage', namespace: 'bookinfo' },
      { now: NOW },
      parts,
    );
    const known = [...parts.workloads.values()].find(
      w => w.analysis.status.workload.name === 'productpage-v1',
    );
    // The very object the cluster analysis produced, not an equal copy.
    expect(status.workloads[0]).toBe(known?.analysis.status);
  });

  it('ignores parts of an earlier state of the view or another time', () => {
    const objects = loadFixture('bookinfo-sidecar.yaml');
    const view = fixtureView(objects);
    const selection = {
      labelSelector: 'app=productpage',
      namespace: 'bookinfo',
    };
    const { parts } = analyzeClusterWithParts(view, { now: NOW });

    const later = new Date(NOW.getTime() + 1000);
    const otherTime = computeWorkloadStatus(
      view,
      selection,
      { now: later },
      parts,
    );
    expect(otherTime).toEqual(
      computeWorkloadStatus(view, selection, { now: later }),
    );
    expect(otherTime.generatedAt).toBe(later.toISOString());

    // Take the productpage pods' sidecars away: the parts still describe them.
    for (const pod of view.list(Kinds.Pod, 'bookinfo')) {
      if (labelsOf(pod).app !== 'productpage') continue;
      const [changed] = patched(
        [pod],
        'Pod',
        'bookinfo',
        pod.metadata!.name!,
        p => {
          p.spec.containers = p.spec.containers.filter(
            (c: { name: string }) => c.name !== 'istio-proxy',
          );
          delete p.metadata.labels['security.istio.io/tlsMode'];
        },
      );
      view.upsert(changed, Kinds.Pod);
    }
    const before = parts.workloads.get('bookinfo/Deployment/productpage-v1');
    const after = computeWorkloadStatus(view, selection, { now: NOW }, parts);
    expect(after).toEqual(computeWorkloadStatus(view, selection, { now: NOW }));
    expect(after.workloads[0]).not.toBe(before?.analysis.status);
    expect(after.workloads[0].dataPlane.mode).not.toBe(
      before?.analysis.status.dataPlane.mode,
    );
  });
});
