import { Verdict } from '../../status/summarizeEntityStatus';
import { StatusChip } from '../common/StatusChip';

const verdicts: Record<Verdict, { tone: Verdict; label: string }> = {
  ok: { tone: 'ok', label: 'Healthy' },
  warning: { tone: 'warning', label: 'Needs attention' },
  error: { tone: 'error', label: 'Problems found' },
  unknown: { tone: 'unknown', label: 'Partly unknown' },
};

/** The one-word answer to "is this service healthy in the mesh?". */
export const VerdictChip = (props: { verdict: Verdict }) => {
  const v = verdicts[props.verdict];
  return <StatusChip tone={v.tone} label={v.label} size="medium" />;
};
