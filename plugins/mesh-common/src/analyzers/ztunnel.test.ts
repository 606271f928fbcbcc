import { fixtureView, loadFixture, NOW } from '../__testUtils__/fixtureView';
import { analyzed, flagged, withYaml } from '../__testUtils__/verdicts';
import { AnalysisContext } from './AnalysisContext';
import { revisionUsage } from './revisions';

const ambient = loadFixture('ambient.yaml');

/**
 * ambient's node proxy as the Istio chart deploys it: DaemonSet `ztunnel` in
 * the root namespace, pods labelled `app: ztunnel`, one container named
 * `istio-proxy` (the name sidecars use too), no revision label.
 */
const ZTUNNEL = `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ztunnel, namespace: istio-system, uid: ds-ztunnel }
---
apiVersion: v1
kind: Pod
metadata:
  name: ztunnel-a1b2c
  namespace: istio-system
  labels: { app: ztunnel, istio.io/dataplane-mode: none, sidecar.istio.io/inject: "false" }
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: ztunnel, uid: ds-ztunnel, controller: true }]
spec:
  serviceAccountName: ztunnel
  containers:
    - name: istio-proxy
      image: docker.io/istio/ztunnel:1.24.3
      args: [proxy, ztunnel]
      ports: [{ name: ztunnel-stats, containerPort: 15020 }]
status: { phase: Running }
`;

/** The same pod without the label: the owning DaemonSet alone tells it apart. */
const ZTUNNEL_UNLABELLED = ZTUNNEL.replace(
  'labels: { app: ztunnel, ',
  'labels: { ',
);

/**
 * A node agent of the application's own, run as a DaemonSet in an injected
 * namespace: its istio-proxy container is a real sidecar.
 */
const NODE_AGENT_WITH_SIDECAR = `
apiVersion: v1
kind: Namespace
metadata: { name: agents, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Pod
metadata:
  name: node-agent-x9y8z
  namespace: agents
  labels: { app: node-agent }
  annotations: { sidecar.istio.io/status: '{"revision":"default"}' }
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: node-agent, controller: true }]
spec:
  containers:
    - { name: agent, image: agent:1 }
    - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }
status: { phase: Running }
`;

const workload = (objects: ReturnType<typeof withYaml>, name: string) =>
  analyzed(objects).workloads.find(w => w.workload.name === name)!;

const podsOfDefaultRevision = (objects: ReturnType<typeof withYaml>) =>
  revisionUsage(new AnalysisContext(fixtureView(objects), { now: NOW })).find(
    u => u.revision === 'default',
  )?.pods;

describe('ztunnel is not a sidecar', () => {
  it.each([
    ['labelled app: ztunnel', ZTUNNEL],
    ['owned by the DaemonSet ztunnel', ZTUNNEL_UNLABELLED],
  ])(
    'its pods (%s) are no meshed workload and no pod of a revision',
    (_, yaml) => {
      const objects = withYaml(ambient, yaml);
      const ztunnel = workload(objects, 'ztunnel');
      expect(ztunnel.dataPlane).toMatchObject({
        mode: 'none',
        revisions: [],
        proxyVersions: [],
      });
      expect(podsOfDefaultRevision(objects)).toBe(0);
      // "in the mesh but no AuthorizationPolicy applies": not for ztunnel.
      expect(flagged(objects, 'MW401')).toEqual([]);
    },
  );

  it("an application DaemonSet's istio-proxy container still is a sidecar", () => {
    const objects = withYaml(ambient, ZTUNNEL, NODE_AGENT_WITH_SIDECAR);
    expect(workload(objects, 'node-agent').dataPlane).toMatchObject({
      mode: 'sidecar',
      revisions: ['default'],
      proxyVersions: ['1.24.3'],
    });
    expect(podsOfDefaultRevision(objects)).toBe(1);
    expect(flagged(objects, 'MW401')).toEqual(['DaemonSet agents/node-agent']);
  });
});
