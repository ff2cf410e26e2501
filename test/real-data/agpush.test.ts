import path from 'node:path';
import { createFlowContext } from '../../src/domain/flow-context';
import { analyzeItem, computeFlowReport, type FlowReport } from '../../src/domain/flow-report';
import { analyzeIssueFlow } from '../../src/domain/issue-flow';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { activeAndWaiting } from '../../src/domain/timeline';
import { MS_PER_DAY } from '../../src/domain/types';
import { loadDataset, type LoadedDataset } from '../../src/local/dataset/load-dataset';

/**
 * Real data: 176 issues of the public JBoss Jira project AGPUSH (2013), raw REST v2 output with
 * complete changelogs (test/fixtures/jboss-aerogear/SOURCE.txt). Each issue pinned below was
 * worked out by hand from its changelog; the comment shows the working.
 */
const FILE = path.join(__dirname, '..', 'fixtures', 'jboss-aerogear', 'agpush200.raw.json');
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
const days = (ms: number): number => ms / MS_PER_DAY;

let dataset: LoadedDataset;
let report: FlowReport;

beforeAll(async () => {
  dataset = await loadDataset(FILE);
  report = computeFlowReport({
    project: 'AGPUSH',
    items: dataset.items,
    statuses: dataset.statuses,
    window: { from: '2013-03-01', to: '2013-09-30' },
    settings: DEFAULT_SETTINGS,
  });
});

function analysis(key: string): ReturnType<typeof analyzeItem> {
  const item = dataset.items.find((i) => i.key === key);
  if (item === undefined) throw new Error(`${key} is not in the fixture`);
  return analyzeItem(item, createFlowContext(DEFAULT_SETTINGS, dataset.statuses, dataset.items));
}

describe('hand-checked AGPUSH issues', () => {
  test('AGPUSH-179: resolved straight from Open, reopened, worked, resolved, closed', () => {
    // created 2013-07-18T09:43:28-0400
    // 07-24 08:33:04 Open → Resolved          done
    // 07-25 05:15:22 Resolved → Reopened      new (left done, but goes on to active: not a bounce)
    // 07-25 05:16:17 Reopened → Coding In Progress   active: work start 09:16:17Z
    // 07-25 05:38:26 → Pull Request Sent      active
    // 07-25 09:12:03 → Resolved               done: completion 13:12:03Z
    // 07-26 04:09:28 Resolved → Closed        done → done, not a completion
    // flow time 3:55:46 = 14 146 s; lead time 7 d − 31:25 = 602 915 s; all of it active.
    const a = analysis('AGPUSH-179');
    expect(a.classification.type).toBe('feature');
    expect(iso(a.timeline.workStart)).toBe('2013-07-25T09:16:17.000Z');
    expect(iso(a.timeline.completion)).toBe('2013-07-25T13:12:03.000Z');
    const start = a.timeline.workStart ?? 0;
    const end = a.timeline.completion ?? 0;
    expect(days(end - start)).toBeCloseTo(14_146 / 86_400, 9);
    expect(days(end - a.item.created)).toBeCloseTo(602_915 / 86_400, 9);
    const meter = createFlowContext(DEFAULT_SETTINGS, []).meter;
    expect(activeAndWaiting(a.timeline, start, end, meter).waitingMs).toBe(0);
    expect(a.timeline.findings.usedInferredStatus).toBe(true); // Coding In Progress is no current status
  });

  test('AGPUSH-86: a Closed → Reopened → Closed bounce two years later does not move completion', () => {
    // 2013-06-04 03:06:42-0400 Open → Coding In Progress   work start 07:06:42Z
    // 2013-06-05 03:43:03-0400 → Resolved                  completion 07:43:03Z
    // 2013-07-01 Resolved → Closed                         done → done
    // 2015-07-16 07:39:04 Closed → Reopened, 07:39:22 Reopened → Closed: a bounce, folded into done
    // resolutiondate is 2015-07-16 (Jira re-stamped it), but the work finished in 2013.
    // flow time 1 d 0:36:21 = 88 581 s
    const a = analysis('AGPUSH-86');
    expect(iso(a.item.resolved)).toBe('2015-07-16T11:39:22.000Z');
    expect(iso(a.timeline.completion)).toBe('2013-06-05T07:43:03.000Z');
    expect(days((a.timeline.completion ?? 0) - (a.timeline.workStart ?? 0))).toBeCloseTo(88_581 / 86_400, 9);
    expect(a.timeline.runStates).toEqual(['new', 'active', 'done']);
  });

  test('AGPUSH-182: resolved straight from Open, never started', () => {
    // created 2013-07-19T09:31:58-0400, Open → Resolved at 09:36:35-0400: 277 s of lead time.
    const a = analysis('AGPUSH-182');
    expect(a.timeline.workStart).toBeNull();
    expect(iso(a.timeline.completion)).toBe('2013-07-19T13:36:35.000Z');
    expect(days((a.timeline.completion ?? 0) - a.item.created)).toBeCloseTo(277 / 86_400, 12);
    expect(report.dataQuality.find((d) => d.code === 'COMPLETED_WITHOUT_START')?.issues).toContain(
      'AGPUSH-182',
    );
  });

  test('AGPUSH-6: started, back to Open for four months, resolved in November', () => {
    // 2013-05-21 07:23:03-0400 Open → Coding In Progress   work start 11:23:03Z
    // 2013-07-04 13:19:51-0400 → Open                       back in new: waiting from 17:19:51Z
    // 2013-11-10 00:48:33-0500 → Resolved                   completion 05:48:33Z
    // At 2013-10-01 00:00Z it is in progress (waiting): age 133 d − 11:23:03 = 11 450 217 s.
    // Its flow time, 173 d − 5:34:30 = 14 927 130 s, has 44 d 5:56:48 = 3 823 008 s active.
    const a = analysis('AGPUSH-6');
    const start = a.timeline.workStart ?? 0;
    const end = a.timeline.completion ?? 0;
    expect(iso(start)).toBe('2013-05-21T11:23:03.000Z');
    expect(iso(end)).toBe('2013-11-10T05:48:33.000Z');
    expect((end - start) / 1000).toBe(14_927_130);
    const meter = createFlowContext(DEFAULT_SETTINGS, []).meter;
    expect(activeAndWaiting(a.timeline, start, end, meter).activeMs / 1000).toBe(3_823_008);
    const aged = report.age.oldest.find((o) => o.key === 'AGPUSH-6');
    // Back in Open after its start: in progress, and waiting (docs/flow-metrics.md#flow-states-and-the-timeline), not "new".
    expect(aged).toMatchObject({ type: 'feature', state: 'waiting' });
    expect(aged?.ageDays).toBeCloseTo(11_450_217 / 86_400, 9);
  });

  test('AGPUSH-175: a sub-task is not a flow item and is reported as skipped', () => {
    const a = analysis('AGPUSH-175');
    expect(a.item.issueType).toEqual({ name: 'Sub-task', hierarchyLevel: -1 });
    expect(a.isFlowItem).toBe(false);
    expect(report.dataQuality.find((d) => d.code === 'NOT_FLOW_ITEM_LEVEL')?.issues).toContain('AGPUSH-175');
  });

  test('AGPUSH-184: closed as a duplicate is canceled, not delivered', () => {
    const a = analysis('AGPUSH-184');
    expect(a.timeline.canceled).toBe(true);
    expect(iso(a.timeline.completion)).toBe('2013-07-19T22:04:16.000Z');
  });

  test('statuses that left the workflow are inferred from their names and listed', () => {
    // The export's current statuses are only Open (new), Resolved and Closed (done). Coding In
    // Progress (3), Pull Request Sent (10011) and Reopened (4) appear only in changelogs.
    const inferred = report.dataQuality.find((d) => d.code === 'INFERRED_STATUS');
    expect(inferred?.details).toEqual(
      expect.arrayContaining([
        'Coding In Progress (id 3): category indeterminate inferred from the name → active',
        'Pull Request Sent (id 10011): category indeterminate inferred from the name → active',
        'Reopened (id 4): category new inferred from the name → new',
      ]),
    );
  });

  test('AGPUSH-23: moved from AEROGEAR with a workflow migration, which left a gap in the changelog', () => {
    // 2013-04-29 Open → Resolved, then on the project move 2013-05-24 "Open → Resolved" again:
    // the second change starts from a status the issue was not in. Completion stays 04-29.
    const a = analysis('AGPUSH-23');
    expect(a.timeline.findings.changelogGap).toBe(true);
    expect(iso(a.timeline.completion)).toBe('2013-04-29T06:57:21.000Z');
  });
});

describe("the issue panel's timeline of states", () => {
  test('AGPUSH-179: its runs from creation, two active statuses in one run, reopened from done', () => {
    const item = dataset.items.find((i) => i.key === 'AGPUSH-179');
    if (item === undefined) throw new Error('AGPUSH-179 is not in the fixture');
    const now = Date.parse('2013-08-01T00:00:00Z');
    const context = createFlowContext(DEFAULT_SETTINGS, dataset.statuses, dataset.items);
    const runs = analyzeIssueFlow(item, context, now).states.map((r) => [r.state, iso(r.from), iso(r.to)]);
    // The working of the hand-checked test above: resolved straight from Open, reopened (not yet
    // started: new), Coding In Progress and Pull Request Sent (both active: one run), resolved,
    // closed (done to done: the same run), up to now.
    expect(runs).toEqual([
      ['new', '2013-07-18T13:43:28.000Z', '2013-07-24T12:33:04.000Z'],
      ['done', '2013-07-24T12:33:04.000Z', '2013-07-25T09:15:22.000Z'],
      ['new', '2013-07-25T09:15:22.000Z', '2013-07-25T09:16:17.000Z'],
      ['active', '2013-07-25T09:16:17.000Z', '2013-07-25T13:12:03.000Z'],
      ['done', '2013-07-25T13:12:03.000Z', '2013-08-01T00:00:00.000Z'],
    ]);
  });

  test('AGPUSH-6: back in Open after work started reads waiting up to now', () => {
    const item = dataset.items.find((i) => i.key === 'AGPUSH-6');
    if (item === undefined) throw new Error('AGPUSH-6 is not in the fixture');
    const now = Date.parse('2013-08-01T00:00:00Z');
    const context = createFlowContext(DEFAULT_SETTINGS, dataset.statuses, dataset.items);
    const states = analyzeIssueFlow(item, context, now).states;
    expect(states.at(-1)?.state).toBe('waiting');
    expect(states.at(-1)?.to).toBe(now);
    expect(states.map((r) => r.state)).toContain('active');
    // Runs follow one another without gaps, and never repeat a state side by side.
    for (let i = 1; i < states.length; i++) {
      expect(states[i]?.from).toBe(states[i - 1]?.to);
      expect(states[i]?.state).not.toBe(states[i - 1]?.state);
    }
  });
});

describe('AGPUSH, 2013-03-01 to 2013-09-30', () => {
  // Figures agreed with tools/oracle.py, an independent reading of the design (see oracle test).
  test('velocity, mix, canceled', () => {
    expect(report.velocity).toEqual({ total: 76, byType: { feature: 65, defect: 11, risk: 0, debt: 0 } });
    expect(report.distribution.completed.defect).toBeCloseTo(11 / 76, 12);
    expect(report.canceled).toBe(14);
    expect(report.targets).toEqual([
      { type: 'debt', min: 0.1, max: 0.2, actual: 0, status: 'below', actualInProgress: 0 },
    ]);
  });

  test('flow time, lead time, efficiency, load', () => {
    expect(report.flowTime).toMatchObject({ count: 45, p50: 88_581 / 86_400 }); // the median is AGPUSH-86
    expect(report.flowTime.p85).toBeCloseTo(6.908935185, 8);
    expect(report.leadTime.count).toBe(76);
    expect(report.flowEfficiency.overall).toBeCloseTo(0.936096183, 8);
    expect(report.load).toMatchObject({ atAsOf: 3, byType: { feature: 3, defect: 0, risk: 0, debt: 0 } });
    expect(report.load.dailyAverage).toBeCloseTo(2.03738318, 7);
  });

  test('the weekly trend covers the window and sums to its velocity', () => {
    expect(report.trend[0]?.period).toBe('2013-02-25');
    expect(report.trend[report.trend.length - 1]?.period).toBe('2013-09-30');
    expect(report.trend.reduce((n, e) => n + e.velocity.total, 0)).toBe(76);
    expect(report.trend.reduce((n, e) => n + e.canceled, 0)).toBe(14);
  });
});
