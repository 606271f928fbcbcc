import { InfoCard } from '@backstage/core-components';
import type {
  EckCheck,
  EckResourceStatus,
  Finding,
  ObjectRef,
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
import { FactList } from '../../common/FactList';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import {
  DataPlaneChip,
  EckHealthChip,
  MtlsChip,
} from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';
import { useReadableTableStyles } from '../../common/readableTables';
import {
  byUrgency,
  isOperatorCheck,
  operatorChecksOf,
} from '../../common/eckOperatorChecks';

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

const sameRef = (a: ObjectRef, b: ObjectRef) =>
  a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

/**
 * The finding a failed or noted check raised, for its concrete fix: the
 * check's own message says what was seen, the finding's remediation what to
 * change. Operator checks name the operator, not the resource.
 */
function remediationOf(
  check: EckCheck,
  resource: EckResourceStatus | undefined,
  findings: Finding[],
): string | undefined {
  if (check.state !== 'fail' && check.state !== 'info') return undefined;
  const candidates = findings.filter(f => f.code === check.code);
  const own = resource
    ? candidates.find(f => f.objects.some(o => sameRef(o, resource.ref)))
    : undefined;
  return (own ?? candidates[0])?.remediation;
}

const CheckTable = (props: {
  label: string;
  checks: EckCheck[];
  resource?: EckResourceStatus;
  findings: Finding[];
}) => {
  const tables = useReadableTableStyles();
  const checks = [...props.checks].sort(byUrgency);
  return (
    <Table size="small" aria-label={props.label} className={tables.stacked}>
      <TableHead>
        <TableRow>
          <TableCell>Check</TableCell>
          <TableCell>Result</TableCell>
          <TableCell>What we found · what to change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {checks.map(c => {
          const fix = remediationOf(c, props.resource, props.findings);
          return (
            <TableRow key={c.code}>
              <TableCell data-label="Check">
                <code>{c.code}</code> {c.title}
              </TableCell>
              <TableCell data-label="Result">
                <StatusChip
                  tone={checkStates[c.state].tone}
                  label={checkStates[c.state].label}
                />
              </TableCell>
              <TableCell data-label="Found · change">
                <Typography variant="body2">{c.message}</Typography>
                {fix && fix !== c.message && (
                  <Typography variant="body2">
                    <strong>Change: </strong>
                    {fix}
                  </Typography>
                )}
                {c.state === 'pass' && (
                  <Typography variant="caption" color="textSecondary">
                    Nothing to change.
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};

const EckResource = (props: {
  cluster: string;
  resource: EckResourceStatus;
  findings: Finding[];
}) => {
  const r = props.resource;
  const checks = r.checks.filter(c => !isOperatorCheck(c));
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
        <CheckTable
          label={`Istio compatibility checks of ${r.kind} ${r.ref.name}`}
          checks={checks}
          resource={r}
          findings={props.findings}
        />
      )}
    </Box>
  );
};

/**
 * Elasticsearch, Kibana and APM Server: the operator's checks once per
 * cluster, then each resource's health, phase, version, associations and its
 * own Istio checks, each failure with what to change.
 */
export const EckSection = (props: {
  eck: { cluster: string; resource: EckResourceStatus }[];
  findings: Finding[];
}) => {
  const clusters = [...new Set(props.eck.map(e => e.cluster))];
  return (
    <InfoCard title="Elastic (ECK)">
      {clusters.map(cluster => {
        const resources = props.eck
          .filter(e => e.cluster === cluster)
          .map(e => e.resource);
        const findings = props.findings.filter(f => f.cluster === cluster);
        const operator = operatorChecksOf(resources);
        return (
          <Box key={cluster}>
            {operator.length > 0 && (
              <Box mb={3}>
                <Typography variant="subtitle2" component="h3">
                  ECK operator · {cluster}
                </Typography>
                <CheckTable
                  label={`ECK operator checks in ${cluster}`}
                  checks={operator}
                  findings={findings}
                />
              </Box>
            )}
            {resources.map(resource => (
              <EckResource
                key={`${resource.kind}/${resource.ref.namespace}/${resource.ref.name}`}
                cluster={cluster}
                resource={resource}
                findings={findings}
              />
            ))}
          </Box>
        );
      })}
    </InfoCard>
  );
};
