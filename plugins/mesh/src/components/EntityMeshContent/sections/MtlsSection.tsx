import { InfoCard } from '@backstage/core-components';
import type {
  ChainLink,
  EntityClusterStatus,
} from '@meshwise/plugin-mesh-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { formatObjectRef, ObjectRefLabel } from '../../common/ObjectRefLabel';
import { MtlsChip } from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';

const levelLabels: Record<ChainLink['level'], string> = {
  default: 'Istio default',
  mesh: 'Mesh-wide',
  namespace: 'Namespace',
  workload: 'Workload',
  port: 'Port',
  dataPlane: 'Data plane',
  destinationRule: 'DestinationRule',
};

/** How the effective mode came about, most general first (PeerAuthentication precedence). */
export const MtlsChain = (props: { chain: ChainLink[] }) => (
  <ol
    aria-label="How this mode was decided"
    style={{ margin: 0, paddingLeft: 20 }}
  >
    {props.chain.map((link, i) => (
      <li key={i}>
        <Typography variant="body2" component="span">
          {levelLabels[link.level]}: {link.effect}
          {link.ref && <> ({formatObjectRef(link.ref)})</>}
        </Typography>
      </li>
    ))}
  </ol>
);

/** Effective inbound mTLS per workload port, with the objects that produced it. */
export const MtlsSection = (props: { clusters: EntityClusterStatus[] }) => {
  const workloads = props.clusters.flatMap(c =>
    c.workloads.map(w => ({ cluster: c.cluster, w })),
  );
  return (
    <InfoCard title="mTLS">
      {workloads.map(({ cluster, w }) => (
        <Box key={`${cluster}/${w.namespace}/${w.workload.name}`} mb={3}>
          <Typography variant="subtitle2" component="h3">
            <ObjectRefLabel objectRef={w.workload} /> · {cluster}{' '}
            <MtlsChip mode={w.mtls.mode} />
          </Typography>
          {w.mtls.unknown && (
            <UnknownNotice info={w.mtls.unknown} what="mTLS" />
          )}
          {w.mtls.ports.length === 0 ? (
            <MtlsChain chain={w.mtls.chain} />
          ) : (
            <Table
              size="small"
              aria-label={`mTLS per port of ${w.workload.name}`}
            >
              <TableHead>
                <TableRow>
                  <TableCell>Port</TableCell>
                  <TableCell>Mode</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>DestinationRules toward it</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {w.mtls.ports.map(p => (
                  <TableRow key={p.port}>
                    <TableCell>
                      {p.port}
                      {p.name ? ` (${p.name})` : ''}
                      {p.servicePorts.map(sp => (
                        <Typography
                          key={`${sp.service}:${sp.port}`}
                          variant="caption"
                          component="p"
                          color="textSecondary"
                        >
                          Service {sp.service}:{sp.port}
                        </Typography>
                      ))}
                    </TableCell>
                    <TableCell>
                      <MtlsChip mode={p.mode} />
                    </TableCell>
                    <TableCell>
                      <MtlsChain chain={p.chain} />
                    </TableCell>
                    <TableCell>
                      {p.destinationRules.length === 0
                        ? 'None (auto mTLS)'
                        : p.destinationRules.map(dr => (
                            <div
                              key={`${formatObjectRef(dr.ref)}:${
                                dr.servicePort ?? ''
                              }`}
                            >
                              {formatObjectRef(dr.ref)}: {dr.mode} ({dr.scope})
                            </div>
                          ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {w.mtls.destinationRulesUnknown && (
            <UnknownNotice
              info={w.mtls.destinationRulesUnknown}
              what="DestinationRules"
            />
          )}
        </Box>
      ))}
    </InfoCard>
  );
};
