import { InfoCard, Link } from '@backstage/core-components';
import type {
  Coverage,
  FleetQuery,
  FleetSummary,
} from '@meshwise/plugin-mesh-common';
import { Box, Grid, makeStyles, Typography } from '@material-ui/core';
import { ReactNode } from 'react';
import { formatCompact, formatPercent } from '../common/formatNumbers';
import { StatusChip, StatusTone } from '../common/StatusChip';
import { SeverityChip } from '../common/StatusChips';
import {
  certificateFindings,
  DrillDown,
  drillDownSearch,
  findingsOfSeverity,
  outsideMeshFindings,
  weakestMtlsServices,
} from './drillDownLinks';

const useStyles = makeStyles(theme => ({
  chipLink: {
    display: 'inline-block',
    marginRight: theme.spacing(0.5),
    borderRadius: 16,
    '& .MuiChip-root': { cursor: 'pointer' },
  },
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

/**
 * A chip that opens the list behind the figure. The link's name says where
 * it leads; the chip inside is its picture.
 */
export const DrillDownChip = (props: {
  scope: Pick<FleetQuery, 'cluster'>;
  to: DrillDown;
  label: string;
  children: ReactNode;
}) => {
  const classes = useStyles();
  return (
    <Link
      to={drillDownSearch(props.scope, props.to)}
      aria-label={props.label}
      title={props.label}
      className={classes.chipLink}
      underline="none"
    >
      {props.children}
    </Link>
  );
};

/** Coverage below these reads as a warning or an error: the point of the tiles is what needs work. */
function coverageTone(c: Coverage): StatusTone {
  if (c.ratio === undefined) return 'unknown';
  if (c.ratio >= 0.95) return 'ok';
  return c.ratio >= 0.7 ? 'warning' : 'error';
}

/**
 * The headline numbers of `summary` (the fleet, or the clusters in `scope`);
 * each chip links to the list of what it counts, within the same scope.
 */
export const FleetKpis = ({
  summary,
  scope,
}: {
  summary: FleetSummary;
  scope: Pick<FleetQuery, 'cluster'>;
}) => {
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
            <DrillDownChip
              scope={scope}
              to={outsideMeshFindings}
              label="Findings that keep workloads out of the mesh"
            >
              <StatusChip
                tone={coverageTone(mesh)}
                label={`${formatCompact(mesh.total - mesh.covered)} outside`}
              />
            </DrillDownChip>
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
            <DrillDownChip
              scope={scope}
              to={weakestMtlsServices}
              label="Services by mTLS mode, weakest first"
            >
              <StatusChip
                tone={coverageTone(strict)}
                label={`${formatCompact(
                  strict.total - strict.covered,
                )} not STRICT`}
              />
            </DrillDownChip>
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} lg={3}>
        <Kpi
          title="Certificates"
          value={formatCompact(summary.certificates.total)}
          detail={`${certs.under7d + certs.under30d} due within 30 days`}
          chips={
            <DrillDownChip
              scope={scope}
              to={certificateFindings}
              label="Findings about certificates not ready or expiring"
            >
              <StatusChip
                tone={urgent ? 'error' : 'ok'}
                label={`${urgent} expired, failing or ≤ 7 days`}
              />
            </DrillDownChip>
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
            <DrillDownChip
              key={s}
              scope={scope}
              to={findingsOfSeverity(s)}
              label={`${summary.findings.bySeverity[s]} ${s} findings`}
            >
              <SeverityChip
                severity={s}
                count={summary.findings.bySeverity[s]}
              />
            </DrillDownChip>
          ))}
        />
      </Grid>
    </Grid>
  );
};
