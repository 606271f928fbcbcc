import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
  patched,
} from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { computeWorkloadStatus } from './computeWorkloadStatus';
import { analyzeCluster } from './analyzeCluster';
import { summarizeCluster, summarizeFleet } from './summarizeFleet';

const bookinfo = loadFixture('bookinfo-sidecar.yaml');

describe('computeWorkloadStatus', () => {
  it('answers for the entity selection with its exposure, certificate, authorization and related findings', () => {
    const status = computeWorkloadStatus(
      fixtureView(bookinfo),
      {
        labelSelector: 'backstage.io/kubernetes-id=productpage',
        namespace: 'bookinfo',
      },
      { now: NOW },
    );
    expect(status.workloads.map(w => w.workload.name)).toEqual([
      'productpage-v1',
    ]);
    const w = status.workloads[0];
    expect(w.dataPlane).toMatchObject({
      mode: 'sidecar',
      revisions: ['default'],
      proxyVersions: ['1.24.3'],
    });
    expect(w.dataPlane.controlPlanes[0]).toMatchObject({
      revision: 'default',
      version: '1.24.3',
      found: true,
    });
    expect(w.exposure.entries).toHaveLength(1);
    expect(w.exposure.entries[0]).toMatchObject({
      hosts: ['productpage.bookinfo.appk8s.com'],
      port: 443,
      tlsMode: 'MUTUAL',
      gatewayWorkloadNamespaces: ['istio-system'],
    });
    expect(w.exposure.entries[0].credentials[0]).toMatchObject({
      namespace: 'istio-system',
      state: 'ready',
      secret: 'present',
      certificate: {
        daysToExpiry: 183,
        issuer: { type: 'vault', ready: 'True' },
      },
    });
    expect(w.authorization.policies.map(p => p.ref.name)).toEqual(['policy']);
    expect(w.authorization).toMatchObject({
      defaultDecision: 'deny',
      jwt: { required: true },
    });
    expect(w.authorization.requestAuthentications[0]).toMatchObject({
      scope: 'mesh',
    });
    // the Gateway's MUTUAL caveat concerns this entity; details' findings do not
    expect(status.findings.map(f => f.code)).toEqual(['MW309']);
  });

  it('returns nothing for another cluster and reports an invalid selector as unknown', () => {
    const view = fixtureView(bookinfo);
    expect(
      computeWorkloadStatus(view, {
        labelSelector: 'app=productpage',
        cluster: 'other',
      }).workloads,
    ).toEqual([]);
    const bad = computeWorkloadStatus(view, { labelSelector: 'app in (x' });
    expect(bad.unknown).toMatchObject({ reason: 'missingData' });
  });

  it('reports unreadable pods as unknown instead of "no workloads"', () => {
    const view = fixtureView(bookinfo, [
      { kind: Kinds.Pod, status: 'forbidden', reason: 'pods is forbidden' },
    ]);
    const status = computeWorkloadStatus(
      view,
      { labelSelector: 'app=productpage' },
      { now: NOW },
    );
    expect(status.unknown).toMatchObject({ reason: 'forbidden' });
    expect(status.degradedKinds).toEqual([
      expect.objectContaining({ kind: 'Pod', status: 'forbidden' }),
    ]);
    expect(status.workloads.every(w => w.dataPlane.mode === 'unknown')).toBe(
      true,
    );
  });

  it('exposure: Gateway API routes count, uninstalled CRDs are known-empty, forbidden ones unknown', () => {
    const gwApi = [
      ...bookinfo,
      ...parseYaml(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: bookinfo }
spec:
  gatewayClassName: istio
  listeners:
    - name: https
      port: 443
      protocol: HTTPS
      hostname: "*.example.com"
      tls: { mode: Terminate, certificateRefs: [{ name: details-cert }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: details, namespace: bookinfo }
spec:
  parentRefs: [{ name: public }]
  hostnames: [details.example.com]
  rules: [{ backendRefs: [{ name: details, port: 9080 }] }]`),
    ];
    const w = computeWorkloadStatus(
      fixtureView(gwApi),
      { labelSelector: 'app=details' },
      { now: NOW },
    );
    expect(w.workloads[0].exposure.entries[0]).toMatchObject({
      via: 'gatewayApi',
      hosts: ['details.example.com'],
      tlsMode: 'Terminate',
      credentials: [
        { name: 'details-cert', namespace: 'bookinfo', state: 'missing' },
      ],
    });
    expect(w.findings.map(f => f.code)).toContain('MW301');

    const notInstalled = fixtureView(bookinfo, [
      { kind: Kinds.HTTPRoute, status: 'notInstalled' },
      { kind: Kinds.K8sGateway, status: 'notInstalled' },
    ]);
    const details = computeWorkloadStatus(
      notInstalled,
      { labelSelector: 'app=details' },
      { now: NOW },
    );
    expect(details.workloads[0].exposure.exposed).toBe(false);
    const forbidden = fixtureView(bookinfo, [
      { kind: Kinds.VirtualService, status: 'forbidden' },
    ]);
    const d2 = computeWorkloadStatus(
      forbidden,
      { labelSelector: 'app=details' },
      { now: NOW },
    );
    expect(d2.workloads[0].exposure).toMatchObject({
      exposed: 'unknown',
      unknown: { reason: 'forbidden' },
    });
  });

  it('a stale Certificate cache shows credentials as unknown, never ready', () => {
    const view = fixtureView(bookinfo, [
      { kind: Kinds.Certificate, status: 'stale', reason: 'watch lost' },
    ]);
    const w = computeWorkloadStatus(
      view,
      { labelSelector: 'app=productpage' },
      { now: NOW },
    ).workloads[0];
    expect(w.exposure.entries[0].credentials[0]).toMatchObject({
      state: 'unknown',
      unknown: { reason: 'stale' },
    });
  });
});

describe('summaries', () => {
  it('summarizes a cluster and adds clusters up for the fleet', () => {
    const expiring = patched(
      bookinfo,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
      c => {
        c.status.notAfter = '2025-06-04T00:00:00Z';
      },
    );
    const objects = [
      ...expiring,
      ...parseYaml(`apiVersion: v1
kind: Pod
metadata: { name: legacy-0, namespace: bookinfo, labels: { sidecar.istio.io/inject: "false" } }
spec: { containers: [{ name: app, image: legacy:1 }] }`),
    ];
    const view = fixtureView(objects);
    const cluster = summarizeCluster(view, analyzeCluster(view, { now: NOW }), {
      now: NOW,
    });
    expect(cluster.workloads.byDataPlane).toMatchObject({
      sidecar: 3,
      none: 1,
    });
    expect(cluster.meshCoverage).toEqual({ covered: 3, total: 4, ratio: 0.75 });
    expect(cluster.strictMtlsCoverage.covered).toBe(3);
    expect(cluster.revisions).toEqual([
      expect.objectContaining({
        revision: 'default',
        version: '1.24.3',
        namespaces: ['bookinfo'],
        pods: 3,
      }),
    ]);
    expect(cluster.certificates.byBucket.under7d).toBe(1);
    expect(cluster.findings.byCode.MW303).toBe(1);

    const other = { ...cluster, cluster: 'second' };
    const fleet = summarizeFleet([cluster, other], NOW);
    expect(fleet.workloads.total).toBe(8);
    expect(fleet.meshCoverage).toEqual({ covered: 6, total: 8, ratio: 0.75 });
    expect(fleet.findings.total).toBe(cluster.findings.total * 2);
    expect(fleet.revisions.map(r => r.cluster)).toEqual(['test', 'second']);
  });
});
