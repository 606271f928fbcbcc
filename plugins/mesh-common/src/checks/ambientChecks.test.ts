import { loadFixture, without } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * ambient: namespace book-info in ambient mode, Services ratings and
 * reviews (reviews enrolled in waypoint book-info/waypoint, a Gateway of
 * class istio-waypoint), AuthorizationPolicy reviews-get-only with L7 rules
 * attached to Service reviews, and a ready ztunnel DaemonSet.
 */
const ambient = loadFixture('ambient.yaml');
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const ztunnel = (ready: number, desired: number) => `
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: ztunnel, namespace: istio-system }
spec: { selector: { matchLabels: { app: ztunnel } } }
status: { desiredNumberScheduled: ${desired}, numberReady: ${ready} }
`;
const READY_ZTUNNEL = ztunnel(3, 3);

const gateway = (name: string, className: string, namespace = 'book-info') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  gatewayClassName: ${className}
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
`;

const service = (name: string, labels: object, namespace = 'book-info') => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(
  labels,
)} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 9080 }] }
`;

const SHOP = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio.io/dataplane-mode: ambient
    istio.io/use-waypoint: shared
    istio.io/use-waypoint-namespace: book-info
---
apiVersion: v1
kind: Namespace
metadata:
  name: typo
  labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: nope }
`;

describe('waypoints (MW108 unused, MW109 missing)', () => {
  const cluster = withYaml(
    ambient,
    READY_ZTUNNEL,
    SHOP,
    gateway('idle', 'istio-waypoint'),
    gateway('shared', 'istio-waypoint'),
    gateway('edge', 'istio'),
    service('to-edge', { 'istio.io/use-waypoint': 'edge' }),
    service('opted-out', { 'istio.io/use-waypoint': 'none' }),
  );

  it('MW108: a waypoint nothing enrols in, not one enrolled from another namespace, not a non-waypoint Gateway', () => {
    expect(flagged(cluster, 'MW108')).toEqual(['Gateway book-info/idle']);
  });

  it('MW109: a Namespace or Service naming no waypoint, or a Gateway that is not one', () => {
    expect(flagged(cluster, 'MW109')).toEqual([
      'Namespace typo',
      'Service book-info/to-edge',
    ]);
    const [edge] = findingsOf(cluster, 'MW109').filter(
      f => f.objects[0].name === 'to-edge',
    );
    expect(edge.message).toContain('of class istio, not istio-waypoint');
  });

  it('decides nothing it cannot see: MW109 without Gateways, MW108 without the pods that may enrol', () => {
    const gateways = [{ kind: Kinds.K8sGateway, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW109', { states: gateways })).toEqual([]);
    const pods = [{ kind: Kinds.Pod, status: 'pending' as const }];
    expect(flagged(cluster, 'MW108', { states: pods })).toEqual([]);
  });
});

describe('MW110 / KIA0109: L7 policy attached to a Service without a waypoint', () => {
  const policy = (name: string, target: string, rules: object) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: book-info }
spec:
  targetRefs: [{ kind: Service, group: "", name: ${target} }]
  action: ALLOW
  rules: ${JSON.stringify(rules)}
`;
  const L7 = [{ to: [{ operation: { methods: ['GET'] } }] }];
  const L4 = [{ from: [{ source: { namespaces: ['book-info'] } }] }];
  const cluster = withYaml(
    ambient,
    READY_ZTUNNEL,
    policy('ratings-get-only', 'ratings', L7),
    policy('ratings-from-ns', 'ratings', L4),
    policy('missing-service', 'nope', L7),
    service('to-missing-waypoint', { 'istio.io/use-waypoint': 'gone' }),
    policy('to-missing-waypoint', 'to-missing-waypoint', L7),
  );

  it('reports L7 policies on Services no existing waypoint serves, not L4 ones nor ones on a served Service', () => {
    expect(flagged(cluster, 'MW110')).toEqual([
      'AuthorizationPolicy book-info/ratings-get-only',
      'AuthorizationPolicy book-info/to-missing-waypoint',
    ]);
  });

  it('counts the namespace enrolment as serving its Services', () => {
    const enrolled = cluster.map(o =>
      o.kind === 'Namespace' && o.metadata?.name === 'book-info'
        ? {
            ...o,
            metadata: {
              ...o.metadata,
              labels: {
                ...o.metadata.labels,
                'istio.io/use-waypoint': 'waypoint',
              },
            },
          }
        : o,
    );
    expect(flagged(enrolled, 'MW110')).toEqual([
      'AuthorizationPolicy book-info/to-missing-waypoint',
    ]);
  });
});

describe('MW111: ambient namespace without a ready ztunnel', () => {
  it('reports ambient namespaces while no ztunnel DaemonSet has all its pods ready', () => {
    const noZtunnel = without(ambient, 'DaemonSet', 'istio-system', 'ztunnel');
    expect(flagged(noZtunnel, 'MW111')).toEqual(['Namespace book-info']);
    expect(flagged(withYaml(noZtunnel, ztunnel(2, 3)), 'MW111')).toEqual([
      'Namespace book-info',
    ]);
    expect(flagged(withYaml(noZtunnel, READY_ZTUNNEL), 'MW111')).toEqual([]);
    // The fixture's own ztunnel is ready.
    expect(flagged(ambient, 'MW111')).toEqual([]);
    // Sidecar namespaces do not need ztunnel.
    expect(flagged(bookinfo, 'MW111')).toEqual([]);
  });
});

const pod = (
  name: string,
  labels: object,
  options: { sidecar?: boolean; redirected?: boolean; owner?: string } = {},
) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: mixed
  labels: ${JSON.stringify(labels)}
  annotations: ${JSON.stringify(
    options.redirected ? { 'ambient.istio.io/redirection': 'enabled' } : {},
  )}
  ownerReferences: ${JSON.stringify(
    options.owner
      ? [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: options.owner,
            controller: true,
          },
        ]
      : [],
  )}
spec:
  containers:
    - { name: app, image: "app:1" }
${
  options.sidecar
    ? '    - { name: istio-proxy, image: "docker.io/istio/proxyv2:1.24.3" }'
    : ''
}
status: { phase: Running }
`;

describe('MW112: sidecar and ambient in one workload', () => {
  const cluster = withYaml(
    ambient,
    READY_ZTUNNEL,
    `
apiVersion: v1
kind: Namespace
metadata: { name: mixed }
`,
    pod(
      'both-labels',
      { app: 'a', 'istio.io/dataplane-mode': 'ambient' },
      { sidecar: true },
    ),
    pod(
      'sidecar-redirected',
      { app: 'b' },
      { sidecar: true, redirected: true },
    ),
    pod('sidecar-only', { app: 'c' }, { sidecar: true }),
    pod('ambient-only', { app: 'd' }, { redirected: true }),
    pod(
      'half-1',
      { app: 'e', 'pod-template-hash': 'x1' },
      { sidecar: true, owner: 'half-x1' },
    ),
    pod(
      'half-2',
      { app: 'e', 'pod-template-hash': 'x1' },
      { redirected: true, owner: 'half-x1' },
    ),
  );

  it('MW114 / KIA1312: a waypoint label on pods ambient does not capture', () => {
    const labelled = withYaml(
      cluster,
      pod(
        'sidecar-waypoint',
        { app: 'f', 'istio.io/use-waypoint': 'waypoint' },
        { sidecar: true },
      ),
      pod('plain-waypoint', { app: 'g', 'istio.io/use-waypoint': 'waypoint' }),
      pod(
        'ambient-waypoint',
        { app: 'h', 'istio.io/use-waypoint': 'waypoint' },
        { redirected: true },
      ),
      pod('opted-out', { app: 'i', 'istio.io/use-waypoint': 'none' }),
    );
    expect(
      findingsOf(labelled, 'MW114')
        .map(f => f.objects[0].name)
        .sort(),
    ).toEqual(['plain-waypoint', 'sidecar-waypoint']);
  });

  it('reports pods with both, and workloads whose pods use different data planes', () => {
    const workloads = findingsOf(cluster, 'MW112').map(f => f.objects[0].name);
    expect(workloads.sort()).toEqual([
      'both-labels',
      'half',
      'sidecar-redirected',
    ]);
  });
});

describe('MW113: PeerAuthentication DISABLE on ambient pods', () => {
  const pa = (name: string, namespace: string, spec: object) => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;
  const cluster = withYaml(
    [...ambient, ...bookinfo],
    READY_ZTUNNEL,
    pa('ratings-port', 'book-info', {
      selector: { matchLabels: { app: 'ratings' } },
      portLevelMtls: { 9080: { mode: 'DISABLE' } },
    }),
    pa('ratings-permissive', 'book-info', {
      selector: { matchLabels: { app: 'ratings' } },
      mtls: { mode: 'PERMISSIVE' },
      portLevelMtls: { 9080: { mode: 'STRICT' } },
    }),
    pa('nobody', 'book-info', {
      selector: { matchLabels: { app: 'nobody' } },
      mtls: { mode: 'DISABLE' },
    }),
    // sidecars honour DISABLE
    pa('details-port', 'bookinfo', {
      selector: { matchLabels: { app: 'details' } },
      portLevelMtls: { 9080: { mode: 'DISABLE' } },
    }),
  );

  it('reports DISABLE, at workload or port level, only where it applies to ambient pods', () => {
    expect(flagged(cluster, 'MW113')).toEqual([
      'PeerAuthentication book-info/ratings-port',
    ]);
  });
});
