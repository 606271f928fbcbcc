/**
 * What the demo scenario (`packages/demo-cluster/scenario`) encodes, written
 * down as plain facts so tests of the backend, the analyzers and the UI can
 * assert against them instead of re-deriving the story. Every object named
 * here exists in the scenario (checked by demoExpectations.test.ts).
 *
 * Times are offsets from the moment the scenario was loaded: the manifests use
 * `{{now±N}}` tokens, so "expires in 5 days" holds whenever the demo runs. Use
 * `expectedTimestamp()` to turn an offset into the timestamp the loader wrote.
 */
import { formatKubeTime } from './relativeTime';

export const DEMO_CLUSTER_NAME = 'demo';

/** Identifies one object; `apiVersion` is given where the kind alone is ambiguous (Istio vs Gateway API `Gateway`). */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

export type DataPlaneMode =
  | 'sidecar'
  | 'ambient'
  | 'ambient+waypoint'
  | 'none'
  | 'partial';
export type EffectiveMtls = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'not-in-mesh';
export type GatewayTlsMode = 'MUTUAL' | 'SIMPLE' | 'Terminate' | 'none';
export type EckHealth = 'green' | 'yellow' | 'red';

export interface ExposureExpectation {
  host: string;
  port: number;
  gateway: ObjectRef;
  /** the VirtualService or HTTPRoute that routes the host to this service */
  route: ObjectRef;
  tlsMode: GatewayTlsMode;
  /** the Certificate behind credentialName / certificateRefs, when there is one */
  certificate?: ObjectRef;
  certificateReady?: boolean;
  /** whole days from load time to the certificate's notAfter */
  daysToExpiry?: number;
  /** the finding that makes this exposure not work as written */
  problem?: string;
}

export interface EckExpectation {
  resources: ObjectRef[];
  /** status.health per resource kind */
  health: Partial<Record<'Elasticsearch' | 'Kibana' | 'ApmServer', EckHealth>>;
  /** ECK finding codes (MW5xx) that must not fire for these resources */
  passes: string[];
  /** ECK finding codes that must fire */
  fails: string[];
}

export interface ComponentExpectation {
  owner: string;
  namespaces: string[];
  podCount: number;
  dataPlane: DataPlaneMode;
  /** `istio.io/rev` of the pods that carry a sidecar */
  revisions: string[];
  /** versions of the istio-proxy images in the pods */
  proxyVersions: string[];
  /** pods running an older proxy than their namespace's revision now injects */
  podsToRestart: number;
  /** effective inbound mTLS per namespace the component runs in */
  mtls: Record<string, EffectiveMtls>;
  exposure: ExposureExpectation[];
  /** AuthorizationPolicies that select the component's pods, as `namespace/name` */
  authorizationPolicies: string[];
  eck?: EckExpectation;
}

export interface NamespaceExpectation {
  owner: string;
  dataPlane: 'sidecar' | 'ambient' | 'none';
  /** the revision whose injector serves the namespace; `default` is the tag */
  revision?: string;
  /** the revision the namespace resolves to after tags and label precedence */
  effectiveRevision?: string;
  /** the revision named has no istiod */
  controlPlaneMissing?: boolean;
  conflictingInjectionLabels?: boolean;
  waypoint?: string;
  denyByDefaultNetworkPolicy: boolean;
}

export interface RevisionExpectation {
  version: string;
  /** namespaces whose label selects this revision (directly or through the default tag) */
  namespaces: string[];
  /** running pods whose sidecar was injected by this revision */
  sidecarPods: number;
  inUse: boolean;
}

export interface CertificateExpectation {
  ref: ObjectRef;
  ready: boolean;
  /** offset in days from load time to notAfter; absent when never issued */
  daysToExpiry?: number;
  daysToRenewal?: number;
  failedIssuanceAttempts?: number;
  reason?: string;
  usedBy: ObjectRef[];
}

export interface FindingExpectation {
  code: string;
  /** the objects the finding names; workload-level findings name the Deployment/StatefulSet */
  objects: ObjectRef[];
  why: string;
}

export interface DemoExpectations {
  cluster: string;
  revisions: Record<string, RevisionExpectation>;
  defaultRevisionTag: string;
  components: Record<string, ComponentExpectation>;
  namespaces: Record<string, NamespaceExpectation>;
  certificates: Record<string, CertificateExpectation>;
  findings: FindingExpectation[];
  absentFindings: FindingExpectation[];
}

const ISTIO_GATEWAY = 'networking.istio.io/v1';
const K8S_GATEWAY = 'gateway.networking.k8s.io/v1';

const gw = (namespace: string, name: string): ObjectRef => ({
  kind: 'Gateway',
  apiVersion: ISTIO_GATEWAY,
  namespace,
  name,
});
const vs = (namespace: string, name: string): ObjectRef => ({
  kind: 'VirtualService',
  namespace,
  name,
});
const cert = (name: string, namespace = 'istio-system'): ObjectRef => ({
  kind: 'Certificate',
  namespace,
  name,
});
const deploy = (namespace: string, name: string): ObjectRef => ({
  kind: 'Deployment',
  namespace,
  name,
});
const sts = (namespace: string, name: string): ObjectRef => ({
  kind: 'StatefulSet',
  namespace,
  name,
});
const ns = (name: string): ObjectRef => ({ kind: 'Namespace', name });
const dr = (namespace: string, name: string): ObjectRef => ({
  kind: 'DestinationRule',
  namespace,
  name,
});
/** seed 003's mesh-wide `*.local` ISTIO_MUTUAL rule in istio-system */
const MESH_DR = dr('istio-system', 'default');
const svc = (namespace: string, name: string): ObjectRef => ({
  kind: 'Service',
  namespace,
  name,
});
const netpol = (namespace: string, name: string): ObjectRef => ({
  kind: 'NetworkPolicy',
  namespace,
  name,
});
const authz = (namespace: string, name: string): ObjectRef => ({
  kind: 'AuthorizationPolicy',
  namespace,
  name,
});
const es = (namespace: string, name: string): ObjectRef => ({
  kind: 'Elasticsearch',
  namespace,
  name,
});
const kb = (namespace: string, name: string): ObjectRef => ({
  kind: 'Kibana',
  namespace,
  name,
});
const apm = (namespace: string, name: string): ObjectRef => ({
  kind: 'ApmServer',
  namespace,
  name,
});

const ECK_CHECKS = ['MW503', 'MW504', 'MW506', 'MW507', 'MW509', 'MW510'];

export const demoExpectations: DemoExpectations = {
  cluster: DEMO_CLUSTER_NAME,
  defaultRevisionTag: '1-24-3',
  revisions: {
    '1-22-6': {
      version: '1.22.6',
      namespaces: [],
      sidecarPods: 0,
      inUse: false,
    },
    '1-23-2': {
      version: '1.23.2',
      namespaces: ['storefront-checkout', 'logging'],
      sidecarPods: 10,
      inUse: true,
    },
    '1-24-3': {
      version: '1.24.3',
      namespaces: [
        'bookinfo',
        'observability',
        'elastic-system',
        'analytics-sandbox',
      ],
      sidecarPods: 13,
      inUse: true,
    },
  },
  namespaces: {
    bookinfo: {
      owner: 'storefront',
      dataPlane: 'sidecar',
      revision: '1-24-3',
      effectiveRevision: '1-24-3',
      denyByDefaultNetworkPolicy: true,
    },
    'storefront-checkout': {
      owner: 'storefront',
      dataPlane: 'sidecar',
      revision: '1-23-2',
      effectiveRevision: '1-23-2',
      denyByDefaultNetworkPolicy: true,
    },
    'legacy-billing': {
      owner: 'storefront',
      dataPlane: 'none',
      denyByDefaultNetworkPolicy: false,
    },
    inventory: {
      owner: 'storefront',
      dataPlane: 'ambient',
      waypoint: 'waypoint',
      denyByDefaultNetworkPolicy: false,
    },
    recommendations: {
      owner: 'storefront',
      dataPlane: 'ambient',
      denyByDefaultNetworkPolicy: false,
    },
    experiments: {
      owner: 'storefront',
      dataPlane: 'none',
      revision: '1-25-0',
      controlPlaneMissing: true,
      denyByDefaultNetworkPolicy: false,
    },
    'elastic-system': {
      owner: 'observability',
      dataPlane: 'sidecar',
      revision: 'default',
      effectiveRevision: '1-24-3',
      denyByDefaultNetworkPolicy: false,
    },
    observability: {
      owner: 'observability',
      dataPlane: 'sidecar',
      revision: '1-24-3',
      effectiveRevision: '1-24-3',
      denyByDefaultNetworkPolicy: true,
    },
    logging: {
      owner: 'observability',
      dataPlane: 'sidecar',
      revision: '1-23-2',
      effectiveRevision: '1-23-2',
      denyByDefaultNetworkPolicy: false,
    },
    telemetry: {
      owner: 'observability',
      dataPlane: 'ambient',
      denyByDefaultNetworkPolicy: false,
    },
    'analytics-sandbox': {
      owner: 'observability',
      dataPlane: 'sidecar',
      revision: 'default',
      effectiveRevision: '1-24-3',
      conflictingInjectionLabels: true,
      denyByDefaultNetworkPolicy: false,
    },
  },
  components: {
    productpage: {
      owner: 'storefront',
      namespaces: ['bookinfo'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { bookinfo: 'STRICT' },
      exposure: [
        {
          host: 'productpage.bookinfo.appk8s.com',
          port: 443,
          gateway: gw('bookinfo', 'bookinfo-gateway'),
          route: vs('bookinfo', 'productpage'),
          tlsMode: 'MUTUAL',
          certificate: cert('bookinfo-ingressgateway-certs'),
          certificateReady: true,
          daysToExpiry: 62,
        },
        {
          host: 'status.appk8s.com',
          port: 443,
          gateway: gw('bookinfo', 'status-gateway'),
          route: vs('bookinfo', 'status'),
          tlsMode: 'MUTUAL',
          certificate: cert('status-certs'),
          certificateReady: true,
          daysToExpiry: 75,
          problem: 'MW304',
        },
      ],
      authorizationPolicies: ['bookinfo/productpage-viewer'],
    },
    details: {
      owner: 'storefront',
      namespaces: ['bookinfo'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { bookinfo: 'STRICT' },
      exposure: [],
      authorizationPolicies: ['bookinfo/details-viewer'],
    },
    reviews: {
      owner: 'storefront',
      namespaces: ['bookinfo'],
      podCount: 3,
      dataPlane: 'sidecar',
      revisions: ['1-23-2', '1-24-3'],
      proxyVersions: ['1.23.2', '1.24.3'],
      podsToRestart: 1,
      mtls: { bookinfo: 'STRICT' },
      exposure: [
        {
          host: 'reviews.bookinfo.appk8s.com',
          port: 443,
          gateway: gw('bookinfo', 'reviews-gateway'),
          route: vs('bookinfo', 'reviews'),
          tlsMode: 'none',
          problem: 'MW305',
        },
      ],
      authorizationPolicies: ['bookinfo/reviews-viewer'],
    },
    ratings: {
      owner: 'storefront',
      namespaces: ['bookinfo'],
      podCount: 2,
      dataPlane: 'partial',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { bookinfo: 'STRICT' },
      exposure: [],
      authorizationPolicies: ['bookinfo/ratings-viewer'],
    },
    checkout: {
      owner: 'storefront',
      namespaces: ['storefront-checkout'],
      podCount: 2,
      dataPlane: 'sidecar',
      revisions: ['1-23-2'],
      proxyVersions: ['1.23.2'],
      podsToRestart: 0,
      mtls: { 'storefront-checkout': 'STRICT' },
      exposure: [
        {
          host: 'checkout.appk8s.com',
          port: 443,
          gateway: gw('storefront-checkout', 'checkout-gateway'),
          route: vs('storefront-checkout', 'checkout'),
          tlsMode: 'MUTUAL',
          certificate: cert('checkout-certs'),
          certificateReady: true,
          daysToExpiry: 5,
          problem: 'MW303',
        },
        {
          host: 'shop.example.org',
          port: 443,
          gateway: gw('storefront-checkout', 'shop-gateway'),
          route: vs('storefront-checkout', 'shop'),
          tlsMode: 'MUTUAL',
          certificate: cert('shop-certs'),
          certificateReady: false,
          problem: 'MW302',
        },
      ],
      authorizationPolicies: ['storefront-checkout/checkout-viewer'],
    },
    payments: {
      owner: 'storefront',
      namespaces: ['storefront-checkout'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-23-2'],
      proxyVersions: ['1.23.2'],
      podsToRestart: 0,
      mtls: { 'storefront-checkout': 'PERMISSIVE' },
      exposure: [
        {
          host: 'payments.appk8s.com',
          port: 443,
          gateway: gw('storefront-checkout', 'checkout-gateway'),
          route: vs('storefront-checkout', 'payments'),
          tlsMode: 'MUTUAL',
          problem: 'MW306',
        },
        {
          host: 'payments-internal.appk8s.com',
          port: 80,
          gateway: gw('storefront-checkout', 'internal-gateway'),
          route: vs('storefront-checkout', 'payments-internal'),
          tlsMode: 'none',
          problem: 'MW307',
        },
      ],
      authorizationPolicies: ['storefront-checkout/payments-viewer'],
    },
    invoices: {
      owner: 'storefront',
      namespaces: ['legacy-billing', 'storefront-checkout'],
      podCount: 3,
      dataPlane: 'partial',
      revisions: ['1-23-2'],
      proxyVersions: ['1.23.2'],
      podsToRestart: 0,
      mtls: {
        'legacy-billing': 'not-in-mesh',
        'storefront-checkout': 'STRICT',
      },
      exposure: [],
      authorizationPolicies: [],
    },
    inventory: {
      owner: 'storefront',
      namespaces: ['inventory'],
      podCount: 2,
      dataPlane: 'ambient+waypoint',
      revisions: [],
      proxyVersions: [],
      podsToRestart: 0,
      mtls: { inventory: 'STRICT' },
      exposure: [
        {
          host: 'inventory.appk8s.com',
          port: 443,
          gateway: {
            kind: 'Gateway',
            apiVersion: K8S_GATEWAY,
            namespace: 'inventory',
            name: 'inventory-gateway',
          },
          route: {
            kind: 'HTTPRoute',
            namespace: 'inventory',
            name: 'inventory',
          },
          tlsMode: 'Terminate',
          certificate: cert('inventory-tls', 'inventory'),
          certificateReady: true,
          daysToExpiry: 40,
        },
      ],
      authorizationPolicies: ['inventory/inventory-viewer'],
    },
    'inventory-importer': {
      owner: 'storefront',
      namespaces: ['inventory'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { inventory: 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
    },
    pricing: {
      owner: 'storefront',
      namespaces: ['inventory'],
      podCount: 1,
      dataPlane: 'ambient+waypoint',
      revisions: [],
      proxyVersions: [],
      podsToRestart: 0,
      mtls: { inventory: 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
    },
    recommender: {
      owner: 'storefront',
      namespaces: ['recommendations'],
      podCount: 2,
      dataPlane: 'ambient',
      revisions: [],
      proxyVersions: [],
      podsToRestart: 0,
      mtls: { recommendations: 'STRICT' },
      exposure: [],
      authorizationPolicies: ['recommendations/recommender-get-only'],
    },
    'feature-flags': {
      owner: 'storefront',
      namespaces: ['experiments'],
      podCount: 1,
      dataPlane: 'none',
      revisions: [],
      proxyVersions: [],
      podsToRestart: 0,
      mtls: { experiments: 'not-in-mesh' },
      exposure: [],
      authorizationPolicies: [],
    },
    'eck-operator': {
      owner: 'observability',
      namespaces: ['elastic-system'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { 'elastic-system': 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
    },
    'elastic-istio': {
      owner: 'observability',
      namespaces: ['observability'],
      podCount: 5,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { observability: 'STRICT' },
      exposure: [
        {
          host: 'kibana.appk8s.com',
          port: 443,
          gateway: gw('observability', 'kibana-gateway'),
          route: vs('observability', 'kibana'),
          tlsMode: 'MUTUAL',
          problem: 'MW301',
        },
        {
          host: 'status.appk8s.com',
          port: 443,
          gateway: gw('observability', 'status-gateway'),
          route: vs('observability', 'status'),
          tlsMode: 'MUTUAL',
          certificate: cert('status-certs'),
          certificateReady: true,
          daysToExpiry: 75,
          problem: 'MW304',
        },
      ],
      authorizationPolicies: [
        'observability/kibana-viewer',
        'observability/elastic-istio-es',
      ],
      eck: {
        resources: [
          es('observability', 'elastic-istio'),
          kb('observability', 'elastic-istio'),
          apm('observability', 'elastic-istio'),
        ],
        health: { Elasticsearch: 'green', Kibana: 'green', ApmServer: 'green' },
        passes: [...ECK_CHECKS, 'MW508'],
        fails: [],
      },
    },
    'logging-stack': {
      owner: 'observability',
      namespaces: ['logging'],
      podCount: 5,
      dataPlane: 'sidecar',
      revisions: ['1-23-2'],
      proxyVersions: ['1.23.2'],
      podsToRestart: 0,
      mtls: { logging: 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
      eck: {
        resources: [
          es('logging', 'logs'),
          kb('logging', 'logs'),
          apm('logging', 'logs'),
        ],
        health: { Elasticsearch: 'yellow', Kibana: 'green', ApmServer: 'red' },
        passes: ['MW509'],
        fails: ['MW503', 'MW504', 'MW506', 'MW507', 'MW510'],
      },
    },
    'metrics-store': {
      owner: 'observability',
      namespaces: ['telemetry'],
      podCount: 1,
      dataPlane: 'ambient',
      revisions: [],
      proxyVersions: [],
      podsToRestart: 0,
      mtls: { telemetry: 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
      eck: {
        resources: [es('telemetry', 'metrics-store')],
        health: { Elasticsearch: 'green' },
        passes: ['MW510'],
        fails: ['MW509'],
      },
    },
    notebook: {
      owner: 'observability',
      namespaces: ['analytics-sandbox'],
      podCount: 1,
      dataPlane: 'sidecar',
      revisions: ['1-24-3'],
      proxyVersions: ['1.24.3'],
      podsToRestart: 0,
      mtls: { 'analytics-sandbox': 'STRICT' },
      exposure: [],
      authorizationPolicies: [],
    },
  },
  certificates: {
    'bookinfo-ingressgateway-certs': {
      ref: cert('bookinfo-ingressgateway-certs'),
      ready: true,
      daysToExpiry: 62,
      daysToRenewal: 47,
      usedBy: [gw('bookinfo', 'bookinfo-gateway')],
    },
    'checkout-certs': {
      ref: cert('checkout-certs'),
      ready: true,
      daysToExpiry: 5,
      daysToRenewal: 4,
      usedBy: [gw('storefront-checkout', 'checkout-gateway')],
    },
    'status-certs': {
      ref: cert('status-certs'),
      ready: true,
      daysToExpiry: 75,
      daysToRenewal: 60,
      usedBy: [
        gw('bookinfo', 'status-gateway'),
        gw('observability', 'status-gateway'),
      ],
    },
    'shop-certs': {
      ref: cert('shop-certs'),
      ready: false,
      reason: 'DoesNotExist',
      failedIssuanceAttempts: 4,
      usedBy: [gw('storefront-checkout', 'shop-gateway')],
    },
    'inventory-tls': {
      ref: cert('inventory-tls', 'inventory'),
      ready: true,
      daysToExpiry: 40,
      daysToRenewal: 25,
      usedBy: [
        {
          kind: 'Gateway',
          apiVersion: K8S_GATEWAY,
          namespace: 'inventory',
          name: 'inventory-gateway',
        },
      ],
    },
  },
  findings: [
    {
      code: 'MW101',
      objects: [ns('legacy-billing')],
      why: 'no injection or ambient label',
    },
    {
      code: 'MW102',
      objects: [deploy('bookinfo', 'ratings-db')],
      why: 'pod without istio-proxy in a namespace labelled istio.io/rev=1-24-3',
    },
    {
      code: 'MW103',
      objects: [ns('analytics-sandbox')],
      why: 'istio-injection=enabled together with istio.io/rev=1-23-2',
    },
    {
      code: 'MW104',
      objects: [ns('experiments')],
      why: 'istio.io/rev=1-25-0 but no istiod-1-25-0 and no such tag',
    },
    {
      code: 'MW105',
      objects: [deploy('bookinfo', 'reviews-v1')],
      why: 'proxy 1.23.2 while bookinfo now injects 1-24-3: restart the pod',
    },
    {
      code: 'MW106',
      objects: [deploy('inventory', 'legacy-importer')],
      why: 'sidecar pod (sidecar.istio.io/inject=true) in an ambient namespace',
    },
    {
      code: 'MW107',
      objects: [authz('recommendations', 'recommender-get-only')],
      why: 'methods/paths rules in an ambient namespace without a waypoint',
    },
    {
      code: 'MW201',
      objects: [dr('bookinfo', 'details'), deploy('bookinfo', 'details-v1')],
      why: 'error: tls.mode DISABLE toward details-v1, which the mesh-wide PeerAuthentication makes STRICT (IST0113, KIA0208)',
    },
    // The mesh-wide ISTIO_MUTUAL rule overrides auto mTLS, so mesh clients
    // send Istio mTLS to pods that have no proxy to take it (istioctl IST0115).
    {
      code: 'MW201',
      objects: [MESH_DR, deploy('bookinfo', 'ratings-db')],
      why: 'error: ratings-db runs without istio-proxy (MW102), so it cannot take the mesh-wide ISTIO_MUTUAL',
    },
    {
      code: 'MW201',
      objects: [MESH_DR, deploy('experiments', 'feature-flags')],
      why: 'error: no proxy (its namespace names a revision with no istiod, MW104), yet mesh clients send it Istio mTLS',
    },
    {
      code: 'MW201',
      objects: [MESH_DR, deploy('legacy-billing', 'invoices')],
      why: 'error: not in the mesh, yet mesh clients send it Istio mTLS',
    },
    {
      code: 'MW201',
      objects: [MESH_DR, sts('logging', 'logs-es-default')],
      why: 'error: 9300 is excluded inbound only, so the logs nodes send transport traffic to each other through their sidecars with Istio mTLS (the DestinationRule or auto mTLS alike) and the receiving node gets the Istio handshake; the cause is MW503',
    },
    {
      code: 'MW202',
      objects: [deploy('storefront-checkout', 'checkout')],
      why: 'HTTP readiness probe with sidecar.istio.io/rewriteAppHTTPProbers=false under STRICT',
    },
    {
      code: 'MW202',
      objects: [deploy('logging', 'logs-apm-server')],
      why: 'the logs APM Server pod: probe rewrite turned off, HTTPS readiness probe on STRICT port 8200 (the workload side of MW506)',
    },
    {
      code: 'MW203',
      objects: [
        {
          kind: 'PeerAuthentication',
          namespace: 'storefront-checkout',
          name: 'payments-permissive',
        },
      ],
      why: 'PERMISSIVE exception for app=payments inside the STRICT mesh',
    },
    {
      code: 'MW301',
      objects: [gw('observability', 'kibana-gateway')],
      why: 'credentialName kibana-credential has no Certificate or Secret in istio-system',
    },
    {
      code: 'MW302',
      objects: [cert('shop-certs')],
      why: 'Ready=False (DoesNotExist), 4 failed issuance attempts: Vault refuses shop.example.org',
    },
    {
      code: 'MW303',
      objects: [cert('checkout-certs')],
      why: 'notAfter in 5 days',
    },
    {
      code: 'MW304',
      objects: [
        gw('bookinfo', 'status-gateway'),
        gw('observability', 'status-gateway'),
      ],
      why: 'status.appk8s.com:443 claimed twice on istio=ingressgateway',
    },
    {
      code: 'MW305',
      objects: [vs('bookinfo', 'reviews')],
      why: 'gateway bookinfo/reviews-gateway does not exist',
    },
    {
      code: 'MW306',
      objects: [vs('storefront-checkout', 'payments')],
      why: 'payments.appk8s.com is not a host of checkout-gateway',
    },
    {
      code: 'MW307',
      objects: [gw('storefront-checkout', 'internal-gateway')],
      why: 'no workload labelled istio=internal-ingressgateway',
    },
    {
      code: 'MW308',
      objects: [
        cert('status-certs'),
        gw('bookinfo', 'status-gateway'),
        gw('observability', 'status-gateway'),
      ],
      why: 'credentialName status-certs on two Gateways; the Certificate writing that Secret in istio-system (where the gateway pods read it) is named too',
    },
    {
      code: 'MW401',
      objects: [deploy('inventory', 'pricing')],
      why: 'no AuthorizationPolicy selects or targets pricing',
    },
    {
      code: 'MW402',
      objects: [authz('bookinfo', 'reviews-v4-viewer')],
      why: 'selector app=reviews,version=v4 matches no pod',
    },
    {
      code: 'MW403',
      objects: [authz('storefront-checkout', 'payments-viewer')],
      why: 'source namespace fraud-detection does not exist',
    },
    {
      code: 'MW404',
      objects: [authz('bookinfo', 'ratings-viewer')],
      why: 'principal names service account bookinfo/bookinfo-ratings-batch, which does not exist',
    },
    {
      code: 'MW405',
      objects: [authz('bookinfo', 'productpage-viewer')],
      why: 'request.auth.claims condition but no RequestAuthentication applies to productpage',
    },
    {
      code: 'MW406',
      objects: [authz('storefront-checkout', 'payments-viewer')],
      why: 'source namespaces rule while payments is PERMISSIVE',
    },
    {
      code: 'MW503',
      objects: [es('logging', 'logs')],
      why: 'traffic.sidecar.istio.io/excludeOutboundPorts lacks 9300 (excluded inbound only)',
    },
    {
      code: 'MW504',
      objects: [es('logging', 'logs')],
      why: 'http.tls.selfSignedCertificate.disabled not set under STRICT',
    },
    {
      code: 'MW505',
      objects: [es('observability', 'elastic-istio')],
      why: 'STRICT with HTTP TLS disabled: Kibana alerting / API keys unavailable (info)',
    },
    {
      code: 'MW506',
      objects: [apm('logging', 'logs')],
      why: 'podTemplate sets sidecar.istio.io/rewriteAppHTTPProbers: "false", so its pod keeps the HTTPS readiness probe on 8200',
    },
    {
      code: 'MW507',
      objects: [es('logging', 'logs')],
      why: 'init container install-plugins, Istio CNI in use, 443 not in excludeOutboundPorts',
    },
    {
      code: 'MW509',
      objects: [es('telemetry', 'metrics-store')],
      why: 'Elasticsearch in an ambient namespace',
    },
    {
      code: 'MW510',
      objects: [es('logging', 'logs'), apm('logging', 'logs')],
      why: 'Elasticsearch yellow (2 of 3 nodes), APM Server red (0 of 1)',
    },
    {
      code: 'MW601',
      objects: [
        deploy('istio-system', 'istiod-1-23-2'),
        deploy('istio-system', 'istiod-1-24-3'),
      ],
      why: 'canary upgrade 1-23-2 → 1-24-3 in progress',
    },
    {
      code: 'MW602',
      objects: [deploy('istio-system', 'istiod-1-22-6')],
      why: 'no namespace, tag or pod uses revision 1-22-6',
    },
    {
      code: 'MW701',
      // The exposed Service first, then the NetworkPolicies that together
      // select its pods and the Gateway whose pods (in istio-system) they
      // keep out.
      objects: [
        svc('storefront-checkout', 'checkout'),
        netpol('storefront-checkout', 'deny-by-default'),
        netpol('storefront-checkout', 'allow-same-namespace'),
        netpol('storefront-checkout', 'allow-from-storefront'),
        gw('storefront-checkout', 'checkout-gateway'),
      ],
      why: 'exposed via checkout-gateway, but NetworkPolicies only admit namespaces labelled team=storefront',
    },
    {
      code: 'MW702',
      objects: [ns('logging')],
      why: 'team namespace without a deny-by-default NetworkPolicy (when the platform asks for one)',
    },
  ],
  absentFindings: [
    {
      code: 'MW105',
      objects: [deploy('bookinfo', 'productpage-v1')],
      why: 'restarted after the namespace moved',
    },
    {
      code: 'MW102',
      objects: [deploy('bookinfo', 'productpage-v1')],
      why: 'has its proxy',
    },
    {
      code: 'MW107',
      objects: [authz('inventory', 'inventory-viewer')],
      why: 'inventory has a waypoint; the policy targets the Service',
    },
    {
      code: 'MW302',
      objects: [cert('bookinfo-ingressgateway-certs')],
      why: 'Ready',
    },
    {
      code: 'MW303',
      objects: [cert('bookinfo-ingressgateway-certs')],
      why: '62 days left',
    },
    {
      code: 'MW304',
      objects: [gw('bookinfo', 'bookinfo-gateway')],
      why: 'its host is claimed once',
    },
    // Istio's control plane: proxies reach istiod through their bootstrap
    // configuration, not through DestinationRules (istioctl IST0113 skips it).
    {
      code: 'MW201',
      objects: [deploy('istio-system', 'istiod-1-22-6')],
      why: 'control plane',
    },
    {
      code: 'MW201',
      objects: [deploy('istio-system', 'istiod-1-23-2')],
      why: 'control plane',
    },
    {
      code: 'MW201',
      objects: [deploy('istio-system', 'istiod-1-24-3')],
      why: 'control plane',
    },
    {
      code: 'MW201',
      objects: [sts('observability', 'elastic-istio-es-default')],
      why: 'seed 001: transport port 9300 is excluded in and out, and only the Elasticsearch nodes use it, so no connection to it goes through a sidecar',
    },
    {
      code: 'MW201',
      objects: [sts('elastic-system', 'elastic-operator')],
      why: 'seed 001: webhook port 9443 is excluded inbound and only the API server, which has no sidecar, calls it',
    },
    {
      code: 'MW501',
      objects: [
        {
          kind: 'StatefulSet',
          namespace: 'elastic-system',
          name: 'elastic-operator',
        },
      ],
      why: 'istio-proxy runs beside manager',
    },
    {
      code: 'MW502',
      objects: [
        {
          kind: 'StatefulSet',
          namespace: 'elastic-system',
          name: 'elastic-operator',
        },
      ],
      why: '9443 excluded inbound',
    },
    {
      code: 'MW503',
      objects: [es('observability', 'elastic-istio')],
      why: '9300 excluded both ways',
    },
    {
      code: 'MW504',
      objects: [es('observability', 'elastic-istio')],
      why: 'self-signed HTTP TLS disabled',
    },
    {
      code: 'MW506',
      objects: [apm('observability', 'elastic-istio')],
      why: 'rewriteAppHTTPProbers set',
    },
    {
      code: 'MW508',
      objects: [es('observability', 'elastic-istio'), es('logging', 'logs')],
      why: 'auto-mTLS is on (and elastic-istio has its ISTIO_MUTUAL DestinationRule)',
    },
    {
      code: 'MW510',
      objects: [es('observability', 'elastic-istio')],
      why: 'green, all nodes available',
    },
    {
      code: 'MW602',
      objects: [deploy('istio-system', 'istiod-1-23-2')],
      why: 'still serves storefront-checkout and logging',
    },
    {
      code: 'MW701',
      objects: [svc('bookinfo', 'productpage')],
      why: 'allow-from-istio-namespace admits the ingress gateway',
    },
  ],
};

/**
 * The timestamp a `{{now±N d}}` token resolved to, for a scenario loaded at
 * `loadedAt` (e.g. a certificate's notAfter from its `daysToExpiry`).
 */
export function expectedTimestamp(loadedAt: Date, offsetDays: number): string {
  return formatKubeTime(loadedAt.getTime() + offsetDays * 86_400_000);
}
