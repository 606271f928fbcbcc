/**
 * What the demo scenario (`packages/demo-cluster/scenario`) encodes, written
 * down as plain facts so tests of the backend, the analyzers and the UI can
 * assert against them instead of re-deriving the story. Every object named
 * here exists in the scenario (checked by demoExpectations.test.ts).
 *
 * The facts are rows in `demoExpectationTable.ts`; this module only joins them
 * into the per-topic views below, so each fact is written once.
 *
 * Times are offsets from the moment the scenario was loaded: the manifests use
 * `{{now±N}}` tokens, so "expires in 5 days" holds whenever the demo runs. Use
 * `expectedTimestamp()` to turn an offset into the timestamp the loader wrote.
 */
import {
  CERTIFICATE_ROWS,
  CertificateRow,
  COMPONENT_ROWS,
  ComponentRow,
  DEFAULT_REVISION_TAG,
  ECK_CHECKS,
  ECK_STACK_ROWS,
  EckStackRow,
  EXPOSURE_ROWS,
  ExposureRow,
  FINDING_ROWS,
  FindingRow,
  NAMESPACE_ROWS,
  REVISION_ROWS,
} from './demoExpectationTable';
import { formatKubeTime } from './relativeTime';

export const DEMO_CLUSTER_NAME = 'demo';

/** Identifies one object; `apiVersion` is given where the kind alone is ambiguous (Istio vs Gateway API `Gateway`). */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
  apiVersion?: string;
}

export type DataPlaneMode =
  | 'sidecar'
  | 'ambient'
  | 'ambient+waypoint'
  | 'none'
  | 'partial';
export type EffectiveMtls = 'STRICT' | 'PERMISSIVE' | 'DISABLE' | 'not-in-mesh';
export type GatewayTlsMode = 'MUTUAL' | 'SIMPLE' | 'Terminate' | 'none';
export type EckHealth = 'green' | 'yellow' | 'red';

export interface ExposureExpectation {
  host: string;
  port: number;
  gateway: ObjectRef;
  /** the VirtualService or HTTPRoute that routes the host to this service */
  route: ObjectRef;
  tlsMode: GatewayTlsMode;
  /** the Certificate behind credentialName / certificateRefs, when there is one */
  certificate?: ObjectRef;
  certificateReady?: boolean;
  /** whole days from load time to the certificate's notAfter */
  daysToExpiry?: number;
  /** the finding that makes this exposure not work as written */
  problem?: string;
}

export interface EckExpectation {
  resources: ObjectRef[];
  /** status.health per resource kind */
  health: Partial<Record<'Elasticsearch' | 'Kibana' | 'ApmServer', EckHealth>>;
  /** ECK finding codes (MW5xx) that must not fire for these resources */
  passes: string[];
  /** ECK finding codes that must fire */
  fails: string[];
}

export interface ComponentExpectation {
  owner: string;
  namespaces: string[];
  podCount: number;
  dataPlane: DataPlaneMode;
  /** `istio.io/rev` of the pods that carry a sidecar */
  revisions: string[];
  /** versions of the istio-proxy images in the pods */
  proxyVersions: string[];
  /** pods running an older proxy than their namespace's revision now injects */
  podsToRestart: number;
  /** effective inbound mTLS per namespace the component runs in */
  mtls: Record<string, EffectiveMtls>;
  exposure: ExposureExpectation[];
  /** AuthorizationPolicies that select the component's pods, as `namespace/name` */
  authorizationPolicies: string[];
  eck?: EckExpectation;
}

export interface NamespaceExpectation {
  owner: string;
  dataPlane: 'sidecar' | 'ambient' | 'none';
  /** the revision whose injector serves the namespace; `default` is the tag */
  revision?: string;
  /** the revision the namespace resolves to after tags and label precedence */
  effectiveRevision?: string;
  /** the revision named has no istiod */
  controlPlaneMissing?: boolean;
  conflictingInjectionLabels?: boolean;
  waypoint?: string;
  denyByDefaultNetworkPolicy: boolean;
}

export interface RevisionExpectation {
  version: string;
  /** namespaces whose label selects this revision (directly or through the default tag) */
  namespaces: string[];
  /** running pods whose sidecar was injected by this revision */
  sidecarPods: number;
  inUse: boolean;
}

export interface CertificateExpectation {
  ref: ObjectRef;
  ready: boolean;
  /** offset in days from load time to notAfter; absent when never issued */
  daysToExpiry?: number;
  daysToRenewal?: number;
  failedIssuanceAttempts?: number;
  reason?: string;
  usedBy: ObjectRef[];
}

export interface FindingExpectation {
  code: string;
  /** the objects the finding names; workload-level findings name the Deployment/StatefulSet */
  objects: ObjectRef[];
  why: string;
}

export interface DemoExpectations {
  cluster: string;
  revisions: Record<string, RevisionExpectation>;
  defaultRevisionTag: string;
  components: Record<string, ComponentExpectation>;
  namespaces: Record<string, NamespaceExpectation>;
  certificates: Record<string, CertificateExpectation>;
  findings: FindingExpectation[];
  absentFindings: FindingExpectation[];
}

const refKey = (ref: ObjectRef) =>
  `${ref.kind} ${ref.namespace ?? ''}/${ref.name}`;

function certificateRow(ref: ObjectRef): CertificateRow {
  const row = CERTIFICATE_ROWS.find(c => refKey(c.ref) === refKey(ref));
  if (!row) throw new Error(`no certificate row for ${refKey(ref)}`);
  return row;
}

function exposureOf({ component, ...row }: ExposureRow): ExposureExpectation {
  if (!row.certificate) return row;
  const { ready, daysToExpiry } = certificateRow(row.certificate);
  return {
    ...row,
    certificateReady: ready,
    ...(daysToExpiry !== undefined && { daysToExpiry }),
  };
}

function eckOf(row: EckStackRow): EckExpectation {
  const resources = Object.keys(row.health).map(kind => ({
    kind,
    namespace: row.namespace,
    name: row.name,
  }));
  const ours = new Set(resources.map(refKey));
  const fails = FINDING_ROWS.filter(
    f =>
      f.fires &&
      ECK_CHECKS.includes(f.code) &&
      f.objects.some(o => ours.has(refKey(o))),
  ).map(f => f.code);
  return {
    resources,
    health: row.health,
    passes: row.passes,
    fails: [...new Set(fails)],
  };
}

function versionOf(revision: string): string {
  const row = REVISION_ROWS.find(r => r.revision === revision);
  if (!row) throw new Error(`no revision row for ${revision}`);
  return row.version;
}

function componentOf({
  name,
  revisions = [],
  podsToRestart = 0,
  authorizationPolicies = [],
  ...facts
}: ComponentRow): ComponentExpectation {
  const eck = ECK_STACK_ROWS.find(s => s.component === name);
  return {
    ...facts,
    revisions,
    proxyVersions: revisions.map(versionOf),
    podsToRestart,
    exposure: EXPOSURE_ROWS.filter(e => e.component === name).map(exposureOf),
    authorizationPolicies,
    ...(eck && { eck: eckOf(eck) }),
  };
}

function gatewaysUsing(certificate: ObjectRef): ObjectRef[] {
  const gateways = new Map<string, ObjectRef>();
  for (const e of EXPOSURE_ROWS) {
    if (e.certificate && refKey(e.certificate) === refKey(certificate))
      gateways.set(refKey(e.gateway), e.gateway);
  }
  return [...gateways.values()];
}

const withoutFires = ({ fires, ...finding }: FindingRow): FindingExpectation =>
  finding;

export const demoExpectations: DemoExpectations = {
  cluster: DEMO_CLUSTER_NAME,
  defaultRevisionTag: DEFAULT_REVISION_TAG,
  revisions: Object.fromEntries(
    REVISION_ROWS.map(({ revision, ...row }) => [
      revision,
      {
        ...row,
        namespaces: NAMESPACE_ROWS.filter(
          n => n.effectiveRevision === revision,
        ).map(n => n.name),
      },
    ]),
  ),
  namespaces: Object.fromEntries(
    NAMESPACE_ROWS.map(({ name, ...row }) => [name, row]),
  ),
  components: Object.fromEntries(
    COMPONENT_ROWS.map(row => [row.name, componentOf(row)]),
  ),
  certificates: Object.fromEntries(
    CERTIFICATE_ROWS.map(row => [
      row.ref.name,
      { ...row, usedBy: gatewaysUsing(row.ref) },
    ]),
  ),
  findings: FINDING_ROWS.filter(f => f.fires).map(withoutFires),
  absentFindings: FINDING_ROWS.filter(f => !f.fires).map(withoutFires),
};

/**
 * The timestamp a `{{now±N d}}` token resolved to, for a scenario loaded at
 * `loadedAt` (e.g. a certificate's notAfter from its `daysToExpiry`).
 */
export function expectedTimestamp(loadedAt: Date, offsetDays: number): string {
  return formatKubeTime(loadedAt.getTime() + offsetDays * 86_400_000);
}
