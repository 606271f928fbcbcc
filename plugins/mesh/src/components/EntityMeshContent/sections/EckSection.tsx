import { InfoCard } from '@backstage/core-components';
import type { EckCheck, EckResourceStatus } from '@meshwise/plugin-mesh-common';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { FactList } from '../../common/FactList';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import {
  DataPlaneChip,
  EckHealthChip,
  MtlsChip,
} from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';

const checkStates: Record<
  EckCheck['state'],
  { tone: StatusTone; label: string }
> = {
  pass: { tone: 'ok', label: 'Pass' },
  fail: { tone: 'error', label: 'Fail' },
  info: { tone: 'info', label: 'Note' },
  unknown: { tone: 'unknown', label: 'Unknown' },
  notApplicable: { tone: 'neutral', label: 'n/a' },
};

const order: EckCheck['state'][] = [
  'fail',
  'unknown',
  'info',
  'pass',
  'notApplicable',
];

const EckResource = (props: {
  cluster: string;
  resource: EckResourceStatus;
}) => {
  const r = props.resource;
  const checks = [...r.checks].sort(
    (a, b) => order.indexOf(a.state) - order.indexOf(b.state),
  );
  return (
    <Box mb={3}>
      <Typography variant="subtitle2" component="h3">
        {r.kind}{' '}
        <code>
          {r.ref.namespace}/{r.ref.name}
        </code>{' '}
        · {props.cluster}
      </Typography>
      {r.unknown && <UnknownNotice info={r.unknown} what={r.kind} />}
      <FactList
        facts={[
          {
            term: 'Health',
            value: <EckHealthChip health={r.health} phase={r.phase} />,
          },
          { term: 'Version', value: r.version ?? 'unknown' },
          {
            term: 'Associations',
            value: r.associations.length
              ? r.associations.map(a => `${a.kind}: ${a.status}`).join(', ')
              : 'None',
          },
          {
            term: 'In the mesh',
            value: (
              <>
                <DataPlaneChip mode={r.dataPlane} /> <MtlsChip mode={r.mtls} />
              </>
            ),
          },
          {
            term: 'HTTP TLS',
            value: r.httpSelfSignedTlsDisabled
              ? 'Self-signed TLS disabled (Istio mTLS carries HTTP)'
              : 'ECK self-signed TLS on',
          },
        ]}
      />
      {checks.length > 0 && (
        <Table
          size="small"
          aria-label={`Istio compatibility checks of ${r.kind} ${r.ref.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Check</TableCell>
              <TableCell>Result</TableCell>
              <TableCell>What to change</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {checks.map(c => (
              <TableRow key={c.code}>
                <TableCell>
                  <code>{c.code}</code> {c.title}
                </TableCell>
                <TableCell>
                  <StatusChip
                    tone={checkStates[c.state].tone}
                    label={checkStates[c.state].label}
                  />
                </TableCell>
                <TableCell>{c.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

/** Elasticsearch, Kibana and APM Server: health, phase, version, association, and each Istio check (seed 001). */
export const EckSection = (props: {
  eck: { cluster: string; resource: EckResourceStatus }[];
}) => (
  <InfoCard title="Elastic (ECK)">
    {props.eck.map(({ cluster, resource }) => (
      <EckResource
        key={`${cluster}/${resource.kind}/${resource.ref.namespace}/${resource.ref.name}`}
        cluster={cluster}
        resource={resource}
      />
    ))}
  </InfoCard>
);
