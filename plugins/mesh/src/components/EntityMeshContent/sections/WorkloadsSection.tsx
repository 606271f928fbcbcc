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
        <Table size="small" aria-label="Workloads and proxies">
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
                <TableCell>
                  <ObjectRefLabel objectRef={w.workload} />
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
                <TableCell>{cluster}</TableCell>
                <TableCell>
                  <DataPlaneChip mode={w.dataPlane.mode} />
                  {w.dataPlane.waypoints.map(wp => (
                    <Typography key={wp.name} variant="caption" component="p">
                      waypoint {wp.namespace}/{wp.name}
                    </Typography>
                  ))}
                </TableCell>
                <TableCell>
                  {w.dataPlane.pods.map(p => {
                    const needsRestart = restart.has(
                      `${cluster}/${w.namespace}/${p.pod}`,
                    );
                    return (
                      <div key={p.pod}>
                        <Typography variant="body2" component="span">
                          <code>{p.pod}</code> {describePod(p)}{' '}
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
                <TableCell>
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
