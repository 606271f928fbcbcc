import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';

/**
 * A mesh with auto mTLS off (or on) and three namespaces: shop (a STRICT
 * PeerAuthentication and a namespace-wide ISTIO_MUTUAL DestinationRule:
 * paired), pay (STRICT, nothing sends mTLS to it), legacy (DISABLE).
 */
const meshConfig = (autoMtls: boolean) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: istio-system }
data:
  mesh: |-
    enableAutoMtls: ${autoMtls}
`;

const namespaces = ['istio-system', 'shop', 'pay', 'legacy', 'old']
  .map(
    name => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
`,
  )
  .join('---');

const pa = (name: string, namespace: string, spec: object) => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

const dr = (name: string, namespace: string, host: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({ host, ...spec })}
`;

const tls = (mode: string) => ({ trafficPolicy: { tls: { mode } } });
const STRICT = { mtls: { mode: 'STRICT' } };
const DISABLE = { mtls: { mode: 'DISABLE' } };

const cluster = (autoMtls: boolean, ...yaml: string[]): KubeObject[] =>
  [meshConfig(autoMtls), namespaces, ...yaml].flatMap(parseYaml);

describe('MW205 (KIA0205, KIA0206): ISTIO_MUTUAL mesh- or namespace-wide without a PeerAuthentication, auto mTLS off', () => {
  const objects = [
    dr('shop-mtls', 'shop', '*.shop.svc.cluster.local', tls('ISTIO_MUTUAL')),
    pa('default', 'shop', { mtls: { mode: 'PERMISSIVE' } }),
    dr('pay-mtls', 'pay', '*.pay.svc.cluster.local', tls('ISTIO_MUTUAL')),
    pa('pay-api', 'pay', {
      selector: { matchLabels: { app: 'api' } },
      ...STRICT,
    }),
    dr('other-ns-host', 'shop', '*.pay.svc.cluster.local', tls('ISTIO_MUTUAL')),
    dr('legacy-simple', 'legacy', '*.legacy.svc.cluster.local', tls('SIMPLE')),
    dr('mesh', 'istio-system', '*.local', tls('ISTIO_MUTUAL')),
  ];

  it('reports the mesh-wide and namespace-wide forms only where no selector-less PeerAuthentication accepts mTLS', () => {
    expect(flagged(cluster(false, ...objects), 'MW205')).toEqual([
      'DestinationRule istio-system/mesh',
      'DestinationRule pay/pay-mtls',
    ]);
    expect(findingsOf(cluster(false, ...objects), 'MW205')[0]).toMatchObject({
      severity: 'error',
      kialiCode: 'KIA0205',
    });
  });

  it('a mesh-wide PeerAuthentication in the root namespace pairs both forms', () => {
    const meshPa = pa('default', 'istio-system', STRICT);
    expect(flagged(cluster(false, ...objects, meshPa), 'MW205')).toEqual([]);
  });

  it('nothing while auto mTLS is on, or while the mesh config cannot be read', () => {
    expect(flagged(cluster(true, ...objects), 'MW205')).toEqual([]);
    const states = [{ kind: Kinds.ConfigMap, status: 'forbidden' as const }];
    expect(flagged(cluster(false, ...objects), 'MW205', { states })).toEqual(
      [],
    );
  });
});

describe('MW206 (KIA0401, KIA0501): STRICT mesh- or namespace-wide without an ISTIO_MUTUAL DestinationRule, auto mTLS off', () => {
  const objects = [
    pa('default', 'istio-system', STRICT),
    pa('default', 'shop', STRICT),
    dr('shop-mtls', 'shop', '*.shop.svc.cluster.local', tls('ISTIO_MUTUAL')),
    pa('default', 'pay', STRICT),
    dr('pay-mutual', 'pay', '*.pay.svc.cluster.local', tls('MUTUAL')),
    pa('api', 'legacy', {
      selector: { matchLabels: { app: 'api' } },
      ...STRICT,
    }),
    pa('default', 'old', { mtls: { mode: 'PERMISSIVE' } }),
  ];

  it('reports STRICT PeerAuthentications without selector that no DestinationRule pairs', () => {
    expect(flagged(cluster(false, ...objects), 'MW206')).toEqual([
      'PeerAuthentication istio-system/default',
      'PeerAuthentication pay/default',
    ]);
  });

  it('a mesh-wide ISTIO_MUTUAL DestinationRule pairs every namespace', () => {
    const mesh = dr('mesh', 'istio-system', '*.local', tls('ISTIO_MUTUAL'));
    expect(flagged(cluster(false, ...objects, mesh), 'MW206')).toEqual([]);
  });

  it('nothing while auto mTLS is on, or without the DestinationRules', () => {
    expect(flagged(cluster(true, ...objects), 'MW206')).toEqual([]);
    const states = [
      { kind: Kinds.DestinationRule, status: 'pending' as const },
    ];
    expect(flagged(cluster(false, ...objects), 'MW206', { states })).toEqual(
      [],
    );
  });
});

describe('MW207 (KIA0505, KIA0506): DISABLE mesh- or namespace-wide while a DestinationRule sends mTLS', () => {
  it('reports DISABLE against a mesh-wide or namespace-wide (ISTIO_)MUTUAL rule; a namespace-wide DISABLE rule overrides the mesh-wide one', () => {
    const objects = cluster(
      true,
      dr('mesh', 'istio-system', '*.local', tls('ISTIO_MUTUAL')),
      pa('default', 'legacy', DISABLE),
      pa('default', 'old', DISABLE),
      dr('old-plain', 'old', '*.old.svc.cluster.local', tls('DISABLE')),
      pa('default', 'shop', DISABLE),
      dr('shop-mutual', 'shop', '*.shop.svc.cluster.local', tls('MUTUAL')),
      pa('api', 'pay', {
        selector: { matchLabels: { app: 'api' } },
        ...DISABLE,
      }),
    );
    expect(flagged(objects, 'MW207')).toEqual([
      'PeerAuthentication legacy/default',
      'PeerAuthentication shop/default',
    ]);
    const shop = findingsOf(objects, 'MW207').find(
      f => f.objects[0].namespace === 'shop',
    )!;
    expect(shop.objects.map(o => o.name)).toEqual(['default', 'shop-mutual']);
  });

  it('a mesh-wide DISABLE against the mesh-wide rule', () => {
    const objects = cluster(
      true,
      dr('mesh', 'istio-system', '*.local', tls('ISTIO_MUTUAL')),
      pa('default', 'istio-system', DISABLE),
    );
    expect(flagged(objects, 'MW207')).toEqual([
      'PeerAuthentication istio-system/default',
    ]);
    expect(
      flagged(cluster(true, pa('default', 'istio-system', DISABLE)), 'MW207'),
    ).toEqual([]);
  });
});

describe('MW208 (KIA0204): a DestinationRule without TLS overriding a wider ISTIO_MUTUAL', () => {
  const objects = cluster(
    true,
    dr('mesh', 'istio-system', '*.local', tls('ISTIO_MUTUAL')),
    dr('shop-mtls', 'shop', '*.shop.svc.cluster.local', tls('ISTIO_MUTUAL')),
    dr('cart-lb', 'shop', 'cart', {
      trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } },
    }),
    dr('cart-port-tls', 'shop', 'cart', {
      trafficPolicy: {
        portLevelSettings: [
          { port: { number: 8443 }, tls: { mode: 'ISTIO_MUTUAL' } },
        ],
      },
    }),
    dr('pay-subsets', 'shop', 'api.pay.svc.cluster.local', {
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    }),
    dr('external', 'shop', 'api.example.com', {}),
    dr('pay-tls', 'pay', 'api', tls('ISTIO_MUTUAL')),
  );

  it('reports in-cluster hosts whose rule sets no TLS, naming the rules it overrides', () => {
    expect(flagged(objects, 'MW208')).toEqual([
      'DestinationRule shop/cart-lb',
      'DestinationRule shop/pay-subsets',
    ]);
    const cartLb = findingsOf(objects, 'MW208').find(
      f => f.objects[0].name === 'cart-lb',
    )!;
    expect(cartLb.objects.map(o => o.name)).toEqual([
      'cart-lb',
      'mesh',
      'shop-mtls',
    ]);
  });
});
