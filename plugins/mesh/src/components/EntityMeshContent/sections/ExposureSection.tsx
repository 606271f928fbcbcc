import { InfoCard } from '@backstage/core-components';
import type {
  CredentialStatus,
  EntityClusterStatus,
  ExposureEntry,
  IssuerStatus,
  UnknownInfo,
} from '@meshwise/plugin-mesh-common';
import { Box, makeStyles, Typography } from '@material-ui/core';
import ArrowForwardIcon from '@material-ui/icons/ArrowForward';
import { Fragment, ReactNode } from 'react';
import { formatObjectRef } from '../../common/ObjectRefLabel';
import { StatusChip, StatusTone } from '../../common/StatusChip';
import { CredentialChip } from '../../common/StatusChips';
import { UnknownNotice } from '../../common/UnknownNotice';

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
  arrow: { color: theme.palette.text.secondary },
}));

const Step = (props: { label: string; children: ReactNode }) => {
  const classes = useStyles();
  return (
    <li className={classes.step}>
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

const credentialSteps = (c: CredentialStatus) => {
  const steps = [
    <Step key="secret" label="credentialName">
      <code>{c.name}</code> in {c.namespace} (Secret {c.secret})
    </Step>,
  ];
  if (c.certificate) {
    steps.push(
      <Step key="cert" label="Certificate">
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

/** One exposure, traced Gateway → route → credentialName → Certificate → Issuer. */
const ExposureTrace = ({ entry }: { entry: ExposureEntry }) => {
  const classes = useStyles();
  const steps = [
    <Step
      key="gw"
      label={
        entry.via === 'istio' ? 'Gateway (Istio)' : 'Gateway (Gateway API)'
      }
    >
      {formatObjectRef(entry.gateway, false)} · {entry.protocol} {entry.port} ·{' '}
      {entry.tlsMode === 'none' ? 'plaintext' : entry.tlsMode}
    </Step>,
    <Step key="route" label={entry.route.kind}>
      {formatObjectRef(entry.route, false)}
    </Step>,
    <Step key="svc" label="Service">
      {formatObjectRef(entry.service, false)}
      {entry.servicePort ? `:${entry.servicePort}` : ''}
    </Step>,
    ...entry.credentials.flatMap(credentialSteps),
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

/** Hosts that reach the service, and the chain of objects each depends on. */
export const ExposureSection = (props: { clusters: EntityClusterStatus[] }) => {
  const seen = new Set<string>();
  const items: { cluster: string; entry: ExposureEntry }[] = [];
  const unknowns: { cluster: string; info: UnknownInfo }[] = [];
  for (const c of props.clusters) {
    for (const w of c.workloads) {
      if (w.exposure.unknown)
        unknowns.push({ cluster: c.cluster, info: w.exposure.unknown });
      for (const entry of w.exposure.entries) {
        const key = `${c.cluster}|${formatObjectRef(
          entry.gateway,
        )}|${formatObjectRef(entry.route)}|${entry.port}`;
        if (!seen.has(key)) {
          seen.add(key);
          items.push({ cluster: c.cluster, entry });
        }
      }
    }
  }
  return (
    <InfoCard title="Exposure">
      {unknowns.slice(0, 1).map(u => (
        <UnknownNotice
          key={u.cluster}
          info={u.info}
          what={`Exposure in ${u.cluster}`}
        />
      ))}
      {items.length === 0 ? (
        <Typography variant="body2">
          No Gateway routes to this service, so it is reachable only inside the
          cluster.
        </Typography>
      ) : (
        items.map(({ cluster, entry }) => (
          <Box
            key={`${cluster}/${formatObjectRef(
              entry.gateway,
            )}/${formatObjectRef(entry.route)}/${entry.port}`}
            mb={2}
          >
            <Typography variant="subtitle2" component="h3">
              {entry.hosts.join(', ')}{' '}
              <Typography
                variant="caption"
                component="span"
                color="textSecondary"
              >
                ({cluster})
              </Typography>
            </Typography>
            <ExposureTrace entry={entry} />
          </Box>
        ))
      )}
    </InfoCard>
  );
};
