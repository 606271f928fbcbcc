import type {
  EntityMeshStatus,
  KindSyncState,
} from '@meshwise/plugin-mesh-common';
import { Alert, AlertTitle } from '@material-ui/lab';
import { formatAge } from './formatAge';

/** One cluster whose data for this entity is the last known, not current. */
export interface StaleCluster {
  cluster: string;
  /** The oldest `since` of its stale kinds: the data is at least this old. */
  since: string;
  kinds: KindSyncState[];
}

/** The clusters of an entity status that serve last-known data, oldest first. */
export function staleClustersOf(status: EntityMeshStatus): StaleCluster[] {
  return status.clusters
    .map(c => {
      const kinds = c.degradedKinds.filter(k => k.status === 'stale');
      const since = kinds.map(k => k.since).sort()[0];
      return { cluster: c.cluster, since, kinds };
    })
    .filter((c): c is StaleCluster => c.kinds.length > 0 && !!c.since)
    .sort((a, b) => a.since.localeCompare(b.since));
}

function kindList(kinds: readonly KindSyncState[]): string {
  const names = kinds.map(k => (k.group ? `${k.kind} (${k.group})` : k.kind));
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4
    ? `${shown} and ${names.length - 4} more kinds`
    : shown;
}

/**
 * Says that what the card or tab shows is last-known data, how old it is,
 * and why, so an outage never passes for a current status.
 */
export const StaleDataNotice = (props: {
  status: EntityMeshStatus;
  nowMs?: number;
}) => {
  const stale = staleClustersOf(props.status);
  if (stale.length === 0) return null;
  return (
    <>
      {stale.map(c => (
        <Alert
          key={c.cluster}
          severity="warning"
          role="status"
          data-testid="mesh-stale-data"
        >
          <AlertTitle>
            Last known data from cluster {c.cluster},{' '}
            {formatAge(c.since, props.nowMs)} old
          </AlertTitle>
          Reading {kindList(c.kinds)} has been failing since {c.since}; what
          depends on it is shown as unknown. {c.kinds[0].reason}
        </Alert>
      ))}
    </>
  );
};
