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
          const notSynced = c.kinds.filter(k => k.status !== 'synced');
          return (
            <TableRow key={c.cluster}>
              <TableCell>{c.title ?? c.cluster}</TableCell>
              <TableCell>
                <StatusChip tone={p.tone} label={p.label} title={c.reason} />
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
                        {k.reason ? ` — ${k.reason}` : ''}
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
