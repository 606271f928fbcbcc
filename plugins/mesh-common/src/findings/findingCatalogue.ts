import { FindingCode, FindingDefinition } from '../types/findings';

const ist = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;
const KIALI_VALIDATIONS = 'https://kiali.io/docs/features/validations/';
// References are upstream documents a reader can open, never our seed texts.
const ECK_ISTIO = `https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-service-mesh-istio.html`;
const CANARY_UPGRADE = {
  title: 'Istio: canary upgrades with revisions',
  url: 'https://istio.io/latest/docs/setup/upgrade/canary/',
};
const NETWORK_POLICIES =
  'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
const AMBIENT_WAYPOINTS = {
  title: 'Istio ambient: configure waypoint proxies',
  url: 'https://istio.io/latest/docs/ambient/usage/waypoint/',
};

const entries: FindingDefinition[] = [
  // Mesh membership
  {
    code: 'MW101',
    category: 'membership',
    title: 'Namespace not in the mesh',
    defaultSeverity: 'info',
    reference: { title: 'IST0102 NamespaceNotInjected', url: ist('IST0102') },
    istioCode: 'IST0102',
  },
  {
    code: 'MW102',
    category: 'membership',
    title: 'Pod missing the Istio proxy in an injected namespace',
    defaultSeverity: 'warning',
    reference: { title: 'IST0103 PodMissingProxy', url: ist('IST0103') },
    istioCode: 'IST0103',
  },
  {
    code: 'MW103',
    category: 'membership',
    title: 'Conflicting injection labels on a namespace',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0123 NamespaceMultipleInjectionLabels',
      url: ist('IST0123'),
    },
    istioCode: 'IST0123',
  },
  {
    code: 'MW104',
    category: 'membership',
    title: 'Namespace points at a revision with no control plane',
    defaultSeverity: 'error',
    reference: CANARY_UPGRADE,
  },
  {
    code: 'MW105',
    category: 'membership',
    title:
      "Proxy image differs from the one the namespace's injector injects (restart after upgrade)",
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0158 PodsIstioProxyImageMismatchInNamespace',
      url: ist('IST0158'),
    },
    istioCode: 'IST0158',
  },
  {
    code: 'MW106',
    category: 'membership',
    title: 'Sidecar pods in an ambient namespace',
    defaultSeverity: 'warning',
    reference: {
      title: 'Istio ambient: add workloads to the mesh',
      url: 'https://istio.io/latest/docs/ambient/usage/add-workloads/',
    },
    kialiCode: 'KIA1316',
  },
  {
    code: 'MW107',
    category: 'membership',
    title: 'L7 authorization policy on an ambient workload without a waypoint',
    defaultSeverity: 'error',
    reference: {
      title: 'Istio ambient: Layer 4 security policy',
      url: 'https://istio.io/latest/docs/ambient/usage/l4-policy/',
    },
    kialiCode: 'KIA0109',
  },
  {
    code: 'MW108',
    category: 'membership',
    title: 'Waypoint that nothing is enrolled in',
    defaultSeverity: 'info',
    reference: AMBIENT_WAYPOINTS,
  },
  {
    code: 'MW109',
    category: 'membership',
    title: 'istio.io/use-waypoint names a waypoint that does not exist',
    defaultSeverity: 'error',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA1313',
  },
  {
    code: 'MW110',
    category: 'membership',
    title: 'L7 authorization policy on a Service without a waypoint',
    defaultSeverity: 'error',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA0109',
  },
  {
    code: 'MW111',
    category: 'membership',
    title: 'Ambient namespace without a ready ztunnel',
    defaultSeverity: 'error',
    reference: {
      title: 'Istio ambient: ztunnel',
      url: 'https://istio.io/latest/docs/ambient/architecture/data-plane/',
    },
  },
  {
    code: 'MW112',
    category: 'membership',
    title: 'Sidecar and ambient data planes mixed in one workload',
    defaultSeverity: 'warning',
    reference: {
      title: 'Istio ambient: add workloads to the mesh',
      url: 'https://istio.io/latest/docs/ambient/usage/add-workloads/',
    },
    kialiCode: 'KIA1315',
  },
  {
    code: 'MW113',
    category: 'membership',
    title: 'PeerAuthentication DISABLE that ztunnel treats as PERMISSIVE',
    defaultSeverity: 'warning',
    reference: {
      title: 'Istio ambient: Layer 4 security policy',
      url: 'https://istio.io/latest/docs/ambient/usage/l4-policy/',
    },
  },
  {
    code: 'MW114',
    category: 'membership',
    title: 'Waypoint label on pods that are not in ambient mode',
    defaultSeverity: 'warning',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA1312',
  },
  {
    code: 'MW115',
    category: 'membership',
    title:
      'L7 configuration in an ambient namespace or for Services enrolled in no waypoint',
    defaultSeverity: 'warning',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA0210',
  },
  {
    code: 'MW116',
    category: 'membership',
    title:
      'L7 DestinationRule or VirtualService for an ambient Service enrolled in no waypoint',
    defaultSeverity: 'warning',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA0211',
  },
  {
    code: 'MW117',
    category: 'membership',
    title:
      "L7 DestinationRule or VirtualService outside its ambient Service's namespace",
    defaultSeverity: 'warning',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA0212',
  },
  {
    code: 'MW118',
    category: 'membership',
    title:
      'L7 policy in an ambient namespace bound by selector, not targetRefs',
    defaultSeverity: 'warning',
    reference: AMBIENT_WAYPOINTS,
    kialiCode: 'KIA1115',
  },
  {
    code: 'MW130',
    category: 'membership',
    title: 'Istio annotation on a kind it does not belong to',
    defaultSeverity: 'warning',
    reference: { title: 'IST0107 MisplacedAnnotation', url: ist('IST0107') },
    istioCode: 'IST0107',
  },
  {
    code: 'MW131',
    category: 'membership',
    title: 'Annotation in Istio’s domain that Istio does not define',
    defaultSeverity: 'warning',
    reference: { title: 'IST0108 UnknownAnnotation', url: ist('IST0108') },
    istioCode: 'IST0108',
  },
  {
    code: 'MW132',
    category: 'membership',
    title: 'Istio annotation value the sidecar injector refuses',
    defaultSeverity: 'warning',
    reference: { title: 'IST0125 InvalidAnnotation', url: ist('IST0125') },
    istioCode: 'IST0125',
  },
  {
    code: 'MW133',
    category: 'membership',
    title: 'Deprecated Istio annotation',
    defaultSeverity: 'info',
    reference: { title: 'IST0135 DeprecatedAnnotation', url: ist('IST0135') },
    istioCode: 'IST0135',
  },
  {
    code: 'MW134',
    category: 'membership',
    title:
      'Deployment with the image: auto proxy placeholder that no injector selects',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0146 ImageAutoWithoutInjectionWarning',
      url: ist('IST0146'),
    },
    istioCode: 'IST0146',
  },
  {
    code: 'MW135',
    category: 'membership',
    title: 'Pod with the image: auto proxy placeholder: never injected',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0147 ImageAutoWithoutInjectionError',
      url: ist('IST0147'),
    },
    istioCode: 'IST0147',
  },
  {
    code: 'MW136',
    category: 'membership',
    title:
      'Unlabelled namespace injected because the injector injects by default',
    defaultSeverity: 'info',
    reference: {
      title: 'IST0148 NamespaceInjectionEnabledByDefault',
      url: ist('IST0148'),
    },
    istioCode: 'IST0148',
  },
  // mTLS
  {
    code: 'MW201',
    category: 'mtls',
    title:
      "DestinationRule TLS conflicts with the workload's PeerAuthentication",
    defaultSeverity: 'error',
    reference: { title: 'IST0113 MTLSPolicyConflict', url: ist('IST0113') },
    istioCode: 'IST0113',
    kialiCode: 'KIA0207',
  },
  {
    code: 'MW202',
    category: 'mtls',
    title: 'HTTP probe under STRICT mTLS without probe rewrite',
    defaultSeverity: 'warning',
    reference: {
      title: 'Istio: health checking of Istio services',
      url: 'https://istio.io/latest/docs/ops/configuration/mesh/app-health-check/',
    },
  },
  {
    code: 'MW203',
    category: 'mtls',
    title: 'Workload accepts plaintext inside a STRICT mesh',
    defaultSeverity: 'info',
    reference: {
      title: 'PeerAuthentication',
      url: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
  },
  {
    code: 'MW204',
    category: 'mtls',
    title: 'PeerAuthentication setting that Istio ignores',
    defaultSeverity: 'warning',
    reference: {
      title: 'PeerAuthentication',
      url: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
    },
  },
  {
    code: 'MW205',
    category: 'mtls',
    title:
      'Mesh- or namespace-wide ISTIO_MUTUAL DestinationRule without a PeerAuthentication, auto mTLS off',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0205', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0205',
  },
  {
    code: 'MW206',
    category: 'mtls',
    title:
      'Mesh- or namespace-wide STRICT PeerAuthentication without an ISTIO_MUTUAL DestinationRule, auto mTLS off',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0401', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0401',
  },
  {
    code: 'MW207',
    category: 'mtls',
    title:
      'Mesh- or namespace-wide PeerAuthentication DISABLE while a DestinationRule sends mTLS',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0506', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0506',
  },
  {
    code: 'MW208',
    category: 'mtls',
    title:
      'DestinationRule without TLS settings overriding a mesh- or namespace-wide ISTIO_MUTUAL',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0204', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0204',
  },
  // Gateways and certificates
  {
    code: 'MW301',
    category: 'gateways',
    title:
      "credentialName with no Certificate or Secret in the gateway's namespace",
    defaultSeverity: 'error',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
  },
  {
    code: 'MW302',
    category: 'gateways',
    title: 'Certificate not Ready',
    defaultSeverity: 'error',
    reference: {
      title: 'cert-manager Certificate resource',
      url: 'https://cert-manager.io/docs/usage/certificate/',
    },
  },
  {
    code: 'MW303',
    category: 'gateways',
    title: 'Certificate expiring soon or past its renewal time',
    defaultSeverity: 'warning',
    reference: {
      title: 'cert-manager Certificate resource',
      url: 'https://cert-manager.io/docs/usage/certificate/',
    },
  },
  {
    code: 'MW304',
    category: 'gateways',
    title: 'Same host and port on several Gateways of one gateway workload',
    defaultSeverity: 'error',
    reference: { title: 'IST0145 ConflictingGateways', url: ist('IST0145') },
    istioCode: 'IST0145',
    kialiCode: 'KIA0301',
  },
  {
    code: 'MW305',
    category: 'gateways',
    title: 'VirtualService names a missing Gateway',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA1102', url: KIALI_VALIDATIONS },
    istioCode: 'IST0101',
    kialiCode: 'KIA1102',
  },
  {
    code: 'MW306',
    category: 'gateways',
    title: 'VirtualService host not served by its Gateway',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0132 VirtualServiceHostNotFoundInGateway',
      url: ist('IST0132'),
    },
    istioCode: 'IST0132',
  },
  {
    code: 'MW307',
    category: 'gateways',
    title: 'Gateway selector matches no workload',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0302', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0302',
  },
  {
    code: 'MW308',
    category: 'gateways',
    title: 'One certificate on several Gateways',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0138 GatewayDuplicateCertificate',
      url: ist('IST0138'),
    },
    istioCode: 'IST0138',
  },
  {
    code: 'MW309',
    category: 'gateways',
    title: 'MUTUAL gateway whose CA bundle may lack the chain',
    defaultSeverity: 'warning',
    reference: {
      title: 'cert-manager#2358: ca.crt holds the issuer, not the whole chain',
      url: 'https://github.com/cert-manager/cert-manager/issues/2358',
    },
  },
  {
    code: 'MW310',
    category: 'gateways',
    title: 'Gateway port not offered by the gateway Service',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0162 GatewayPortNotDefinedOnService',
      url: ist('IST0162'),
    },
    istioCode: 'IST0162',
  },
  {
    code: 'MW311',
    category: 'gateways',
    title:
      'Route attached to a Gateway API Gateway that is missing or does not admit it',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA1401', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1401',
  },
  {
    code: 'MW312',
    category: 'gateways',
    title: 'Route names a Service that does not exist',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA1402', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1402',
  },
  {
    code: 'MW313',
    category: 'gateways',
    title: "VirtualService names Istio's internal generated Gateway",
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0165 ReferencedInternalGateway',
      url: ist('IST0165'),
    },
    istioCode: 'IST0165',
  },
  {
    code: 'MW314',
    category: 'gateways',
    title: 'Route on a JWT claim at a gateway without RequestAuthentication',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0149 JwtClaimBasedRoutingWithoutRequestAuthN',
      url: ist('IST0149'),
    },
    istioCode: 'IST0149',
  },
  {
    code: 'MW315',
    category: 'gateways',
    title:
      'Gateway API Gateways with a listener for the same hostname, port and protocol',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1501', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1501',
  },
  {
    code: 'MW316',
    category: 'gateways',
    title: 'Gateway API Gateways asking for the same address',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1502', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1502',
  },
  {
    code: 'MW317',
    category: 'gateways',
    title:
      'Gateway API Gateway with two listeners for the same hostname, port and protocol',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA1503', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1503',
  },
  {
    code: 'MW330',
    category: 'gateways',
    title:
      'Policy selecting a Gateway API gateway’s pods by selector instead of targetRef',
    defaultSeverity: 'warning',
    reference: { title: 'IST0166 IneffectiveSelector', url: ist('IST0166') },
    istioCode: 'IST0166',
  },
  // Authorization
  {
    code: 'MW401',
    category: 'authorization',
    title: 'Workload covered by no AuthorizationPolicy',
    defaultSeverity: 'info',
    reference: { title: 'Kiali KIA1301', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1301',
  },
  {
    code: 'MW402',
    category: 'authorization',
    title: 'Policy selector matches no workload',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0127 NoMatchingWorkloadsFound',
      url: ist('IST0127'),
    },
    istioCode: 'IST0127',
    kialiCode: 'KIA0004',
  },
  {
    code: 'MW403',
    category: 'authorization',
    title: 'AuthorizationPolicy names a namespace that matches none',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
    kialiCode: 'KIA0101',
  },
  {
    code: 'MW404',
    category: 'authorization',
    title: 'AuthorizationPolicy names a missing service account',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0106', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0106',
  },
  {
    code: 'MW405',
    category: 'authorization',
    title: 'JWT conditions without a RequestAuthentication',
    defaultSeverity: 'error',
    reference: {
      title: 'Istio: authorization with JWT',
      url: 'https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/',
    },
  },
  {
    code: 'MW406',
    category: 'authorization',
    title: 'Principal or namespace rules while mTLS is not STRICT',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0105', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0105',
  },
  {
    code: 'MW407',
    category: 'authorization',
    title: 'AuthorizationPolicy method that matches no HTTP method',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0102', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0102',
  },
  {
    code: 'MW408',
    category: 'authorization',
    title: 'AuthorizationPolicy operation host that names no Service',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0104', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0104',
  },
  {
    code: 'MW409',
    category: 'authorization',
    title:
      'AuthorizationPolicy principal of a trust domain the mesh does not know',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0108', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0108',
  },
  // ECK in the mesh (seeds 000/001)
  {
    code: 'MW501',
    category: 'eck',
    title: 'ECK operator not in the mesh',
    defaultSeverity: 'error',
    reference: { title: 'ECK and Istio: connect the operator', url: ECK_ISTIO },
  },
  {
    code: 'MW502',
    category: 'eck',
    title: 'ECK operator webhook port 9443 not excluded from the proxy',
    defaultSeverity: 'warning',
    reference: { title: 'ECK and Istio: connect the operator', url: ECK_ISTIO },
  },
  {
    code: 'MW503',
    category: 'eck',
    title: 'Elasticsearch transport port 9300 proxied',
    defaultSeverity: 'error',
    reference: { title: 'ECK and Istio: Elasticsearch', url: ECK_ISTIO },
  },
  {
    code: 'MW504',
    category: 'eck',
    title: 'Self-signed HTTP TLS left on under STRICT mTLS',
    defaultSeverity: 'warning',
    reference: {
      title: 'ECK and Istio: Elastic Stack applications',
      url: ECK_ISTIO,
    },
  },
  {
    code: 'MW505',
    category: 'eck',
    title: 'STRICT mTLS disables Kibana alerting and API keys',
    defaultSeverity: 'info',
    reference: { title: 'ECK and Istio: warning on API keys', url: ECK_ISTIO },
  },
  {
    code: 'MW506',
    category: 'eck',
    title: 'APM Server without probe rewrite annotation',
    defaultSeverity: 'warning',
    reference: { title: 'ECK and Istio: APM Server', url: ECK_ISTIO },
  },
  {
    code: 'MW507',
    category: 'eck',
    title: 'Init containers need port 443 excluded under Istio CNI',
    defaultSeverity: 'warning',
    reference: {
      title: 'ECK and Istio: init containers with Istio CNI',
      url: ECK_ISTIO,
    },
  },
  {
    code: 'MW508',
    category: 'eck',
    title:
      'Auto mTLS off and no ISTIO_MUTUAL DestinationRule for the Elasticsearch service',
    defaultSeverity: 'error',
    reference: {
      title: 'ECK and Istio: Elasticsearch DestinationRule',
      url: ECK_ISTIO,
    },
  },
  {
    code: 'MW509',
    category: 'eck',
    title: 'ECK resource in an ambient namespace',
    defaultSeverity: 'warning',
    reference: { title: 'ECK and Istio (sidecar mode only)', url: ECK_ISTIO },
  },
  {
    code: 'MW510',
    category: 'eck',
    title: 'Elastic resource not healthy',
    defaultSeverity: 'error',
    reference: {
      title: 'ECK: Elasticsearch health and phase',
      url: 'https://www.elastic.co/guide/en/cloud-on-k8s/current/k8s-deploy-elasticsearch.html',
    },
  },
  {
    code: 'MW511',
    category: 'eck',
    title: 'automountServiceAccountToken needed without the TokenRequest API',
    defaultSeverity: 'warning',
    reference: {
      title: 'ECK and Istio: service account tokens',
      url: ECK_ISTIO,
    },
  },
  // Control plane and upgrades
  {
    code: 'MW601',
    category: 'controlPlane',
    title:
      'Several control-plane revisions in use (canary upgrade in progress)',
    defaultSeverity: 'info',
    reference: CANARY_UPGRADE,
  },
  {
    code: 'MW602',
    category: 'controlPlane',
    title: 'Control-plane revision no longer used',
    defaultSeverity: 'info',
    reference: CANARY_UPGRADE,
  },
  {
    code: 'MW603',
    category: 'controlPlane',
    title: 'Istio injection webhooks that overlap or call a missing Service',
    defaultSeverity: 'error',
    reference: { title: 'IST0139 InvalidWebhook', url: ist('IST0139') },
    istioCode: 'IST0139',
  },
  {
    code: 'MW604',
    category: 'controlPlane',
    title:
      'istiod fetches JWKS URIs without BLOCKED_CIDRS_IN_JWKS_URIS while RequestAuthentications exist',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0175 JwksUriFetchUnrestricted',
      url: ist('IST0175'),
    },
    istioCode: 'IST0175',
  },
  // Network policy
  {
    code: 'MW701',
    category: 'networkPolicy',
    title: "Exposed workload's NetworkPolicies block the ingress gateway",
    defaultSeverity: 'error',
    reference: {
      title: 'Kubernetes: network policies',
      url: NETWORK_POLICIES,
    },
  },
  {
    code: 'MW702',
    category: 'networkPolicy',
    title: 'Namespace without a deny-by-default NetworkPolicy',
    defaultSeverity: 'info',
    reference: {
      title: 'Kubernetes: network policies, default deny',
      url: `${NETWORK_POLICIES}#default-policies`,
    },
  },
  // Traffic and mesh configuration: VirtualServices, DestinationRules, Sidecars, Telemetry, ServiceEntries
  {
    code: 'MW801',
    category: 'traffic',
    title: 'VirtualService destination host not in the service registry',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
    kialiCode: 'KIA1101',
  },
  {
    code: 'MW802',
    category: 'traffic',
    title: 'VirtualService destination port not declared by its host',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
  },
  {
    code: 'MW803',
    category: 'traffic',
    title: 'VirtualService destination without a port to a host with several',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0112 VirtualServiceDestinationPortSelectorRequired',
      url: ist('IST0112'),
    },
    istioCode: 'IST0112',
  },
  {
    code: 'MW804',
    category: 'traffic',
    title: 'VirtualService subset defined by no DestinationRule',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
    kialiCode: 'KIA1107',
  },
  {
    code: 'MW805',
    category: 'traffic',
    title: 'Several mesh VirtualServices define the same host',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0109 ConflictingMeshGatewayVirtualServiceHosts',
      url: ist('IST0109'),
    },
    istioCode: 'IST0109',
  },
  {
    code: 'MW806',
    category: 'traffic',
    title: 'DestinationRule host not in the service registry',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0174 UnknownDestinationRuleHost',
      url: ist('IST0174'),
    },
    istioCode: 'IST0174',
    kialiCode: 'KIA0202',
  },
  {
    code: 'MW807',
    category: 'traffic',
    title: 'DestinationRule subset selects no pod',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0173 DestinationRuleSubsetNotSelectPods',
      url: ist('IST0173'),
    },
    istioCode: 'IST0173',
    kialiCode: 'KIA0203',
  },
  {
    code: 'MW808',
    category: 'traffic',
    title: 'DestinationRule originates TLS without caCertificates',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0128 NoServerCertificateVerificationDestinationLevel',
      url: ist('IST0128'),
    },
    istioCode: 'IST0128',
  },
  {
    code: 'MW809',
    category: 'traffic',
    title: 'Sidecar selector matches no pod',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
    kialiCode: 'KIA0004',
  },
  {
    code: 'MW810',
    category: 'traffic',
    title: 'Several Sidecars select the same pod',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0110 ConflictingSidecarWorkloadSelectors',
      url: ist('IST0110'),
    },
    istioCode: 'IST0110',
    kialiCode: 'KIA0003',
  },
  {
    code: 'MW811',
    category: 'traffic',
    title: 'Several Sidecars without a selector in one namespace',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0111 MultipleSidecarsWithoutWorkloadSelectors',
      url: ist('IST0111'),
    },
    istioCode: 'IST0111',
    kialiCode: 'KIA0002',
  },
  {
    code: 'MW812',
    category: 'traffic',
    title: 'Sidecar that has no effect on ambient workloads',
    defaultSeverity: 'warning',
    reference: { title: 'IST0167 IneffectivePolicy', url: ist('IST0167') },
    istioCode: 'IST0167',
  },
  {
    code: 'MW813',
    category: 'traffic',
    title: 'Telemetry selector matches no pod',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0101 ReferencedResourceNotFound',
      url: ist('IST0101'),
    },
    istioCode: 'IST0101',
  },
  {
    code: 'MW814',
    category: 'traffic',
    title: 'Several Telemetries select the same pod',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0159 ConflictingTelemetryWorkloadSelectors',
      url: ist('IST0159'),
    },
    istioCode: 'IST0159',
  },
  {
    code: 'MW815',
    category: 'traffic',
    title: 'Several Telemetries without a selector in one namespace',
    defaultSeverity: 'error',
    reference: {
      title: 'IST0160 MultipleTelemetriesWithoutWorkloadSelectors',
      url: ist('IST0160'),
    },
    istioCode: 'IST0160',
  },
  {
    code: 'MW816',
    category: 'traffic',
    title: 'ServiceEntry with TCP ports and no addresses',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0134 ServiceEntryAddressesRequired',
      url: ist('IST0134'),
    },
    istioCode: 'IST0134',
  },
  {
    code: 'MW817',
    category: 'traffic',
    title:
      'ServiceEntries declaring one host and port with different protocols',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0177 ConflictingServiceEntryProtocol',
      url: ist('IST0177'),
    },
    istioCode: 'IST0177',
    kialiCode: 'KIA1212',
  },
  {
    code: 'MW818',
    category: 'traffic',
    title: 'Service port name does not declare its protocol',
    defaultSeverity: 'info',
    reference: {
      title: 'IST0118 PortNameIsNotUnderNamingConvention',
      url: ist('IST0118'),
    },
    istioCode: 'IST0118',
    kialiCode: 'KIA0601',
  },
  {
    code: 'MW819',
    category: 'traffic',
    title: 'ExternalName Service port without a usable protocol name',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0150 ExternalNameServiceTypeInvalidPortName',
      url: ist('IST0150'),
    },
    istioCode: 'IST0150',
  },
  {
    code: 'MW820',
    category: 'traffic',
    title: 'Sidecar with a workloadSelector in the root namespace',
    defaultSeverity: 'warning',
    reference: {
      title: 'Sidecar',
      url: 'https://istio.io/latest/docs/reference/config/networking/sidecar/',
    },
    kialiCode: 'KIA1006',
  },
  {
    code: 'MW821',
    category: 'traffic',
    title: 'exportTo names a namespace that does not exist',
    defaultSeverity: 'error',
    reference: { title: 'Kiali KIA0005', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0005',
  },
  {
    code: 'MW822',
    category: 'traffic',
    title:
      'Gateway route to a host that another VirtualService splits by subset',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0140 IngressRouteRulesNotAffected',
      url: ist('IST0140'),
    },
    istioCode: 'IST0140',
  },
  {
    code: 'MW823',
    category: 'traffic',
    title: 'Services of one workload declare a port with different protocols',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0116 DeploymentAssociatedToMultipleServices',
      url: ist('IST0116'),
    },
    istioCode: 'IST0116',
  },
  {
    code: 'MW824',
    category: 'traffic',
    title: 'Services of one workload send different ports to one targetPort',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0137 DeploymentConflictingPorts',
      url: ist('IST0137'),
    },
    istioCode: 'IST0137',
  },
  {
    code: 'MW825',
    category: 'traffic',
    title:
      'Negative status condition reported by Istio or the Gateway API controller',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0171 NegativeConditionStatus',
      url: ist('IST0171'),
    },
    istioCode: 'IST0171',
  },
  {
    code: 'MW826',
    category: 'traffic',
    title: 'The same host and subset twice in one VirtualService route',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1105', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1105',
  },
  {
    code: 'MW827',
    category: 'traffic',
    title: 'Several DestinationRules for the same host and subset',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0201', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0201',
  },
  {
    code: 'MW828',
    category: 'traffic',
    title: 'DestinationRule subset without labels',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0209', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0209',
  },
  {
    code: 'MW829',
    category: 'traffic',
    title: 'Service port appProtocol that Istio does not know',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0602', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0602',
  },
  {
    code: 'MW830',
    category: 'traffic',
    title: 'Service port that no container of its Deployment declares',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA0701', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA0701',
  },
  {
    code: 'MW831',
    category: 'traffic',
    title: 'VirtualServices on one Gateway defining the same host',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1106', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1106',
  },
  {
    code: 'MW832',
    category: 'traffic',
    title: 'ServiceEntries declaring the same host and port',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1211', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1211',
  },
  {
    code: 'MW833',
    category: 'traffic',
    title: 'Sidecar egress host that names no Service or ServiceEntry',
    defaultSeverity: 'warning',
    reference: { title: 'Kiali KIA1004', url: KIALI_VALIDATIONS },
    kialiCode: 'KIA1004',
  },
  {
    code: 'MW850',
    category: 'traffic',
    title: 'VirtualService rule that can never match',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0130 VirtualServiceUnreachableRule',
      url: ist('IST0130'),
    },
    istioCode: 'IST0130',
  },
  {
    code: 'MW851',
    category: 'traffic',
    title: 'VirtualService match an earlier match duplicates or covers',
    defaultSeverity: 'info',
    reference: {
      title: 'IST0131 VirtualServiceIneffectiveMatch',
      url: ist('IST0131'),
    },
    istioCode: 'IST0131',
  },
  {
    code: 'MW852',
    category: 'traffic',
    title: 'Telemetry access logging with no provider and no default provider',
    defaultSeverity: 'warning',
    reference: {
      title: 'IST0157 InvalidTelemetryProvider',
      url: ist('IST0157'),
    },
    istioCode: 'IST0157',
  },
  {
    code: 'MW853',
    category: 'traffic',
    title: 'Deprecated or ignored field in a VirtualService or Sidecar',
    defaultSeverity: 'warning',
    reference: { title: 'IST0002 Deprecated', url: ist('IST0002') },
    istioCode: 'IST0002',
  },
];

/** Every finding code with its title, default severity, reference and IST/KIA code. */
export const FINDING_CATALOGUE: Readonly<
  Partial<Record<FindingCode, FindingDefinition>>
> = Object.freeze(
  Object.fromEntries(entries.map(e => [e.code, Object.freeze(e)])),
);

/** All codes in catalogue order. */
export const FINDING_CODES: readonly FindingCode[] = Object.freeze(
  entries.map(e => e.code),
);

/** The catalogue entry of a code; a code missing from the catalogue is a bug in a check. */
export function findingDefinition(code: FindingCode): FindingDefinition {
  const definition = FINDING_CATALOGUE[code];
  if (!definition) {
    throw new Error(`Finding code ${code} is not in the finding catalogue`);
  }
  return definition;
}
