import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';
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

const cluster = (...yaml: string[]): KubeObject[] =>
  [NAMESPACES, ...yaml].flatMap(parseYaml);

const vs = (name: string, namespace: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({
  http: [{ route: [{ destination: { host: 'cart.shop.svc.cluster.local' } }] }],
  ...spec,
})}
`;

describe('MW831 (KIA1106, gateway-bound): VirtualServices on one Gateway defining the same host', () => {
  const objects = cluster(
    vs('shop-www', 'shop', {
      hosts: ['www.example.com'],
      gateways: ['edge'],
    }),
    vs('shop-www-admin', 'shop', {
      hosts: ['www.example.com', 'admin.example.com'],
      gateways: ['shop/edge'],
    }),
    vs('pay-www', 'pay', {
      hosts: ['www.example.com'],
      gateways: ['pay/edge'],
    }),
    vs('pay-www-on-shop-edge', 'pay', {
      hosts: ['admin.example.com'],
      gateways: ['shop/edge'],
    }),
    vs('mesh-cart', 'shop', { hosts: ['cart'] }),
    vs('mesh-cart-again', 'shop', { hosts: ['cart'], gateways: ['mesh'] }),
  );

  it('reports VirtualServices sharing a host on the same Gateway, however the Gateway is named; not other Gateways nor mesh-bound ones (MW805)', () => {
    expect(flagged(objects, 'MW831')).toEqual([
      'VirtualService pay/pay-www-on-shop-edge',
      'VirtualService shop/shop-www',
      'VirtualService shop/shop-www-admin',
    ]);
    const admin = findingsOf(objects, 'MW831').find(
      f => f.objects[0].name === 'shop-www-admin',
    )!;
    expect(admin.objects.map(o => o.name)).toEqual([
      'shop-www-admin',
      'shop-www',
      'pay-www-on-shop-edge',
    ]);
    expect(admin).toMatchObject({ severity: 'warning', kialiCode: 'KIA1106' });
  });
});

const se = (
  name: string,
  namespace: string,
  hosts: string[],
  ports: object[],
) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({
  hosts,
  ports,
  resolution: 'DNS',
  location: 'MESH_EXTERNAL',
})}
`;

const https = { number: 443, name: 'https', protocol: 'HTTPS' };

describe('MW832 (KIA1211): ServiceEntries declaring the same host and port', () => {
  const objects = cluster(
    se('api', 'shop', ['api.example.com'], [https]),
    se('api-again', 'pay', ['API.example.com', 'other.example.com'], [https]),
    se(
      'api-other-port',
      'pay',
      ['api.example.com'],
      [{ number: 8443, name: 'https-alt', protocol: 'HTTPS' }],
    ),
    se(
      'db',
      'shop',
      ['db.example.com'],
      [{ number: 5432, name: 'tcp', protocol: 'TCP' }],
    ),
    se(
      'db-tls',
      'pay',
      ['db.example.com'],
      [{ number: 5432, name: 'tls', protocol: 'TLS' }],
    ),
  );

  it('reports the same host (any case) and port with one protocol; another port is fine, another protocol is MW817', () => {
    expect(flagged(objects, 'MW832')).toEqual([
      'ServiceEntry pay/api-again',
      'ServiceEntry shop/api',
    ]);
    expect(flagged(objects, 'MW817')).toEqual([
      'ServiceEntry pay/db-tls',
      'ServiceEntry shop/db',
    ]);
  });
});

const sidecar = (name: string, hosts: string[]) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: shop }
spec: ${JSON.stringify({ egress: [{ hosts }] })}
`;

const service = (name: string, namespace: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 80 }] }
`;

describe('MW833 (KIA1004): Sidecar egress hosts that name nothing', () => {
  const objects = cluster(
    service('cart', 'shop'),
    service('api', 'pay'),
    se('payments', 'pay', ['payments.example.com'], [https]),
    sidecar('default', [
      './*',
      'istio-system/*',
      'pay/api.pay.svc.cluster.local',
      '*/payments.example.com',
      './cart',
      '*/*.example.org',
    ]),
    sidecar('typos', [
      'pay/apii.pay.svc.cluster.local',
      './cart',
      '*/nothing.example.com',
    ]),
  );

  it('reports Sidecars naming hosts that are no Service or ServiceEntry host, leaving wildcards alone', () => {
    expect(flagged(objects, 'MW833')).toEqual(['Sidecar shop/typos']);
    expect(findingsOf(objects, 'MW833')[0].message).toContain(
      'pay/apii.pay.svc.cluster.local, */nothing.example.com',
    );
  });

  it('decides nothing without the ServiceEntries', () => {
    const states = [{ kind: Kinds.ServiceEntry, status: 'forbidden' as const }];
    expect(flagged(objects, 'MW833', { states })).toEqual([]);
  });
});
