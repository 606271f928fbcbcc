import { KindRef } from './types/kube';

/** The kinds the analyzers read, by API group and kind. */
export const Kinds = {
  Namespace: { group: '', kind: 'Namespace' },
  Pod: { group: '', kind: 'Pod' },
  Service: { group: '', kind: 'Service' },
  ServiceAccount: { group: '', kind: 'ServiceAccount' },
  Secret: { group: '', kind: 'Secret' },
  ConfigMap: { group: '', kind: 'ConfigMap' },
  Deployment: { group: 'apps', kind: 'Deployment' },
  ReplicaSet: { group: 'apps', kind: 'ReplicaSet' },
  StatefulSet: { group: 'apps', kind: 'StatefulSet' },
  DaemonSet: { group: 'apps', kind: 'DaemonSet' },
  NetworkPolicy: { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
  MutatingWebhookConfiguration: {
    group: 'admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
  },
  PeerAuthentication: {
    group: 'security.istio.io',
    kind: 'PeerAuthentication',
  },
  RequestAuthentication: {
    group: 'security.istio.io',
    kind: 'RequestAuthentication',
  },
  AuthorizationPolicy: {
    group: 'security.istio.io',
    kind: 'AuthorizationPolicy',
  },
  DestinationRule: { group: 'networking.istio.io', kind: 'DestinationRule' },
  VirtualService: { group: 'networking.istio.io', kind: 'VirtualService' },
  IstioGateway: { group: 'networking.istio.io', kind: 'Gateway' },
  Sidecar: { group: 'networking.istio.io', kind: 'Sidecar' },
  ServiceEntry: { group: 'networking.istio.io', kind: 'ServiceEntry' },
  WorkloadEntry: { group: 'networking.istio.io', kind: 'WorkloadEntry' },
  Telemetry: { group: 'telemetry.istio.io', kind: 'Telemetry' },
  K8sGateway: { group: 'gateway.networking.k8s.io', kind: 'Gateway' },
  HTTPRoute: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
  GRPCRoute: { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
  Certificate: { group: 'cert-manager.io', kind: 'Certificate' },
  Issuer: { group: 'cert-manager.io', kind: 'Issuer' },
  ClusterIssuer: { group: 'cert-manager.io', kind: 'ClusterIssuer' },
  Elasticsearch: {
    group: 'elasticsearch.k8s.elastic.co',
    kind: 'Elasticsearch',
  },
  Kibana: { group: 'kibana.k8s.elastic.co', kind: 'Kibana' },
  ApmServer: { group: 'apm.k8s.elastic.co', kind: 'ApmServer' },
} as const satisfies Record<string, KindRef>;

/** How the backend should list and watch one kind for the analyzers. */
export interface WatchedKind extends KindRef {
  /** Resource name (plural) in the API path. */
  plural: string;
  namespaced: boolean;
  /** API versions in order of preference; use the first one discovery serves. */
  versions: string[];
}

const w = (
  kind: KindRef,
  plural: string,
  versions: string[],
  namespaced = true,
): WatchedKind => ({ ...kind, plural, versions, namespaced });

/**
 * Everything the checks read (the check table's `reads`), the one list of
 * kinds: the backend decides how much of each it fetches and keeps. A kind
 * that is not watched is reported as `pending` by the cluster view, so its
 * absence shows as unknown rather than as "nothing there".
 */
export const WATCHED_KINDS: readonly WatchedKind[] = [
  w(Kinds.Namespace, 'namespaces', ['v1'], false),
  w(Kinds.Pod, 'pods', ['v1']),
  w(Kinds.Service, 'services', ['v1']),
  w(Kinds.ServiceAccount, 'serviceaccounts', ['v1']),
  w(Kinds.Secret, 'secrets', ['v1']),
  w(Kinds.ConfigMap, 'configmaps', ['v1']),
  w(Kinds.Deployment, 'deployments', ['v1']),
  w(Kinds.ReplicaSet, 'replicasets', ['v1']),
  w(Kinds.StatefulSet, 'statefulsets', ['v1']),
  w(Kinds.DaemonSet, 'daemonsets', ['v1']),
  w(Kinds.NetworkPolicy, 'networkpolicies', ['v1']),
  w(
    Kinds.MutatingWebhookConfiguration,
    'mutatingwebhookconfigurations',
    ['v1'],
    false,
  ),
  w(Kinds.PeerAuthentication, 'peerauthentications', ['v1', 'v1beta1']),
  w(Kinds.RequestAuthentication, 'requestauthentications', ['v1', 'v1beta1']),
  w(Kinds.AuthorizationPolicy, 'authorizationpolicies', ['v1', 'v1beta1']),
  w(Kinds.DestinationRule, 'destinationrules', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.VirtualService, 'virtualservices', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.IstioGateway, 'gateways', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.Sidecar, 'sidecars', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.ServiceEntry, 'serviceentries', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.WorkloadEntry, 'workloadentries', ['v1', 'v1beta1', 'v1alpha3']),
  w(Kinds.Telemetry, 'telemetries', ['v1', 'v1alpha1']),
  w(Kinds.K8sGateway, 'gateways', ['v1', 'v1beta1']),
  w(Kinds.HTTPRoute, 'httproutes', ['v1', 'v1beta1']),
  w(Kinds.GRPCRoute, 'grpcroutes', ['v1', 'v1alpha2']),
  w(Kinds.Certificate, 'certificates', ['v1']),
  w(Kinds.Issuer, 'issuers', ['v1']),
  w(Kinds.ClusterIssuer, 'clusterissuers', ['v1'], false),
  w(Kinds.Elasticsearch, 'elasticsearches', ['v1']),
  w(Kinds.Kibana, 'kibanas', ['v1']),
  w(Kinds.ApmServer, 'apmservers', ['v1']),
];

export function kindKey(kind: KindRef): string {
  return `${kind.group}/${kind.kind}`;
}

export function sameKind(a: KindRef, b: KindRef): boolean {
  return a.group === b.group && a.kind === b.kind;
}

/** The kind of an object from its apiVersion/kind, when it carries them. */
export function kindOfObject(obj: {
  apiVersion?: unknown;
  kind?: unknown;
}): KindRef | undefined {
  if (typeof obj.kind !== 'string' || !obj.kind) return undefined;
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : 'v1';
  const slash = apiVersion.indexOf('/');
  return { group: slash < 0 ? '' : apiVersion.slice(0, slash), kind: obj.kind };
}

/** A representative apiVersion for refs built from a kind alone. */
export function apiVersionFor(kind: KindRef): string {
  const watched = WATCHED_KINDS.find(k => sameKind(k, kind));
  const version = watched?.versions[0] ?? 'v1';
  return kind.group ? `${kind.group}/${version}` : version;
}
