/**
 * The kinds an Istio annotation may be placed on, as Istio's annotation
 * table names them (`Any`: every kind).
 */
export type AnnotationResource =
  | 'Any'
  | 'AuthorizationPolicy'
  | 'Gateway'
  | 'GatewayClass'
  | 'Ingress'
  | 'Namespace'
  | 'Pod'
  | 'Service'
  | 'ServiceEntry'
  | 'WorkloadEntry';

/** One annotation Istio defines: where it belongs and whether it is on its way out. */
export interface IstioAnnotation {
  name: string;
  resources: readonly AnnotationResource[];
  deprecated?: boolean;
}

/**
 * The version of Istio's annotation table `ISTIO_ANNOTATIONS` follows:
 * istio/api `annotation/annotations.yaml`, the table the istio.io/api Go
 * module generates `annotation.AllResourceAnnotations()` from, which
 * istioctl's annotations analyzer looks annotations up in.
 */
export const ISTIO_ANNOTATION_TABLE_VERSION =
  'istio/api annotation/annotations.yaml at 66634fd (2026-07-15), as Istio 1.31 (pre-release) uses it';

/**
 * Every annotation in Istio's table, hidden ones included: a lookup in a
 * subset would call an annotation of another kind unknown (IST0108) where
 * istioctl calls it misplaced (IST0107). Only names, placement and
 * deprecation are kept; feature status is not read (see
 * `ISTIO_MESSAGES` IST0136 for why). Regenerate from the table above when
 * Istio adds annotations.
 */
export const ISTIO_ANNOTATIONS: readonly IstioAnnotation[] = [
  {
    name: 'alpha.istio.io/canonical-serviceaccounts',
    resources: ['Service'],
    deprecated: true,
  },
  {
    name: 'alpha.istio.io/kubernetes-serviceaccounts',
    resources: ['Service'],
    deprecated: true,
  },
  { name: 'ambient.istio.io/bypass-inbound-capture', resources: ['Pod'] },
  { name: 'ambient.istio.io/dns-capture', resources: ['Pod'] },
  { name: 'ambient.istio.io/redirection', resources: ['Pod'] },
  {
    name: 'ambient.istio.io/waypoint-inbound-binding',
    resources: ['GatewayClass', 'Gateway'],
  },
  { name: 'galley.istio.io/analyze-suppress', resources: ['Any'] },
  { name: 'gateway.istio.io/controller-version', resources: ['Any'] },
  { name: 'gateway.istio.io/name-override', resources: ['Gateway'] },
  { name: 'gateway.istio.io/service-account', resources: ['Gateway'] },
  { name: 'inject.istio.io/templates', resources: ['Pod'] },
  { name: 'istio.io/autoRegistrationGroup', resources: ['WorkloadEntry'] },
  { name: 'istio.io/connectedAt', resources: ['WorkloadEntry'] },
  { name: 'istio.io/disconnectedAt', resources: ['WorkloadEntry'] },
  { name: 'istio.io/dry-run', resources: ['AuthorizationPolicy'] },
  { name: 'istio.io/reroute-virtual-interfaces', resources: ['Pod'] },
  { name: 'istio.io/rev', resources: ['Pod'] },
  {
    name: 'istio.io/use-waypoint-canary-weight',
    resources: ['Service', 'ServiceEntry', 'Namespace'],
  },
  { name: 'istio.io/workloadController', resources: ['WorkloadEntry'] },
  { name: 'kubernetes.io/ingress.class', resources: ['Ingress'] },
  { name: 'networking.istio.io/exportTo', resources: ['Service'] },
  { name: 'networking.istio.io/service-type', resources: ['Gateway'] },
  {
    name: 'networking.istio.io/traffic-distribution',
    resources: ['Namespace', 'Service', 'ServiceEntry'],
  },
  { name: 'prometheus.istio.io/merge-metrics', resources: ['Pod'] },
  { name: 'proxy.istio.io/config', resources: ['Pod'] },
  { name: 'proxy.istio.io/overrides', resources: ['Pod'] },
  {
    name: 'readiness.status.sidecar.istio.io/applicationPorts',
    resources: ['Pod'],
  },
  {
    name: 'readiness.status.sidecar.istio.io/failureThreshold',
    resources: ['Pod'],
  },
  {
    name: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
    resources: ['Pod'],
  },
  {
    name: 'readiness.status.sidecar.istio.io/periodSeconds',
    resources: ['Pod'],
  },
  { name: 'sidecar.istio.io/agentLogLevel', resources: ['Pod'] },
  { name: 'sidecar.istio.io/bootstrapOverride', resources: ['Pod'] },
  { name: 'sidecar.istio.io/componentLogLevel', resources: ['Pod'] },
  {
    name: 'sidecar.istio.io/discoveryAddress',
    resources: ['Pod'],
    deprecated: true,
  },
  {
    name: 'sidecar.istio.io/extraStatTags',
    resources: ['Pod'],
    deprecated: true,
  },
  { name: 'sidecar.istio.io/inject', resources: ['Pod'], deprecated: true },
  { name: 'sidecar.istio.io/interceptionMode', resources: ['Pod'] },
  { name: 'sidecar.istio.io/logLevel', resources: ['Pod'] },
  { name: 'sidecar.istio.io/nativeSidecar', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyCPU', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyCPULimit', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyImage', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyImageType', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyMemory', resources: ['Pod'] },
  { name: 'sidecar.istio.io/proxyMemoryLimit', resources: ['Pod'] },
  { name: 'sidecar.istio.io/rewriteAppHTTPProbers', resources: ['Pod'] },
  {
    name: 'sidecar.istio.io/statsCompression',
    resources: ['Pod'],
    deprecated: true,
  },
  { name: 'sidecar.istio.io/statsEvictionInterval', resources: ['Pod'] },
  { name: 'sidecar.istio.io/statsFlushInterval', resources: ['Pod'] },
  { name: 'sidecar.istio.io/statsHistogramBins', resources: ['Pod'] },
  { name: 'sidecar.istio.io/statsHistogramBuckets', resources: ['Pod'] },
  {
    name: 'sidecar.istio.io/statsInclusionPrefixes',
    resources: ['Pod'],
    deprecated: true,
  },
  {
    name: 'sidecar.istio.io/statsInclusionRegexps',
    resources: ['Pod'],
    deprecated: true,
  },
  {
    name: 'sidecar.istio.io/statsInclusionSuffixes',
    resources: ['Pod'],
    deprecated: true,
  },
  { name: 'sidecar.istio.io/status', resources: ['Pod'] },
  { name: 'sidecar.istio.io/userVolume', resources: ['Pod'] },
  { name: 'sidecar.istio.io/userVolumeMount', resources: ['Pod'] },
  { name: 'status.sidecar.istio.io/port', resources: ['Pod'] },
  { name: 'topology.istio.io/controlPlaneClusters', resources: ['Namespace'] },
  { name: 'traffic.istio.io/nodeSelector', resources: ['Service'] },
  { name: 'traffic.sidecar.istio.io/excludeInboundPorts', resources: ['Pod'] },
  { name: 'traffic.sidecar.istio.io/excludeInterfaces', resources: ['Pod'] },
  {
    name: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
    resources: ['Pod'],
  },
  { name: 'traffic.sidecar.istio.io/excludeOutboundPorts', resources: ['Pod'] },
  { name: 'traffic.sidecar.istio.io/includeInboundPorts', resources: ['Pod'] },
  {
    name: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
    resources: ['Pod'],
  },
  { name: 'traffic.sidecar.istio.io/includeOutboundPorts', resources: ['Pod'] },
  {
    name: 'traffic.sidecar.istio.io/kubevirtInterfaces',
    resources: ['Pod'],
    deprecated: true,
  },
];

const BY_NAME = new Map(ISTIO_ANNOTATIONS.map(a => [a.name, a]));

/** The table entry of an annotation, if Istio defines it. */
export function istioAnnotation(name: string): IstioAnnotation | undefined {
  return BY_NAME.get(name);
}

/**
 * Whether istioctl treats an annotation as Istio's: its prefix (the part
 * before the first `/`, or the whole name without one) ends in `istio.io`,
 * or it is `kubernetes.io/ingress.class`, which Istio documents.
 */
export function isIstioAnnotationName(name: string): boolean {
  if (name === 'kubernetes.io/ingress.class') return true;
  return name.split('/')[0].endsWith('istio.io');
}

/**
 * Annotations istioctl never reports on: istiod or its controllers set
 * them (the injection status, the gateway controller version, the revision
 * a pod was injected by).
 */
export const ALWAYS_IGNORED_ANNOTATIONS: ReadonlySet<string> = new Set([
  'sidecar.istio.io/status',
  'gateway.istio.io/controller-version',
  'istio.io/rev',
]);
