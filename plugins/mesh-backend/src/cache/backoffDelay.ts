/** How retries after failures are spaced. */
export interface BackoffOptions {
  /** The first delay; default 500 ms. */
  initialMs?: number;
  /** The cap; default 30 s. */
  maxMs?: number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential from
 * `initialMs`, capped at `maxMs`, with jitter over the upper half of the
 * window so that the reflectors of many kinds and clusters that failed
 * together (an API server restart) do not come back in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(max, initial * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
