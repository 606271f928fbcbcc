import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Grid, MenuItem, TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { meshApiRef } from '../../api';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { ChartFigure } from '../MeshDashboardPage/ChartFigure';
import { useChartColors } from '../MeshDashboardPage/useChartColors';
import { DAY_MS } from './entityHistoryView';
import { FleetTrend, FleetTrendRow, fleetTrendRows } from './fleetTrendRows';
import { historyOutcome } from './historyOutcome';
import { formatTime, formatTrendPercent, tickFormatter } from './trendFormat';

/** The ranges offered: a day to a quarter. */
export const TREND_RANGES = [
  { days: 1, label: 'Last 24 hours' },
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
] as const;

const SERIES_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
];

const lastKnown = (rows: FleetTrendRow[]) =>
  [...rows].reverse().find(r => r.error !== null);
const firstKnown = (rows: FleetTrendRow[]) => rows.find(r => r.error !== null);

function changeText(
  rows: FleetTrendRow[],
  pick: (r: FleetTrendRow) => number | null,
  format: (v: number | null) => string,
): string {
  const first = firstKnown(rows);
  const last = lastKnown(rows);
  if (!first || !last) return 'unknown';
  return first === last
    ? `${format(pick(last))} at ${formatTime(last.at)}`
    : `${format(pick(first))} at ${formatTime(first.at)}, ${format(
        pick(last),
      )} at ${formatTime(last.at)}`;
}

const TrendCharts = ({
  trend,
  spanMs,
}: {
  trend: FleetTrend;
  spanMs: number;
}) => {
  const colors = useChartColors();
  const axis = {
    dataKey: 'at',
    type: 'number' as const,
    scale: 'time' as const,
    domain: ['dataMin', 'dataMax'],
    tickFormatter: tickFormatter(spanMs),
    tick: { fill: colors.text, fontSize: 12 },
    minTickGap: 24,
  };
  const tooltip = {
    ...colors.tooltip,
    labelFormatter: (at: unknown) => formatTime(Number(at)),
  };
  const { rows, revisionKeys } = trend;
  const count = (v: number | null) => (v === null ? 'unknown' : String(v));
  return (
    <>
      <Grid item xs={12} md={6} xl={4}>
        <ChartFigure
          title="Mesh coverage and STRICT mTLS over time"
          summary={`mesh coverage ${changeText(
            rows,
            r => r.meshCoverage,
            formatTrendPercent,
          )}; STRICT mTLS ${changeText(
            rows,
            r => r.strictMtls,
            formatTrendPercent,
          )}`}
        >
          <LineChart data={rows} margin={{ top: 16, right: 16, left: -8 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis {...axis} />
            <YAxis
              domain={[0, 100]}
              unit="%"
              tick={{ fill: colors.text, fontSize: 12 }}
            />
            <Tooltip
              {...tooltip}
              formatter={(v: unknown) => formatTrendPercent(v as number)}
            />
            <Legend />
            <Line
              dataKey="meshCoverage"
              name="In the mesh"
              stroke={colors.primary}
              dot={rows.length < 3}
              isAnimationActive={false}
            />
            <Line
              dataKey="strictMtls"
              name="STRICT mTLS"
              stroke={colors.tone('ok')}
              dot={rows.length < 3}
              isAnimationActive={false}
            />
          </LineChart>
        </ChartFigure>
      </Grid>
      <Grid item xs={12} md={6} xl={4}>
        <ChartFigure
          title="Findings by severity over time"
          summary={(['error', 'warning', 'info'] as const)
            .map(s => `${s} ${changeText(rows, r => r[s], count)}`)
            .join('; ')}
        >
          <AreaChart data={rows} margin={{ top: 16, right: 16, left: -8 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis {...axis} />
            <YAxis
              allowDecimals={false}
              tick={{ fill: colors.text, fontSize: 12 }}
            />
            <Tooltip {...tooltip} />
            <Legend />
            {(['error', 'warning', 'info'] as const).map(s => (
              <Area
                key={s}
                dataKey={s}
                name={s[0].toUpperCase() + s.slice(1)}
                stackId="severity"
                stroke={colors.tone(s)}
                fill={colors.tone(s)}
                fillOpacity={0.35}
                // A step or two draws no area: dots show the samples.
                dot={rows.length < 3}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ChartFigure>
      </Grid>
      <Grid item xs={12} md={12} xl={4}>
        <ChartFigure
          title="Upgrade progress: pods per revision"
          summary={
            revisionKeys.length
              ? revisionKeys
                  .map(
                    k =>
                      `${k.slice(4)} ${changeText(
                        rows,
                        r => (r[k as `rev:${string}`] as number | null) ?? null,
                        count,
                      )} pods`,
                  )
                  .join('; ')
              : 'no pods on any revision'
          }
        >
          <AreaChart data={rows} margin={{ top: 16, right: 16, left: -8 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis {...axis} />
            <YAxis
              allowDecimals={false}
              tick={{ fill: colors.text, fontSize: 12 }}
            />
            <Tooltip {...tooltip} />
            <Legend />
            {revisionKeys.map((k, i) => (
              <Area
                key={k}
                dataKey={k}
                name={k.slice(4)}
                stackId="revisions"
                stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                fill={SERIES_COLORS[i % SERIES_COLORS.length]}
                fillOpacity={0.35}
                // A step or two draws no area: dots show the samples.
                dot={rows.length < 3}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ChartFigure>
      </Grid>
    </>
  );
};

/**
 * The dashboard's trends from the sampled history (`/history/fleet`), for
 * the whole fleet or the clusters in scope. History that is off, or has no
 * sample yet, says so; unknown steps are gaps, counted under the charts.
 */
export const FleetTrends = ({ clusters }: { clusters?: string[] }) => {
  const meshApi = useApi(meshApiRef);
  const [days, setDays] = useState<number>(30);
  const data = useAsyncRetry(
    async () =>
      meshApi.getFleetHistory({
        from: new Date(Date.now() - days * DAY_MS).toISOString(),
      }),
    [meshApi, days],
  );
  const outcome = historyOutcome(data);
  const trend = useMemo(
    () =>
      outcome.state === 'ready'
        ? fleetTrendRows(outcome.value, clusters)
        : undefined,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data.value, clusters],
  );

  let body;
  if (outcome.state === 'loading') {
    body = <Progress aria-label="Loading the trends" />;
  } else if (outcome.state === 'off') {
    body = (
      <Alert severity="info" role="status">
        History is off in this portal (mesh.history.enabled: false), so there
        are no trends. Turn it on in app-config.yaml to record the fleet's
        figures over time.
      </Alert>
    );
  } else if (outcome.state === 'error') {
    body = (
      <MeshErrorPanel
        error={outcome.error}
        onRetry={data.retry}
        permission="mesh.fleet.read"
      />
    );
  } else if (!trend?.rows.length) {
    body = (
      <Alert severity="info" role="status">
        No history samples in this range yet. The backend records the fleet's
        figures once its clusters are read after a start, then at every sampling
        interval (mesh.history.interval); the trends appear then.
      </Alert>
    );
  }

  return (
    <Box component="section" aria-label="Trends">
      <Box display="flex" alignItems="center" mb={2}>
        <Typography variant="h5" component="h2" style={{ flexGrow: 1 }}>
          Trends
        </Typography>
        <TextField
          select
          size="small"
          variant="outlined"
          id="mesh-trend-range"
          label="Range"
          value={days}
          onChange={e => setDays(Number(e.target.value))}
        >
          {TREND_RANGES.map(r => (
            <MenuItem key={r.days} value={r.days}>
              {r.label}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {body ?? (
        <Grid container spacing={3}>
          <TrendCharts trend={trend!} spanMs={days * DAY_MS} />
          <GapNotice
            count={trend!.unknownSteps}
            of={trend!.rows.length}
            what="are unknown and left as gaps"
            latestReason={trend!.latestUnknownReason}
          />
          <GapNotice
            count={trend!.partialSteps}
            of={trend!.rows.length}
            what="count only part of the fleet"
            latestReason={trend!.latestPartialReason}
          />
        </Grid>
      )}
    </Box>
  );
};

/** Points of the trend that are not whole: how many, and the latest reason. */
function GapNotice(props: {
  count: number;
  of: number;
  what: string;
  latestReason?: string;
}) {
  const { count, of, what, latestReason } = props;
  if (count === 0) return null;
  return (
    <Grid item xs={12}>
      <Alert severity="warning" variant="outlined" role="status">
        {count} of {of} points {what}
        {latestReason ? ` (latest: ${latestReason})` : ''}.
      </Alert>
    </Grid>
  );
}
