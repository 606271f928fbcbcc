import { ScenarioObject } from '../ScenarioObject';
import { stableUid } from './common';
import { proxyImage } from './pods';
import {
  BuildContext,
  buildDaemonSet,
  buildService,
  buildServiceAccount,
  buildWorkload,
} from './workloads';

export const ISTIO_NAMESPACE = 'istio-system';

/** `1.24.3` → `1-24-3`, the revision name istioctl and the Helm charts derive from a version. */
export function revisionOf(version: string): string {
  return version.replace(/\./g, '-');
}

function clusterMeta(
  kind: string,
  name: string,
  createdAt: string,
  labels: Record<string, string>,
) {
  return {
    name,
    uid: stableUid(kind, undefined, name),
    creationTimestamp: createdAt,
    labels,
  };
}

const INJECT_RULES = [
  {
    apiGroups: [''],
    apiVersions: ['v1'],
    operations: ['CREATE'],
    resources: ['pods'],
    scope: '*',
  },
];

function injectionWebhook(
  name: string,
  revision: string,
  namespaceSelector: Record<string, unknown>,
  objectSelector: Record<string, unknown>,
) {
  return {
    name,
    admissionReviewVersions: ['v1'],
    clientConfig: {
      service: {
        name: `istiod-${revision}`,
        namespace: ISTIO_NAMESPACE,
        path: '/inject',
        port: 443,
      },
    },
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector,
    objectSelector,
    reinvocationPolicy: 'Never',
    rules: INJECT_RULES,
    sideEffects: 'None',
    timeoutSeconds: 10,
  };
}

const notOptedOut = {
  matchExpressions: [
    { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] },
  ],
};

/**
 * The injector webhooks a revision (or a revision tag such as `default`)
 * installs: namespaces labelled `istio.io/rev=<name>` and pods labelled the
 * same in otherwise unlabelled namespaces; the `default` tag also serves the
 * legacy `istio-injection=enabled` label and `sidecar.istio.io/inject=true` pods.
 */
function injectionWebhooks(
  selectorValue: string,
  revision: string,
  isDefaultTag: boolean,
) {
  const webhooks = [
    injectionWebhook(
      'rev.namespace.sidecar-injector.istio.io',
      revision,
      {
        matchExpressions: [
          { key: 'istio.io/rev', operator: 'In', values: [selectorValue] },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ],
      },
      notOptedOut,
    ),
    injectionWebhook(
      'rev.object.sidecar-injector.istio.io',
      revision,
      {
        matchExpressions: [
          { key: 'istio.io/rev', operator: 'DoesNotExist' },
          { key: 'istio-injection', operator: 'DoesNotExist' },
        ],
      },
      {
        matchExpressions: [
          {
            key: 'sidecar.istio.io/inject',
            operator: 'NotIn',
            values: ['false'],
          },
          { key: 'istio.io/rev', operator: 'In', values: [selectorValue] },
        ],
      },
    ),
  ];
  if (isDefaultTag) {
    webhooks.push(
      injectionWebhook(
        'namespace.sidecar-injector.istio.io',
        revision,
        {
          matchExpressions: [
            { key: 'istio-injection', operator: 'In', values: ['enabled'] },
          ],
        },
        notOptedOut,
      ),
      injectionWebhook(
        'object.sidecar-injector.istio.io',
        revision,
        {
          matchExpressions: [
            { key: 'istio-injection', operator: 'DoesNotExist' },
            { key: 'istio.io/rev', operator: 'DoesNotExist' },
          ],
        },
        {
          matchExpressions: [
            {
              key: 'sidecar.istio.io/inject',
              operator: 'In',
              values: ['true'],
            },
            { key: 'istio.io/rev', operator: 'DoesNotExist' },
          ],
        },
      ),
    );
  }
  return webhooks;
}

export interface IstiodRevisionSpec {
  version: string;
  createdAtOffset: number;
}

/**
 * One control-plane revision as `istioctl install --set revision=<rev>`
 * leaves it in istio-system (seed 003, "Control plane upgrade"): the
 * `istiod-<rev>` Deployment and Service, the `istio-<rev>` mesh ConfigMap,
 * the `istio-sidecar-injector-<rev>` ConfigMap and MutatingWebhookConfiguration.
 */
export function buildIstiodRevision(
  spec: IstiodRevisionSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const revision = revisionOf(spec.version);
  const name = `istiod-${revision}`;
  const at = ctx.clock(spec.createdAtOffset);
  const labels = {
    app: 'istiod',
    istio: 'pilot',
    'istio.io/rev': revision,
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'Pilot',
  };
  const objects: ScenarioObject[] = [
    buildServiceAccount(
      ISTIO_NAMESPACE,
      name,
      spec.createdAtOffset,
      ctx,
      labels,
    ),
    ...buildWorkload(
      {
        kind: 'Deployment',
        name,
        namespace: ISTIO_NAMESPACE,
        labels,
        selector: { app: 'istiod', 'istio.io/rev': revision },
        template: {
          labels: { ...labels, 'sidecar.istio.io/inject': 'false' },
          annotations: {
            'prometheus.io/port': '15014',
            'prometheus.io/scrape': 'true',
            'sidecar.istio.io/inject': 'false',
          },
          serviceAccountName: name,
          containers: [
            {
              name: 'discovery',
              image: `docker.io/istio/pilot:${spec.version}`,
              args: [
                'discovery',
                '--monitoringAddr=:15014',
                '--log_output_level=default:info',
                '--domain',
                'cluster.local',
                '--keepaliveMaxServerConnectionAge',
                '30m',
              ],
              env: [
                { name: 'REVISION', value: revision },
                { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
                { name: 'CLUSTER_ID', value: 'Kubernetes' },
                { name: 'PILOT_ENABLE_AMBIENT', value: 'true' },
                // Hardened as IST0175 asks: the ingress RequestAuthentication's
                // jwksUri is fetched by istiod, which must never reach cloud
                // metadata or the cluster's pod and Service ranges from it.
                {
                  name: 'BLOCKED_CIDRS_IN_JWKS_URIS',
                  value: '169.254.169.254/32,10.96.0.0/12,10.244.0.0/16',
                },
              ],
              ports: [
                { containerPort: 8080, name: 'http-debug' },
                { containerPort: 15010, name: 'grpc-xds' },
                { containerPort: 15012, name: 'tls-xds' },
                { containerPort: 15017, name: 'https-webhooks' },
                { containerPort: 15014, name: 'http-monitoring' },
              ],
              readinessProbe: {
                httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' },
                initialDelaySeconds: 1,
                periodSeconds: 3,
                timeoutSeconds: 5,
              },
            },
          ],
        },
        pods: [{ dataPlane: { mode: 'none' } }],
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    buildService(
      {
        name,
        namespace: ISTIO_NAMESPACE,
        labels,
        selector: { app: 'istiod', 'istio.io/rev': revision },
        ports: [
          { name: 'grpc-xds', port: 15010 },
          { name: 'https-dns', port: 15012 },
          { name: 'https-webhook', port: 443, targetPort: 15017 },
          { name: 'http-monitoring', port: 15014 },
        ],
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `istio-${revision}`,
        namespace: ISTIO_NAMESPACE,
        uid: stableUid('ConfigMap', ISTIO_NAMESPACE, `istio-${revision}`),
        creationTimestamp: at,
        labels: { ...labels, release: 'istio' },
      },
      data: {
        mesh: [
          'accessLogFile: /dev/stdout',
          'defaultConfig:',
          `  discoveryAddress: istiod-${revision}.istio-system.svc:15012`,
          '  tracing: {}',
          'defaultProviders:',
          '  metrics:',
          '  - prometheus',
          'enableAutoMtls: true',
          'enablePrometheusMerge: true',
          'outboundTrafficPolicy:',
          '  mode: ALLOW_ANY',
          'rootNamespace: istio-system',
          'trustDomain: cluster.local',
          '',
        ].join('\n'),
        meshNetworks: 'networks: {}',
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `istio-sidecar-injector-${revision}`,
        namespace: ISTIO_NAMESPACE,
        uid: stableUid(
          'ConfigMap',
          ISTIO_NAMESPACE,
          `istio-sidecar-injector-${revision}`,
        ),
        creationTimestamp: at,
        labels: { ...labels, release: 'istio' },
      },
      // The injection templates themselves are several hundred lines and say
      // nothing the pods do not show; the policy and values are what matter here.
      data: {
        config: [
          'defaultTemplates: [sidecar]',
          'policy: enabled',
          'alwaysInjectSelector: []',
          'neverInjectSelector: []',
          'injectedAnnotations: {}',
          '',
        ].join('\n'),
        values: JSON.stringify({
          global: {
            hub: 'docker.io/istio',
            tag: spec.version,
            istioNamespace: ISTIO_NAMESPACE,
            proxy: { image: 'proxyv2', statusPort: 15020 },
          },
          istio_cni: { enabled: true, provider: 'default' },
          revision,
          sidecarInjectorWebhook: { rewriteAppHTTPProbe: true },
        }),
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: clusterMeta(
        'MutatingWebhookConfiguration',
        `istio-sidecar-injector-${revision}`,
        at,
        {
          app: 'sidecar-injector',
          'istio.io/rev': revision,
          'install.operator.istio.io/owning-resource': 'unknown',
          'operator.istio.io/component': 'Pilot',
        },
      ),
      webhooks: injectionWebhooks(revision, revision, false),
    },
  ];
  return objects;
}

/**
 * `istioctl tag set default --revision <rev>`: the webhook that serves
 * `istio-injection=enabled`, `istio.io/rev=default` and pod-level injection labels.
 */
export function buildDefaultRevisionTag(
  targetVersion: string,
  createdAtOffset: number,
  ctx: BuildContext,
): ScenarioObject {
  const revision = revisionOf(targetVersion);
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: clusterMeta(
      'MutatingWebhookConfiguration',
      'istio-revision-tag-default',
      ctx.clock(createdAtOffset),
      {
        app: 'sidecar-injector',
        'istio.io/rev': revision,
        'istio.io/tag': 'default',
      },
    ),
    webhooks: injectionWebhooks('default', revision, true),
  };
}

export interface IngressGatewaySpec {
  version: string;
  replicas: number;
  createdAtOffset: number;
  restartedAtOffset?: number;
  loadBalancerIP: string;
}

/**
 * The shared ingress gateway in istio-system. Gateways are not revisioned:
 * they are upgraded in place and point at the new istiod (seed 003).
 */
export function buildIngressGateway(
  spec: IngressGatewaySpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const revision = revisionOf(spec.version);
  const labels = {
    app: 'istio-ingressgateway',
    istio: 'ingressgateway',
    'install.operator.istio.io/owning-resource': 'unknown',
    'operator.istio.io/component': 'IngressGateways',
    release: 'istio',
  };
  const sa = 'istio-ingressgateway-service-account';
  return [
    buildServiceAccount(ISTIO_NAMESPACE, sa, spec.createdAtOffset, ctx, labels),
    ...buildWorkload(
      {
        kind: 'Deployment',
        name: 'istio-ingressgateway',
        namespace: ISTIO_NAMESPACE,
        labels,
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        template: {
          labels: {
            ...labels,
            'istio.io/rev': revision,
            'service.istio.io/canonical-name': 'istio-ingressgateway',
            'service.istio.io/canonical-revision': revision,
            'sidecar.istio.io/inject': 'false',
          },
          annotations: {
            'prometheus.io/path': '/stats/prometheus',
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
          },
          serviceAccountName: sa,
          containers: [
            {
              name: 'istio-proxy',
              image: proxyImage(spec.version),
              args: [
                'proxy',
                'router',
                '--domain',
                '$(POD_NAMESPACE).svc.cluster.local',
                '--proxyLogLevel=warning',
                '--proxyComponentLogLevel=misc:error',
                '--log_output_level=default:info',
              ],
              env: [
                { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
                {
                  name: 'CA_ADDR',
                  value: `istiod-${revision}.istio-system.svc:15012`,
                },
                {
                  name: 'ISTIO_META_WORKLOAD_NAME',
                  value: 'istio-ingressgateway',
                },
                { name: 'ISTIO_META_ROUTER_MODE', value: 'standard' },
                { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
              ],
              ports: [
                { containerPort: 15021, name: 'status-port' },
                { containerPort: 8080, name: 'http2' },
                { containerPort: 8443, name: 'https' },
                { containerPort: 15090, name: 'http-envoy-prom' },
              ],
              readinessProbe: {
                httpGet: {
                  path: '/healthz/ready',
                  port: 15021,
                  scheme: 'HTTP',
                },
                initialDelaySeconds: 1,
                periodSeconds: 2,
                timeoutSeconds: 1,
              },
            },
          ],
        },
        pods: Array.from({ length: spec.replicas }, () => ({
          dataPlane: { mode: 'none' as const },
        })),
        createdAtOffset: spec.createdAtOffset,
        restartedAtOffset: spec.restartedAtOffset,
      },
      ctx,
    ),
    buildService(
      {
        name: 'istio-ingressgateway',
        namespace: ISTIO_NAMESPACE,
        labels,
        selector: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        type: 'LoadBalancer',
        loadBalancerIP: spec.loadBalancerIP,
        ports: [
          { name: 'status-port', port: 15021 },
          { name: 'http2', port: 80, targetPort: 8080 },
          { name: 'https', port: 443, targetPort: 8443 },
        ],
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
  ];
}

/** The node agents ambient mode needs: ztunnel and the Istio CNI plugin, one pod per node each. */
export function buildNodeAgents(
  version: string,
  createdAtOffset: number,
  ctx: BuildContext,
): ScenarioObject[] {
  return [
    buildServiceAccount(ISTIO_NAMESPACE, 'ztunnel', createdAtOffset, ctx, {
      app: 'ztunnel',
    }),
    ...buildDaemonSet(
      {
        name: 'ztunnel',
        namespace: ISTIO_NAMESPACE,
        labels: {
          app: 'ztunnel',
          'app.kubernetes.io/name': 'ztunnel',
          'app.kubernetes.io/version': version,
        },
        selector: { app: 'ztunnel' },
        template: {
          labels: {
            app: 'ztunnel',
            'istio.io/dataplane-mode': 'none',
            'sidecar.istio.io/inject': 'false',
          },
          annotations: {
            'prometheus.io/port': '15020',
            'prometheus.io/scrape': 'true',
            'sidecar.istio.io/inject': 'false',
          },
          serviceAccountName: 'ztunnel',
          containers: [
            {
              name: 'istio-proxy',
              image: `docker.io/istio/ztunnel:${version}`,
              args: ['proxy', 'ztunnel'],
              env: [
                {
                  name: 'CA_ADDRESS',
                  value: `istiod-${revisionOf(version)}.istio-system.svc:15012`,
                },
                {
                  name: 'XDS_ADDRESS',
                  value: `istiod-${revisionOf(version)}.istio-system.svc:15012`,
                },
              ],
              ports: [{ containerPort: 15020, name: 'ztunnel-stats' }],
              readinessProbe: {
                httpGet: {
                  path: '/healthz/ready',
                  port: 15021,
                  scheme: 'HTTP',
                },
                periodSeconds: 10,
              },
            },
          ],
        },
        createdAtOffset,
      },
      ctx,
    ),
    buildServiceAccount(ISTIO_NAMESPACE, 'istio-cni', createdAtOffset, ctx, {
      'k8s-app': 'istio-cni-node',
    }),
    ...buildDaemonSet(
      {
        name: 'istio-cni-node',
        namespace: ISTIO_NAMESPACE,
        labels: {
          'k8s-app': 'istio-cni-node',
          'app.kubernetes.io/version': version,
        },
        selector: { 'k8s-app': 'istio-cni-node' },
        template: {
          labels: {
            'k8s-app': 'istio-cni-node',
            'sidecar.istio.io/inject': 'false',
            'istio.io/dataplane-mode': 'none',
          },
          annotations: {
            'prometheus.io/path': '/metrics',
            'prometheus.io/port': '15014',
            'prometheus.io/scrape': 'true',
            'sidecar.istio.io/inject': 'false',
          },
          serviceAccountName: 'istio-cni',
          containers: [
            {
              name: 'install-cni',
              image: `docker.io/istio/install-cni:${version}`,
              command: ['install-cni'],
              args: ['--log_output_level=info'],
              readinessProbe: {
                httpGet: { path: '/readyz', port: 8000, scheme: 'HTTP' },
              },
            },
          ],
        },
        createdAtOffset,
      },
      ctx,
    ),
  ];
}
