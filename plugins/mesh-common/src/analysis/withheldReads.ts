import { kindKey } from '../kinds';
import { KindRef } from '../types/kube';
import { KindSyncStatus } from '../types/sync';
import { UnknownInfo, UnknownReason } from '../types/unknown';
import { ClusterView } from '../view/ClusterView';

/**
 * States in which a kind's objects in the view cannot be trusted as
 * current: stale (the last known ones), or none read in the first place
 * (pending, error, forbidden). `notInstalled` and `notWatched` are not
 * among them: there are no objects of such a kind, and that is the answer.
 */
const UNTRUSTED: ReadonlySet<KindSyncStatus> = new Set<KindSyncStatus>([
  'stale',
  'pending',
  'error',
  'forbidden',
]);

const REASONS: Partial<Record<KindSyncStatus, UnknownReason>> = {
  stale: 'stale',
  pending: 'pending',
  error: 'error',
  forbidden: 'forbidden',
};

/**
 * Why findings built from these kinds must be withheld (undefined when they
 * can be served): a finding about an object last seen minutes ago, or about
 * a policy no longer readable, is not served as current.
 */
export function withheldReads(
  view: ClusterView,
  kinds: readonly KindRef[],
): UnknownInfo | undefined {
  const problems = kinds
    .map(kind => view.kindState(kind))
    .filter(state => UNTRUSTED.has(state.status));
  if (problems.length === 0) return undefined;
  const first = problems[0];
  return {
    reason: REASONS[first.status] ?? 'error',
    message: `findings withheld in cluster ${view.cluster}: ${problems
      .map(
        p =>
          `${p.kind}${p.group ? ` (${p.group})` : ''} is ${p.status}${
            p.reason ? `: ${p.reason}` : ''
          }`,
      )
      .join('; ')}`,
    kinds: problems.map(p => kindKey(p)),
    since: first.since,
  };
}

/** A check whose findings were withheld, and why. */
export interface WithheldCheck {
  check: string;
  unknown: UnknownInfo;
}
