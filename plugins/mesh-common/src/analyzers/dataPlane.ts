import { Kinds } from '../kinds';
import { KubeObject, ObjectRef } from '../types/kube';
import {
  DataPlaneMode,
  DataPlaneStatus,
  PodDataPlane,
  PodDataPlaneMode,
} from '../types/status';
import { PartsCache } from '../util/PartsCache';
import {
  annotationsOf,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  rec,
  str,
  uniq,
} from '../util/safe';
import { AnalysisContext } from './AnalysisContext';
import { resolveRevision } from './controlPlane';
import {
  AMBIENT_REDIRECTION_ANNOTATION,
  DATAPLANE_MODE_LABEL,
  DEFAULT_REVISION,
  ISTIO_INJECTION_LABEL,
  ISTIO_REV_LABEL,
  SIDECAR_INJECT_LABEL,
  SIDECAR_STATUS_ANNOTATION,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  versionFromImage,
  WAYPOINT_GATEWAY_CLASS,
} from './istioConventions';
import {
  hasSidecar,
  isHostNetwork,
  isZtunnelPod,
  podShapeKey,
  proxyContainerOf,
} from './pods';
import { presenceOf } from '../util/presenceOf';

export interface NamespaceMeshIntent {
  /** Sidecar injection enabled by the namespace labels. */
  sidecar: boolean;
  /** The revision injected (`default` for `istio-injection=enabled`). */
  revision?: string;
  ambient: boolean;
  /**
   * The namespace's data plane labels that contradict each other (IST0123),
   * as `key=value`; empty when they do not. `istio-injection` counts when
   * present; `istio.io/rev` and `istio.io/dataplane-mode` count while
   * `istio-injection` is absent or `enabled` (so `istio-injection=disabled`
   * with a revision label is no conflict).
   */
  conflictingLabels: string[];
  /** `istio-injection=disabled`: explicitly out of the mesh. */
  explicitlyDisabled: boolean;
  /**
   * Neither a non-empty `istio-injection` nor any `istio.io/rev` label, and
   * not ambient: the namespace does not say whether it is in the mesh
   * (IST0102, unless the injector injects unlabelled namespaces).
   */
  unlabelled: boolean;
}

/**
 * Reads a namespace's labels the way the injector webhooks' namespace
 * selectors do: `istio-injection=enabled` selects the default revision,
 * `istio.io/rev=<rev>` selects a revision only while `istio-injection` is
 * absent, and `istio-injection=disabled` wins over everything. Ambient
 * enrolment is `istio.io/dataplane-mode=ambient`.
 */
export function namespaceMeshIntent(
  ns: KubeObject | undefined,
): NamespaceMeshIntent {
  const labels = labelsOf(ns);
  const injection = labels[ISTIO_INJECTION_LABEL];
  const rev = labels[ISTIO_REV_LABEL];
  const sidecar = injection === 'enabled' || (injection === undefined && !!rev);
  const ambient = labels[DATAPLANE_MODE_LABEL] === 'ambient';
  // istioctl's IST0123: istio-injection as it is, the other two while
  // istio-injection is absent or `enabled`; more than one is a conflict.
  const dataPlaneLabels = [
    ...(injection !== undefined
      ? [`${ISTIO_INJECTION_LABEL}=${injection}`]
      : []),
    ...[ISTIO_REV_LABEL, DATAPLANE_MODE_LABEL].flatMap(key =>
      labels[key] !== undefined &&
      (injection === undefined || injection === 'enabled')
        ? [`${key}=${labels[key]}`]
        : [],
    ),
  ];
  return {
    sidecar,
    ...(sidecar
      ? { revision: injection === 'enabled' ? DEFAULT_REVISION : rev }
      : {}),
    ambient,
    conflictingLabels: dataPlaneLabels.length > 1 ? dataPlaneLabels : [],
    explicitlyDisabled: injection === 'disabled',
    unlabelled: !injection && rev === undefined && !ambient,
  };
}

/** Whether the injector would give this pod a sidecar (by namespace and pod labels). */
export function sidecarExpected(
  pod: KubeObject,
  ns: KubeObject | undefined,
): boolean {
  if (isHostNetwork(pod)) return false;
  const intent = namespaceMeshIntent(ns);
  const podLabels = labelsOf(pod);
  // The label wins over the (older) annotation of the same name.
  const optOut =
    (
      podLabels[SIDECAR_INJECT_LABEL] ??
      annotationsOf(pod)[SIDECAR_INJECT_LABEL] ??
      ''
    ).toLowerCase() === 'false';
  if (intent.sidecar) return !optOut;
  if (intent.explicitlyDisabled) return false;
  const nsLabels = labelsOf(ns);
  const nsUnlabelled =
    nsLabels[ISTIO_INJECTION_LABEL] === undefined &&
    nsLabels[ISTIO_REV_LABEL] === undefined;
  return (
    nsUnlabelled &&
    !optOut &&
    (podLabels[SIDECAR_INJECT_LABEL] === 'true' ||
      podLabels[ISTIO_REV_LABEL] !== undefined)
  );
}

/**
 * Whether ambient mode captures the pod: enrolled by its namespace or its own
 * `istio.io/dataplane-mode=ambient` label, not opted out with `none`, and not
 * a sidecar pod (a sidecar always takes precedence). istio-cni marks captured
 * pods with `ambient.istio.io/redirection: enabled`, which counts as proof.
 */
export function ambientCaptured(
  pod: KubeObject,
  ns: KubeObject | undefined,
): boolean {
  if (hasSidecar(pod) || isHostNetwork(pod) || isZtunnelPod(pod)) return false;
  if (annotationsOf(pod)[AMBIENT_REDIRECTION_ANNOTATION] === 'enabled')
    return true;
  const podMode = labelsOf(pod)[DATAPLANE_MODE_LABEL];
  if (podMode === 'none') return false;
  return podMode === 'ambient' || namespaceMeshIntent(ns).ambient;
}

/**
 * Whether a pod is part of the mesh as istioctl's analyzers count it: it has
 * a sidecar or its labels and namespace ask for one, or ambient captures it.
 */
export function podInMesh(
  pod: KubeObject,
  ns: KubeObject | undefined,
): boolean {
  return (
    hasSidecar(pod) || sidecarExpected(pod, ns) || ambientCaptured(pod, ns)
  );
}

export function podRevision(pod: KubeObject): string {
  const label = labelsOf(pod)[ISTIO_REV_LABEL];
  if (label) return label;
  const status = annotationsOf(pod)[SIDECAR_STATUS_ANNOTATION];
  if (status) {
    try {
      const parsed: unknown = JSON.parse(status);
      const revision = str(parsed, 'revision');
      if (revision) return revision;
    } catch {
      // a malformed status annotation means no revision information
    }
  }
  return DEFAULT_REVISION;
}

/**
 * The waypoint a pod's traffic goes through, from `istio.io/use-waypoint` on
 * the pod, then on the Services selecting it, then on the namespace (the most
 * specific wins; the value `none` opts out). Returns the referenced Gateway
 * and whether it exists as an `istio-waypoint` Gateway.
 */
export function waypointFor(
  ctx: AnalysisContext,
  pod: KubeObject,
  services: readonly KubeObject[],
):
  | {
      name: string;
      namespace: string;
      gateway?: KubeObject;
      exists: boolean | 'unknown';
    }
  | undefined {
  const podNs = namespaceOf(pod) ?? '';
  const candidates: KubeObject[] = [pod, ...services];
  const ns = ctx.view.namespace(podNs);
  if (ns) candidates.push(ns);
  for (const obj of candidates) {
    const labels = labelsOf(obj);
    const value = labels[USE_WAYPOINT_LABEL];
    if (!value) continue;
    if (value === 'none') return undefined;
    const namespace = labels[USE_WAYPOINT_NAMESPACE_LABEL] || podNs;
    const gateway = ctx.view.get(Kinds.K8sGateway, namespace, value);
    const isWaypoint =
      gateway !== undefined &&
      str(gateway, 'spec', 'gatewayClassName') === WAYPOINT_GATEWAY_CLASS;
    return {
      name: value,
      namespace,
      ...(gateway ? { gateway } : {}),
      exists: presenceOf(isWaypoint, ctx.isSynced(Kinds.K8sGateway)),
    };
  }
  return undefined;
}

// A sidecar's revision and proxy version, by the parts they are read from
// (the proxy container, labels and annotations: shared by the pods of one
// template), not per pod.
const sidecarCache = new PartsCache<{
  revision: string;
  proxyImage?: string;
  proxyVersion?: string;
}>();

export function podDataPlane(
  ctx: AnalysisContext,
  pod: KubeObject,
  services: readonly KubeObject[],
): PodDataPlane {
  const name = nameOf(pod) ?? '(unnamed)';
  const phase = str(pod, 'status', 'phase');
  const base = { pod: name, ...(phase ? { phase } : {}) };
  const proxy = proxyContainerOf(pod);
  if (proxy !== undefined) {
    const metadata = rec(pod, 'metadata');
    const sidecar = sidecarCache.get(
      [proxy, at(metadata, 'labels'), at(metadata, 'annotations')],
      () => {
        const image = str(proxy, 'image');
        const version = versionFromImage(image);
        return {
          revision: podRevision(pod),
          ...(image ? { proxyImage: image } : {}),
          ...(version ? { proxyVersion: version } : {}),
        };
      },
    );
    // By assignment: spreading into a literal is V8's slow path.
    const result: PodDataPlane = { pod: name, mode: 'sidecar' };
    if (phase) result.phase = phase;
    result.revision = sidecar.revision;
    if (sidecar.proxyImage) result.proxyImage = sidecar.proxyImage;
    if (sidecar.proxyVersion) result.proxyVersion = sidecar.proxyVersion;
    return result;
  }
  const ns = ctx.view.namespace(namespaceOf(pod) ?? '');
  if (ambientCaptured(pod, ns)) {
    const waypoint = waypointFor(ctx, pod, services);
    if (waypoint && waypoint.exists === true) {
      return {
        ...base,
        mode: 'ambient+waypoint',
        waypoint: `${waypoint.namespace}/${waypoint.name}`,
      };
    }
    return { ...base, mode: 'ambient' };
  }
  return { ...base, mode: 'none' };
}

/**
 * The data plane the labels ask for, sidecar injection taking precedence over
 * ambient enrolment; `unknown` when the namespace's labels could not be read.
 */
export function expectedDataPlane(
  intentKnown: boolean,
  sidecar: boolean,
  ambient: boolean,
): DataPlaneStatus['expected'] {
  if (!intentKnown) return 'unknown';
  if (sidecar) return 'sidecar';
  return ambient ? 'ambient' : 'none';
}

function aggregateMode(modes: PodDataPlaneMode[]): DataPlaneMode {
  const distinct = uniq(modes);
  if (distinct.length === 0) return 'unknown';
  if (distinct.length === 1) return distinct[0];
  return 'partial';
}

/** The data plane of a group of pods (one workload). */
export function workloadDataPlane(
  ctx: AnalysisContext,
  pods: readonly KubeObject[],
  servicesByPod: (pod: KubeObject) => readonly KubeObject[],
): DataPlaneStatus {
  const namespace = namespaceOf(pods[0]) ?? '';
  const ns = ctx.view.namespace(namespace);
  const intent = namespaceMeshIntent(ns);
  // Ambient enrolment of a pod without the istio-cni annotation is only
  // visible on its namespace, so an unreadable namespace leaves it unknown.
  const unknown =
    ctx.unknownFor(Kinds.Pod) ??
    (pods.some(
      p =>
        !hasSidecar(p) &&
        annotationsOf(p)[AMBIENT_REDIRECTION_ANNOTATION] !== 'enabled',
    )
      ? ctx.unknownFor(Kinds.Namespace)
      : undefined);
  const notes: string[] = [];
  const podStates = pods.map(p => podDataPlane(ctx, p, servicesByPod(p)));
  const revisions = uniq(
    podStates.flatMap(p => (p.revision ? [p.revision] : [])),
  );
  const proxyVersions = uniq(
    podStates.flatMap(p => (p.proxyVersion ? [p.proxyVersion] : [])),
  );
  const shapes = new Map<string, KubeObject>();
  pods.forEach((p, i) => shapes.set(podShapeKey(p, podStates[i].mode), p));
  const representatives = [...shapes.values()];
  const expectedSidecar = representatives.some(p => sidecarExpected(p, ns));
  const expectedAmbient = representatives.some(
    p => !hasSidecar(p) && ambientCaptured(p, ns),
  );
  const expected = expectedDataPlane(
    ns !== undefined || ctx.isSynced(Kinds.Namespace),
    expectedSidecar,
    expectedAmbient,
  );
  const wantedRevisions = uniq([
    ...revisions,
    ...(expectedSidecar && intent.revision ? [intent.revision] : []),
  ]);
  const controlPlanes = wantedRevisions.map(r => resolveRevision(ctx, r));
  for (const cp of controlPlanes) {
    if (cp.found === false) {
      notes.push(
        `No control plane (istiod) found for revision "${cp.revision}".`,
      );
    }
  }
  const waypoints: ObjectRef[] = [];
  for (const p of representatives) {
    if (!ambientCaptured(p, ns)) continue;
    const wp = waypointFor(ctx, p, servicesByPod(p));
    if (wp?.gateway && wp.exists === true) {
      const ref = ctx.ref(wp.gateway, Kinds.K8sGateway);
      if (
        !waypoints.some(
          w => w.namespace === ref.namespace && w.name === ref.name,
        )
      ) {
        waypoints.push(ref);
      }
    } else if (wp && wp.exists === false) {
      notes.push(
        `Pod ${nameOf(p)} is labelled to use waypoint ${wp.namespace}/${
          wp.name
        }, which does not exist as an istio-waypoint Gateway.`,
      );
    }
  }
  if (intent.ambient && podStates.some(p => p.mode === 'sidecar')) {
    notes.push(
      'The namespace is enrolled in ambient mode but some pods run sidecars; sidecars take precedence for those pods.',
    );
  }
  const mode: DataPlaneMode = unknown
    ? 'unknown'
    : aggregateMode(podStates.map(p => p.mode));
  return {
    mode,
    ...(mode === 'unknown'
      ? {
          unknown: unknown ?? {
            reason: 'missingData',
            message: 'The workload has no pods to inspect.',
          },
        }
      : {}),
    expected,
    pods: podStates,
    revisions,
    proxyVersions,
    controlPlanes,
    waypoints,
    notes: uniq(notes),
  };
}
