import { KindRef } from './ClusterCacheSink';

/** How the cache lists and watches one kind. */
export interface WatchedKind extends KindRef {
  /** Resource name in the API path. */
  plural: string;
  namespaced: boolean;
  /** Versions in order of preference; the first one discovery serves is used. */
  versions: readonly string[];
  /** List and watch only this namespace (for kinds needed from one namespace only). */
  namespace?: string;
  /**
   * Read metadata only (`PartialObjectMetadata`). `required` never accepts
   * full objects (Secrets: their data must not even cross the wire);
   * `preferred` falls back to full objects, stripped to metadata here, on a
   * server that cannot serve metadata only.
   */
  metadataOnly?: 'preferred' | 'required';
  /** What of the object to keep beyond its metadata; default: everything. */
  keep?: 'pod' | 'workload' | 'webhookConfiguration';
}

export interface WatchedKindsOptions {
  /** The mesh root namespace (Istio's default `istio-system`): mesh config lives in its ConfigMaps. */
  rootNamespace?: string;
}

const ISTIO_NETWORKING = ['v1', 'v1beta1', 'v1alpha3'];
const ISTIO_SECURITY = ['v1', 'v1beta1'];
const GATEWAY_API = ['v1', 'v1beta1'];

/**
 * Everything the analyzers read, per cluster. Left out on purpose:
 * Endpoints/EndpointSlices (large at 20,000 pods; services are matched to
 * pods by selector instead), Events, Nodes, and Secret data (Secrets are read
 * as metadata only, to tell whether a gateway credential exists).
 */
export function watchedKinds(options: WatchedKindsOptions = {}): WatchedKind[] {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const core = (
    kind: string,
    plural: string,
    extra: Partial<WatchedKind> = {},
  ): WatchedKind => ({
    group: '',
    kind,
    plural,
    namespaced: true,
    versions: ['v1'],
    ...extra,
  });
  const grouped = (
    group: string,
    versions: readonly string[],
    kind: string,
    plural: string,
    extra: Partial<WatchedKind> = {},
  ): WatchedKind => ({
    group,
    kind,
    plural,
    namespaced: true,
    versions,
    ...extra,
  });
  return [
    core('Namespace', 'namespaces', { namespaced: false }),
    core('Pod', 'pods', { keep: 'pod' }),
    core('Service', 'services'),
    // Kept whole: small, and `automountServiceAccountToken` lives outside metadata.
    core('ServiceAccount', 'serviceaccounts'),
    core('Secret', 'secrets', { metadataOnly: 'required' }),
    // Mesh config (`istio`, `istio-<rev>`) and injector templates; other
    // namespaces' ConfigMaps are bulk the analyzers never read.
    core('ConfigMap', 'configmaps', { namespace: rootNamespace }),
    grouped('apps', ['v1'], 'Deployment', 'deployments', { keep: 'workload' }),
    grouped('apps', ['v1'], 'StatefulSet', 'statefulsets', {
      keep: 'workload',
    }),
    grouped('apps', ['v1'], 'DaemonSet', 'daemonsets', { keep: 'workload' }),
    // Only the pod → ReplicaSet → Deployment ownership chain is needed.
    grouped('apps', ['v1'], 'ReplicaSet', 'replicasets', {
      metadataOnly: 'preferred',
    }),
    grouped(
      'admissionregistration.k8s.io',
      ['v1'],
      'MutatingWebhookConfiguration',
      'mutatingwebhookconfigurations',
      { namespaced: false, keep: 'webhookConfiguration' },
    ),
    grouped(
      'admissionregistration.k8s.io',
      ['v1'],
      'ValidatingWebhookConfiguration',
      'validatingwebhookconfigurations',
      { namespaced: false, keep: 'webhookConfiguration' },
    ),
    grouped('networking.k8s.io', ['v1'], 'NetworkPolicy', 'networkpolicies'),
    grouped('networking.istio.io', ISTIO_NETWORKING, 'Gateway', 'gateways'),
    grouped(
      'networking.istio.io',
      ISTIO_NETWORKING,
      'VirtualService',
      'virtualservices',
    ),
    grouped(
      'networking.istio.io',
      ISTIO_NETWORKING,
      'DestinationRule',
      'destinationrules',
    ),
    grouped(
      'networking.istio.io',
      ISTIO_NETWORKING,
      'ServiceEntry',
      'serviceentries',
    ),
    grouped('networking.istio.io', ISTIO_NETWORKING, 'Sidecar', 'sidecars'),
    grouped(
      'security.istio.io',
      ISTIO_SECURITY,
      'PeerAuthentication',
      'peerauthentications',
    ),
    grouped(
      'security.istio.io',
      ISTIO_SECURITY,
      'AuthorizationPolicy',
      'authorizationpolicies',
    ),
    grouped(
      'security.istio.io',
      ISTIO_SECURITY,
      'RequestAuthentication',
      'requestauthentications',
    ),
    grouped('gateway.networking.k8s.io', GATEWAY_API, 'Gateway', 'gateways'),
    grouped(
      'gateway.networking.k8s.io',
      GATEWAY_API,
      'HTTPRoute',
      'httproutes',
    ),
    grouped(
      'gateway.networking.k8s.io',
      ['v1', 'v1alpha2'],
      'GRPCRoute',
      'grpcroutes',
    ),
    grouped('cert-manager.io', ['v1'], 'Certificate', 'certificates'),
    grouped('cert-manager.io', ['v1'], 'Issuer', 'issuers'),
    grouped('cert-manager.io', ['v1'], 'ClusterIssuer', 'clusterissuers', {
      namespaced: false,
    }),
    grouped(
      'elasticsearch.k8s.elastic.co',
      ['v1'],
      'Elasticsearch',
      'elasticsearches',
    ),
    grouped('kibana.k8s.elastic.co', ['v1'], 'Kibana', 'kibanas'),
    grouped('apm.k8s.elastic.co', ['v1'], 'ApmServer', 'apmservers'),
  ];
}

/** The kinds watched with the default root namespace `istio-system`. */
export const WATCHED_KINDS: readonly WatchedKind[] = watchedKinds();

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The collection path of a kind in one served version (list and watch both use it). */
export function collectionPathOf(kind: WatchedKind, version: string): string {
  const prefix = kind.group
    ? `/apis/${kind.group}/${version}`
    : `/api/${version}`;
  const scope =
    kind.namespaced && kind.namespace
      ? `/namespaces/${encodeURIComponent(kind.namespace)}`
      : '';
  return `${prefix}${scope}/${kind.plural}`;
}
