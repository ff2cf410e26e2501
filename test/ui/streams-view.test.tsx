import type { TeamView } from '../../src/contract';
import { sortTeams } from '../../static/project-page/src/streams/teams-table';
import {
  formatStreamsView,
  parseStreamsView,
  streamView,
} from '../../static/project-page/src/streams/streams-view';

/** The value streams page's view as its URL keeps it, and the side-by-side table's order. */

test('each view and its query come back as they went; the list is no query at all', () => {
  expect(formatStreamsView({ kind: 'list' })).toBe('');
  for (const view of [
    { kind: 'new' },
    streamView('demo-stream-0001'),
    {
      kind: 'stream',
      streamId: '0b7f3c1e-2d4a-4f7b-9a1c-5e6d7f8a9b0c',
      tab: 'agreements',
      window: { kind: 'custom', from: '2013-06-01', to: '2013-06-30' },
      review: { periods: 6, by: 'month', reviewId: null },
      trend: 'month',
      editing: true,
    },
    {
      kind: 'stream',
      streamId: 'demo-stream-0001',
      tab: 'review',
      window: { kind: 'recent', weeks: 12 },
      review: { periods: 12, by: 'week', reviewId: '0b7f3c1e-2d4a-4f7b-9a1c-5e6d7f8a9b0c' },
      trend: null,
      editing: false,
    },
  ] as const)
    expect(parseStreamsView(formatStreamsView(view))).toEqual(view);
  expect(formatStreamsView(streamView('demo-stream-0001'))).toBe('?stream=demo-stream-0001');
});

test('a query that names a stream wrongly opens the list, not a broken page', () => {
  for (const query of ['?stream=', '?stream=<script>alert(1)</script>', '?stream=short', '?new=yes'])
    expect(parseStreamsView(query)).toEqual({ kind: 'list' });
  expect(parseStreamsView('?stream=demo-stream-0001&weeks=5&trend=year')).toEqual(
    streamView('demo-stream-0001'),
  );
});

function team(key: string, velocity: number, debt: number, p50: number | null): TeamView {
  const zero = { feature: 0, defect: 0, risk: 0, debt: 0 };
  return {
    space: { id: key, key, name: key.toLowerCase() },
    usesDefaults: false,
    issuesRead: velocity,
    figures: {
      velocity: { total: velocity, byType: { ...zero, debt: Math.round(velocity * debt) } },
      distribution: { ...zero, debt },
      flowTime: { p50, p85: p50, count: p50 === null ? 0 : velocity },
      flowEfficiency: null,
      load: { dailyAverage: velocity / 10, atAsOf: 0 },
      canceled: 0,
      debt: null,
    },
  };
}

test('teams sort by any column either way; a team without the figure goes last both ways', () => {
  const teams = [team('A', 10, 0.1, 2), team('B', 30, 0, null), team('C', 0, 0, 1), team('D', 20, 0.3, 5)];
  const keys = (t: readonly TeamView[]): string[] => t.map((x) => x.space.key);
  expect(keys(sortTeams(teams, 'velocity', 'descending'))).toEqual(['B', 'D', 'A', 'C']);
  expect(keys(sortTeams(teams, 'flowP50', 'ascending'))).toEqual(['C', 'A', 'D', 'B']);
  expect(keys(sortTeams(teams, 'flowP50', 'descending'))).toEqual(['D', 'A', 'C', 'B']);
  // Nothing completed: no debt share to compare, rather than a share of 0.
  expect(keys(sortTeams(teams, 'debt', 'descending'))).toEqual(['D', 'A', 'B', 'C']);
  expect(keys(sortTeams(teams, 'team', 'ascending'))).toEqual(['A', 'B', 'C', 'D']);
});
