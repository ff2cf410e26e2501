import path from 'node:path';
import { computeFlowReport } from '../../src/domain/flow-report';
import { itemRows } from '../../src/domain/item-rows';
import { DEFAULT_SETTINGS, type FlowSettings } from '../../src/domain/settings';
import { whereWorkWaitsIn } from '../../src/domain/time-in-status';
import type { KnownStatus, WorkItem } from '../../src/domain/types';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { settings, STATUSES, workItem } from '../support/work-items';

/**
 * Where work waits (docs/flow-metrics.md#where-work-waits): each item's flow time cut by status
 * and by kind of time, so that both add up to the flow time the report counts.
 */

const WINDOW = { from: '2024-01-01', to: '2024-01-31' };

function waits(items: WorkItem[], s: FlowSettings = settings(), statuses: readonly KnownStatus[] = STATUSES) {
  return whereWorkWaitsIn(WINDOW, s, [{ items, statuses, settings: s }]);
}

test('a reopened item: its time back in To Do waits, and its time done before the reopen is done', () => {
  const item = workItem({
    key: 'R-1',
    changes: [
      [1, 'To Do', 'In Progress'],
      [3, 'In Progress', 'Waiting for Review'],
      [5, 'Waiting for Review', 'Done'],
      [6, 'Done', 'In Progress'],
      [7, 'In Progress', 'Reopened'],
      [9, 'Reopened', 'In Progress'],
      [10, 'In Progress', 'Done'],
    ],
  });
  const w = waits([item]);
  expect(w.flowDays).toBeCloseTo(9, 9);
  const byName = Object.fromEntries(w.steps.map((s) => [s.name, s.days]));
  expect(byName).toEqual({ 'In Progress': 4, 'Waiting for Review': 2, Done: 1, Reopened: 2 });
  expect(w.kinds.active.days).toBeCloseTo(4, 9);
  expect(w.kinds.waiting.days).toBeCloseTo(4, 9); // Waiting for Review, and Reopened after the start
  expect(w.kinds.done.days).toBeCloseTo(1, 9);
  // The step where most time waits: Reopened and Waiting for Review hold 2 days each; the first in workflow order wins.
  expect(w.mostWaiting?.share).toBeCloseTo(2 / 9, 9);
  // Workflow order: To Do statuses, then In Progress ones, then Done ones.
  expect(w.steps.map((s) => s.category)).toEqual(['new', 'indeterminate', 'indeterminate', 'done']);
});

test('a self-transition and a flag: one step, and the flagged part of active time is not active', () => {
  const item = workItem({
    changes: [
      [1, 'To Do', 'In Progress'],
      [2, 'In Progress', 'In Progress'],
      [4, 'In Progress', 'Done'],
    ],
    flags: [
      [2.5, true],
      [3, false],
    ],
  });
  const w = waits([item]);
  expect(w.steps.map((s) => [s.name, s.days, s.items])).toEqual([['In Progress', 3, 1]]);
  expect(w.kinds.active.days).toBeCloseTo(2.5, 9);
  expect(w.kinds.flagged.days).toBeCloseTo(0.5, 9);
  const report = computeFlowReport({
    project: 'T',
    items: [item],
    statuses: STATUSES,
    window: WINDOW,
    settings: settings(),
  });
  expect(w.kinds.active.days / w.flowDays).toBeCloseTo(report.flowEfficiency.overall ?? -1, 12);
});

test('a status that no longer exists is a step of its own, named as the changelog named it', () => {
  const item = workItem({
    changes: [
      [1, 'To Do', 'In Progress'],
      [2, 'In Progress', 'Peer Check'], // in no workflow today: no id, category from its name
      [5, 'Peer Check', 'Done'],
    ],
  });
  const w = waits([item]);
  const gone = w.steps.find((s) => s.name === 'Peer Check');
  expect(gone).toMatchObject({ days: 3, category: 'indeterminate', waiting: false });
});

test('on a working calendar across a daylight-saving change, the steps still add up to the flow time', () => {
  const s = settings({
    timeZone: 'Europe/Berlin',
    workingCalendar: { enabled: true, nonWorkingWeekdays: [6, 7], holidays: [] },
  });
  // 2024-03-31 is the change to summer time in Berlin.
  const day = (iso: string): number => Date.parse(iso);
  const item: WorkItem = {
    ...workItem({ key: 'D-1' }),
    created: day('2024-03-25T08:00:00Z'),
    status: { id: '9', name: 'Done', category: 'done' },
    resolution: 'Done',
    changelog: {
      statusChanges: [
        {
          at: day('2024-03-28T09:30:00Z'),
          seq: 1,
          from: { id: '1', name: 'To Do' },
          to: { id: '3', name: 'In Progress' },
        },
        {
          at: day('2024-03-30T23:30:00Z'),
          seq: 2,
          from: { id: '3', name: 'In Progress' },
          to: { id: '7', name: 'Waiting for Review' },
        },
        {
          at: day('2024-03-31T01:30:00Z'),
          seq: 3,
          from: { id: '7', name: 'Waiting for Review' },
          to: { id: '3', name: 'In Progress' },
        },
        {
          at: day('2024-04-02T15:00:00Z'),
          seq: 4,
          from: { id: '3', name: 'In Progress' },
          to: { id: '9', name: 'Done' },
        },
      ],
      flagChanges: [],
      truncated: false,
    },
  };
  const w = whereWorkWaitsIn({ from: '2024-04-01', to: '2024-04-30' }, s, [
    { items: [item], statuses: STATUSES, settings: s },
  ]);
  const [row] = itemRows({
    items: [item],
    statuses: STATUSES,
    settings: s,
    window: { from: '2024-04-01', to: '2024-04-30' },
    asOf: 0,
  });
  expect(w.items).toBe(1);
  expect(w.flowDays).toBeCloseTo(row?.flowTimeDays ?? -1, 9);
  const steps = w.steps.reduce((sum, step) => sum + step.days, 0);
  expect(steps).toBeCloseTo(w.flowDays, 9);
});

const FIX = path.join(__dirname, '..', 'fixtures');
const REAL: [string, string, string, string][] = [
  ['jboss-aerogear/agpush200.raw.json', 'AGPUSH', '2013-01-01', '2016-12-31'],
  ['zuhlke-zmetric', 'ZMETRIC', '2018-10-01', '2019-06-30'],
  ['jirametrics-sample/complete_sample', 'SP', '2021-06-01', '2022-04-30'],
  ['apache-devlake/EE', 'EE', '2020-06-01', '2022-07-31'],
];

describe('on real data, every item’s steps add up to its flow time as the report counts it', () => {
  test.each(REAL)('%s %s %s to %s', async (file, project, from, to) => {
    const dataset = await loadDataset(path.join(FIX, file), { projectKey: project });
    const items = dataset.items.filter((i) => i.projectKey === project);
    const input = { items, statuses: dataset.statuses, settings: DEFAULT_SETTINGS };
    const w = whereWorkWaitsIn({ from, to }, DEFAULT_SETTINGS, [input]);
    const rows = new Map(
      itemRows({ ...input, window: { from, to }, asOf: 0 })
        .filter((r) => r.flowTimeDays !== null && !r.canceled && r.period !== null)
        .map((r) => [r.key, r]),
    );
    expect(w.items).toBe(rows.size);
    expect(w.items).toBeGreaterThan(0);
    for (const item of w.itemList) {
      const row = rows.get(item.key);
      const stepSum = Object.values(item.stepDays).reduce((a, b) => a + b, 0);
      const kindSum =
        item.kindDays.active + item.kindDays.flagged + item.kindDays.waiting + item.kindDays.done;
      expect(Math.abs(stepSum - (row?.flowTimeDays ?? -1))).toBeLessThan(0.01);
      expect(Math.abs(kindSum - item.flowDays)).toBeLessThan(0.01);
      expect(Math.abs(item.kindDays.active - (row?.activeDays ?? -1))).toBeLessThan(0.01);
    }
    const report = computeFlowReport({ project, window: { from, to }, ...input });
    expect(w.kinds.active.share).toBeCloseTo(report.flowEfficiency.overall ?? -1, 9);
    expect(w.steps.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
  });
});

test('in a stream, a status two spaces map differently is marked waiting by where its time went', () => {
  // "In Review" (id 8) is active in one space's settings and waiting in the other's.
  const waitingThere = settings({ statusOverrides: [{ statusId: '8', statusName: null, state: 'waiting' }] });
  const review = (key: string, hours: number): WorkItem =>
    workItem({
      key,
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'In Review'],
        [2 + hours / 24, 'In Review', 'Done'],
      ],
    });
  const parts = [
    { items: [review('A-1', 2)], statuses: STATUSES, settings: settings() },
    { items: [review('B-1', 96)], statuses: STATUSES, settings: waitingThere },
  ];
  const w = whereWorkWaitsIn(WINDOW, settings(), parts);
  const inReview = w.steps.find((s) => s.name === 'In Review');
  // 2 hours active in A, 4 days waiting in B: the step waits, whichever item was read first.
  expect(inReview).toMatchObject({ waiting: true, items: 2 });
  expect(inReview?.waitDays).toBeCloseTo(4, 9);
  const reversed = whereWorkWaitsIn(WINDOW, settings(), [...parts].reverse());
  expect(reversed.steps.find((s) => s.name === 'In Review')?.waiting).toBe(true);
});
