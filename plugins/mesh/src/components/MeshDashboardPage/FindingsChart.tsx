import {
  FINDING_CATALOGUE,
  type FindingCode,
  type FleetQuery,
  type FleetSummary,
} from '@meshwise/plugin-mesh-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useNavigate } from 'react-router-dom';
import { severityPresentation } from '../common/statusTones';
import { drillDownSearch, findingsOfCode } from './drillDownLinks';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

const TOP_CODES = 8;

/** The most frequent finding codes, coloured by their severity; a bar opens that code's findings. */
export const FindingsChart = ({
  summary,
  scope = {},
}: {
  summary: FleetSummary;
  scope?: Pick<FleetQuery, 'cluster'>;
}) => {
  const colors = useChartColors();
  const navigate = useNavigate();
  const linkOf = (code: FindingCode) =>
    drillDownSearch(scope, findingsOfCode(code));
  const data = (
    Object.entries(summary.findings.byCode) as [FindingCode, number][]
  )
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, TOP_CODES)
    .map(([code, count]) => {
      const def = FINDING_CATALOGUE[code];
      return {
        code,
        count,
        title: def?.title ?? code,
        severity: def?.defaultSeverity ?? 'info',
      };
    });
  return (
    <ChartFigure
      title="Most frequent findings"
      summary={
        data.length
          ? data.map(d => `${d.code} ${d.title}: ${d.count}`).join(', ')
          : 'none'
      }
      height={Math.max(120, data.length * 28 + 24)}
      links={data.map(d => ({ label: d.code, to: linkOf(d.code) }))}
    >
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 0, right: 32, left: 0, bottom: 0 }}
      >
        <CartesianGrid horizontal={false} stroke={colors.grid} />
        <XAxis
          type="number"
          allowDecimals={false}
          tick={{ fill: colors.text, fontSize: 12 }}
        />
        <YAxis
          type="category"
          dataKey="code"
          width={56}
          tick={{ fill: colors.text, fontSize: 12 }}
        />
        <Tooltip
          {...colors.tooltip}
          labelFormatter={(code: unknown) =>
            `${code} ${FINDING_CATALOGUE[code as FindingCode]?.title ?? ''}`
          }
        />
        <Bar
          dataKey="count"
          name="Findings"
          isAnimationActive={false}
          cursor="pointer"
          onClick={(d: unknown) =>
            navigate(linkOf((d as { code: FindingCode }).code))
          }
        >
          {data.map(d => (
            <Cell
              key={d.code}
              fill={colors.tone(severityPresentation[d.severity].tone)}
            />
          ))}
          <LabelList
            dataKey="count"
            position="right"
            fill={colors.text}
            fontSize={12}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
};
