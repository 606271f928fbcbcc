import { loadFixture, without } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * The injector configuration checks, with fixtures written from istioctl's
 * injection.ImageAutoAnalyzer (MW134 / IST0146, MW135 / IST0147), its
 * injection.Analyzer's enableNamespacesByDefault branch (MW136 / IST0148)
 * and its webhook.Analyzer (MW603 / IST0139).
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const namespace = (name: string, labels: Record<string, string>) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
`;

/** A revisioned injector as the istiod chart writes it: namespace and object webhooks. */
const injector = (name: string, rev: string, serviceName = `istiod-${rev}`) => `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: ${name}, labels: { istio.io/rev: ${rev} } }
webhooks:
  - name: rev.namespace.sidecar-injector.istio.io
    clientConfig: { service: { name: ${serviceName}, namespace: istio-system, path: /inject } }
    namespaceSelector:
      matchExpressions:
        - { key: istio.io/rev, operator: In, values: [${rev}] }
        - { key: istio-injection, operator: DoesNotExist }
    objectSelector:
      matchExpressions:
        - { key: sidecar.istio.io/inject, operator: NotIn, values: ['false'] }
  - name: rev.object.sidecar-injector.istio.io
    clientConfig: { service: { name: ${serviceName}, namespace: istio-system, path: /inject } }
    namespaceSelector:
      matchExpressions:
        - { key: istio.io/rev, operator: DoesNotExist }
        - { key: istio-injection, operator: DoesNotExist }
    objectSelector:
      matchExpressions:
        - { key: sidecar.istio.io/inject, operator: NotIn, values: ['false'] }
        - { key: istio.io/rev, operator: In, values: [${rev}] }
`;
const istiodService = (name: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: istio-system }
spec: { selector: { app: istiod }, ports: [{ name: https-webhook, port: 443, targetPort: 15017 }] }
`;

const gatewayTemplate = (labels: Record<string, string>) => ({
  metadata: { labels, annotations: { 'inject.istio.io/templates': 'gateway' } },
  spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] },
});
const gatewayDeployment = (
  name: string,
  ns: string,
  labels: Record<string, string> = { app: name },
) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec: ${JSON.stringify({
  selector: { matchLabels: { app: name } },
  template: gatewayTemplate(labels),
})}
`;
const autoPod = (name: string, ns: string, image = 'auto') => `
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${ns}, labels: { app: ${name} } }
spec: { containers: [{ name: istio-proxy, image: ${image} }] }
status: { phase: Pending }
`;

describe('image: auto without injection (MW134 / IST0146, MW135 / IST0147)', () => {
  const cluster = withYaml(
    bookinfo,
    injector('istio-sidecar-injector-canary', 'canary'),
    istiodService('istiod-canary'),
    namespace('gw-injected', { 'istio.io/rev': 'canary' }),
    namespace('gw-plain', {}),
    gatewayDeployment('ingress', 'gw-injected'),
    gatewayDeployment('opted-out', 'gw-injected', {
      app: 'opted-out',
      'sidecar.istio.io/inject': 'false',
    }),
    gatewayDeployment('object-rev', 'gw-plain', {
      app: 'object-rev',
      'istio.io/rev': 'canary',
    }),
    gatewayDeployment('nowhere', 'gw-plain'),
    autoPod('stuck', 'gw-injected'),
    autoPod('injected', 'gw-injected', 'docker.io/istio/proxyv2:1.24.3'),
  );

  it('MW134: a Deployment whose pods no Istio webhook selects, by namespace or by pod labels', () => {
    expect(flagged(cluster, 'MW134')).toEqual([
      'Deployment gw-injected/opted-out',
      'Deployment gw-plain/nowhere',
    ]);
  });

  it('MW135: every pod still carrying the placeholder, wherever it runs', () => {
    expect(flagged(cluster, 'MW135')).toEqual(['Pod gw-injected/stuck']);
  });

  it('decides nothing on Deployments while the webhooks cannot be read', () => {
    const states = [
      {
        kind: Kinds.MutatingWebhookConfiguration,
        status: 'forbidden' as const,
      },
    ];
    expect(flagged(cluster, 'MW134', { states })).toEqual([]);
  });

  it('takes a webhook selector Kubernetes cannot parse as matching nothing', () => {
    const broken = withYaml(
      bookinfo,
      `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: broken }
webhooks:
  - name: broken.sidecar-injector.istio.io
    clientConfig: { url: https://example.com/inject }
    namespaceSelector:
      matchExpressions: [{ key: istio-injection, operator: Equals, values: [enabled] }]
`,
      namespace('gw', { 'istio-injection': 'enabled' }),
      gatewayDeployment('ingress', 'gw'),
    );
    expect(flagged(broken, 'MW134')).toEqual(['Deployment gw/ingress']);
  });
});

const injectorValues = (byDefault: boolean) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: istio-sidecar-injector, namespace: istio-system }
data:
  values: '{"global":{"hub":"docker.io/istio","tag":"1.24.3","proxy":{"image":"proxyv2"}},"sidecarInjectorWebhook":{"enableNamespacesByDefault":${byDefault}}}'
`;

describe('namespace injected by default (MW136 / IST0148)', () => {
  const namespaces = [
    namespace('unlabelled', {}),
    namespace('empty-label', { 'istio-injection': '' }),
    namespace('enabled', { 'istio-injection': 'enabled' }),
    namespace('disabled', { 'istio-injection': 'disabled' }),
    namespace('revision', { 'istio.io/rev': 'canary' }),
    namespace('ambient', { 'istio.io/dataplane-mode': 'ambient' }),
    namespace('kube-system', {}),
  ];
  const byDefault = withYaml(
    without(bookinfo, 'ConfigMap', 'istio-system', 'istio-sidecar-injector'),
    injectorValues(true),
    ...namespaces,
  );

  it('reports each namespace without an injection label when the injector injects by default, instead of MW101', () => {
    expect(flagged(byDefault, 'MW136')).toEqual([
      'Namespace empty-label',
      'Namespace unlabelled',
    ]);
    expect(flagged(byDefault, 'MW101')).toEqual([]);
    const [finding] = findingsOf(byDefault, 'MW136');
    expect(finding.objects[1]).toMatchObject({
      kind: 'ConfigMap',
      name: 'istio-sidecar-injector',
    });
  });

  it('reports nothing when the injector does not inject by default (MW101 does)', () => {
    const notByDefault = withYaml(bookinfo, ...namespaces);
    expect(flagged(notByDefault, 'MW136')).toEqual([]);
    expect(flagged(notByDefault, 'MW101')).toEqual([
      'Namespace empty-label',
      'Namespace unlabelled',
    ]);
  });

  it('decides nothing while ConfigMaps cannot be read', () => {
    const states = [{ kind: Kinds.ConfigMap, status: 'forbidden' as const }];
    expect(flagged(byDefault, 'MW136', { states })).toEqual([]);
  });
});

describe('Istio injection webhooks (MW603 / IST0139)', () => {
  /** The default revision's injector selecting istio-injection=enabled namespaces. */
  const defaultInjector = (name: string) => `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: ${name}, labels: { istio.io/rev: default } }
webhooks:
  - name: namespace.sidecar-injector.istio.io
    clientConfig: { service: { name: istiod, namespace: istio-system } }
    namespaceSelector: { matchLabels: { istio-injection: enabled } }
    objectSelector:
      matchExpressions:
        - { key: sidecar.istio.io/inject, operator: NotIn, values: ['false'] }
`;
  const unrelated = `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: cert-manager-webhook }
webhooks:
  - name: webhook.cert-manager.io
    clientConfig: { service: { name: cert-manager-webhook, namespace: cert-manager } }
`;

  it('reports each webhook another one overlaps with, and webhooks calling a missing Service', () => {
    const cluster = withYaml(
      bookinfo,
      defaultInjector('istio-sidecar-injector-default'),
      istiodService('istiod'),
      injector('istio-sidecar-injector-canary', 'canary'),
      istiodService('istiod-canary'),
      injector('istio-sidecar-injector-stable', 'stable'),
      // a second default injector left behind: the same namespaces twice
      defaultInjector('istio-sidecar-injector-leftover'),
      unrelated,
    );
    expect(flagged(cluster, 'MW603')).toEqual([
      'MutatingWebhookConfiguration istio-sidecar-injector-default',
      'MutatingWebhookConfiguration istio-sidecar-injector-leftover',
      'MutatingWebhookConfiguration istio-sidecar-injector-stable',
    ]);
    const messages = findingsOf(cluster, 'MW603').map(f => f.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'webhook istio-sidecar-injector-default/namespace.sidecar-injector.istio.io overlaps with istio-sidecar-injector-leftover/namespace.sidecar-injector.istio.io',
        ),
        expect.stringContaining(
          'calls Service istio-system/istiod-stable, which does not exist',
        ),
      ]),
    );
    // the stable injector overlaps with nothing: only its Service is missing
    expect(
      findingsOf(cluster, 'MW603').filter(
        f => f.objects[0].name === 'istio-sidecar-injector-stable',
      ),
    ).toHaveLength(2);
  });

  it('reports nothing for disjoint revisioned injectors with their Services', () => {
    const cluster = withYaml(
      bookinfo,
      defaultInjector('istio-sidecar-injector'),
      istiodService('istiod'),
      injector('istio-sidecar-injector-canary', 'canary'),
      istiodService('istiod-canary'),
      unrelated,
    );
    expect(flagged(cluster, 'MW603')).toEqual([]);
  });
});
