import { loadFixture, patched, without } from '../__testUtils__/fixtureView';
import {
  findingsOf,
  flagged,
  refKey,
  withYaml,
} from '../__testUtils__/verdicts';
import { KubeObject } from '../types/kube';

/**
 * bookinfo: namespace istio-injection=enabled, istiod 1.24.3 and its
 * injector ConfigMap istio-sidecar-injector (hub docker.io/istio, proxy
 * image proxyv2, tag 1.24.3); productpage and details run proxyv2:1.24.3.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const sidecarPod = (
  ns: string,
  name: string,
  image: string,
  annotations: Record<string, string> = {},
) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: { app: ${name} }
  annotations: ${JSON.stringify(annotations)}
spec:
  containers:
    - { name: app, image: app:1 }
    - { name: istio-proxy, image: "${image}" }
status: { phase: Running }
`;

const OLD = 'docker.io/istio/proxyv2:1.23.2';
const CURRENT = 'docker.io/istio/proxyv2:1.24.3';

/** The pods MW105 names (to restart), sorted. */
const podsToRestart = (objects: KubeObject[]) =>
  findingsOf(objects, 'MW105')
    .flatMap(f => f.objects.filter(o => o.kind === 'Pod').map(refKey))
    .sort();

describe("MW105 / IST0158: proxy images other than the namespace's injector injects", () => {
  const cluster = withYaml(
    bookinfo,
    `apiVersion: v1
kind: Namespace
metadata: { name: manual }
---
apiVersion: v1
kind: Namespace
metadata: { name: opted-out, labels: { istio-injection: disabled, istio.io/rev: default } }`,
    // bookinfo is injected: the old image is stale, the current one in any variant is not
    sidecarPod('bookinfo', 'old-proxy', OLD),
    sidecarPod('bookinfo', 'distroless', `${CURRENT}-distroless`),
    // its own image, chosen by annotation: the injector keeps it
    sidecarPod('bookinfo', 'pinned', OLD, {
      'sidecar.istio.io/proxyImage': OLD,
    }),
    // namespaces without injection: nothing would re-inject these
    sidecarPod('manual', 'hand-injected', OLD),
    sidecarPod('opted-out', 'leftover', OLD),
  );

  it('names the pods whose restart would change their proxy, and no other', () => {
    expect(podsToRestart(cluster)).toEqual(['Pod bookinfo/old-proxy']);
  });

  it('reports on the namespace, as istioctl does, then the workload and its pods', () => {
    const stale = patched(
      cluster,
      'Pod',
      'bookinfo',
      'details-v1-65cfcf56f9-d1d1d',
      p => {
        p.spec.containers[1].image = OLD;
      },
    );
    expect(flagged(stale, 'MW105')).toEqual(['Namespace bookinfo']);
    const findings = findingsOf(stale, 'MW105');
    expect(findings.map(f => f.objects.map(refKey))).toEqual([
      [
        'Namespace bookinfo',
        'Deployment bookinfo/details-v1',
        'Pod bookinfo/details-v1-65cfcf56f9-d1d1d',
      ],
      // a bare pod is its own workload
      ['Namespace bookinfo', 'Pod bookinfo/old-proxy'],
    ]);
    expect(findings[0].message).toBe(
      `Namespace bookinfo: 1 of 1 pods of Deployment bookinfo/details-v1 run proxy image ${OLD} (injected by revision default), but the namespace's injector (revision default, ConfigMap istio-system/istio-sidecar-injector) injects ${CURRENT}; restart to update: details-v1-65cfcf56f9-d1d1d.`,
    );
  });

  it("takes the expected image from the injector's values, not from istiod's version", () => {
    const newerIstiod = patched(
      cluster,
      'Deployment',
      'istio-system',
      'istiod',
      d => {
        d.spec.template.spec.containers[0].image =
          'docker.io/istio/pilot:1.25.0';
      },
    );
    expect(podsToRestart(newerIstiod)).toEqual(['Pod bookinfo/old-proxy']);
    // global.proxy.image with a '/' is the whole image reference.
    const ownRegistry = patched(
      cluster,
      'ConfigMap',
      'istio-system',
      'istio-sidecar-injector',
      cm => {
        cm.data.values = JSON.stringify({
          global: {
            hub: 'docker.io/istio',
            tag: '1.24.3',
            proxy: { image: 'registry.example.com/mesh/proxyv2:1.24.3' },
          },
        });
      },
    );
    expect(podsToRestart(ownRegistry)).toEqual([
      'Pod bookinfo/details-v1-65cfcf56f9-d1d1d',
      'Pod bookinfo/distroless',
      'Pod bookinfo/old-proxy',
      'Pod bookinfo/productpage-v1-5d9b4c9f7c-x1x1x',
    ]);
  });

  it('says nothing for a revision without injector ConfigMap', () => {
    expect(
      podsToRestart(
        without(cluster, 'ConfigMap', 'istio-system', 'istio-sidecar-injector'),
      ),
    ).toEqual([]);
  });
});
