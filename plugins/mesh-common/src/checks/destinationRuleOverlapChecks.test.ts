import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { KubeObject } from '../types/kube';

const NAMESPACES = ['istio-system', 'shop', 'pay']
  .map(
    name => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
`,
  )
  .join('---');

const service = (name: string, namespace: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 80 }] }
`;

const dr = (name: string, namespace: string, host: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({ host, ...spec })}
`;

const subsets = (...names: string[]) => ({
  subsets: names.map(name => ({ name, labels: { version: name } })),
});
const MTLS = { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } };

const cluster = (...yaml: string[]): KubeObject[] =>
  [NAMESPACES, service('cart', 'shop'), service('api', 'pay'), ...yaml].flatMap(
    parseYaml,
  );

describe('MW827 (KIA0201): several DestinationRules for one host and subset', () => {
  const objects = cluster(
    dr('cart-v1', 'shop', 'cart', subsets('v1')),
    dr(
      'cart-v1-again',
      'shop',
      'cart.shop.svc.cluster.local',
      subsets('v1', 'v3'),
    ),
    dr('cart-v2', 'shop', 'cart.shop', subsets('v2')),
    dr('api-all', 'pay', 'api', {}),
    dr('api-v1-elsewhere', 'shop', 'api.pay.svc.cluster.local', subsets('v1')),
    dr('wild-example', 'shop', '*.example.com', {}),
    dr('www-example', 'pay', 'www.example.com', subsets('blue')),
    dr('other-example', 'pay', 'www.example.org', {}),
    dr('mesh-mtls', 'istio-system', '*.local', MTLS),
    dr('shop-mtls', 'shop', '*.shop.svc.cluster.local', MTLS),
  );

  it('reports rules whose hosts overlap and share a subset, or where one has no subsets; not the mesh- or namespace-wide mTLS rules', () => {
    expect(flagged(objects, 'MW827')).toEqual([
      'DestinationRule pay/api-all',
      'DestinationRule pay/www-example',
      'DestinationRule shop/api-v1-elsewhere',
      'DestinationRule shop/cart-v1',
      'DestinationRule shop/cart-v1-again',
      'DestinationRule shop/wild-example',
    ]);
    const cart = findingsOf(objects, 'MW827').find(
      f => f.objects[0].name === 'cart-v1',
    )!;
    expect(cart.objects.map(o => o.name)).toEqual(['cart-v1', 'cart-v1-again']);
    expect(cart.message).toContain('subset v1');
    expect(cart).toMatchObject({ severity: 'warning', kialiCode: 'KIA0201' });
  });
});

describe('MW828 (KIA0209): a subset without labels', () => {
  const objects = cluster(
    dr('cart', 'shop', 'cart', {
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'all' },
        { name: 'empty', labels: {} },
      ],
    }),
    dr('api', 'pay', 'api', subsets('v1')),
    dr('unknown-host', 'pay', 'nope', { subsets: [{ name: 'all' }] }),
  );

  it('reports each unlabelled subset of a rule for a known host', () => {
    const findings = findingsOf(objects, 'MW828');
    expect(flagged(objects, 'MW828')).toEqual(['DestinationRule shop/cart']);
    expect(findings.map(f => f.message.split(' ')[1]).sort()).toEqual([
      'all',
      'empty',
    ]);
  });
});
