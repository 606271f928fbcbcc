import type { FleetQuery, FleetSummary } from '@meshwise/plugin-mesh-common';
import { useNavigate } from 'react-router-dom';
import { drillDownSearch, servicesInNamespaces } from './drillDownLinks';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatPercent } from '../common/formatNumbers';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

/**
 * Pods per control-plane revision, and each cluster's canary progress
 * (pods on the newest revision, seed 003's revision-based upgrade).
 */
export const RevisionsChart = ({
  summary,
  scope = {},
}: {
  summary: FleetSummary;
  scope?: Pick<FleetQuery, 'cluster'>;
}) => {
  const colors = useChartColors();
  const navigate = useNavigate();
  const multiCluster = summary.clusters.length > 1;
  const data = summary.revisions.map(r => ({
    to: r.namespaces.length
      ? drillDownSearch(scope, servicesInNamespaces(r.cluster, r.namespaces))
      : undefined,
    label: multiCluster ? `${r.cluster}/${r.revision}` : r.revision,
    pods: r.pods,
    namespaces: r.namespaces.length,
    version: r.version ?? 'unknown',
  }));
  const canaries = summary.clusters.filter(
    c => c.canary.target && c.revisions.length > 1,
  );
  return (
    <ChartFigure
      title="Pods per revision"
      summary={data
        .map(
          d =>
            `${d.label} (${d.version}): ${d.pods} pods in ${d.namespaces} namespaces`,
        )
        .join(', ')}
      links={data.flatMap(d =>
        d.to ? [{ label: `services on ${d.label}`, to: d.to }] : [],
      )}
      footer={
        <>
          {canaries.map(c => (
            <Box key={c.cluster} mt={1}>
              <Typography variant="body2" id={`canary-${c.cluster}`}>
                {c.cluster}: upgrade to {c.canary.target} ·{' '}
                {c.canary.podsOnTarget} of {c.canary.totalPods} pods (
                {formatPercent(c.canary.ratio)})
              </Typography>
              <LinearProgress
                variant="determinate"
                value={(c.canary.ratio ?? 0) * 100}
                aria-labelledby={`canary-${c.cluster}`}
              />
            </Box>
          ))}
        </>
      }
    >
      <BarChart
        data={data}
        margin={{ top: 16, right: 8, left: -16, bottom: 0 }}
      >
        <CartesianGrid vertical={false} stroke={colors.grid} />
        <XAxis dataKey="label" tick={{ fill: colors.text, fontSize: 12 }} />
        <YAxis
          allowDecimals={false}
          tick={{ fill: colors.text, fontSize: 12 }}
        />
        <Tooltip {...colors.tooltip} />
        <Bar
          dataKey="pods"
          name="Pods"
          fill={colors.primary}
          isAnimationActive={false}
          cursor="pointer"
          onClick={(d: unknown) => {
            const to = (d as { to?: string }).to;
            if (to) navigate(to);
          }}
        >
          <LabelList
            dataKey="pods"
            position="top"
            fill={colors.text}
            fontSize={12}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
};
