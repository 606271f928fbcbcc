import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: { name: istio-system }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Namespace
metadata: { name: mall, labels: { istio.io/dataplane-mode: ambient } }
---
apiVersion: v1
kind: Namespace
metadata: { name: legacy }
`;

const pod = (app: string, namespace: string, sidecar: boolean) => `
apiVersion: v1
kind: Pod
metadata: { name: ${app}-0, namespace: ${namespace}, labels: { app: ${app} } }
spec:
  containers:
    - { name: app, image: app:1 }
${
  sidecar
    ? '    - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }'
    : ''
}
status: { phase: Running }
`;

const service = (
  name: string,
  namespace: string,
  ports: object[],
  labels: object = {},
) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(
  labels,
)} }
spec: ${JSON.stringify({ selector: { app: name }, ports })}
`;

const cluster = (...yaml: string[]): KubeObject[] =>
  [NAMESPACES, ...yaml].flatMap(parseYaml);

describe('MW829 (KIA0602): an appProtocol Istio does not know on a meshed Service', () => {
  const objects = cluster(
    pod('cart', 'shop', true),
    service('cart', 'shop', [
      { name: 'web', port: 80, appProtocol: 'HTTP' },
      { name: 'ws', port: 81, appProtocol: 'kubernetes.io/ws' },
      { name: 'odd', port: 82, appProtocol: 'http-alt' },
      { name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'dns' },
      { name: 'plain', port: 83 },
    ]),
    pod('mall', 'mall', false),
    service('mall', 'mall', [{ name: 'x', port: 80, appProtocol: 'thrift' }]),
    pod('old', 'legacy', false),
    service('old', 'legacy', [{ name: 'x', port: 80, appProtocol: 'thrift' }]),
  );

  it('reports each unknown appProtocol of a Service whose pods have a sidecar or are in ambient; not outside the mesh, not UDP', () => {
    expect(flagged(objects, 'MW829')).toEqual([
      'Service mall/mall',
      'Service shop/cart',
    ]);
    const cart = findingsOf(objects, 'MW829').filter(
      f => f.objects[0].name === 'cart',
    );
    expect(cart.map(f => f.message)).toEqual([
      expect.stringContaining("port 82 has appProtocol 'http-alt'"),
    ]);
  });

  it('decides nothing without the pods', () => {
    const states = [{ kind: Kinds.Pod, status: 'pending' as const }];
    expect(flagged(objects, 'MW829', { states })).toEqual([]);
  });
});

const deployment = (name: string, namespace: string, ports: object[]) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, version: v1 } }
    spec:
      containers: [${JSON.stringify({ name: 'app', image: 'app:1', ports })}]
`;

describe('MW830 (KIA0701): a Service port no container of its Deployment declares', () => {
  const objects = cluster(
    deployment('cart', 'shop', [
      { containerPort: 8080, name: 'http' },
      { containerPort: 9090 },
    ]),
    service('cart', 'shop', [
      { name: 'http-by-number', port: 80, targetPort: 8080 },
      { name: 'http-by-name', port: 81, targetPort: 'http' },
      { name: 'same-port', port: 9090 },
      { name: 'missing-number', port: 82, targetPort: 7070 },
      { name: 'missing-name', port: 83, targetPort: 'grpc' },
    ]),
    deployment('istiod', 'istio-system', [{ containerPort: 15010 }]),
    service('istiod', 'istio-system', [{ name: 'grpc', port: 15012 }]),
    deployment('edge', 'shop', [{ containerPort: 8080 }]),
    service('edge', 'shop', [{ name: 'https', port: 443 }], {
      'gateway.istio.io/managed': 'istio.io-gateway-controller',
    }),
    service('nobody', 'shop', [{ name: 'http', port: 80 }]),
  );

  it('reports each port by number or name, not the control plane’s or a gateway’s Services, nor a Service without a Deployment', () => {
    expect(flagged(objects, 'MW830')).toEqual(['Service shop/cart']);
    const ports = findingsOf(objects, 'MW830').map(f => f.message);
    expect(ports).toEqual([
      expect.stringContaining('port 82 sends to port 7070'),
      expect.stringContaining('port 83 sends to the port named grpc'),
    ]);
    expect(findingsOf(objects, 'MW830')[0].objects.map(o => o.kind)).toEqual([
      'Service',
      'Deployment',
    ]);
  });
});
