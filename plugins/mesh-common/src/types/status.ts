import { Finding, FindingCode } from './findings';
import { ObjectRef } from './kube';
import { UnknownInfo } from './unknown';
import type { KindSyncState } from './sync';

// ---------------------------------------------------------------- data plane

/** How a pod takes part in the mesh. */
export type PodDataPlaneMode =
  | 'sidecar'
  | 'ambient'
  | 'ambient+waypoint'
  | 'none';

/** A workload's data plane; `partial` when its pods disagree. */
export type DataPlaneMode = PodDataPlaneMode | 'partial' | 'unknown';

export interface PodDataPlane {
  pod: string;
  mode: PodDataPlaneMode;
  /** Sidecar pods: the revision that injected the proxy (`default` when none is named). */
  revision?: string;
  proxyImage?: string;
  /** Version from the proxy image tag, e.g. `1.24.3`. */
  proxyVersion?: string;
  /** Ambient pods: the waypoint that handles their traffic, as `namespace/name`. */
  waypoint?: string;
  phase?: string;
}

export interface ControlPlaneRevisionRef {
  /** The revision named by labels (may be a revision tag). */
  revision: string;
  /** The revision the tag resolves to, when `revision` is a tag. */
  resolvedRevision?: string;
  /** istiod's version from its image tag, when the control plane was found. */
  version?: string;
  istiod?: ObjectRef;
  found: boolean | 'unknown';
}

export interface DataPlaneStatus {
  mode: DataPlaneMode;
  /** Set when mode is `unknown`. */
  unknown?: UnknownInfo;
  /** What the namespace and pod labels ask for. */
  expected: 'sidecar' | 'ambient' | 'none' | 'unknown';
  pods: PodDataPlane[];
  revisions: string[];
  proxyVersions: string[];
  controlPlanes: ControlPlaneRevisionRef[];
  waypoints: ObjectRef[];
  /** Facts a reader needs to interpret the mode (why a pod is not captured, ...). */
  notes: string[];
}

// ---------------------------------------------------------------- mTLS

/** Effective peer-authentication mode; `mixed` when pods or ports disagree. */
export type MtlsMode =
  | 'STRICT'
  | 'PERMISSIVE'
  | 'DISABLE'
  | 'mixed'
  | 'unknown';

export type DestinationRuleTlsMode =
  | 'DISABLE'
  | 'SIMPLE'
  | 'MUTUAL'
  | 'ISTIO_MUTUAL'
  | 'unset';

/** One step of the explanation of an effective setting, most general first. */
export interface ChainLink {
  level:
    | 'default'
    | 'mesh'
    | 'namespace'
    | 'workload'
    | 'port'
    | 'dataPlane'
    | 'destinationRule';
  /** The object that contributed; absent for Istio's built-in defaults. */
  ref?: ObjectRef;
  /** What it contributed, e.g. `STRICT`, `UNSET (inherits PERMISSIVE)`. */
  effect: string;
}

export interface DestinationRuleTls {
  ref: ObjectRef;
  /** The Service (name, in the workload's namespace) the rule was matched for. */
  service?: string;
  host: string;
  mode: DestinationRuleTlsMode;
  /** Service port for a port-level setting; absent for the rule-wide setting. */
  servicePort?: number;
  /** Whose traffic it shapes: `all clients` or `clients in <namespace>`. */
  scope: string;
}

export interface PortMtls {
  /** The workload (container / target) port; PeerAuthentication keys ports this way. */
  port: number;
  name?: string;
  servicePorts: { service: string; port: number; name?: string }[];
  mode: MtlsMode;
  unknown?: UnknownInfo;
  chain: ChainLink[];
  destinationRules: DestinationRuleTls[];
}

export interface MtlsStatus {
  /** Summary over ports: the common mode, or `mixed`. */
  mode: MtlsMode;
  unknown?: UnknownInfo;
  /** The workload-level mode before port overrides. */
  workloadMode: MtlsMode;
  chain: ChainLink[];
  ports: PortMtls[];
  destinationRules: DestinationRuleTls[];
  /** Set when DestinationRules could not be read (the server side above is still valid). */
  destinationRulesUnknown?: UnknownInfo;
}

// ---------------------------------------------------------------- exposure

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface IssuerStatus {
  ref: ObjectRef;
  /** `missing` when the Certificate names an issuer that does not exist. */
  ready: ConditionStatus | 'missing' | 'unknown';
  /** acme, ca, vault, selfSigned, venafi, ... */
  type?: string;
}

export type CredentialState =
  | 'ready'
  | 'expiring'
  | 'expired'
  | 'notReady'
  | 'missing'
  | 'secretOnly'
  | 'unknown';

export interface CertificateStatus {
  ref: ObjectRef;
  secretName: string;
  ready: ConditionStatus;
  reason?: string;
  message?: string;
  notAfter?: string;
  renewalTime?: string;
  /** Days until notAfter, rounded up while valid (negative when expired). */
  daysToExpiry?: number;
  failedIssuanceAttempts?: number;
  dnsNames: string[];
  issuer?: IssuerStatus;
  state: CredentialState;
}

export interface CredentialStatus {
  /** Secret name (Istio credentialName, Gateway API certificateRef). */
  name: string;
  /** The namespace it is looked up in: the gateway workload's (Istio) or the Gateway's (Gateway API). */
  namespace: string;
  state: CredentialState;
  unknown?: UnknownInfo;
  certificate?: CertificateStatus;
  secret: 'present' | 'absent' | 'unknown';
}

export interface ExposureEntry {
  via: 'istio' | 'gatewayApi';
  gateway: ObjectRef;
  route: ObjectRef;
  /** Namespaces of the pods serving the gateway. */
  gatewayWorkloadNamespaces: string[];
  hosts: string[];
  port: number;
  protocol: string;
  /** Istio server TLS mode or Gateway API listener TLS mode; `none` for plaintext. */
  tlsMode: string;
  credentials: CredentialStatus[];
  service: ObjectRef;
  servicePort?: number;
}

export interface ExposureStatus {
  exposed: boolean | 'unknown';
  /** Set when some sources could not be read; `entries` then lists what could. */
  unknown?: UnknownInfo;
  entries: ExposureEntry[];
}

// ---------------------------------------------------------------- authorization

export type AuthorizationAction = 'ALLOW' | 'DENY' | 'CUSTOM' | 'AUDIT';

export interface AuthorizationSources {
  principals: string[];
  notPrincipals: string[];
  namespaces: string[];
  notNamespaces: string[];
  ipBlocks: string[];
  notIpBlocks: string[];
  requestPrincipals: string[];
  notRequestPrincipals: string[];
}

export interface AppliedAuthorizationPolicy {
  ref: ObjectRef;
  action: AuthorizationAction;
  /** mesh: root namespace, no selector; namespace: no selector; workload: selector; targetRef: attached to a Gateway/Service/waypoint. */
  scope: 'mesh' | 'namespace' | 'workload' | 'targetRef';
  provider?: string;
  ruleCount: number;
  /** One line: "ALLOW from namespaces istio-system when request.auth.claims[...]", "allow nothing", ... */
  summary: string;
  sources: AuthorizationSources;
  requiresJwt: boolean;
  /** Uses attributes only an L7 proxy can evaluate (paths, methods, JWT, headers). */
  usesL7: boolean;
}

export interface AppliedRequestAuthentication {
  ref: ObjectRef;
  scope: 'mesh' | 'namespace' | 'workload' | 'targetRef';
  issuers: string[];
}

export interface AuthorizationStatus {
  unknown?: UnknownInfo;
  policies: AppliedAuthorizationPolicy[];
  requestAuthentications: AppliedRequestAuthentication[];
  /** What happens to a request no policy mentions: allowed, unless an ALLOW policy applies. */
  defaultDecision: 'allow' | 'deny' | 'unknown';
  /** Union of the sources ALLOW policies admit. */
  allowedSources: AuthorizationSources;
  jwt: { required: boolean; issuers: string[] };
}

// ---------------------------------------------------------------- ECK

export type EckKind = 'Elasticsearch' | 'Kibana' | 'ApmServer';
export type EckHealth = 'green' | 'yellow' | 'red' | 'unknown';

export interface EckCheck {
  code: FindingCode;
  title: string;
  /** `info`: satisfied, with a consequence worth knowing (an info finding). */
  state: 'pass' | 'fail' | 'info' | 'unknown' | 'notApplicable';
  message: string;
}

export interface EckResourceStatus {
  ref: ObjectRef;
  kind: EckKind;
  version?: string;
  health: EckHealth;
  phase?: string;
  unknown?: UnknownInfo;
  associations: { kind: string; status: string }[];
  httpSelfSignedTlsDisabled: boolean;
  dataPlane: DataPlaneMode;
  mtls: MtlsMode;
  checks: EckCheck[];
}

// ---------------------------------------------------------------- workload / entity

export interface WorkloadStatus {
  /** The controller (Deployment, StatefulSet, ...) or, for bare pods, the pod. */
  workload: ObjectRef;
  namespace: string;
  podCount: number;
  serviceAccounts: string[];
  services: ObjectRef[];
  dataPlane: DataPlaneStatus;
  mtls: MtlsStatus;
  exposure: ExposureStatus;
  authorization: AuthorizationStatus;
}

/** Everything Meshwise knows about one entity's workloads in one cluster. */
export interface EntityClusterStatus {
  cluster: string;
  generatedAt: string;
  workloads: WorkloadStatus[];
  eck: EckResourceStatus[];
  /**
   * Set when `eck` is empty because ECK kinds are not installed or not
   * readable: "none" cannot be told from "cannot see them".
   */
  eckUnknown?: UnknownInfo;
  findings: Finding[];
  /** Set when the selection itself could not be evaluated (pods not readable). */
  unknown?: UnknownInfo;
  /** Kinds not synced, which make parts of this status unknown. */
  degradedKinds: KindSyncState[];
  /** Checks that failed on unexpected input (reported instead of thrown). */
  errors?: string[];
}
