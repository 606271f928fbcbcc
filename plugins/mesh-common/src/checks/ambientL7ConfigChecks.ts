import { Kinds } from '../kinds';
import { Finding } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import {
  arr,
  at,
  labelsOf,
  namespaceOf,
  nameOf,
  rec,
  str,
  strings,
  stringMap,
} from '../util/safe';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { policyUsesL7 } from '../analyzers/authorization';
import { namespaceMeshIntent } from '../analyzers/dataPlane';
import {
  DATAPLANE_MODE_LABEL,
  GATEWAY_NAME_LABEL,
  USE_WAYPOINT_LABEL,
} from '../analyzers/istioConventions';
import { isTerminated } from '../analyzers/pods';
import { isLabelSubset } from '../view/labelSelector';
import { describe, listNames } from './findingText';

/*
 * L7 configuration in ambient namespaces, as Kiali's ambient policy checker
 * decides it (business/checkers/ambient_policy_checker.go and
 * ambient/l7_classification.go). In ambient mode only a waypoint applies L7
 * settings (HTTP routing, HTTP load balancing, JWT, tracing, access logs);
 * ztunnel ignores them. A waypoint applies what is attached to it
 * (targetRefs) or written for a Service enrolled in it, in that Service's
 * namespace; selector-based configuration is for sidecars.
 *
 * "Enrolled" means labelled `istio.io/use-waypoint` (not `none`) on the
 * object, else on its namespace: the question is whether traffic is sent to
 * a waypoint at all. Whether the named waypoint exists is MW109's question.
 */

/** Kiali's IsEnrolledForWaypoint: the object's own label wins, `none` included. */
function enrolledForWaypoint(
  labels: Readonly<Record<string, string>>,
  namespaceLabels: Readonly<Record<string, string>>,
): boolean {
  const own = labels[USE_WAYPOINT_LABEL];
  if (own !== undefined) return own !== '' && own !== 'none';
  const inherited = namespaceLabels[USE_WAYPOINT_LABEL];
  return inherited !== undefined && inherited !== '' && inherited !== 'none';
}

function isAmbientNamespace(ctx: AnalysisContext, name: string): boolean {
  return namespaceMeshIntent(ctx.view.namespace(name)).ambient;
}

const namespaceLabels = (ctx: AnalysisContext, name: string) =>
  labelsOf(ctx.view.namespace(name));

/** Why a DestinationRule's traffic policy (or a subset's) needs an L7 proxy, if it does. */
function trafficPolicyL7Reason(policy: unknown): string | undefined {
  if (!policy) return undefined;
  const hash = at(policy, 'loadBalancer', 'consistentHash');
  if (str(hash, 'httpHeaderName') || rec(hash, 'httpCookie'))
    return 'consistent hashing on an HTTP header or cookie';
  if (rec(policy, 'connectionPool', 'http'))
    return 'HTTP connection pool settings';
  if (rec(policy, 'outlierDetection')) return 'outlier detection';
  return undefined;
}

/** Kiali's IsL7DestinationRule: the rule's own traffic policy, then its subsets'. */
export function destinationRuleL7Reason(dr: KubeObject): string | undefined {
  const own = trafficPolicyL7Reason(at(dr, 'spec', 'trafficPolicy'));
  if (own) return own;
  for (const subset of arr(dr, 'spec', 'subsets')) {
    const reason = trafficPolicyL7Reason(at(subset, 'trafficPolicy'));
    if (reason) return `${reason} in subset ${str(subset, 'name') ?? ''}`;
  }
  return undefined;
}

/**
 * Kiali's ClassifyVirtualService: HTTP or TLS routes for mesh traffic (no
 * gateways, or `mesh` among them) need a waypoint; routes bound only to
 * ingress or egress gateways are applied by those gateways.
 */
export function virtualServiceL7Reason(vs: KubeObject): string | undefined {
  const gateways = strings(vs, 'spec', 'gateways');
  const mesh = gateways.length === 0 || gateways.includes('mesh');
  if (!mesh) return undefined;
  if (arr(vs, 'spec', 'http').length) return 'HTTP routes for mesh traffic';
  if (arr(vs, 'spec', 'tls').length) return 'TLS routes for mesh traffic';
  return undefined;
}

/** Kiali's IsL7Telemetry: tracing, access logging or metric overrides. */
export function telemetryL7Reason(telemetry: KubeObject): string | undefined {
  if (arr(telemetry, 'spec', 'tracing').length) return 'tracing';
  if (arr(telemetry, 'spec', 'accessLogging').length) return 'access logging';
  if (
    arr(telemetry, 'spec', 'metrics').some(m => arr(m, 'overrides').length > 0)
  )
    return 'metric overrides';
  return undefined;
}

/**
 * The Service a DestinationRule or VirtualService host names, as Kiali's
 * GetHost reads it: a short name is in the object's namespace, `name.ns`
 * when ns is a namespace, `name.ns.svc[.<cluster domain>]`. Wildcards and
 * external names name no Service.
 */
function serviceOfHost(
  ctx: AnalysisContext,
  host: string,
  objectNamespace: string,
): { namespace: string; name: string } | undefined {
  const h = host.toLowerCase();
  if (!h || h.includes('*')) return undefined;
  const parts = h.split('.');
  if (parts.length === 1) return { namespace: objectNamespace, name: h };
  const [name, namespace, svc, ...domain] = parts;
  if (parts.length === 2)
    return ctx.view.namespace(namespace) ? { namespace, name } : undefined;
  if (svc !== 'svc') return undefined;
  const clusterDomain = ctx.config.clusterDomain.toLowerCase();
  if (domain.length && domain.join('.') !== clusterDomain) return undefined;
  return { namespace, name };
}

/**
 * MW115 (KIA0210, KIA1109), MW116 (KIA0211, KIA1113), MW117 (KIA0212,
 * KIA1114): an L7 DestinationRule or mesh VirtualService whose hosts are
 * Services in ambient namespaces. Per Service: MW116 when the Service is not
 * enrolled in a waypoint (nothing applies the L7 settings), MW117 when the
 * rule is not in the Service's namespace (a waypoint applies only the
 * Service's own namespace's rules). When no host is such a Service: MW115
 * when the rule's own namespace is ambient and not enrolled.
 */
export function ambientHostConfigFindings(
  ctx: AnalysisContext,
  obj: KubeObject,
): Finding[] {
  const kind: KindRef =
    str(obj, 'kind') === 'VirtualService'
      ? Kinds.VirtualService
      : Kinds.DestinationRule;
  const isVs = kind === Kinds.VirtualService;
  const reason = isVs
    ? virtualServiceL7Reason(obj)
    : destinationRuleL7Reason(obj);
  if (!reason) return [];
  if (!ctx.isSynced(Kinds.Namespace) || !ctx.isSynced(Kinds.Service)) return [];
  const objectNamespace = namespaceOf(obj) ?? '';
  const hosts = isVs
    ? strings(obj, 'spec', 'hosts')
    : [str(obj, 'spec', 'host') ?? ''];
  const ref = ctx.ref(obj, kind);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const host of hosts) {
    const target = serviceOfHost(ctx, host, objectNamespace);
    if (!target || !isAmbientNamespace(ctx, target.namespace)) continue;
    const service = ctx.view.get(Kinds.Service, target.namespace, target.name);
    if (!service) continue;
    const key = `${target.namespace}/${target.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const svcRef = ctx.ref(service, Kinds.Service);
    if (target.namespace !== objectNamespace)
      out.push(
        ctx.finding({
          code: 'MW117',
          objects: [ref, svcRef],
          message: `${describe(
            ref,
          )} sets L7 behaviour (${reason}) for ${describe(
            svcRef,
          )} in the ambient namespace ${
            target.namespace
          } from namespace ${objectNamespace}: a waypoint applies only the rules in its Service's own namespace, so this one takes no effect for ambient traffic.`,
          remediation: `Move the ${kind.kind} to namespace ${target.namespace}, next to the Service.`,
          detailKey: key,
        }),
      );
    if (
      !enrolledForWaypoint(
        labelsOf(service),
        namespaceLabels(ctx, target.namespace),
      )
    )
      out.push(
        ctx.finding({
          code: 'MW116',
          objects: [ref, svcRef],
          message: `${describe(
            ref,
          )} sets L7 behaviour (${reason}) for ${describe(
            svcRef,
          )}, which is in ambient mode but enrolled in no waypoint (no ${USE_WAYPOINT_LABEL} on the Service or its namespace, or set to none): ztunnel carries its traffic at L4 and nothing applies these settings.`,
          remediation: `Deploy a waypoint and enrol the Service (kubectl label service ${target.name} -n ${target.namespace} ${USE_WAYPOINT_LABEL}=<waypoint>, or the same label on the namespace), or drop the L7 settings.`,
          detailKey: key,
        }),
      );
  }
  if (
    !seen.size &&
    isAmbientNamespace(ctx, objectNamespace) &&
    !enrolledForWaypoint({}, namespaceLabels(ctx, objectNamespace))
  )
    out.push(
      ctx.finding({
        code: 'MW115',
        objects: [ref],
        message: `${describe(
          ref,
        )} sets L7 behaviour (${reason}) in the ambient namespace ${objectNamespace}, which is enrolled in no waypoint (no ${USE_WAYPOINT_LABEL}): ztunnel does not apply L7 settings, so they take no effect for its workloads' traffic.`,
        remediation: `Deploy a waypoint and enrol the namespace (istioctl waypoint apply -n ${objectNamespace} --enroll-namespace), or drop the L7 settings.`,
      }),
    );
  return out;
}

/** The pods (not waypoints or other gateways) a selector picks in a namespace. */
function selectedPods(
  ctx: AnalysisContext,
  namespace: string,
  selector: Readonly<Record<string, string>>,
): KubeObject[] {
  return ctx.view
    .list(Kinds.Pod, namespace)
    .filter(
      p =>
        !isTerminated(p) &&
        labelsOf(p)[GATEWAY_NAME_LABEL] === undefined &&
        isLabelSubset(selector, labelsOf(p)),
    );
}

const hasTargetRefs = (obj: KubeObject) =>
  arr(obj, 'spec', 'targetRefs').length > 0 || !!rec(obj, 'spec', 'targetRef');

/**
 * Kiali's selectorNeedsWarning: the workloads a selector-bound policy is for
 * are not all enrolled in a waypoint. No selector (or one matching no pod):
 * the namespace is not enrolled. Returns the unenrolled pods, or the
 * namespace's name, or nothing.
 */
function unenrolledTargets(
  ctx: AnalysisContext,
  obj: KubeObject,
): { pods: KubeObject[] } | { namespace: string } | undefined {
  const namespace = namespaceOf(obj) ?? '';
  const nsLabels = namespaceLabels(ctx, namespace);
  const selector = stringMap(at(obj, 'spec', 'selector', 'matchLabels'));
  const pods = Object.keys(selector).length
    ? selectedPods(ctx, namespace, selector)
    : [];
  if (!pods.length)
    return enrolledForWaypoint({}, nsLabels) ? undefined : { namespace };
  const unenrolled = pods.filter(
    p => !enrolledForWaypoint(labelsOf(p), nsLabels),
  );
  return unenrolled.length ? { pods: unenrolled } : undefined;
}

/**
 * The targetRefs form: the Services a policy attaches to that are not
 * enrolled in a waypoint (a Gateway target is the waypoint or gateway
 * itself, which applies it).
 */
function unenrolledServiceTargets(
  ctx: AnalysisContext,
  obj: KubeObject,
): KubeObject[] {
  const namespace = namespaceOf(obj) ?? '';
  const nsLabels = namespaceLabels(ctx, namespace);
  const targets = [
    ...arr(obj, 'spec', 'targetRefs'),
    ...(rec(obj, 'spec', 'targetRef') ? [at(obj, 'spec', 'targetRef')] : []),
  ];
  const out: KubeObject[] = [];
  for (const target of targets) {
    if (str(target, 'kind') !== 'Service' || str(target, 'group')) continue;
    const service = ctx.view.get(
      Kinds.Service,
      namespace,
      str(target, 'name') ?? '',
    );
    if (service && !enrolledForWaypoint(labelsOf(service), nsLabels))
      out.push(service);
  }
  return out;
}

type SelectorPolicyKind =
  | 'AuthorizationPolicy'
  | 'RequestAuthentication'
  | 'Telemetry';

const POLICY_KINDS: Record<SelectorPolicyKind, KindRef> = {
  AuthorizationPolicy: Kinds.AuthorizationPolicy,
  RequestAuthentication: Kinds.RequestAuthentication,
  Telemetry: Kinds.Telemetry,
};

/** Why a policy needs a waypoint in ambient mode, if it does (every RequestAuthentication does: JWT is L7). */
function policyL7Reason(
  kind: SelectorPolicyKind,
  obj: KubeObject,
): string | undefined {
  switch (kind) {
    case 'AuthorizationPolicy':
      return policyUsesL7(obj) ? 'L7 rules' : undefined;
    case 'RequestAuthentication':
      return 'JWT validation';
    case 'Telemetry':
      return telemetryL7Reason(obj);
    default:
      return undefined;
  }
}

/**
 * MW118 (KIA0110, KIA1115, KIA1117): an L7 AuthorizationPolicy,
 * RequestAuthentication or Telemetry in an ambient namespace bound by
 * selector (or namespace-wide) instead of targetRefs: waypoints ignore
 * selector-bound policies, and ztunnel does not apply L7 ones.
 * MW115 (KIA1110, KIA1112): a RequestAuthentication or L7 Telemetry whose
 * workloads or Services are enrolled in no waypoint. (For
 * AuthorizationPolicies that is MW107 and MW110.)
 */
export function ambientPolicyAttachmentFindings(
  ctx: AnalysisContext,
  obj: KubeObject,
): Finding[] {
  const kindName = str(obj, 'kind') as SelectorPolicyKind;
  const kind = POLICY_KINDS[kindName];
  if (!kind || !ctx.isSynced(Kinds.Namespace)) return [];
  const namespace = namespaceOf(obj) ?? '';
  if (!isAmbientNamespace(ctx, namespace)) return [];
  const reason = policyL7Reason(kindName, obj);
  if (!reason) return [];
  const ref = ctx.ref(obj, kind);
  const out: Finding[] = [];
  const targetRefs = hasTargetRefs(obj);
  if (!targetRefs)
    out.push(
      ctx.finding({
        code: 'MW118',
        objects: [ref],
        message: `${describe(
          ref,
        )} needs an L7 proxy (${reason}) in the ambient namespace ${namespace} but is bound by ${
          rec(obj, 'spec', 'selector') ? 'selector' : 'namespace'
        }, not targetRefs: waypoints apply only policies attached to them or to a Service through targetRefs, and ztunnel does not apply L7 policies, so it is not enforced.`,
        remediation: `Replace spec.selector with spec.targetRefs naming the Service (kind: Service) or the waypoint (kind: Gateway) that should apply it.`,
      }),
    );
  if (kindName === 'AuthorizationPolicy') return out;
  // The targetRefs form asks of the attached Services; Kiali asks of the
  // namespace there too, which reports correctly enrolled Services.
  if (targetRefs) {
    if (!ctx.isSynced(Kinds.Service)) return out;
    const services = unenrolledServiceTargets(ctx, obj);
    if (services.length)
      out.push(
        ctx.finding({
          code: 'MW115',
          objects: [ref, ...services.map(s => ctx.ref(s, Kinds.Service))],
          message: `${describe(ref)} (${reason}) is attached to ${listNames(
            services.map(s => `Service ${namespace}/${nameOf(s)}`),
          )}, enrolled in no waypoint (no ${USE_WAYPOINT_LABEL} on the Service or its namespace): only a waypoint applies it, so it takes no effect.`,
          remediation: `Enrol the Services in a waypoint (${USE_WAYPOINT_LABEL}=<waypoint> on each Service or on namespace ${namespace}).`,
        }),
      );
    return out;
  }
  if (!ctx.isSynced(Kinds.Pod)) return out;
  const unenrolled = unenrolledTargets(ctx, obj);
  if (unenrolled)
    out.push(
      ctx.finding({
        code: 'MW115',
        objects: [
          ref,
          ...('pods' in unenrolled
            ? unenrolled.pods.map(p => ctx.ref(p, Kinds.Pod))
            : []),
        ],
        message: `${describe(ref)} (${reason}) is for ${
          'pods' in unenrolled
            ? `pods enrolled in no waypoint (${listNames(
                unenrolled.pods.map(p => nameOf(p) ?? ''),
              )})`
            : `namespace ${namespace}, which is enrolled in no waypoint`
        } (no ${USE_WAYPOINT_LABEL}) in ambient mode (${DATAPLANE_MODE_LABEL}=ambient): ztunnel does not apply it, so it takes no effect.`,
        remediation: `Deploy a waypoint, enrol the namespace or Services (istioctl waypoint apply -n ${namespace} --enroll-namespace) and attach the ${kindName} to it with targetRefs.`,
      }),
    );
  return out;
}
