import {
  FINDING_CATALOGUE,
  FINDING_CODES,
  type EckHealth,
  type EckKind,
  type FleetQuery,
  type FleetSummary,
} from '@meshwise/plugin-mesh-common';
import { useNavigate } from 'react-router-dom';
import { drillDownSearch, eckFindings } from './drillDownLinks';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { eckHealthPresentation } from '../common/statusTones';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

const KINDS: { kind: EckKind; label: string }[] = [
  { kind: 'Elasticsearch', label: 'Elasticsearch' },
  { kind: 'Kibana', label: 'Kibana' },
  { kind: 'ApmServer', label: 'APM Server' },
];
const HEALTHS: EckHealth[] = ['green', 'yellow', 'red', 'unknown'];

/** The ECK checks' codes, from the catalogue. */
const ECK_CODES = FINDING_CODES.filter(
  c => FINDING_CATALOGUE[c]?.category === 'eck',
);

/** ECK resources by kind and health; a bar opens the fleet's ECK findings. */
export const EckHealthChart = ({
  summary,
  scope = {},
}: {
  summary: FleetSummary;
  scope?: Pick<FleetQuery, 'cluster'>;
}) => {
  const colors = useChartColors();
  const navigate = useNavigate();
  const to = drillDownSearch(scope, eckFindings(ECK_CODES));
  const data = KINDS.map(k => ({ label: k.label, ...summary.eck[k.kind] }));
  return (
    <ChartFigure
      title="ECK health"
      summary={data
        .map(d => `${d.label}: ${HEALTHS.map(h => `${d[h]} ${h}`).join(', ')}`)
        .join('; ')}
      links={[{ label: 'ECK findings', to }]}
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
        <Legend wrapperStyle={{ color: colors.text, fontSize: 12 }} />
        {HEALTHS.map(h => (
          <Bar
            key={h}
            dataKey={h}
            stackId="health"
            name={eckHealthPresentation[h].label}
            fill={colors.tone(eckHealthPresentation[h].tone)}
            isAnimationActive={false}
            cursor="pointer"
            onClick={() => navigate(to)}
          />
        ))}
      </BarChart>
    </ChartFigure>
  );
};
