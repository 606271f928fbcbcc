/*
 * Entity statuses shaped exactly like the backend's answers, built from the
 * demo scenario's facts (packages/demo-cluster/src/scenario/demoExpectations.ts):
 * productpage (sidecar, STRICT, MUTUAL gateway with a ready certificate),
 * reviews (one pod still on the old revision), checkout (certificate expiring
 * in 5 days, another not ready) and the `logs` ECK set in `logging`.
 */
import type {
  AuthorizationSources,
  ChainLink,
  CredentialStatus,
  EckResourceStatus,
  EntityClusterStatus,
  EntityMeshStatus,
  ExposureEntry,
  Finding,
  FindingCode,
  ObjectRef,
  Severity,
  WorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { findingDefinition } from '@meshwise/plugin-mesh-common';

export const CLUSTER = 'demo';
const NOW = '2026-11-21T10:00:00Z';

const API: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  Pod: 'v1',
  Service: 'v1',
  Namespace: 'v1',
  Gateway: 'networking.istio.io/v1',
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  AuthorizationPolicy: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  Certificate: 'cert-manager.io/v1',
  Issuer: 'cert-manager.io/v1',
  ClusterIssuer: 'cert-manager.io/v1',
  Elasticsearch: 'elasticsearch.k8s.elastic.co/v1',
  Kibana: 'kibana.k8s.elastic.co/v1',
  ApmServer: 'apm.k8s.elastic.co/v1',
};

export const ref = (
  kind: string,
  namespace: string | undefined,
  name: string,
): ObjectRef => ({
  cluster: CLUSTER,
  apiVersion: API[kind] ?? 'v1',
  kind,
  ...(namespace ? { namespace } : {}),
  name,
});

const noSources = (): AuthorizationSources => ({
  principals: [],
  notPrincipals: [],
  namespaces: [],
  notNamespaces: [],
  ipBlocks: [],
  notIpBlocks: [],
  requestPrincipals: [],
  notRequestPrincipals: [],
});

export function finding(
  code: FindingCode,
  objects: ObjectRef[],
  message: string,
  remediation: string,
  severity?: Severity,
): Finding {
  const def = findingDefinition(code);
  return {
    id: `${code}:${CLUSTER}:${objects
      .map(o => `${o.kind}/${o.namespace}/${o.name}`)
      .join(',')}`,
    code,
    severity: severity ?? def.defaultSeverity,
    cluster: CLUSTER,
    objects,
    message,
    remediation,
    reference: def.reference,
    ...(def.istioCode ? { istioCode: def.istioCode } : {}),
    ...(def.kialiCode ? { kialiCode: def.kialiCode } : {}),
  };
}

const strictChain = (namespace: string): ChainLink[] => [
  { level: 'default', effect: 'PERMISSIVE' },
  {
    level: 'mesh',
    ref: ref('PeerAuthentication', 'istio-system', 'default'),
    effect: 'STRICT',
  },
  {
    level: 'namespace',
    effect: `no PeerAuthentication in ${namespace} (inherits STRICT)`,
  },
];

function sidecarWorkload(options: {
  namespace: string;
  name: string;
  pods: { name: string; revision: string; version: string }[];
  port: number;
  service: string;
  exposure?: ExposureEntry[];
  policies?: WorkloadStatus['authorization']['policies'];
}): WorkloadStatus {
  const { namespace, name, pods, port, service } = options;
  const revisions = [...new Set(pods.map(p => p.revision))].sort();
  const versions = [...new Set(pods.map(p => p.version))].sort();
  const chain = strictChain(namespace);
  return {
    workload: ref('Deployment', namespace, name),
    namespace,
    podCount: pods.length,
    serviceAccounts: [`bookinfo-${service}`],
    services: [ref('Service', namespace, service)],
    dataPlane: {
      mode: 'sidecar',
      expected: 'sidecar',
      pods: pods.map(p => ({
        pod: p.name,
        mode: 'sidecar',
        revision: p.revision,
        proxyImage: `docker.io/istio/proxyv2:${p.version}`,
        proxyVersion: p.version,
        phase: 'Running',
      })),
      revisions,
      proxyVersions: versions,
      controlPlanes: revisions.map(r => ({
        revision: r,
        version: r.replace(/-/g, '.'),
        istiod: ref('Deployment', 'istio-system', `istiod-${r}`),
        found: true,
      })),
      waypoints: [],
      notes: [],
    },
    mtls: {
      mode: 'STRICT',
      workloadMode: 'STRICT',
      chain,
      ports: [
        {
          port,
          name: 'http',
          servicePorts: [{ service, port, name: 'http' }],
          mode: 'STRICT',
          chain,
          destinationRules: [],
        },
      ],
      destinationRules: [],
    },
    exposure: {
      exposed: Boolean(options.exposure?.length),
      entries: options.exposure ?? [],
    },
    authorization: {
      policies: options.policies ?? [],
      requestAuthentications: [],
      defaultDecision: options.policies?.some(p => p.action === 'ALLOW')
        ? 'deny'
        : 'allow',
      allowedSources: {
        ...noSources(),
        principals: (options.policies ?? []).flatMap(p => p.sources.principals),
        namespaces: (options.policies ?? []).flatMap(p => p.sources.namespaces),
      },
      jwt: {
        required: (options.policies ?? []).some(p => p.requiresJwt),
        issuers: [],
      },
    },
  };
}

function credential(
  name: string,
  state: CredentialStatus['state'],
  daysToExpiry: number | undefined,
  extra: Partial<NonNullable<CredentialStatus['certificate']>> = {},
): CredentialStatus {
  return {
    name,
    namespace: 'istio-system',
    state,
    secret: state === 'notReady' ? 'absent' : 'present',
    certificate: {
      ref: ref('Certificate', 'istio-system', name),
      secretName: name,
      ready: state === 'notReady' ? 'False' : 'True',
      ...(daysToExpiry !== undefined ? { daysToExpiry } : {}),
      dnsNames: [],
      issuer: {
        ref: ref('Issuer', 'istio-system', 'vault-issuer'),
        ready: 'True',
        type: 'vault',
      },
      state,
      ...extra,
    },
  };
}

function mutualExposure(
  namespace: string,
  gateway: string,
  route: string,
  host: string,
  service: string,
  credentials: CredentialStatus[],
): ExposureEntry {
  return {
    via: 'istio',
    gateway: ref('Gateway', namespace, gateway),
    route: ref('VirtualService', namespace, route),
    gatewayWorkloadNamespaces: ['istio-system'],
    hosts: [host],
    port: 443,
    protocol: 'HTTPS',
    tlsMode: 'MUTUAL',
    credentials,
    service: ref('Service', namespace, service),
    servicePort: 9080,
  };
}

const viewerPolicy = (
  namespace: string,
  name: string,
  summary: string,
  sources: Partial<AuthorizationSources>,
  requiresJwt = false,
): WorkloadStatus['authorization']['policies'][number] => ({
  ref: ref('AuthorizationPolicy', namespace, name),
  action: 'ALLOW',
  scope: 'workload',
  ruleCount: 1,
  summary,
  sources: { ...noSources(), ...sources },
  requiresJwt,
  usesL7: requiresJwt,
});

const cluster = (c: Partial<EntityClusterStatus>): EntityClusterStatus => ({
  cluster: CLUSTER,
  generatedAt: NOW,
  workloads: [],
  eck: [],
  findings: [],
  degradedKinds: [],
  ...c,
});

const status = (
  name: string,
  clusters: EntityClusterStatus[],
  annotated = true,
): EntityMeshStatus => ({
  entityRef: `component:default/${name}`,
  ...(annotated
    ? { selection: { labelSelector: `backstage.io/kubernetes-id=${name}` } }
    : {}),
  clusters,
  generatedAt: NOW,
});

/** productpage: sidecar 1-24-3, STRICT, MUTUAL gateway with a ready certificate (62 days). */
export const productpageStatus = status('productpage', [
  cluster({
    workloads: [
      sidecarWorkload({
        namespace: 'bookinfo',
        name: 'productpage-v1',
        pods: [
          {
            name: 'productpage-v1-7d9c8f-abcde',
            revision: '1-24-3',
            version: '1.24.3',
          },
        ],
        port: 9080,
        service: 'productpage',
        exposure: [
          mutualExposure(
            'bookinfo',
            'bookinfo-gateway',
            'productpage',
            'productpage.bookinfo.appk8s.com',
            'productpage',
            [credential('bookinfo-ingressgateway-certs', 'ready', 62)],
          ),
        ],
        policies: [
          viewerPolicy(
            'bookinfo',
            'productpage-viewer',
            'ALLOW from namespaces istio-system',
            { namespaces: ['istio-system'] },
          ),
        ],
      }),
    ],
  }),
]);

/** reviews: three pods, one still injected by 1-23-2 (restart it). */
export const reviewsStatus = status('reviews', [
  cluster({
    workloads: [
      sidecarWorkload({
        namespace: 'bookinfo',
        name: 'reviews-v1',
        pods: [
          {
            name: 'reviews-v1-5b4f7-old',
            revision: '1-23-2',
            version: '1.23.2',
          },
        ],
        port: 9080,
        service: 'reviews',
      }),
      sidecarWorkload({
        namespace: 'bookinfo',
        name: 'reviews-v2',
        pods: [
          {
            name: 'reviews-v2-6c8d9-aaaaa',
            revision: '1-24-3',
            version: '1.24.3',
          },
          {
            name: 'reviews-v3-6c8d9-bbbbb',
            revision: '1-24-3',
            version: '1.24.3',
          },
        ],
        port: 9080,
        service: 'reviews',
      }),
    ],
    findings: [
      finding(
        'MW105',
        [
          ref('Deployment', 'bookinfo', 'reviews-v1'),
          ref('Pod', 'bookinfo', 'reviews-v1-5b4f7-old'),
        ],
        'Deployment bookinfo/reviews-v1: 1 of 1 pods need a restart: injected by revision 1-23-2 (proxy 1.23.2) while the namespace now selects 1-24-3 (1.24.3).',
        "kubectl rollout restart deployment/reviews-v1 -n bookinfo to re-inject the proxy from the namespace's current revision (seed 003, data plane upgrade).",
      ),
    ],
  }),
]);

/** checkout: checkout-certs expires in 5 days; shop-certs is not Ready. */
export const checkoutStatus = status('checkout', [
  cluster({
    workloads: [
      sidecarWorkload({
        namespace: 'storefront-checkout',
        name: 'checkout',
        pods: [
          { name: 'checkout-1', revision: '1-23-2', version: '1.23.2' },
          { name: 'checkout-2', revision: '1-23-2', version: '1.23.2' },
        ],
        port: 8080,
        service: 'checkout',
        exposure: [
          mutualExposure(
            'storefront-checkout',
            'checkout-gateway',
            'checkout',
            'checkout.appk8s.com',
            'checkout',
            [credential('checkout-certs', 'expiring', 5)],
          ),
          mutualExposure(
            'storefront-checkout',
            'shop-gateway',
            'shop',
            'shop.example.org',
            'checkout',
            [
              credential('shop-certs', 'notReady', undefined, {
                reason: 'DoesNotExist',
                failedIssuanceAttempts: 4,
              }),
            ],
          ),
        ],
      }),
    ],
    findings: [
      finding(
        'MW303',
        [ref('Certificate', 'istio-system', 'checkout-certs')],
        'Certificate istio-system/checkout-certs expires in 5 days.',
        'Check the cert-manager logs and the issuer; renewal should have started 4 days ago.',
      ),
      finding(
        'MW302',
        [ref('Certificate', 'istio-system', 'shop-certs')],
        'Certificate istio-system/shop-certs is not Ready (DoesNotExist) after 4 failed issuance attempts.',
        'kubectl describe certificate shop-certs -n istio-system; the Vault role must allow shop.example.org.',
      ),
    ],
  }),
]);

const eckResource = (
  kind: EckResourceStatus['kind'],
  health: EckResourceStatus['health'],
  phase: string,
  checks: EckResourceStatus['checks'],
  associations: EckResourceStatus['associations'] = [],
): EckResourceStatus => ({
  ref: ref(kind, 'logging', 'logs'),
  kind,
  version: '8.15.3',
  health,
  phase,
  associations,
  httpSelfSignedTlsDisabled: false,
  dataPlane: 'sidecar',
  mtls: 'STRICT',
  checks,
});

/** The operator's checks, the same on every resource of the cluster. */
const operatorChecks = (): EckResourceStatus['checks'] => [
  {
    code: 'MW501',
    title: findingDefinition('MW501').title,
    state: 'pass',
    message: 'Operator pod elastic-system/elastic-operator-0 is in the mesh.',
  },
  {
    code: 'MW502',
    title: findingDefinition('MW502').title,
    state: 'fail',
    message: 'Operator pod elastic-operator-0 proxies the webhook port 9443.',
  },
];

/** The `logs` ECK set in `logging`: transport port, HTTP TLS, probes, health and the operator's webhook all wrong. */
export const loggingStackStatus = status('logging-stack', [
  cluster({
    workloads: [
      sidecarWorkload({
        namespace: 'logging',
        name: 'logs-es-default',
        pods: [
          { name: 'logs-es-default-0', revision: '1-23-2', version: '1.23.2' },
          { name: 'logs-es-default-1', revision: '1-23-2', version: '1.23.2' },
        ],
        port: 9200,
        service: 'logs-es-http',
      }),
    ],
    eck: [
      eckResource('Elasticsearch', 'yellow', 'Ready', [
        ...operatorChecks(),
        {
          code: 'MW503',
          title: findingDefinition('MW503').title,
          state: 'fail',
          message:
            'traffic.sidecar.istio.io/excludeOutboundPorts lacks 9300; set it (and excludeInboundPorts) to "9300" in spec.nodeSets[].podTemplate.metadata.annotations.',
        },
        {
          code: 'MW504',
          title: findingDefinition('MW504').title,
          state: 'fail',
          message:
            'Set spec.http.tls.selfSignedCertificate.disabled: true so Istio mTLS carries HTTP.',
        },
        {
          code: 'MW509',
          title: findingDefinition('MW509').title,
          state: 'pass',
          message: 'logging uses sidecar injection.',
        },
      ]),
      eckResource(
        'Kibana',
        'green',
        'Ready',
        [],
        [{ kind: 'Elasticsearch', status: 'Established' }],
      ),
      eckResource(
        'ApmServer',
        'red',
        'ApplyingChanges',
        [
          ...operatorChecks(),
          {
            code: 'MW506',
            title: findingDefinition('MW506').title,
            state: 'fail',
            message:
              'Annotate spec.podTemplate.metadata.annotations with sidecar.istio.io/rewriteAppHTTPProbers: "true".',
          },
        ],
        [{ kind: 'Elasticsearch', status: 'Established' }],
      ),
    ],
    findings: [
      finding(
        'MW503',
        [ref('Elasticsearch', 'logging', 'logs')],
        'Elasticsearch logging/logs proxies transport port 9300 outbound (excluded inbound only).',
        'Add traffic.sidecar.istio.io/excludeOutboundPorts: "9300" to spec.nodeSets[].podTemplate.metadata.annotations (seed 001).',
      ),
      finding(
        'MW502',
        [ref('StatefulSet', 'elastic-system', 'elastic-operator')],
        "The ECK operator's sidecar intercepts webhook port 9443.",
        'Add traffic.sidecar.istio.io/excludeInboundPorts: "9443" to the elastic-operator StatefulSet\'s pod template annotations.',
      ),
      finding(
        'MW510',
        [
          ref('Elasticsearch', 'logging', 'logs'),
          ref('ApmServer', 'logging', 'logs'),
        ],
        'Elasticsearch logging/logs is yellow (2 of 3 nodes); APM Server logging/logs is red (0 of 1).',
        'kubectl describe elasticsearch logs -n logging; look at the pods that are not Ready.',
      ),
    ],
  }),
]);

/** invoices in legacy-billing: no proxy, namespace not enrolled. */
export const notInMeshStatus: EntityMeshStatus = (() => {
  const w = sidecarWorkload({
    namespace: 'legacy-billing',
    name: 'invoices',
    pods: [],
    port: 8080,
    service: 'invoices',
  });
  w.podCount = 1;
  w.dataPlane = {
    ...w.dataPlane,
    mode: 'none',
    expected: 'none',
    pods: [{ pod: 'invoices-0', mode: 'none', phase: 'Running' }],
    revisions: [],
    proxyVersions: [],
    controlPlanes: [],
  };
  w.mtls = { ...w.mtls, mode: 'DISABLE', workloadMode: 'DISABLE', ports: [] };
  return status('invoices', [
    cluster({
      workloads: [w],
      findings: [
        finding(
          'MW101',
          [ref('Namespace', undefined, 'legacy-billing')],
          'Namespace legacy-billing has no istio-injection, istio.io/rev or istio.io/dataplane-mode label.',
          'kubectl label namespace legacy-billing istio.io/rev=1-24-3 and restart its workloads.',
        ),
      ],
    }),
  ]);
})();

export const noWorkloadsStatus = status('ghost', [cluster({})]);

export const noSelectionStatus = status('unannotated', [], false);

/** The portal may not list pods: nothing can be said about the service. */
export const unknownStatus = status('productpage', [
  cluster({
    unknown: {
      reason: 'forbidden',
      message:
        'pods is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "pods" in API group "" at the cluster scope',
      kinds: ['Pod'],
    },
    degradedKinds: [
      {
        group: '',
        kind: 'Pod',
        status: 'forbidden',
        reason: 'pods is forbidden',
        since: NOW,
      },
    ],
  }),
]);
