import { InfoCard } from '@backstage/core-components';
import type {
  AppliedAuthorizationPolicy,
  AuthorizationAction,
  AuthorizationSources,
  EntityClusterStatus,
  WorkloadStatus,
} from '@meshwise/plugin-mesh-common';
import { Box, makeStyles, Typography } from '@material-ui/core';
import { Fragment } from 'react';
import { FactList } from '../../common/FactList';
import { ObjectRefLabel, formatObjectRef } from '../../common/ObjectRefLabel';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import { UnknownNotice } from '../../common/UnknownNotice';
import { SectionSummary } from '../../../status/summarizeEntityStatus';
import { SectionFindings, SectionStateChip } from './SectionState';

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

const useStyles = makeStyles(theme => ({
  policies: { listStyle: 'none', margin: theme.spacing(1, 0), padding: 0 },
  policy: {
    borderTop: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1, 0),
  },
  policyHeader: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  sources: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
  },
}));

const scopeLabels: Record<AppliedAuthorizationPolicy['scope'], string> = {
  mesh: 'mesh-wide (root namespace)',
  namespace: 'whole namespace',
  workload: 'selected workloads',
  targetRef: 'attached to a Gateway, Service or waypoint',
};

/** Every source field a policy's rules name, negations included, as "from" lines. */
const policySourceLines: [keyof AuthorizationSources, string][] = [
  ['principals', 'from service accounts'],
  ['notPrincipals', 'not from service accounts'],
  ['namespaces', 'from namespaces'],
  ['notNamespaces', 'not from namespaces'],
  ['requestPrincipals', 'with JWT subjects'],
  ['notRequestPrincipals', 'without JWT subjects'],
  ['ipBlocks', 'from IP blocks'],
  ['notIpBlocks', 'not from IP blocks'],
];

/**
 * One policy, whole: its action, scope, the rule summary (sources and
 * conditions) and every source value, so a reader need not open the YAML to
 * know who is admitted.
 */
const PolicyRules = (props: { policy: AppliedAuthorizationPolicy }) => {
  const classes = useStyles();
  const p = props.policy;
  const sources = policySourceLines.filter(([k]) => p.sources[k].length > 0);
  return (
    <li className={classes.policy}>
      <div className={classes.policyHeader}>
        <StatusChip tone={actionTones[p.action]} label={p.action} />
        <Typography variant="body2" component="span">
          <code>{formatObjectRef(p.ref, false)}</code> · {scopeLabels[p.scope]}
          {p.provider ? ` · provider ${p.provider}` : ''}
        </Typography>
      </div>
      <Typography variant="body2">
        {p.summary}
        {p.requiresJwt && ' · requires a JWT'}
        {p.usesL7 &&
          ' · matches HTTP attributes (paths, methods, headers or JWT claims)'}
      </Typography>
      {sources.length > 0 && (
        <ul className={classes.sources}>
          {sources.map(([k, label]) => (
            <li key={k}>
              <Typography variant="body2" component="span">
                {label}:{' '}
                {p.sources[k].map((v, i) => (
                  <Fragment key={v}>
                    {i > 0 && ', '}
                    <code>{v}</code>
                  </Fragment>
                ))}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
};

const AuthorizationOfWorkload = (props: {
  cluster: string;
  w: WorkloadStatus;
}) => {
  const classes = useStyles();
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
        <ul
          aria-label={`Authorization policies of ${w.workload.name}`}
          className={classes.policies}
        >
          {a.policies.map(p => (
            <PolicyRules key={formatObjectRef(p.ref)} policy={p} />
          ))}
        </ul>
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

/**
 * Who may call the service: the AuthorizationPolicies and
 * RequestAuthentications that apply, and above them the authorization
 * findings of the service, including those of policies about it that apply
 * to nothing (a selector matching no pod, MW402).
 */
export const AuthorizationSection = (props: {
  clusters: EntityClusterStatus[];
  section: SectionSummary;
}) => (
  <InfoCard title="Authorization">
    <Box
      data-testid="authorization-state"
      data-state={props.section.state}
      mb={1}
    >
      <SectionStateChip
        state={props.section.state}
        findings={props.section.findings}
        what="Authorization"
      />
      <SectionFindings
        findings={props.section.findings}
        label="Authorization findings"
      />
    </Box>
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
