import {
  CredentialState,
  DataPlaneMode,
  EckHealth,
  EntityClusterStatus,
  FindingCode,
  HostState,
  MtlsMode,
  ServiceRow,
  Severity,
  exposedHostStates,
} from '@meshwise/plugin-mesh-common';
import { CatalogMeshService } from '../catalog/CatalogSnapshot';

/** What one cluster contributes to a service's fleet row. */
export interface ServiceClusterPart {
  cluster: string;
  namespaces: string[];
  workloads: number;
  pods: number;
  dataPlanes: DataPlaneMode[];
  revisions: string[];
  mtlsModes: MtlsMode[];
  /** Worst first, each with the worst state of the findings about its exposures. */
  exposedHosts: HostState[];
  certificate?: ServiceRow['certificate'];
  eckHealths: EckHealth[];
  findingIds: string[];
  unknownReasons: string[];
}

/** A fleet row plus what the filters need but the row does not show. */
export interface ServiceRowEntry {
  row: ServiceRow;
  codes: FindingCode[];
}

// Worst first: a missing or expired credential outranks one merely unknown.
const CREDENTIAL_ORDER: CredentialState[] = [
  'missing',
  'expired',
  'notReady',
  'unknown',
  'expiring',
  'secretOnly',
  'ready',
];
const ECK_ORDER: EckHealth[] = ['red', 'yellow', 'unknown', 'green'];

const uniqSorted = (values: Iterable<string>) => [...new Set(values)].sort();

function worseCertificate(
  a: ServiceClusterPart['certificate'],
  b: ServiceClusterPart['certificate'],
): ServiceClusterPart['certificate'] {
  if (!a) return b;
  if (!b) return a;
  const rank =
    CREDENTIAL_ORDER.indexOf(a.state) - CREDENTIAL_ORDER.indexOf(b.state);
  if (rank !== 0) return rank < 0 ? a : b;
  return (a.daysToExpiry ?? Infinity) <= (b.daysToExpiry ?? Infinity) ? a : b;
}

/** Reduces one cluster's entity status to what its fleet row needs. */
export function serviceClusterPart(
  status: EntityClusterStatus,
): ServiceClusterPart {
  let certificate: ServiceClusterPart['certificate'];
  for (const workload of status.workloads) {
    for (const entry of workload.exposure.entries) {
      for (const credential of entry.credentials) {
        const days = credential.certificate?.daysToExpiry;
        // The certificate's own host, so the row does not pair a failing
        // certificate with a host that another, healthy one serves.
        certificate = worseCertificate(certificate, {
          state: credential.state,
          ...(days !== undefined ? { daysToExpiry: days } : {}),
          ...(entry.hosts[0] ? { host: entry.hosts[0] } : {}),
        });
      }
    }
  }
  const unknownReasons = [
    ...(status.unknown ? [status.unknown.message] : []),
    ...status.workloads.flatMap(w => [
      ...(w.dataPlane.unknown ? [w.dataPlane.unknown.message] : []),
      ...(w.mtls.unknown ? [w.mtls.unknown.message] : []),
      ...(w.exposure.unknown ? [w.exposure.unknown.message] : []),
    ]),
  ];
  return {
    cluster: status.cluster,
    namespaces: uniqSorted(status.workloads.map(w => w.namespace)),
    workloads: status.workloads.length,
    pods: status.workloads.reduce((n, w) => n + w.podCount, 0),
    // A cluster whose pods cannot be read makes the combined value unknown.
    dataPlanes: [
      ...status.workloads.map(w => w.dataPlane.mode),
      ...(status.unknown ? ['unknown' as const] : []),
    ],
    revisions: uniqSorted(status.workloads.flatMap(w => w.dataPlane.revisions)),
    mtlsModes: [
      ...status.workloads.map(w => w.mtls.mode),
      ...(status.unknown ? ['unknown' as const] : []),
    ],
    exposedHosts: exposedHostStates(
      status.findings,
      status.workloads.flatMap(w => w.exposure.entries),
    ),
    ...(certificate ? { certificate } : {}),
    eckHealths: status.eck.map(e => e.health),
    findingIds: status.findings.map(f => f.id),
    unknownReasons: uniqSorted(unknownReasons),
  };
}

const HOST_STATE_ORDER: readonly HostState['state'][] = [
  'error',
  'warning',
  'info',
  'ok',
];

/** Hosts of several clusters: each with its worst state, worst first, then by name. */
function mergeHostStates(states: readonly HostState[]): HostState[] {
  const rank = (s: HostState['state']) => HOST_STATE_ORDER.indexOf(s);
  const byHost = new Map<string, HostState>();
  for (const s of states) {
    const known = byHost.get(s.host);
    if (!known || rank(s.state) < rank(known.state)) byHost.set(s.host, s);
  }
  return [...byHost.values()].sort(
    (a, b) => rank(a.state) - rank(b.state) || (a.host < b.host ? -1 : 1), // hosts are unique here
  );
}

/** One value when all agree; `unknown` if any is unknown; otherwise the mix. */
function combine<T extends string>(
  values: readonly T[],
  mixed: T,
  unknown: T,
): T {
  if (values.length === 0) return unknown;
  if (values.includes(unknown)) return unknown;
  return values.every(v => v === values[0]) ? values[0] : mixed;
}

/**
 * A service's fleet row from its catalog entry and every cluster's part.
 * No workloads anywhere is `unknown` (with the reason), never "not in mesh".
 */
export function serviceRowOf(
  service: CatalogMeshService,
  parts: readonly ServiceClusterPart[],
  findingsById: ReadonlyMap<string, { severity: Severity; code: FindingCode }>,
): ServiceRowEntry {
  const present = parts.filter(p => p.workloads > 0);
  const findings: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const codes = new Set<FindingCode>();
  for (const id of new Set(parts.flatMap(p => p.findingIds))) {
    const finding = findingsById.get(id);
    if (!finding) continue; // suppressed
    findings[finding.severity]++;
    codes.add(finding.code);
  }
  let certificate: ServiceClusterPart['certificate'];
  for (const part of parts)
    certificate = worseCertificate(certificate, part.certificate);
  const eckHealths = parts.flatMap(p => p.eckHealths);
  const eckHealth = eckHealths.length
    ? ECK_ORDER.find(h => eckHealths.includes(h))
    : undefined;
  const unknownReasons = uniqSorted(parts.flatMap(p => p.unknownReasons));
  const hosts = mergeHostStates(parts.flatMap(p => p.exposedHosts));
  if (present.length === 0 && unknownReasons.length === 0) {
    const where = service.selection.namespace
      ? ` in namespace ${service.selection.namespace}`
      : '';
    unknownReasons.push(
      `No running pods match ${service.selection.labelSelector}${where} in ${
        parts.length
          ? parts.map(p => p.cluster).join(', ')
          : 'any configured cluster'
      }.`,
    );
  }
  const row: ServiceRow = {
    entityRef: service.entityRef,
    ...(service.title ? { title: service.title } : {}),
    ...(service.owner ? { owner: service.owner } : {}),
    clusters: present.map(p => p.cluster),
    namespaces: uniqSorted(present.flatMap(p => p.namespaces)),
    workloads: parts.reduce((n, p) => n + p.workloads, 0),
    pods: parts.reduce((n, p) => n + p.pods, 0),
    dataPlane: combine<DataPlaneMode>(
      parts.flatMap(p => p.dataPlanes),
      'partial',
      'unknown',
    ),
    revisions: uniqSorted(parts.flatMap(p => p.revisions)),
    mtls: combine<MtlsMode>(
      parts.flatMap(p => p.mtlsModes),
      'mixed',
      'unknown',
    ),
    exposedHosts: hosts.map(h => h.host),
    ...(hosts[0] && hosts[0].state !== 'ok' ? { worstHost: hosts[0] } : {}),
    ...(certificate ? { certificate } : {}),
    ...(eckHealth ? { eckHealth } : {}),
    findings,
    ...(unknownReasons.length
      ? { unknownReason: unknownReasons.join(' ') }
      : {}),
  };
  return { row, codes: [...codes].sort() };
}
