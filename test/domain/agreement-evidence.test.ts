import { Zone } from '../../src/domain/calendar';
import {
  agreementForecast,
  forecastRepayment,
  repaymentProgress,
  weeklyDebtVelocity,
} from '../../src/domain/agreement-forecast';
import { createFlowContext } from '../../src/domain/flow-context';
import { computeFlowReport } from '../../src/domain/flow-report';
import { interestEvidence } from '../../src/domain/interest-evidence';
import { minimumPayments } from '../../src/domain/minimum-payments';
import { seededRandom } from '../../src/domain/random';
import { at, settings, STATUSES, workItem } from '../support/work-items';

/** Progress, forecast, interest evidence and minimum payments (docs/debt-agreements.md). */

const UTC = new Zone('UTC');
const debt = (start: number, end: number | null, extra: Parameters<typeof workItem>[0] = {}) =>
  workItem({
    labels: ['tech-debt'],
    ...extra,
    changes:
      end === null
        ? [[start, 'To Do', 'In Progress']]
        : [
            [start, 'To Do', 'In Progress'],
            [end, 'In Progress', 'Done'],
          ],
  });

describe('repayment progress', () => {
  test("the epic's debt children at the flow-item level: done against open; canceled and others do not count", () => {
    const children = [
      debt(1, 3),
      debt(1, null),
      debt(1, 4, { resolution: "Won't Do" }),
      workItem({ changes: [[1, 'To Do', 'Done']] }), // a feature
      debt(1, 2, { level: -1 }), // a sub-task straight under the epic, as in some Server projects
    ];
    const p = repaymentProgress(children, createFlowContext(settings(), STATUSES, children), at(10));
    expect([p.done, p.open, p.allDone, p.items.length]).toEqual([2, 1, false, 3]);
    const done = repaymentProgress(
      [children[0] ?? debt(1, 2)],
      createFlowContext(settings(), STATUSES),
      at(10),
    );
    expect(done.allDone).toBe(true);
  });
});

describe('the forecast', () => {
  const now = at(12 * 7);
  const ctx = createFlowContext(settings(), STATUSES);
  const velocity = (perWeek: number[], firstCreatedDay = 0) => {
    const items = [workItem({ created: at(firstCreatedDay) })];
    perWeek.forEach((n, w) => {
      for (let i = 0; i < n; i++) items.push(debt(w * 7 + 1, w * 7 + 2, { created: at(firstCreatedDay) }));
    });
    return weeklyDebtVelocity(items, ctx, now);
  };

  test('the weekly debt velocity counts debt completed in each of the twelve weeks ending now', () => {
    expect(velocity([1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3])).toEqual({
      weeks: [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3],
      historyWeeks: 12,
    });
  });

  test('on a fixed seed, the 85 % date is the same every time, and later than the due date is at risk', () => {
    const v = velocity([1, 0, 2, 1, 0, 1, 1, 0, 2, 1, 0, 1]);
    const run = (dueDate: string | null) =>
      forecastRepayment(6, v, { random: seededRandom(42), now, zone: UTC, dueDate });
    const first = run('2024-06-01');
    expect(first).toEqual(run('2024-06-01'));
    // Ten debt items in twelve weeks: about 0.83 a week, so six take about seven weeks at the
    // median and more at 85 %.
    expect(first).toMatchObject({ kind: 'forecast', remaining: 6 });
    if (first.kind !== 'forecast') throw new Error('no forecast');
    expect(first.weeks).toBeGreaterThanOrEqual(8);
    expect(first.weeks).toBeLessThanOrEqual(12);
    expect(first.date).toBe(new Date(now + first.weeks * 7 * 86_400_000).toISOString().slice(0, 10));
    expect(first.atRisk).toBe(first.date > '2024-06-01');
    expect(run('2030-01-01')).toMatchObject({ atRisk: false });
    expect(run(null)).toMatchObject({ atRisk: null });
  });

  test('it says it cannot forecast rather than inventing a date', () => {
    const random = seededRandom(1);
    expect(
      forecastRepayment(3, velocity(new Array<number>(12).fill(0)), {
        random,
        now,
        zone: UTC,
        dueDate: null,
      }),
    ).toEqual({
      kind: 'cannot-forecast',
      reason: 'No debt work was completed in the last 12 weeks, so there is no pace to forecast from.',
    });
    // A project four weeks old.
    expect(
      forecastRepayment(3, velocity([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], 8 * 7), {
        random,
        now,
        zone: UTC,
        dueDate: null,
      }),
    ).toEqual({
      kind: 'cannot-forecast',
      reason: 'The project has 4 weeks of history; a forecast needs 5.',
    });
    expect(forecastRepayment(0, velocity([1]), { random, now, zone: UTC, dueDate: null })).toEqual({
      kind: 'nothing-left',
    });
  });

  test('an agreement shows none once closed, or while no child is classified debt', () => {
    const v = velocity([1, 0, 2, 1, 0, 1, 1, 0, 2, 1, 0, 1]);
    const progress = repaymentProgress([debt(1, null)], ctx, now);
    const none = repaymentProgress([], ctx, now);
    const options = { random: seededRandom(7), now, zone: UTC };
    const open = { state: 'open', dueDate: '2030-01-01' } as const;
    expect(agreementForecast(open, progress, v, options)).toMatchObject({ kind: 'forecast', remaining: 1 });
    expect(agreementForecast(open, none, v, options)).toBeNull();
    expect(agreementForecast({ ...open, state: 'repaid' }, progress, v, options)).toBeNull();
    expect(agreementForecast({ ...open, state: 'cancelled' }, progress, v, options)).toBeNull();
  });
});

describe('interest evidence', () => {
  test("the epic's children against the project over the window; before and after a repayment", () => {
    const slow = [debt(1, 21), debt(2, 22)];
    const project = [...slow, debt(10, 12), debt(11, 13), debt(40, 41), debt(41, 43)];
    const e = interestEvidence({
      projectKey: 'T',
      epicChildren: slow,
      projectItems: project,
      statuses: STATUSES,
      settings: settings(),
      zone: UTC,
      window: { from: '2024-01-01', to: '2024-01-31' },
      now: at(60),
      repaidAt: new Date(at(30)).toISOString(),
    });
    expect(e.epic).toMatchObject({ count: 2, flowTimeP50: 20, flowTimeP85: 20, efficiency: 1 });
    expect(e.epicSource).toBe('children');
    expect(e.project).toMatchObject({ count: 4, flowTimeP50: 2, flowTimeP85: 20 });
    expect(e.repayment?.repaidOn).toBe('2024-01-31');
    expect(e.repayment?.before).toMatchObject({ from: '2023-11-08', to: '2024-01-30', count: 4 });
    expect(e.repayment?.after).toMatchObject({
      from: '2024-01-31',
      to: '2024-02-29',
      count: 2,
      flowTimeP85: 2,
    });
  });
});

describe("the epic's work, wherever it sits", () => {
  const evidenceOf = (children: ReturnType<typeof debt>[]) =>
    interestEvidence({
      projectKey: 'T',
      epicChildren: children,
      projectItems: children,
      statuses: STATUSES,
      settings: settings(),
      zone: UTC,
      window: { from: '2024-01-01', to: '2024-01-31' },
      now: at(60),
      repaidAt: null,
    });

  test('sub-tasks straight under the epic (a Server project) are its work, and are said to be', () => {
    const e = evidenceOf([debt(1, 3, { level: -1 }), debt(2, 6, { level: -1 })]);
    expect(e.epicSource).toBe('sub-tasks');
    expect(e.epic).toMatchObject({ count: 2, flowTimeP50: 2 });
  });

  test('stories under the epic are its work; their sub-tasks beside them are not counted twice', () => {
    const e = evidenceOf([debt(1, 3), debt(2, 6, { level: -1 })]);
    expect(e.epicSource).toBe('children');
    expect(e.epic.count).toBe(1);
  });

  test('an epic with nothing under it says so', () => {
    expect(evidenceOf([]).epicSource).toBe('none');
  });
});

describe('minimum payments', () => {
  test('each week with completed work made or missed the debt minimum; the current run', () => {
    const items = [
      debt(0, 1), // week of 2024-01-01: 1 debt of 1 → made
      workItem({
        changes: [
          [7, 'To Do', 'In Progress'],
          [8, 'In Progress', 'Done'],
        ],
      }), // week 2: 0 of 1 → missed
      // week 3: nothing completed
      debt(21, 22),
      workItem({
        changes: [
          [21, 'To Do', 'In Progress'],
          [22, 'In Progress', 'Done'],
        ],
      }), // week 4: 1 of 2 → made
      debt(28, 29), // week 5: made
    ];
    const report = computeFlowReport({
      project: 'T',
      items,
      statuses: STATUSES,
      window: { from: '2024-01-01', to: '2024-02-04' },
      settings: settings(),
    });
    const ledger = minimumPayments(report);
    expect(ledger?.periods.map((p) => [p.period, p.payment])).toEqual([
      ['2024-01-01', 'made'],
      ['2024-01-08', 'missed'],
      ['2024-01-15', 'nothing-completed'],
      ['2024-01-22', 'made'],
      ['2024-01-29', 'made'],
    ]);
    expect(ledger?.run).toEqual({ payment: 'made', periods: 2 });
    const none = computeFlowReport({
      project: 'T',
      items,
      statuses: STATUSES,
      window: { from: '2024-01-01', to: '2024-02-04' },
      settings: settings({ targets: {} }),
    });
    expect(minimumPayments(none)).toBeNull();
  });
});
