import { parseYaml } from '../__testUtils__/fixtureView';
import { findingsOf, flagged } from '../__testUtils__/verdicts';
import { KubeObject } from '../types/kube';

const NAMESPACES = ['shop', 'pay']
  .map(
    name => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name} }
`,
  )
  .join('---');

const gateway = (
  name: string,
  namespace: string,
  listeners: object[],
  addresses?: object[],
) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({
  gatewayClassName: 'istio',
  listeners,
  ...(addresses ? { addresses } : {}),
})}
`;

const listener = (name: string, hostname?: string, port = 443) => ({
  name,
  port,
  protocol: 'HTTPS',
  ...(hostname ? { hostname } : {}),
});

const cluster = (...yaml: string[]): KubeObject[] =>
  [NAMESPACES, ...yaml].flatMap(parseYaml);

describe('Gateway API Gateway listeners and addresses (KIA1501–KIA1503)', () => {
  const objects = cluster(
    gateway('shop', 'shop', [
      listener('www', 'www.example.com'),
      listener('www-http', 'www.example.com', 80),
      listener('any'),
    ]),
    gateway(
      'pay',
      'pay',
      [listener('www', 'www.example.com')],
      [{ type: 'IPAddress', value: '10.0.0.10' }],
    ),
    gateway(
      'pay-internal',
      'pay',
      [listener('any')],
      [{ type: 'IPAddress', value: '10.0.0.10' }],
    ),
    gateway('twins', 'shop', [
      listener('api', 'api.example.com'),
      listener('api-again', 'api.example.com'),
      listener('api-plain', 'api.example.com', 80),
    ]),
    gateway('waypoint', 'shop', [
      { name: 'mesh', port: 15008, protocol: 'HBONE' },
    ]),
    gateway('waypoint', 'pay', [
      { name: 'mesh', port: 15008, protocol: 'HBONE' },
    ]),
  );

  it('MW315: a listener with the same hostname, port and protocol as another Gateway’s; listeners without hostname are not compared', () => {
    expect(flagged(objects, 'MW315')).toEqual([
      'Gateway pay/pay',
      'Gateway shop/shop',
    ]);
    expect(findingsOf(objects, 'MW315')[0].message).toContain(
      'www.example.com:443 HTTPS',
    );
  });

  it('MW316: the same address as another Gateway', () => {
    expect(flagged(objects, 'MW316')).toEqual([
      'Gateway pay/pay',
      'Gateway pay/pay-internal',
    ]);
  });

  it('MW317: two listeners of one Gateway with the same hostname, port and protocol', () => {
    expect(flagged(objects, 'MW317')).toEqual(['Gateway shop/twins']);
    const [twins] = findingsOf(objects, 'MW317');
    expect(twins.message).toContain('listeners api, api-again');
    expect(twins).toMatchObject({ severity: 'error', kialiCode: 'KIA1503' });
  });
});
