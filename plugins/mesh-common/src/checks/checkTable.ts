import { Kinds } from '../kinds';
import { Finding, FindingCode } from '../types/findings';
import { KindRef, KubeObject } from '../types/kube';
import { EckResourceStatus } from '../types/status';
import {
  arr,
  at,
  labelsOf,
  nameOf,
  namespaceOf,
  str,
  stringMap,
} from '../util/safe';
import { resolveShortName, serviceFqdn } from '../util/hosts';
import { isLabelSubset } from '../view/labelSelector';
import { GATEWAY_NAME_LABEL } from '../analyzers/istioConventions';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { WorkloadAnalysis } from '../analyzers/analyzeWorkload';
import { ECK_RESOURCE_KINDS, eckResourcesMatching } from '../analyzers/eck';
import { applicablePeerAuthentications } from '../analyzers/mtls';
import {
  gatewayApiRoutesTo,
  gatewaysBoundBy,
  policiesAbout,
  virtualServicesRoutingTo,
} from '../analyzers/attribution';
import { controlPlaneFindings, namespaceFindings } from './clusterChecks';
import { analyzeEckResource } from './eckChecks';
import {
  certificateFindings,
  gatewayApiGatewayFindings,
  istioGatewayFindings,
  virtualServiceFindings,
} from './gatewayChecks';
import { gatewayPortFindings } from './gatewayPortChecks';
import {
  destinationRuleCaFindings,
  destinationRuleHostFindings,
  destinationRuleSubsetFindings,
} from './destinationRuleChecks';
import { sidecarFindings } from './sidecarChecks';
import { telemetryFindings } from './telemetryChecks';
import { servicePortFindings } from './servicePortChecks';
import { exportToFindings } from './exportToChecks';
import { negativeConditionFindings } from './conditionChecks';
import { jwtClaimRouteFindings } from './jwtRouteChecks';
import { deploymentServiceFindings } from './deploymentServiceChecks';
import {
  routeParentFindings,
  routeServiceFindings,
} from './gatewayApiRouteChecks';
import {
  serviceEntryAddressFindings,
  serviceEntryProtocolFindings,
} from './serviceEntryChecks';
import {
  ambientPeerAuthenticationFindings,
  ambientWithoutZtunnelFindings,
  missingWaypointFindings,
  mixedDataPlaneFindings,
  serviceWithoutWaypointFindings,
  unusedWaypointFindings,
  waypointOutsideAmbientFindings,
} from './ambientChecks';
import {
  conflictingMeshHostFindings,
  ingressSubsetFindings,
  repeatedDestinationFindings,
  virtualServiceDestinationFindings,
  virtualServiceSubsetFindings,
} from './virtualServiceRouteChecks';
import {
  authorizationPolicyFindings,
  peerAuthenticationFindings,
  requestAuthenticationFindings,
} from './policyChecks';
import { workloadAuthorizationFindings } from './workloadAuthorizationChecks';
import { workloadMissingWaypointFindings } from './workloadWaypointChecks';
import {
  operationHostFindings,
  wrongMethodFindings,
} from './authorizationOperationChecks';
import {
  gatewayHostConflictFindings,
  serviceEntryMultiMatchFindings,
  sidecarEgressHostFindings,
} from './hostClaimChecks';
import { gatewayListenerFindings } from './gatewayListenerChecks';
import {
  appProtocolFindings,
  servicePortMappingFindings,
} from './servicePortMappingChecks';
import {
  destinationRuleMultiMatchFindings,
  subsetWithoutLabelsFindings,
} from './destinationRuleOverlapChecks';
import {
  destinationRuleWithoutPeerAuthenticationFindings,
  mtlsOverriddenFindings,
  peerAuthenticationWithoutDestinationRuleFindings,
} from './mtlsPairingChecks';
import {
  ambientHostConfigFindings,
  ambientPolicyAttachmentFindings,
} from './ambientL7ConfigChecks';
import { workloadMembershipFindings } from './workloadMembershipChecks';
import { workloadMtlsFindings } from './workloadMtlsChecks';
import { workloadNetworkPolicyFindings } from './workloadNetworkPolicyChecks';
import { gatewayPodSelectorFindings } from './gatewayPodSelectorChecks';
import { telemetryProviderFindings } from './telemetryProviderChecks';
import { virtualServiceRuleOrderFindings } from './virtualServiceRuleOrderChecks';
import {
  deprecatedSidecarFieldFindings,
  deprecatedVirtualServiceFieldFindings,
} from './deprecatedFieldChecks';
import {
  imageAutoDeploymentFindings,
  imageAutoPodFindings,
} from './imageAutoChecks';
import { defaultInjectionFindings } from './defaultInjectionChecks';
import { jwksFetchFindings } from './jwksFetchChecks';
import { injectionWebhookFindings } from './injectionWebhookChecks';
import { annotationFindings } from './annotationChecks';

/**
 * One entity's workloads in one cluster, as its status sees them: the scope
 * an object check's `concerning` picks the objects it shows findings of.
 */
export interface EntityScope {
  workloads: readonly WorkloadAnalysis[];
  /** The namespace the entity's annotations confine it to, if any. */
  namespace?: string;
  /** The entity's running pods. */
  pods: readonly KubeObject[];
  /** Whether an object's labels match the entity's label selector. */
  matches(labels: Readonly<Record<string, string>>): boolean;
}

interface CheckRowBase {
  /** Names the check in error reports. */
  name: string;
  /** Every code the check may emit; the analysis reports any other as a bug. */
  codes: readonly FindingCode[];
  /**
   * The kinds whose objects or sync state the check reads (for a workload
   * check, including what the workload's analysis reads): a change to any
   * other kind cannot change its findings. A test records the reads.
   */
  reads: readonly KindRef[];
}

/** Runs once per workload (pods grouped by their top controller), while pods are synced. */
export interface WorkloadCheckRow extends CheckRowBase {
  scope: 'workload';
  check(ctx: AnalysisContext, workload: WorkloadAnalysis): Finding[];
}

/** Runs once per object of a kind. */
export interface ObjectCheckRow extends CheckRowBase {
  scope: 'object';
  kind: KindRef;
  check(ctx: AnalysisContext, obj: KubeObject): Finding[];
  /** The objects of `kind` whose findings belong on an entity's page. */
  concerning(ctx: AnalysisContext, entity: EntityScope): Iterable<KubeObject>;
}

/** ECK resources: each one's status (with every check's verdict) and its findings. */
export interface EckResourceCheckRow extends CheckRowBase {
  scope: 'eckResource';
  kinds: readonly KindRef[];
  analyze(
    ctx: AnalysisContext,
    obj: KubeObject,
  ): { status: EckResourceStatus; findings: Finding[] } | undefined;
  concerning(ctx: AnalysisContext, entity: EntityScope): Iterable<KubeObject>;
}

/** Runs once per cluster, for findings about no single object (shown on the dashboard only). */
export interface ClusterCheckRow extends CheckRowBase {
  scope: 'cluster';
  check(ctx: AnalysisContext): Finding[];
}

export type CheckRow =
  | WorkloadCheckRow
  | ObjectCheckRow
  | EckResourceCheckRow
  | ClusterCheckRow;

/** What analysing one workload reads (its pods, owners, Services, policies, routes, credentials). */
const WORKLOAD_ANALYSIS_READS: readonly KindRef[] = [
  Kinds.Pod,
  Kinds.Namespace,
  Kinds.Service,
  Kinds.ReplicaSet,
  Kinds.Deployment,
  Kinds.StatefulSet,
  Kinds.DaemonSet,
  Kinds.MutatingWebhookConfiguration,
  Kinds.ConfigMap,
  Kinds.PeerAuthentication,
  Kinds.DestinationRule,
  Kinds.AuthorizationPolicy,
  Kinds.RequestAuthentication,
  Kinds.IstioGateway,
  Kinds.VirtualService,
  Kinds.K8sGateway,
  Kinds.HTTPRoute,
  Kinds.GRPCRoute,
  Kinds.Certificate,
  Kinds.Issuer,
  Kinds.ClusterIssuer,
  Kinds.Secret,
];

/** The object of a kind an exposure entry or policy names, if the view has it. */
function named(
  ctx: AnalysisContext,
  kind: KindRef,
  ref: { namespace?: string; name?: string },
): KubeObject[] {
  const obj = ref.name
    ? ctx.view.get(kind, ref.namespace, ref.name)
    : undefined;
  return obj ? [obj] : [];
}

function* exposureEntries(entity: EntityScope) {
  for (const workload of entity.workloads)
    yield* workload.status.exposure.entries;
}

function* podAuthorizations(entity: EntityScope) {
  for (const workload of entity.workloads) yield* workload.podAuthorizations;
}

/** The Istio Gateways that expose an entity's workloads, or that routes to its Services bind. */
function* istioGatewaysExposing(ctx: AnalysisContext, entity: EntityScope) {
  for (const entry of exposureEntries(entity))
    if (entry.via === 'istio')
      yield* named(ctx, Kinds.IstioGateway, entry.gateway);
  yield* gatewaysBoundBy(
    ctx,
    virtualServicesRoutingTo(ctx, servicesInFront(ctx, entity)),
  );
}

/** The Services in front of an entity's pods. */
function* servicesInFront(ctx: AnalysisContext, entity: EntityScope) {
  const seen = new Set<KubeObject>();
  for (const pod of entity.pods)
    for (const svc of ctx.view.servicesSelecting(pod))
      if (!seen.has(svc)) {
        seen.add(svc);
        yield svc;
      }
}

/**
 * The AuthorizationPolicies that apply to an entity's pods, and those about
 * its Services that apply to nothing (targetRefs, a selector matching no pod).
 */
function* podAuthorizationPolicies(ctx: AnalysisContext, entity: EntityScope) {
  for (const pod of podAuthorizations(entity))
    for (const { policy } of pod.policies) yield policy;
  yield* policiesAbout(
    ctx,
    Kinds.AuthorizationPolicy,
    servicesInFront(ctx, entity),
  );
}

/** The Gateway API Gateways that expose an entity's workloads. */
function* gatewayApiGatewaysExposing(
  ctx: AnalysisContext,
  entity: EntityScope,
) {
  for (const entry of exposureEntries(entity))
    if (entry.via !== 'istio')
      yield* named(ctx, Kinds.K8sGateway, entry.gateway);
}

/** The namespaces of an entity's workloads. */
function* namespacesOf(ctx: AnalysisContext, entity: EntityScope) {
  const names = new Set(entity.workloads.map(w => w.status.namespace));
  for (const name of names) {
    const namespace = ctx.view.namespace(name);
    if (namespace) yield namespace;
  }
}

/**
 * The VirtualServices that route an entity's exposure, and those whose
 * destinations are its Services even when they route nothing (a missing
 * Gateway, a host the Gateway does not serve): attribution, not effect.
 */
function* virtualServicesExposing(ctx: AnalysisContext, entity: EntityScope) {
  for (const entry of exposureEntries(entity))
    if (entry.via === 'istio')
      yield* named(ctx, Kinds.VirtualService, entry.route);
  yield* virtualServicesRoutingTo(ctx, servicesInFront(ctx, entity));
}

/** The Gateway API routes that expose an entity's workloads. */
function* routesExposing(
  ctx: AnalysisContext,
  entity: EntityScope,
  kind: KindRef,
) {
  for (const entry of exposureEntries(entity))
    if (entry.via !== 'istio' && entry.route?.kind === kind.kind)
      yield* named(ctx, kind, entry.route);
  yield* gatewayApiRoutesTo(ctx, kind, servicesInFront(ctx, entity));
}

/** The in-cluster FQDNs of the Services in front of an entity's pods. */
function serviceHostsOf(
  ctx: AnalysisContext,
  entity: EntityScope,
): Set<string> {
  const hosts = new Set<string>();
  for (const pod of entity.pods)
    for (const svc of ctx.view.servicesSelecting(pod))
      hosts.add(
        serviceFqdn(
          nameOf(svc) ?? '',
          namespaceOf(svc) ?? '',
          ctx.config.clusterDomain,
        ),
      );
  return hosts;
}

/** The DestinationRules for the Services in front of an entity's pods. */
function* destinationRulesFor(ctx: AnalysisContext, entity: EntityScope) {
  const hosts = serviceHostsOf(ctx, entity);
  if (!hosts.size) return;
  for (const dr of ctx.view.list(Kinds.DestinationRule)) {
    const host = str(dr, 'spec', 'host');
    if (
      host &&
      hosts.has(
        resolveShortName(host, namespaceOf(dr) ?? '', ctx.config.clusterDomain),
      )
    )
      yield dr;
  }
}

/** The Sidecars that select an entity's pods, and namespace-wide ones of its namespaces. */
function* sidecarsFor(ctx: AnalysisContext, entity: EntityScope) {
  const namespaces = new Set(entity.pods.map(p => namespaceOf(p) ?? ''));
  for (const ns of namespaces)
    for (const sidecar of ctx.view.list(Kinds.Sidecar, ns)) {
      const selector = stringMap(
        at(sidecar, 'spec', 'workloadSelector', 'labels'),
      );
      const podsHere = entity.pods.filter(p => namespaceOf(p) === ns);
      if (
        Object.keys(selector).length === 0 ||
        podsHere.some(p => isLabelSubset(selector, labelsOf(p)))
      )
        yield sidecar;
    }
}

/** The Deployments among an entity's workloads. */
function* deploymentsOf(ctx: AnalysisContext, entity: EntityScope) {
  for (const workload of entity.workloads) {
    const ref = workload.status.workload;
    if (ref.kind === 'Deployment') yield* named(ctx, Kinds.Deployment, ref);
  }
}

const ANNOTATION_CODES: FindingCode[] = ['MW130', 'MW131', 'MW132', 'MW133'];

/** The VirtualServices whose hosts name the Services in front of an entity's pods. */
function* virtualServicesFor(ctx: AnalysisContext, entity: EntityScope) {
  const hosts = serviceHostsOf(ctx, entity);
  if (!hosts.size) return;
  for (const vs of ctx.view.list(Kinds.VirtualService))
    if (
      arr(vs, 'spec', 'hosts').some(host =>
        hosts.has(
          resolveShortName(
            String(host),
            namespaceOf(vs) ?? '',
            ctx.config.clusterDomain,
          ),
        ),
      )
    )
      yield vs;
}

/** The objects of a selector-bound kind in an entity's namespaces that apply to its pods (no selector: all). */
function* selectingEntityPods(
  ctx: AnalysisContext,
  entity: EntityScope,
  kind: KindRef,
) {
  for (const ns of new Set(entity.pods.map(p => namespaceOf(p) ?? '')))
    for (const obj of ctx.view.list(kind, ns)) {
      const selector = stringMap(at(obj, 'spec', 'selector', 'matchLabels'));
      if (
        Object.keys(selector).length === 0 ||
        entity.pods.some(
          p => namespaceOf(p) === ns && isLabelSubset(selector, labelsOf(p)),
        )
      )
        yield obj;
    }
}

/** What reading a revision's mesh config reads (revision tags resolved). */
const MESH_CONFIG_READS: readonly KindRef[] = [
  Kinds.ConfigMap,
  Kinds.Pod,
  Kinds.MutatingWebhookConfiguration,
  Kinds.Deployment,
];

/** The PeerAuthentications without selector of an entity's namespaces and the root namespace. */
function* namespaceWidePeerAuthentications(
  ctx: AnalysisContext,
  entity: EntityScope,
) {
  const namespaces = new Set(entity.workloads.map(w => w.status.namespace));
  namespaces.add(ctx.config.rootNamespace);
  for (const ns of namespaces)
    for (const pa of ctx.view.list(Kinds.PeerAuthentication, ns))
      if (at(pa, 'spec', 'selector') === undefined) yield pa;
}

/** The Telemetries of an entity's namespaces that select its pods or have no selector. */
function* telemetriesFor(ctx: AnalysisContext, entity: EntityScope) {
  for (const ns of new Set(entity.pods.map(p => namespaceOf(p) ?? '')))
    for (const telemetry of ctx.view.list(Kinds.Telemetry, ns)) {
      const selector = stringMap(
        at(telemetry, 'spec', 'selector', 'matchLabels'),
      );
      if (
        Object.keys(selector).length === 0 ||
        entity.pods.some(
          p => namespaceOf(p) === ns && isLabelSubset(selector, labelsOf(p)),
        )
      )
        yield telemetry;
    }
}

/** The policies of a kind in an entity's namespaces whose selector matches one of its pods. */
function* policiesSelectingPods(
  ctx: AnalysisContext,
  entity: EntityScope,
  kind: KindRef,
) {
  for (const ns of new Set(entity.pods.map(p => namespaceOf(p) ?? '')))
    for (const policy of ctx.view.list(kind, ns)) {
      const selector = at(policy, 'spec', 'selector');
      if (selector === undefined || selector === null) continue;
      const matchLabels = stringMap(at(selector, 'matchLabels'));
      if (
        entity.pods.some(
          p => namespaceOf(p) === ns && isLabelSubset(matchLabels, labelsOf(p)),
        )
      )
        yield policy;
    }
}

/**
 * Every check, once. The fleet analysis runs each row over the whole
 * cluster; an entity's status runs the workload rows over its workloads and
 * the object rows over the objects `concerning` it. A new check is a row
 * here, its file, its catalogue entry and its fixtures.
 */
export const CHECKS: readonly CheckRow[] = [
  {
    scope: 'workload',
    name: 'workload membership',
    codes: ['MW102', 'MW105', 'MW106', 'MW107'],
    reads: WORKLOAD_ANALYSIS_READS,
    check: workloadMembershipFindings,
  },
  {
    scope: 'workload',
    name: 'workload mTLS',
    codes: ['MW201', 'MW202', 'MW203'],
    reads: WORKLOAD_ANALYSIS_READS,
    check: workloadMtlsFindings,
  },
  {
    scope: 'workload',
    name: 'workload authorization',
    codes: ['MW401', 'MW406'],
    reads: WORKLOAD_ANALYSIS_READS,
    check: workloadAuthorizationFindings,
  },
  {
    scope: 'workload',
    name: 'workload network policy',
    codes: ['MW701'],
    reads: [...WORKLOAD_ANALYSIS_READS, Kinds.NetworkPolicy],
    check: workloadNetworkPolicyFindings,
  },
  {
    scope: 'workload',
    name: 'workload data planes',
    codes: ['MW112', 'MW114'],
    reads: WORKLOAD_ANALYSIS_READS,
    check: (ctx, workload) => [
      ...mixedDataPlaneFindings(ctx, workload),
      ...waypointOutsideAmbientFindings(ctx, workload),
    ],
  },
  {
    scope: 'object',
    name: 'namespace ambient enrolment',
    kind: Kinds.Namespace,
    codes: ['MW109', 'MW111'],
    reads: [Kinds.Namespace, Kinds.K8sGateway, Kinds.DaemonSet],
    check: (ctx, ns) => [
      ...missingWaypointFindings(ctx, ns),
      ...ambientWithoutZtunnelFindings(ctx, ns),
    ],
    concerning: namespacesOf,
  },
  {
    scope: 'object',
    name: 'Service waypoint',
    kind: Kinds.Service,
    codes: ['MW109'],
    reads: [Kinds.Service, Kinds.K8sGateway],
    check: missingWaypointFindings,
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'waypoint use',
    kind: Kinds.K8sGateway,
    codes: ['MW108'],
    reads: [
      Kinds.K8sGateway,
      Kinds.Namespace,
      Kinds.Service,
      Kinds.ServiceEntry,
      Kinds.Pod,
    ],
    check: unusedWaypointFindings,
    *concerning(ctx, entity) {
      for (const workload of entity.workloads) {
        const pod = workload.group.pods[0];
        if (!pod) continue;
        const gateway = ctx.view.get(
          Kinds.K8sGateway,
          namespaceOf(pod),
          labelsOf(pod)[GATEWAY_NAME_LABEL] ?? '',
        );
        if (gateway) yield gateway;
      }
    },
  },
  {
    scope: 'object',
    name: 'namespace',
    kind: Kinds.Namespace,
    codes: ['MW101', 'MW103', 'MW104', 'MW702'],
    reads: [
      Kinds.Namespace,
      Kinds.Pod,
      Kinds.NetworkPolicy,
      Kinds.MutatingWebhookConfiguration,
      Kinds.Deployment,
      Kinds.ConfigMap,
    ],
    check: namespaceFindings,
    concerning: namespacesOf,
  },
  {
    scope: 'object',
    name: 'Istio Gateway',
    kind: Kinds.IstioGateway,
    codes: ['MW301', 'MW304', 'MW307', 'MW308', 'MW309'],
    reads: [
      Kinds.IstioGateway,
      Kinds.Pod,
      Kinds.Certificate,
      Kinds.Secret,
      Kinds.Issuer,
      Kinds.ClusterIssuer,
    ],
    check: istioGatewayFindings,
    concerning: istioGatewaysExposing,
  },
  {
    scope: 'object',
    name: 'Istio Gateway ports',
    kind: Kinds.IstioGateway,
    codes: ['MW310'],
    reads: [Kinds.IstioGateway, Kinds.Pod, Kinds.Service],
    check: gatewayPortFindings,
    concerning: istioGatewaysExposing,
  },
  {
    scope: 'object',
    name: 'Gateway API Gateway',
    kind: Kinds.K8sGateway,
    codes: ['MW301'],
    reads: [
      Kinds.K8sGateway,
      Kinds.Certificate,
      Kinds.Secret,
      Kinds.Issuer,
      Kinds.ClusterIssuer,
    ],
    check: gatewayApiGatewayFindings,
    *concerning(ctx, entity) {
      for (const entry of exposureEntries(entity))
        if (entry.via !== 'istio')
          yield* named(ctx, Kinds.K8sGateway, entry.gateway);
    },
  },
  {
    scope: 'object',
    name: 'VirtualService',
    kind: Kinds.VirtualService,
    codes: ['MW305', 'MW306', 'MW313'],
    reads: [Kinds.VirtualService, Kinds.IstioGateway, Kinds.K8sGateway],
    check: virtualServiceFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'VirtualService destinations',
    kind: Kinds.VirtualService,
    codes: ['MW801', 'MW802', 'MW803'],
    reads: [Kinds.VirtualService, Kinds.Service, Kinds.ServiceEntry],
    check: virtualServiceDestinationFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'VirtualService subsets',
    kind: Kinds.VirtualService,
    codes: ['MW804'],
    reads: [Kinds.VirtualService, Kinds.DestinationRule],
    check: virtualServiceSubsetFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'VirtualService hosts and subsets',
    kind: Kinds.VirtualService,
    codes: ['MW805', 'MW822', 'MW826'],
    reads: [Kinds.VirtualService],
    check: (ctx, vs) => [
      ...conflictingMeshHostFindings(ctx, vs),
      ...ingressSubsetFindings(ctx, vs),
      ...repeatedDestinationFindings(ctx, vs),
    ],
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'DestinationRule host',
    kind: Kinds.DestinationRule,
    codes: ['MW806'],
    reads: [Kinds.DestinationRule, Kinds.Service, Kinds.ServiceEntry],
    check: destinationRuleHostFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'DestinationRule subsets',
    kind: Kinds.DestinationRule,
    codes: ['MW807'],
    reads: [
      Kinds.DestinationRule,
      Kinds.Pod,
      Kinds.Service,
      Kinds.ServiceEntry,
    ],
    check: destinationRuleSubsetFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'DestinationRule CA certificates',
    kind: Kinds.DestinationRule,
    codes: ['MW808'],
    reads: [Kinds.DestinationRule],
    check: destinationRuleCaFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'Sidecar',
    kind: Kinds.Sidecar,
    codes: ['MW809', 'MW810', 'MW811', 'MW812', 'MW820'],
    reads: [Kinds.Sidecar, Kinds.Pod, Kinds.Namespace],
    check: sidecarFindings,
    concerning: sidecarsFor,
  },
  {
    scope: 'object',
    name: 'HTTPRoute references',
    kind: Kinds.HTTPRoute,
    codes: ['MW311', 'MW312'],
    reads: [Kinds.HTTPRoute, Kinds.K8sGateway, Kinds.Namespace, Kinds.Service],
    check: (ctx, route) => [
      ...routeParentFindings(ctx, route),
      ...routeServiceFindings(ctx, route),
    ],
    concerning: (ctx, entity) => routesExposing(ctx, entity, Kinds.HTTPRoute),
  },
  {
    scope: 'object',
    name: 'GRPCRoute references',
    kind: Kinds.GRPCRoute,
    codes: ['MW311', 'MW312'],
    reads: [Kinds.GRPCRoute, Kinds.K8sGateway, Kinds.Namespace, Kinds.Service],
    check: (ctx, route) => [
      ...routeParentFindings(ctx, route),
      ...routeServiceFindings(ctx, route),
    ],
    concerning: (ctx, entity) => routesExposing(ctx, entity, Kinds.GRPCRoute),
  },
  {
    scope: 'object',
    name: 'VirtualService JWT claim routes',
    kind: Kinds.VirtualService,
    codes: ['MW314'],
    reads: [
      Kinds.VirtualService,
      Kinds.IstioGateway,
      Kinds.Pod,
      Kinds.RequestAuthentication,
    ],
    check: jwtClaimRouteFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'Service status conditions',
    kind: Kinds.Service,
    codes: ['MW825'],
    reads: [Kinds.Service],
    check: negativeConditionFindings(Kinds.Service),
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'ServiceEntry status conditions',
    kind: Kinds.ServiceEntry,
    codes: ['MW825'],
    reads: [Kinds.ServiceEntry],
    check: negativeConditionFindings(Kinds.ServiceEntry),
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'WorkloadEntry status conditions',
    kind: Kinds.WorkloadEntry,
    codes: ['MW825'],
    reads: [Kinds.WorkloadEntry],
    check: negativeConditionFindings(Kinds.WorkloadEntry),
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy status conditions',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW825'],
    reads: [Kinds.AuthorizationPolicy],
    check: negativeConditionFindings(Kinds.AuthorizationPolicy),
    concerning: podAuthorizationPolicies,
  },
  {
    scope: 'object',
    name: 'Gateway API Gateway status conditions',
    kind: Kinds.K8sGateway,
    codes: ['MW825'],
    reads: [Kinds.K8sGateway],
    check: negativeConditionFindings(Kinds.K8sGateway),
    concerning: gatewayApiGatewaysExposing,
  },
  {
    scope: 'object',
    name: 'HTTPRoute status conditions',
    kind: Kinds.HTTPRoute,
    codes: ['MW825'],
    reads: [Kinds.HTTPRoute],
    check: negativeConditionFindings(Kinds.HTTPRoute),
    concerning: (ctx, entity) => routesExposing(ctx, entity, Kinds.HTTPRoute),
  },
  {
    scope: 'object',
    name: 'GRPCRoute status conditions',
    kind: Kinds.GRPCRoute,
    codes: ['MW825'],
    reads: [Kinds.GRPCRoute],
    check: negativeConditionFindings(Kinds.GRPCRoute),
    concerning: (ctx, entity) => routesExposing(ctx, entity, Kinds.GRPCRoute),
  },
  {
    scope: 'object',
    name: 'VirtualService exportTo',
    kind: Kinds.VirtualService,
    codes: ['MW821'],
    reads: [Kinds.VirtualService, Kinds.Namespace],
    check: exportToFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'DestinationRule exportTo',
    kind: Kinds.DestinationRule,
    codes: ['MW821'],
    reads: [Kinds.DestinationRule, Kinds.Namespace],
    check: exportToFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'ServiceEntry exportTo',
    kind: Kinds.ServiceEntry,
    codes: ['MW821'],
    reads: [Kinds.ServiceEntry, Kinds.Namespace],
    check: exportToFindings,
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'Deployment Services',
    kind: Kinds.Deployment,
    codes: ['MW823', 'MW824'],
    reads: [Kinds.Deployment, Kinds.Service, Kinds.Namespace],
    check: deploymentServiceFindings,
    *concerning(ctx, entity) {
      for (const workload of entity.workloads) {
        const ref = workload.status.workload;
        if (ref.kind === 'Deployment') yield* named(ctx, Kinds.Deployment, ref);
      }
    },
  },
  {
    scope: 'object',
    name: 'Service ports',
    kind: Kinds.Service,
    codes: ['MW818', 'MW819'],
    reads: [Kinds.Service],
    check: servicePortFindings,
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'Telemetry',
    kind: Kinds.Telemetry,
    codes: ['MW813', 'MW814', 'MW815'],
    reads: [Kinds.Telemetry, Kinds.Pod],
    check: telemetryFindings,
    *concerning(ctx, entity) {
      for (const ns of new Set(entity.pods.map(p => namespaceOf(p) ?? '')))
        for (const telemetry of ctx.view.list(Kinds.Telemetry, ns)) {
          const selector = stringMap(
            at(telemetry, 'spec', 'selector', 'matchLabels'),
          );
          if (
            Object.keys(selector).length === 0 ||
            entity.pods.some(
              p =>
                namespaceOf(p) === ns && isLabelSubset(selector, labelsOf(p)),
            )
          )
            yield telemetry;
        }
    },
  },
  {
    scope: 'object',
    name: 'ServiceEntry',
    kind: Kinds.ServiceEntry,
    codes: ['MW816', 'MW817'],
    reads: [
      Kinds.ServiceEntry,
      Kinds.ConfigMap,
      Kinds.MutatingWebhookConfiguration,
    ],
    check: (ctx, se) => [
      ...serviceEntryAddressFindings(ctx, se),
      ...serviceEntryProtocolFindings(ctx, se),
    ],
    // ServiceEntries describe what workloads call, not the workloads: they
    // are shown on the dashboard only.
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'Certificate',
    kind: Kinds.Certificate,
    codes: ['MW302', 'MW303'],
    reads: [Kinds.Certificate, Kinds.Issuer, Kinds.ClusterIssuer],
    check: certificateFindings,
    *concerning(ctx, entity) {
      for (const entry of exposureEntries(entity))
        for (const credential of entry.credentials)
          if (credential.certificate)
            yield* named(ctx, Kinds.Certificate, credential.certificate.ref);
    },
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW402', 'MW403', 'MW404', 'MW405', 'MW409'],
    reads: [
      Kinds.AuthorizationPolicy,
      Kinds.Pod,
      Kinds.Service,
      Kinds.Namespace,
      Kinds.ServiceAccount,
      Kinds.RequestAuthentication,
      // the mesh config's trust domains (MW409), found through revision tags
      Kinds.ConfigMap,
      Kinds.Deployment,
      Kinds.MutatingWebhookConfiguration,
    ],
    check: authorizationPolicyFindings,
    concerning: podAuthorizationPolicies,
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy waypoint',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW110'],
    reads: [
      Kinds.AuthorizationPolicy,
      Kinds.Service,
      Kinds.Namespace,
      Kinds.K8sGateway,
    ],
    check: serviceWithoutWaypointFindings,
    *concerning(ctx, entity) {
      const names = new Set<string>();
      for (const pod of entity.pods)
        for (const svc of ctx.view.servicesSelecting(pod))
          names.add(`${namespaceOf(svc)}/${nameOf(svc)}`);
      for (const ns of new Set(entity.pods.map(p => namespaceOf(p) ?? '')))
        for (const policy of ctx.view.list(Kinds.AuthorizationPolicy, ns)) {
          const targets = [
            ...arr(policy, 'spec', 'targetRefs'),
            at(policy, 'spec', 'targetRef'),
          ];
          if (
            targets.some(
              t =>
                str(t, 'kind') === 'Service' &&
                names.has(`${ns}/${str(t, 'name')}`),
            )
          )
            yield policy;
        }
    },
  },
  {
    scope: 'workload',
    name: 'workload waypoint',
    codes: ['MW109'],
    reads: WORKLOAD_ANALYSIS_READS,
    check: workloadMissingWaypointFindings,
  },
  {
    scope: 'object',
    name: 'ServiceEntry waypoint',
    kind: Kinds.ServiceEntry,
    codes: ['MW109'],
    reads: [Kinds.ServiceEntry, Kinds.K8sGateway],
    check: missingWaypointFindings,
    // ServiceEntries describe what workloads call: shown on the dashboard only.
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy operations',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW407', 'MW408'],
    reads: [
      Kinds.AuthorizationPolicy,
      Kinds.Namespace,
      Kinds.Service,
      Kinds.ServiceEntry,
      Kinds.VirtualService,
    ],
    check: (ctx, policy) => [
      ...wrongMethodFindings(ctx, policy),
      ...operationHostFindings(ctx, policy),
    ],
    concerning: podAuthorizationPolicies,
  },
  {
    scope: 'object',
    name: 'VirtualService hosts on one Gateway',
    kind: Kinds.VirtualService,
    codes: ['MW831'],
    reads: [Kinds.VirtualService, Kinds.Namespace],
    check: gatewayHostConflictFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'ServiceEntry hosts and ports',
    kind: Kinds.ServiceEntry,
    codes: ['MW832'],
    reads: [Kinds.ServiceEntry],
    check: serviceEntryMultiMatchFindings,
    // ServiceEntries describe what workloads call: shown on the dashboard only.
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'Sidecar egress hosts',
    kind: Kinds.Sidecar,
    codes: ['MW833'],
    reads: [Kinds.Sidecar, Kinds.Service, Kinds.ServiceEntry],
    check: sidecarEgressHostFindings,
    concerning: sidecarsFor,
  },
  {
    scope: 'object',
    name: 'Gateway API Gateway listeners',
    kind: Kinds.K8sGateway,
    codes: ['MW315', 'MW316', 'MW317'],
    reads: [Kinds.K8sGateway],
    check: gatewayListenerFindings,
    concerning: gatewayApiGatewaysExposing,
  },
  {
    scope: 'object',
    name: 'Service appProtocol',
    kind: Kinds.Service,
    codes: ['MW829'],
    reads: [Kinds.Service, Kinds.Pod, Kinds.Namespace],
    check: appProtocolFindings,
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'Service port mapping',
    kind: Kinds.Service,
    codes: ['MW830'],
    reads: [Kinds.Service, Kinds.Deployment],
    check: servicePortMappingFindings,
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'DestinationRule overlaps',
    kind: Kinds.DestinationRule,
    codes: ['MW827'],
    reads: [Kinds.DestinationRule, Kinds.Namespace],
    check: destinationRuleMultiMatchFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'DestinationRule subsets without labels',
    kind: Kinds.DestinationRule,
    codes: ['MW828'],
    reads: [Kinds.DestinationRule, Kinds.Service, Kinds.ServiceEntry],
    check: subsetWithoutLabelsFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'DestinationRule mTLS pairing',
    kind: Kinds.DestinationRule,
    codes: ['MW205', 'MW208'],
    reads: [
      Kinds.DestinationRule,
      Kinds.PeerAuthentication,
      ...MESH_CONFIG_READS,
    ],
    check: (ctx, dr) => [
      ...destinationRuleWithoutPeerAuthenticationFindings(ctx, dr),
      ...mtlsOverriddenFindings(ctx, dr),
    ],
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'PeerAuthentication mTLS pairing',
    kind: Kinds.PeerAuthentication,
    codes: ['MW206', 'MW207'],
    reads: [
      Kinds.PeerAuthentication,
      Kinds.DestinationRule,
      ...MESH_CONFIG_READS,
    ],
    check: peerAuthenticationWithoutDestinationRuleFindings,
    concerning: namespaceWidePeerAuthentications,
  },
  {
    scope: 'object',
    name: 'DestinationRule ambient L7',
    kind: Kinds.DestinationRule,
    codes: ['MW115', 'MW116', 'MW117'],
    reads: [Kinds.DestinationRule, Kinds.Namespace, Kinds.Service],
    check: ambientHostConfigFindings,
    concerning: destinationRulesFor,
  },
  {
    scope: 'object',
    name: 'VirtualService ambient L7',
    kind: Kinds.VirtualService,
    codes: ['MW115', 'MW116', 'MW117'],
    reads: [Kinds.VirtualService, Kinds.Namespace, Kinds.Service],
    check: ambientHostConfigFindings,
    concerning: virtualServicesFor,
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy ambient attachment',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW118'],
    reads: [Kinds.AuthorizationPolicy, Kinds.Namespace],
    check: ambientPolicyAttachmentFindings,
    concerning: (ctx, entity) =>
      selectingEntityPods(ctx, entity, Kinds.AuthorizationPolicy),
  },
  {
    scope: 'object',
    name: 'RequestAuthentication ambient attachment',
    kind: Kinds.RequestAuthentication,
    codes: ['MW115', 'MW118'],
    reads: [
      Kinds.RequestAuthentication,
      Kinds.Namespace,
      Kinds.Service,
      Kinds.Pod,
    ],
    check: ambientPolicyAttachmentFindings,
    concerning: (ctx, entity) =>
      selectingEntityPods(ctx, entity, Kinds.RequestAuthentication),
  },
  {
    scope: 'object',
    name: 'Telemetry ambient attachment',
    kind: Kinds.Telemetry,
    codes: ['MW115', 'MW118'],
    reads: [Kinds.Telemetry, Kinds.Namespace, Kinds.Service, Kinds.Pod],
    check: ambientPolicyAttachmentFindings,
    concerning: (ctx, entity) =>
      selectingEntityPods(ctx, entity, Kinds.Telemetry),
  },
  {
    scope: 'object',
    name: 'RequestAuthentication',
    kind: Kinds.RequestAuthentication,
    codes: ['MW402'],
    reads: [Kinds.RequestAuthentication, Kinds.Pod],
    check: requestAuthenticationFindings,
    *concerning(ctx, entity) {
      for (const pod of podAuthorizations(entity))
        for (const { ra } of pod.requestAuthentications) yield ra;
      yield* policiesAbout(
        ctx,
        Kinds.RequestAuthentication,
        servicesInFront(ctx, entity),
      );
    },
  },
  {
    scope: 'object',
    name: 'PeerAuthentication',
    kind: Kinds.PeerAuthentication,
    codes: ['MW113', 'MW204', 'MW402'],
    reads: [Kinds.PeerAuthentication, Kinds.Pod, Kinds.Namespace],
    check: (ctx, pa) => [
      ...peerAuthenticationFindings(ctx, pa),
      ...ambientPeerAuthenticationFindings(ctx, pa),
    ],
    *concerning(ctx, entity) {
      for (const workload of entity.workloads) {
        // Pods of one workload share their labels, so the first tells which apply.
        const pod = workload.group.pods[0];
        if (!pod) continue;
        const applicable = applicablePeerAuthentications(
          ctx,
          workload.status.namespace,
          labelsOf(pod),
        );
        for (const pa of [
          applicable.mesh,
          applicable.namespace,
          applicable.workload,
        ])
          if (pa) yield pa;
      }
    },
  },
  {
    scope: 'object',
    name: 'Namespace annotations',
    kind: Kinds.Namespace,
    codes: ANNOTATION_CODES,
    reads: [Kinds.Namespace],
    check: (ctx, ns) =>
      annotationFindings(ctx, ns, Kinds.Namespace, 'Namespace'),
    concerning: namespacesOf,
  },
  {
    scope: 'object',
    name: 'Service annotations',
    kind: Kinds.Service,
    codes: ANNOTATION_CODES,
    reads: [Kinds.Service],
    check: (ctx, svc) => annotationFindings(ctx, svc, Kinds.Service, 'Service'),
    concerning: servicesInFront,
  },
  {
    scope: 'object',
    name: 'Pod annotations',
    kind: Kinds.Pod,
    codes: ANNOTATION_CODES,
    reads: [Kinds.Pod],
    check: (ctx, pod) => annotationFindings(ctx, pod, Kinds.Pod, 'Pod'),
    concerning: (_ctx, entity) => entity.pods,
  },
  {
    scope: 'object',
    name: 'Deployment annotations',
    kind: Kinds.Deployment,
    codes: ANNOTATION_CODES,
    reads: [Kinds.Deployment],
    check: (ctx, deployment) =>
      annotationFindings(ctx, deployment, Kinds.Deployment, 'Deployment'),
    concerning: deploymentsOf,
  },
  {
    scope: 'object',
    name: 'Deployment image auto',
    kind: Kinds.Deployment,
    codes: ['MW134'],
    reads: [
      Kinds.Deployment,
      Kinds.Namespace,
      Kinds.MutatingWebhookConfiguration,
    ],
    check: imageAutoDeploymentFindings,
    concerning: deploymentsOf,
  },
  {
    scope: 'object',
    name: 'Pod image auto',
    kind: Kinds.Pod,
    codes: ['MW135'],
    reads: [Kinds.Pod],
    check: imageAutoPodFindings,
    concerning: (_ctx, entity) => entity.pods,
  },
  {
    scope: 'object',
    name: 'namespace default injection',
    kind: Kinds.Namespace,
    codes: ['MW136'],
    reads: [Kinds.Namespace, Kinds.ConfigMap],
    check: defaultInjectionFindings,
    concerning: namespacesOf,
  },
  {
    scope: 'object',
    name: 'injection webhooks',
    kind: Kinds.MutatingWebhookConfiguration,
    codes: ['MW603'],
    reads: [Kinds.MutatingWebhookConfiguration, Kinds.Service],
    check: injectionWebhookFindings,
    // The injector's configuration is the mesh admin's, not a service's:
    // shown on the dashboard only.
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'istiod JWKS fetches',
    kind: Kinds.Deployment,
    codes: ['MW604'],
    reads: [Kinds.Deployment, Kinds.RequestAuthentication],
    check: jwksFetchFindings,
    // istiod's settings are the mesh admin's: shown on the dashboard only.
    concerning: () => [],
  },
  {
    scope: 'object',
    name: 'VirtualService rule order',
    kind: Kinds.VirtualService,
    codes: ['MW850', 'MW851'],
    reads: [Kinds.VirtualService],
    check: virtualServiceRuleOrderFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'VirtualService deprecated fields',
    kind: Kinds.VirtualService,
    codes: ['MW853'],
    reads: [Kinds.VirtualService],
    check: deprecatedVirtualServiceFieldFindings,
    concerning: virtualServicesExposing,
  },
  {
    scope: 'object',
    name: 'Sidecar deprecated fields',
    kind: Kinds.Sidecar,
    codes: ['MW853'],
    reads: [Kinds.Sidecar, Kinds.Pod, Kinds.Namespace],
    check: deprecatedSidecarFieldFindings,
    concerning: sidecarsFor,
  },
  {
    scope: 'object',
    name: 'Telemetry providers',
    kind: Kinds.Telemetry,
    codes: ['MW852'],
    // the mesh config of the default revision, found through the control
    // plane's revision tags
    reads: [
      Kinds.Telemetry,
      Kinds.ConfigMap,
      Kinds.Deployment,
      Kinds.Pod,
      Kinds.MutatingWebhookConfiguration,
    ],
    check: telemetryProviderFindings,
    concerning: telemetriesFor,
  },
  {
    scope: 'object',
    name: 'AuthorizationPolicy selector on Gateway API gateways',
    kind: Kinds.AuthorizationPolicy,
    codes: ['MW330'],
    reads: [Kinds.AuthorizationPolicy, Kinds.Pod],
    check: (ctx, policy) =>
      gatewayPodSelectorFindings(ctx, policy, Kinds.AuthorizationPolicy),
    concerning: (ctx, entity) =>
      policiesSelectingPods(ctx, entity, Kinds.AuthorizationPolicy),
  },
  {
    scope: 'object',
    name: 'RequestAuthentication selector on Gateway API gateways',
    kind: Kinds.RequestAuthentication,
    codes: ['MW330'],
    reads: [Kinds.RequestAuthentication, Kinds.Pod],
    check: (ctx, policy) =>
      gatewayPodSelectorFindings(ctx, policy, Kinds.RequestAuthentication),
    concerning: (ctx, entity) =>
      policiesSelectingPods(ctx, entity, Kinds.RequestAuthentication),
  },
  {
    scope: 'object',
    name: 'Telemetry selector on Gateway API gateways',
    kind: Kinds.Telemetry,
    codes: ['MW330'],
    reads: [Kinds.Telemetry, Kinds.Pod],
    check: (ctx, policy) =>
      gatewayPodSelectorFindings(ctx, policy, Kinds.Telemetry),
    concerning: (ctx, entity) =>
      policiesSelectingPods(ctx, entity, Kinds.Telemetry),
  },
  {
    scope: 'eckResource',
    name: 'ECK resource',
    kinds: ECK_RESOURCE_KINDS,
    codes: [
      'MW501',
      'MW502',
      'MW503',
      'MW504',
      'MW505',
      'MW506',
      'MW507',
      'MW508',
      'MW509',
      'MW510',
      'MW511',
    ],
    reads: [...ECK_RESOURCE_KINDS, ...WORKLOAD_ANALYSIS_READS],
    analyze: analyzeEckResource,
    concerning: (ctx, entity) =>
      eckResourcesMatching(ctx, entity.namespace, entity.matches, entity.pods),
  },
  {
    scope: 'cluster',
    name: 'control plane',
    codes: ['MW601', 'MW602'],
    reads: [
      Kinds.Pod,
      Kinds.Namespace,
      Kinds.MutatingWebhookConfiguration,
      Kinds.Deployment,
    ],
    check: controlPlaneFindings,
  },
];
