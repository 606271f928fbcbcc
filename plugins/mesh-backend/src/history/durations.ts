import { HumanDuration } from '@backstage/types';

const MS_PER: Record<keyof HumanDuration, number> = {
  milliseconds: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
  // Calendar months and years vary; for an interval or a retention the
  // average length is close enough.
  months: 30 * 86_400_000,
  years: 365 * 86_400_000,
};

/** A `HumanDuration` (as `readDurationFromConfig` returns it) in milliseconds. */
export function durationMs(duration: HumanDuration): number {
  let total = 0;
  for (const [unit, value] of Object.entries(duration)) {
    total += (value ?? 0) * MS_PER[unit as keyof HumanDuration];
  }
  return total;
}

const STEP_UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `15m`, `1h`, `1d`, `2w` in milliseconds; undefined when not of that form. */
export function parseStepMs(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,5})([smhdw])$/.exec(text);
  return match ? Number(match[1]) * STEP_UNITS[match[2]] : undefined;
}
