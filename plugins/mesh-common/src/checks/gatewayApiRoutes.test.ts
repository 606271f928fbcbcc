import { loadFixture } from '../__testUtils__/fixtureView';
import { flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * Gateway API routes as Kiali's route checkers judge them (KIA1401 parent
 * Gateway, KIA1402 Service references). bookinfo has Services productpage
 * and details in namespace bookinfo.
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');

const GATEWAYS = `
apiVersion: v1
kind: Namespace
metadata: { name: infra }
---
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { shared-gateway: "true" } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: local, namespace: bookinfo }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: same-only, namespace: infra }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: shared, namespace: infra }
spec:
  gatewayClassName: istio
  listeners:
    - name: http
      port: 80
      protocol: HTTP
      allowedRoutes: { namespaces: { from: Selector, selector: { matchLabels: { shared-gateway: "true" } } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: open, namespace: infra }
spec:
  gatewayClassName: istio
  listeners:
    - { name: http, port: 80, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }
`;

const route = (
  name: string,
  parentRefs: object[],
  backendRefs: object[] = [{ name: 'productpage', port: 9080 }],
  namespace = 'bookinfo',
  kind = 'HTTPRoute',
) => `
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({ parentRefs, rules: [{ backendRefs }] })}
`;

const cluster = withYaml(
  bookinfo,
  GATEWAYS,
  route('to-local', [{ name: 'local' }]),
  route('to-missing', [{ name: 'nope' }]),
  route('to-same-only', [{ name: 'same-only', namespace: 'infra' }]),
  route('to-shared-not-selected', [{ name: 'shared', namespace: 'infra' }]),
  route('to-shared', [{ name: 'shared', namespace: 'infra' }], [], 'shop'),
  route('to-open', [{ name: 'open', namespace: 'infra' }]),
  // a mesh (GAMMA) route: its parent is a Service
  route(
    'mesh-route',
    [{ group: '', kind: 'Service', name: 'details' }],
    [{ name: 'details', port: 9080 }],
  ),
  route(
    'mesh-missing',
    [{ group: '', kind: 'Service', name: 'reviews' }],
    [{ name: 'details', port: 9080 }],
  ),
  route(
    'backend-missing',
    [{ name: 'local' }],
    [
      { name: 'productpage', port: 9080 },
      { name: 'ratings', port: 9080 },
    ],
  ),
  route(
    'backend-dotted',
    [{ name: 'local' }],
    [{ name: 'productpage.bookinfo', port: 9080 }],
  ),
  // another namespace needs a ReferenceGrant, which is not watched: not decided
  route(
    'backend-elsewhere',
    [{ name: 'local' }],
    [{ name: 'nothing', namespace: 'infra', port: 80 }],
  ),
  route(
    'grpc-missing',
    [{ name: 'local' }],
    [{ name: 'grpc-api', port: 50051 }],
    'bookinfo',
    'GRPCRoute',
  ),
);

describe('MW311 / KIA1401: a route attached to a Gateway that is missing or does not admit it', () => {
  it('reports missing Gateways and Gateways of other namespaces whose listeners do not admit the route', () => {
    expect(flagged(cluster, 'MW311')).toEqual([
      'HTTPRoute bookinfo/to-missing',
      'HTTPRoute bookinfo/to-same-only',
      'HTTPRoute bookinfo/to-shared-not-selected',
    ]);
  });

  it('decides nothing while Gateway API Gateways cannot be read', () => {
    const states = [{ kind: Kinds.K8sGateway, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW311', { states })).toEqual([]);
  });
});

describe('MW312 / KIA1402: a route naming a Service that does not exist', () => {
  it('reports backendRefs and Service parentRefs in the route namespace, dotted names included', () => {
    expect(flagged(cluster, 'MW312')).toEqual([
      'GRPCRoute bookinfo/grpc-missing',
      'HTTPRoute bookinfo/backend-dotted',
      'HTTPRoute bookinfo/backend-missing',
      'HTTPRoute bookinfo/mesh-missing',
    ]);
  });
});

describe('MW825 / IST0171: negative status conditions', () => {
  const withStatus = withYaml(
    bookinfo,
    `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: broken, namespace: bookinfo }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
status:
  conditions:
    - { type: Accepted, status: "True", reason: Accepted }
    - { type: Programmed, status: "False", reason: Invalid, message: "no addresses" }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: healthy, namespace: bookinfo }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
status:
  conditions: [{ type: Programmed, status: "True" }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: unresolved, namespace: bookinfo }
spec: { parentRefs: [{ name: healthy }], rules: [{ backendRefs: [{ name: productpage, port: 9080 }] }] }
status:
  parents:
    - parentRef: { name: healthy }
      controllerName: istio.io/gateway-controller
      conditions: [{ type: ResolvedRefs, status: "False", reason: BackendNotFound }]
---
apiVersion: v1
kind: Service
metadata: { name: unbound, namespace: bookinfo }
spec: { selector: { app: details }, ports: [{ name: http, port: 80 }] }
status:
  conditions: [{ type: istio.io/WaypointBound, status: "False", reason: WaypointNotFound }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: partial, namespace: bookinfo }
spec: { action: ALLOW, rules: [{}] }
status:
  conditions: [{ type: WaypointAccepted, status: "True", reason: PartiallyInvalid }]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: accepted, namespace: bookinfo }
spec: { action: ALLOW, rules: [{}] }
status:
  conditions: [{ type: ZtunnelAccepted, status: "True" }]
`,
  );

  it('reports the False conditions istioctl names, and partially invalid policies', () => {
    expect(flagged(withStatus, 'MW825')).toEqual([
      'AuthorizationPolicy bookinfo/partial',
      'Gateway bookinfo/broken',
      'HTTPRoute bookinfo/unresolved',
      'Service bookinfo/unbound',
    ]);
  });
});
