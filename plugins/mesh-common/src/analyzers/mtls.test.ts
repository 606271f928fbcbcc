import { fixtureView, NOW, parseYaml } from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { computeWorkloadStatus } from '../analysis/computeWorkloadStatus';

const base = `
apiVersion: v1
kind: Namespace
metadata: { name: foo, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Pod
metadata: { name: finance-0, namespace: foo, labels: { app: finance } }
spec:
  containers:
    - { name: app, image: finance:1, ports: [{ name: web, containerPort: 8080 }, { containerPort: 9090 }] }
    - { name: istio-proxy, image: docker.io/istio/proxyv2:1.24.3 }
---
apiVersion: v1
kind: Service
metadata: { name: finance, namespace: foo }
spec:
  selector: { app: finance }
  ports: [{ name: http, port: 80, targetPort: web }, { name: grpc, port: 9090 }]
`;

const pa = (
  name: string,
  ns: string,
  spec: string,
  created = '2024-01-01T00:00:00Z',
) => `
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${ns}, creationTimestamp: "${created}" }
spec: ${spec}
`;

function mtlsOf(yaml: string, states: Parameters<typeof fixtureView>[1] = []) {
  const view = fixtureView(parseYaml(base + yaml), states);
  const status = computeWorkloadStatus(
    view,
    { labelSelector: 'app=finance' },
    { now: NOW },
  );
  return status.workloads[0].mtls;
}
const portModes = (m: ReturnType<typeof mtlsOf>) =>
  Object.fromEntries(m.ports.map(p => [p.port, p.mode]));

describe('effective mTLS (PeerAuthentication precedence)', () => {
  it('defaults to PERMISSIVE when nothing applies', () => {
    const m = mtlsOf('');
    expect(m.mode).toBe('PERMISSIVE');
    expect(m.chain).toEqual([expect.objectContaining({ level: 'default' })]);
  });

  it('workload selector > namespace > mesh, each recorded in the chain', () => {
    const m = mtlsOf(
      pa('default', 'istio-system', '{ mtls: { mode: STRICT } }') +
        pa('default', 'foo', '{ mtls: { mode: DISABLE } }') +
        pa(
          'finance',
          'foo',
          '{ selector: { matchLabels: { app: finance } }, mtls: { mode: PERMISSIVE } }',
        ),
    );
    expect(m.workloadMode).toBe('PERMISSIVE');
    expect(m.chain.map(l => [l.level, l.ref?.name, l.effect])).toEqual([
      ['default', undefined, expect.any(String)],
      ['mesh', 'default', 'STRICT'],
      ['namespace', 'default', 'DISABLE'],
      ['workload', 'finance', 'PERMISSIVE'],
    ]);
  });

  it('UNSET inherits from the parent level', () => {
    const m = mtlsOf(
      pa('default', 'istio-system', '{ mtls: { mode: STRICT } }') +
        pa('default', 'foo', '{ mtls: { mode: UNSET } }'),
    );
    expect(m.workloadMode).toBe('STRICT');
    expect(m.chain[2].effect).toBe('UNSET (inherits STRICT)');
  });

  it('the oldest of competing policies wins', () => {
    const m = mtlsOf(
      pa('newer', 'foo', '{ mtls: { mode: STRICT } }', '2024-06-01T00:00:00Z') +
        pa(
          'older',
          'foo',
          '{ mtls: { mode: DISABLE } }',
          '2023-01-01T00:00:00Z',
        ),
    );
    expect(m.workloadMode).toBe('DISABLE');
    expect(m.chain[1].ref?.name).toBe('older');
  });

  it('portLevelMtls is keyed by the container (target) port, with UNSET inheriting the workload mode', () => {
    const m = mtlsOf(
      pa('default', 'istio-system', '{ mtls: { mode: STRICT } }') +
        pa(
          'finance',
          'foo',
          '{ selector: { matchLabels: { app: finance } }, portLevelMtls: { "8080": { mode: DISABLE }, "80": { mode: PERMISSIVE }, "9090": { mode: UNSET } } }',
        ),
    );
    // service port 80 -> targetPort "web" -> container port 8080
    expect(portModes(m)).toEqual({
      80: 'PERMISSIVE',
      8080: 'DISABLE',
      9090: 'STRICT',
    });
    const p8080 = m.ports.find(p => p.port === 8080)!;
    expect(p8080.servicePorts).toEqual([
      { service: 'finance', port: 80, name: 'http' },
    ]);
    expect(p8080.chain.at(-1)).toMatchObject({
      level: 'port',
      effect: 'port 8080: DISABLE',
    });
    expect(m.mode).toBe('mixed');
  });

  it('ignores selector policies in the root namespace and port settings without selector', () => {
    const m = mtlsOf(
      pa(
        'root-selector',
        'istio-system',
        '{ selector: { matchLabels: { app: finance } }, mtls: { mode: STRICT } }',
      ) + pa('ns', 'foo', '{ portLevelMtls: { "8080": { mode: STRICT } } }'),
    );
    expect(portModes(m)).toEqual({ 8080: 'PERMISSIVE', 9090: 'PERMISSIVE' });
  });

  it('ports excluded from the sidecar are plaintext whatever the policy says', () => {
    const yaml = base.replace(
      'labels: { app: finance } }',
      'labels: { app: finance }, annotations: { traffic.sidecar.istio.io/excludeInboundPorts: "9090" } }',
    );
    const view = fixtureView(
      parseYaml(
        yaml + pa('default', 'istio-system', '{ mtls: { mode: STRICT } }'),
      ),
    );
    const m = computeWorkloadStatus(
      view,
      { labelSelector: 'app=finance' },
      { now: NOW },
    ).workloads[0].mtls;
    expect(portModes(m)).toEqual({ 8080: 'STRICT', 9090: 'DISABLE' });
    expect(m.ports.find(p => p.port === 9090)!.chain.at(-1)!.level).toBe(
      'dataPlane',
    );
  });

  it('ambient: DISABLE is not supported and behaves as PERMISSIVE; no proxy means plaintext only', () => {
    const ambientYaml = base
      .replace(
        'labels: { istio-injection: enabled }',
        'labels: { istio.io/dataplane-mode: ambient }',
      )
      .replace(/ {4}- \{ name: istio-proxy.*\n/, '');
    const view = fixtureView(
      parseYaml(
        ambientYaml + pa('default', 'foo', '{ mtls: { mode: DISABLE } }'),
      ),
    );
    const m = computeWorkloadStatus(
      view,
      { labelSelector: 'app=finance' },
      { now: NOW },
    ).workloads[0];
    expect(m.dataPlane.mode).toBe('ambient');
    expect(m.mtls.mode).toBe('PERMISSIVE');
    const plain = fixtureView(
      parseYaml(
        base
          .replace('labels: { istio-injection: enabled }', 'labels: {}')
          .replace(/ {4}- \{ name: istio-proxy.*\n/, ''),
      ),
    );
    const w = computeWorkloadStatus(
      plain,
      { labelSelector: 'app=finance' },
      { now: NOW },
    ).workloads[0];
    expect(w.dataPlane.mode).toBe('none');
    expect(w.mtls.mode).toBe('DISABLE');
  });

  it('is unknown, with the reason, when PeerAuthentications are not readable', () => {
    const m = mtlsOf(
      pa('default', 'istio-system', '{ mtls: { mode: STRICT } }'),
      [
        {
          kind: Kinds.PeerAuthentication,
          status: 'forbidden',
          reason: 'peerauthentications is forbidden',
        },
      ],
    );
    expect(m.mode).toBe('unknown');
    expect(m.unknown).toMatchObject({ reason: 'forbidden' });
    expect(m.unknown!.message).toContain('peerauthentications is forbidden');
  });

  it('lists the DestinationRule TLS clients use, per service port', () => {
    const m = mtlsOf(`
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: finance, namespace: foo }
spec:
  host: finance
  trafficPolicy:
    tls: { mode: ISTIO_MUTUAL }
    portLevelSettings: [{ port: { number: 9090 }, tls: { mode: DISABLE } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: mesh-default, namespace: istio-system }
spec:
  host: "*.local"
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
`);
    expect(
      m.destinationRules.map(d => [d.ref.name, d.mode, d.servicePort, d.scope]),
    ).toEqual([
      ['finance', 'ISTIO_MUTUAL', undefined, 'all clients'],
      ['finance', 'DISABLE', 9090, 'all clients'],
      // The Service's own namespace has a rule, which Istio prefers to the
      // root namespace's for every client outside the root namespace.
      ['mesh-default', 'ISTIO_MUTUAL', undefined, 'clients in istio-system'],
    ]);
    expect(
      m.ports
        .find(p => p.port === 8080)!
        .destinationRules.map(d => d.servicePort),
    ).toEqual([undefined, undefined]);
  });
});
