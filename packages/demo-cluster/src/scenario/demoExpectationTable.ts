/**
 * The demo scenario's facts, one row per expectation. `demoExpectations.ts`
 * turns these rows into the `demoExpectations` tests read; a fact that two
 * views share (a certificate's expiry on an exposure, a revision's namespaces,
 * an ECK stack's failing checks) is written in one row and looked up by the
 * others.
 */
import type {
  CertificateExpectation,
  ComponentExpectation,
  EckHealth,
  ExposureExpectation,
  FindingExpectation,
  NamespaceExpectation,
  ObjectRef,
} from './demoExpectations';

const ISTIO_GATEWAY = 'networking.istio.io/v1';
const K8S_GATEWAY = 'gateway.networking.k8s.io/v1';

const namespaced =
  (kind: string) =>
  (namespace: string, name: string): ObjectRef => ({ kind, namespace, name });

const gw = (namespace: string, name: string): ObjectRef => ({
  kind: 'Gateway',
  apiVersion: ISTIO_GATEWAY,
  namespace,
  name,
});
/** A Gateway API Gateway, which shares its kind with Istio's. */
const k8sGw = (namespace: string, name: string): ObjectRef => ({
  kind: 'Gateway',
  apiVersion: K8S_GATEWAY,
  namespace,
  name,
});
const cert = (name: string, namespace = 'istio-system'): ObjectRef => ({
  kind: 'Certificate',
  namespace,
  name,
});
const ns = (name: string): ObjectRef => ({ kind: 'Namespace', name });
const vs = namespaced('VirtualService');
const httpRoute = namespaced('HTTPRoute');
const deploy = namespaced('Deployment');
const sts = namespaced('StatefulSet');
const dr = namespaced('DestinationRule');
const svc = namespaced('Service');
const netpol = namespaced('NetworkPolicy');
const authz = namespaced('AuthorizationPolicy');
const peerAuthn = namespaced('PeerAuthentication');
const es = namespaced('Elasticsearch');
const apm = namespaced('ApmServer');

/** seed 003's mesh-wide `*.local` ISTIO_MUTUAL rule in istio-system */
const MESH_DR = dr('istio-system', 'default');

export const DEFAULT_REVISION_TAG = '1-24-3';

export interface RevisionRow {
  revision: string;
  version: string;
  /** running pods whose sidecar was injected by this revision */
  sidecarPods: number;
  inUse: boolean;
}

/** The namespaces of a revision are those whose `effectiveRevision` names it. */
export const REVISION_ROWS: RevisionRow[] = [
  { revision: '1-22-6', version: '1.22.6', sidecarPods: 0, inUse: false },
  { revision: '1-23-2', version: '1.23.2', sidecarPods: 10, inUse: true },
  { revision: '1-24-3', version: '1.24.3', sidecarPods: 13, inUse: true },
];

export type NamespaceRow = NamespaceExpectation & { name: string };

export const NAMESPACE_ROWS: NamespaceRow[] = [
  {
    name: 'bookinfo',
    owner: 'storefront',
    dataPlane: 'sidecar',
    revision: '1-24-3',
    effectiveRevision: '1-24-3',
    denyByDefaultNetworkPolicy: true,
  },
  {
    name: 'storefront-checkout',
    owner: 'storefront',
    dataPlane: 'sidecar',
    revision: '1-23-2',
    effectiveRevision: '1-23-2',
    denyByDefaultNetworkPolicy: true,
  },
  {
    name: 'legacy-billing',
    owner: 'storefront',
    dataPlane: 'none',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'inventory',
    owner: 'storefront',
    dataPlane: 'ambient',
    waypoint: 'waypoint',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'recommendations',
    owner: 'storefront',
    dataPlane: 'ambient',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'experiments',
    owner: 'storefront',
    dataPlane: 'none',
    revision: '1-25-0',
    controlPlaneMissing: true,
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'elastic-system',
    owner: 'observability',
    dataPlane: 'sidecar',
    revision: 'default',
    effectiveRevision: '1-24-3',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'observability',
    owner: 'observability',
    dataPlane: 'sidecar',
    revision: '1-24-3',
    effectiveRevision: '1-24-3',
    denyByDefaultNetworkPolicy: true,
  },
  {
    name: 'logging',
    owner: 'observability',
    dataPlane: 'sidecar',
    revision: '1-23-2',
    effectiveRevision: '1-23-2',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'telemetry',
    owner: 'observability',
    dataPlane: 'ambient',
    denyByDefaultNetworkPolicy: false,
  },
  {
    name: 'analytics-sandbox',
    owner: 'observability',
    dataPlane: 'sidecar',
    revision: 'default',
    effectiveRevision: '1-24-3',
    conflictingInjectionLabels: true,
    denyByDefaultNetworkPolicy: false,
  },
];

/**
 * A catalog Component. Proxy versions are those of its revisions; exposure
 * and ECK come from their own rows. Left out: no sidecar revisions, no pod
 * to restart, no AuthorizationPolicy.
 */
export type ComponentRow = Omit<
  ComponentExpectation,
  | 'proxyVersions'
  | 'exposure'
  | 'eck'
  | 'revisions'
  | 'podsToRestart'
  | 'authorizationPolicies'
> & {
  name: string;
  revisions?: string[];
  podsToRestart?: number;
  authorizationPolicies?: string[];
};

export const COMPONENT_ROWS: ComponentRow[] = [
  {
    name: 'productpage',
    owner: 'storefront',
    namespaces: ['bookinfo'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { bookinfo: 'STRICT' },
    authorizationPolicies: ['bookinfo/productpage-viewer'],
  },
  {
    name: 'details',
    owner: 'storefront',
    namespaces: ['bookinfo'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { bookinfo: 'STRICT' },
    authorizationPolicies: ['bookinfo/details-viewer'],
  },
  {
    name: 'reviews',
    owner: 'storefront',
    namespaces: ['bookinfo'],
    podCount: 3,
    dataPlane: 'sidecar',
    revisions: ['1-23-2', '1-24-3'],
    podsToRestart: 1,
    mtls: { bookinfo: 'STRICT' },
    authorizationPolicies: ['bookinfo/reviews-viewer'],
  },
  {
    name: 'ratings',
    owner: 'storefront',
    namespaces: ['bookinfo'],
    podCount: 2,
    dataPlane: 'partial',
    revisions: ['1-24-3'],
    mtls: { bookinfo: 'STRICT' },
    authorizationPolicies: ['bookinfo/ratings-viewer'],
  },
  {
    name: 'checkout',
    owner: 'storefront',
    namespaces: ['storefront-checkout'],
    podCount: 2,
    dataPlane: 'sidecar',
    revisions: ['1-23-2'],
    mtls: { 'storefront-checkout': 'STRICT' },
    authorizationPolicies: ['storefront-checkout/checkout-viewer'],
  },
  {
    name: 'payments',
    owner: 'storefront',
    namespaces: ['storefront-checkout'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-23-2'],
    mtls: { 'storefront-checkout': 'PERMISSIVE' },
    authorizationPolicies: ['storefront-checkout/payments-viewer'],
  },
  {
    name: 'invoices',
    owner: 'storefront',
    namespaces: ['legacy-billing', 'storefront-checkout'],
    podCount: 3,
    dataPlane: 'partial',
    revisions: ['1-23-2'],
    mtls: {
      'legacy-billing': 'not-in-mesh',
      'storefront-checkout': 'STRICT',
    },
  },
  {
    name: 'inventory',
    owner: 'storefront',
    namespaces: ['inventory'],
    podCount: 2,
    dataPlane: 'ambient+waypoint',
    mtls: { inventory: 'STRICT' },
    authorizationPolicies: ['inventory/inventory-viewer'],
  },
  {
    name: 'inventory-importer',
    owner: 'storefront',
    namespaces: ['inventory'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { inventory: 'STRICT' },
  },
  {
    name: 'pricing',
    owner: 'storefront',
    namespaces: ['inventory'],
    podCount: 1,
    dataPlane: 'ambient+waypoint',
    mtls: { inventory: 'STRICT' },
  },
  {
    name: 'recommender',
    owner: 'storefront',
    namespaces: ['recommendations'],
    podCount: 2,
    dataPlane: 'ambient',
    mtls: { recommendations: 'STRICT' },
    authorizationPolicies: ['recommendations/recommender-get-only'],
  },
  {
    name: 'feature-flags',
    owner: 'storefront',
    namespaces: ['experiments'],
    podCount: 1,
    dataPlane: 'none',
    mtls: { experiments: 'not-in-mesh' },
  },
  {
    name: 'eck-operator',
    owner: 'observability',
    namespaces: ['elastic-system'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { 'elastic-system': 'STRICT' },
  },
  {
    name: 'elastic-istio',
    owner: 'observability',
    namespaces: ['observability'],
    podCount: 5,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { observability: 'STRICT' },
    authorizationPolicies: [
      'observability/kibana-viewer',
      'observability/elastic-istio-es',
    ],
  },
  {
    name: 'logging-stack',
    owner: 'observability',
    namespaces: ['logging'],
    podCount: 5,
    dataPlane: 'sidecar',
    revisions: ['1-23-2'],
    mtls: { logging: 'STRICT' },
  },
  {
    name: 'metrics-store',
    owner: 'observability',
    namespaces: ['telemetry'],
    podCount: 1,
    dataPlane: 'ambient',
    mtls: { telemetry: 'STRICT' },
  },
  {
    name: 'notebook',
    owner: 'observability',
    namespaces: ['analytics-sandbox'],
    podCount: 1,
    dataPlane: 'sidecar',
    revisions: ['1-24-3'],
    mtls: { 'analytics-sandbox': 'STRICT' },
  },
];

/** How a component is reached from outside; the certificate's readiness and expiry are its row's. */
export type ExposureRow = Omit<
  ExposureExpectation,
  'certificateReady' | 'daysToExpiry'
> & { component: string };

export const EXPOSURE_ROWS: ExposureRow[] = [
  {
    component: 'productpage',
    host: 'productpage.bookinfo.appk8s.com',
    port: 443,
    gateway: gw('bookinfo', 'bookinfo-gateway'),
    route: vs('bookinfo', 'productpage'),
    tlsMode: 'MUTUAL',
    certificate: cert('bookinfo-ingressgateway-certs'),
  },
  {
    component: 'productpage',
    host: 'status.appk8s.com',
    port: 443,
    gateway: gw('bookinfo', 'status-gateway'),
    route: vs('bookinfo', 'status'),
    tlsMode: 'MUTUAL',
    certificate: cert('status-certs'),
    problem: 'MW304',
  },
  {
    component: 'reviews',
    host: 'reviews.bookinfo.appk8s.com',
    port: 443,
    gateway: gw('bookinfo', 'reviews-gateway'),
    route: vs('bookinfo', 'reviews'),
    tlsMode: 'none',
    problem: 'MW305',
  },
  {
    component: 'checkout',
    host: 'checkout.appk8s.com',
    port: 443,
    gateway: gw('storefront-checkout', 'checkout-gateway'),
    route: vs('storefront-checkout', 'checkout'),
    tlsMode: 'MUTUAL',
    certificate: cert('checkout-certs'),
    problem: 'MW303',
  },
  {
    component: 'checkout',
    host: 'shop.example.org',
    port: 443,
    gateway: gw('storefront-checkout', 'shop-gateway'),
    route: vs('storefront-checkout', 'shop'),
    tlsMode: 'MUTUAL',
    certificate: cert('shop-certs'),
    problem: 'MW302',
  },
  {
    component: 'payments',
    host: 'payments.appk8s.com',
    port: 443,
    gateway: gw('storefront-checkout', 'checkout-gateway'),
    route: vs('storefront-checkout', 'payments'),
    tlsMode: 'MUTUAL',
    problem: 'MW306',
  },
  {
    component: 'payments',
    host: 'payments-internal.appk8s.com',
    port: 80,
    gateway: gw('storefront-checkout', 'internal-gateway'),
    route: vs('storefront-checkout', 'payments-internal'),
    tlsMode: 'none',
    problem: 'MW307',
  },
  {
    component: 'inventory',
    host: 'inventory.appk8s.com',
    port: 443,
    gateway: k8sGw('inventory', 'inventory-gateway'),
    route: httpRoute('inventory', 'inventory'),
    tlsMode: 'Terminate',
    certificate: cert('inventory-tls', 'inventory'),
  },
  {
    component: 'elastic-istio',
    host: 'kibana.appk8s.com',
    port: 443,
    gateway: gw('observability', 'kibana-gateway'),
    route: vs('observability', 'kibana'),
    tlsMode: 'MUTUAL',
    problem: 'MW301',
  },
  {
    component: 'elastic-istio',
    host: 'status.appk8s.com',
    port: 443,
    gateway: gw('observability', 'status-gateway'),
    route: vs('observability', 'status'),
    tlsMode: 'MUTUAL',
    certificate: cert('status-certs'),
    problem: 'MW304',
  },
];

/** The gateways that use a certificate are those of the exposures naming it. */
export type CertificateRow = Omit<CertificateExpectation, 'usedBy'>;

export const CERTIFICATE_ROWS: CertificateRow[] = [
  {
    ref: cert('bookinfo-ingressgateway-certs'),
    ready: true,
    daysToExpiry: 62,
    daysToRenewal: 47,
  },
  {
    ref: cert('checkout-certs'),
    ready: true,
    daysToExpiry: 5,
    daysToRenewal: 4,
  },
  {
    ref: cert('status-certs'),
    ready: true,
    daysToExpiry: 75,
    daysToRenewal: 60,
  },
  {
    ref: cert('shop-certs'),
    ready: false,
    reason: 'DoesNotExist',
    failedIssuanceAttempts: 4,
  },
  {
    ref: cert('inventory-tls', 'inventory'),
    ready: true,
    daysToExpiry: 40,
    daysToRenewal: 25,
  },
];

/** The ECK checks each stack is judged on (MW505 is advice, not a check). */
export const ECK_CHECKS = [
  'MW503',
  'MW504',
  'MW506',
  'MW507',
  'MW508',
  'MW509',
  'MW510',
];

/**
 * One ECK stack: its resources share a namespace and name, one per kind with
 * a health. The checks it fails are the ECK_CHECKS findings that fire on one
 * of its resources.
 */
export interface EckStackRow {
  component: string;
  namespace: string;
  name: string;
  health: Partial<Record<'Elasticsearch' | 'Kibana' | 'ApmServer', EckHealth>>;
  /** checks that must not fail for these resources */
  passes: string[];
}

export const ECK_STACK_ROWS: EckStackRow[] = [
  {
    component: 'elastic-istio',
    namespace: 'observability',
    name: 'elastic-istio',
    health: { Elasticsearch: 'green', Kibana: 'green', ApmServer: 'green' },
    passes: [...ECK_CHECKS],
  },
  {
    component: 'logging-stack',
    namespace: 'logging',
    name: 'logs',
    health: { Elasticsearch: 'yellow', Kibana: 'green', ApmServer: 'red' },
    passes: ['MW509'],
  },
  {
    component: 'metrics-store',
    namespace: 'telemetry',
    name: 'metrics-store',
    health: { Elasticsearch: 'green' },
    passes: ['MW510'],
  },
];

/** A finding the scenario must raise (`fires: true`) or must not raise, on these objects. */
export type FindingRow = FindingExpectation & { fires: boolean };

export const FINDING_ROWS: FindingRow[] = [
  {
    code: 'MW101',
    fires: true,
    objects: [ns('legacy-billing')],
    why: 'no injection or ambient label',
  },
  {
    code: 'MW101',
    fires: true,
    objects: [ns('default')],
    why: 'no injection label, as istioctl reports IST0102 for it (pods or not)',
  },
  {
    code: 'MW101',
    fires: true,
    objects: [ns('cert-manager')],
    why: 'no injection label: cert-manager runs outside the mesh, which istioctl reports too',
  },
  {
    code: 'MW102',
    fires: true,
    objects: [deploy('bookinfo', 'ratings-db')],
    why: 'pod without istio-proxy in a namespace labelled istio.io/rev=1-24-3',
  },
  {
    code: 'MW102',
    fires: false,
    objects: [deploy('bookinfo', 'productpage-v1')],
    why: 'has its proxy',
  },
  {
    code: 'MW103',
    fires: true,
    objects: [ns('analytics-sandbox')],
    why: 'istio-injection=enabled together with istio.io/rev=1-23-2',
  },
  {
    code: 'MW104',
    fires: true,
    objects: [ns('experiments')],
    why: 'istio.io/rev=1-25-0 but no istiod-1-25-0 and no such tag',
  },
  {
    code: 'MW105',
    fires: true,
    objects: [deploy('bookinfo', 'reviews-v1')],
    why: 'proxy 1.23.2 while bookinfo now injects 1-24-3: restart the pod',
  },
  {
    code: 'MW105',
    fires: false,
    objects: [deploy('bookinfo', 'productpage-v1')],
    why: 'restarted after the namespace moved',
  },
  {
    code: 'MW106',
    fires: true,
    objects: [deploy('inventory', 'legacy-importer')],
    why: 'sidecar pod (sidecar.istio.io/inject=true) in an ambient namespace',
  },
  {
    code: 'MW107',
    fires: true,
    objects: [authz('recommendations', 'recommender-get-only')],
    why: 'methods/paths rules in an ambient namespace without a waypoint',
  },
  {
    code: 'MW107',
    fires: false,
    objects: [authz('inventory', 'inventory-viewer')],
    why: 'inventory has a waypoint; the policy targets the Service',
  },
  {
    code: 'MW201',
    fires: true,
    objects: [dr('bookinfo', 'details'), deploy('bookinfo', 'details-v1')],
    why: 'error: tls.mode DISABLE toward details-v1, which the mesh-wide PeerAuthentication makes STRICT (IST0113, KIA0208)',
  },
  // The mesh-wide ISTIO_MUTUAL rule overrides auto mTLS, so mesh clients
  // send Istio mTLS to pods that have no proxy to take it (istioctl IST0115).
  {
    code: 'MW201',
    fires: true,
    objects: [MESH_DR, deploy('bookinfo', 'ratings-db')],
    why: 'error: ratings-db runs without istio-proxy (MW102), so it cannot take the mesh-wide ISTIO_MUTUAL',
  },
  {
    code: 'MW201',
    fires: true,
    objects: [MESH_DR, deploy('experiments', 'feature-flags')],
    why: 'error: no proxy (its namespace names a revision with no istiod, MW104), yet mesh clients send it Istio mTLS',
  },
  {
    code: 'MW201',
    fires: true,
    objects: [MESH_DR, deploy('legacy-billing', 'invoices')],
    why: 'error: not in the mesh, yet mesh clients send it Istio mTLS',
  },
  {
    code: 'MW201',
    fires: true,
    objects: [MESH_DR, sts('logging', 'logs-es-default')],
    why: 'error: 9300 is excluded inbound only, so the logs nodes send transport traffic to each other through their sidecars with Istio mTLS (the DestinationRule or auto mTLS alike) and the receiving node gets the Istio handshake; the cause is MW503',
  },
  // Istio's control plane: proxies reach istiod through their bootstrap
  // configuration, not through DestinationRules (istioctl IST0113 skips it).
  {
    code: 'MW201',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-22-6')],
    why: 'control plane',
  },
  {
    code: 'MW201',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-23-2')],
    why: 'control plane',
  },
  {
    code: 'MW201',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-24-3')],
    why: 'control plane',
  },
  {
    code: 'MW201',
    fires: false,
    objects: [sts('observability', 'elastic-istio-es-default')],
    why: 'seed 001: transport port 9300 is excluded in and out, and only the Elasticsearch nodes use it, so no connection to it goes through a sidecar',
  },
  {
    code: 'MW201',
    fires: false,
    objects: [sts('elastic-system', 'elastic-operator')],
    why: 'seed 001: webhook port 9443 is excluded inbound and only the API server, which has no sidecar, calls it',
  },
  {
    code: 'MW202',
    fires: true,
    objects: [deploy('storefront-checkout', 'checkout')],
    why: 'HTTP readiness probe with sidecar.istio.io/rewriteAppHTTPProbers=false under STRICT',
  },
  {
    code: 'MW202',
    fires: true,
    objects: [deploy('logging', 'logs-apm-server')],
    why: 'the logs APM Server pod: probe rewrite turned off, HTTPS readiness probe on STRICT port 8200 (the workload side of MW506)',
  },
  {
    code: 'MW203',
    fires: true,
    objects: [peerAuthn('storefront-checkout', 'payments-permissive')],
    why: 'PERMISSIVE exception for app=payments inside the STRICT mesh',
  },
  {
    code: 'MW301',
    fires: true,
    objects: [gw('observability', 'kibana-gateway')],
    why: 'credentialName kibana-credential has no Certificate or Secret in istio-system',
  },
  {
    code: 'MW302',
    fires: true,
    objects: [cert('shop-certs')],
    why: 'Ready=False (DoesNotExist), 4 failed issuance attempts: Vault refuses shop.example.org',
  },
  {
    code: 'MW302',
    fires: false,
    objects: [cert('bookinfo-ingressgateway-certs')],
    why: 'Ready',
  },
  {
    code: 'MW303',
    fires: true,
    objects: [cert('checkout-certs')],
    why: 'notAfter in 5 days',
  },
  {
    code: 'MW303',
    fires: false,
    objects: [cert('bookinfo-ingressgateway-certs')],
    why: '62 days left',
  },
  {
    code: 'MW304',
    fires: true,
    objects: [
      gw('bookinfo', 'status-gateway'),
      gw('observability', 'status-gateway'),
    ],
    why: 'status.appk8s.com:443 claimed twice on istio=ingressgateway',
  },
  {
    code: 'MW304',
    fires: false,
    objects: [gw('bookinfo', 'bookinfo-gateway')],
    why: 'its host is claimed once',
  },
  {
    code: 'MW305',
    fires: true,
    objects: [vs('bookinfo', 'reviews')],
    why: 'gateway bookinfo/reviews-gateway does not exist',
  },
  {
    code: 'MW306',
    fires: true,
    objects: [vs('bookinfo', 'reviews')],
    why: 'a missing gateway serves none of its hosts (istioctl reports IST0132 beside IST0101)',
  },
  {
    code: 'MW306',
    fires: true,
    objects: [vs('storefront-checkout', 'payments')],
    why: 'payments.appk8s.com is not a host of checkout-gateway',
  },
  {
    code: 'MW307',
    fires: true,
    objects: [gw('storefront-checkout', 'internal-gateway')],
    why: 'no workload labelled istio=internal-ingressgateway',
  },
  {
    code: 'MW308',
    fires: true,
    objects: [
      cert('status-certs'),
      gw('bookinfo', 'status-gateway'),
      gw('observability', 'status-gateway'),
    ],
    why: 'credentialName status-certs on two Gateways; the Certificate writing that Secret in istio-system (where the gateway pods read it) is named too',
  },
  {
    code: 'MW401',
    fires: true,
    objects: [deploy('inventory', 'pricing')],
    why: 'no AuthorizationPolicy selects or targets pricing',
  },
  {
    code: 'MW402',
    fires: true,
    objects: [authz('bookinfo', 'reviews-v4-viewer')],
    why: 'selector app=reviews,version=v4 matches no pod',
  },
  {
    code: 'MW403',
    fires: true,
    objects: [authz('storefront-checkout', 'payments-viewer')],
    why: 'source namespace fraud-detection does not exist',
  },
  {
    code: 'MW404',
    fires: true,
    objects: [authz('bookinfo', 'ratings-viewer')],
    why: 'principal names service account bookinfo/bookinfo-ratings-batch, which does not exist',
  },
  {
    code: 'MW405',
    fires: true,
    objects: [authz('bookinfo', 'productpage-viewer')],
    why: 'request.auth.claims condition but no RequestAuthentication applies to productpage',
  },
  {
    code: 'MW406',
    fires: true,
    objects: [authz('storefront-checkout', 'payments-viewer')],
    why: 'source namespaces rule while payments is PERMISSIVE',
  },
  {
    code: 'MW501',
    fires: false,
    objects: [sts('elastic-system', 'elastic-operator')],
    why: 'istio-proxy runs beside manager',
  },
  {
    code: 'MW502',
    fires: false,
    objects: [sts('elastic-system', 'elastic-operator')],
    why: '9443 excluded inbound',
  },
  {
    code: 'MW503',
    fires: true,
    objects: [es('logging', 'logs')],
    why: 'traffic.sidecar.istio.io/excludeOutboundPorts lacks 9300 (excluded inbound only)',
  },
  {
    code: 'MW503',
    fires: false,
    objects: [es('observability', 'elastic-istio')],
    why: '9300 excluded both ways',
  },
  {
    code: 'MW504',
    fires: true,
    objects: [es('logging', 'logs')],
    why: 'http.tls.selfSignedCertificate.disabled not set under STRICT',
  },
  {
    code: 'MW504',
    fires: false,
    objects: [es('observability', 'elastic-istio')],
    why: 'self-signed HTTP TLS disabled',
  },
  {
    code: 'MW505',
    fires: true,
    objects: [es('observability', 'elastic-istio')],
    why: 'STRICT with HTTP TLS disabled: Kibana alerting / API keys unavailable (info)',
  },
  {
    code: 'MW506',
    fires: true,
    objects: [apm('logging', 'logs')],
    why: 'podTemplate sets sidecar.istio.io/rewriteAppHTTPProbers: "false", so its pod keeps the HTTPS readiness probe on 8200',
  },
  {
    code: 'MW506',
    fires: false,
    objects: [apm('observability', 'elastic-istio')],
    why: 'rewriteAppHTTPProbers set',
  },
  {
    code: 'MW507',
    fires: true,
    objects: [es('logging', 'logs')],
    why: 'init container install-plugins, Istio CNI in use, 443 not in excludeOutboundPorts',
  },
  {
    code: 'MW508',
    fires: false,
    objects: [es('observability', 'elastic-istio'), es('logging', 'logs')],
    why: 'auto-mTLS is on (and elastic-istio has its ISTIO_MUTUAL DestinationRule)',
  },
  {
    code: 'MW509',
    fires: true,
    objects: [es('telemetry', 'metrics-store')],
    why: 'Elasticsearch in an ambient namespace',
  },
  {
    code: 'MW510',
    fires: true,
    objects: [es('logging', 'logs'), apm('logging', 'logs')],
    why: 'Elasticsearch yellow (2 of 3 nodes), APM Server red (0 of 1)',
  },
  {
    code: 'MW510',
    fires: false,
    objects: [es('observability', 'elastic-istio')],
    why: 'green, all nodes available',
  },
  {
    code: 'MW601',
    fires: true,
    objects: [
      deploy('istio-system', 'istiod-1-23-2'),
      deploy('istio-system', 'istiod-1-24-3'),
    ],
    why: 'canary upgrade 1-23-2 → 1-24-3 in progress',
  },
  {
    code: 'MW602',
    fires: true,
    objects: [deploy('istio-system', 'istiod-1-22-6')],
    why: 'no namespace, tag or pod uses revision 1-22-6',
  },
  {
    code: 'MW602',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-23-2')],
    why: 'still serves storefront-checkout and logging',
  },
  {
    code: 'MW604',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-22-6')],
    why: 'sets BLOCKED_CIDRS_IN_JWKS_URIS beside the ingress RequestAuthentication',
  },
  {
    code: 'MW604',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-23-2')],
    why: 'sets BLOCKED_CIDRS_IN_JWKS_URIS beside the ingress RequestAuthentication',
  },
  {
    code: 'MW604',
    fires: false,
    objects: [deploy('istio-system', 'istiod-1-24-3')],
    why: 'sets BLOCKED_CIDRS_IN_JWKS_URIS beside the ingress RequestAuthentication',
  },
  {
    code: 'MW701',
    fires: true,
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
    code: 'MW701',
    fires: false,
    objects: [svc('bookinfo', 'productpage')],
    why: 'allow-from-istio-namespace admits the ingress gateway',
  },
  {
    code: 'MW702',
    fires: true,
    objects: [ns('logging')],
    why: 'team namespace without a deny-by-default NetworkPolicy (when the platform asks for one)',
  },
];
