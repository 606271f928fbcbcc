import { InfoCard } from '@backstage/core-components';
import type {
  ControlPlaneRevisionRef,
  EntityClusterStatus,
  PodDataPlane,
  ObjectRef,
} from '@meshwise/plugin-mesh-common';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { ObjectRefLabel } from '../../common/ObjectRefLabel';
import { StatusChip } from '../../common/StatusChip';
import { DataPlaneChip } from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';
import { useReadableTableStyles } from '../../common/readableTables';
import { TruncatedText } from '../../common/TruncatedText';

function describePod(p: PodDataPlane): string {
  if (p.mode === 'sidecar') {
    return `${p.revision ?? 'default'} · ${
      p.proxyVersion ?? 'proxy version unknown'
    }`;
  }
  return p.mode === 'none' ? 'no proxy' : p.mode;
}

function describeControlPlane(cp: ControlPlaneRevisionRef): string {
  if (cp.found === true)
    return ` · istiod ${cp.version ?? '(version unknown)'}`;
  if (cp.found === false) return ' · no istiod for this revision';
  return ' · control plane unknown';
}

/**
 * Workloads and their pods: data plane, revision, proxy and control-plane
 * versions, and which pods need a restart after a revision upgrade (MW105).
 */
export const WorkloadsSection = (props: {
  clusters: EntityClusterStatus[];
  podsToRestart: ObjectRef[];
}) => {
  const tables = useReadableTableStyles();
  const restart = new Set(
    props.podsToRestart.map(p => `${p.cluster}/${p.namespace}/${p.name}`),
  );
  const rows = props.clusters.flatMap(c =>
    c.workloads.map(w => ({ cluster: c.cluster, w })),
  );
  return (
    <InfoCard title="Workloads and proxies">
      {rows.length === 0 ? (
        <Typography variant="body2">No workloads.</Typography>
      ) : (
        <Table
          size="small"
          aria-label="Workloads and proxies"
          className={tables.stacked}
        >
          <TableHead>
            <TableRow>
              <TableCell>Workload</TableCell>
              <TableCell>Cluster</TableCell>
              <TableCell>Data plane</TableCell>
              <TableCell>Pods (revision · proxy)</TableCell>
              <TableCell>Control plane</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(({ cluster, w }) => (
              <TableRow
                key={`${cluster}/${w.workload.kind}/${w.namespace}/${w.workload.name}`}
              >
                <TableCell data-label="Workload">
                  <ObjectRefLabel objectRef={w.workload} maxWidth="30ch" />
                  {w.dataPlane.notes.map(n => (
                    <Typography
                      key={n}
                      variant="caption"
                      component="p"
                      color="textSecondary"
                    >
                      {n}
                    </Typography>
                  ))}
                  {w.dataPlane.unknown && (
                    <UnknownNotice
                      info={w.dataPlane.unknown}
                      what="Data plane"
                    />
                  )}
                </TableCell>
                <TableCell data-label="Cluster">
                  <TruncatedText text={cluster} maxWidth="16ch" />
                </TableCell>
                <TableCell data-label="Data plane">
                  <DataPlaneChip mode={w.dataPlane.mode} />
                  {w.dataPlane.waypoints.map(wp => (
                    <Typography key={wp.name} variant="caption" component="p">
                      waypoint{' '}
                      <TruncatedText
                        code
                        text={`${wp.namespace}/${wp.name}`}
                        maxWidth="24ch"
                      />
                    </Typography>
                  ))}
                </TableCell>
                <TableCell data-label="Pods (revision · proxy)">
                  {w.dataPlane.pods.map(p => {
                    const needsRestart = restart.has(
                      `${cluster}/${w.namespace}/${p.pod}`,
                    );
                    return (
                      <div key={p.pod}>
                        <Typography variant="body2" component="span">
                          <TruncatedText code text={p.pod} maxWidth="30ch" />{' '}
                          {describePod(p)}{' '}
                        </Typography>
                        {needsRestart && (
                          <StatusChip
                            tone="warning"
                            label="Restart"
                            title="Injected by an older revision than the namespace now uses: restart to pick up the current proxy"
                          />
                        )}
                      </div>
                    );
                  })}
                </TableCell>
                <TableCell data-label="Control plane">
                  {w.dataPlane.controlPlanes.length === 0
                    ? '—'
                    : w.dataPlane.controlPlanes.map(cp => (
                        <div key={cp.revision}>
                          {cp.revision}
                          {cp.resolvedRevision
                            ? ` → ${cp.resolvedRevision}`
                            : ''}
                          {describeControlPlane(cp)}
                        </div>
                      ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
};
