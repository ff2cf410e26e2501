import {
  formatCivilDate,
  isoWeekStart,
  monthStart,
  nextMonthStart,
  parseCivilDate,
  type CivilDay,
  type Zone,
} from './calendar';
import { DomainError } from './errors';
import type { TrendPeriod } from './settings';
import type { Instant } from './types';

/** A report window as the user gives it: two inclusive civil dates and an optional `asOf`. */
export interface WindowSpec {
  readonly from: string;
  readonly to: string;
  readonly asOf?: Instant | undefined;
}

/**
 * The window resolved in the settings' zone (docs/flow-metrics.md#metrics): the half-open interval [`from` 00:00, the
 * day after `to` 00:00); `asOf` defaults to its end.
 */
export interface ResolvedWindow {
  readonly from: string;
  readonly to: string;
  readonly fromDay: CivilDay;
  readonly toDay: CivilDay;
  readonly start: Instant;
  readonly end: Instant;
  readonly asOf: Instant;
  /** Daily load samples: sample k is the end of day `fromDay + k`, i.e. the next day at 00:00. */
  readonly dailySamples: readonly Instant[];
}

/** The window a review opens on when none is asked for: the twelve weeks up to today. */
export const DEFAULT_WINDOW_DAYS = 84;

/**
 * Fills in a window's missing dates: `to` is today in the zone (the day of `now`), `from` is
 * `weeks` weeks (default twelve) before it, inclusive.
 */
export function defaultWindow(
  request: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly weeks?: number | undefined;
  },
  zone: Zone,
  now: number,
): { from: string; to: string } {
  const to = request.to ?? formatCivilDate(zone.dayOf(now));
  const toDay = parseCivilDate(to);
  if (toDay === null) throw new DomainError('INVALID_INPUT', `"to" is not a date (YYYY-MM-DD): ${to}`);
  const span = request.weeks !== undefined ? request.weeks * 7 : DEFAULT_WINDOW_DAYS;
  return { from: request.from ?? formatCivilDate(toDay - (span - 1)), to };
}

/**
 * The as-of of a window read live: a window that ends today is read as of now (the load and ages
 * of this moment, not of tonight's midnight); any other at its end.
 */
export function liveAsOf(to: string, zone: Zone, now: number): number | undefined {
  const toDay = parseCivilDate(to);
  if (toDay === null) return undefined;
  return zone.startOfDay(toDay + 1) > now ? now : undefined;
}

/** The longest window a report accepts: enough for ten years of daily samples. */
export const MAX_WINDOW_DAYS = 3660;

export function resolveWindow(spec: WindowSpec, zone: Zone): ResolvedWindow {
  const fromDay = parseCivilDate(spec.from);
  const toDay = parseCivilDate(spec.to);
  if (fromDay === null)
    throw new DomainError('INVALID_INPUT', `"from" is not a date (YYYY-MM-DD): ${spec.from}`);
  if (toDay === null) throw new DomainError('INVALID_INPUT', `"to" is not a date (YYYY-MM-DD): ${spec.to}`);
  if (toDay < fromDay)
    throw new DomainError('INVALID_INPUT', `"to" (${spec.to}) is before "from" (${spec.from})`);
  if (toDay - fromDay + 1 > MAX_WINDOW_DAYS) {
    throw new DomainError('TOO_LARGE', `the window spans more than ${MAX_WINDOW_DAYS} days`);
  }
  if (spec.asOf !== undefined && !Number.isFinite(spec.asOf)) {
    throw new DomainError('INVALID_INPUT', '"asOf" is not a valid instant');
  }
  const dailySamples: Instant[] = [];
  for (let d = fromDay; d <= toDay; d++) dailySamples.push(zone.startOfDay(d + 1));
  const start = zone.startOfDay(fromDay);
  const end = zone.startOfDay(toDay + 1);
  return {
    from: formatCivilDate(fromDay),
    to: formatCivilDate(toDay),
    fromDay,
    toDay,
    start,
    end,
    asOf: spec.asOf ?? end,
    dailySamples,
  };
}

/** One trend period, clipped to the window; `label` is the period's own first day. */
export interface Period {
  readonly label: string;
  readonly start: Instant;
  readonly end: Instant;
  /** Index into `dailySamples` of the sample taken at the period's (clipped) end. */
  readonly endSample: number;
}

/** ISO weeks (Monday start) or calendar months overlapping the window, in the settings' zone. */
export function periodsOf(window: ResolvedWindow, kind: TrendPeriod, zone: Zone): Period[] {
  const periods: Period[] = [];
  const lastDay = window.toDay + 1;
  let day = kind === 'week' ? isoWeekStart(window.fromDay) : monthStart(window.fromDay);
  while (day < lastDay) {
    const next = kind === 'week' ? day + 7 : nextMonthStart(day);
    const clippedStartDay = Math.max(day, window.fromDay);
    const clippedEndDay = Math.min(next, lastDay);
    periods.push({
      label: formatCivilDate(day),
      start: zone.startOfDay(clippedStartDay),
      end: zone.startOfDay(clippedEndDay),
      endSample: clippedEndDay - window.fromDay - 1,
    });
    day = next;
  }
  return periods;
}
