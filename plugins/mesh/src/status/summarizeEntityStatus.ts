import type {
  CredentialState,
  CredentialStatus,
  DataPlaneMode,
  EckResourceStatus,
  EntityMeshStatus,
  ExposureEntry,
  Finding,
  KindSyncState,
  MtlsMode,
  ObjectRef,
  Severity,
  UnknownInfo,
  WorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import type { MeshSection, SectionState } from '@meshwise/plugin-mesh-common';
import {
  exposureFindings,
  isProxyBypass,
  sectionFindings,
  severityRank,
  unattachedExposureFindings,
  worstState,
} from '@meshwise/plugin-mesh-common';

/**
 * What the entity's page should say first. The empty cases are distinct
 * because the fix differs: annotate the entity, fix the selector or cluster
 * name, grant access, or enrol the namespace in the mesh.
 */
export type EntityMeshState =
  /** No Kubernetes annotations: nothing selects workloads. */
  | 'noSelection'
  /** The selection applies to no configured cluster. */
  | 'noClusters'
  /** Every cluster was read and no workload matches. */
  | 'noWorkloads'
  /** Nothing matched where the backend could look, and some cluster could not be read. */
  | 'unknown'
  /** Workloads exist, none has a proxy or ambient enrolment. */
  | 'notInMesh'
  | 'inMesh';

/** Workloads of the entity in one namespace of one cluster. */
export interface Placement {
  cluster: string;
  namespace: string;
  dataPlanes: DataPlaneMode[];
  revisions: string[];
  proxyVersions: string[];
  mtls: MtlsMode;
  workloads: number;
  pods: number;
}

/** One route by which a host reaches the entity's workloads. */
export interface ExposureSummary {
  key: string;
  cluster: string;
  entry: ExposureEntry;
  /** The worst state among the entry's credentials; undefined for plaintext. */
  credentialState?: CredentialState;
  /** The fewest days to expiry among its certificates. */
  daysToExpiry?: number;
  /** Findings naming an object of its chain (Gateway, route, Service, Certificate), most severe first. */
  findings: Finding[];
  /** The worst of those findings: a chain with an error is not shown green. */
  state: SectionState;
}

/** A part of the page and the findings it answers for. */
export interface SectionSummary {
  state: SectionState;
  /** Most severe first. */
  findings: Finding[];
}

export interface ClusterUnknown {
  cluster: string;
  info: UnknownInfo;
}

export type Verdict = 'ok' | 'warning' | 'error' | 'unknown';

export interface EntityMeshSummary {
  state: EntityMeshState;
  verdict: Verdict;
  placements: Placement[];
  /** mTLS over every workload: the common mode, or `mixed`. */
  mtls: MtlsMode;
  /** Every workload's DISABLE is its data plane's (no proxy, ports excluded): an intended exception. */
  mtlsBypassed: boolean;
  exposures: ExposureSummary[];
  /**
   * Exposure findings no exposure shows: routes naming the service that
   * reach it through no Gateway (a missing Gateway, an unserved host). They
   * say why it is not exposed.
   */
  unattachedExposureFindings: Finding[];
  /** Each section's worst state and findings. */
  sections: Record<MeshSection, SectionSummary>;
  eck: { cluster: string; resource: EckResourceStatus }[];
  /** Deduplicated, most severe first. */
  findings: Finding[];
  findingCounts: Record<Severity, number>;
  /** Pods whose proxy is older than their namespace's revision now injects (MW105). */
  podsToRestart: ObjectRef[];
  /** Clusters or kinds that could not be read, making parts of the status unknown. */
  unknowns: ClusterUnknown[];
  workloadCount: number;
  podCount: number;
}

const CREDENTIAL_RANK: Record<CredentialState, number> = {
  expired: 0,
  missing: 1,
  notReady: 2,
  unknown: 3,
  expiring: 4,
  secretOnly: 5,
  ready: 6,
};

const IN_MESH: DataPlaneMode[] = ['sidecar', 'ambient', 'ambient+waypoint'];

/** The common mode of several, `mixed` when they disagree; unknown wins over both. */
export function combineMtls(modes: readonly MtlsMode[]): MtlsMode {
  if (modes.length === 0) return 'unknown';
  if (modes.includes('unknown')) return 'unknown';
  return modes.every(m => m === modes[0]) ? modes[0] : 'mixed';
}

const uniqueSorted = (values: Iterable<string>) => [...new Set(values)].sort();

function kindUnknown(state: KindSyncState): UnknownInfo {
  const kind = `${state.group ? `${state.group}/` : ''}${state.kind}`;
  const reason = state.status === 'synced' ? 'error' : state.status;
  return {
    reason,
    message: `${kind}: ${state.status}${
      state.reason ? ` (${state.reason})` : ''
    }`,
    kinds: [kind],
    since: state.since,
  };
}

function placementsOf(
  cluster: string,
  workloads: WorkloadStatus[],
): Placement[] {
  const byNamespace = new Map<string, WorkloadStatus[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.namespace) ?? [];
    list.push(w);
    byNamespace.set(w.namespace, list);
  }
  return [...byNamespace.entries()].map(([namespace, list]) => ({
    cluster,
    namespace,
    dataPlanes: uniqueSorted(
      list.map(w => w.dataPlane.mode),
    ) as DataPlaneMode[],
    revisions: uniqueSorted(list.flatMap(w => w.dataPlane.revisions)),
    proxyVersions: uniqueSorted(list.flatMap(w => w.dataPlane.proxyVersions)),
    mtls: combineMtls(list.map(w => w.mtls.mode)),
    workloads: list.length,
    pods: list.reduce((n, w) => n + w.podCount, 0),
  }));
}

function worstCredential(credentials: CredentialStatus[]) {
  let state: CredentialState | undefined;
  let days: number | undefined;
  for (const c of credentials) {
    if (!state || CREDENTIAL_RANK[c.state] < CREDENTIAL_RANK[state]) {
      state = c.state;
    }
    const d = c.certificate?.daysToExpiry;
    if (d !== undefined && (days === undefined || d < days)) days = d;
  }
  return { state, days };
}

/** Most severe first, then by code and message. */
function sortFindings(list: Finding[]): Finding[] {
  return list.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

const SECTIONS: readonly MeshSection[] = [
  'exposure',
  'certificates',
  'mtls',
  'authorization',
  'networkPolicy',
];

function sectionsOf(
  findings: readonly Finding[],
): Record<MeshSection, SectionSummary> {
  return Object.fromEntries(
    SECTIONS.map(section => {
      const own = sectionFindings(findings, section);
      return [section, { state: worstState(own), findings: own }];
    }),
  ) as Record<MeshSection, SectionSummary>;
}

const refKey = (r: ObjectRef) =>
  `${r.cluster}/${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

/**
 * Reduces the backend's per-cluster status to what the card and the tab show
 * first. Pure, so every state can be tested without rendering.
 */
export function summarizeEntityStatus(
  status: EntityMeshStatus,
): EntityMeshSummary {
  const placements: Placement[] = [];
  const exposures = new Map<string, ExposureSummary>();
  const eck: EntityMeshSummary['eck'] = [];
  const findings = new Map<string, Finding>();
  const unknowns: ClusterUnknown[] = [];
  const mtlsModes: MtlsMode[] = [];
  let mtlsBypassed = true;
  let workloadCount = 0;
  let podCount = 0;

  for (const c of status.clusters) {
    if (c.unknown) unknowns.push({ cluster: c.cluster, info: c.unknown });
    // A kind the cluster-level reason already names would only repeat it.
    const named = new Set(c.unknown?.kinds ?? []);
    for (const k of c.degradedKinds) {
      // Not read by choice: the values that need it say so where they are.
      if (k.status === 'notWatched') continue;
      const info = kindUnknown(k);
      if (!info.kinds?.some(kind => named.has(kind))) {
        unknowns.push({ cluster: c.cluster, info });
      }
    }
    placements.push(...placementsOf(c.cluster, c.workloads));
    for (const w of c.workloads) {
      workloadCount++;
      podCount += w.podCount;
      mtlsModes.push(w.mtls.mode);
      if (
        !(w.mtls.ports.length
          ? w.mtls.ports.every(p => isProxyBypass(p.mode, p.chain))
          : isProxyBypass(w.mtls.mode, w.mtls.chain))
      )
        mtlsBypassed = false;
      for (const entry of w.exposure.entries) {
        const key = `${c.cluster}|${refKey(entry.gateway)}|${refKey(
          entry.route,
        )}|${entry.port}|${entry.hosts.join(',')}`;
        if (exposures.has(key)) continue;
        const worst = worstCredential(entry.credentials);
        const about = sortFindings(exposureFindings(c.findings, entry));
        exposures.set(key, {
          key,
          cluster: c.cluster,
          entry,
          findings: about,
          state: worstState(about),
          ...(worst.state ? { credentialState: worst.state } : {}),
          ...(worst.days !== undefined ? { daysToExpiry: worst.days } : {}),
        });
      }
    }
    for (const resource of c.eck) eck.push({ cluster: c.cluster, resource });
    for (const f of c.findings) findings.set(f.id, f);
  }

  const sortedFindings = sortFindings([...findings.values()]);
  const findingCounts: Record<Severity, number> = {
    error: 0,
    warning: 0,
    info: 0,
  };
  for (const f of sortedFindings) findingCounts[f.severity]++;

  const podsToRestart = new Map<string, ObjectRef>();
  for (const f of sortedFindings) {
    if (f.code !== 'MW105') continue;
    for (const o of f.objects) {
      if (o.kind === 'Pod') podsToRestart.set(refKey(o), o);
    }
  }

  const hasContent = workloadCount > 0 || eck.length > 0;
  let state: EntityMeshState;
  if (!status.selection) state = 'noSelection';
  else if (status.clusters.length === 0) state = 'noClusters';
  else if (!hasContent) {
    state = status.clusters.some(selectionUnreadable)
      ? 'unknown'
      : 'noWorkloads';
  } else if (
    workloadCount > 0 &&
    placements.every(p => p.dataPlanes.every(m => m === 'none'))
  ) {
    state = 'notInMesh';
  } else state = 'inMesh';

  let verdict: Verdict = 'ok';
  if (findingCounts.error > 0) verdict = 'error';
  else if (
    state === 'unknown' ||
    status.clusters.some(
      c =>
        c.unknown ||
        selectionUnreadable(c) ||
        hasUnknownValue(c.workloads) ||
        hasUnknownValue(c.eck),
    )
  )
    // Only what this entity's status depends on: a kind it does not use
    // (a Secret list refused, policies of other namespaces) leaves its
    // verdict alone, and is still listed in `unknowns`.
    verdict = 'unknown';
  else if (
    findingCounts.warning > 0 ||
    state === 'notInMesh' ||
    placements.some(p => p.dataPlanes.some(m => !IN_MESH.includes(m)))
  ) {
    verdict = 'warning';
  }
  if (
    state === 'noWorkloads' ||
    state === 'noSelection' ||
    state === 'noClusters'
  ) {
    verdict = 'unknown';
  }

  return {
    state,
    verdict,
    placements,
    mtls: combineMtls(mtlsModes),
    mtlsBypassed: workloadCount > 0 && mtlsBypassed,
    exposures: [...exposures.values()],
    unattachedExposureFindings: unattachedExposureFindings(
      sortedFindings,
      [...exposures.values()].map(e => e.entry),
    ),
    sections: sectionsOf(sortedFindings),
    eck,
    findings: sortedFindings,
    findingCounts,
    podsToRestart: [...podsToRestart.values()],
    unknowns,
    workloadCount,
    podCount,
  };
}

/**
 * Whether any value in these statuses is unknown (an `unknown` with a
 * reason anywhere inside), a configuration choice (`notWatched`) aside.
 */
function hasUnknownValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasUnknownValue);
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const unknown = record.unknown as { reason?: unknown } | undefined;
  if (
    unknown &&
    typeof unknown === 'object' &&
    typeof unknown.reason === 'string' &&
    unknown.reason !== 'notWatched'
  ) {
    return true;
  }
  return Object.values(record).some(hasUnknownValue);
}

/**
 * Whether workloads could be hiding in this cluster: the backend could not
 * evaluate the selection, or cannot read pods. Other kinds (a CRD the cluster
 * does not serve, policies it may not list) cannot hide workloads, so they do
 * not turn "no workloads match" into "unknown".
 */
function selectionUnreadable(c: EntityMeshStatus['clusters'][number]): boolean {
  return (
    Boolean(c.unknown) ||
    c.degradedKinds.some(
      k => k.group === '' && k.kind === 'Pod' && k.status !== 'synced',
    )
  );
}
