import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
  patched,
  without,
} from '../__testUtils__/fixtureView';
import { computeFindings } from '../analysis/analyzeCluster';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';

const bookinfo = loadFixture('bookinfo-sidecar.yaml');
const eck = loadFixture('eck-elastic-istio.yaml');

function findings(objects: KubeObject[]): Finding[] {
  return computeFindings(fixtureView(objects), { now: NOW });
}

const mw201 = (objects: KubeObject[]) =>
  findings(objects).filter(f => f.code === 'MW201');

/** Names of the workloads MW201 findings are about (the second object). */
const flagged = (objects: KubeObject[]) =>
  mw201(objects).map(f => `${f.severity} ${f.objects[1].name}`);

const add = (objects: KubeObject[], ...yaml: string[]) => [
  ...objects,
  ...yaml.flatMap(parseYaml),
];

// Seed 003: mesh-wide STRICT with a mesh-wide ISTIO_MUTUAL DestinationRule.
const MESH_DR = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: default, namespace: istio-system }
spec:
  host: "*.local"
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
`;

const legacyApp = (namespace = 'bookinfo') => `
apiVersion: v1
kind: Pod
metadata:
  name: ratings-db-0
  namespace: ${namespace}
  labels: { app: ratings-db }
  annotations: { sidecar.istio.io/inject: "false" }
  ownerReferences:
    - { apiVersion: apps/v1, kind: StatefulSet, name: ratings-db, controller: true }
spec:
  containers: [{ name: mongodb, image: mongo:7, ports: [{ containerPort: 27017 }] }]
status: { phase: Running }
---
apiVersion: v1
kind: Service
metadata: { name: ratings-db, namespace: ${namespace} }
spec:
  selector: { app: ratings-db }
  ports: [{ name: tcp-mongo, port: 27017 }]
`;

const istiod = (namespace: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: istiod-1-24-3-abc12-x1
  namespace: ${namespace}
  labels: { app: istiod, istio: pilot, istio.io/rev: 1-24-3, sidecar.istio.io/inject: "false" }
  ownerReferences:
    - { apiVersion: apps/v1, kind: ReplicaSet, name: istiod-1-24-3-abc12, controller: true }
spec:
  containers:
    - name: discovery
      image: docker.io/istio/pilot:1.24.3
      ports: [{ containerPort: 8080 }, { containerPort: 15010 }, { containerPort: 15017 }]
status: { phase: Running }
---
apiVersion: v1
kind: Service
metadata: { name: istiod-1-24-3, namespace: ${namespace}, labels: { app: istiod, istio: pilot } }
spec:
  selector: { app: istiod, istio.io/rev: 1-24-3 }
  ports:
    - { name: grpc-xds, port: 15010 }
    - { name: https-dns, port: 15012, targetPort: 15012 }
    - { name: https-webhook, port: 443, targetPort: 15017 }
    - { name: http-monitoring, port: 15014 }
`;

// Seed 001: the operator's validating webhook is reached through this Service.
const ECK_WEBHOOK_SERVICE = `
apiVersion: v1
kind: Service
metadata: { name: elastic-webhook-server, namespace: elastic-system }
spec:
  selector: { control-plane: elastic-operator }
  ports: [{ name: https, port: 443, targetPort: 9443 }]
`;

describe('MW201: DestinationRule TLS a server cannot take', () => {
  describe('reports', () => {
    it('DISABLE toward a STRICT server, naming the policy behind STRICT (IST0113, KIA0208)', () => {
      const hits = mw201(
        add(
          bookinfo,
          `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: details, namespace: bookinfo }
spec:
  host: details.bookinfo.svc.cluster.local
  trafficPolicy: { tls: { mode: DISABLE } }`,
        ),
      );
      expect(hits).toHaveLength(1);
      expect(hits[0]).toMatchObject({
        severity: 'error',
        istioCode: 'IST0113',
      });
      expect(hits[0].message).toContain(
        'details:9080 -> 9080 (client DISABLE, server STRICT by PeerAuthentication istio-system/default)',
      );
    });

    it('SIMPLE toward a STRICT server: the proxy wants Istio mTLS, not the client TLS', () => {
      const hits = mw201(
        add(
          bookinfo,
          `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: details, namespace: bookinfo }
spec:
  host: details
  trafficPolicy: { tls: { mode: SIMPLE } }`,
        ),
      );
      expect(hits.map(h => h.message)).toEqual([
        expect.stringContaining('client SIMPLE, server STRICT'),
      ]);
    });

    it('mesh-wide ISTIO_MUTUAL toward a workload without a proxy (IST0115), with a fix that clears it', () => {
      const objects = add(bookinfo, MESH_DR, legacyApp());
      const hits = mw201(objects);
      expect(hits).toHaveLength(1);
      expect(hits[0].severity).toBe('error');
      expect(hits[0].objects.map(o => `${o.kind} ${o.name}`)).toEqual([
        'DestinationRule default',
        'StatefulSet ratings-db',
      ]);
      expect(hits[0].message).toContain('run without an Istio proxy');
      expect(hits[0].message).toContain('auto mTLS would have sent plaintext');
      expect(hits[0].remediation).toContain(
        'ratings-db.bookinfo.svc.cluster.local:27017 its own DestinationRule with trafficPolicy.tls.mode: DISABLE',
      );

      // The remediation: a host-specific rule in the root namespace wins over
      // `*.local` for every client.
      const fixed = add(
        objects,
        `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings-db-plaintext, namespace: istio-system }
spec:
  host: ratings-db.bookinfo.svc.cluster.local
  trafficPolicy: { tls: { mode: DISABLE } }`,
      );
      expect(mw201(fixed)).toEqual([]);
    });

    it('a rule in the service namespace leaves the mesh-wide one to the root namespace clients only', () => {
      const local = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings-db, namespace: bookinfo }
spec:
  host: ratings-db
  trafficPolicy: { tls: { mode: DISABLE } }`;
      const objects = add(bookinfo, MESH_DR, legacyApp(), local);
      // The ingress gateway in istio-system still looks up istio-system's rule first.
      const hits = mw201(objects);
      expect(hits).toHaveLength(1);
      expect(hits[0].message).toContain('makes mesh clients in istio-system');
      // Without a proxy in istio-system nobody uses the mesh-wide rule any more.
      const noGateway = objects.filter(
        o =>
          !(
            o.kind === 'Pod' &&
            o.metadata?.name === 'istio-ingressgateway-7d4f8b9c6d-abcde'
          ),
      );
      expect(mw201(noGateway)).toEqual([]);
    });

    it('ISTIO_MUTUAL toward the Elasticsearch transport port excluded inbound only: its own nodes send it through their sidecar', () => {
      const objects = patched(
        add(eck, MESH_DR),
        'Pod',
        'default',
        'elastic-istio-es-default-0',
        p => {
          delete p.metadata.annotations[
            'traffic.sidecar.istio.io/excludeOutboundPorts'
          ];
        },
      );
      const hits = mw201(objects);
      expect(hits.map(h => `${h.severity} ${h.objects[1].name}`)).toEqual([
        'error elastic-istio-es-default',
      ]);
      expect(hits[0].message).toContain(
        'the nodes of Elasticsearch default/elastic-istio (transport port): 1 of 1 send to port 9300 through their sidecar',
      );
      expect(hits[0].message).toContain(
        'traffic.sidecar.istio.io/excludeInboundPorts',
      );
      expect(hits[0].remediation).toContain('excludeOutboundPorts');
    });

    it('ISTIO_MUTUAL toward a port excluded inbound whose clients are unknown: a warning', () => {
      const objects = patched(
        add(bookinfo, MESH_DR),
        'Pod',
        'bookinfo',
        'details-v1-65cfcf56f9-d1d1d',
        p => {
          p.metadata.annotations = {
            'traffic.sidecar.istio.io/excludeInboundPorts': '9080',
          };
        },
      );
      const hits = mw201(objects);
      expect(hits.map(h => `${h.severity} ${h.objects[1].name}`)).toEqual([
        'warning details-v1',
      ]);
      expect(hits[0].message).toContain('Only clients whose connections');
      expect(hits[0].remediation).toContain('portLevelSettings');
    });
  });

  describe('does not report', () => {
    it('the baselines, mesh-wide ISTIO_MUTUAL included', () => {
      expect(mw201(bookinfo)).toEqual([]);
      expect(mw201(add(bookinfo, MESH_DR))).toEqual([]);
    });

    it("Istio's control plane, in the root namespace or elsewhere (IST0113 skips it)", () => {
      expect(flagged(add(bookinfo, MESH_DR, istiod('istio-system')))).toEqual(
        [],
      );
      expect(
        flagged(
          add(
            bookinfo,
            MESH_DR,
            istiod('istio-control'),
            `apiVersion: v1
kind: Namespace
metadata: { name: istio-control }`,
          ),
        ),
      ).toEqual([]);
    });

    it('the ECK setup of seed 001: no MW2xx error, transport 9300 excluded in and out, webhook 9443 excluded inbound', () => {
      const objects = add(eck, MESH_DR, ECK_WEBHOOK_SERVICE);
      expect(
        findings(objects)
          .filter(f => f.code.startsWith('MW2') && f.severity !== 'info')
          .map(f => f.message),
      ).toEqual([]);
    });

    it('the ECK webhook port even when the operator has no sidecar: only the API server calls it', () => {
      const objects = patched(
        add(eck, MESH_DR, ECK_WEBHOOK_SERVICE),
        'Pod',
        'elastic-system',
        'elastic-operator-0',
        p => {
          p.spec.containers = p.spec.containers.filter(
            (c: { name: string }) => c.name !== 'istio-proxy',
          );
        },
      );
      expect(flagged(objects)).toEqual([]);
    });

    it('a port excluded inbound that a MutatingWebhookConfiguration calls', () => {
      const webhookServer = `
apiVersion: v1
kind: Pod
metadata:
  name: injector-0
  namespace: bookinfo
  labels: { app: injector }
  annotations: { traffic.sidecar.istio.io/excludeInboundPorts: "8443" }
  ownerReferences:
    - { apiVersion: apps/v1, kind: StatefulSet, name: injector, controller: true }
spec:
  containers:
    - { name: webhook, image: injector:1, ports: [{ containerPort: 8443 }] }
    - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }
status: { phase: Running }
---
apiVersion: v1
kind: Service
metadata: { name: injector, namespace: bookinfo }
spec:
  selector: { app: injector }
  ports: [{ name: https, port: 443, targetPort: 8443 }]`;
      const config = `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: label-injector }
webhooks:
  - name: labels.example.org
    clientConfig: { service: { name: injector, namespace: bookinfo } }`;
      expect(flagged(add(bookinfo, MESH_DR, webhookServer))).toEqual([
        'warning injector',
      ]);
      expect(flagged(add(bookinfo, MESH_DR, webhookServer, config))).toEqual(
        [],
      );
    });

    it('a workload without a proxy when the rule only shapes a namespace with no sidecar', () => {
      const scoped = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: to-ratings-db, namespace: batch }
spec:
  host: ratings-db.bookinfo.svc.cluster.local
  exportTo: ["."]
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }`;
      const batchPod = (sidecar: boolean) => `
apiVersion: v1
kind: Pod
metadata: { name: nightly-0, namespace: batch }
spec:
  containers:
    - { name: job, image: job:1 }
${
  sidecar
    ? '    - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }'
    : ''
}
status: { phase: Running }`;
      expect(
        flagged(add(bookinfo, legacyApp(), scoped, batchPod(false))),
      ).toEqual([]);
      expect(
        flagged(add(bookinfo, legacyApp(), scoped, batchPod(true))),
      ).toEqual(['error ratings-db']);
    });
  });
});

describe('MW201 without a DestinationRule TLS mode: auto mTLS from the mesh config', () => {
  /** bookinfo's mesh config with `mesh` appended. */
  const meshConfig = (objects: KubeObject[], mesh: string) =>
    patched(objects, 'ConfigMap', 'istio-system', 'istio', cm => {
      cm.data.mesh = `${cm.data.mesh}\n${mesh}`;
    });
  const autoOff = (objects: KubeObject[]) =>
    meshConfig(objects, 'enableAutoMtls: false');
  // No PeerAuthentication applies at all: Istio's default, PERMISSIVE.
  const noPeerAuthentication = without(
    bookinfo,
    'PeerAuthentication',
    'istio-system',
    'default',
  );
  const detailsRule = (tls: string) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: details, namespace: bookinfo }
spec:
  host: details
  trafficPolicy: { ${tls} }`;

  it('reports a STRICT server none of whose rules sets TLS while auto mTLS is off: clients send plaintext', () => {
    // details has no DestinationRule; productpage's sets ISTIO_MUTUAL.
    expect(flagged(autoOff(bookinfo))).toEqual(['error details-v1']);
    const [hit] = mw201(autoOff(bookinfo));
    expect(hit.objects.map(o => `${o.kind} ${o.namespace}/${o.name}`)).toEqual([
      'PeerAuthentication istio-system/default',
      'Deployment bookinfo/details-v1',
      'ConfigMap istio-system/istio',
    ]);
    expect(hit.message).toBe(
      'No DestinationRule sets TLS for mesh clients of Deployment bookinfo/details-v1 on details:9080 -> 9080 (client plaintext, server STRICT by PeerAuthentication istio-system/default), and auto mTLS is off (enableAutoMtls: false in ConfigMap istio-system/istio, revision default): those sidecars send plaintext, which the STRICT server rejects. Those connections fail.',
    );
    // A rule without a TLS mode changes nothing, and is named.
    const noMode = autoOff(
      add(bookinfo, detailsRule('loadBalancer: { simple: ROUND_ROBIN }')),
    );
    expect(flagged(noMode)).toEqual(['error details-v1']);
    expect(mw201(noMode)[0].objects.map(o => o.name)).toContain('details');
  });

  it('does not report with auto mTLS on, however the mesh config says it', () => {
    expect(flagged(bookinfo)).toEqual([]);
    expect(flagged(meshConfig(bookinfo, 'enableAutoMtls: true'))).toEqual([]);
    // Read as YAML: a key of that name under another one is not the setting.
    expect(
      flagged(meshConfig(bookinfo, 'extra:\n  enableAutoMtls: false')),
    ).toEqual([]);
  });

  it('does not report when no PeerAuthentication applies: the server is PERMISSIVE and takes plaintext and mTLS', () => {
    expect(flagged(autoOff(noPeerAuthentication))).toEqual([]);
    for (const mode of ['DISABLE', 'ISTIO_MUTUAL', 'SIMPLE']) {
      expect(
        flagged(
          autoOff(
            add(noPeerAuthentication, detailsRule(`tls: { mode: ${mode} }`)),
          ),
        ),
      ).toEqual([]);
      expect(
        flagged(
          add(noPeerAuthentication, detailsRule(`tls: { mode: ${mode} }`)),
        ),
      ).toEqual([]);
    }
  });
});
