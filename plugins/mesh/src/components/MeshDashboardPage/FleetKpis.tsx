import { InfoCard } from '@backstage/core-components';
import type { Coverage, FleetSummary } from '@meshwise/plugin-mesh-common';
import { Box, Grid, makeStyles, Typography } from '@material-ui/core';
import { ReactNode } from 'react';
import { formatCompact, formatPercent } from '../common/formatNumbers';
import { StatusChip, StatusTone } from '../common/StatusChip';
import { SeverityChip } from '../common/StatusChips';

const useStyles = makeStyles(theme => ({
  value: {
    fontSize: '2rem',
    fontWeight: theme.typography.fontWeightBold as number,
    lineHeight: 1.2,
  },
}));

const Kpi = (props: {
  title: string;
  value: string;
  detail: ReactNode;
  chips?: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <InfoCard
      title={props.title}
      variant="gridItem"
      titleTypographyProps={{ component: 'h2', variant: 'h6' }}
    >
      <Typography
        className={classes.value}
        component="p"
        aria-label={`${props.title}: ${props.value}`}
      >
        {props.value}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {props.detail}
      </Typography>
      {props.chips && <Box mt={1}>{props.chips}</Box>}
    </InfoCard>
  );
};

/** Coverage below these reads as a warning or an error: the point of the tiles is what needs work. */
function coverageTone(c: Coverage): StatusTone {
  if (c.ratio === undefined) return 'unknown';
  if (c.ratio >= 0.95) return 'ok';
  return c.ratio >= 0.7 ? 'warning' : 'error';
}

/** The fleet's headline numbers. */
export const FleetKpis = ({ summary }: { summary: FleetSummary }) => {
  const certs = summary.certificates.byBucket;
  const urgent = certs.expired + certs.under7d + certs.notReady;
  const eckTotals = Object.values(summary.eck).reduce(
    (t, byHealth) => ({
      total:
        t.total +
        byHealth.green +
        byHealth.yellow +
        byHealth.red +
        byHealth.unknown,
      red: t.red + byHealth.red,
      yellow: t.yellow + byHealth.yellow,
      unknown: t.unknown + byHealth.unknown,
    }),
    { total: 0, red: 0, yellow: 0, unknown: 0 },
  );
  const mesh = summary.meshCoverage;
  const strict = summary.strictMtlsCoverage;
  return (
    <Grid container spacing={3} component="section" aria-label="Fleet KPIs">
      <Grid item xs={12} sm={6} lg={3}>
        <Kpi
          title="Mesh coverage"
          value={formatPercent(mesh.ratio)}
          detail={`${formatCompact(mesh.covered)} of ${formatCompact(
            mesh.total,
          )} workloads in the mesh`}
          chips={
            <StatusChip
              tone={coverageTone(mesh)}
              label={`${formatCompact(mesh.total - mesh.covered)} outside`}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <Kpi
          title="STRICT mTLS"
          value={formatPercent(strict.ratio)}
          detail={`${formatCompact(strict.covered)} of ${formatCompact(
            strict.total,
          )} meshed workloads`}
          chips={
            <StatusChip
              tone={coverageTone(strict)}
              label={`${formatCompact(
                strict.total - strict.covered,
              )} not STRICT`}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <Kpi
          title="Certificates"
          value={formatCompact(summary.certificates.total)}
          detail={`${certs.under7d + certs.under30d} due within 30 days`}
          chips={
            <StatusChip
              tone={urgent ? 'error' : 'ok'}
              label={`${urgent} expired, failing or ≤ 7 days`}
            />
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <Kpi
          title="Findings"
          value={formatCompact(summary.findings.total)}
          detail={`ECK: ${eckTotals.total} resources, ${eckTotals.red} red, ${
            eckTotals.yellow
          } yellow${eckTotals.unknown ? `, ${eckTotals.unknown} unknown` : ''}`}
          chips={(['error', 'warning', 'info'] as const).map(s => (
            <SeverityChip
              key={s}
              severity={s}
              count={summary.findings.bySeverity[s]}
            />
          ))}
        />
      </Grid>
    </Grid>
  );
};
