import type {
  CertificateExpiryBucket,
  FleetSummary,
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
import { StatusTone } from '../common/StatusChip';
import { ChartFigure } from './ChartFigure';
import { useChartColors } from './useChartColors';

const buckets: {
  bucket: CertificateExpiryBucket;
  label: string;
  tone: StatusTone;
}[] = [
  { bucket: 'expired', label: 'Expired', tone: 'error' },
  { bucket: 'notReady', label: 'Not ready', tone: 'error' },
  { bucket: 'under7d', label: '≤ 7 days', tone: 'error' },
  { bucket: 'under30d', label: '≤ 30 days', tone: 'warning' },
  { bucket: 'under90d', label: '≤ 90 days', tone: 'ok' },
  { bucket: 'over90d', label: '> 90 days', tone: 'ok' },
  { bucket: 'unknown', label: 'Unknown', tone: 'unknown' },
];

/** Certificates by time to expiry, the urgent buckets first. */
export const CertificateExpiryChart = ({
  summary,
}: {
  summary: FleetSummary;
}) => {
  const colors = useChartColors();
  const data = buckets.map(b => ({
    ...b,
    count: summary.certificates.byBucket[b.bucket] ?? 0,
  }));
  return (
    <ChartFigure
      title="Certificates by time to expiry"
      summary={data.map(d => `${d.label}: ${d.count}`).join(', ')}
    >
      <BarChart
        data={data}
        margin={{ top: 16, right: 8, left: -16, bottom: 0 }}
      >
        <CartesianGrid vertical={false} stroke={colors.grid} />
        <XAxis
          dataKey="label"
          tick={{ fill: colors.text, fontSize: 12 }}
          interval={0}
        />
        <YAxis
          allowDecimals={false}
          tick={{ fill: colors.text, fontSize: 12 }}
        />
        <Tooltip {...colors.tooltip} />
        <Bar dataKey="count" name="Certificates" isAnimationActive={false}>
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
