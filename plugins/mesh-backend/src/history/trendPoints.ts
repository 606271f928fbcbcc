import { StoredSample } from './HistoryStore';

/** One step of a trend: the last sample taken in it. */
export interface TrendPoint {
  /** Start of the step. */
  at: string;
  /** When the sample was taken. */
  sampledAt: string;
  /** Null: unknown at that time (see `unknownReason`). */
  figures: unknown | null;
  unknownReason?: string;
}

/**
 * Per subject, the last sample of each step of [from, to) counted from
 * `from`. A step without a sample has no point: nothing is interpolated.
 */
export function trendPoints(
  samples: readonly StoredSample[],
  range: { from: number; stepMs: number },
): Map<string, TrendPoint[]> {
  const last = new Map<string, Map<number, StoredSample>>();
  for (const sample of samples) {
    const step = Math.floor((sample.sampledAt - range.from) / range.stepMs);
    let steps = last.get(sample.subject);
    if (!steps) {
      steps = new Map();
      last.set(sample.subject, steps);
    }
    const kept = steps.get(step);
    if (!kept || kept.sampledAt <= sample.sampledAt) steps.set(step, sample);
  }
  const out = new Map<string, TrendPoint[]>();
  for (const [subject, steps] of last) {
    out.set(
      subject,
      [...steps]
        .sort(([a], [b]) => a - b)
        .map(([step, sample]) => ({
          at: new Date(range.from + step * range.stepMs).toISOString(),
          sampledAt: new Date(sample.sampledAt).toISOString(),
          figures: sample.figures,
          ...(sample.unknownReason
            ? { unknownReason: sample.unknownReason }
            : {}),
        })),
    );
  }
  return out;
}
