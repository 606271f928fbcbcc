import { InMemoryClusterView, Kinds } from '@meshwise/plugin-mesh-common';
import { claimCovers, hostClaimsOf } from './hostClaimsOf';

describe('hostClaimsOf', () => {
  it('lists Istio server hosts (namespace prefix dropped) and Gateway API listener hostnames, skipping waypoints', () => {
    const view = InMemoryClusterView.fromObjects(
      'c1',
      [
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { namespace: 'shop', name: 'web' },
          spec: {
            servers: [
              {
                port: { number: 443, protocol: 'HTTPS' },
                hosts: ['./Shop.Example.com', '*.api.example.com'],
              },
            ],
          },
        },
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { namespace: 'edge', name: 'public' },
          spec: {
            listeners: [
              { port: 80, protocol: 'HTTP' },
              { port: 443, hostname: 'edge.example.com' },
            ],
          },
        },
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { namespace: 'shop', name: 'waypoint' },
          spec: {
            gatewayClassName: 'istio-waypoint',
            listeners: [{ port: 15008, protocol: 'HBONE' }],
          },
        },
      ],
      { syncedKinds: [Kinds.IstioGateway, Kinds.K8sGateway] },
    );
    const claims = hostClaimsOf(view, ns =>
      ns === 'shop' ? 'group:default/shop' : undefined,
    );
    expect(claims).toEqual([
      {
        host: 'shop.example.com',
        port: 443,
        cluster: 'c1',
        namespace: 'shop',
        gateway: 'web',
        owner: 'group:default/shop',
      },
      {
        host: '*.api.example.com',
        port: 443,
        cluster: 'c1',
        namespace: 'shop',
        gateway: 'web',
        owner: 'group:default/shop',
      },
      {
        host: '*',
        port: 80,
        cluster: 'c1',
        namespace: 'edge',
        gateway: 'public',
      },
      {
        host: 'edge.example.com',
        port: 443,
        cluster: 'c1',
        namespace: 'edge',
        gateway: 'public',
      },
    ]);
  });

  it('matches wildcard claims as suffixes, never the bare domain', () => {
    expect(claimCovers('*.example.com', 'a.b.example.com')).toBe(true);
    expect(claimCovers('*.example.com', 'example.com')).toBe(false);
    expect(claimCovers('*', 'anything.io')).toBe(true);
    expect(claimCovers('shop.example.com', 'Shop.Example.com')).toBe(true);
  });
});
