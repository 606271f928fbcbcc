import { ScenarioObject, ScenarioOwnerReference } from '../ScenarioObject';
import { imageDigest, stableUid } from './common';

export interface HttpProbe {
  httpGet: { path: string; port: number | string; scheme?: 'HTTP' | 'HTTPS' };
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
}

export interface ExecProbe {
  exec: { command: string[] };
  periodSeconds?: number;
}

export type Probe = HttpProbe | ExecProbe;

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  ports?: Array<{
    name?: string;
    containerPort: number;
    protocol?: 'TCP' | 'UDP';
  }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
}

/** What the user wrote in a workload's pod template (before any webhook ran). */
export interface PodTemplate {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  serviceAccountName: string;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  automountServiceAccountToken?: boolean;
}

/**
 * How the pod joined the mesh when it was created. A pod keeps the proxy it
 * was injected with until it is restarted, whatever its namespace says now
 * (seed 003, "Data plane upgrade").
 */
export type DataPlane =
  | { mode: 'sidecar'; revision: string; proxyVersion: string }
  | { mode: 'ambient' }
  | { mode: 'none' };

export interface PodInstance {
  name: string;
  namespace: string;
  nodeName: string;
  hostIP: string;
  podIP: string;
  /** creation time, as the clock renders it */
  createdAt: string;
  owner?: ScenarioOwnerReference;
  dataPlane: DataPlane;
  /** false: running but failing readiness (e.g. HTTP probes refused under STRICT mTLS) */
  ready?: boolean;
  extraLabels?: Record<string, string>;
}

/**
 * Every demo and generated cluster runs the Istio CNI node agent (ambient mode
 * needs it; seed 003 installs with `components.cni.enabled=true`), so injected
 * pods get the `istio-validation` init container instead of `istio-init`, and
 * the injector records the interception settings as pod annotations for the
 * CNI plugin to read.
 */
const ISTIO_STATUS_PORT = 15020;

export function proxyImage(version: string): string {
  return `docker.io/istio/proxyv2:${version}`;
}

function isHttpProbe(probe: Probe | undefined): probe is HttpProbe {
  return !!probe && 'httpGet' in probe;
}

function mergePortList(userValue: string | undefined, extra: number): string {
  const ports = (userValue ?? '')
    .split(',')
    .map(p => p.trim())
    .filter(Boolean);
  if (!ports.includes(String(extra))) ports.push(String(extra));
  return ports.join(',');
}

interface Injected {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: Array<Record<string, any>>;
  initContainers: Array<Record<string, any>>;
}

function plainContainer(c: ContainerSpec): Record<string, any> {
  const out: Record<string, any> = { name: c.name, image: c.image };
  if (c.command) out.command = c.command;
  if (c.args) out.args = c.args;
  if (c.env) out.env = c.env;
  if (c.ports) {
    out.ports = c.ports.map(p =>
      Object.assign({}, p, { protocol: p.protocol ?? 'TCP' }),
    );
  }
  if (c.readinessProbe) out.readinessProbe = c.readinessProbe;
  if (c.livenessProbe) out.livenessProbe = c.livenessProbe;
  out.imagePullPolicy = 'IfNotPresent';
  out.terminationMessagePath = '/dev/termination-log';
  out.terminationMessagePolicy = 'File';
  return out;
}

const sidecarStatusCache = new Map<string, string>();

/** The injector's record of what it added, as it writes it into `sidecar.istio.io/status`. */
function sidecarStatus(revision: string): string {
  let status = sidecarStatusCache.get(revision);
  if (!status) {
    status = JSON.stringify({
      initContainers: ['istio-validation'],
      containers: ['istio-proxy'],
      volumes: [
        'workload-socket',
        'credential-socket',
        'workload-certs',
        'istio-envoy',
        'istio-data',
        'istio-podinfo',
        'istio-token',
        'istiod-ca-cert',
      ],
      imagePullSecrets: null,
      revision,
    });
    sidecarStatusCache.set(revision, status);
  }
  return status;
}

/** The workload the injector names in ISTIO_META_WORKLOAD_NAME / ISTIO_META_OWNER. */
function workloadOf(instance: PodInstance): {
  workloadName: string;
  workloadResource: string;
} {
  const owner = instance.owner;
  if (!owner) return { workloadName: instance.name, workloadResource: 'pods' };
  const hash = instance.extraLabels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) {
    return {
      workloadName: owner.name.slice(0, -hash.length - 1),
      workloadResource: 'deployments',
    };
  }
  return {
    workloadName: owner.name,
    workloadResource: `${owner.kind.toLowerCase()}s`,
  };
}

/** What the sidecar injector of `revision` makes of a pod template. */
function injectSidecar(
  template: PodTemplate,
  instance: PodInstance,
  revision: string,
  proxyVersion: string,
): Injected {
  const userAnnotations = template.annotations ?? {};
  const rewriteProbes =
    userAnnotations['sidecar.istio.io/rewriteAppHTTPProbers'] !== 'false';
  const appProbers: Record<string, unknown> = {};

  const containers = template.containers.map(c => {
    const out = plainContainer(c);
    if (!rewriteProbes) return out;
    for (const [field, suffix] of [
      ['readinessProbe', 'readyz'],
      ['livenessProbe', 'livez'],
    ] as const) {
      const probe = c[field];
      if (!isHttpProbe(probe)) continue;
      const path = `/app-health/${c.name}/${suffix}`;
      appProbers[path] = {
        httpGet: Object.assign({}, probe.httpGet, {
          scheme: probe.httpGet.scheme ?? 'HTTP',
        }),
        timeoutSeconds: probe.timeoutSeconds ?? 1,
      };
      out[field] = Object.assign({}, probe, {
        httpGet: { path, port: ISTIO_STATUS_PORT, scheme: 'HTTP' },
      });
    }
    return out;
  });

  const { workloadName, workloadResource } = workloadOf(instance);
  const proxyEnv: Array<{ name: string; value: string }> = [
    { name: 'PILOT_CERT_PROVIDER', value: 'istiod' },
    { name: 'CA_ADDR', value: `istiod-${revision}.istio-system.svc:15012` },
    { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
    { name: 'ISTIO_META_MESH_ID', value: 'cluster.local' },
    { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    { name: 'ISTIO_META_WORKLOAD_NAME', value: workloadName },
    {
      name: 'ISTIO_META_OWNER',
      value: `kubernetes://apis/apps/v1/namespaces/${instance.namespace}/${workloadResource}/${workloadName}`,
    },
  ];
  if (Object.keys(appProbers).length > 0) {
    proxyEnv.push({
      name: 'ISTIO_KUBE_APP_PROBERS',
      value: JSON.stringify(appProbers),
    });
  }

  const istioProxy = {
    name: 'istio-proxy',
    image: proxyImage(proxyVersion),
    args: [
      'proxy',
      'sidecar',
      '--domain',
      '$(POD_NAMESPACE).svc.cluster.local',
      '--proxyLogLevel=warning',
      '--proxyComponentLogLevel=misc:error',
      '--log_output_level=default:info',
    ],
    env: proxyEnv,
    ports: [{ containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP' }],
    readinessProbe: {
      httpGet: { path: '/healthz/ready', port: 15021, scheme: 'HTTP' },
      failureThreshold: 4,
      periodSeconds: 15,
      timeoutSeconds: 3,
    },
    resources: {
      limits: { cpu: '2', memory: '1Gi' },
      requests: { cpu: '100m', memory: '128Mi' },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsGroup: 1337,
      runAsNonRoot: true,
      runAsUser: 1337,
    },
    imagePullPolicy: 'IfNotPresent',
  };

  const istioValidation = {
    name: 'istio-validation',
    image: proxyImage(proxyVersion),
    args: [
      'istio-iptables',
      '-p',
      '15001',
      '-z',
      '15006',
      '-u',
      '1337',
      '-m',
      'REDIRECT',
      '-i',
      userAnnotations['traffic.sidecar.istio.io/includeOutboundIPRanges'] ??
        '*',
      '-x',
      '',
      '-b',
      userAnnotations['traffic.sidecar.istio.io/includeInboundPorts'] ?? '*',
      '-d',
      mergePortList(
        userAnnotations['traffic.sidecar.istio.io/excludeInboundPorts'],
        ISTIO_STATUS_PORT,
      ),
    ],
    imagePullPolicy: 'IfNotPresent',
  };
  const excludeOutbound =
    userAnnotations['traffic.sidecar.istio.io/excludeOutboundPorts'];
  if (excludeOutbound) istioValidation.args.push('-o', excludeOutbound);
  istioValidation.args.push(
    '--log_output_level=default:info',
    '--run-validation',
    '--skip-rule-apply',
  );

  const initContainers: Array<Record<string, any>> = (
    template.initContainers ?? []
  ).map(plainContainer);
  initContainers.push(istioValidation);

  const app = template.labels.app ?? workloadName;
  const canonicalRevision =
    template.labels['app.kubernetes.io/version'] ??
    template.labels.version ??
    'latest';
  const labels: Record<string, string> = {
    'security.istio.io/tlsMode': 'istio',
    'service.istio.io/canonical-name':
      template.labels['app.kubernetes.io/name'] ?? app,
    'service.istio.io/canonical-revision': canonicalRevision,
    'istio.io/rev': revision,
  };
  const annotations: Record<string, string> = {
    'istio.io/rev': revision,
    'kubectl.kubernetes.io/default-container': template.containers[0].name,
    'kubectl.kubernetes.io/default-logs-container': template.containers[0].name,
    'prometheus.io/path': '/stats/prometheus',
    'prometheus.io/port': String(ISTIO_STATUS_PORT),
    'prometheus.io/scrape': 'true',
    'sidecar.istio.io/interceptionMode': 'REDIRECT',
    'sidecar.istio.io/status': sidecarStatus(revision),
    'traffic.sidecar.istio.io/excludeInboundPorts': mergePortList(
      userAnnotations['traffic.sidecar.istio.io/excludeInboundPorts'],
      ISTIO_STATUS_PORT,
    ),
    'traffic.sidecar.istio.io/includeInboundPorts':
      userAnnotations['traffic.sidecar.istio.io/includeInboundPorts'] ?? '*',
    'traffic.sidecar.istio.io/includeOutboundIPRanges':
      userAnnotations['traffic.sidecar.istio.io/includeOutboundIPRanges'] ??
      '*',
  };
  return {
    labels,
    annotations,
    containers: containers.concat([istioProxy]),
    initContainers,
  };
}

function containerStatus(
  c: Record<string, any>,
  index: number,
  podUid: string,
  startedAt: string,
  ready: boolean,
): Record<string, any> {
  // 64 hex digits like containerd's ids, derived from the pod so they stay stable
  const uidHex = podUid.replace(/-/g, '');
  return {
    name: c.name,
    image: c.image,
    imageID: imageDigest(c.image),
    containerID: `containerd://${uidHex}${uidHex.slice(0, 30)}${index
      .toString(16)
      .padStart(2, '0')}`,
    ready,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
  };
}

function initContainerStatus(c: Record<string, any>, at: string) {
  return {
    name: c.name,
    image: c.image,
    imageID: imageDigest(c.image),
    ready: true,
    restartCount: 0,
    started: false,
    state: {
      terminated: {
        exitCode: 0,
        reason: 'Completed',
        startedAt: at,
        finishedAt: at,
      },
    },
  };
}

/**
 * A running pod as the API server would return it: the template as the
 * admission webhooks left it, scheduled, with container statuses.
 */
export function buildPod(
  template: PodTemplate,
  instance: PodInstance,
): ScenarioObject {
  const ready = instance.ready ?? true;
  // Object.assign rather than spread: this runs once per pod, and test
  // transpilers turn spread into much slower helper calls.
  const labels: Record<string, string> = Object.assign(
    {},
    template.labels,
    instance.extraLabels,
  );
  const annotations: Record<string, string> = Object.assign(
    {},
    template.annotations,
  );
  let containers = template.containers.map(plainContainer);
  let initContainers = (template.initContainers ?? []).map(plainContainer);

  const dp = instance.dataPlane;
  if (dp.mode === 'sidecar') {
    const injected = injectSidecar(
      template,
      instance,
      dp.revision,
      dp.proxyVersion,
    );
    Object.assign(labels, injected.labels);
    Object.assign(annotations, injected.annotations);
    containers = injected.containers;
    initContainers = injected.initContainers;
  } else if (dp.mode === 'ambient') {
    // Written by the istio-cni node agent once ztunnel redirection is set up.
    annotations['ambient.istio.io/redirection'] = 'enabled';
  }

  const at = instance.createdAt;
  const spec: Record<string, any> = {
    serviceAccountName: template.serviceAccountName,
    serviceAccount: template.serviceAccountName,
    nodeName: instance.nodeName,
    containers,
    restartPolicy: 'Always',
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
    terminationGracePeriodSeconds: 30,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
  };
  if (initContainers.length > 0) spec.initContainers = initContainers;
  if (template.automountServiceAccountToken !== undefined) {
    spec.automountServiceAccountToken = template.automountServiceAccountToken;
  }

  const appContainerNames = new Set(template.containers.map(c => c.name));
  const condition = (type: string, status: boolean, reason?: string) => {
    const c: Record<string, unknown> = {
      type,
      status: status ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: at,
    };
    if (reason) c.reason = reason;
    return c;
  };

  const uid = stableUid('Pod', instance.namespace, instance.name);
  const metadata: Record<string, any> = {
    name: instance.name,
    namespace: instance.namespace,
    uid,
    creationTimestamp: at,
    labels,
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (instance.owner) {
    metadata.generateName = `${instance.owner.name}-`;
    metadata.ownerReferences = [instance.owner];
  }

  const pod: ScenarioObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: metadata as ScenarioObject['metadata'],
    spec,
    status: {
      phase: 'Running',
      conditions: [
        condition('PodReadyToStartContainers', true),
        condition('Initialized', true),
        condition('Ready', ready, ready ? undefined : 'ContainersNotReady'),
        condition(
          'ContainersReady',
          ready,
          ready ? undefined : 'ContainersNotReady',
        ),
        condition('PodScheduled', true),
      ],
      hostIP: instance.hostIP,
      hostIPs: [{ ip: instance.hostIP }],
      podIP: instance.podIP,
      podIPs: [{ ip: instance.podIP }],
      qosClass: 'Burstable',
      startTime: at,
    },
  };
  if (initContainers.length > 0) {
    pod.status!.initContainerStatuses = initContainers.map(c =>
      initContainerStatus(c, at),
    );
  }
  pod.status!.containerStatuses = containers.map((c, i) =>
    containerStatus(c, i, uid, at, ready || !appContainerNames.has(c.name)),
  );
  return pod;
}
