import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * Policies that select a Gateway API gateway's pods by selector (MW330 /
 * IST0166), with fixtures written from istioctl's k8sgateway.SelectorAnalyzer:
 * gateway pods carry gateway.networking.k8s.io/gateway-name; only policies
 * of their own namespace count.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const gatewayPod = (name: string, gateway: string, namespace = 'edge') => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: { gateway.networking.k8s.io/gateway-name: ${gateway}, app: ${gateway} }
spec: { containers: [{ name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }] }
status: { phase: Running }
`;
const policy = (kind: string, apiGroup: string, name: string, spec: object) => `
apiVersion: ${apiGroup}
kind: ${kind}
metadata: { name: ${name}, namespace: edge }
spec: ${JSON.stringify(spec)}
`;
const authz = (name: string, spec: object) =>
  policy('AuthorizationPolicy', 'security.istio.io/v1', name, {
    action: 'DENY',
    rules: [{ to: [{ operation: { paths: ['/admin'] } }] }],
    ...spec,
  });

const cluster = withYaml(
  bookinfo,
  `
apiVersion: v1
kind: Namespace
metadata: { name: edge }
`,
  gatewayPod('public-istio-1', 'public'),
  gatewayPod('public-istio-2', 'public'),
  gatewayPod('internal-istio-1', 'internal'),
  gatewayPod('other-ns-istio-1', 'public', 'bookinfo'),
  authz('by-selector', { selector: { matchLabels: { app: 'public' } } }),
  authz('by-empty-selector', { selector: {} }),
  authz('by-target-ref', {
    targetRef: {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'public',
    },
  }),
  authz('namespace-wide', {}),
  authz('other-app', { selector: { matchLabels: { app: 'productpage' } } }),
  policy('RequestAuthentication', 'security.istio.io/v1', 'jwt', {
    selector: { matchLabels: { app: 'internal' } },
    jwtRules: [{ issuer: 'https://issuer.example.com' }],
  }),
  policy('Telemetry', 'telemetry.istio.io/v1', 'logs', {
    selector: { matchLabels: { app: 'public' } },
    accessLogging: [{ providers: [{ name: 'envoy' }] }],
  }),
);

describe('selectors on Gateway API gateway pods (MW330 / IST0166)', () => {
  it('reports each policy whose selector matches gateway pods of its namespace, not targetRef or namespace-wide ones', () => {
    expect(flagged(cluster, 'MW330')).toEqual([
      'AuthorizationPolicy edge/by-empty-selector',
      'AuthorizationPolicy edge/by-selector',
      'RequestAuthentication edge/jwt',
      'Telemetry edge/logs',
    ]);
  });

  it('names each gateway once, however many of its pods match', () => {
    const messages = Object.fromEntries(
      findingsOf(cluster, 'MW330').map(f => [f.objects[0].name, f.message]),
    );
    expect(messages['by-selector']).toContain('gateway public with');
    expect(messages['by-empty-selector']).toContain(
      'gateway internal, public with',
    );
  });

  it('decides nothing while pods cannot be read', () => {
    const states = [{ kind: Kinds.Pod, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW330', { states })).toEqual([]);
  });

  it('reports nothing on the reference fixtures', () => {
    expect(flagged(bookinfo, 'MW330')).toEqual([]);
    expect(flagged(loadFixture('ambient.yaml'), 'MW330')).toEqual([]);
  });
});
