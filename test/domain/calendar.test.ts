import {
  DurationMeter,
  formatCivilDate,
  isoWeekday,
  isoWeekStart,
  isValidTimeZone,
  monthStart,
  nextMonthStart,
  parseCivilDate,
  Zone,
} from '../../src/domain/calendar';
import { MS_PER_DAY } from '../../src/domain/types';

const day = (s: string): number => {
  const d = parseCivilDate(s);
  if (d === null) throw new Error(s);
  return d;
};

describe('civil dates', () => {
  test.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-1-01', '20240101', '2024-01-01T00:00', ''])(
    '%j is not a date',
    (s) => {
      expect(parseCivilDate(s)).toBeNull();
    },
  );

  test('round trip and leap day', () => {
    expect(formatCivilDate(day('2024-02-29'))).toBe('2024-02-29');
    expect(day('1970-01-01')).toBe(0);
  });

  test.each([
    ['2024-01-01', 1],
    ['2024-01-07', 7],
    ['2013-03-01', 5],
    ['1970-01-01', 4],
  ])('%s is ISO weekday %i', (s, wd) => {
    expect(isoWeekday(day(s))).toBe(wd);
  });

  test('weeks start on Monday, months on the 1st, across a year end', () => {
    expect(formatCivilDate(isoWeekStart(day('2013-03-01')))).toBe('2013-02-25');
    expect(formatCivilDate(isoWeekStart(day('2024-01-07')))).toBe('2024-01-01');
    expect(formatCivilDate(monthStart(day('2013-09-30')))).toBe('2013-09-01');
    expect(formatCivilDate(nextMonthStart(day('2013-12-15')))).toBe('2014-01-01');
  });
});

describe('zones', () => {
  test('UTC days begin at 00:00Z', () => {
    expect(new Date(new Zone('UTC').startOfDay(day('2013-03-01'))).toISOString()).toBe(
      '2013-03-01T00:00:00.000Z',
    );
  });

  test('Europe/Berlin days begin at local midnight, in winter and in summer', () => {
    const berlin = new Zone('Europe/Berlin');
    expect(new Date(berlin.startOfDay(day('2024-01-15'))).toISOString()).toBe('2024-01-14T23:00:00.000Z');
    expect(new Date(berlin.startOfDay(day('2024-07-15'))).toISOString()).toBe('2024-07-14T22:00:00.000Z');
    // The day of the spring change has 23 hours.
    const springDay = berlin.startOfDay(day('2024-04-01')) - berlin.startOfDay(day('2024-03-31'));
    expect(springDay / 3_600_000).toBe(23);
    expect(formatCivilDate(berlin.dayOf(Date.parse('2024-07-14T22:30:00Z')))).toBe('2024-07-15');
  });

  test('America/Sao_Paulo and Asia/Kolkata (half-hour offset)', () => {
    expect(new Date(new Zone('Asia/Kolkata').startOfDay(day('2024-05-01'))).toISOString()).toBe(
      '2024-04-30T18:30:00.000Z',
    );
    expect(new Date(new Zone('America/Sao_Paulo').startOfDay(day('2024-05-01'))).toISOString()).toBe(
      '2024-05-01T03:00:00.000Z',
    );
  });

  test('zone names are validated', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('working-day durations', () => {
  const utc = new Zone('UTC');
  const t = (s: string): number => Date.parse(s);
  const days = (ms: number): number => ms / MS_PER_DAY;
  const meter = new DurationMeter(
    { enabled: true, nonWorkingWeekdays: [6, 7], holidays: ['2024-01-03'] },
    utc,
  );

  test.each([
    // 2024-01-01 is a Monday; 2024-01-03 (Wednesday) is a holiday.
    ['2024-01-01T00:00Z', '2024-01-02T00:00Z', 1],
    ['2024-01-01T12:00Z', '2024-01-01T18:00Z', 0.25],
    ['2024-01-02T12:00Z', '2024-01-04T12:00Z', 1], // Tue noon → Thu noon, Wednesday off
    ['2024-01-05T12:00Z', '2024-01-08T12:00Z', 1], // Fri noon → Mon noon
    ['2024-01-06T00:00Z', '2024-01-07T23:00Z', 0], // a weekend
    ['2024-01-01T00:00Z', '2024-01-29T00:00Z', 19], // four weeks, one holiday
    ['2024-01-01T00:00Z', '2025-01-01T00:00Z', 262 - 1],
  ])('%s → %s is %d working days', (a, b, expected) => {
    expect(days(meter.measure(t(a), t(b)))).toBeCloseTo(expected, 10);
  });

  test('calendar time when the working calendar is off, and never negative', () => {
    const off = new DurationMeter({ enabled: false, nonWorkingWeekdays: [6, 7], holidays: [] }, utc);
    expect(days(off.measure(t('2024-01-05T12:00Z'), t('2024-01-08T12:00Z')))).toBe(3);
    expect(off.measure(t('2024-01-08T12:00Z'), t('2024-01-05T12:00Z'))).toBe(0);
  });

  test('the closed form agrees with walking hour by hour', () => {
    const start = t('2024-02-27T05:00Z');
    for (let h = 0; h < 24 * 40; h += 7) {
      let walked = 0;
      for (let k = 0; k < h; k++) {
        const hour = start + k * 3_600_000;
        const wd = isoWeekday(Math.floor(hour / MS_PER_DAY));
        if (wd !== 6 && wd !== 7 && formatCivilDate(Math.floor(hour / MS_PER_DAY)) !== '2024-01-03') walked++;
      }
      expect([h, meter.measure(start, start + h * 3_600_000) / 3_600_000]).toEqual([h, walked]);
    }
  });
});
