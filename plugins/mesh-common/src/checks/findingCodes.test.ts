import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
  patched,
  without,
} from '../__testUtils__/fixtureView';
import { analyzeCluster } from '../analysis/analyzeCluster';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { Finding, FindingCode } from '../types/findings';
import { KubeObject } from '../types/kube';

const bookinfo = loadFixture('bookinfo-sidecar.yaml');
const ambient = loadFixture('ambient.yaml');

function findings(
  objects: KubeObject[],
  config: AnalyzerConfig = {},
): Finding[] {
  const analysis = analyzeCluster(fixtureView(objects), {
    now: NOW,
    ...config,
  });
  // A crash or a code its row does not declare is recorded here.
  expect(analysis.errors).toEqual([]);
  return analysis.findings;
}

function withCode(
  objects: KubeObject[],
  code: FindingCode,
  config?: AnalyzerConfig,
) {
  return findings(objects, config).filter(f => f.code === code);
}

const add = (objects: KubeObject[], yaml: string) => [
  ...objects,
  ...parseYaml(yaml),
];

describe('baselines', () => {
  it('bookinfo with the reference architecture yields only the MUTUAL CA-chain caveat', () => {
    expect(findings(bookinfo).map(f => f.code)).toEqual(['MW309']);
  });

  it('the ambient fixture yields no findings', () => {
    expect(findings(ambient)).toEqual([]);
  });
});

describe('mesh membership', () => {
  it('MW101: a namespace with pods and no mesh label (not when explicitly disabled)', () => {
    const legacy = `
apiVersion: v1
kind: Namespace
metadata: { name: legacy }
---
apiVersion: v1
kind: Pod
metadata: { name: app-0, namespace: legacy }
spec: { containers: [{ name: app, image: app:1 }] }
`;
    const hits = withCode(add(bookinfo, legacy), 'MW101');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ severity: 'info', istioCode: 'IST0102' });
    expect(hits[0].objects[0]).toMatchObject({
      kind: 'Namespace',
      name: 'legacy',
    });
    const disabled = legacy.replace(
      '{ name: legacy }',
      '{ name: legacy, labels: { istio-injection: disabled } }',
    );
    expect(withCode(add(bookinfo, disabled), 'MW101')).toEqual([]);
  });

  it('MW102: pod without proxy in an injected namespace, unless it opts out', () => {
    const noProxy = patched(
      bookinfo,
      'Pod',
      'bookinfo',
      'details-v1-65cfcf56f9-d1d1d',
      p => {
        p.spec.containers = p.spec.containers.filter(
          (c: any) => c.name !== 'istio-proxy',
        );
      },
    );
    const hits = withCode(noProxy, 'MW102');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects[0]).toMatchObject({
      kind: 'Deployment',
      name: 'details-v1',
    });
    expect(hits[0].istioCode).toBe('IST0103');
    const optedOut = patched(
      noProxy,
      'Pod',
      'bookinfo',
      'details-v1-65cfcf56f9-d1d1d',
      p => {
        p.metadata.labels['sidecar.istio.io/inject'] = 'false';
      },
    );
    expect(withCode(optedOut, 'MW102')).toEqual([]);
  });

  it('MW103: both istio-injection and istio.io/rev on a namespace', () => {
    const both = patched(bookinfo, 'Namespace', undefined, 'bookinfo', n => {
      n.metadata.labels['istio.io/rev'] = 'default';
    });
    expect(withCode(both, 'MW103')).toHaveLength(1);
    expect(withCode(bookinfo, 'MW103')).toEqual([]);
  });

  it('MW104: a revision label with no istiod, resolved through revision tags', () => {
    const missing = patched(bookinfo, 'Namespace', undefined, 'bookinfo', n => {
      delete n.metadata.labels['istio-injection'];
      n.metadata.labels['istio.io/rev'] = 'prod-stable';
    });
    const hits = withCode(missing, 'MW104');
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain('prod-stable');
    const tagged = add(
      missing,
      `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: istio-revision-tag-prod-stable, labels: { istio.io/tag: prod-stable, istio.io/rev: default } }`,
    );
    expect(withCode(tagged, 'MW104')).toEqual([]);
  });

  it("MW105: proxy image differs from the one the namespace's injector injects", () => {
    const old = patched(
      bookinfo,
      'Pod',
      'bookinfo',
      'productpage-v1-5d9b4c9f7c-x1x1x',
      p => {
        p.spec.containers[1].image = 'docker.io/istio/proxyv2:1.23.2';
      },
    );
    const hits = withCode(old, 'MW105');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects.map(o => `${o.kind} ${o.name}`)).toEqual([
      'Namespace bookinfo',
      'Deployment productpage-v1',
      'Pod productpage-v1-5d9b4c9f7c-x1x1x',
    ]);
    expect(hits[0].message).toContain(
      "run proxy image docker.io/istio/proxyv2:1.23.2 (injected by revision default), but the namespace's injector (revision default, ConfigMap istio-system/istio-sidecar-injector) injects docker.io/istio/proxyv2:1.24.3",
    );
  });

  describe('MW105 with revision tags (istioctl IST0158 compares with the injector the namespace selects)', () => {
    /**
     * bookinfo as a revisioned install: istiod-<rev> per revision, the
     * `default` tag pointing at `tagTarget`, pods injected by 1-24-3 (pods
     * record the istiod revision, never the tag), namespace on
     * istio-injection=enabled, which selects the `default` tag.
     */
    function revisioned(tagTarget: string): KubeObject[] {
      const istiod = (rev: string, version: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod-${rev}, namespace: istio-system, labels: { app: istiod, istio.io/rev: ${rev} } }
spec:
  template:
    spec:
      containers: [{ name: discovery, image: docker.io/istio/pilot:${version} }]
`;
      const injector = (rev: string, version: string) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: istio-sidecar-injector-${rev}, namespace: istio-system }
data:
  values: '{"global":{"hub":"docker.io/istio","tag":"${version}","proxy":{"image":"proxyv2"}},"revision":"${rev}"}'
`;
      const base = without(
        without(
          without(bookinfo, 'Deployment', 'istio-system', 'istiod'),
          'MutatingWebhookConfiguration',
          undefined,
          'istio-sidecar-injector',
        ),
        'ConfigMap',
        'istio-system',
        'istio-sidecar-injector',
      ).map(o => {
        if (
          o.kind !== 'Pod' ||
          o.metadata?.labels?.['istio.io/rev'] !== 'default'
        )
          return o;
        const copy = JSON.parse(JSON.stringify(o));
        copy.metadata.labels['istio.io/rev'] = '1-24-3';
        return copy;
      });
      return add(
        base,
        `${istiod('1-24-3', '1.24.3')}---${istiod(
          '1-23-2',
          '1.23.2',
        )}---${injector('1-24-3', '1.24.3')}---${injector(
          '1-23-2',
          '1.23.2',
        )}---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-revision-tag-default
  labels: { app: sidecar-injector, istio.io/rev: ${tagTarget}, istio.io/tag: default }
`,
      );
    }

    it('reports nothing when the tag points at the revision that injected the pods', () => {
      expect(withCode(revisioned('1-24-3'), 'MW105')).toEqual([]);
    });

    it('reports the pods when the tag now points at another revision, naming the tag and its target', () => {
      const hits = withCode(revisioned('1-23-2'), 'MW105');
      expect(hits.map(f => f.objects[1].name).sort()).toEqual([
        'details-v1',
        'productpage-v1',
      ]);
      expect(hits[0].message).toContain(
        "run proxy image docker.io/istio/proxyv2:1.24.3 (injected by revision 1-24-3), but the namespace's injector (revision default (tag for 1-23-2), ConfigMap istio-system/istio-sidecar-injector-1-23-2) injects docker.io/istio/proxyv2:1.23.2",
      );
    });

    it('resolves a tag named by istio.io/rev on the namespace the same way', () => {
      const byRevLabel = patched(
        revisioned('1-24-3'),
        'Namespace',
        undefined,
        'bookinfo',
        n => {
          delete n.metadata.labels['istio-injection'];
          n.metadata.labels['istio.io/rev'] = 'default';
        },
      );
      expect(withCode(byRevLabel, 'MW105')).toEqual([]);
    });
  });

  it('MW105: no restart advice toward a revision without istiod (MW104 reports that)', () => {
    const nowhere = patched(bookinfo, 'Namespace', undefined, 'bookinfo', n => {
      delete n.metadata.labels['istio-injection'];
      n.metadata.labels['istio.io/rev'] = '1-25-0';
    });
    expect(withCode(nowhere, 'MW104')).toHaveLength(1);
    expect(withCode(nowhere, 'MW105')).toEqual([]);
  });

  it('MW106: sidecar pods in an ambient namespace', () => {
    const mixed = patched(bookinfo, 'Namespace', undefined, 'bookinfo', n => {
      n.metadata.labels['istio.io/dataplane-mode'] = 'ambient';
    });
    expect(
      withCode(mixed, 'MW106')
        .map(f => f.objects[0].name)
        .sort(),
    ).toEqual(['details-v1', 'productpage-v1']);
    expect(withCode(ambient, 'MW106')).toEqual([]);
  });

  it('MW107: L7 rules on an ambient workload without waypoint (not when attached to its waypoint)', () => {
    const l7 = add(
      ambient,
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ratings-get, namespace: book-info }
spec:
  selector: { matchLabels: { app: ratings } }
  rules: [{ to: [{ operation: { methods: [GET], paths: ["/ratings/*"] } }] }]`,
    );
    const hits = withCode(l7, 'MW107');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ severity: 'error', kialiCode: 'KIA0109' });
    expect(hits[0].objects[0].name).toBe('ratings-get');
    // reviews-get-only in the fixture is L7 too, but attached to reviews' waypoint.
    expect(withCode(ambient, 'MW107')).toEqual([]);
  });
});

describe('mTLS', () => {
  it('MW201: DestinationRule DISABLE toward a STRICT workload', () => {
    const conflicting = add(
      bookinfo,
      `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: details, namespace: bookinfo }
spec:
  host: details.bookinfo.svc.cluster.local
  trafficPolicy: { tls: { mode: DISABLE } }`,
    );
    const hits = withCode(conflicting, 'MW201');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects.map(o => o.name)).toEqual(['details', 'details-v1']);
    expect(hits[0].message).toContain('client DISABLE, server STRICT');
  });

  it('MW201: port-level ISTIO_MUTUAL toward a port the workload disables', () => {
    const objects = add(
      bookinfo,
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: details-plain, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: details } }
  portLevelMtls: { "9080": { mode: DISABLE } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: details, namespace: bookinfo }
spec:
  host: details
  trafficPolicy:
    portLevelSettings:
      - port: { number: 9080 }
        tls: { mode: ISTIO_MUTUAL }`,
    );
    expect(withCode(objects, 'MW201')).toHaveLength(1);
    expect(withCode(bookinfo, 'MW201')).toEqual([]);
  });

  it('MW202: HTTP probe on a STRICT port without rewrite; none when rewritten or PERMISSIVE', () => {
    const probe = patched(
      bookinfo,
      'Pod',
      'bookinfo',
      'details-v1-65cfcf56f9-d1d1d',
      p => {
        p.spec.containers[0].livenessProbe = {
          httpGet: { path: '/health', port: 9080 },
        };
      },
    );
    const hits = withCode(probe, 'MW202');
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain('liveness (httpGet :9080)');
    const permissive = add(
      probe,
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: bookinfo }
spec: { mtls: { mode: PERMISSIVE } }`,
    );
    expect(withCode(permissive, 'MW202')).toEqual([]);
    expect(withCode(bookinfo, 'MW202')).toEqual([]); // productpage's probe is rewritten (:15020)
  });

  it('MW203: PERMISSIVE exception inside a STRICT mesh, naming the policy', () => {
    const exception = add(
      bookinfo,
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: details-permissive, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: details } }
  mtls: { mode: PERMISSIVE }`,
    );
    const hits = withCode(exception, 'MW203');
    expect(hits).toHaveLength(1);
    expect(hits[0].severity).toBe('info');
    expect(hits[0].objects[0]).toMatchObject({
      kind: 'PeerAuthentication',
      name: 'details-permissive',
    });
  });

  it('MW204: PeerAuthentication settings Istio ignores', () => {
    const ignored = add(
      bookinfo,
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: root-selector, namespace: istio-system }
spec:
  selector: { matchLabels: { app: details } }
  mtls: { mode: DISABLE }
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ns-ports, namespace: bookinfo }
spec:
  mtls: { mode: STRICT }
  portLevelMtls: { "9080": { mode: DISABLE } }`,
    );
    expect(
      withCode(ignored, 'MW204')
        .map(f => f.objects[0].name)
        .sort(),
    ).toEqual(['ns-ports', 'root-selector']);
    // and the ignored policies really change nothing:
    expect(withCode(ignored, 'MW203')).toEqual([]);
  });
});

describe('gateways and certificates', () => {
  const gateway2 = (host: string, credential: string) => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: other-gateway, namespace: team-b }
spec:
  selector: { istio: ingressgateway }
  servers:
    - hosts: ["${host}"]
      port: { name: https, number: 443, protocol: HTTPS }
      tls: { mode: SIMPLE, credentialName: ${credential} }
---
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: team-b-cert, namespace: istio-system }
spec: { secretName: team-b-cert, issuerRef: { name: vault-issuer } }
status:
  conditions: [{ type: Ready, status: "True" }]
  notAfter: "2026-06-01T00:00:00Z"
`;

  it('MW301: credentialName with nothing behind it in the gateway pods namespace', () => {
    const missing = patched(
      bookinfo,
      'Gateway',
      'bookinfo',
      'bookinfo-gateway',
      g => {
        g.spec.servers[0].tls.credentialName = 'no-such-cert';
      },
    );
    const hits = withCode(missing, 'MW301');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects[1]).toMatchObject({
      kind: 'Secret',
      namespace: 'istio-system',
      name: 'no-such-cert',
    });
    // A Certificate in the Gateway's own namespace does not help: Istio reads the gateway pods' namespace.
    const wrongNs = add(
      missing,
      `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: no-such-cert, namespace: bookinfo }
spec: { secretName: no-such-cert, issuerRef: { name: vault-issuer } }`,
    );
    expect(withCode(wrongNs, 'MW301')).toHaveLength(1);
  });

  it('MW302: Certificate not Ready, error after failed attempts', () => {
    const failing = patched(
      bookinfo,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
      c => {
        c.status = {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Failed',
              message: 'Vault denied the request',
            },
          ],
          failedIssuanceAttempts: 3,
        };
      },
    );
    const hits = withCode(failing, 'MW302');
    expect(hits).toHaveLength(1);
    expect(hits[0].severity).toBe('error');
    expect(hits[0].message).toContain('Vault denied the request');
    expect(hits[0].message).toContain('3 failed issuance attempt(s)');
  });

  it('MW303: expiring within the window, expired as error, quiet outside the window', () => {
    const expiring = patched(
      bookinfo,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
      c => {
        c.status.notAfter = '2025-06-11T00:00:00Z';
        c.status.renewalTime = '2025-06-05T00:00:00Z';
      },
    );
    const hits = withCode(expiring, 'MW303');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ severity: 'warning' });
    expect(hits[0].message).toContain('expires in 10 day(s)');
    expect(
      withCode(expiring, 'MW303', { certificateExpiryWindowDays: 5 }),
    ).toEqual([]);
    const expired = patched(
      expiring,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
      c => {
        c.status.notAfter = '2025-05-01T00:00:00Z';
      },
    );
    expect(withCode(expired, 'MW303')[0].severity).toBe('error');
    const renewalOverdue = patched(
      bookinfo,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
      c => {
        c.status.renewalTime = '2025-05-20T00:00:00Z';
      },
    );
    expect(withCode(renewalOverdue, 'MW303')[0].message).toContain(
      'renewal was due',
    );
  });

  it('MW304: two Gateways on one workload claim the same host and port (one finding per pair)', () => {
    const hits = withCode(
      add(bookinfo, gateway2('productpage.bookinfo.appk8s.com', 'team-b-cert')),
      'MW304',
    );
    expect(hits).toHaveLength(1);
    expect(hits[0].istioCode).toBe('IST0145');
    expect(
      withCode(add(bookinfo, gateway2('b.appk8s.com', 'team-b-cert')), 'MW304'),
    ).toEqual([]);
    // A wildcard covering the host is another virtual host (and SNI name):
    // the more specific one wins, so istioctl, comparing hosts as written,
    // reports no conflict.
    expect(
      withCode(
        add(bookinfo, gateway2('*.bookinfo.appk8s.com', 'team-b-cert')),
        'MW304',
      ),
    ).toEqual([]);
  });

  it('MW305 / MW306: VirtualService bound to a missing Gateway or hosts the Gateway does not serve', () => {
    const missingGw = patched(
      bookinfo,
      'VirtualService',
      'bookinfo',
      'bookinfo',
      vs => {
        vs.spec.gateways = ['istio-system/nope'];
      },
    );
    const hits = withCode(missingGw, 'MW305');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects[1]).toMatchObject({
      namespace: 'istio-system',
      name: 'nope',
    });
    // A missing Gateway serves none of the hosts either (istioctl reports both).
    expect(withCode(missingGw, 'MW306')).toHaveLength(1);
    const otherHost = patched(
      bookinfo,
      'VirtualService',
      'bookinfo',
      'bookinfo',
      vs => {
        vs.spec.hosts = ['admin.bookinfo.appk8s.com'];
      },
    );
    const hostHits = withCode(otherHost, 'MW306');
    expect(hostHits).toHaveLength(1);
    expect(hostHits[0].message).toContain('admin.bookinfo.appk8s.com');
    // One host the Gateway serves is enough (istioctl IST0132).
    const extraHost = patched(
      bookinfo,
      'VirtualService',
      'bookinfo',
      'bookinfo',
      vs => {
        vs.spec.hosts.push('admin.bookinfo.appk8s.com');
      },
    );
    expect(withCode(extraHost, 'MW306')).toEqual([]);
    expect(withCode(bookinfo, 'MW305')).toEqual([]);
    expect(withCode(bookinfo, 'MW306')).toEqual([]);
  });

  it('MW307: Gateway selector matching no pod', () => {
    const lonely = patched(
      bookinfo,
      'Gateway',
      'bookinfo',
      'bookinfo-gateway',
      g => {
        g.spec.selector = { istio: 'internal-gateway' };
      },
    );
    expect(withCode(lonely, 'MW307')).toHaveLength(1);
  });

  it('MW310 / IST0162: a server port no Service in front of the gateway pods offers, as port or targetPort', () => {
    const withPort = (port: number, protocol = 'HTTP') =>
      patched(bookinfo, 'Gateway', 'bookinfo', 'bookinfo-gateway', g => {
        g.spec.servers.push({
          hosts: ['productpage.bookinfo.appk8s.com'],
          port: { name: `extra-${port}`, number: port, protocol },
        });
      });
    // 443 and 80 are the Service's ports; 8080 is its targetPort, which
    // istioctl accepts too (the port the gateway pods listen on); 8081 is neither.
    expect(withCode(withPort(80), 'MW310')).toEqual([]);
    expect(withCode(withPort(8080), 'MW310')).toEqual([]);
    const hits = withCode(withPort(8081), 'MW310');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      severity: 'warning',
      istioCode: 'IST0162',
    });
    expect(hits[0].objects[0]).toMatchObject({
      kind: 'Gateway',
      name: 'bookinfo-gateway',
    });
    expect(hits[0].message).toContain('port 8081');
    // A UDP Service port does not carry the gateway's TCP listener.
    const udpOnly = patched(
      withPort(9000),
      'Service',
      'istio-system',
      'istio-ingressgateway',
      svc => {
        svc.spec.ports.push({ name: 'udp', port: 9000, protocol: 'UDP' });
      },
    );
    expect(withCode(udpOnly, 'MW310')).toHaveLength(1);
    // Any selecting Service offering the port is enough.
    const second = add(
      withPort(9000),
      `
apiVersion: v1
kind: Service
metadata: { name: ingress-extra, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  ports: [{ name: extra, port: 9000 }]
`,
    );
    expect(withCode(second, 'MW310')).toEqual([]);
    // A selector matching no pod is MW307's finding, not this one.
    const lonely = patched(
      withPort(8081),
      'Gateway',
      'bookinfo',
      'bookinfo-gateway',
      g => {
        g.spec.selector = { istio: 'internal-gateway' };
      },
    );
    expect(withCode(lonely, 'MW310')).toEqual([]);
  });

  it('MW308: one credential on several Gateways of the same workload', () => {
    const shared = add(
      bookinfo,
      gateway2('b.appk8s.com', 'bookinfo-ingressgateway-certs'),
    );
    const hits = withCode(shared, 'MW308');
    expect(hits).toHaveLength(1);
    // The Certificate behind the credential (in the gateway pods' namespace) first, then the Gateways.
    expect(
      hits[0].objects.map(o => `${o.kind}:${o.namespace}/${o.name}`),
    ).toEqual([
      'Certificate:istio-system/bookinfo-ingressgateway-certs',
      'Gateway:bookinfo/bookinfo-gateway',
      'Gateway:team-b/other-gateway',
    ]);
    expect(hits[0].message).toContain(
      'Certificate istio-system/bookinfo-ingressgateway-certs',
    );
    const secretOnly = without(
      shared,
      'Certificate',
      'istio-system',
      'bookinfo-ingressgateway-certs',
    );
    expect(withCode(secretOnly, 'MW308')[0].objects.map(o => o.kind)).toEqual([
      'Gateway',
      'Gateway',
    ]);
  });

  it('MW309: MUTUAL with a cert-manager certificate, unless a -cacert secret carries the chain', () => {
    expect(withCode(bookinfo, 'MW309')).toHaveLength(1);
    const withCa = add(
      bookinfo,
      `apiVersion: v1
kind: Secret
metadata: { name: bookinfo-ingressgateway-certs-cacert, namespace: istio-system }`,
    );
    expect(withCode(withCa, 'MW309')).toEqual([]);
  });
});

describe('authorization', () => {
  it('MW401: mesh workload no policy covers', () => {
    const uncovered = without(
      bookinfo,
      'AuthorizationPolicy',
      'bookinfo',
      'details-from-productpage',
    );
    const hits = withCode(uncovered, 'MW401');
    expect(hits.map(f => f.objects[0].name)).toEqual(['details-v1']);
    expect(hits[0]).toMatchObject({ severity: 'info', kialiCode: 'KIA1301' });
  });

  it('MW402: policy selector matching nothing (cluster-wide from the root namespace)', () => {
    const stray = patched(
      bookinfo,
      'AuthorizationPolicy',
      'bookinfo',
      'details-from-productpage',
      p => {
        p.spec.selector.matchLabels.app = 'detail';
      },
    );
    expect(withCode(stray, 'MW402').map(f => f.objects[0].name)).toEqual([
      'details-from-productpage',
    ]);
    // frontend-ingress lives in istio-system and selects the gateway: no finding.
    expect(withCode(bookinfo, 'MW402')).toEqual([]);
  });

  it('MW403 / MW404: missing namespace and missing service account', () => {
    const typos = patched(
      bookinfo,
      'AuthorizationPolicy',
      'bookinfo',
      'details-from-productpage',
      p => {
        p.spec.rules[0].from = [
          { source: { namespaces: ['bookinf0'] } },
          {
            source: {
              principals: [
                'cluster.local/ns/bookinfo/sa/productpage',
                'cluster.local/ns/*/sa/x',
              ],
            },
          },
        ];
      },
    );
    expect(withCode(typos, 'MW403')[0].message).toContain('bookinf0');
    const sa = withCode(typos, 'MW404');
    expect(sa).toHaveLength(1);
    expect(sa[0].message).toContain('cluster.local/ns/bookinfo/sa/productpage');
    expect(sa[0].message).not.toContain('ns/*/sa/x');
  });

  it('MW405: JWT conditions with no RequestAuthentication', () => {
    const noRa = without(
      bookinfo,
      'RequestAuthentication',
      'istio-system',
      'reqauth-istio-system',
    );
    expect(
      withCode(noRa, 'MW405')
        .map(f => f.objects[0].name)
        .sort(),
    ).toEqual(['frontend-ingress', 'policy']);
  });

  it('MW406: principal rules while the workload is not STRICT (warning for DENY, info for ALLOW)', () => {
    const permissive = add(
      bookinfo,
      `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: bookinfo }
spec: { mtls: { mode: PERMISSIVE } }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-legacy, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: details } }
  action: DENY
  rules: [{ from: [{ source: { namespaces: [legacy] } }] }]
---
apiVersion: v1
kind: Namespace
metadata: { name: legacy, labels: { istio-injection: disabled } }`,
    );
    const hits = withCode(permissive, 'MW406');
    const bySeverity = Object.fromEntries(
      hits.map(f => [f.objects[0].name, f.severity]),
    );
    expect(bySeverity).toEqual({
      'deny-legacy': 'warning',
      'details-from-productpage': 'info',
      policy: 'info',
    });
  });
});

describe('control plane and network policy', () => {
  const canary = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod-1-25-0, namespace: istio-system, labels: { app: istiod, istio.io/rev: 1-25-0 } }
spec:
  template:
    spec:
      containers: [{ name: discovery, image: docker.io/istio/pilot:1.25.0 }]
`;
  it('MW601 / MW105: a namespace moved to the canary revision with pods still on the old one', () => {
    const moved = patched(
      add(
        add(bookinfo, canary),
        `apiVersion: v1
kind: ConfigMap
metadata: { name: istio-sidecar-injector-1-25-0, namespace: istio-system }
data:
  values: '{"global":{"hub":"docker.io/istio","tag":"1.25.0","proxy":{"image":"proxyv2"}}}'`,
      ),
      'Namespace',
      undefined,
      'bookinfo',
      n => {
        delete n.metadata.labels['istio-injection'];
        n.metadata.labels['istio.io/rev'] = '1-25-0';
      },
    );
    const all = findings(moved);
    const mw601 = all.filter(f => f.code === 'MW601');
    expect(mw601).toHaveLength(1);
    expect(mw601[0].message).toContain(
      '1-25-0 (1.25.0): 1 namespace(s), 0 pod(s)',
    );
    expect(
      all
        .filter(f => f.code === 'MW105')
        .map(f => f.objects[1].name)
        .sort(),
    ).toEqual(['details-v1', 'productpage-v1']);
  });

  it('MW602: a revision nothing uses', () => {
    const hits = withCode(add(bookinfo, canary), 'MW602');
    expect(hits).toHaveLength(1);
    expect(hits[0].objects[0].name).toBe('istiod-1-25-0');
    expect(withCode(bookinfo, 'MW602')).toEqual([]);
  });

  it('MW701: NetworkPolicies that keep the ingress gateway out of an exposed workload', () => {
    const blocked = without(
      bookinfo,
      'NetworkPolicy',
      'bookinfo',
      'allow-from-istio-namespace',
    );
    const hits = withCode(blocked, 'MW701');
    expect(hits).toHaveLength(1);
    // The exposed Service first, then what blocks it, the Gateway and the workload behind it.
    expect(
      hits[0].objects.map(o => `${o.kind}:${o.namespace}/${o.name}`),
    ).toEqual([
      'Service:bookinfo/productpage',
      'NetworkPolicy:bookinfo/deny-by-default',
      'NetworkPolicy:bookinfo/allow-same-namespace',
      'Gateway:bookinfo/bookinfo-gateway',
      'Deployment:bookinfo/productpage-v1',
    ]);
    expect(hits[0].message).toContain(
      "from the gateway's pods in namespace istio-system to port 9080",
    );
    expect(withCode(bookinfo, 'MW701')).toEqual([]);
  });

  it('MW702: only when the platform asks for deny-by-default', () => {
    const open = without(
      bookinfo,
      'NetworkPolicy',
      'bookinfo',
      'deny-by-default',
    );
    expect(withCode(open, 'MW702')).toEqual([]);
    expect(
      withCode(open, 'MW702', { requireDenyByDefaultNetworkPolicy: true }),
    ).toHaveLength(1);
    expect(
      withCode(bookinfo, 'MW702', { requireDenyByDefaultNetworkPolicy: true }),
    ).toEqual([]);
  });
});
