import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
  patched,
} from '../__testUtils__/fixtureView';
import { analyzeCluster } from '../analysis/analyzeCluster';
import { AnalysisContext } from './AnalysisContext';
import { restartWouldNotInject } from './restartAdvice';

// A pod of bookinfo that started without the proxy.
const unproxied = parseYaml(`
apiVersion: v1
kind: Pod
metadata:
  name: ratings-v1-abc12-r1r1r
  namespace: bookinfo
  labels: { app: ratings, pod-template-hash: abc12 }
  ownerReferences:
    - { apiVersion: apps/v1, kind: ReplicaSet, name: ratings-v1-abc12, controller: true }
spec:
  containers: [{ name: ratings, image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.2 }]
status: { phase: Running }
`);

const served = [...loadFixture('bookinfo-sidecar.yaml'), ...unproxied];
// The namespace moved to a revision that no istiod serves.
const unserved = patched(served, 'Namespace', undefined, 'bookinfo', ns => {
  delete ns.metadata.labels['istio-injection'];
  ns.metadata.labels['istio.io/rev'] = '1-99-0';
});

const mw102 = (objects: typeof served) =>
  analyzeCluster(fixtureView(objects), { now: NOW }).findings.find(
    f => f.code === 'MW102',
  );

describe('restart advice', () => {
  it('says a restart would not inject while the namespace selects a revision no istiod serves', () => {
    const ctx = (objects: typeof served) =>
      new AnalysisContext(fixtureView(objects), { now: NOW });
    expect(restartWouldNotInject(ctx(served), 'bookinfo')).toBeUndefined();
    expect(restartWouldNotInject(ctx(unserved), 'bookinfo')).toMatch(
      /revision "1-99-0", which no istiod serves \(MW104\)/,
    );
  });

  it('gives MW102 advice that does not contradict MW104', () => {
    expect(mw102(served)?.remediation).toMatch(/^Restart the workload/);
    const advice = mw102(unserved)?.remediation;
    expect(advice).toMatch(/^Namespace bookinfo selects revision "1-99-0"/);
    expect(advice).toMatch(
      /First point the namespace at an installed revision/,
    );
  });
});
