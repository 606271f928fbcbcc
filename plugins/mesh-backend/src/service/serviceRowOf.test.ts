import {
  EntityClusterStatus,
  ExposureEntry,
  Finding,
  ObjectRef,
  WorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { serviceClusterPart, serviceRowOf } from './serviceRowOf';

const ref = (kind: string, namespace: string, name: string): ObjectRef => ({
  cluster: 'demo',
  apiVersion: 'v1',
  kind,
  namespace,
  name,
});

function exposure(
  gateway: string,
  host: string,
  certificate: { name: string; state: 'ready' | 'notReady' },
): ExposureEntry {
  return {
    via: 'istio',
    gateway: ref('Gateway', 'storefront-checkout', gateway),
    route: ref('VirtualService', 'storefront-checkout', gateway),
    gatewayWorkloadNamespaces: ['istio-system'],
    hosts: [host],
    port: 443,
    protocol: 'HTTPS',
    tlsMode: 'MUTUAL',
    credentials: [
      {
        name: certificate.name,
        namespace: 'istio-system',
        state: certificate.state,
        secret: 'present',
        certificate: {
          ref: ref('Certificate', 'istio-system', certificate.name),
          state: certificate.state,
        } as never,
      },
    ],
    service: ref('Service', 'storefront-checkout', 'checkout'),
  };
}

const finding = (code: `MW${number}`, objects: ObjectRef[]): Finding => ({
  id: `${code}:${objects.map(o => o.name).join(',')}`,
  code,
  severity: 'error',
  cluster: 'demo',
  objects,
  message: code,
  remediation: 'fix it',
  reference: { title: 'docs', url: 'https://istio.io/' },
});

/** checkout: a.appk8s.com sorts first but is fine; shop.example.org's certificate is not Ready. */
function status(findings: Finding[]): EntityClusterStatus {
  const workload = {
    workload: ref('Deployment', 'storefront-checkout', 'checkout'),
    namespace: 'storefront-checkout',
    podCount: 1,
    dataPlane: { mode: 'sidecar', revisions: [] },
    mtls: { mode: 'STRICT' },
    exposure: {
      exposed: true,
      entries: [
        exposure('a-gateway', 'a.appk8s.com', {
          name: 'a-certs',
          state: 'ready',
        }),
        exposure('shop-gateway', 'shop.example.org', {
          name: 'shop-certs',
          state: 'notReady',
        }),
      ],
    },
  } as unknown as WorkloadStatus;
  return {
    cluster: 'demo',
    generatedAt: '2026-01-01T00:00:00Z',
    workloads: [workload],
    eck: [],
    findings,
    degradedKinds: [],
  };
}

describe('serviceRowOf', () => {
  it('shows the worst host first and the failing certificate with its own host', () => {
    const notReady = finding('MW302', [
      ref('Certificate', 'istio-system', 'shop-certs'),
    ]);
    const part = serviceClusterPart(status([notReady]));
    const { row } = serviceRowOf(
      {
        entityRef: 'component:default/checkout',
        selection: { labelSelector: 'app=checkout' },
      },
      [part],
      new Map([[notReady.id, { severity: 'error', code: 'MW302' }]]),
    );
    expect(row.exposedHosts).toEqual(['shop.example.org', 'a.appk8s.com']);
    expect(row.worstHost).toEqual({ host: 'shop.example.org', state: 'error' });
    expect(row.certificate).toEqual({
      state: 'notReady',
      host: 'shop.example.org',
    });
  });

  it('lists hosts by name and names no worst host when nothing is wrong', () => {
    const { row } = serviceRowOf(
      {
        entityRef: 'component:default/checkout',
        selection: { labelSelector: 'app=checkout' },
      },
      [serviceClusterPart(status([]))],
      new Map(),
    );
    expect(row.exposedHosts).toEqual(['a.appk8s.com', 'shop.example.org']);
    expect(row.worstHost).toBeUndefined();
  });
});
