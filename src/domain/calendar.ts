import { tzOffset } from '@date-fns/tz';
import type { IsoWeekday, WorkingCalendar } from './settings';
import { MS_PER_DAY, type Instant } from './types';

const QUARTER_HOUR = 15 * 60_000;

/** A civil date (a day on the wall calendar, no zone) as the number of days since 1970-01-01. */
export type CivilDay = number;

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; null unless it names a real calendar day. */
export function parseCivilDate(text: string): CivilDay | null {
  const m = CIVIL_DATE.exec(text);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

export function formatCivilDate(day: CivilDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

const WEEKDAYS_FROM_MONDAY: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** ISO weekday of a civil day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: CivilDay): IsoWeekday {
  return WEEKDAYS_FROM_MONDAY[(((day + 3) % 7) + 7) % 7] ?? 1;
}

export function isoWeekStart(day: CivilDay): CivilDay {
  return day - (isoWeekday(day) - 1);
}

export function monthStart(day: CivilDay): CivilDay {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / MS_PER_DAY;
}

export function nextMonthStart(day: CivilDay): CivilDay {
  const d = new Date(day * MS_PER_DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / MS_PER_DAY;
}

/** True when the IANA zone name is one this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts between instants and civil days in one time zone. UTC, the default, needs no offset
 * lookups; any other zone asks the runtime's tz database (DST included).
 */
export class Zone {
  private readonly utc: boolean;
  /** Offsets by quarter hour: zone transitions fall on quarter hours, and Intl lookups are slow. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.utc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
  }

  /** Offset from UTC at the instant, in ms (positive east of Greenwich). */
  offsetAt(t: Instant): number {
    if (this.utc) return 0;
    const bucket = Math.floor(t / QUARTER_HOUR);
    let offset = this.offsets.get(bucket);
    if (offset === undefined) {
      offset = tzOffset(this.timeZone, new Date(bucket * QUARTER_HOUR)) * 60_000;
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** The instant at which the civil day begins in this zone. */
  startOfDay(day: CivilDay): Instant {
    const local = day * MS_PER_DAY;
    if (this.utc) return local;
    const guess = local - this.offsetAt(local);
    return local - this.offsetAt(guess);
  }

  /** The civil day on which the instant falls in this zone. */
  dayOf(t: Instant): CivilDay {
    return Math.floor((t + this.offsetAt(t)) / MS_PER_DAY);
  }

  /** Wall-clock milliseconds since 1970-01-01 00:00 local time. */
  localMs(t: Instant): number {
    return t + this.offsetAt(t);
  }
}

/**
 * Measures durations: plain elapsed time by default, or only the time on working days when the
 * working calendar is on. Computed in closed form (whole weeks plus the days at each end), so that
 * a long duration costs no more than a short one.
 */
export class DurationMeter {
  private readonly nonWorking: ReadonlySet<number>;
  private readonly holidays: readonly CivilDay[];

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly zone: Zone,
  ) {
    this.nonWorking = new Set(calendar.nonWorkingWeekdays);
    this.holidays = [
      ...new Set(
        calendar.holidays
          .map(parseCivilDate)
          .filter((d): d is CivilDay => d !== null && !this.nonWorking.has(isoWeekday(d))),
      ),
    ].sort((a, b) => a - b);
  }

  get workingDaysOnly(): boolean {
    return this.calendar.enabled;
  }

  /** Milliseconds counted between two instants (0 when `end` is not after `start`). */
  measure(start: Instant, end: Instant): number {
    if (end <= start) return 0;
    if (!this.calendar.enabled) return end - start;
    const a = this.zone.localMs(start);
    const b = this.zone.localMs(end);
    if (b <= a) return 0;
    const dayA = Math.floor(a / MS_PER_DAY);
    const dayB = Math.floor(b / MS_PER_DAY);
    if (dayA === dayB) return this.isWorkingDay(dayA) ? b - a : 0;
    let total = 0;
    if (this.isWorkingDay(dayA)) total += (dayA + 1) * MS_PER_DAY - a;
    if (this.isWorkingDay(dayB)) total += b - dayB * MS_PER_DAY;
    total += this.workingDaysBetween(dayA + 1, dayB) * MS_PER_DAY;
    return total;
  }

  isWorkingDay(day: CivilDay): boolean {
    return !this.nonWorking.has(isoWeekday(day)) && !this.isHoliday(day);
  }

  /** Working days in the civil-day range [from, to). */
  private workingDaysBetween(from: CivilDay, to: CivilDay): number {
    if (to <= from) return 0;
    const span = to - from;
    const weeks = Math.floor(span / 7);
    let count = weeks * (7 - this.nonWorking.size);
    for (let d = from + weeks * 7; d < to; d++) if (!this.nonWorking.has(isoWeekday(d))) count++;
    return count - (lowerBound(this.holidays, to) - lowerBound(this.holidays, from));
  }

  private isHoliday(day: CivilDay): boolean {
    const i = lowerBound(this.holidays, day);
    return this.holidays[i] === day;
  }
}

/** Index of the first element not less than `value` in an ascending array. */
export function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element greater than `value` in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
