import { ScenarioObject } from '../ScenarioObject';
import { stableUid } from './common';
import { ContainerSpec, DataPlane } from './pods';
import {
  BuildContext,
  buildService,
  buildServiceAccount,
  buildWorkload,
  ownerRef,
} from './workloads';

export type EckHealth = 'green' | 'yellow' | 'red' | 'unknown';

/** The pod template an ECK resource spec carries (`spec.nodeSets[].podTemplate`, `spec.podTemplate`). */
export interface EckPodTemplate {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  automountServiceAccountToken?: boolean;
  initContainers?: Array<{ name: string; command: string[] }>;
}

export interface EckCommon {
  name: string;
  namespace: string;
  version: string;
  /** false keeps ECK's self-signed HTTP certificate (the default) */
  selfSignedHttpTlsDisabled: boolean;
  podTemplate: EckPodTemplate;
  dataPlane: DataPlane;
  health: EckHealth;
  createdAtOffset: number;
  labels?: Record<string, string>;
}

export interface ElasticsearchSpec extends EckCommon {
  nodeSetName: string;
  count: number;
  availableNodes: number;
}

export interface KibanaSpec extends EckCommon {
  elasticsearchRef: string;
  count: number;
  availableNodes: number;
}

export interface ApmServerSpec extends EckCommon {
  elasticsearchRef: string;
  count: number;
  availableNodes: number;
}

function crMeta(kind: string, spec: EckCommon, createdAt: string) {
  return {
    name: spec.name,
    namespace: spec.namespace,
    uid: stableUid(kind, spec.namespace, spec.name),
    creationTimestamp: createdAt,
    generation: 1,
    ...(spec.labels ? { labels: spec.labels } : {}),
  };
}

function httpSpec(spec: EckCommon) {
  return spec.selfSignedHttpTlsDisabled
    ? { tls: { selfSignedCertificate: { disabled: true } } }
    : undefined;
}

function podTemplateSpec(t: EckPodTemplate) {
  const metadata: Record<string, unknown> = {};
  if (t.labels) metadata.labels = t.labels;
  if (t.annotations) metadata.annotations = t.annotations;
  const spec: Record<string, unknown> = {};
  if (t.automountServiceAccountToken !== undefined) {
    spec.automountServiceAccountToken = t.automountServiceAccountToken;
  }
  if (t.initContainers) spec.initContainers = t.initContainers;
  return { metadata, spec };
}

function userInitContainers(t: EckPodTemplate, image: string): ContainerSpec[] {
  return (t.initContainers ?? []).map(c => ({
    name: c.name,
    image,
    command: c.command,
  }));
}

function scheme(spec: EckCommon): 'http' | 'https' {
  return spec.selfSignedHttpTlsDisabled ? 'http' : 'https';
}

/**
 * An Elasticsearch resource with everything ECK creates for one node set:
 * the `<name>-es-<nodeSet>` StatefulSet and its pods, and the `-es-http`,
 * `-es-internal-http`, `-es-transport` and per-node-set Services.
 */
export function buildElasticsearch(
  spec: ElasticsearchSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const at = ctx.clock(spec.createdAtOffset);
  const es: ScenarioObject = {
    apiVersion: 'elasticsearch.k8s.elastic.co/v1',
    kind: 'Elasticsearch',
    metadata: crMeta('Elasticsearch', spec, at),
    spec: {
      version: spec.version,
      ...(httpSpec(spec) ? { http: httpSpec(spec) } : {}),
      nodeSets: [
        {
          name: spec.nodeSetName,
          count: spec.count,
          config: { 'node.store.allow_mmap': false },
          podTemplate: podTemplateSpec(spec.podTemplate),
        },
      ],
    },
    status: {
      availableNodes: spec.availableNodes,
      health: spec.health,
      phase: spec.availableNodes === spec.count ? 'Ready' : 'ApplyingChanges',
      version: spec.version,
      observedGeneration: 1,
      conditions: [
        {
          type: 'ReconciliationComplete',
          status: spec.availableNodes === spec.count ? 'True' : 'False',
          lastTransitionTime: at,
          ...(spec.availableNodes === spec.count
            ? {}
            : {
                message: `Waiting for ${
                  spec.count - spec.availableNodes
                } node(s) to join the cluster`,
              }),
        },
        {
          type: 'RunningDesiredVersion',
          status: 'True',
          lastTransitionTime: at,
          message: `All nodes are running version ${spec.version}`,
        },
        {
          type: 'ElasticsearchIsReachable',
          status: spec.availableNodes > 0 ? 'True' : 'False',
          lastTransitionTime: at,
          message: `Service ${spec.namespace}/${spec.name}-es-http has endpoints`,
        },
      ],
    },
  };
  const owner = ownerRef(es);
  const stsName = `${spec.name}-es-${spec.nodeSetName}`;
  const labels = {
    'common.k8s.elastic.co/type': 'elasticsearch',
    'elasticsearch.k8s.elastic.co/cluster-name': spec.name,
  };
  const podLabels = {
    ...spec.podTemplate.labels,
    ...labels,
    'elasticsearch.k8s.elastic.co/statefulset-name': stsName,
    'elasticsearch.k8s.elastic.co/version': spec.version,
    'elasticsearch.k8s.elastic.co/http-scheme': scheme(spec),
    'elasticsearch.k8s.elastic.co/node-master': 'true',
    'elasticsearch.k8s.elastic.co/node-data': 'true',
    'elasticsearch.k8s.elastic.co/node-ingest': 'true',
    'elasticsearch.k8s.elastic.co/node-ml': 'true',
    'elasticsearch.k8s.elastic.co/node-transform': 'true',
    'elasticsearch.k8s.elastic.co/node-remote_cluster_client': 'true',
    'elasticsearch.k8s.elastic.co/node-voting_only': 'false',
  };
  const image = `docker.elastic.co/elasticsearch/elasticsearch:${spec.version}`;
  const pods = Array.from({ length: spec.count }, (_, i) => ({
    dataPlane: spec.dataPlane,
    ready: i < spec.availableNodes,
  }));
  return [
    es,
    ...buildWorkload(
      {
        kind: 'StatefulSet',
        name: stsName,
        namespace: spec.namespace,
        labels: {
          ...labels,
          'elasticsearch.k8s.elastic.co/statefulset-name': stsName,
        },
        selector: {
          ...labels,
          'elasticsearch.k8s.elastic.co/statefulset-name': stsName,
        },
        serviceName: stsName,
        owner,
        template: {
          labels: podLabels,
          annotations: {
            'co.elastic.logs/module': 'elasticsearch',
            ...spec.podTemplate.annotations,
          },
          serviceAccountName: 'default',
          automountServiceAccountToken:
            spec.podTemplate.automountServiceAccountToken,
          initContainers: [
            {
              name: 'elastic-internal-init-filesystem',
              image,
              command: [
                'bash',
                '-c',
                '/mnt/elastic-internal/scripts/prepare-fs.sh',
              ],
            },
            {
              name: 'elastic-internal-suspend',
              image,
              command: [
                'bash',
                '-c',
                '/mnt/elastic-internal/scripts/suspend.sh',
              ],
            },
            ...userInitContainers(spec.podTemplate, image),
          ],
          containers: [
            {
              name: 'elasticsearch',
              image,
              ports: [
                { name: scheme(spec), containerPort: 9200 },
                { name: 'transport', containerPort: 9300 },
              ],
              readinessProbe: {
                exec: {
                  command: [
                    'bash',
                    '-c',
                    '/mnt/elastic-internal/scripts/readiness-port-script.sh',
                  ],
                },
                periodSeconds: 5,
              },
            },
          ],
        },
        pods,
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    buildService(
      {
        name: `${spec.name}-es-http`,
        namespace: spec.namespace,
        labels,
        selector: labels,
        ports: [{ name: scheme(spec), port: 9200 }],
        createdAtOffset: spec.createdAtOffset,
        owner,
      },
      ctx,
    ),
    buildService(
      {
        name: `${spec.name}-es-internal-http`,
        namespace: spec.namespace,
        labels,
        selector: labels,
        ports: [{ name: 'https', port: 9200 }],
        createdAtOffset: spec.createdAtOffset,
        owner,
      },
      ctx,
    ),
    buildService(
      {
        name: `${spec.name}-es-transport`,
        namespace: spec.namespace,
        labels,
        selector: labels,
        headless: true,
        ports: [{ name: 'tls-transport', port: 9300 }],
        createdAtOffset: spec.createdAtOffset,
        owner,
      },
      ctx,
    ),
    buildService(
      {
        name: stsName,
        namespace: spec.namespace,
        labels: {
          ...labels,
          'elasticsearch.k8s.elastic.co/statefulset-name': stsName,
        },
        selector: {
          ...labels,
          'elasticsearch.k8s.elastic.co/statefulset-name': stsName,
        },
        headless: true,
        ports: [{ name: scheme(spec), port: 9200 }],
        createdAtOffset: spec.createdAtOffset,
        owner,
      },
      ctx,
    ),
  ];
}

interface StackAppShape {
  kind: 'Kibana' | 'ApmServer';
  apiVersion: string;
  typeLabel: string;
  nameLabel: string;
  versionLabel: string;
  deploymentSuffix: string;
  serviceSuffix: string;
  container: string;
  image: string;
  port: number;
  serviceAccount?: string;
}

function buildStackApp(
  shape: StackAppShape,
  spec: KibanaSpec | ApmServerSpec,
  extraStatus: Record<string, unknown>,
  ctx: BuildContext,
): ScenarioObject[] {
  const at = ctx.clock(spec.createdAtOffset);
  const selectorLabels = {
    'common.k8s.elastic.co/type': shape.typeLabel,
    [shape.nameLabel]: spec.name,
  };
  const resource: ScenarioObject = {
    apiVersion: shape.apiVersion,
    kind: shape.kind,
    metadata: crMeta(shape.kind, spec, at),
    spec: {
      version: spec.version,
      count: spec.count,
      elasticsearchRef: { name: spec.elasticsearchRef },
      ...(httpSpec(spec) ? { http: httpSpec(spec) } : {}),
      podTemplate: podTemplateSpec(spec.podTemplate),
    },
    status: {
      availableNodes: spec.availableNodes,
      count: spec.count,
      health: spec.health,
      version: spec.version,
      observedGeneration: 1,
      selector: Object.entries(selectorLabels)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      ...extraStatus,
    },
  };
  const owner = ownerRef(resource);
  const deploymentName = `${spec.name}-${shape.deploymentSuffix}`;
  const httpScheme = scheme(spec);
  return [
    resource,
    ...buildWorkload(
      {
        kind: 'Deployment',
        name: deploymentName,
        namespace: spec.namespace,
        labels: selectorLabels,
        selector: selectorLabels,
        owner,
        template: {
          labels: {
            ...spec.podTemplate.labels,
            ...selectorLabels,
            [shape.versionLabel]: spec.version,
          },
          annotations: spec.podTemplate.annotations,
          serviceAccountName: shape.serviceAccount ?? 'default',
          automountServiceAccountToken:
            spec.podTemplate.automountServiceAccountToken,
          containers: [
            {
              name: shape.container,
              image: shape.image,
              ports: [{ name: httpScheme, containerPort: shape.port }],
              readinessProbe: {
                httpGet: {
                  path: shape.kind === 'Kibana' ? '/login' : '/',
                  port: shape.port,
                  scheme: httpScheme === 'https' ? 'HTTPS' : 'HTTP',
                },
                initialDelaySeconds: 10,
                periodSeconds: 10,
                timeoutSeconds: 5,
              },
            },
          ],
        },
        pods: Array.from({ length: spec.count }, (_, i) => ({
          dataPlane: spec.dataPlane,
          ready: i < spec.availableNodes,
        })),
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    buildService(
      {
        name: `${spec.name}-${shape.serviceSuffix}`,
        namespace: spec.namespace,
        labels: selectorLabels,
        selector: selectorLabels,
        ports: [{ name: httpScheme, port: shape.port }],
        createdAtOffset: spec.createdAtOffset,
        owner,
      },
      ctx,
    ),
  ];
}

/** A Kibana resource with ECK's `<name>-kb` Deployment, its pods and the `<name>-kb-http` Service. */
export function buildKibana(
  spec: KibanaSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  return buildStackApp(
    {
      kind: 'Kibana',
      apiVersion: 'kibana.k8s.elastic.co/v1',
      typeLabel: 'kibana',
      nameLabel: 'kibana.k8s.elastic.co/name',
      versionLabel: 'kibana.k8s.elastic.co/version',
      deploymentSuffix: 'kb',
      serviceSuffix: 'kb-http',
      container: 'kibana',
      image: `docker.elastic.co/kibana/kibana:${spec.version}`,
      port: 5601,
    },
    spec,
    { associationStatus: 'Established' },
    ctx,
  );
}

/** An ApmServer resource with ECK's `<name>-apm-server` Deployment, its pods and the `<name>-apm-http` Service. */
export function buildApmServer(
  spec: ApmServerSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  return buildStackApp(
    {
      kind: 'ApmServer',
      apiVersion: 'apm.k8s.elastic.co/v1',
      typeLabel: 'apm-server',
      nameLabel: 'apm.k8s.elastic.co/name',
      versionLabel: 'apm.k8s.elastic.co/version',
      deploymentSuffix: 'apm-server',
      serviceSuffix: 'apm-http',
      container: 'apm-server',
      image: `docker.elastic.co/apm/apm-server:${spec.version}`,
      port: 8200,
    },
    spec,
    {
      elasticsearchAssociationStatus: 'Established',
      service: `${spec.name}-apm-http`,
      secretTokenSecret: `${spec.name}-apm-token`,
    },
    ctx,
  );
}

export interface EckOperatorSpec {
  version: string;
  /** the seed's annotations that keep the webhook port out of the proxy */
  excludeWebhookPort: boolean;
  dataPlane: DataPlane;
  createdAtOffset: number;
}

/**
 * The ECK operator as `operator.yaml` installs it in elastic-system: the
 * `elastic-operator` StatefulSet (pod `elastic-operator-0`), its webhook
 * Service on 9443 and the `elastic-webhook.k8s.elastic.co`
 * ValidatingWebhookConfiguration (failurePolicy Ignore, seed 001).
 */
export function buildEckOperator(
  spec: EckOperatorSpec,
  ctx: BuildContext,
): ScenarioObject[] {
  const namespace = 'elastic-system';
  const at = ctx.clock(spec.createdAtOffset);
  const labels = {
    'control-plane': 'elastic-operator',
    'app.kubernetes.io/version': spec.version,
  };
  const annotations: Record<string, string> = {
    ...(spec.excludeWebhookPort
      ? {
          'traffic.sidecar.istio.io/excludeInboundPorts': '9443',
          'traffic.sidecar.istio.io/includeInboundPorts': '*',
        }
      : {}),
  };
  const webhook = (
    name: string,
    kind: string,
    group: string,
    resource: string,
  ) => ({
    name: `elastic-${name}-validation-v1.k8s.elastic.co`,
    admissionReviewVersions: ['v1', 'v1beta1'],
    clientConfig: {
      service: {
        name: 'elastic-webhook-server',
        namespace,
        path: `/validate-${group.replace(/\./g, '-')}-v1-${kind}`,
        port: 443,
      },
    },
    failurePolicy: 'Ignore',
    matchPolicy: 'Exact',
    namespaceSelector: {},
    objectSelector: {},
    rules: [
      {
        apiGroups: [group],
        apiVersions: ['v1'],
        operations: ['CREATE', 'UPDATE'],
        resources: [resource],
        scope: '*',
      },
    ],
    sideEffects: 'None',
    timeoutSeconds: 10,
  });
  return [
    buildServiceAccount(
      namespace,
      'elastic-operator',
      spec.createdAtOffset,
      ctx,
      labels,
    ),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'elastic-operator',
        namespace,
        uid: stableUid('ConfigMap', namespace, 'elastic-operator'),
        creationTimestamp: at,
        labels,
      },
      data: {
        'eck.yaml': [
          'log-verbosity: 0',
          'metrics-port: 0',
          'container-registry: docker.elastic.co',
          'max-concurrent-reconciles: 3',
          'ca-cert-validity: 8760h',
          'ca-cert-rotate-before: 24h',
          'cert-validity: 8760h',
          'cert-rotate-before: 24h',
          'disable-config-watch: false',
          'set-default-security-context: auto-detect',
          'kube-client-timeout: 60s',
          'elasticsearch-client-timeout: 180s',
          'disable-telemetry: false',
          'distribution-channel: all-in-one',
          'validate-storage-class: true',
          'enable-webhook: true',
          'webhook-name: elastic-webhook.k8s.elastic.co',
          'webhook-port: 9443',
          'operator-namespace: elastic-system',
          'enable-leader-election: true',
          '',
        ].join('\n'),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'elastic-webhook-server-cert',
        namespace,
        uid: stableUid('Secret', namespace, 'elastic-webhook-server-cert'),
        creationTimestamp: at,
        labels,
      },
      type: 'Opaque',
    },
    ...buildWorkload(
      {
        kind: 'StatefulSet',
        name: 'elastic-operator',
        namespace,
        labels,
        selector: { 'control-plane': 'elastic-operator' },
        serviceName: 'elastic-operator',
        template: {
          labels: { 'control-plane': 'elastic-operator' },
          annotations,
          serviceAccountName: 'elastic-operator',
          containers: [
            {
              name: 'manager',
              image: `docker.elastic.co/eck/eck-operator:${spec.version}`,
              args: ['manager', '--config=/conf/eck.yaml'],
              env: [
                { name: 'OPERATOR_NAMESPACE', value: namespace },
                {
                  name: 'WEBHOOK_SECRET',
                  value: 'elastic-webhook-server-cert',
                },
              ],
              ports: [{ name: 'https-webhook', containerPort: 9443 }],
            },
          ],
        },
        pods: [{ dataPlane: spec.dataPlane }],
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    buildService(
      {
        name: 'elastic-webhook-server',
        namespace,
        labels,
        selector: { 'control-plane': 'elastic-operator' },
        ports: [{ name: 'https', port: 443, targetPort: 9443 }],
        createdAtOffset: spec.createdAtOffset,
      },
      ctx,
    ),
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: {
        name: 'elastic-webhook.k8s.elastic.co',
        uid: stableUid(
          'ValidatingWebhookConfiguration',
          undefined,
          'elastic-webhook.k8s.elastic.co',
        ),
        creationTimestamp: at,
        labels,
      },
      webhooks: [
        webhook('apm', 'apmserver', 'apm.k8s.elastic.co', 'apmservers'),
        webhook(
          'es',
          'elasticsearch',
          'elasticsearch.k8s.elastic.co',
          'elasticsearches',
        ),
        webhook('kb', 'kibana', 'kibana.k8s.elastic.co', 'kibanas'),
      ],
    },
  ];
}
