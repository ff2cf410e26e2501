/** Count, mean and nearest-rank percentiles of a set of durations, in days (docs/flow-metrics.md#metrics). */
export interface DurationSummary {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p85: number | null;
  readonly p95: number | null;
}

export const EMPTY_SUMMARY: DurationSummary = { count: 0, mean: null, p50: null, p85: null, p95: null };

/**
 * Nearest-rank percentile of ascending values: the value at 1-based rank ⌈p/100 × n⌉. The rank is
 * computed in integers (p × n is exact) so that 0.85 × 20 cannot round to rank 18.
 */
export function nearestRank(sortedAscending: ArrayLike<number>, percent: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((percent * n) / 100));
  return sortedAscending[Math.min(rank, n) - 1] ?? null;
}

export function summarize(values: ArrayLike<number>): DurationSummary {
  const n = values.length;
  if (n === 0) return EMPTY_SUMMARY;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    mean: sum / n,
    p50: nearestRank(sorted, 50),
    p85: nearestRank(sorted, 85),
    p95: nearestRank(sorted, 95),
  };
}

/** Σ numerator ÷ Σ denominator, or null when the denominator is zero. */
export function ratioOfSums(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
