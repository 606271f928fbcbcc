import { FindingCode } from '../types/findings';

/**
 * Every `istioctl analyze` message and every Kiali validation code, and what
 * Meshwise does about each: the MW codes that make the same check, or why
 * none does. Written from istio/istio pkg/config/analysis/msg/messages.yaml
 * and the analyzers that emit each message, and from kiali/kiali
 * models/istio_validation.go and business/checkers (both as of 2026-08).
 * docs/findings.md is generated from this and the finding catalogue.
 */
export type Coverage =
  /** These MW codes make the check (a note says where they differ). */
  | { covered: FindingCode[]; note?: string }
  /** The check needs what Meshwise does not read, or does not apply to it. */
  | { notApplicable: string }
  /** The check reads kinds Meshwise watches; it is not built yet. */
  | { notYet: string };

export interface UpstreamCode {
  code: string;
  name: string;
  level: 'Error' | 'Warning' | 'Info' | 'Unknown';
  /** The analyzer (istioctl) or checker (Kiali) that emits it, and what it reads. */
  source: string;
  coverage: Coverage;
  /** Istio no longer emits it (the message is retired in messages.yaml). */
  retired?: boolean;
}

const covered = (codes: FindingCode[], note?: string): Coverage =>
  note ? { covered: codes, note } : { covered: codes };
const notApplicable = (why: string): Coverage => ({ notApplicable: why });

const SCHEMA =
  'admission (the CRD schema and istiod’s validating webhook) rejects invalid objects before Meshwise reads them';
// The table version is ISTIO_ANNOTATION_TABLE_VERSION (analyzers/istioAnnotations.ts,
// a layer above this one); annotationChecks.test.ts keeps the two equal.
const ANNOTATIONS =
  'on Namespaces, Services, Pods and Deployments, as istioctl; Istio’s annotation table as of istio/api annotation/annotations.yaml at 66634fd (2026-07-15), as Istio 1.31 (pre-release) uses it';
const ENVOY_FILTER = 'EnvoyFilter is not watched';

export const ISTIO_MESSAGES: readonly UpstreamCode[] = [
  {
    code: 'IST0001',
    name: 'InternalError',
    level: 'Error',
    source: 'istioctl itself',
    coverage: notApplicable(
      'an error of the istioctl toolchain, not of the cluster',
    ),
  },
  {
    code: 'IST0002',
    name: 'Deprecated',
    level: 'Warning',
    source: 'deprecation.FieldAnalyzer (VirtualService, Sidecar, … fields)',
    coverage: covered(
      ['MW853'],
      'the VirtualService fault.delay.percent and Sidecar egressProxy fields; the removed rbac.istio.io resource types are not read (CustomResourceDefinitions are not watched)',
    ),
  },
  {
    code: 'IST0101',
    name: 'ReferencedResourceNotFound',
    level: 'Error',
    source: 'gateway, virtualservice, sidecar, telemetry, authz analyzers',
    coverage: covered(
      ['MW301', 'MW305', 'MW403', 'MW801', 'MW802', 'MW804', 'MW809', 'MW813'],
      'one message for many references; the Gateway selector form (no pod anywhere) is not claimed: MW307 follows Kiali and looks in the Gateway’s namespace',
    ),
  },
  {
    code: 'IST0102',
    name: 'NamespaceNotInjected',
    level: 'Info',
    source:
      'injection.Analyzer (Namespace, Pod, MutatingWebhookConfiguration, ConfigMap)',
    coverage: covered(['MW101']),
  },
  {
    code: 'IST0103',
    name: 'PodMissingProxy',
    level: 'Warning',
    source: 'injection.Analyzer',
    coverage: covered(['MW102']),
  },
  {
    code: 'IST0104',
    name: 'GatewayPortNotOnWorkload',
    level: 'Warning',
    source: 'retired; now IST0162',
    coverage: covered(['MW310'], 'Istio emits IST0162 instead'),
    retired: true,
  },
  {
    code: 'IST0106',
    name: 'SchemaValidationError',
    level: 'Error',
    source: 'schema validation of every Istio kind',
    coverage: notApplicable(SCHEMA),
  },
  {
    code: 'IST0107',
    name: 'MisplacedAnnotation',
    level: 'Warning',
    source: 'annotations.K8sAnalyzer',
    coverage: covered(['MW130'], ANNOTATIONS),
  },
  {
    code: 'IST0108',
    name: 'UnknownAnnotation',
    level: 'Warning',
    source: 'annotations.K8sAnalyzer',
    coverage: covered(['MW131'], ANNOTATIONS),
  },
  {
    code: 'IST0109',
    name: 'ConflictingMeshGatewayVirtualServiceHosts',
    level: 'Error',
    source:
      'virtualservice.ConflictingMeshGatewayHostsAnalyzer (VirtualService)',
    coverage: covered(['MW805']),
  },
  {
    code: 'IST0110',
    name: 'ConflictingSidecarWorkloadSelectors',
    level: 'Error',
    source: 'sidecar.SelectorAnalyzer (Sidecar, Pod, Namespace)',
    coverage: covered(['MW810']),
  },
  {
    code: 'IST0111',
    name: 'MultipleSidecarsWithoutWorkloadSelectors',
    level: 'Error',
    source: 'sidecar.SelectorAnalyzer',
    coverage: covered(['MW811']),
  },
  {
    code: 'IST0112',
    name: 'VirtualServiceDestinationPortSelectorRequired',
    level: 'Error',
    source:
      'virtualservice.DestinationHostAnalyzer (VirtualService, Service, ServiceEntry)',
    coverage: covered(['MW803']),
  },
  {
    code: 'IST0113',
    name: 'MTLSPolicyConflict',
    level: 'Error',
    source: 'retired; Kiali KIA0207/KIA0208 keep the check',
    coverage: covered(['MW201'], 'Istio no longer emits it'),
    retired: true,
  },
  {
    code: 'IST0116',
    name: 'DeploymentAssociatedToMultipleServices',
    level: 'Warning',
    source: 'deployment.ServiceAssociationAnalyzer (Deployment, Service, Pod)',
    coverage: covered(['MW823']),
  },
  {
    code: 'IST0118',
    name: 'PortNameIsNotUnderNamingConvention',
    level: 'Info',
    source: 'service.PortNameAnalyzer (Service)',
    coverage: covered(['MW818']),
  },
  {
    code: 'IST0123',
    name: 'NamespaceMultipleInjectionLabels',
    level: 'Warning',
    source: 'injection.Analyzer',
    coverage: covered(['MW103']),
  },
  {
    code: 'IST0125',
    name: 'InvalidAnnotation',
    level: 'Warning',
    source: 'annotations.K8sAnalyzer',
    coverage: covered(
      ['MW132'],
      `${ANNOTATIONS}; every value check of the injector but proxy.istio.io/config, which needs Istio’s ProxyConfig schema`,
    ),
  },
  {
    code: 'IST0126',
    name: 'UnknownMeshNetworksServiceRegistry',
    level: 'Error',
    source: 'multicluster.MeshNetworksAnalyzer (mesh networks config)',
    coverage: notApplicable(
      'mesh networks (multi-network) configuration is not read',
    ),
  },
  {
    code: 'IST0127',
    name: 'NoMatchingWorkloadsFound',
    level: 'Warning',
    source:
      'authz.AuthorizationPoliciesAnalyzer (AuthorizationPolicy, Pod, Namespace)',
    coverage: covered(
      ['MW402'],
      'istioctl emits it for AuthorizationPolicies; MW402 also reports RequestAuthentication and PeerAuthentication selectors that match nothing, as Kiali does (KIA0004)',
    ),
  },
  {
    code: 'IST0128',
    name: 'NoServerCertificateVerificationDestinationLevel',
    level: 'Warning',
    source: 'destinationrule.CaCertificateAnalyzer (DestinationRule)',
    coverage: covered(['MW808']),
  },
  {
    code: 'IST0129',
    name: 'NoServerCertificateVerificationPortLevel',
    level: 'Warning',
    source: 'destinationrule.CaCertificateAnalyzer',
    coverage: covered(
      ['MW808'],
      'one MW808 per DestinationRule lists the ports',
    ),
  },
  {
    code: 'IST0130',
    name: 'VirtualServiceUnreachableRule',
    level: 'Warning',
    source: 'VirtualService validation warnings',
    coverage: covered(
      ['MW850'],
      'one finding per rule and reason, where Istio repeats the warning for each match of the rule',
    ),
  },
  {
    code: 'IST0131',
    name: 'VirtualServiceIneffectiveMatch',
    level: 'Info',
    source: 'VirtualService validation warnings',
    coverage: covered(
      ['MW851'],
      'as Istio, a URI prefix match under an earlier one counts as covered when port, method, authority, headers, query parameters and absent headers agree; source labels and gateways are not compared',
    ),
  },
  {
    code: 'IST0132',
    name: 'VirtualServiceHostNotFoundInGateway',
    level: 'Warning',
    source: 'virtualservice.GatewayAnalyzer (VirtualService, Gateway)',
    coverage: covered(
      ['MW306'],
      'a Gateway named in the legacy `<name>.<namespace>` form is resolved as pilot resolves it; istioctl looks for a Gateway of that whole name and so reports it missing (IST0101) and serving none of the hosts',
    ),
  },
  {
    code: 'IST0133',
    name: 'SchemaWarning',
    level: 'Warning',
    source: 'schema validation warnings',
    coverage: notApplicable(SCHEMA),
  },
  {
    code: 'IST0134',
    name: 'ServiceEntryAddressesRequired',
    level: 'Warning',
    source:
      'serviceentry.ProtocolAddressesAnalyzer (ServiceEntry, mesh config)',
    coverage: covered(['MW816']),
  },
  {
    code: 'IST0135',
    name: 'DeprecatedAnnotation',
    level: 'Info',
    source: 'annotations.K8sAnalyzer',
    coverage: covered(['MW133'], ANNOTATIONS),
  },
  {
    code: 'IST0136',
    name: 'AlphaAnnotation',
    level: 'Info',
    source: 'maturity.AlphaAnalyzer (not run by istioctl analyze)',
    coverage: notApplicable(
      'istioctl analyze does not run the analyzer that emits it (maturity.AlphaAnalyzer is left out of analyzers.All() as too noisy: most sidecar annotations are Alpha); Meshwise reports what istioctl reports',
    ),
  },
  {
    code: 'IST0137',
    name: 'DeploymentConflictingPorts',
    level: 'Warning',
    source: 'deployment.ServiceAssociationAnalyzer',
    coverage: covered(['MW824']),
  },
  {
    code: 'IST0138',
    name: 'GatewayDuplicateCertificate',
    level: 'Warning',
    source: 'gateway.CertificateAnalyzer (Gateway)',
    coverage: covered(
      ['MW308'],
      'credentials by name, and file-mounted certificates by their serverCertificate and privateKey paths, as istioctl; credentialNames (several per server) count as well, where istioctl reads only credentialName',
    ),
  },
  {
    code: 'IST0139',
    name: 'InvalidWebhook',
    level: 'Error',
    source: 'webhook.Analyzer (MutatingWebhookConfiguration, Service)',
    coverage: covered(
      ['MW603'],
      'one finding per webhook naming every webhook it overlaps with, where istioctl reports each overlap per label combination',
    ),
  },
  {
    code: 'IST0140',
    name: 'IngressRouteRulesNotAffected',
    level: 'Warning',
    source: 'virtualservice.DestinationHostAnalyzer',
    coverage: covered(['MW822']),
  },
  {
    code: 'IST0141',
    name: 'InsufficientPermissions',
    level: 'Error',
    source: 'istioctl precheck',
    coverage: notApplicable(
      'an installation precheck of the operator’s own permissions',
    ),
  },
  {
    code: 'IST0142',
    name: 'UnsupportedKubernetesVersion',
    level: 'Error',
    source: 'istioctl precheck',
    coverage: notApplicable(
      'an installation precheck; the server version is not read',
    ),
  },
  {
    code: 'IST0143',
    name: 'LocalhostListener',
    level: 'Error',
    source: 'istioctl precheck (proxy listeners)',
    coverage: notApplicable('needs the proxies’ listeners, which are not read'),
  },
  {
    code: 'IST0144',
    name: 'InvalidApplicationUID',
    level: 'Warning',
    source:
      'deployment.ApplicationUIDAnalyzer (Pod, Deployment security contexts)',
    coverage: notApplicable('security contexts are stripped from cached pods'),
  },
  {
    code: 'IST0145',
    name: 'ConflictingGateways',
    level: 'Error',
    source: 'gateway.ConflictingGatewayAnalyzer (Gateway)',
    coverage: covered(
      ['MW304'],
      'same port, bind and host; the host is compared without its `namespace/` prefix and case, where istioctl compares the string as written and so misses `team-b/a.example.com` against `a.example.com`',
    ),
  },
  {
    code: 'IST0146',
    name: 'ImageAutoWithoutInjectionWarning',
    level: 'Warning',
    source:
      'injection.ImageAutoAnalyzer (Deployment, MutatingWebhookConfiguration)',
    coverage: covered(['MW134']),
  },
  {
    code: 'IST0147',
    name: 'ImageAutoWithoutInjectionError',
    level: 'Error',
    source: 'injection.ImageAutoAnalyzer (Pod)',
    coverage: covered(['MW135']),
  },
  {
    code: 'IST0148',
    name: 'NamespaceInjectionEnabledByDefault',
    level: 'Info',
    source: 'injection.Analyzer',
    coverage: covered(
      ['MW136'],
      'skips the Kubernetes system namespaces as MW101 does (the injector’s selector leaves them out); istioctl skips istio-system only',
    ),
  },
  {
    code: 'IST0149',
    name: 'JwtClaimBasedRoutingWithoutRequestAuthN',
    level: 'Error',
    source:
      'virtualservice.JWTClaimRouteAnalyzer (VirtualService, RequestAuthentication, Pod)',
    coverage: covered(['MW314']),
  },
  {
    code: 'IST0150',
    name: 'ExternalNameServiceTypeInvalidPortName',
    level: 'Warning',
    source: 'service.PortNameAnalyzer (Service)',
    coverage: covered(['MW819']),
  },
  {
    code: 'IST0151',
    name: 'EnvoyFilterUsesRelativeOperation',
    level: 'Warning',
    source: 'envoyfilter.EnvoyPatchAnalyzer',
    coverage: notApplicable(ENVOY_FILTER),
  },
  {
    code: 'IST0152',
    name: 'EnvoyFilterUsesReplaceOperationIncorrectly',
    level: 'Error',
    source: 'envoyfilter.EnvoyPatchAnalyzer',
    coverage: notApplicable(ENVOY_FILTER),
  },
  {
    code: 'IST0153',
    name: 'EnvoyFilterUsesAddOperationIncorrectly',
    level: 'Error',
    source: 'envoyfilter.EnvoyPatchAnalyzer',
    coverage: notApplicable(ENVOY_FILTER),
  },
  {
    code: 'IST0154',
    name: 'EnvoyFilterUsesRemoveOperationIncorrectly',
    level: 'Error',
    source: 'envoyfilter.EnvoyPatchAnalyzer',
    coverage: notApplicable(ENVOY_FILTER),
  },
  {
    code: 'IST0155',
    name: 'EnvoyFilterUsesRelativeOperationWithProxyVersion',
    level: 'Warning',
    source: 'envoyfilter.EnvoyPatchAnalyzer',
    coverage: notApplicable(ENVOY_FILTER),
  },
  {
    code: 'IST0156',
    name: 'UnsupportedGatewayAPIVersion',
    level: 'Error',
    source: 'k8sgateway.CRDVersionAnalyzer (CustomResourceDefinition)',
    coverage: notApplicable('CustomResourceDefinitions are not read'),
  },
  {
    code: 'IST0157',
    name: 'InvalidTelemetryProvider',
    level: 'Warning',
    source: 'telemetry.ProdiverAnalyzer (Telemetry, mesh config)',
    coverage: covered(
      ['MW852'],
      'as the analyzer: access logging that names no provider while the mesh config names no default one (providers are not compared with extensionProviders there either); the default revision’s mesh config',
    ),
  },
  {
    code: 'IST0158',
    name: 'PodsIstioProxyImageMismatchInNamespace',
    level: 'Warning',
    source: 'injection.ImageAnalyzer (Namespace, Pod, ConfigMap)',
    coverage: covered(
      ['MW105'],
      'the namespace’s revision as the injector webhooks read its labels: istioctl also checks namespaces labelled `istio-injection=disabled` beside `istio.io/rev`, which nothing re-injects, and takes the `istio.io/rev` injector beside `istio-injection=enabled`, where the default one injects; every image variant (`-distroless`) is accepted, as ProxyConfig is not read',
    ),
  },
  {
    code: 'IST0159',
    name: 'ConflictingTelemetryWorkloadSelectors',
    level: 'Error',
    source: 'telemetry.SelectorAnalyzer (Telemetry, Pod)',
    coverage: covered(['MW814']),
  },
  {
    code: 'IST0160',
    name: 'MultipleTelemetriesWithoutWorkloadSelectors',
    level: 'Error',
    source: 'telemetry.DefaultSelectorAnalyzer (Telemetry)',
    coverage: covered(['MW815']),
  },
  {
    code: 'IST0161',
    name: 'InvalidGatewayCredential',
    level: 'Error',
    source: 'gateway.SecretAnalyzer (Gateway, Secret data)',
    coverage: notApplicable(
      'needs the Secret’s certificate data; Meshwise reads Secret metadata only and checks the cert-manager Certificate instead (MW302, MW303)',
    ),
  },
  {
    code: 'IST0162',
    name: 'GatewayPortNotDefinedOnService',
    level: 'Warning',
    source: 'gateway.IngressGatewayPortAnalyzer (Gateway, Pod, Service)',
    coverage: covered(['MW310']),
  },
  {
    code: 'IST0163',
    name: 'InvalidExternalControlPlaneConfig',
    level: 'Warning',
    source: 'externalcontrolplane analyzer (webhook URLs)',
    coverage: notApplicable('external control planes are not modelled'),
  },
  {
    code: 'IST0164',
    name: 'ExternalControlPlaneAddressIsNotAHostname',
    level: 'Info',
    source: 'externalcontrolplane analyzer',
    coverage: notApplicable('external control planes are not modelled'),
  },
  {
    code: 'IST0165',
    name: 'ReferencedInternalGateway',
    level: 'Warning',
    source: 'virtualservice.GatewayAnalyzer',
    coverage: covered(['MW313']),
  },
  {
    code: 'IST0166',
    name: 'IneffectiveSelector',
    level: 'Warning',
    source: 'k8sgateway.SelectorAnalyzer (policies, Pod)',
    coverage: covered(
      ['MW330'],
      'AuthorizationPolicies, RequestAuthentications and Telemetries (WasmPlugins are not watched); one finding per policy naming the gateways, where istioctl reports each matching pod',
    ),
  },
  {
    code: 'IST0167',
    name: 'IneffectivePolicy',
    level: 'Warning',
    source: 'sidecar.SelectorAnalyzer and others',
    coverage: covered(
      ['MW812'],
      'the Sidecar form; MW113 is the PeerAuthentication form Istio does not report',
    ),
  },
  {
    code: 'IST0168',
    name: 'UnknownUpgradeCompatibility',
    level: 'Warning',
    source: 'istioctl upgrade precheck',
    coverage: notApplicable('compares against a target release'),
  },
  {
    code: 'IST0169',
    name: 'UpdateIncompatibility',
    level: 'Warning',
    source: 'istioctl upgrade precheck',
    coverage: notApplicable('compares against a target release'),
  },
  {
    code: 'IST0170',
    name: 'MultiClusterInconsistentService',
    level: 'Warning',
    source: 'multicluster.ServiceAnalyzer',
    coverage: notApplicable('each cluster is analysed on its own'),
  },
  {
    code: 'IST0171',
    name: 'NegativeConditionStatus',
    level: 'Warning',
    source: 'conditions analyzer (status conditions)',
    coverage: covered(['MW825']),
  },
  {
    code: 'IST0172',
    name: 'FutureUnsupportedGatewayAPIVersion',
    level: 'Warning',
    source: 'k8sgateway.CRDVersionAnalyzer',
    coverage: notApplicable('CustomResourceDefinitions are not read'),
  },
  {
    code: 'IST0173',
    name: 'DestinationRuleSubsetNotSelectPods',
    level: 'Error',
    source:
      'destinationrule.PodNotSelectedAnalyzer (DestinationRule, Pod, Service, ServiceEntry, Node)',
    coverage: covered(
      ['MW807'],
      'Nodes are not watched: a subset selecting by locality labels is not decided',
    ),
  },
  {
    code: 'IST0174',
    name: 'UnknownDestinationRuleHost',
    level: 'Warning',
    source: 'destinationrule.PodNotSelectedAnalyzer',
    coverage: covered(
      ['MW806'],
      'a wildcard host covering a visible Service or ServiceEntry host, such as the mesh-wide `*.local`, is not reported; istioctl looks it up literally and reports it',
    ),
  },
  {
    code: 'IST0175',
    name: 'JwksUriFetchUnrestricted',
    level: 'Warning',
    source:
      'authn.BlockedCIDRsAnalyzer (RequestAuthentication, istiod Deployment)',
    coverage: covered(
      ['MW604'],
      'as istioctl: only a literal env value counts, one set through valueFrom does not; an istiod read without any environment variables is undecided (the mesh backend’s cache drops container env)',
    ),
  },
  {
    code: 'IST0176',
    name: 'GatewayAPICRDVersionBelowMinimum',
    level: 'Warning',
    source: 'k8sgateway.CRDVersionAnalyzer',
    coverage: notApplicable('CustomResourceDefinitions are not read'),
  },
  {
    code: 'IST0177',
    name: 'ConflictingServiceEntryProtocol',
    level: 'Warning',
    source: 'serviceentry.ConflictingServiceEntryAnalyzer (ServiceEntry)',
    coverage: covered(['MW817']),
  },
];

const CROSS_NAMESPACE =
  'Kiali’s multi-cluster and namespace-access view; Meshwise analyses one cluster with cluster-wide read access';

export const KIALI_CODES: readonly UpstreamCode[] = [
  {
    code: 'KIA0002',
    name: 'generic.multimatch.selectorless',
    level: 'Error',
    source: 'Sidecar and policy multi-match checkers',
    coverage: covered(['MW811'], 'the Sidecar form'),
  },
  {
    code: 'KIA0003',
    name: 'generic.multimatch.selector',
    level: 'Error',
    source: 'Sidecar and policy multi-match checkers',
    coverage: covered(['MW810'], 'the Sidecar form'),
  },
  {
    code: 'KIA0004',
    name: 'generic.selector.workloadnotfound',
    level: 'Warning',
    source: 'workload selector checkers',
    coverage: covered(['MW402', 'MW809']),
  },
  {
    code: 'KIA0005',
    name: 'generic.exportto.namespacenotfound',
    level: 'Error',
    source: 'exportTo checker',
    coverage: covered(
      ['MW821'],
      'for VirtualServices, DestinationRules and ServiceEntries; ~ (export to none) is valid Istio syntax and not reported',
    ),
  },
  {
    code: 'KIA0101',
    name: 'authorizationpolicy.source.namespacenotfound',
    level: 'Warning',
    source: 'authorization checkers',
    coverage: covered(['MW403']),
  },
  {
    code: 'KIA0102',
    name: 'authorizationpolicy.to.wrongmethod',
    level: 'Warning',
    source: 'authorization checkers',
    coverage: covered(['MW407']),
  },
  {
    code: 'KIA0104',
    name: 'authorizationpolicy.nodest.matchingregistry',
    level: 'Error',
    source: 'authorization no-host checker',
    coverage: covered(
      ['MW408'],
      'hosts written as Host-header patterns (wildcards, two or more dots, a.b where b is no namespace) are not looked up, as Kiali does',
    ),
  },
  {
    code: 'KIA0105',
    name: 'authorizationpolicy.mtls.needstobeenabled',
    level: 'Error',
    source: 'authorization mTLS checker',
    coverage: covered(['MW406']),
  },
  {
    code: 'KIA0106',
    name: 'authorizationpolicy.source.principalnotfound',
    level: 'Error',
    source: 'authorization principals checker',
    coverage: covered(['MW404']),
  },
  {
    code: 'KIA0107',
    name: 'authorizationpolicy.source.principalremote',
    level: 'Warning',
    source: 'authorization principals checker',
    coverage: notApplicable(CROSS_NAMESPACE),
  },
  {
    code: 'KIA0108',
    name: 'authorizationpolicy.source.principalforeign',
    level: 'Warning',
    source: 'authorization principals checker',
    coverage: covered(
      ['MW409'],
      'known trust domains are the mesh config trustDomain and trustDomainAliases of the default revision, plus cluster.local, which istiod always reads as the local trust domain',
    ),
  },
  {
    code: 'KIA0109',
    name: 'authorizationpolicy.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW107', 'MW110'],
      'MW107 for selector-bound policies on ambient workloads, MW110 for policies attached to a Service',
    ),
  },
  {
    code: 'KIA0110',
    name: 'authorizationpolicy.ambient.l7notargetrefs',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW118'],
      'also for RequestAuthentications (KIA1115) and L7 Telemetries (KIA1117)',
    ),
  },
  {
    code: 'KIA0201',
    name: 'destinationrules.multimatch',
    level: 'Warning',
    source: 'DestinationRule multi-match checker',
    coverage: covered(
      ['MW827'],
      'every DestinationRule the cluster has; Kiali’s Sidecar import scope is not applied',
    ),
  },
  {
    code: 'KIA0202',
    name: 'destinationrules.nodest.matchingregistry',
    level: 'Error',
    source: 'DestinationRule no-destination checker',
    coverage: covered(['MW806']),
  },
  {
    code: 'KIA0203',
    name: 'destinationrules.nodest.subsetlabels',
    level: 'Error',
    source: 'DestinationRule no-destination checker',
    coverage: covered(['MW807']),
  },
  {
    code: 'KIA0204',
    name: 'destinationrules.trafficpolicy.notlssettings',
    level: 'Warning',
    source: 'DestinationRule traffic policy checker',
    coverage: covered(
      ['MW208'],
      'hosts outside the cluster, which `*.local` does not cover, are left alone; Kiali’s Sidecar import scope is not applied',
    ),
  },
  {
    code: 'KIA0205',
    name: 'destinationrules.mtls.meshpolicymissing',
    level: 'Error',
    source: 'DestinationRule mTLS checkers',
    coverage: covered(['MW205'], 'the mesh-wide form (host `*.local`)'),
  },
  {
    code: 'KIA0206',
    name: 'destinationrules.mtls.nspolicymissing',
    level: 'Error',
    source: 'DestinationRule mTLS checkers',
    coverage: covered(
      ['MW205'],
      'the namespace-wide form (host `*.<namespace>.svc.<cluster domain>`)',
    ),
  },
  {
    code: 'KIA0207',
    name: 'destinationrules.mtls.policymtlsenabled',
    level: 'Error',
    source: 'DestinationRule mTLS checkers',
    coverage: covered(['MW201']),
  },
  {
    code: 'KIA0208',
    name: 'destinationrules.mtls.meshpolicymtlsenabled',
    level: 'Error',
    source: 'DestinationRule mTLS checkers',
    coverage: covered(['MW201']),
  },
  {
    code: 'KIA0209',
    name: 'destinationrules.nodest.subsetnolabels',
    level: 'Warning',
    source: 'DestinationRule no-destination checker',
    coverage: covered(['MW828']),
  },
  {
    code: 'KIA0210',
    name: 'destinationrule.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW115'],
      'when no host is a Service in an ambient namespace and the rule’s own ambient namespace is enrolled in no waypoint',
    ),
  },
  {
    code: 'KIA0211',
    name: 'destinationrule.ambient.servicenotcaptured',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW116']),
  },
  {
    code: 'KIA0212',
    name: 'destinationrule.ambient.notinservicenamespace',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW117']),
  },
  {
    code: 'KIA0301',
    name: 'gateways.multimatch',
    level: 'Warning',
    source: 'Gateway multi-match checker',
    coverage: covered(['MW304']),
  },
  {
    code: 'KIA0302',
    name: 'gateways.selector',
    level: 'Warning',
    source: 'Gateway selector checker',
    coverage: covered(['MW307']),
  },
  {
    code: 'KIA0401',
    name: 'peerauthentication.mtls.destinationrulemissing',
    level: 'Error',
    source: 'mesh PeerAuthentication checker (auto mTLS off)',
    coverage: covered(
      ['MW206'],
      'auto mTLS as the default revision’s mesh config sets it; not decided while it cannot be read (MW508 is the Elasticsearch form)',
    ),
  },
  {
    code: 'KIA0501',
    name: 'peerauthentications.mtls.destinationrulemissing',
    level: 'Error',
    source: 'PeerAuthentication checker (auto mTLS off)',
    coverage: covered(['MW206'], 'as KIA0401, for a namespace'),
  },
  {
    code: 'KIA0505',
    name: 'peerauthentications.mtls.disabledestinationrulemissing',
    level: 'Error',
    source: 'PeerAuthentication checker (auto mTLS off)',
    coverage: covered(['MW207'], 'the namespace-wide form'),
  },
  {
    code: 'KIA0506',
    name: 'peerauthentications.mtls.disablemeshdestinationrulemissing',
    level: 'Error',
    source: 'PeerAuthentication checker (auto mTLS off)',
    coverage: covered(['MW207'], 'the mesh-wide form'),
  },
  {
    code: 'KIA0601',
    name: 'port.name.mismatch',
    level: 'Error',
    source: 'Service port checker',
    coverage: covered(
      ['MW818'],
      'Kiali checks the port name only; appProtocol is KIA0602',
    ),
  },
  {
    code: 'KIA0602',
    name: 'port.appprotocol.mismatch',
    level: 'Error',
    source: 'Service port checker',
    coverage: covered(['MW829']),
  },
  {
    code: 'KIA0701',
    name: 'service.deployment.port.mismatch',
    level: 'Warning',
    source: 'Service checker',
    coverage: covered(
      ['MW830'],
      'the Deployment is found by its pod template’s labels (what the Service selects), not by its own labels as Kiali does',
    ),
  },
  {
    code: 'KIA1004',
    name: 'sidecar.egress.servicenotfound',
    level: 'Warning',
    source: 'Sidecar egress checker',
    coverage: covered(['MW833'], 'wildcard names are not looked up'),
  },
  {
    code: 'KIA1006',
    name: 'sidecar.global.selector',
    level: 'Warning',
    source: 'Sidecar global checker',
    coverage: covered(['MW820']),
  },
  {
    code: 'KIA1007',
    name: 'sidecar.outboundtrafficpolicy.mode.ambiguous',
    level: 'Unknown',
    source: 'Sidecar checker',
    coverage: notApplicable(
      'a limitation of how Kiali reads the mesh config, not a cluster problem',
    ),
  },
  {
    code: 'KIA1101',
    name: 'virtualservices.nohost.hostnotfound',
    level: 'Error',
    source: 'VirtualService no-host checker',
    coverage: covered(['MW801']),
  },
  {
    code: 'KIA1102',
    name: 'virtualservices.nogateway',
    level: 'Error',
    source: 'VirtualService no-gateway checker',
    coverage: covered(['MW305']),
  },
  {
    code: 'KIA1104',
    name: 'virtualservices.route.singleweight',
    level: 'Warning',
    source: 'VirtualService route checker',
    coverage: notApplicable(
      'a style hint: a single destination always takes all traffic',
    ),
  },
  {
    code: 'KIA1105',
    name: 'virtualservices.route.repeatedsubset',
    level: 'Warning',
    source: 'VirtualService route checker',
    coverage: covered(['MW826']),
  },
  {
    code: 'KIA1106',
    name: 'virtualservices.singlehost',
    level: 'Warning',
    source: 'VirtualService single-host checker',
    coverage: covered(
      ['MW805', 'MW831'],
      'MW805 for mesh-bound VirtualServices as istioctl’s IST0109 counts them, MW831 for the same host on one Gateway (a gateway named without namespace is in the VirtualService’s); Kiali’s namespace-wildcard host form is not made',
    ),
  },
  {
    code: 'KIA1107',
    name: 'virtualservices.subsetpresent.subsetnotfound',
    level: 'Warning',
    source: 'VirtualService subset checker',
    coverage: covered(['MW804']),
  },
  {
    code: 'KIA1108',
    name: 'virtualservices.gateway.oldnomenclature',
    level: 'Unknown',
    source: 'VirtualService gateway checker',
    coverage: notApplicable(
      'a style hint (namespace/name for Gateway references)',
    ),
  },
  {
    code: 'KIA1109',
    name: 'virtualservice.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW115'],
      'as KIA0210, for mesh VirtualServices with HTTP or TLS routes',
    ),
  },
  {
    code: 'KIA1110',
    name: 'requestauthentication.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW115'],
      'with targetRefs, MW115 asks whether the attached Services are enrolled; Kiali asks of the namespace there too, which also warns about correctly enrolled Services',
    ),
  },
  {
    code: 'KIA1111',
    name: 'wasmplugin.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: notApplicable('WasmPlugin is not watched'),
  },
  {
    code: 'KIA1112',
    name: 'telemetry.ambient.l7nowaypoint',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(
      ['MW115'],
      'as KIA1110, for Telemetries with tracing, access logging or metric overrides',
    ),
  },
  {
    code: 'KIA1113',
    name: 'virtualservice.ambient.servicenotcaptured',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW116']),
  },
  {
    code: 'KIA1114',
    name: 'virtualservice.ambient.notinservicenamespace',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW117']),
  },
  {
    code: 'KIA1115',
    name: 'requestauthentication.ambient.l7notargetrefs',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW118']),
  },
  {
    code: 'KIA1116',
    name: 'wasmplugin.ambient.l7notargetrefs',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: notApplicable('WasmPlugin is not watched'),
  },
  {
    code: 'KIA1117',
    name: 'telemetry.ambient.l7notargetrefs',
    level: 'Warning',
    source: 'ambient policy checker',
    coverage: covered(['MW118']),
  },
  {
    code: 'KIA1211',
    name: 'serviceentries.multimatch',
    level: 'Warning',
    source: 'ServiceEntry checker',
    coverage: covered(
      ['MW832'],
      'the same protocol on the shared port; different protocols are MW817 (KIA1212)',
    ),
  },
  {
    code: 'KIA1212',
    name: 'serviceentries.port.protocol.conflict',
    level: 'Warning',
    source: 'ServiceEntry checker',
    coverage: covered(['MW817']),
  },
  {
    code: 'KIA1301',
    name: 'workload.authorizationpolicy.needstobecovered',
    level: 'Warning',
    source: 'uncovered workload checker',
    coverage: covered(['MW401']),
  },
  {
    code: 'KIA1311',
    name: 'workload.ambient.sidecarandlabel',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW112']),
  },
  {
    code: 'KIA1312',
    name: 'workload.ambient.waypointandnotambient',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW114']),
  },
  {
    code: 'KIA1313',
    name: 'workload.ambient.waypointnotfound',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(
      ['MW109'],
      'on the workload whose pods carry istio.io/use-waypoint, and on Namespaces, Services and ServiceEntries that carry it',
    ),
  },
  {
    code: 'KIA1314',
    name: 'workload.ambient.podsidecarlabelandambientredirection',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW112']),
  },
  {
    code: 'KIA1315',
    name: 'workload.ambient.podsidecarinjectandambientlabel',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW112']),
  },
  {
    code: 'KIA1316',
    name: 'workload.ambient.sidecarinambientnamespace',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW106']),
  },
  {
    code: 'KIA1317',
    name: 'workload.ambient.authpolicybutnowaypoint',
    level: 'Error',
    source: 'ambient workload checker',
    coverage: covered(['MW107']),
  },
  {
    code: 'KIA1401',
    name: 'k8sroutes.nok8sgateway',
    level: 'Error',
    source: 'HTTPRoute and GRPCRoute checkers',
    coverage: covered(['MW311']),
  },
  {
    code: 'KIA1402',
    name: 'k8sroutes.nohost.namenotfound',
    level: 'Error',
    source: 'HTTPRoute and GRPCRoute checkers',
    coverage: covered(
      ['MW312'],
      'references to another namespace are not decided: they need a ReferenceGrant, which is not watched',
    ),
  },
  {
    code: 'KIA1501',
    name: 'k8sgateways.multimatch.listener',
    level: 'Warning',
    source: 'Gateway API Gateway checker',
    coverage: covered(['MW315']),
  },
  {
    code: 'KIA1502',
    name: 'k8sgateways.multimatch.ip',
    level: 'Warning',
    source: 'Gateway API Gateway checker',
    coverage: covered(['MW316']),
  },
  {
    code: 'KIA1503',
    name: 'k8sgateways.unique.listener',
    level: 'Error',
    source: 'Gateway API Gateway checker',
    coverage: covered(['MW317']),
  },
  {
    code: 'KIA1504',
    name: 'k8sgateways.gatewayclassnotfound',
    level: 'Error',
    source: 'Gateway API Gateway checker',
    coverage: notApplicable(
      'compares with Kiali’s own configuration of gateway classes',
    ),
  },
  {
    code: 'KIA1601',
    name: 'k8sreferencegrants.from.namespacenotfound',
    level: 'Error',
    source: 'ReferenceGrant checker',
    coverage: notApplicable('ReferenceGrant is not watched'),
  },
  {
    code: 'KIA1701',
    name: 'workloadgroup.template.serviceaccount.notfound',
    level: 'Error',
    source: 'WorkloadGroup checker',
    coverage: notApplicable('WorkloadGroup is not watched'),
  },
  {
    code: 'KIA1702',
    name: 'workloadgroup.labels.duplicate',
    level: 'Error',
    source: 'WorkloadGroup checker',
    coverage: notApplicable('WorkloadGroup is not watched'),
  },
];
