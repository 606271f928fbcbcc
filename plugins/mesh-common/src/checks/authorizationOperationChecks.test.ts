import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';

const BASE = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Namespace
metadata: { name: pay }
---
apiVersion: v1
kind: Service
metadata: { name: cart, namespace: shop }
spec: { selector: { app: cart }, ports: [{ name: http, port: 80 }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: checkout, namespace: pay }
spec:
  hosts: [checkout]
  http: [{ route: [{ destination: { host: cart.shop.svc.cluster.local } }] }]
`;

const policy = (name: string, operation: object) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: shop }
spec: ${JSON.stringify({
  action: 'ALLOW',
  rules: [{ to: [{ operation }] }],
})}
`;

const cluster = (...yaml: string[]): KubeObject[] =>
  [BASE, ...yaml].flatMap(parseYaml);

describe('MW407 (KIA0102): methods that match no HTTP method', () => {
  const objects = cluster(
    policy('exact', { methods: ['GET', 'post'] }),
    policy('patterns', { methods: ['*', 'PU*', '*ETE'] }),
    policy('typo', { methods: ['GETT', 'GET'] }),
    policy('grpc', { methods: ['shop.Cart/Add'] }),
    policy('no-match-pattern', { methods: ['X*'] }),
  );

  it('reports typos, gRPC names and patterns matching nothing; exact (any case), presence, prefix and suffix forms are valid', () => {
    expect(flagged(objects, 'MW407')).toEqual([
      'AuthorizationPolicy shop/grpc',
      'AuthorizationPolicy shop/no-match-pattern',
      'AuthorizationPolicy shop/typo',
    ]);
    const typo = findingsOf(objects, 'MW407').find(
      f => f.objects[0].name === 'typo',
    )!;
    expect(typo.message).toContain("methods 'GETT',");
  });
});

describe('MW408 (KIA0104): operation hosts that name no Service', () => {
  const objects = cluster(
    policy('short-known', { hosts: ['cart'] }),
    policy('two-part-known', { hosts: ['cart.shop'] }),
    policy('virtual-service-host', { hosts: ['checkout.pay'] }),
    policy('host-headers', {
      hosts: ['www.example.com', 'api.info', '*.example.com', 'cart*'],
    }),
    policy('short-unknown', { hosts: ['carts'] }),
    policy('two-part-unknown', { hosts: ['cart.pay', 'cart'] }),
  );

  it('reports Service-style hosts naming nothing; Host-header patterns are not looked up', () => {
    expect(flagged(objects, 'MW408')).toEqual([
      'AuthorizationPolicy shop/short-unknown',
      'AuthorizationPolicy shop/two-part-unknown',
    ]);
    const twoPart = findingsOf(objects, 'MW408').find(
      f => f.objects[0].name === 'two-part-unknown',
    )!;
    expect(twoPart.message).toContain('operation hosts cart.pay,');
  });

  it('decides nothing without the VirtualServices', () => {
    const states = [
      { kind: Kinds.VirtualService, status: 'forbidden' as const },
    ];
    expect(flagged(objects, 'MW408', { states })).toEqual([]);
  });
});
