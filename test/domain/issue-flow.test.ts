import { createFlowContext } from '../../src/domain/flow-context';
import { analyzeIssueFlow, childrenMix } from '../../src/domain/issue-flow';
import { at, settings, STATUSES, workItem } from '../support/work-items';

/** The issue panel's reading of one issue: the domain's, so that no surface re-derives it. */

const context = (items = [workItem()]) => createFlowContext(settings(), STATUSES, items);

describe('one issue at a moment', () => {
  test('back in To Do after work started: in progress, waiting; its age splits into active and waiting', () => {
    const item = workItem({
      changes: [
        [1, 'To Do', 'In Progress'],
        [3, 'In Progress', 'To Do'],
      ],
    });
    const flow = analyzeIssueFlow(item, context([item]), at(5));
    expect(flow).toMatchObject({ state: 'waiting', outcome: 'in-progress', completion: null });
    expect(flow.duration).toMatchObject({
      kind: 'age',
      days: 4,
      activeDays: 2,
      waitingDays: 2,
      efficiency: 0.5,
    });
  });

  test('a canceled item is done but not completed', () => {
    const item = workItem({
      resolution: "Won't Do",
      changes: [
        [1, 'To Do', 'In Progress'],
        [2, 'In Progress', 'Done'],
      ],
    });
    expect(analyzeIssueFlow(item, context([item]), at(5))).toMatchObject({
      state: 'done',
      outcome: 'canceled',
    });
  });

  test('read at a moment before its completion, an item is still in progress', () => {
    const item = workItem({
      changes: [
        [1, 'To Do', 'In Progress'],
        [4, 'In Progress', 'Done'],
      ],
    });
    const flow = analyzeIssueFlow(item, context([item]), at(2));
    expect(flow).toMatchObject({
      state: 'active',
      outcome: 'in-progress',
      completion: null,
      leadTimeDays: null,
    });
    expect(analyzeIssueFlow(item, context([item]), at(5))).toMatchObject({
      outcome: 'completed',
      leadTimeDays: 4,
    });
  });
});

describe("a parent's children", () => {
  const story = (spec: Parameters<typeof workItem>[0] = {}) => workItem({ level: 0, ...spec });
  const subTask = () => workItem({ level: -1, type: 'Sub-task', changes: [[1, 'To Do', 'Done']] });

  test('sub-tasks do not count when the flow items are stories (AGPUSH-66 read "Features 100 %" for nine)', () => {
    const children = [subTask(), subTask(), story({ type: 'Bug', changes: [[1, 'To Do', 'In Progress']] })];
    const mix = childrenMix(children, context(children), at(5));
    expect(mix).toMatchObject({
      total: 3,
      counted: 1,
      byType: { feature: 0, defect: 1, risk: 0, debt: 0 },
      shares: { defect: 1 },
      byOutcome: { 'in-progress': 1, completed: 0 },
    });
  });

  test('no children: no mix', () => {
    expect(childrenMix([], context(), at(1))).toBeNull();
  });
});
