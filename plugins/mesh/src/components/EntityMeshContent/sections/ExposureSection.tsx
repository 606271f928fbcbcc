import { InfoCard } from '@backstage/core-components';
import type {
  CredentialStatus,
  EntityClusterStatus,
  ExposureEntry,
  Finding,
  IssuerStatus,
  ObjectRef,
  UnknownInfo,
} from '@meshwise/plugin-mesh-common';
import { findingsAbout, worstState } from '@meshwise/plugin-mesh-common';
import { Box, makeStyles, Typography } from '@material-ui/core';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { Fragment, ReactNode } from 'react';
import { formatObjectRef } from '../../common/ObjectRefLabel';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import { CredentialChip } from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';
import { ExposureSummary } from '../../../status/summarizeEntityStatus';
import { SectionFindings, SectionStateChip } from './SectionState';

const useStyles = makeStyles(theme => ({
  trace: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(1, 0),
  },
  step: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1),
  },
  // A step a finding names: its border takes the finding's colour.
  error: { borderColor: theme.palette.error.main, borderWidth: 2 },
  warning: { borderColor: theme.palette.warning.main, borderWidth: 2 },
  arrow: { color: theme.palette.text.secondary },
}));

const Step = (props: {
  label: string;
  children: ReactNode;
  /** Findings naming this step's object: an error or warning marks the step. */
  state?: 'ok' | 'error' | 'warning' | 'info';
}) => {
  const classes = useStyles();
  const marked =
    props.state === 'error' || props.state === 'warning'
      ? classes[props.state]
      : '';
  return (
    <li
      className={`${classes.step} ${marked}`}
      data-state={props.state ?? 'ok'}
    >
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </li>
  );
};

const issuerReadiness: Record<
  IssuerStatus['ready'],
  { tone: StatusTone; label: string }
> = {
  True: { tone: 'ok', label: 'Ready' },
  False: { tone: 'error', label: 'Not ready' },
  missing: { tone: 'error', label: 'Missing' },
  Unknown: { tone: 'unknown', label: 'Unknown' },
  unknown: { tone: 'unknown', label: 'Unknown' },
};

const credentialSteps = (
  c: CredentialStatus,
  stateOf: (ref: ObjectRef) => 'ok' | 'error' | 'warning' | 'info',
) => {
  const steps = [
    <Step key="secret" label="credentialName">
      <code>{c.name}</code> in {c.namespace} (Secret {c.secret})
    </Step>,
  ];
  if (c.certificate) {
    steps.push(
      <Step key="cert" label="Certificate" state={stateOf(c.certificate.ref)}>
        {formatObjectRef(c.certificate.ref, false)}{' '}
        <CredentialChip
          state={c.certificate.state}
          daysToExpiry={c.certificate.daysToExpiry}
        />
        {c.certificate.reason && ` ${c.certificate.reason}`}
        {c.certificate.failedIssuanceAttempts
          ? ` · ${c.certificate.failedIssuanceAttempts} failed attempts`
          : ''}
      </Step>,
    );
    if (c.certificate.issuer) {
      const issuer = c.certificate.issuer;
      steps.push(
        <Step key="issuer" label={issuer.ref.kind}>
          {formatObjectRef(issuer.ref, false)}
          {issuer.type ? ` (${issuer.type})` : ''}{' '}
          <StatusChip {...issuerReadiness[issuer.ready]} />
        </Step>,
      );
    }
  } else {
    steps.push(
      <Step key="cert" label="Certificate">
        <CredentialChip state={c.state} />
      </Step>,
    );
  }
  return steps;
};

/**
 * One exposure, traced Gateway → route → credentialName → Certificate →
 * Issuer; each step a finding names is marked with the finding's severity.
 */
const ExposureTrace = ({
  entry,
  findings,
}: {
  entry: ExposureEntry;
  findings: Finding[];
}) => {
  const classes = useStyles();
  const stateOf = (ref: ObjectRef) =>
    worstState(findingsAbout(findings, [ref]));
  const steps = [
    <Step
      key="gw"
      label={
        entry.via === 'istio' ? 'Gateway (Istio)' : 'Gateway (Gateway API)'
      }
      state={stateOf(entry.gateway)}
    >
      {formatObjectRef(entry.gateway, false)} · {entry.protocol} {entry.port} ·{' '}
      {entry.tlsMode === 'none' ? 'plaintext' : entry.tlsMode}
    </Step>,
    <Step key="route" label={entry.route.kind} state={stateOf(entry.route)}>
      {formatObjectRef(entry.route, false)}
    </Step>,
    <Step key="svc" label="Service" state={stateOf(entry.service)}>
      {formatObjectRef(entry.service, false)}
      {entry.servicePort ? `:${entry.servicePort}` : ''}
    </Step>,
    ...entry.credentials.flatMap(c => credentialSteps(c, stateOf)),
  ];
  return (
    <ol
      className={classes.trace}
      aria-label={`Route of ${entry.hosts.join(', ')}`}
    >
      {steps.map((s, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <ArrowForwardIcon
              fontSize="small"
              className={classes.arrow}
              aria-hidden
            />
          )}
          {s}
        </Fragment>
      ))}
    </ol>
  );
};

/**
 * Hosts that reach the service, the chain of objects each depends on, and
 * the findings about them; routes that name the service but reach it through
 * no Gateway are listed with why, so "not exposed" is never said of a service
 * someone meant to expose.
 */
export const ExposureSection = (props: {
  clusters: EntityClusterStatus[];
  exposures: ExposureSummary[];
  /** Exposure findings no exposure shows (a missing Gateway, an unserved host). */
  unattached: Finding[];
}) => {
  const unknowns: { cluster: string; info: UnknownInfo }[] = [];
  for (const c of props.clusters)
    for (const w of c.workloads)
      if (w.exposure.unknown)
        unknowns.push({ cluster: c.cluster, info: w.exposure.unknown });
  const { exposures, unattached } = props;
  return (
    <InfoCard title="Exposure">
      {unknowns.slice(0, 1).map(u => (
        <UnknownNotice
          key={u.cluster}
          info={u.info}
          what={`Exposure in ${u.cluster}`}
        />
      ))}
      {unattached.length > 0 && (
        <Box mb={2}>
          <Typography variant="subtitle2" component="h3">
            Routes to this service that reach no Gateway{' '}
            <SectionStateChip
              state={worstState(unattached)}
              findings={unattached}
              what="Routes to this service"
            />
          </Typography>
          <SectionFindings
            findings={unattached}
            label="Routes that reach no Gateway"
          />
        </Box>
      )}
      {exposures.length === 0 && unattached.length === 0 && (
        <Typography variant="body2">
          No Gateway routes to this service, so it is reachable only inside the
          cluster.
        </Typography>
      )}
      {exposures.map(({ key, cluster, entry, findings, state }) => (
        <Box
          key={key}
          mb={2}
          data-testid="exposure"
          data-host={entry.hosts.join(',')}
          data-state={state}
        >
          <Typography variant="subtitle2" component="h3">
            {entry.hosts.join(', ')}{' '}
            <Typography
              variant="caption"
              component="span"
              color="textSecondary"
            >
              ({cluster})
            </Typography>{' '}
            <SectionStateChip
              state={state}
              findings={findings}
              what={`Exposure of ${entry.hosts.join(', ')}`}
            />
          </Typography>
          <ExposureTrace entry={entry} findings={findings} />
          <SectionFindings
            findings={findings.filter(f => f.severity !== 'info')}
            label={`Findings about ${entry.hosts.join(', ')}`}
          />
        </Box>
      ))}
    </InfoCard>
  );
};
