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
 * The smallest change in whole work items that brings `count` of `total` into the band: work items
 * of the type to add when below, to take out when above; null when within or out of reach (a
 * minimum of 100 % with other work planned). Searched rather than solved, so that the answer is
 * judged by `bandStatus` itself and float rounding cannot disagree with it.
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
    if (band.min !== null && band.min >= 1 && count < total) return null;
    for (let n = 1; n <= total + 1_000_000; n++)
      if (bandStatus(band, share(count + n, total + n)) !== 'below') return { action: 'add', items: n };
    return null;
  }
  for (let n = 1; n <= count; n++)
    if (bandStatus(band, share(count - n, total - n)) !== 'above') return { action: 'remove', items: n };
  return null;
}
