import { readDrillContext } from '../../static/drill-down/src/drill-context';

/**
 * What the project page hands the drill-down's modal crosses a frame: it is read field by field,
 * and the window it names is the figures' own (dates and as-of), so the list is theirs.
 */

test("the figures' window comes through whole, and nothing else does", () => {
  const sent = {
    count: { kind: 'completed', type: 'debt', period: '2013-07-22', extra: 1 },
    payload: {
      projectKey: 'AGPUSH',
      trendPeriod: 'week',
      from: '2013-05-10',
      to: '2013-08-01',
      asOf: '2013-08-02T00:00:00.000Z',
      injected: '<script>',
    },
  };
  expect(readDrillContext(sent)).toEqual({
    count: { kind: 'completed', type: 'debt', period: '2013-07-22' },
    payload: {
      projectKey: 'AGPUSH',
      trendPeriod: 'week',
      from: '2013-05-10',
      to: '2013-08-01',
      asOf: '2013-08-02T00:00:00.000Z',
    },
  });
});

test('a context without a count it knows, or without a space, opens nothing', () => {
  const payload = { projectKey: 'AGPUSH' };
  expect(readDrillContext({ count: { kind: 'everything' }, payload })).toBeNull();
  expect(readDrillContext({ count: { kind: 'in-progress' }, payload: { weeks: 12 } })).toBeNull();
  expect(readDrillContext(null)).toBeNull();
  // A type it does not know is dropped, not passed on: the count is then every type's.
  expect(readDrillContext({ count: { kind: 'in-progress', type: 'epic' }, payload })).toEqual({
    count: { kind: 'in-progress' },
    payload,
  });
});
