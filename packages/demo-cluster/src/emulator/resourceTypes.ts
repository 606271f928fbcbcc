/**
 * The API resource types the emulator serves: what discovery announces and what the
 * paths `/api/v1/...` and `/apis/<group>/<version>/...` resolve to.
 */
export interface ResourceType {
  /** API group; `''` for the core group. */
  group: string;
  /** Served versions, preferred (storage) version first. All serve the same objects. */
  versions: string[];
  /** Plural resource name as used in paths, e.g. `pods`. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Whether the type has a `/status` subresource (status is then only written there). */
  statusSubresource: boolean;
  /** Whether the type comes from a CustomResourceDefinition (can be "not installed"). */
  crd: boolean;
  /**
   * Field selector keys the real server supports beyond `metadata.name` and
   * `metadata.namespace`, with the object path each one reads.
   */
  selectableFields?: Record<string, string>;
}

const STANDARD_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The verbs discovery announces for a type (every type here is fully writable). */
export function verbsOf(_type: ResourceType): string[] {
  return STANDARD_VERBS;
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function groupVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** `pods` for the core group, `deployments.apps` otherwise (the form used in messages). */
export function qualifiedResourceOf(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

export function parseApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

type TypeSpec = Omit<ResourceType, 'statusSubresource' | 'crd' | 'singular'> &
  Partial<Pick<ResourceType, 'statusSubresource' | 'crd' | 'singular'>>;

function builtin(spec: TypeSpec): ResourceType {
  return {
    statusSubresource: false,
    crd: false,
    singular: spec.kind.toLowerCase(),
    ...spec,
  };
}

/** CRD-backed types; all of those listed here declare `subresources.status`. */
function custom(spec: TypeSpec): ResourceType {
  return builtin({ statusSubresource: true, crd: true, ...spec });
}

const ISTIO_NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_SECURITY = ['v1', 'v1beta1'];

/** Every type the emulator knows, in discovery order. */
export const resourceTypes: readonly ResourceType[] = [
  // core/v1
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    statusSubresource: true,
    selectableFields: { 'status.phase': 'status.phase' },
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    statusSubresource: true,
    selectableFields: {
      'spec.nodeName': 'spec.nodeName',
      'spec.restartPolicy': 'spec.restartPolicy',
      'spec.schedulerName': 'spec.schedulerName',
      'spec.serviceAccountName': 'spec.serviceAccountName',
      'status.phase': 'status.phase',
      'status.podIP': 'status.podIP',
      'status.nominatedNodeName': 'status.nominatedNodeName',
    },
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'services',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'endpoints',
    singular: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
    selectableFields: { type: 'type' },
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'nodes',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    statusSubresource: true,
    selectableFields: { 'spec.unschedulable': 'spec.unschedulable' },
  }),
  builtin({
    group: '',
    versions: ['v1'],
    plural: 'events',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    selectableFields: {
      'involvedObject.kind': 'involvedObject.kind',
      'involvedObject.namespace': 'involvedObject.namespace',
      'involvedObject.name': 'involvedObject.name',
      'involvedObject.uid': 'involvedObject.uid',
      'involvedObject.apiVersion': 'involvedObject.apiVersion',
      'involvedObject.resourceVersion': 'involvedObject.resourceVersion',
      'involvedObject.fieldPath': 'involvedObject.fieldPath',
      reason: 'reason',
      reportingComponent: 'reportingComponent',
      source: 'source.component',
      type: 'type',
    },
  }),
  // apps/v1
  builtin({
    group: 'apps',
    versions: ['v1'],
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin({
    group: 'apps',
    versions: ['v1'],
    plural: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin({
    group: 'apps',
    versions: ['v1'],
    plural: 'daemonsets',
    kind: 'DaemonSet',
    namespaced: true,
    shortNames: ['ds'],
    categories: ['all'],
    statusSubresource: true,
  }),
  builtin({
    group: 'apps',
    versions: ['v1'],
    plural: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    statusSubresource: true,
    selectableFields: { 'status.replicas': 'status.replicas' },
  }),
  // admissionregistration.k8s.io/v1
  builtin({
    group: 'admissionregistration.k8s.io',
    versions: ['v1'],
    plural: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
  }),
  builtin({
    group: 'admissionregistration.k8s.io',
    versions: ['v1'],
    plural: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
    categories: ['api-extensions'],
  }),
  // networking.k8s.io/v1
  builtin({
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'networkpolicies',
    kind: 'NetworkPolicy',
    namespaced: true,
    shortNames: ['netpol'],
  }),
  builtin({
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    statusSubresource: true,
  }),
  // apiextensions.k8s.io/v1
  builtin({
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    plural: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    statusSubresource: true,
  }),
  // Istio (short names and categories as in Istio's CRDs)
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'gateways',
    kind: 'Gateway',
    namespaced: true,
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'virtualservices',
    kind: 'VirtualService',
    namespaced: true,
    shortNames: ['vs'],
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'destinationrules',
    kind: 'DestinationRule',
    namespaced: true,
    shortNames: ['dr'],
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'serviceentries',
    kind: 'ServiceEntry',
    namespaced: true,
    shortNames: ['se'],
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'sidecars',
    kind: 'Sidecar',
    namespaced: true,
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'networking.istio.io',
    versions: ISTIO_NETWORKING,
    plural: 'workloadentries',
    kind: 'WorkloadEntry',
    namespaced: true,
    shortNames: ['we'],
    categories: ['istio-io', 'networking-istio-io'],
  }),
  custom({
    group: 'security.istio.io',
    versions: ISTIO_SECURITY,
    plural: 'peerauthentications',
    kind: 'PeerAuthentication',
    namespaced: true,
    shortNames: ['pa'],
    categories: ['istio-io', 'security-istio-io'],
  }),
  custom({
    group: 'security.istio.io',
    versions: ISTIO_SECURITY,
    plural: 'authorizationpolicies',
    kind: 'AuthorizationPolicy',
    namespaced: true,
    shortNames: ['ap'],
    categories: ['istio-io', 'security-istio-io'],
  }),
  custom({
    group: 'security.istio.io',
    versions: ISTIO_SECURITY,
    plural: 'requestauthentications',
    kind: 'RequestAuthentication',
    namespaced: true,
    shortNames: ['ra'],
    categories: ['istio-io', 'security-istio-io'],
  }),
  custom({
    group: 'telemetry.istio.io',
    versions: ['v1'],
    plural: 'telemetries',
    singular: 'telemetry',
    kind: 'Telemetry',
    namespaced: true,
    shortNames: ['telemetry'],
    categories: ['istio-io', 'telemetry-istio-io'],
  }),
  // Gateway API
  custom({
    group: 'gateway.networking.k8s.io',
    versions: ['v1'],
    plural: 'gateways',
    kind: 'Gateway',
    namespaced: true,
    shortNames: ['gtw'],
    categories: ['gateway-api'],
  }),
  custom({
    group: 'gateway.networking.k8s.io',
    versions: ['v1'],
    plural: 'httproutes',
    kind: 'HTTPRoute',
    namespaced: true,
    categories: ['gateway-api'],
  }),
  custom({
    group: 'gateway.networking.k8s.io',
    versions: ['v1'],
    plural: 'gatewayclasses',
    kind: 'GatewayClass',
    namespaced: false,
    shortNames: ['gc'],
    categories: ['gateway-api'],
  }),
  custom({
    group: 'gateway.networking.k8s.io',
    versions: ['v1'],
    plural: 'grpcroutes',
    kind: 'GRPCRoute',
    namespaced: true,
    categories: ['gateway-api'],
  }),
  custom({
    group: 'gateway.networking.k8s.io',
    versions: ['v1beta1'],
    plural: 'referencegrants',
    kind: 'ReferenceGrant',
    namespaced: true,
    shortNames: ['refgrant'],
    categories: ['gateway-api'],
    statusSubresource: false,
  }),
  // cert-manager
  custom({
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'certificates',
    kind: 'Certificate',
    namespaced: true,
    shortNames: ['cert', 'certs'],
    categories: ['cert-manager'],
  }),
  custom({
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'certificaterequests',
    kind: 'CertificateRequest',
    namespaced: true,
    shortNames: ['cr', 'crs'],
    categories: ['cert-manager'],
  }),
  custom({
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'issuers',
    kind: 'Issuer',
    namespaced: true,
    categories: ['cert-manager'],
  }),
  custom({
    group: 'cert-manager.io',
    versions: ['v1'],
    plural: 'clusterissuers',
    kind: 'ClusterIssuer',
    namespaced: false,
    categories: ['cert-manager'],
  }),
  // ECK
  custom({
    group: 'elasticsearch.k8s.elastic.co',
    versions: ['v1'],
    plural: 'elasticsearches',
    singular: 'elasticsearch',
    kind: 'Elasticsearch',
    namespaced: true,
    shortNames: ['es'],
    categories: ['elastic'],
  }),
  custom({
    group: 'kibana.k8s.elastic.co',
    versions: ['v1'],
    plural: 'kibanas',
    kind: 'Kibana',
    namespaced: true,
    shortNames: ['kb'],
    categories: ['elastic'],
  }),
  custom({
    group: 'apm.k8s.elastic.co',
    versions: ['v1'],
    plural: 'apmservers',
    kind: 'ApmServer',
    namespaced: true,
    shortNames: ['apm'],
    categories: ['elastic'],
  }),
];

/** The type serving `kind` in `apiVersion` (any served version), if the emulator knows it. */
export function findResourceType(
  apiVersion: string,
  kind: string,
  types: readonly ResourceType[] = resourceTypes,
): ResourceType | undefined {
  const { group, version } = parseApiVersion(apiVersion);
  return types.find(
    t => t.group === group && t.kind === kind && t.versions.includes(version),
  );
}

/** The type behind a path segment: group, version and plural resource name. */
export function findResourceTypeByResource(
  group: string,
  version: string,
  plural: string,
  types: readonly ResourceType[] = resourceTypes,
): ResourceType | undefined {
  return types.find(
    t =>
      t.group === group && t.plural === plural && t.versions.includes(version),
  );
}

/** A stable identifier of a type across versions: `pods`, `gateways.networking.istio.io`. */
export function resourceTypeId(type: ResourceType): string {
  return qualifiedResourceOf(type);
}
