import type {
  CertificateExpiryBucket,
  FindingCode,
  FleetQuery,
  FleetSummary,
} from '@meshwise/plugin-mesh-common';
import { useNavigate } from 'react-router-dom';
import { drillDownSearch, findingsOfCode } from './drillDownLinks';
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
import { StatusTone } from '../common/StatusChip';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

const buckets: {
  bucket: CertificateExpiryBucket;
  label: string;
  tone: StatusTone;
  /** The finding that lists these certificates. */
  code?: FindingCode;
}[] = [
  { bucket: 'expired', label: 'Expired', tone: 'error', code: 'MW303' },
  { bucket: 'notReady', label: 'Not ready', tone: 'error', code: 'MW302' },
  { bucket: 'under7d', label: '≤ 7 days', tone: 'error', code: 'MW303' },
  { bucket: 'under30d', label: '≤ 30 days', tone: 'warning', code: 'MW303' },
  { bucket: 'under90d', label: '≤ 90 days', tone: 'ok' },
  { bucket: 'over90d', label: '> 90 days', tone: 'ok' },
  { bucket: 'unknown', label: 'Unknown', tone: 'unknown' },
];

/** Certificates by time to expiry, the urgent buckets first. */
export const CertificateExpiryChart = ({
  summary,
  scope = {},
}: {
  summary: FleetSummary;
  scope?: Pick<FleetQuery, 'cluster'>;
}) => {
  const colors = useChartColors();
  const navigate = useNavigate();
  const data = buckets.map(b => ({
    ...b,
    count: summary.certificates.byBucket[b.bucket] ?? 0,
    to: b.code ? drillDownSearch(scope, findingsOfCode(b.code)) : undefined,
  }));
  const links = [
    {
      label: 'not ready (MW302)',
      to: drillDownSearch(scope, findingsOfCode('MW302')),
    },
    {
      label: 'expiring (MW303)',
      to: drillDownSearch(scope, findingsOfCode('MW303')),
    },
  ];
  return (
    <ChartFigure
      title="Certificates by time to expiry"
      summary={data.map(d => `${d.label}: ${d.count}`).join(', ')}
      links={links}
    >
      <BarChart
        data={data}
        margin={{ top: 16, right: 8, left: -16, bottom: 0 }}
      >
        <CartesianGrid vertical={false} stroke={colors.grid} />
        <XAxis
          dataKey="label"
          tick={{ fill: colors.text, fontSize: 11 }}
          interval={0}
          angle={-30}
          textAnchor="end"
          height={48}
        />
        <YAxis
          allowDecimals={false}
          tick={{ fill: colors.text, fontSize: 12 }}
        />
        <Tooltip {...colors.tooltip} />
        <Bar
          dataKey="count"
          name="Certificates"
          isAnimationActive={false}
          cursor="pointer"
          onClick={(d: unknown) => {
            const to = (d as { to?: string }).to;
            if (to) navigate(to);
          }}
        >
          {data.map(d => (
            <Cell key={d.bucket} fill={colors.tone(d.tone)} />
          ))}
          <LabelList
            dataKey="count"
            position="top"
            fill={colors.text}
            fontSize={12}
          />
        </Bar>
      </BarChart>
    </ChartFigure>
  );
};
