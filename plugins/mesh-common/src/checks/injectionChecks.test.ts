import { loadFixture, patched, without } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

// istio-system (the root namespace) and bookinfo (istio-injection=enabled).
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const namespace = (name: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
`;

const pod = (ns: string, name: string) => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }
spec: { containers: [{ name: app, image: app:1 }] }
status: { phase: Running }
`;

describe('MW101 / IST0102: a namespace that does not say whether it is in the mesh', () => {
  const namespaces = withYaml(
    bookinfo,
    // reported: no label, with or without pods; an empty istio-injection value
    namespace('empty'),
    namespace('legacy'),
    pod('legacy', 'app-0'),
    namespace('blank-injection', { 'istio-injection': '' }),
    // not reported: any other istio-injection value is a deliberate choice,
    // any istio.io/rev label selects a revision, ambient is in the mesh
    namespace('opted-out', { 'istio-injection': 'disabled' }),
    namespace('odd-value', { 'istio-injection': 'no' }),
    namespace('blank-revision', { 'istio.io/rev': '' }),
    namespace('canary', { 'istio.io/rev': '1-24-3' }),
    namespace('ambient', { 'istio.io/dataplane-mode': 'ambient' }),
    // never: Kubernetes' own namespaces (the root namespace is istio-system)
    namespace('kube-system'),
    namespace('kube-node-lease'),
  );

  it('reports every unlabelled namespace, pods or not, and no other', () => {
    expect(flagged(namespaces, 'MW101')).toEqual([
      'Namespace blank-injection',
      'Namespace empty',
      'Namespace legacy',
    ]);
    const [empty] = findingsOf(namespaces, 'MW101').filter(
      f => f.objects[0].name === 'empty',
    );
    expect(empty.message).toContain(
      'pods created in it will start without a proxy',
    );
  });

  it('reports none when the default injector injects unlabelled namespaces (IST0148 instead)', () => {
    const byDefault = patched(
      namespaces,
      'ConfigMap',
      'istio-system',
      'istio-sidecar-injector',
      cm => {
        cm.data.values = JSON.stringify({
          ...JSON.parse(cm.data.values),
          sidecarInjectorWebhook: { enableNamespacesByDefault: true },
        });
      },
    );
    expect(flagged(byDefault, 'MW101')).toEqual([]);
    // The fixture's injector says false; without an injector, nothing injects them.
    expect(flagged(namespaces, 'MW101')).toHaveLength(3);
    expect(
      flagged(
        without(
          namespaces,
          'ConfigMap',
          'istio-system',
          'istio-sidecar-injector',
        ),
        'MW101',
      ),
    ).toHaveLength(3);
  });

  it('reports none while ConfigMaps cannot be read (the injector may inject them all)', () => {
    expect(
      flagged(namespaces, 'MW101', {
        states: [{ kind: Kinds.ConfigMap, status: 'forbidden' }],
      }),
    ).toEqual([]);
  });
});

describe('MW102 / IST0103: a pod without proxy where injection is on', () => {
  const proxyless = (
    ns: string,
    name: string,
    labels: Record<string, string> = {},
    annotations: Record<string, string> = {},
  ) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${JSON.stringify({ app: name, ...labels })}
  annotations: ${JSON.stringify(annotations)}
spec: { containers: [{ name: app, image: app:1 }] }
status: { phase: Running }
`;
  const cluster = withYaml(
    bookinfo.map(o =>
      // the root namespace labelled for injection as well
      o.kind === 'Namespace' && o.metadata?.name === 'istio-system'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: { ...o.metadata!.labels, 'istio-injection': 'enabled' },
            },
          }
        : o,
    ),
    proxyless('istio-system', 'root-helper'),
    namespace('control', { 'istio-injection': 'enabled' }),
    proxyless('control', 'istiod-remote', { app: 'istiod' }),
    proxyless('control', 'pilot-remote', { istio: 'pilot' }),
    proxyless('bookinfo', 'batch'),
    // host-network pods are never injected (istioctl skips them too)
    proxyless('bookinfo', 'node-exporter').replace(
      'spec: {',
      'spec: { hostNetwork: true,',
    ),
    proxyless('bookinfo', 'opted-out-upper', {
      'sidecar.istio.io/inject': 'False',
    }),
    proxyless(
      'bookinfo',
      'label-wins',
      { 'sidecar.istio.io/inject': 'true' },
      { 'sidecar.istio.io/inject': 'false' },
    ),
    proxyless(
      'bookinfo',
      'annotation-only',
      {},
      { 'sidecar.istio.io/inject': 'false' },
    ),
  );

  it('reports pods of injected namespaces, not the root namespace, istiod, host-network or opted-out pods', () => {
    expect(flagged(cluster, 'MW102')).toEqual([
      'Pod bookinfo/batch',
      'Pod bookinfo/label-wins',
    ]);
  });
});

describe('MW103 / IST0123: namespace labels asking for different data planes', () => {
  const cluster = withYaml(
    bookinfo,
    // conflicts
    namespace('both-injection', {
      'istio-injection': 'enabled',
      'istio.io/rev': '1-24-3',
    }),
    namespace('sidecar-and-ambient', {
      'istio-injection': 'enabled',
      'istio.io/dataplane-mode': 'ambient',
    }),
    namespace('revision-and-ambient', {
      'istio.io/rev': '1-24-3',
      'istio.io/dataplane-mode': 'ambient',
    }),
    // no conflict: istio-injection=disabled outranks the others
    namespace('disabled-with-revision', {
      'istio-injection': 'disabled',
      'istio.io/rev': '1-24-3',
    }),
    namespace('disabled-with-ambient', {
      'istio-injection': 'disabled',
      'istio.io/dataplane-mode': 'ambient',
    }),
    // no conflict: one label each
    namespace('revision-only', { 'istio.io/rev': '1-24-3' }),
    namespace('ambient-only', { 'istio.io/dataplane-mode': 'ambient' }),
    // never Kubernetes' own namespaces
    namespace('kube-system', {
      'istio-injection': 'enabled',
      'istio.io/rev': '1-24-3',
    }),
  );

  it('reports revision or ambient labels next to istio-injection=enabled, and ambient next to a revision; not next to istio-injection=disabled', () => {
    expect(flagged(cluster, 'MW103')).toEqual([
      'Namespace both-injection',
      'Namespace revision-and-ambient',
      'Namespace sidecar-and-ambient',
    ]);
  });

  it('says which labels conflict and what the injector makes of them', () => {
    const messages = Object.fromEntries(
      findingsOf(cluster, 'MW103').map(f => [f.objects[0].name, f.message]),
    );
    expect(messages['both-injection']).toBe(
      'Namespace both-injection has conflicting data plane labels istio-injection=enabled, istio.io/rev=1-24-3: istio-injection=enabled wins: pods get sidecars from the default revision; the other labels are ignored.',
    );
    expect(messages['revision-and-ambient']).toBe(
      'Namespace revision-and-ambient has conflicting data plane labels istio.io/rev=1-24-3, istio.io/dataplane-mode=ambient: pods get sidecars from revision 1-24-3, and ambient mode does not capture pods that have one.',
    );
  });
});
