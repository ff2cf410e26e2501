import type { TargetBand } from './settings';

/**
 * Where a share stands against its band (docs/flow-metrics.md#metrics): below the minimum, above
 * the maximum, or within. The completed mix, the planned mix and the stream's teams read it here.
 */
export type BandStatus = 'below' | 'within' | 'above';

export function bandStatus(band: TargetBand, share: number): BandStatus {
  if (band.min !== null && share < band.min) return 'below';
  if (band.max !== null && share > band.max) return 'above';
  return 'within';
}

/**
 * The smallest change in whole work items that brings `count` of `total` within the band: work
 * items of the type to add when below, to take out when above; null when within, or when no whole
 * number of them lands within (a band narrower than one work item's share, where the next one
 * jumps over it: 0 of 3 against 10–20 % is below, 1 of 4 above). Searched rather than solved, so
 * that the answer is judged by `bandStatus` itself and float rounding cannot disagree with it.
 */
export function itemsToBand(
  band: TargetBand,
  count: number,
  total: number,
): { readonly action: 'add' | 'remove'; readonly items: number } | null {
  const share = (c: number, t: number): number => (t === 0 ? 0 : c / t);
  const status = bandStatus(band, share(count, total));
  if (status === 'within') return null;
  if (status === 'below') {
    // A minimum of 100 % with other work planned: no number of additions reaches it.
    if (band.min !== null && band.min >= 1) return null;
    // Adding moves the share up towards 1: past the band's top, no more work item can help.
    for (let n = 1; n <= total + 1_000_000; n++) {
      const next = bandStatus(band, share(count + n, total + n));
      if (next === 'within') return { action: 'add', items: n };
      if (next === 'above') return null;
    }
    return null;
  }
  for (let n = 1; n <= count; n++) {
    const next = bandStatus(band, share(count - n, total - n));
    if (next === 'within') return { action: 'remove', items: n };
    if (next === 'below') return null;
  }
  return null;
}
