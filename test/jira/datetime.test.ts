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
  ])('%j is refused', (text) => {
    expect(parseJiraDateTime(text)).toBeNull();
  });
});
