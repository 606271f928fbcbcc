import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KubeObject } from '../types/kube';
import {
  annotationsOf,
  arr,
  asNumber,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  rec,
  str,
  stringMap,
} from '../util/safe';
import { AnalysisContext, memoize } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { policyUsesL7 } from '../analyzers/authorization';
import { ambientCaptured, namespaceMeshIntent } from '../analyzers/dataPlane';
import {
  AMBIENT_REDIRECTION_ANNOTATION,
  DATAPLANE_MODE_LABEL,
  SIDECAR_INJECT_LABEL,
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_GATEWAY_CLASS,
  ZTUNNEL_NAME,
} from '../analyzers/istioConventions';
import { hasSidecar, isTerminated } from '../analyzers/pods';
import { isLabelSubset } from '../view/labelSelector';
import { describe, listNames } from './findingText';

/*
 * Ambient checks. istioctl has no ambient analyzer; Kiali has a few
 * (named where they agree). These are the questions a platform team asks
 * of an ambient mesh: is each waypoint used, does every waypoint reference
 * resolve, is every policy enforced by something, is ztunnel there.
 */

/** The waypoint an object's `istio.io/use-waypoint` label names; `none` and no label are undefined. */
function waypointReference(
  obj: KubeObject,
): { namespace: string; name: string } | undefined {
  const labels = labelsOf(obj);
  const name = labels[USE_WAYPOINT_LABEL];
  if (!name || name === 'none') return undefined;
  const namespace =
    labels[USE_WAYPOINT_NAMESPACE_LABEL] ||
    // a Namespace's own name is the namespace it enrols
    (str(obj, 'kind') === 'Namespace'
      ? nameOf(obj) ?? ''
      : namespaceOf(obj) ?? '');
  return { namespace, name };
}

const isWaypoint = (gateway: KubeObject | undefined) =>
  !!gateway &&
  str(gateway, 'spec', 'gatewayClassName') === WAYPOINT_GATEWAY_CLASS;

function waypointGateway(
  ctx: AnalysisContext,
  ref: { namespace: string; name: string },
): KubeObject | undefined {
  const gateway = ctx.view.get(Kinds.K8sGateway, ref.namespace, ref.name);
  return isWaypoint(gateway) ? gateway : undefined;
}

/** `namespace/name` of every waypoint some Namespace, Service, ServiceEntry or pod enrols in. */
function enrolledWaypoints(ctx: AnalysisContext): Set<string> {
  return memoize(
    ctx.view,
    'enrolledWaypoints',
    [Kinds.Namespace, Kinds.Service, Kinds.ServiceEntry, Kinds.Pod],
    () => {
      const out = new Set<string>();
      for (const kind of [
        Kinds.Namespace,
        Kinds.Service,
        Kinds.ServiceEntry,
        Kinds.Pod,
      ])
        for (const obj of ctx.view.list(kind)) {
          const ref = waypointReference(obj);
          if (ref) out.add(`${ref.namespace}/${ref.name}`);
        }
      return out;
    },
  );
}

/**
 * MW108: a waypoint (Gateway of class istio-waypoint) that no Namespace,
 * Service, ServiceEntry or pod enrols in with `istio.io/use-waypoint`:
 * it runs, but no traffic goes through it.
 */
export function unusedWaypointFindings(
  ctx: AnalysisContext,
  gateway: KubeObject,
): Finding[] {
  if (!isWaypoint(gateway)) return [];
  for (const kind of [
    Kinds.Namespace,
    Kinds.Service,
    Kinds.ServiceEntry,
    Kinds.Pod,
  ])
    if (!ctx.isSynced(kind)) return [];
  const key = `${namespaceOf(gateway)}/${nameOf(gateway)}`;
  if (enrolledWaypoints(ctx).has(key)) return [];
  const ref = ctx.ref(gateway, Kinds.K8sGateway);
  return [
    ctx.finding({
      code: 'MW108',
      objects: [ref],
      message: `Waypoint ${key} is not used: no Namespace, Service, ServiceEntry or pod names it in ${USE_WAYPOINT_LABEL}, so no traffic goes through it and L7 policies attached to it enforce nothing.`,
      remediation: `Enrol what it is for (kubectl label namespace ${namespaceOf(
        gateway,
      )} ${USE_WAYPOINT_LABEL}=${nameOf(
        gateway,
      )}, or the same label on a Service), or delete the waypoint.`,
    }),
  ];
}

/**
 * MW109: a Namespace or Service whose `istio.io/use-waypoint` names no
 * waypoint (no Gateway of class istio-waypoint by that name); Kiali's
 * KIA1313 says the same of workloads. Traffic meant for the waypoint is
 * not processed by any L7 proxy.
 */
export function missingWaypointFindings(
  ctx: AnalysisContext,
  obj: KubeObject,
): Finding[] {
  const reference = waypointReference(obj);
  if (!reference || !ctx.isSynced(Kinds.K8sGateway)) return [];
  if (waypointGateway(ctx, reference)) return [];
  const ref = ctx.ref(obj);
  const existing = ctx.view.get(
    Kinds.K8sGateway,
    reference.namespace,
    reference.name,
  );
  return [
    ctx.finding({
      code: 'MW109',
      objects: [ref],
      message: `${describe(ref)} uses waypoint ${reference.namespace}/${
        reference.name
      } (${USE_WAYPOINT_LABEL}), ${
        existing
          ? `but that Gateway is of class ${
              str(existing, 'spec', 'gatewayClassName') ?? '(none)'
            }, not ${WAYPOINT_GATEWAY_CLASS}`
          : 'which does not exist'
      }: its L7 policies and routes are not applied.`,
      remediation: `Deploy the waypoint (istioctl waypoint apply -n ${reference.namespace} --name ${reference.name}), or correct or remove the ${USE_WAYPOINT_LABEL} label.`,
    }),
  ];
}

/** The waypoint that serves a Service: its own label, else its namespace's. */
function serviceWaypoint(
  ctx: AnalysisContext,
  service: KubeObject,
): { namespace: string; name: string } | undefined {
  const own = labelsOf(service)[USE_WAYPOINT_LABEL];
  if (own === 'none') return undefined;
  if (own) return waypointReference(service);
  const ns = ctx.view.namespace(namespaceOf(service) ?? '');
  return ns ? waypointReference(ns) : undefined;
}

/**
 * MW110 / KIA0109: an AuthorizationPolicy with L7 rules attached to a
 * Service (targetRefs) that no waypoint serves. Only a waypoint enforces
 * policies attached to a Service, so the rules are not enforced at all.
 * (MW107 is the same question for selector-bound policies on workloads.)
 */
export function serviceWithoutWaypointFindings(
  ctx: AnalysisContext,
  policy: KubeObject,
): Finding[] {
  if (!policyUsesL7(policy)) return [];
  if (
    !ctx.isSynced(Kinds.Service) ||
    !ctx.isSynced(Kinds.Namespace) ||
    !ctx.isSynced(Kinds.K8sGateway)
  )
    return [];
  const ns = namespaceOf(policy) ?? '';
  const targets = [
    ...arr(policy, 'spec', 'targetRefs'),
    ...(rec(policy, 'spec', 'targetRef')
      ? [at(policy, 'spec', 'targetRef')]
      : []),
  ].filter(t => str(t, 'kind') === 'Service' && !str(t, 'group'));
  const ref = ctx.ref(policy, Kinds.AuthorizationPolicy);
  const out: Finding[] = [];
  for (const target of targets) {
    const name = str(target, 'name');
    if (!name) continue;
    const service = ctx.view.get(Kinds.Service, ns, name);
    // A missing Service is another question (the policy attaches to nothing).
    if (!service) continue;
    const waypoint = serviceWaypoint(ctx, service);
    if (waypoint && waypointGateway(ctx, waypoint)) continue;
    const svcRef = ctx.ref(service, Kinds.Service);
    out.push(
      ctx.finding({
        code: 'MW110',
        objects: [ref, svcRef],
        message: `${describe(ref)} attaches L7 rules to ${describe(svcRef)}, ${
          waypoint
            ? `whose waypoint ${waypoint.namespace}/${waypoint.name} does not exist`
            : 'which no waypoint serves'
        }: policies attached to a Service are enforced only by its waypoint, so these rules are not enforced.`,
        remediation: `Deploy a waypoint and enrol the Service (istioctl waypoint apply -n ${ns} --enroll-namespace, or label the Service ${USE_WAYPOINT_LABEL}=<waypoint>).`,
        detailKey: name,
      }),
    );
  }
  return out;
}

/** ztunnel DaemonSets (any namespace) and whether one has every scheduled pod ready. */
function ztunnelReadiness(ctx: AnalysisContext): {
  daemonSets: KubeObject[];
  ready: boolean;
} {
  return memoize(ctx.view, 'ztunnelReadiness', [Kinds.DaemonSet], () => {
    const daemonSets = ctx.view
      .list(Kinds.DaemonSet)
      .filter(ds => nameOf(ds) === ZTUNNEL_NAME);
    const ready = daemonSets.some(ds => {
      const desired = asNumber(at(ds, 'status', 'desiredNumberScheduled'));
      const readyPods = asNumber(at(ds, 'status', 'numberReady'));
      return (
        desired !== undefined &&
        readyPods !== undefined &&
        desired > 0 &&
        readyPods >= desired
      );
    });
    return { daemonSets, ready };
  });
}

/**
 * MW111: a namespace enrolled in ambient mode while no ztunnel DaemonSet
 * has all its pods ready: on nodes without a ready ztunnel, its pods' traffic
 * is not captured (or, once captured, not forwarded).
 */
export function ambientWithoutZtunnelFindings(
  ctx: AnalysisContext,
  namespace: KubeObject,
): Finding[] {
  if (!namespaceMeshIntent(namespace).ambient) return [];
  if (!ctx.isSynced(Kinds.DaemonSet)) return [];
  const { daemonSets, ready } = ztunnelReadiness(ctx);
  if (ready) return [];
  const ref = ctx.ref(namespace, Kinds.Namespace);
  const state = daemonSets.length
    ? daemonSets
        .map(
          ds =>
            `DaemonSet ${namespaceOf(ds)}/${nameOf(ds)} has ${
              asNumber(at(ds, 'status', 'numberReady')) ?? 0
            } of ${
              asNumber(at(ds, 'status', 'desiredNumberScheduled')) ?? 0
            } pods ready`,
        )
        .join('; ')
    : 'there is no ztunnel DaemonSet';
  return [
    ctx.finding({
      code: 'MW111',
      objects: [ref, ...daemonSets.map(ds => ctx.ref(ds, Kinds.DaemonSet))],
      message: `Namespace ${nameOf(
        namespace,
      )} is enrolled in ambient mode (${DATAPLANE_MODE_LABEL}=ambient), but ${state}: its pods' traffic is not carried by ztunnel on every node.`,
      remediation: `Install ztunnel (istioctl install --set profile=ambient, or the ztunnel Helm chart) and make its DaemonSet ready on every node (kubectl rollout status ds/${ZTUNNEL_NAME} -n ${ctx.config.rootNamespace}).`,
    }),
  ];
}

/** Whether a pod asks for a sidecar and for ambient at once, or has one and is captured by the other. */
function mixesDataPlanes(pod: KubeObject): string | undefined {
  const labels = labelsOf(pod);
  const sidecar = hasSidecar(pod) || labels[SIDECAR_INJECT_LABEL] === 'true';
  if (!sidecar) return undefined;
  if (annotationsOf(pod)[AMBIENT_REDIRECTION_ANNOTATION] === 'enabled')
    return 'has a sidecar and is redirected by ambient';
  if (labels[DATAPLANE_MODE_LABEL] === 'ambient')
    return `has a sidecar and the label ${DATAPLANE_MODE_LABEL}=ambient`;
  return undefined;
}

/**
 * MW112 (KIA1311, KIA1314, KIA1315): one workload with both data planes:
 * a pod asking for a sidecar and for ambient at once, or some pods with a
 * sidecar and others captured by ambient. (Sidecars in an ambient namespace
 * are MW106.)
 */
export function mixedDataPlaneFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const pods = a.group.pods.filter(p => !isTerminated(p));
  const workload = a.status.workload;
  const both = pods.flatMap(p => {
    const why = mixesDataPlanes(p);
    return why ? [{ pod: p, why }] : [];
  });
  const ns = ctx.view.namespace(a.status.namespace);
  const sidecars = pods.filter(hasSidecar);
  const ambient = pods.filter(p => ambientCaptured(p, ns));
  if (!both.length && !(sidecars.length && ambient.length)) return [];
  const detail = both.length
    ? `pod ${nameOf(both[0].pod)} ${both[0].why}${
        both.length > 1 ? ` (and ${both.length - 1} more)` : ''
      }`
    : `${sidecars.length} pod(s) run a sidecar (${listNames(
        sidecars.map(p => nameOf(p) ?? ''),
      )}) and ${ambient.length} are in ambient mode (${listNames(
        ambient.map(p => nameOf(p) ?? ''),
      )})`;
  return [
    ctx.finding({
      code: 'MW112',
      objects: [
        workload,
        ...(both.length ? both : sidecars.map(pod => ({ pod }))).map(x =>
          ctx.ref(x.pod, Kinds.Pod),
        ),
      ],
      message: `${describe(
        workload,
      )} mixes the sidecar and ambient data planes: ${detail}. The sidecar takes precedence, so ambient policies and waypoints do not apply as intended.`,
      remediation: `Choose one data plane for the workload: remove ${SIDECAR_INJECT_LABEL}=true and restart for ambient, or label the pods ${DATAPLANE_MODE_LABEL}=none to keep the sidecar.`,
    }),
  ];
}

/**
 * MW114 / KIA1312: pods labelled `istio.io/use-waypoint` that ambient does
 * not capture (a sidecar or no mesh at all): only ambient traffic goes
 * through a waypoint, so the label has no effect.
 */
export function waypointOutsideAmbientFindings(
  ctx: AnalysisContext,
  a: WorkloadAnalysis,
): Finding[] {
  const ns = ctx.view.namespace(a.status.namespace);
  const labelled = a.group.pods.filter(p => {
    const value = labelsOf(p)[USE_WAYPOINT_LABEL];
    return (
      !!value && value !== 'none' && !isTerminated(p) && !ambientCaptured(p, ns)
    );
  });
  if (!labelled.length) return [];
  const workload = a.status.workload;
  const waypoint = labelsOf(labelled[0])[USE_WAYPOINT_LABEL];
  return [
    ctx.finding({
      code: 'MW114',
      objects: [workload, ...labelled.map(p => ctx.ref(p, Kinds.Pod))],
      message: `${describe(
        workload,
      )} is labelled ${USE_WAYPOINT_LABEL}=${waypoint} but its pods are not in ambient mode (${listNames(
        labelled.map(
          p => `${nameOf(p)}: ${hasSidecar(p) ? 'sidecar' : 'no mesh'}`,
        ),
      )}): only ambient traffic goes through a waypoint, so the label has no effect.`,
      remediation: `Enrol the pods in ambient (${DATAPLANE_MODE_LABEL}=ambient on the namespace or pods, without a sidecar), or remove the ${USE_WAYPOINT_LABEL} label.`,
    }),
  ];
}

/**
 * MW113: a PeerAuthentication that sets DISABLE (for the workload or on
 * ports) where it applies to ambient pods: ztunnel always speaks mTLS to
 * mesh clients and only accepts plaintext besides (PERMISSIVE), so DISABLE
 * is not honoured.
 */
export function ambientPeerAuthenticationFindings(
  ctx: AnalysisContext,
  pa: KubeObject,
): Finding[] {
  if (!ctx.isSynced(Kinds.Pod) || !ctx.isSynced(Kinds.Namespace)) return [];
  const disabled: string[] = [];
  if (str(pa, 'spec', 'mtls', 'mode') === 'DISABLE') disabled.push('mode');
  for (const [port, setting] of Object.entries(
    rec(pa, 'spec', 'portLevelMtls') ?? {},
  ))
    if (str(setting, 'mode') === 'DISABLE') disabled.push(`port ${port}`);
  if (!disabled.length) return [];
  const paNs = namespaceOf(pa) ?? '';
  const root = paNs === ctx.config.rootNamespace;
  const selector = rec(pa, 'spec', 'selector')
    ? stringMap(at(pa, 'spec', 'selector', 'matchLabels'))
    : undefined;
  const pods = (
    root && !selector
      ? ctx.view.list(Kinds.Pod)
      : ctx.view.list(Kinds.Pod, paNs)
  ).filter(
    p =>
      !isTerminated(p) &&
      (!selector || isLabelSubset(selector, labelsOf(p))) &&
      ambientCaptured(p, ctx.view.namespace(namespaceOf(p) ?? '')),
  );
  if (!pods.length) return [];
  const ref = ctx.ref(pa, Kinds.PeerAuthentication);
  return [
    ctx.finding({
      code: 'MW113',
      objects: [ref, ...pods.map(p => ctx.ref(p, Kinds.Pod))],
      message: `${describe(ref)} sets DISABLE (${disabled.join(
        ', ',
      )}) for ambient pods (${listNames(
        pods.map(p => nameOf(p) ?? ''),
      )}): ztunnel does not support DISABLE and treats it as PERMISSIVE, so mesh clients still use mTLS.`,
      remediation: `Use PERMISSIVE for these ports or workloads (what ztunnel enforces), or take the pods out of ambient (${DATAPLANE_MODE_LABEL}=none) if they must receive plaintext only.`,
    }),
  ];
}
