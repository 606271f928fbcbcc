import { getCompoundEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  FINDING_CATALOGUE,
  severityRank,
  type EntityFindingHistory,
} from '@meshwise/plugin-mesh-common';
import { List, ListItem, ListItemText, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { meshApiRef } from '../../api';
import { MeshErrorPanel } from '../common/MeshErrorPanel';
import { StatusChip } from '../common/StatusChip';
import { severityPresentation } from '../common/statusTones';
import { useChartColors } from '../MeshDashboardPage/useChartColors';
import {
  DAY_MS,
  EntityFindingsRow,
  entityFindingsRows,
  findingAge,
} from './entityHistoryView';
import { historyOutcome } from './historyOutcome';
import { formatTime, tickFormatter } from './trendFormat';

const HISTORY_DAYS = 30;

const FindingsOverTime = ({ rows }: { rows: EntityFindingsRow[] }) => {
  const colors = useChartColors();
  const known = rows.filter(r => r.error !== null);
  const last = known[known.length - 1];
  const unknown = rows.length - known.length;
  const summary = last
    ? `${rows.length} points; latest at ${formatTime(last.at)}: ${
        last.error
      } errors, ${last.warning} warnings, ${last.info} info${
        unknown ? `; ${unknown} points unknown` : ''
      }`
    : `${rows.length} points, all unknown`;
  const lastReason = [...rows]
    .reverse()
    .find(r => r.unknownReason)?.unknownReason;
  return (
    <figure style={{ margin: 0 }}>
      <Typography variant="subtitle2" component="figcaption">
        Findings over the last {HISTORY_DAYS} days
      </Typography>
      <div
        role="img"
        aria-label={`Findings over the last ${HISTORY_DAYS} days: ${summary}`}
        style={{ height: 160 }}
      >
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, left: -16 }}>
            <CartesianGrid vertical={false} stroke={colors.grid} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              padding={{ left: 8, right: 8 }}
              tickFormatter={tickFormatter(HISTORY_DAYS * DAY_MS)}
              tick={{ fill: colors.text, fontSize: 12 }}
              minTickGap={24}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: colors.text, fontSize: 12 }}
            />
            <Tooltip
              {...colors.tooltip}
              labelFormatter={(at: unknown) => formatTime(Number(at))}
            />
            {(['error', 'warning', 'info'] as const).map(s => (
              <Bar
                key={s}
                dataKey={s}
                name={severityPresentation[s].label}
                stackId="severity"
                fill={colors.tone(s)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {unknown > 0 && (
        <Typography variant="caption" component="p" role="status">
          {unknown} of {rows.length} points unknown (gaps)
          {lastReason ? `; latest: ${lastReason}` : ''}
        </Typography>
      )}
    </figure>
  );
};

function ageText(finding: EntityFindingHistory, now: number) {
  const age = findingAge(finding, now);
  switch (age.kind) {
    case 'new':
      return { chip: true, text: `first seen ${formatTime(age.firstSeenAt)}` };
    case 'older':
      return { chip: false, text: `first seen ${formatTime(age.firstSeenAt)}` };
    default:
      return {
        chip: false,
        text: 'not seen by a history sample yet (appeared after the latest one)',
      };
  }
}

const FirstSeenList = ({
  findings,
  now,
}: {
  findings: EntityFindingHistory[];
  now: number;
}) => {
  const sorted = [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      (b.firstSeenAt ?? '').localeCompare(a.firstSeenAt ?? '') ||
      a.code.localeCompare(b.code),
  );
  return (
    <List dense aria-label="When the current findings first appeared">
      {sorted.map(f => {
        const age = ageText(f, now);
        const title = FINDING_CATALOGUE[f.code]?.title ?? f.code;
        return (
          <ListItem key={f.id} disableGutters>
            <ListItemText
              primary={
                <>
                  <StatusChip
                    tone={severityPresentation[f.severity].tone}
                    label={f.code}
                  />{' '}
                  {title}{' '}
                  {age.chip && (
                    <StatusChip tone="info" label="new since yesterday" />
                  )}
                </>
              }
              secondary={`${age.text} · cluster ${f.cluster}`}
            />
          </ListItem>
        );
      })}
    </List>
  );
};

/**
 * The Mesh tab's compact history: the entity's findings over the last 30
 * days, and when each current finding first appeared (kept in the database,
 * so "new since yesterday" survives restarts).
 */
export const EntityMeshHistory = () => {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  const data = useAsyncRetry(async () => {
    const now = Date.now();
    const history = await meshApi.getEntityHistory(
      { kind, namespace, name },
      { from: new Date(now - HISTORY_DAYS * DAY_MS).toISOString() },
    );
    return { history, now };
  }, [meshApi, kind, namespace, name]);
  const outcome = historyOutcome(data);
  const rows = useMemo(
    () => (data.value ? entityFindingsRows(data.value.history) : []),
    [data.value],
  );

  let body;
  if (outcome.state === 'loading') {
    body = <Progress aria-label="Loading the history" />;
  } else if (outcome.state === 'off') {
    body = (
      <Alert severity="info" role="status">
        History is off in this portal (mesh.history.enabled: false): no findings
        over time and no first-seen times.
      </Alert>
    );
  } else if (outcome.state === 'error') {
    body = <MeshErrorPanel error={outcome.error} onRetry={data.retry} />;
  } else {
    const { history, now } = outcome.value;
    const newCount = history.findings.filter(
      f => findingAge(f, now).kind === 'new',
    ).length;
    body = (
      <>
        {rows.length ? (
          <FindingsOverTime rows={rows} />
        ) : (
          <Alert severity="info" role="status">
            No history samples of this service in the last {HISTORY_DAYS} days
            yet. The backend records each service's figures at every entity
            sampling interval (mesh.history.entityInterval).
          </Alert>
        )}
        <Typography variant="h6" component="h3" style={{ marginTop: 16 }}>
          Current findings:{' '}
          {history.findings.length === 0
            ? 'none'
            : `${history.findings.length}, ${newCount} new since yesterday`}
        </Typography>
        {history.findings.length > 0 && (
          <FirstSeenList findings={history.findings} now={now} />
        )}
      </>
    );
  }
  return <InfoCard title="History">{body}</InfoCard>;
};
