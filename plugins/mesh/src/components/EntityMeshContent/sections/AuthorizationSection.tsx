import { InfoCard } from '@backstage/core-components';
import type {
  AuthorizationAction,
  AuthorizationSources,
  EntityClusterStatus,
  WorkloadStatus,
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
import { ObjectRefLabel, formatObjectRef } from '../../common/ObjectRefLabel';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import { UnknownNotice } from '../../common/UnknownNotice';

const actionTones: Record<AuthorizationAction, StatusTone> = {
  ALLOW: 'ok',
  DENY: 'warning',
  CUSTOM: 'neutral',
  AUDIT: 'neutral',
};

const sourceLabels: [keyof AuthorizationSources, string][] = [
  ['principals', 'Service accounts (principals)'],
  ['namespaces', 'Namespaces'],
  ['requestPrincipals', 'JWT subjects (requestPrincipals)'],
  ['ipBlocks', 'IP blocks'],
];

/** "Who may call this service", in the words an owner would use. */
export function describeCallers(w: WorkloadStatus): string {
  const a = w.authorization;
  if (a.defaultDecision === 'unknown') return 'Unknown';
  if (a.defaultDecision === 'allow') {
    return a.policies.some(p => p.action === 'DENY')
      ? 'Anyone, except what DENY policies exclude'
      : 'Anyone: no ALLOW policy applies';
  }
  const any = sourceLabels.some(([k]) => a.allowedSources[k].length > 0);
  return any
    ? 'Only the sources ALLOW policies admit'
    : 'Only requests matching an ALLOW rule (no source restriction)';
}

const AuthorizationOfWorkload = (props: {
  cluster: string;
  w: WorkloadStatus;
}) => {
  const { w } = props;
  const a = w.authorization;
  const facts = [
    { term: 'Who may call', value: describeCallers(w) },
    ...sourceLabels
      .filter(([k]) => a.allowedSources[k].length > 0)
      .map(([k, label]) => ({
        term: label,
        value: a.allowedSources[k].map(s => (
          <code key={s} style={{ display: 'block' }}>
            {s}
          </code>
        )),
      })),
    {
      term: 'JWT',
      value: a.jwt.required ? (
        <StatusChip
          tone="info"
          label={`Required${
            a.jwt.issuers.length ? ` · ${a.jwt.issuers.join(', ')}` : ''
          }`}
        />
      ) : (
        'Not required'
      ),
    },
  ];
  return (
    <Box mb={3}>
      <Typography variant="subtitle2" component="h3">
        <ObjectRefLabel objectRef={w.workload} /> · {props.cluster}
      </Typography>
      {a.unknown && <UnknownNotice info={a.unknown} what="Authorization" />}
      <FactList facts={facts} />
      {a.policies.length === 0 ? (
        <Typography variant="body2">
          No AuthorizationPolicy applies (MW401): any workload in the mesh may
          call it.
        </Typography>
      ) : (
        <Table
          size="small"
          aria-label={`Authorization policies of ${w.workload.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>Policy</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>Scope</TableCell>
              <TableCell>Rules</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {a.policies.map(p => (
              <TableRow key={formatObjectRef(p.ref)}>
                <TableCell>{formatObjectRef(p.ref, false)}</TableCell>
                <TableCell>
                  <StatusChip tone={actionTones[p.action]} label={p.action} />
                </TableCell>
                <TableCell>{p.scope}</TableCell>
                <TableCell>
                  {p.summary}
                  {p.requiresJwt && ' · requires a JWT'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {a.requestAuthentications.length > 0 && (
        <Typography variant="body2">
          RequestAuthentication:{' '}
          {a.requestAuthentications
            .map(
              r =>
                `${formatObjectRef(r.ref, false)} (${
                  r.issuers.join(', ') || 'no issuer'
                })`,
            )
            .join('; ')}
        </Typography>
      )}
    </Box>
  );
};

/** Who may call the service: the AuthorizationPolicies and RequestAuthentications that apply. */
export const AuthorizationSection = (props: {
  clusters: EntityClusterStatus[];
}) => (
  <InfoCard title="Authorization">
    {props.clusters.flatMap(c =>
      c.workloads.map(w => (
        <AuthorizationOfWorkload
          key={`${c.cluster}/${w.namespace}/${w.workload.name}`}
          cluster={c.cluster}
          w={w}
        />
      )),
    )}
  </InfoCard>
);
