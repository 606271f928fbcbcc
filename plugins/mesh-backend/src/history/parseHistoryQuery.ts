import { InputError } from '@backstage/errors';
import { parseStepMs } from './durations';

/** A validated trend query: [from, to] in steps of `stepMs`. */
export interface HistoryQuery {
  from: number;
  to: number;
  stepMs: number;
}

const DAY_MS = 86_400_000;
const MAX_POINTS = 2_000;
const MIN_STEP_MS = 60_000;
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function single(query: Record<string, unknown>, name: string) {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${name} must be given once`);
  }
  return value;
}

function timeOf(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const time = ISO_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    throw new InputError(
      `Query parameter ${name} must be an ISO 8601 time with a zone (2026-12-01T00:00:00Z), not ${JSON.stringify(
        text,
      )}`,
    );
  }
  return time;
}

/**
 * Reads `from`, `to` (ISO 8601 times; default the last 7 days up to now)
 * and `step` (`15m`, `1h`, `1d`, `1w`; default the sampling interval, or
 * larger so that there are at most 2,000 steps). Anything else, an empty or
 * inverted range, a step under a minute or too many steps is an InputError.
 */
export function parseHistoryQuery(
  query: Record<string, unknown>,
  options: { now: number; intervalMs: number },
): HistoryQuery {
  const extra = Object.keys(query).filter(
    k => !['from', 'to', 'step'].includes(k),
  );
  if (extra.length) {
    throw new InputError(
      `Unknown query parameter ${extra[0]}; expected from, to, step`,
    );
  }
  const to = timeOf(single(query, 'to'), 'to') ?? options.now;
  const from = timeOf(single(query, 'from'), 'from') ?? to - 7 * DAY_MS;
  if (from >= to) {
    throw new InputError('Query parameter from must be before to');
  }
  const stepText = single(query, 'step');
  let stepMs: number;
  if (stepText === undefined) {
    const fewest = Math.ceil((to - from) / MAX_POINTS / MIN_STEP_MS);
    stepMs = Math.max(options.intervalMs, fewest * MIN_STEP_MS);
  } else {
    const parsed = parseStepMs(stepText);
    if (parsed === undefined) {
      throw new InputError(
        `Query parameter step must be a number and a unit (s, m, h, d, w), like 1h, not ${JSON.stringify(
          stepText,
        )}`,
      );
    }
    if (parsed < MIN_STEP_MS) {
      throw new InputError('Query parameter step must be at least 1m');
    }
    stepMs = parsed;
  }
  const points = Math.ceil((to - from) / stepMs);
  if (points > MAX_POINTS) {
    throw new InputError(
      `The range holds ${points} steps of ${stepText}; at most ${MAX_POINTS}: choose a larger step or a shorter range`,
    );
  }
  return { from, to, stepMs };
}
