import {
  ClusterView,
  HostClaimCoverage,
  KindRef,
  KindSyncState,
  Kinds,
  WATCHED_KINDS,
} from '@meshwise/plugin-mesh-common';

/** The kinds whose objects claim hosts, as a person reads them. */
const GATEWAY_KINDS: ReadonlyArray<{ kind: KindRef; title: string }> = [
  { kind: Kinds.IstioGateway, title: 'Istio Gateways' },
  { kind: Kinds.K8sGateway, title: 'Gateway API Gateways' },
];

/** `gateways.networking.istio.io`: the resource as RBAC names it. */
function resourceOf(kind: KindRef): string {
  const watched = WATCHED_KINDS.find(
    w => w.group === kind.group && w.kind === kind.kind,
  );
  const plural = watched?.plural ?? `${kind.kind.toLowerCase()}s`;
  return kind.group ? `${plural}.${kind.group}` : plural;
}

/** What an operator can do about a Gateway kind in this state. */
function adviceFor(state: KindSyncState, resource: string): string {
  switch (state.status) {
    case 'forbidden':
      return `grant the mesh backend's service account list and watch on ${resource} (deploy/clusterrole.yaml of @meshwise/plugin-mesh-backend)`;
    case 'pending':
      return 'the cluster is still being read; try again in a moment';
    case 'stale':
      return 'the Gateways last listed may be out of date; the backend keeps retrying (see GET /api/mesh/clusters and the backend log), try again once the kind is synced';
    default:
      return "check that the cluster is reachable and that the mesh backend's credentials for it are valid (see GET /api/mesh/clusters and the backend log)";
  }
}

/**
 * Whether a cluster's host claims are all there are: both Gateway kinds
 * synced, or not installed as discovery says. Any other state (pending,
 * forbidden, error, stale) may hide a Gateway; the reason names each
 * such kind with its state and why, and what to do (the entry names the
 * cluster).
 */
export function hostClaimCoverageOf(view: ClusterView): HostClaimCoverage {
  const cluster = view.cluster;
  const gaps: string[] = [];
  for (const { kind, title } of GATEWAY_KINDS) {
    const state = view.kindState(kind);
    if (state.status === 'synced' || state.status === 'notInstalled') continue;
    const resource = resourceOf(kind);
    gaps.push(
      `${title} (${resource}) are ${state.status}${
        state.reason ? ` (${state.reason})` : ''
      }: ${adviceFor(state, resource)}`,
    );
  }
  return gaps.length
    ? { cluster, complete: false, reason: gaps.join('; ') }
    : { cluster, complete: true };
}
