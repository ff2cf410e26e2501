import { seededRandom } from '../../src/domain/random';
import { parseJiraDateTime } from '../../src/jira/datetime';

describe('Jira date-times', () => {
  test.each([
    ['2013-07-23T15:27:59.000-0400', '2013-07-23T19:27:59.000Z'], // Server: offset without a colon
    ['2021-09-06T04:34:26.204+0000', '2021-09-06T04:34:26.204Z'], // Cloud
    ['2013-11-10T00:48:33.000-0500', '2013-11-10T05:48:33.000Z'],
    ['2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T05:30:00+05:30', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T00:00+01', '2023-12-31T23:00:00.000Z'],
    ['2024-01-01T00:00:00.123456789Z', '2024-01-01T00:00:00.123Z'],
    // Four-digit years as written, not 1900 + year.
    ['0099-03-01T00:00:00Z', '0099-03-01T00:00:00.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['2024-02-29T12:00:00+14:00', '2024-02-28T22:00:00.000Z'],
    ['2024-02-29T12:00:00-12:00', '2024-03-01T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    const t = parseJiraDateTime(text);
    expect(t === null ? null : new Date(t).toISOString()).toBe(iso);
  });

  test.each([
    '2013-07-23',
    '2013-07-23 15:27:59',
    '2013-02-30T00:00:00Z',
    '2013-07-23T25:00:00Z',
    'now',
    '',
    '1373400000000',
    '2024-01-01T00:00:00+9999',
    '2024-01-01T00:00:00+1500',
    '2024-01-01T00:00:00+0160',
    '0099-02-29T00:00:00Z', // the year 99 had no 29 February
    '12024-01-01T00:00:00Z',
  ])('%j is refused', (text) => {
    expect(parseJiraDateTime(text)).toBeNull();
  });

  // Cloud's own form is read from its characters, everything else by the pattern: both must agree
  // with what the standard's own reader makes of the same text with a colon in its offset.
  test('the common form gives the instant it names, at any offset', () => {
    const random = seededRandom(7);
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    for (let i = 0; i < 2000; i++) {
      const at = Date.UTC(1970, 0, 1) + Math.floor(random() * 4_000_000_000_000);
      const offsetMinutes = (Math.floor(random() * 105) - 48) * 15; // -12:00 to +14:00
      const local = new Date(at + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(offsetMinutes);
      const zone = `${pad(Math.floor(abs / 60), 2)}${pad(abs % 60, 2)}`;
      expect(parseJiraDateTime(`${local}${sign}${zone}`)).toBe(at);
      expect(Date.parse(`${local}${sign}${zone.slice(0, 2)}:${zone.slice(2)}`)).toBe(at);
    }
  });

  test.each([
    '2023-02-29T00:00:00.000+0000',
    '2024-13-01T00:00:00.000+0000',
    '2024-04-31T00:00:00.000+0000',
    '2024-01-01T24:00:00.000+0000',
    '2024-01-01T00:60:00.000+0000',
    '2024-01-01T00:00:61.000+0000',
    '2024-01-01T00:00:00.000+1500',
    '2024-01-01T00:00:00.000+0060',
    '2024-01-01T00:00:00.000*0000',
    '2024-01-0aT00:00:00.000+0000',
  ])('%j, in the common form but no instant, is refused', (text) => {
    expect(parseJiraDateTime(text)).toBeNull();
  });

  test('the rare cases of the common form are read by the pattern', () => {
    // A leap second rolls over into the next day, which the pattern refuses as no such day.
    expect(parseJiraDateTime('2016-12-31T23:59:60.000+0000')).toBeNull();
    const early = parseJiraDateTime('0099-03-01T00:00:00.000+0000');
    expect(early === null ? null : new Date(early).toISOString()).toBe('0099-03-01T00:00:00.000Z');
  });
});
