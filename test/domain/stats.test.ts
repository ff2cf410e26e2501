import { nearestRank, ratioOfSums, summarize } from '../../src/domain/stats';

describe('nearest-rank percentiles (docs/flow-metrics.md#metrics)', () => {
  test.each([
    // values, p, expected: rank = ceil(p/100 × n)
    [[5], 50, 5],
    [[5], 95, 5],
    [[1, 2], 50, 1],
    [[1, 2], 85, 2],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 85, 4],
    [Array.from({ length: 20 }, (_, i) => i + 1), 85, 17], // 0.85 × 20 = 17 exactly: rank 17, not 18
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50, 50],
    [Array.from({ length: 100 }, (_, i) => i + 1), 85, 85],
    [Array.from({ length: 7 }, (_, i) => i + 1), 85, 6], // ceil(5.95) = 6
  ])('%j at p%i is %d', (values, p, expected) => {
    expect(nearestRank(values, p)).toBe(expected);
  });

  test('no values: null', () => {
    expect(nearestRank([], 50)).toBeNull();
  });

  test('summary sorts numerically and computes the mean', () => {
    expect(summarize([10, 2, 33, 4])).toEqual({ count: 4, mean: 12.25, p50: 4, p85: 33, p95: 33 });
    expect(summarize([])).toEqual({ count: 0, mean: null, p50: null, p85: null, p95: null });
  });

  test('ratio of sums is null when nothing was measured', () => {
    expect(ratioOfSums(1, 4)).toBe(0.25);
    expect(ratioOfSums(0, 0)).toBeNull();
  });
});
