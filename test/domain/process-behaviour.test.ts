import { metricTrends, type PeriodFigures } from '../../src/domain/period-figures';
import {
  describeBehaviour,
  latestBehaviour,
  littlesLaw,
  naturalLimits,
} from '../../src/domain/process-behaviour';

/**
 * Signal or noise (docs/flow-metrics.md#signal-or-noise): an XmR chart's natural process limits,
 * against values computed by hand, and how the latest period is judged against the ones before.
 */

test('the limits of a fixed series, as computed by hand', () => {
  // Centre (5+7+6+8+4+6)/6 = 6; moving ranges 2, 1, 2, 4, 2: their average 2.2;
  // limits 6 ± 2.66 × 2.2 = 6 ± 5.852; the range limit 3.268 × 2.2 = 7.1896.
  const limits = naturalLimits([5, 7, 6, 8, 4, 6]);
  expect(limits?.centre).toBe(6);
  expect(limits?.averageMovingRange).toBeCloseTo(2.2, 12);
  expect(limits?.upper).toBeCloseTo(11.852, 12);
  expect(limits?.lower).toBeCloseTo(0.148, 12);
  expect(limits?.upperRange).toBeCloseTo(7.1896, 12);
  // A lower limit below zero for a count or a duration: there is none.
  expect(naturalLimits([1, 9, 1, 9, 1])?.lower).toBeNull();
  expect(naturalLimits([1, 9, 1, 9, 1], false)?.lower).toBeCloseTo(4.2 - 2.66 * 8, 12);
  expect(naturalLimits([5, 7, 6, 8])).toBeNull();
});

test('the latest period against the ones before: beyond the limits, a large jump, a run, or noise', () => {
  const baseline = [5, 7, 6, 8, 4, 6];
  expect(latestBehaviour([...baseline, 12])).toEqual({
    kind: 'signal',
    direction: 'up',
    reason: 'beyond-limits',
  });
  expect(latestBehaviour([...baseline, 0.1])).toEqual({
    kind: 'signal',
    direction: 'down',
    reason: 'beyond-limits',
  });
  // 11.8 is inside 11.852: a wiggle, however it looks.
  expect(latestBehaviour([...baseline, 11.8])).toEqual({ kind: 'noise' });
  // Centre 31/6, average range 1: limits 2.51 to 7.83, range limit 3.268; 1 → 5.5 jumps 4.5.
  expect(latestBehaviour([6, 6, 6, 6, 6, 1, 5.5])).toEqual({
    kind: 'signal',
    direction: 'up',
    reason: 'large-jump',
  });
  // Eight periods above the baseline's centre (73/14), each inside the limits.
  expect(latestBehaviour([4, 6, 4, 6, 4, 6, 4, 6, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5, 5.5])).toEqual({
    kind: 'signal',
    direction: 'up',
    reason: 'run',
  });
  expect(latestBehaviour([5, 7, 6, 8, 4])).toEqual({ kind: 'too-few' });
});

test('a change is said in words that know the metric: shorter flow time is better, more load is neither', () => {
  const up = { kind: 'signal', direction: 'up', reason: 'beyond-limits' } as const;
  expect(describeBehaviour('flowTime', up)).toBe(
    'Flow time: work took longer, a signal (beyond its usual range), worse.',
  );
  expect(describeBehaviour('velocity', up)).toBe(
    'Flow velocity: more work completed, a signal (beyond its usual range), better.',
  );
  expect(describeBehaviour('load', up)).toBe(
    'Flow load: more work in progress at once, a signal (beyond its usual range).',
  );
  expect(describeBehaviour('flowEfficiency', { kind: 'noise' })).toBe(
    'Flow efficiency: within its usual range.',
  );
});

test("Little's Law as a check: load ÷ throughput against the flow time observed", () => {
  // 60 completed in 30 days is 2 a day; an average load of 4 means 2 days each.
  expect(littlesLaw({ averageLoad: 4, completed: 60, days: 30, meanFlowTimeDays: 2.5 })).toEqual({
    expectedDays: 2,
    observedDays: 2.5,
    ratio: 1.25,
    stable: true,
  });
  expect(littlesLaw({ averageLoad: 4, completed: 60, days: 30, meanFlowTimeDays: 5 }).stable).toBe(false);
  expect(littlesLaw({ averageLoad: 4, completed: 60, days: 30, meanFlowTimeDays: 0.9 }).stable).toBe(false);
  expect(littlesLaw({ averageLoad: 4, completed: 0, days: 30, meanFlowTimeDays: null })).toEqual({
    expectedDays: null,
    observedDays: null,
    ratio: null,
    stable: null,
  });
});

describe('a latest period without the figure', () => {
  const period = (label: string, flowTimeP85: number | null): PeriodFigures => ({
    label,
    from: label,
    to: label,
    velocity: { total: flowTimeP85 === null ? 0 : 3, byType: { feature: 3, defect: 0, risk: 0, debt: 0 } },
    distribution: { feature: 1, defect: 0, risk: 0, debt: 0 },
    flowTime: { p50: flowTimeP85, p85: flowTimeP85, mean: flowTimeP85 },
    flowEfficiency: null,
    averageLoad: 1,
    debtShare: null,
    debtBand: null,
    littlesLaw: { expectedDays: null, observedDays: null, ratio: null, stable: null },
  });

  test('is not judged, and no earlier period is judged in its place', () => {
    // Six months of about 5 days, a seventh of 40 (a signal if it were the latest), then nothing.
    const values = [5, 6, 5, 4, 5, 6, 40];
    const periods = [...values.map((v, i) => period(`2013-0${i + 1}-01`, v)), period('2013-08-01', null)];
    const flowTime = metricTrends(periods).find((t) => t.metric === 'flowTime');
    expect(flowTime?.behaviour).toEqual({ kind: 'no-value' });
    expect(flowTime?.limits).toBeNull();
    expect(flowTime?.words).toBe(
      'Flow time: no value in the latest period (nothing completed to measure), so nothing to judge.',
    );
    // With the seventh month the latest, it is a signal: the rule itself still sees it.
    expect(metricTrends(periods.slice(0, -1)).find((t) => t.metric === 'flowTime')?.behaviour.kind).toBe(
      'signal',
    );
  });
});
