import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/**
 * ambient: namespace book-info in ambient mode and enrolled in no waypoint;
 * Service reviews is enrolled (istio.io/use-waypoint: waypoint), Service
 * ratings is not; pods ratings-v1 and reviews-v1 carry no waypoint label.
 * Added here: frontend, a sidecar namespace, and shop, an ambient namespace
 * enrolled in a waypoint.
 */
const ambient = loadFixture('ambient.yaml');

const NAMESPACES = `
apiVersion: v1
kind: Namespace
metadata: { name: frontend, labels: { istio-injection: enabled } }
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: { istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }
`;

const dr = (name: string, namespace: string, host: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({ host, ...spec })}
`;

const vs = (name: string, namespace: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

const OUTLIER = {
  trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5 } },
};
const HTTP_POOL = {
  subsets: [
    {
      name: 'v1',
      labels: { version: 'v1' },
      trafficPolicy: { connectionPool: { http: { http2MaxRequests: 10 } } },
    },
  ],
};
const HEADER_HASH = {
  trafficPolicy: {
    loadBalancer: { consistentHash: { httpHeaderName: 'x-user' } },
  },
};
const TLS_ONLY = { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } };
const route = (host: string) => [{ route: [{ destination: { host } }] }];

describe('MW115 / MW116 / MW117: L7 DestinationRules and VirtualServices for ambient Services (KIA0210–0212, KIA1109, KIA1113, KIA1114)', () => {
  const cluster = withYaml(
    ambient,
    NAMESPACES,
    dr('ratings-outlier', 'book-info', 'ratings', OUTLIER),
    dr('reviews-outlier', 'book-info', 'reviews', OUTLIER),
    dr('ratings-tls', 'book-info', 'ratings', TLS_ONLY),
    dr(
      'reviews-from-frontend',
      'frontend',
      'reviews.book-info.svc.cluster.local',
      HTTP_POOL,
    ),
    dr('external-hash', 'book-info', 'api.example.com', HEADER_HASH),
    dr('external-from-frontend', 'frontend', 'api.example.com', HEADER_HASH),
    dr('external-from-shop', 'shop', 'api.example.com', HEADER_HASH),
    vs('ratings-routes', 'book-info', {
      hosts: ['ratings'],
      http: route('ratings'),
    }),
    vs('reviews-routes', 'book-info', {
      hosts: ['reviews'],
      gateways: ['mesh'],
      http: route('reviews'),
    }),
    vs('ratings-at-edge', 'book-info', {
      hosts: ['ratings.example.com'],
      gateways: ['book-info/edge'],
      http: route('ratings'),
    }),
    vs('ratings-tcp', 'book-info', {
      hosts: ['ratings'],
      tcp: [{ route: [{ destination: { host: 'ratings' } }] }],
    }),
    vs('ratings-from-frontend', 'frontend', {
      hosts: ['ratings.book-info'],
      http: route('ratings.book-info'),
    }),
  );

  it('MW116: the destination Service is in an ambient namespace and enrolled in no waypoint', () => {
    expect(flagged(cluster, 'MW116')).toEqual([
      'DestinationRule book-info/ratings-outlier',
      'VirtualService book-info/ratings-routes',
      'VirtualService frontend/ratings-from-frontend',
    ]);
    const [finding] = findingsOf(cluster, 'MW116');
    expect(finding).toMatchObject({
      severity: 'warning',
      kialiCode: 'KIA0211',
    });
    expect(finding.objects.map(o => `${o.kind} ${o.name}`)).toEqual([
      'DestinationRule ratings-outlier',
      'Service ratings',
    ]);
  });

  it('MW117: the rule is not in the ambient Service’s namespace, whether or not the Service is enrolled', () => {
    expect(flagged(cluster, 'MW117')).toEqual([
      'DestinationRule frontend/reviews-from-frontend',
      'VirtualService frontend/ratings-from-frontend',
    ]);
  });

  it('MW115: no host is an ambient Service and the rule’s own ambient namespace is not enrolled', () => {
    expect(flagged(cluster, 'MW115')).toEqual([
      'DestinationRule book-info/external-hash',
    ]);
    expect(findingsOf(cluster, 'MW115')[0].message).toContain(
      'consistent hashing on an HTTP header or cookie',
    );
  });

  it('decides nothing without the Services', () => {
    const states = [{ kind: Kinds.Service, status: 'forbidden' as const }];
    for (const code of ['MW115', 'MW116', 'MW117'] as const)
      expect(flagged(cluster, code, { states })).toEqual([]);
  });
});

const ra = (name: string, namespace: string, attach: object) => `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify({
  ...attach,
  jwtRules: [{ issuer: 'https://issuer.example.com' }],
})}
`;

const telemetry = (name: string, namespace: string, spec: object) => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

const authz = (name: string, namespace: string, spec: object) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${JSON.stringify(spec)}
`;

const serviceRef = (name: string) => ({
  targetRefs: [{ kind: 'Service', group: '', name }],
});
const TRACING = { tracing: [{ randomSamplingPercentage: 10 }] };

describe('MW115 / MW118: L7 policies in ambient namespaces (KIA0110, KIA1110, KIA1112, KIA1115, KIA1117)', () => {
  const cluster = withYaml(
    ambient,
    NAMESPACES,
    ra('jwt-by-selector', 'book-info', {
      selector: { matchLabels: { app: 'ratings' } },
    }),
    ra('jwt-on-reviews', 'book-info', serviceRef('reviews')),
    ra('jwt-on-ratings', 'book-info', serviceRef('ratings')),
    ra('jwt-in-frontend', 'frontend', {}),
    telemetry('tracing', 'book-info', TRACING),
    telemetry('tcp-metrics', 'book-info', {
      metrics: [{ providers: [{ name: 'prometheus' }] }],
    }),
    telemetry('shop-tracing', 'shop', TRACING),
    telemetry('shop-tracing-attached', 'shop', {
      ...serviceRef('cart'),
      ...TRACING,
    }),
    authz('ratings-get-by-selector', 'book-info', {
      selector: { matchLabels: { app: 'ratings' } },
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    }),
    authz('frontend-get', 'frontend', {
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    }),
  );

  it('MW118: bound by selector or namespace-wide instead of targetRefs, L7 only, ambient namespaces only', () => {
    expect(flagged(cluster, 'MW118')).toEqual([
      'AuthorizationPolicy book-info/ratings-get-by-selector',
      'RequestAuthentication book-info/jwt-by-selector',
      'Telemetry book-info/tracing',
      'Telemetry shop/shop-tracing',
    ]);
  });

  it('MW115: the selected pods, namespace or attached Services are enrolled in no waypoint', () => {
    expect(flagged(cluster, 'MW115')).toEqual([
      'RequestAuthentication book-info/jwt-by-selector',
      'RequestAuthentication book-info/jwt-on-ratings',
      'Telemetry book-info/tracing',
    ]);
    const bySelector = findingsOf(cluster, 'MW115').find(
      f => f.objects[0].name === 'jwt-by-selector',
    )!;
    expect(bySelector.objects.map(o => `${o.kind} ${o.name}`)).toEqual([
      'RequestAuthentication jwt-by-selector',
      'Pod ratings-v1-7c9f8d5b6-r1r1r',
    ]);
  });

  it('a pod’s own waypoint label enrols it', () => {
    const enrolled = cluster.map(obj =>
      (obj.metadata as { name?: string })?.name === 'ratings-v1-7c9f8d5b6-r1r1r'
        ? {
            ...obj,
            metadata: {
              ...(obj.metadata as object),
              labels: {
                app: 'ratings',
                version: 'v1',
                'istio.io/use-waypoint': 'waypoint',
              },
            },
          }
        : obj,
    );
    expect(flagged(enrolled, 'MW115')).toEqual([
      'RequestAuthentication book-info/jwt-on-ratings',
      'Telemetry book-info/tracing',
    ]);
  });

  it('decides nothing without the pods a selector picks', () => {
    const states = [{ kind: Kinds.Pod, status: 'pending' as const }];
    expect(flagged(cluster, 'MW115', { states })).toEqual([
      'RequestAuthentication book-info/jwt-on-ratings',
    ]);
  });
});
