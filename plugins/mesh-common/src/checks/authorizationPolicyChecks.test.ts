import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';

/**
 * bookinfo: productpage and details with sidecars in bookinfo
 * (istio-injection=enabled); the ingress gateway in istio-system; policies
 * bookinfo/policy, bookinfo/details-from-productpage and
 * istio-system/frontend-ingress, each selecting pods that exist.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const namespace = (name: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
`;

const plainPod = (ns: string, app: string, annotations = {}) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${app}-0
  namespace: ${ns}
  labels: { app: ${app} }
  annotations: ${JSON.stringify(annotations)}
spec: { containers: [{ name: app, image: app:1 }] }
status: { phase: Running }
`;

const policy = (
  ns: string,
  name: string,
  spec: Record<string, unknown> = {},
) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec: ${JSON.stringify(spec)}
`;

describe('MW402 / IST0127: an AuthorizationPolicy no mesh workload is subject to', () => {
  const cluster = withYaml(
    bookinfo,
    // a namespace outside the mesh, its pod without proxy
    namespace('legacy'),
    plainPod('legacy', 'billing'),
    policy('legacy', 'namespace-wide', { action: 'DENY', rules: [{}] }),
    policy('legacy', 'billing-only', {
      selector: { matchLabels: { app: 'billing' } },
    }),
    // an injected namespace without pods yet
    namespace('fresh', { 'istio-injection': 'enabled' }),
    policy('fresh', 'namespace-wide'),
    // an ambient namespace: its pods are in the mesh without a sidecar
    namespace('ambient', { 'istio.io/dataplane-mode': 'ambient' }),
    plainPod('ambient', 'ratings', {
      'ambient.istio.io/redirection': 'enabled',
    }),
    policy('ambient', 'namespace-wide'),
    // bookinfo has mesh pods; the root namespace's selector-less policy is mesh-wide
    policy('bookinfo', 'namespace-wide'),
    policy('istio-system', 'mesh-wide', { action: 'ALLOW', rules: [{}] }),
    // a root-namespace selector looks at the whole cluster's mesh pods
    policy('istio-system', 'billing-anywhere', {
      selector: { matchLabels: { app: 'billing' } },
    }),
  );

  it('reports selector-less policies where no pod is in the mesh, and selectors matching only pods outside it', () => {
    expect(flagged(cluster, 'MW402')).toEqual([
      'AuthorizationPolicy fresh/namespace-wide',
      'AuthorizationPolicy istio-system/billing-anywhere',
      'AuthorizationPolicy legacy/billing-only',
      'AuthorizationPolicy legacy/namespace-wide',
    ]);
    const [namespaceWide] = findingsOf(cluster, 'MW402').filter(
      f =>
        f.objects[0].namespace === 'legacy' &&
        f.objects[0].name === 'namespace-wide',
    );
    expect(namespaceWide.message).toBe(
      'AuthorizationPolicy legacy/namespace-wide applies to every workload in legacy, but no pod in legacy is in the mesh; the policy has no effect.',
    );
  });
});

describe('MW403 / IST0101: source namespaces that match no namespace', () => {
  // bookinfo and istio-system exist.
  const from = (name: string, source: Record<string, string[]>) =>
    policy('bookinfo', name, {
      selector: { matchLabels: { app: 'details' } },
      rules: [{ from: [{ source }] }],
    });
  const cluster = withYaml(
    bookinfo,
    from('typo', { namespaces: ['bookinf0'] }),
    from('suffix-nowhere', { namespaces: ['*-bogus'] }),
    from('prefix-nowhere', { notNamespaces: ['bogus-*'] }),
    from('prefix', { namespaces: ['book*'] }),
    from('suffix', { notNamespaces: ['*-system'] }),
    from('any', { namespaces: ['*'] }),
    from('other-case', { namespaces: ['BookInfo'] }),
  );

  it('reports names and prefix or suffix patterns that match no namespace, and no other', () => {
    expect(flagged(cluster, 'MW403')).toEqual([
      'AuthorizationPolicy bookinfo/prefix-nowhere',
      'AuthorizationPolicy bookinfo/suffix-nowhere',
      'AuthorizationPolicy bookinfo/typo',
    ]);
    const [suffix] = findingsOf(cluster, 'MW403').filter(
      f => f.objects[0].name === 'suffix-nowhere',
    );
    expect(suffix).toMatchObject({
      istioCode: 'IST0101',
      kialiCode: 'KIA0101',
      message:
        'AuthorizationPolicy bookinfo/suffix-nowhere names namespace(s) *-bogus, which match no namespace.',
    });
  });
});
