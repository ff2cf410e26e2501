import { COMPLETED_LISTED, computeFlowReport, type FlowReport } from '../../src/domain/flow-report';
import { DomainError } from '../../src/domain/errors';
import { targetAlerts } from '../../src/domain/target-alerts';
import type { FlowSettings } from '../../src/domain/settings';
import type { WorkItem } from '../../src/domain/types';
import { at, settings, STATUSES, T0, workItem, type ItemSpec } from '../support/work-items';

// T0 = Monday 2024-01-01. Windows below are given as dates; `at(d)` is day d after T0 at 00:00Z.
function report(
  items: WorkItem[],
  from = '2024-01-01',
  to = '2024-01-31',
  s?: Partial<FlowSettings>,
  asOf?: number,
): FlowReport {
  return computeFlowReport({
    project: 'T',
    items,
    statuses: STATUSES,
    window: { from, to, asOf },
    settings: settings(s),
  });
}

const done = (start: number | null, end: number, spec: ItemSpec = {}): WorkItem =>
  workItem({
    ...spec,
    changes:
      start === null
        ? [[end, 'To Do', 'Done']]
        : [
            [start, 'To Do', 'In Progress'],
            [end, 'In Progress', 'Done'],
          ],
  });

test('a window with completed work alerts for each type off its band, and only those', () => {
  const r = report(
    [done(1, 3), done(2, 5), done(3, 6, { labels: ['tech-debt'] })],
    '2024-01-01',
    '2024-01-31',
    {
      targets: { debt: { min: 0.1, max: 0.2 }, defect: { min: null, max: 0.5 } },
    },
  );
  expect(r.velocity.total).toBe(3);
  expect(targetAlerts(r).map((t) => [t.type, t.status])).toEqual([['debt', 'above']]);
});

test('each completed item is listed for the scatterplot: the items the flow-time percentiles are of', () => {
  const r = report([
    done(4, 9, { key: 'T-B' }),
    done(1, 3, { key: 'T-A', labels: ['tech-debt'] }),
    done(null, 5, { key: 'T-NOSTART' }),
    workItem({ key: 'T-OPEN', changes: [[2, 'To Do', 'In Progress']] }),
  ]);
  expect(r.completedItems).toEqual([
    { key: 'T-A', type: 'debt', completedAt: '2024-01-04T00:00:00.000Z', flowTimeDays: 2 },
    { key: 'T-B', type: 'feature', completedAt: '2024-01-10T00:00:00.000Z', flowTimeDays: 5 },
  ]);
  expect(r.completedItems).toHaveLength(r.flowTime.count);
  expect(r.completedItemsOmitted).toBe(0);
});

test('past its limit the list keeps the latest completions and counts the rest', () => {
  const many = Array.from({ length: COMPLETED_LISTED + 3 }, (_, i) =>
    done(1, 2 + (i % 20), { key: `M-${String(i).padStart(5, '0')}` }),
  );
  const r = report(many);
  expect(r.completedItems).toHaveLength(COMPLETED_LISTED);
  expect(r.completedItemsOmitted).toBe(3);
  expect(r.flowTime.count).toBe(COMPLETED_LISTED + 3);
  // The three left out completed earliest (day 2, the lowest keys of that day).
  const keys = new Set(r.completedItems.map((i) => i.key));
  expect(['M-00000', 'M-00020', 'M-00040'].filter((k) => keys.has(k))).toEqual([]);
  expect(keys.has('M-00060')).toBe(true);
});

describe('an empty window, and a single item', () => {
  test('no items: zeros, nulls and no division by zero', () => {
    const r = report([]);
    expect(r.velocity).toEqual({ total: 0, byType: { feature: 0, defect: 0, risk: 0, debt: 0 } });
    expect(r.distribution.completed).toEqual({ feature: 0, defect: 0, risk: 0, debt: 0 });
    expect(r.distribution.inProgress).toEqual({ feature: 0, defect: 0, risk: 0, debt: 0 });
    expect(r.flowTime).toMatchObject({ count: 0, mean: null, p50: null, p85: null, p95: null });
    expect(r.flowTime.byType.debt).toEqual({ count: 0, mean: null, p50: null, p85: null, p95: null });
    expect(r.flowEfficiency).toEqual({
      overall: null,
      byType: { feature: null, defect: null, risk: null, debt: null },
    });
    expect(r.load).toMatchObject({ atAsOf: 0, dailyAverage: 0 });
    expect(r.canceled).toBe(0);
    expect(r.targets).toEqual([
      { type: 'debt', min: 0.1, max: 0.2, actual: 0, status: 'below', actualInProgress: 0 },
    ]);
    // Below its band by the figures, but with nothing completed there is no mix to alert about.
    expect(targetAlerts(r)).toEqual([]);
    expect(r.dataQuality).toEqual([]);
    expect(r.window).toMatchObject({
      from: '2024-01-01',
      to: '2024-01-31',
      asOf: '2024-02-01T00:00:00.000Z',
    });
  });

  test('one bug completed in the window', () => {
    const r = report([done(2, 5.5, { type: 'Bug', created: at(1) })]);
    expect(r.velocity.byType.defect).toBe(1);
    expect(r.distribution.completed.defect).toBe(1);
    expect(r.flowTime).toMatchObject({ count: 1, mean: 3.5, p50: 3.5, p85: 3.5, p95: 3.5 });
    expect(r.leadTime).toMatchObject({ count: 1, mean: 4.5 });
    expect(r.flowEfficiency.overall).toBe(1);
  });
});

describe('velocity, distribution and canceled (docs/flow-metrics.md#metrics)', () => {
  const items = [
    done(1, 3, { type: 'Story' }),
    done(1, 4, { type: 'Story' }),
    done(2, 6, { type: 'Bug' }),
    done(2, 8, { type: 'Story', labels: ['tech-debt'] }),
    done(null, 9, { type: 'Task' }), // never started: velocity yes, flow time no
    done(1, 2, { type: 'Story', resolution: "Won't Do" }), // canceled
    done(1, 40, { type: 'Story' }), // completed after the window
    done(-10, -2, { type: 'Story', created: at(-20) }), // completed before it
  ];
  const r = report(items);

  test('counts completions in the window by type, canceled apart', () => {
    expect(r.velocity).toEqual({ total: 5, byType: { feature: 3, defect: 1, risk: 0, debt: 1 } });
    expect(r.canceled).toBe(1);
  });

  test('completed distribution is velocity by type over its total', () => {
    expect(r.distribution.completed).toEqual({ feature: 0.6, defect: 0.2, risk: 0, debt: 0.2 });
  });

  test('flow time only for items with a work start; lead time for all', () => {
    expect(r.flowTime.count).toBe(4);
    expect(r.leadTime.count).toBe(5);
    expect(r.flowTime.byType.feature).toMatchObject({ count: 2, mean: 2.5, p50: 2, p85: 3, p95: 3 });
    expect(r.dataQuality.find((d) => d.code === 'COMPLETED_WITHOUT_START')?.count).toBe(1);
  });

  test('the debt target band: 20 % is within 10–20 %', () => {
    // The only item in progress at asOf is the story completed after the window.
    expect(r.targets).toEqual([
      { type: 'debt', min: 0.1, max: 0.2, actual: 0.2, status: 'within', actualInProgress: 0 },
    ]);
  });

  test('the window is half-open: a completion at the next day 00:00 is outside', () => {
    const edge = report([done(1, 31, { type: 'Story' })], '2024-01-01', '2024-01-31'); // day 31 = Feb 1 00:00
    expect(edge.velocity.total).toBe(0);
    const inside = report([done(1, 30.9999, { type: 'Story' })], '2024-01-01', '2024-01-31');
    expect(inside.velocity.total).toBe(1);
  });
});

describe('flow efficiency is a ratio of sums, not a mean of ratios', () => {
  test('one long waiting item outweighs a short active one', () => {
    const quick = done(1, 2); // 1 day, all active
    const slow = workItem({
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'Waiting for Review'],
        [10, 'Waiting for Review', 'Done'],
      ],
    }); // 9 days, 1 active
    const r = report([quick, slow]);
    expect(r.flowEfficiency.overall).toBeCloseTo(2 / 10, 12); // mean of ratios would be (1 + 1/9) / 2
  });
});

describe('load, daily average and age (docs/flow-metrics.md#metrics)', () => {
  test('load at asOf counts items started and not done, by type, including waiting and back-in-new', () => {
    const items = [
      workItem({ type: 'Story', changes: [[2, 'To Do', 'In Progress']] }),
      workItem({ type: 'Bug', changes: [[3, 'To Do', 'Waiting for Review']] }),
      workItem({
        type: 'Story',
        changes: [
          [3, 'To Do', 'In Progress'],
          [4, 'In Progress', 'To Do'],
        ],
      }),
      workItem({ type: 'Story', changes: [] }), // never started
      done(1, 5),
    ];
    const r = report(items, '2024-01-01', '2024-01-09'); // asOf = day 9
    expect(r.load.atAsOf).toBe(3);
    expect(r.load.byType).toEqual({ feature: 2, defect: 1, risk: 0, debt: 0 });
    expect(r.distribution.inProgress.feature).toBeCloseTo(2 / 3, 12);
    expect(r.age).toMatchObject({ count: 3, p50: 6, p95: 7 });
    expect(r.age.oldest.map((a) => [a.ageDays, a.state])).toEqual([
      [7, 'active'],
      [6, 'waiting'],
      [6, 'waiting'], // back in To Do after starting: in progress, waiting (docs/flow-metrics.md#flow-states-and-the-timeline)
    ]);
  });

  test('daily average samples each day d at the day after d, 00:00', () => {
    // Window 2024-01-01..2024-01-04 samples at days 1, 2, 3, 4.
    // A: in progress (0.5, 2.5]  → samples 1, 2      → 2
    // B: in progress (2, 10]     → samples 3, 4 (2 itself is excluded: started strictly before)
    // C: in progress (1, 2]      → sample 2 (completion at exactly day 2 still counts at day 2)
    const items = [done(0.5, 2.5), workItem({ changes: [[2, 'To Do', 'In Progress']] }), done(1, 2)];
    const r = report(items, '2024-01-01', '2024-01-04');
    expect(r.load.dailyAverage).toBe((1 + 2 + 1 + 1) / 4);
  });

  test('asOf may be given; the load and age are taken then', () => {
    const r = report([done(1, 20)], '2024-01-01', '2024-01-31', {}, at(10));
    expect(r.load.atAsOf).toBe(1);
    expect(r.age.mean).toBe(9);
    expect(r.window.asOf).toBe(new Date(at(10)).toISOString());
  });
});

describe('trend (docs/flow-metrics.md#metrics)', () => {
  const items = [
    done(0, 1.5),
    done(0, 2),
    done(0, 9),
    done(0, 33, { type: 'Bug' }),
    done(0, 45, { resolution: 'Duplicate' }),
  ];

  test('ISO weeks, Monday start, clipped to the window, summing to the window', () => {
    const r = report(items, '2024-01-03', '2024-02-20');
    // The week of Wednesday Jan 3, counted from Jan 3: the completion at Jan 2 12:00 is outside,
    // the one at Jan 3 00:00 (day 2) inside.
    expect(r.trend[0]?.period).toBe('2024-01-01');
    expect(r.trend.map((e) => e.velocity.total)).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
    expect(r.trend.reduce((n, e) => n + e.velocity.total, 0)).toBe(r.velocity.total);
    expect(r.trend[6]).toMatchObject({ period: '2024-02-12', canceled: 1 });
  });

  test('calendar months', () => {
    const r = report(items, '2024-01-01', '2024-02-29', { trendPeriod: 'month' });
    expect(r.trend.map((e) => [e.period, e.velocity.total, e.velocity.byType.defect])).toEqual([
      ['2024-01-01', 3, 0],
      ['2024-02-01', 1, 1],
    ]);
    // On Feb 1 00:00 the bug (done Feb 3) and the duplicate (done Feb 15) are still in progress.
    expect(r.trend[0]?.load).toBe(2);
  });
});

describe('hierarchy and data quality (docs/flow-metrics.md#flow-items, §5)', () => {
  test('sub-tasks and epics are skipped by default and reported; the epic level takes epics only', () => {
    const items = [
      done(1, 3, { level: 0 }),
      done(1, 3, { key: 'T-900', level: -1 }),
      done(1, 3, { key: 'T-901', level: 1, type: 'Epic' }),
    ];
    const standard = report(items);
    expect(standard.velocity.total).toBe(1);
    expect(standard.dataQuality.find((d) => d.code === 'NOT_FLOW_ITEM_LEVEL')?.issues).toEqual([
      'T-900',
      'T-901',
    ]);
    const epics = report(items, '2024-01-01', '2024-01-31', { flowItemLevel: 1 });
    expect(epics.velocity.total).toBe(1);
    expect(epics.dataQuality.find((d) => d.code === 'NOT_FLOW_ITEM_LEVEL')?.count).toBe(2);
  });

  test('findings name the issues, sorted naturally', () => {
    const items = [
      done(1, 3, { key: 'T-10', type: 'Bug', labels: ['security'] }),
      done(1, 3, { key: 'T-9', type: 'Bug', labels: ['tech-debt'] }),
      workItem({
        key: 'T-11',
        changes: [
          [1, 'To Do', 'Deploying'],
          [3, 'Deploying', 'Done'],
        ],
      }),
      workItem({ key: 'T-12', changelog: false, status: 'Done', resolved: at(3) }),
      done(1, 3, { key: 'T-13', truncated: true }),
    ];
    const codes = Object.fromEntries(report(items).dataQuality.map((d) => [d.code, d.issues]));
    expect(codes).toEqual({
      TYPE_RULE_CONFLICT: ['T-9', 'T-10'],
      INFERRED_STATUS: ['T-11'],
      NO_CHANGELOG: ['T-12'],
      INCOMPLETE_CHANGELOG: ['T-13'],
    });
  });

  test('no status history, no current status and a disputed category are each a finding', () => {
    const statuses = [...STATUSES, { id: '20', name: '已完成', category: null }];
    const items = [
      workItem({ key: 'T-1', changelog: false, status: 'Done', resolved: at(3) }),
      workItem({ key: 'T-2', status: 'Done', resolved: at(3) }),
      workItem({ key: 'T-3', status: null, changes: [[2, 'To Do', 'In Progress']] }),
      // Two issues in status 20 say done, one says new: done is used, and the one that disagrees is named.
      ...[1, 2, 3].map((n) => ({
        ...workItem({ key: `T-${3 + n}`, changes: [[2, 'In Progress', '已完成']] }),
        status: { id: '20', name: '已完成', category: n === 3 ? ('new' as const) : ('done' as const) },
      })),
    ];
    const r = computeFlowReport({
      project: 'T',
      items,
      statuses,
      window: { from: '2024-01-01', to: '2024-01-31' },
      settings: settings(),
    });
    const codes = Object.fromEntries(r.dataQuality.map((d) => [d.code, d.issues]));
    expect(codes).toEqual({
      NO_CHANGELOG: ['T-1'],
      NO_STATUS_HISTORY: ['T-2'],
      NO_CURRENT_STATUS: ['T-3'],
      STATUS_CATEGORY_CONFLICT: ['T-6'],
    });
    expect(r.dataQuality.find((d) => d.code === 'STATUS_CATEGORY_CONFLICT')?.details).toEqual([
      '已完成 (id 20): the issues in it say 1 new, 2 done; done is used, from the majority',
    ]);
    // Completed without a start is a finding only where a status history could have shown a start.
    expect(r.dataQuality.map((d) => d.code)).not.toContain('COMPLETED_WITHOUT_START');
    expect(r.velocity.total).toBe(5);
  });

  test('issues that do not touch the window are not reported', () => {
    const old = workItem({
      key: 'T-1',
      level: -1,
      created: at(-40),
      changes: [
        [-30, 'To Do', 'In Progress'],
        [-20, 'In Progress', 'Done'],
      ],
    });
    expect(report([old]).dataQuality).toEqual([]);
  });
});

describe('time zone and working days', () => {
  test('the window is counted in the settings zone', () => {
    // Completed 2024-01-31 23:30Z = 2024-02-01 00:30 in Berlin: inside a UTC January, outside a Berlin one.
    const item = workItem({
      changes: [
        [1, 'To Do', 'In Progress'],
        [30 + 23.5 / 24, 'In Progress', 'Done'],
      ],
    });
    expect(report([item]).velocity.total).toBe(1);
    expect(report([item], '2024-01-01', '2024-01-31', { timeZone: 'Europe/Berlin' }).velocity.total).toBe(0);
  });

  test('working days only shortens flow time over weekends', () => {
    const item = done(4, 7); // Friday 00:00 → Monday 00:00
    expect(report([item]).flowTime.mean).toBe(3);
    const working = report([item], '2024-01-01', '2024-01-31', {
      workingCalendar: { enabled: true, nonWorkingWeekdays: [6, 7], holidays: [] },
    });
    expect(working.flowTime.mean).toBe(1);
    expect(working.window.workingDaysOnly).toBe(true);
  });
});

describe('bad windows are coded errors', () => {
  test.each([
    ['2024-02-30', '2024-03-01', 'INVALID_INPUT'],
    ['2024-03-01', '2024-02-01', 'INVALID_INPUT'],
    ['yesterday', '2024-02-01', 'INVALID_INPUT'],
    ['1990-01-01', '2024-02-01', 'TOO_LARGE'],
  ])('from %s to %s → %s', (from, to, code) => {
    expect(() => report([], from, to)).toThrow(DomainError);
    try {
      report([], from, to);
    } catch (e) {
      expect(e instanceof DomainError && e.code).toBe(code);
    }
  });

  test('T0 is the Monday the tests assume', () => {
    expect(new Date(T0).getUTCDay()).toBe(1);
  });
});
