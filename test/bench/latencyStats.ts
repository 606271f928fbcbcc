/** Order statistics of a set of timings, in the samples' unit (ms here). */
export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Nearest-rank percentile: the smallest sample at or above the given share of
 * samples, so p99 of 900 samples is the 891st, a value that was really seen.
 */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  if (samples.length === 0) {
    return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

export function median(samples: readonly number[]): number {
  return latencyStats(samples).p50;
}
