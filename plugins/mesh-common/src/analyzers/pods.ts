import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import {
  annotationsOf,
  arr,
  asArray,
  asNumber,
  asString,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  parsePortList,
  rec,
  str,
} from '../util/safe';
import { PartsCache } from '../util/PartsCache';
import { StringInterner } from '../util/StringInterner';
import { ClusterView } from '../view/ClusterView';
import {
  EXCLUDE_INBOUND_PORTS_ANNOTATION,
  EXCLUDE_OUTBOUND_PORTS_ANNOTATION,
  INCLUDE_INBOUND_PORTS_ANNOTATION,
  INCLUDE_OUTBOUND_IP_RANGES_ANNOTATION,
  INCLUDE_OUTBOUND_PORTS_ANNOTATION,
  PROXY_CONTAINER,
  ZTUNNEL_NAME,
} from './istioConventions';

/** Containers and init containers of a pod spec (or pod template spec). */
export function containersOf(
  podSpec: unknown,
): { container: unknown; init: boolean }[] {
  return [
    ...asArray(at(podSpec, 'initContainers')).map(c => ({
      container: c,
      init: true,
    })),
    ...asArray(at(podSpec, 'containers')).map(c => ({
      container: c,
      init: false,
    })),
  ];
}

/**
 * One of ztunnel's own pods: owned by the DaemonSet `ztunnel`, or labelled
 * `app: ztunnel` as the Istio charts label them. Its `istio-proxy` container
 * is ambient's node proxy, not a sidecar: the pod is mesh infrastructure, no
 * meshed workload, and no pod of a revision's sidecar injector.
 */
export function isZtunnelPod(pod: KubeObject): boolean {
  if (labelsOf(pod).app === ZTUNNEL_NAME) return true;
  return arr(pod, 'metadata', 'ownerReferences').some(
    o => str(o, 'kind') === 'DaemonSet' && str(o, 'name') === ZTUNNEL_NAME,
  );
}

const NO_PROXY = Symbol('no proxy');
// By the container lists, which the pods of one template share.
const proxyCache = new PartsCache<unknown>();

/**
 * The sidecar's istio-proxy container, as a regular sidecar or a native
 * (init, restartPolicy Always) one; none in ztunnel's pods, whose container
 * of that name is the node proxy.
 */
export function proxyContainerOf(pod: KubeObject): unknown | undefined {
  if (typeof pod !== 'object' || pod === null) return undefined;
  if (isZtunnelPod(pod)) return undefined;
  const spec = pod.spec;
  const cached = proxyCache.get(
    [at(spec, 'containers'), at(spec, 'initContainers')],
    () =>
      containersOf(spec).find(c => str(c.container, 'name') === PROXY_CONTAINER)
        ?.container ?? NO_PROXY,
  );
  return cached === NO_PROXY ? undefined : cached;
}

/** Labels that differ between pods of one workload; ignored when grouping identical pods. */
export const PER_POD_LABELS: ReadonlySet<string> = new Set([
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
]);

/**
 * A key equal for pods that analyzers treat identically: same controller
 * template (owner + template hash), labels, annotations and data plane mode.
 * Pods of one ReplicaSet share it, so per-pod work runs once per template.
 */
// By the parts the key is made of, which the pods of one template share.
const shapeCache = new PartsCache<string>();
// Equal keys computed from unshared parts still share one copy.
const shapeKeys = new StringInterner();

export function podShapeKey(pod: KubeObject, mode: string): string {
  const metadata = rec(pod, 'metadata');
  const owners = at(metadata, 'ownerReferences');
  // The owner's uid also fixes the namespace; without one, the pod's own.
  const parts = str(owners, 0, 'uid')
    ? [owners, at(metadata, 'labels'), at(metadata, 'annotations')]
    : [metadata];
  const base = shapeCache.get(parts, () =>
    shapeKeys.intern(computeShapeKey(pod)),
  );
  return `${base}|${mode}`;
}

function computeShapeKey(pod: KubeObject): string {
  const owners = arr(pod, 'metadata', 'ownerReferences');
  const owner = str(owners[0], 'uid') ?? str(owners[0], 'name');
  if (!owner) return `pod:${namespaceOf(pod)}/${nameOf(pod)}`;
  const labels = Object.entries(labelsOf(pod))
    .filter(([k]) => !PER_POD_LABELS.has(k))
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  const annotations = Object.entries(annotationsOf(pod))
    .filter(
      ([k]) =>
        k.startsWith('traffic.sidecar.istio.io/') ||
        k.startsWith('sidecar.istio.io/') ||
        k.startsWith('ambient.istio.io/'),
    )
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
  // join, not a template literal: V8 keeps concatenations as trees of their
  // parts, join builds one flat string.
  return [namespaceOf(pod), owner, labels, annotations].join('|');
}

export function hasSidecar(pod: KubeObject): boolean {
  return proxyContainerOf(pod) !== undefined;
}

export function isTerminated(pod: KubeObject): boolean {
  const phase = str(pod, 'status', 'phase');
  return phase === 'Succeeded' || phase === 'Failed';
}

export function isHostNetwork(pod: KubeObject): boolean {
  return at(pod, 'spec', 'hostNetwork') === true;
}

/** Declared container ports, by number and name (application containers only). */
export function containerPortsOf(
  pod: KubeObject,
): { port: number; name?: string; container: string }[] {
  const out: { port: number; name?: string; container: string }[] = [];
  for (const { container } of containersOf(pod.spec)) {
    const containerName = str(container, 'name') ?? '';
    if (containerName === PROXY_CONTAINER) continue;
    for (const p of arr(container, 'ports')) {
      const port = asNumber(at(p, 'containerPort'));
      if (port === undefined) continue;
      const name = str(p, 'name');
      out.push({ port, ...(name ? { name } : {}), container: containerName });
    }
  }
  return out;
}

/** Resolves a port that may be a number or a container port name. */
export function resolvePodPort(
  pod: KubeObject,
  port: unknown,
): number | undefined {
  const n = asNumber(port);
  if (n !== undefined) return n;
  const name = asString(port);
  if (!name) return undefined;
  return containerPortsOf(pod).find(p => p.name === name)?.port;
}

/**
 * The annotation that makes inbound traffic on a port bypass the sidecar:
 * the port is in `excludeInboundPorts`, or an explicit `includeInboundPorts`
 * list leaves it out. `undefined` when the sidecar intercepts it.
 */
export function inboundBypassAnnotation(
  pod: KubeObject,
  port: number,
): string | undefined {
  const annotations = annotationsOf(pod);
  const excluded = parsePortList(annotations[EXCLUDE_INBOUND_PORTS_ANNOTATION]);
  if (excluded.ports.has(port)) return EXCLUDE_INBOUND_PORTS_ANNOTATION;
  const includeRaw = annotations[INCLUDE_INBOUND_PORTS_ANNOTATION];
  if (includeRaw === undefined) return undefined;
  const included = parsePortList(includeRaw);
  return included.all || included.ports.has(port)
    ? undefined
    : INCLUDE_INBOUND_PORTS_ANNOTATION;
}

/**
 * Whether a pod's sidecar captures its outbound connections to a destination
 * port, so that DestinationRule TLS (or auto mTLS) applies to them. Ports in
 * `excludeOutboundPorts` go straight out; an empty `includeOutboundIPRanges`
 * captures only `includeOutboundPorts`. Other IP ranges are not evaluated
 * (destinations are not resolved to IPs here): they count as captured.
 */
export function sidecarInterceptsOutbound(
  pod: KubeObject,
  port: number,
): boolean {
  if (!hasSidecar(pod)) return false;
  const annotations = annotationsOf(pod);
  if (
    parsePortList(annotations[EXCLUDE_OUTBOUND_PORTS_ANNOTATION]).ports.has(
      port,
    )
  ) {
    return false;
  }
  const ranges = annotations[INCLUDE_OUTBOUND_IP_RANGES_ANNOTATION];
  if (ranges !== undefined && ranges.trim() === '') {
    return parsePortList(
      annotations[INCLUDE_OUTBOUND_PORTS_ANNOTATION],
    ).ports.has(port);
  }
  return true;
}

export interface WorkloadKey {
  namespace: string;
  kind: string;
  apiVersion: string;
  name: string;
}

/**
 * The workload a pod belongs to: the top controller (Deployment via its
 * ReplicaSet, StatefulSet, DaemonSet, Job/CronJob), or the pod itself.
 * Without the ReplicaSet in the cache the Deployment name is recovered from
 * the ReplicaSet name minus the pod-template-hash suffix.
 */
export function workloadOf(view: ClusterView, pod: KubeObject): WorkloadKey {
  const namespace = namespaceOf(pod) ?? '';
  const owners = arr(pod, 'metadata', 'ownerReferences');
  const owner = owners.find(o => at(o, 'controller') === true) ?? owners[0];
  const ownerKind = str(owner, 'kind');
  const ownerName = str(owner, 'name');
  if (!owner || !ownerKind || !ownerName) {
    return {
      namespace,
      kind: 'Pod',
      apiVersion: 'v1',
      name: nameOf(pod) ?? '(unnamed)',
    };
  }
  if (ownerKind === 'ReplicaSet') {
    const uid = str(owner, 'uid');
    const rs =
      (uid ? view.byUid(uid) : undefined) ??
      view.get(Kinds.ReplicaSet, namespace, ownerName);
    const rsOwner = rs ? arr(rs, 'metadata', 'ownerReferences')[0] : undefined;
    if (rsOwner && str(rsOwner, 'kind') && str(rsOwner, 'name')) {
      return {
        namespace,
        kind: str(rsOwner, 'kind')!,
        apiVersion: str(rsOwner, 'apiVersion') ?? 'apps/v1',
        name: str(rsOwner, 'name')!,
      };
    }
    const hash = labelsOf(pod)['pod-template-hash'];
    if (!rs && hash && ownerName.endsWith(`-${hash}`)) {
      return {
        namespace,
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        name: ownerName.slice(0, -hash.length - 1),
      };
    }
  }
  if (ownerKind === 'Job') {
    const uid = str(owner, 'uid');
    const job = uid ? view.byUid(uid) : undefined;
    const cron = job ? arr(job, 'metadata', 'ownerReferences')[0] : undefined;
    if (cron && str(cron, 'kind') === 'CronJob' && str(cron, 'name')) {
      return {
        namespace,
        kind: 'CronJob',
        apiVersion: 'batch/v1',
        name: str(cron, 'name')!,
      };
    }
  }
  return {
    namespace,
    kind: ownerKind,
    apiVersion: str(owner, 'apiVersion') ?? 'apps/v1',
    name: ownerName,
  };
}

export function serviceAccountOf(pod: KubeObject): string {
  return (
    str(pod, 'spec', 'serviceAccountName') ??
    str(pod, 'spec', 'serviceAccount') ??
    'default'
  );
}

/** Probes of application containers with the port they target (after name resolution). */
export function httpProbesOf(pod: KubeObject): {
  container: string;
  probe: 'liveness' | 'readiness' | 'startup';
  type: 'httpGet' | 'grpc';
  port: number | undefined;
}[] {
  const out: ReturnType<typeof httpProbesOf> = [];
  for (const { container } of containersOf(pod.spec)) {
    const name = str(container, 'name') ?? '';
    if (name === PROXY_CONTAINER) continue;
    for (const probe of ['liveness', 'readiness', 'startup'] as const) {
      const p = rec(container, `${probe}Probe`);
      if (!p) continue;
      if (rec(p, 'httpGet')) {
        out.push({
          container: name,
          probe,
          type: 'httpGet',
          port: resolvePodPort(pod, at(p, 'httpGet', 'port')),
        });
      } else if (rec(p, 'grpc')) {
        out.push({
          container: name,
          probe,
          type: 'grpc',
          port: asNumber(at(p, 'grpc', 'port')),
        });
      }
    }
  }
  return out;
}
