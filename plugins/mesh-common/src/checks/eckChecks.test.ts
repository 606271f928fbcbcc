import {
  fixtureView,
  loadFixture,
  NOW,
  parseYaml,
  patched,
} from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { AnalyzerConfig } from '../analyzers/AnalyzerConfig';
import { analyzeCluster } from '../analysis/analyzeCluster';
import { KubeObject } from '../types/kube';

const eck = loadFixture('eck-elastic-istio.yaml');

function analyze(objects: KubeObject[], config: AnalyzerConfig = {}) {
  return analyzeCluster(fixtureView(objects), { now: NOW, ...config });
}
const eckCodes = (objects: KubeObject[], config?: AnalyzerConfig) =>
  analyze(objects, config)
    .findings.filter(f => f.code.startsWith('MW5'))
    .map(f => `${f.code}:${f.severity}`);
const checksOf = (
  objects: KubeObject[],
  kind: string,
  config?: AnalyzerConfig,
) =>
  Object.fromEntries(
    analyze(objects, config)
      .eck.find(e => e.kind === kind)!
      .checks.map(c => [c.code, c.state]),
  );

describe('ECK in the mesh (seed 001)', () => {
  it("the guide's elastic-istio setup yields no MW50x error or warning, only the API-key note", () => {
    expect(eckCodes(eck)).toEqual(['MW505:info']);
    const result = analyze(eck);
    expect(result.errors).toEqual([]);
    expect(
      result.eck.map(e => [e.kind, e.health, e.dataPlane, e.mtls]),
    ).toEqual([
      ['Elasticsearch', 'green', 'sidecar', 'STRICT'],
      ['Kibana', 'green', 'sidecar', 'STRICT'],
      ['ApmServer', 'green', 'sidecar', 'STRICT'],
    ]);
    expect(checksOf(eck, 'Elasticsearch')).toEqual({
      MW501: 'pass',
      MW502: 'pass',
      MW503: 'pass',
      MW504: 'pass',
      MW505: 'info',
      MW507: 'notApplicable',
      MW508: 'pass',
      MW509: 'pass',
      MW510: 'pass',
      MW511: 'unknown',
    });
  });

  it('MW501: operator without istio-proxy beside manager', () => {
    const bare = patched(
      eck,
      'Pod',
      'elastic-system',
      'elastic-operator-0',
      p => {
        p.spec.containers = p.spec.containers.filter(
          (c: any) => c.name !== 'istio-proxy',
        );
      },
    );
    const hits = analyze(bare).findings.filter(f => f.code === 'MW501');
    expect(hits).toHaveLength(1); // one finding, however many Elastic resources there are
    expect(hits[0].objects[0]).toMatchObject({
      kind: 'StatefulSet',
      name: 'elastic-operator',
    });
    expect(checksOf(bare, 'Kibana').MW501).toBe('fail');
  });

  it('MW502: operator webhook port 9443 proxied', () => {
    const proxied = patched(
      eck,
      'Pod',
      'elastic-system',
      'elastic-operator-0',
      p => {
        delete p.metadata.annotations[
          'traffic.sidecar.istio.io/excludeInboundPorts'
        ];
      },
    );
    expect(eckCodes(proxied)).toContain('MW502:warning');
  });

  it('MW503: transport port 9300 proxied in one direction', () => {
    const inboundOnly = patched(
      eck,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        delete es.spec.nodeSets[0].podTemplate.metadata.annotations[
          'traffic.sidecar.istio.io/excludeOutboundPorts'
        ];
      },
    );
    const hits = analyze(inboundOnly).findings.filter(f => f.code === 'MW503');
    expect(hits).toHaveLength(1);
    expect(hits[0].message).toContain(
      'default (excludeOutboundPorts lack 9300)',
    );
  });

  it('MW504 / MW505: self-signed TLS kept under STRICT; under PERMISSIVE it is fine', () => {
    const selfSigned = patched(
      eck,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        delete es.spec.http;
      },
    );
    expect(eckCodes(selfSigned)).toEqual(['MW504:warning']);
    const permissive = [
      ...selfSigned,
      ...parseYaml(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: es-permissive, namespace: default }
spec:
  selector: { matchLabels: { elasticsearch.k8s.elastic.co/cluster-name: elastic-istio } }
  mtls: { mode: PERMISSIVE }`),
    ];
    expect(eckCodes(permissive)).toEqual([]);
  });

  it('MW506: APM Server without the probe rewrite annotation', () => {
    const noRewrite = patched(
      eck,
      'ApmServer',
      'default',
      'elastic-istio',
      apm => {
        delete apm.spec.podTemplate.metadata;
      },
    );
    expect(eckCodes(noRewrite)).toContain('MW506:warning');
  });

  it('MW506: rewrite turned off keeps plain HTTP probes, which fail; rewritten probes pass without the annotation', () => {
    const apmPod = (probePort: number) => `
apiVersion: v1
kind: Pod
metadata:
  name: elastic-istio-apm-server-0
  namespace: default
  labels: { common.k8s.elastic.co/type: apm-server, apm.k8s.elastic.co/name: elastic-istio, istio.io/rev: default }
spec:
  containers:
    - name: apm-server
      image: docker.elastic.co/apm/apm-server:8.17.1
      ports: [{ name: https, containerPort: 8200 }]
      readinessProbe: { httpGet: { path: /, port: ${probePort} } }
    - name: istio-proxy
      image: docker.io/istio/proxyv2:1.24.3
status: { phase: Running }
`;
    const turnedOff = (objects: KubeObject[]) =>
      patched(objects, 'ApmServer', 'default', 'elastic-istio', apm => {
        apm.spec.podTemplate.metadata.annotations = {
          'sidecar.istio.io/rewriteAppHTTPProbers': 'false',
        };
      });
    const off = [...turnedOff(eck), ...parseYaml(apmPod(8200))];
    expect(checksOf(off, 'ApmServer').MW506).toBe('fail');
    const finding = analyze(off).findings.find(f => f.code === 'MW506')!;
    expect(finding.objects[0]).toMatchObject({
      kind: 'ApmServer',
      name: 'elastic-istio',
    });
    expect(finding.message).toContain('rewriteAppHTTPProbers: "false"');

    const noAnnotation = patched(
      eck,
      'ApmServer',
      'default',
      'elastic-istio',
      apm => {
        delete apm.spec.podTemplate.metadata;
      },
    );
    const rewritten = [...noAnnotation, ...parseYaml(apmPod(15020))];
    expect(checksOf(rewritten, 'ApmServer').MW506).toBe('pass');
  });

  it('MW507: plugin init containers without 443 excluded, only with Istio CNI', () => {
    const withInit = patched(
      eck,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        es.spec.nodeSets[0].podTemplate.spec.initContainers = [
          {
            name: 'install-plugins',
            command: [
              'sh',
              '-c',
              'bin/elasticsearch-plugin install --batch analysis-icu',
            ],
          },
        ];
      },
    );
    expect(eckCodes(withInit)).not.toContain('MW507:warning'); // DaemonSets synced, no CNI
    const cni = [
      ...withInit,
      ...parseYaml(`apiVersion: apps/v1
kind: DaemonSet
metadata: { name: istio-cni-node, namespace: kube-system, labels: { k8s-app: istio-cni-node } }`),
    ];
    expect(eckCodes(cni)).toContain('MW507:warning');
    const fixed = patched(
      cni,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        es.spec.nodeSets[0].podTemplate.metadata.annotations[
          'traffic.sidecar.istio.io/excludeOutboundPorts'
        ] = '9300,443';
      },
    );
    expect(eckCodes(fixed)).not.toContain('MW507:warning');
  });

  it('MW508: auto mTLS off needs the ISTIO_MUTUAL DestinationRule for <name>-es-http', () => {
    const autoOff = patched(eck, 'ConfigMap', 'istio-system', 'istio', cm => {
      cm.data.mesh = 'enableAutoMtls: false\n';
    });
    expect(eckCodes(autoOff)).not.toContain('MW508:error'); // the guide's DestinationRule is there
    const noDr = autoOff.filter(o => o.kind !== 'DestinationRule');
    expect(eckCodes(noDr)).toContain('MW508:error');
  });

  it('MW509: Elastic resources in an ambient namespace', () => {
    const amb = patched(eck, 'Namespace', undefined, 'default', ns => {
      ns.metadata.labels = { 'istio.io/dataplane-mode': 'ambient' };
    });
    const codes = eckCodes(amb);
    expect(codes.filter(c => c === 'MW509:warning')).toHaveLength(3);
  });

  it('MW510: health and associations', () => {
    const red = patched(
      eck,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        es.status = { health: 'red', phase: 'Ready' };
      },
    );
    expect(eckCodes(red)).toContain('MW510:error');
    const yellow = patched(eck, 'Kibana', 'default', 'elastic-istio', kb => {
      kb.status = { health: 'green', associationStatus: 'Pending' };
    });
    const hit = analyze(yellow).findings.find(f => f.code === 'MW510')!;
    expect(hit.severity).toBe('warning');
    expect(hit.message).toContain('elasticsearch association Pending');
    const noStatus = patched(
      eck,
      'Elasticsearch',
      'default',
      'elastic-istio',
      es => {
        delete es.status;
      },
    );
    expect(eckCodes(noStatus)).not.toContain('MW510:error');
    expect(checksOf(noStatus, 'Elasticsearch').MW510).toBe('unknown');
  });

  it('MW511: automountServiceAccountToken when the cluster has no TokenRequest API', () => {
    const noAutomount = patched(
      eck,
      'Kibana',
      'default',
      'elastic-istio',
      kb => {
        delete kb.spec.podTemplate;
      },
    );
    expect(eckCodes(noAutomount, { tokenRequestSupported: false })).toContain(
      'MW511:warning',
    );
    expect(
      eckCodes(noAutomount, { tokenRequestSupported: true }),
    ).not.toContain('MW511:warning');
    expect(eckCodes(eck, { tokenRequestSupported: false })).not.toContain(
      'MW511:warning',
    );
  });

  it('marks checks unknown, not passed, when the kinds they need are unreadable', () => {
    const view = fixtureView(eck, [
      {
        kind: Kinds.ConfigMap,
        status: 'forbidden',
        reason: 'configmaps is forbidden',
      },
      { kind: Kinds.PeerAuthentication, status: 'forbidden' },
    ]);
    const es = analyzeCluster(view, { now: NOW }).eck.find(
      e => e.kind === 'Elasticsearch',
    )!;
    const states = Object.fromEntries(es.checks.map(c => [c.code, c.state]));
    expect(es.mtls).toBe('unknown');
    expect(states.MW504).toBe('unknown');
    expect(states.MW508).toBe('unknown');
  });
});
