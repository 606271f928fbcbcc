import type { ClusterSyncState } from '@meshwise/plugin-mesh-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import { StatusChip } from '../common/StatusChip';
import { clusterSyncPresentation } from '../common/statusTones';
import { formatAge } from '../entityStatus/formatAge';

/** Kinds a person should look at: everything not synced but what is not read by choice. */
function kindsNotSynced(cluster: ClusterSyncState) {
  return cluster.kinds.filter(
    k => k.status !== 'synced' && k.status !== 'notWatched',
  );
}

/** The oldest time any kind of the cluster has been serving last-known data. */
function staleSince(cluster: ClusterSyncState): string | undefined {
  return cluster.kinds
    .filter(k => k.status === 'stale')
    .map(k => k.since)
    .sort()[0];
}

/** The clusters the backend watches; anything not synced makes parts of the figures unknown. */
export const ClusterSyncTable = ({
  clusters,
}: {
  clusters: ClusterSyncState[];
}) => (
  <InfoCard
    title="Clusters"
    titleTypographyProps={{ component: 'h2', variant: 'h6' }}
  >
    <Table size="small" aria-label="Clusters">
      <TableHead>
        <TableRow>
          <TableCell>Cluster</TableCell>
          <TableCell>Cache</TableCell>
          <TableCell>Kubernetes</TableCell>
          <TableCell>Kinds not synced</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clusters.map(c => {
          const p = clusterSyncPresentation[c.status];
          const notSynced = kindsNotSynced(c);
          const notWatched = c.kinds.filter(k => k.status === 'notWatched');
          const lastKnown = staleSince(c);
          return (
            <TableRow key={c.cluster}>
              <TableCell>{c.title ?? c.cluster}</TableCell>
              <TableCell>
                <StatusChip tone={p.tone} label={p.label} title={c.reason} />
                {lastKnown && (
                  <Typography
                    variant="body2"
                    component="p"
                    data-testid="cluster-stale-data"
                  >
                    Last known data, {formatAge(lastKnown)} old (since{' '}
                    {lastKnown})
                  </Typography>
                )}
                {c.reason && (
                  <Typography
                    variant="caption"
                    component="p"
                    color="textSecondary"
                  >
                    {c.reason}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{c.version ?? '—'}</TableCell>
              <TableCell>
                {notSynced.length === 0
                  ? 'None'
                  : notSynced.map(k => (
                      <Typography key={`${k.group}/${k.kind}`} variant="body2">
                        {k.kind}
                        {k.group ? ` (${k.group})` : ''}: {k.status}
                        {k.status === 'stale'
                          ? ` for ${formatAge(k.since)}`
                          : ''}
                        {k.reason ? ` — ${k.reason}` : ''}
                      </Typography>
                    ))}
                {notWatched.map(k => (
                  <Typography
                    key={`${k.group}/${k.kind}`}
                    variant="body2"
                    color="textSecondary"
                  >
                    {k.kind}
                    {k.group ? ` (${k.group})` : ''}: not read by configuration
                  </Typography>
                ))}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  </InfoCard>
);
