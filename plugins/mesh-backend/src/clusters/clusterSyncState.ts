import { ClusterSyncState, KindSyncState } from '@meshwise/plugin-mesh-common';

/** Whether the API server answers at all, as the cache's probes found it. */
export interface ClusterReachability {
  reachable: boolean;
  since: string;
  reason?: string;
  url?: string;
}

/**
 * A cluster's overall state from its kinds' states: `unreachable` when the
 * API server does not answer (the probes say so) or nothing could be read
 * (and no kind was ever synced), `syncing` while some kind waits for its
 * first list, `degraded` when some kind is in error or stale, `synced`
 * otherwise (forbidden, not-installed and not-watched kinds are a definitive
 * answer; they show in `kinds`).
 */
export function clusterSyncState(
  cluster: { name: string; title?: string },
  kinds: readonly KindSyncState[],
  reachability?: ClusterReachability,
): ClusterSyncState {
  const base = {
    cluster: cluster.name,
    ...(cluster.title ? { title: cluster.title } : {}),
    kinds: [...kinds],
  };
  if (reachability && !reachability.reachable) {
    const where = reachability.url ? ` at ${reachability.url}` : '';
    return {
      ...base,
      status: 'unreachable',
      reason: `the API server${where} cannot be reached since ${
        reachability.since
      }${
        reachability.reason ? `: ${reachability.reason}` : ''
      }. Data shown is the last known, as of then. Check that the API server is up and reachable from the portal (network, DNS, firewall, its URL in the config)`,
    };
  }
  const withStatus = (...statuses: KindSyncState['status'][]) =>
    kinds.filter(kind => statuses.includes(kind.status));
  // Kinds not read by configuration were never asked for: they prove nothing.
  const read = withStatus('synced', 'stale', 'forbidden', 'notInstalled');
  const failing = withStatus('error');
  if (kinds.length && read.length === 0 && failing.length) {
    return {
      ...base,
      status: 'unreachable',
      reason: failing[0].reason ?? describe(failing[0]),
    };
  }
  const pending = withStatus('pending');
  if (pending.length) {
    return {
      ...base,
      status: 'syncing',
      reason: `${pending.length} of ${kinds.length} kinds not listed yet`,
    };
  }
  const broken = withStatus('error', 'stale');
  if (broken.length) {
    return {
      ...base,
      status: 'degraded',
      reason: broken.map(describe).join('; '),
    };
  }
  return { ...base, status: 'synced' };
}

function describe(state: KindSyncState): string {
  const kind = state.group ? `${state.kind}.${state.group}` : state.kind;
  return `${kind} is ${state.status}${state.reason ? `: ${state.reason}` : ''}`;
}
