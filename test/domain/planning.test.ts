import path from 'node:path';
import { createFlowContext } from '../../src/domain/flow-context';
import { plannedMix } from '../../src/domain/planned-mix';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { closedSprintScope, type SprintMember } from '../../src/domain/sprint-scope';
import { bandStatus, itemsToBand } from '../../src/domain/target-band';
import type { WorkItem } from '../../src/domain/types';
import { readSprintField } from '../../src/jira/agile-schemas';
import { sprintChangesOf, sprintIdsOf } from '../../src/jira/sprint-changes';
import { loadDataset } from '../../src/local/dataset/load-dataset';

/**
 * The planned mix and the closed sprint's scope (docs/planning.md), on the jirametrics sample's
 * real Cloud work items (SP-13 and SP-14 joined "Scrum Sprint 3" before it started, SP-15 nine days
 * after) and on hand-made cases for what that data does not have: removal, carry-over, an import.
 */

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'jirametrics-sample', 'cloud-sp');
const SPRINT_3 = {
  id: 3,
  start: Date.parse('2022-04-15T00:55:17.688Z'),
  // The sample's sprint is still active; its planned end stands in for a completion.
  complete: Date.parse('2022-04-26T16:51:00.000Z'),
};

describe('the gap to a band, in whole work items', () => {
  test('"add 2 Debt items to reach 10 %": 0 of 10 needs 2, since 1 of 11 is 9.1 %', () => {
    expect(itemsToBand({ min: 0.1, max: null }, 0, 10)).toEqual({ action: 'add', items: 2 });
    expect(bandStatus({ min: 0.1, max: null }, 1 / 11)).toBe('below');
    expect(bandStatus({ min: 0.1, max: null }, 2 / 12)).toBe('within');
  });

  test('above the band: the fewest to take out', () => {
    // 5 of 10 against at most 20 %: 2 of 7 is 28.6 %, 1 of 6 is 16.7 %.
    expect(itemsToBand({ min: null, max: 0.2 }, 5, 10)).toEqual({ action: 'remove', items: 4 });
  });

  test('a band narrower than one work item: no gap that jumps over it', () => {
    // 0 of 3 is below 10–20 %, but 1 of 4 is 25 %, above: adding one would not bring it within.
    expect(itemsToBand({ min: 0.1, max: 0.2 }, 0, 3)).toBeNull();
    // 1 of 4 is above; taking it out leaves 0 of 3, below.
    expect(itemsToBand({ min: 0.1, max: 0.2 }, 1, 4)).toBeNull();
    // 0 of 5 needs one: 1 of 6 is 16.7 %.
    expect(itemsToBand({ min: 0.1, max: 0.2 }, 0, 5)).toEqual({ action: 'add', items: 1 });
  });

  test('within, or out of reach, is no gap', () => {
    expect(itemsToBand({ min: 0.1, max: 0.3 }, 2, 10)).toBeNull();
    expect(itemsToBand({ min: 1, max: null }, 3, 10)).toBeNull();
    expect(itemsToBand({ min: 0.1, max: null }, 0, 0)).toEqual({ action: 'add', items: 1 });
  });
});

async function sampleMembers(): Promise<{ members: SprintMember[]; items: WorkItem[] }> {
  const data = await loadDataset(SAMPLE, { keepRaw: true });
  const context = createFlowContext(DEFAULT_SETTINGS, data.statuses, data.items);
  const members = data.issues.flatMap((issue, i): SprintMember[] => {
    const own = data.items[i];
    if (own === undefined) return [];
    const raw = data.rawIssues[i];
    const fields = typeof raw === 'object' && raw !== null && 'fields' in raw ? raw.fields : null;
    const value =
      typeof fields === 'object' && fields !== null && 'customfield_10020' in fields
        ? fields.customfield_10020
        : null;
    const changes = sprintChangesOf(issue.changelog?.histories ?? [], 'customfield_10020');
    return [{ item: own, sprintIds: readSprintField(value).map((s) => s.id), changes, context }];
  });
  return { members, items: data.items };
}

describe('a closed sprint, reconstructed from the Sprint field changelog (real Cloud data)', () => {
  test('SP-13 and SP-14 were planned at the start; SP-15 was added during it', async () => {
    const { members } = await sampleMembers();
    const inSprint = members.filter((m) => m.sprintIds.includes(3));
    expect(inSprint.map((m) => m.item.key).sort()).toEqual(['SP-13', 'SP-14', 'SP-15']);
    const scope = closedSprintScope(SPRINT_3, members);
    expect(scope.source).toBe('changelog');
    expect(scope.planned.map((r) => r.item.key).sort()).toEqual(['SP-13', 'SP-14']);
    expect(scope.added.map((r) => r.item.key)).toEqual(['SP-15']);
    expect(scope.removed).toEqual([]);
    // Nothing of the three was done by the sprint's end in the sample.
    expect(scope.completed.length + scope.notCompleted.length).toBe(3);
    expect(scope.plannedMix.total).toBe(2);
  });

  test('members of no sprint are not counted', async () => {
    const { members } = await sampleMembers();
    const scope = closedSprintScope({ ...SPRINT_3, id: 99 }, members);
    expect(scope.planned.length + scope.added.length).toBe(0);
  });
});

function item(key: string, over: Partial<WorkItem> = {}): WorkItem {
  return {
    id: key.replace(/\D/g, ''),
    key,
    projectKey: 'HM',
    issueType: { name: 'Story', hierarchyLevel: 0 },
    labels: [],
    status: { id: '1', name: 'To Do', category: 'new' },
    resolution: null,
    created: Date.parse('2024-01-01T00:00:00Z'),
    resolved: null,
    parentKey: null,
    summary: key,
    changelog: { statusChanges: [], flagChanges: [], truncated: false },
    ...over,
  };
}

describe('a closed sprint, hand-made cases', () => {
  const context = createFlowContext(DEFAULT_SETTINGS, [
    { id: '1', name: 'To Do', category: 'new' },
    { id: '3', name: 'Done', category: 'done' },
  ]);
  const start = Date.parse('2024-02-01T09:00:00Z');
  const complete = Date.parse('2024-02-15T17:00:00Z');
  const at = (day: number): number => start + day * 86_400_000;
  const done = (key: string, day: number, labels: string[] = []): WorkItem =>
    item(key, {
      labels,
      status: { id: '3', name: 'Done', category: 'done' },
      resolution: 'Done',
      resolved: at(day),
      changelog: {
        statusChanges: [
          {
            at: at(day),
            seq: 1,
            from: { id: '1', name: 'To Do' },
            to: { id: '3', name: 'Done' },
          },
        ],
        flagChanges: [],
        truncated: false,
      },
    });

  test('removed during, carried over, completed after the end, and the debt that was dropped', () => {
    const members: SprintMember[] = [
      // Planned, done on day 3.
      { item: done('HM-1', 3), sprintIds: [7], changes: [{ at: at(-2), from: [], to: [7] }], context },
      // Planned debt, taken out on day 5.
      {
        item: item('HM-2', { labels: ['tech-debt'] }),
        sprintIds: [],
        changes: [
          { at: at(-2), from: [], to: [7] },
          { at: at(5), from: [7], to: [] },
        ],
        context,
      },
      // Planned debt, not done: carried over to sprint 8 when sprint 7 completed.
      {
        item: item('HM-3', { labels: ['tech-debt'] }),
        sprintIds: [7, 8],
        changes: [
          { at: at(-1), from: [], to: [7] },
          { at: complete, from: [7], to: [7, 8] },
        ],
        context,
      },
      // Added on day 2, done after the sprint was completed.
      { item: done('HM-4', 20), sprintIds: [7], changes: [{ at: at(2), from: [], to: [7] }], context },
    ];
    const scope = closedSprintScope({ id: 7, start, complete }, members);
    expect(scope.planned.map((r) => r.item.key)).toEqual(['HM-1', 'HM-2', 'HM-3']);
    expect(scope.added.map((r) => r.item.key)).toEqual(['HM-4']);
    expect(scope.removed.map((r) => r.item.key)).toEqual(['HM-2']);
    expect(scope.completed.map((r) => r.item.key)).toEqual(['HM-1']);
    expect(scope.notCompleted.map((r) => r.item.key)).toEqual(['HM-3', 'HM-4']);
    expect(scope.plannedMix.byType.debt).toBe(2);
    expect(scope.completedMix.byType.debt).toBe(0);
  });

  test('without a changelog, the final membership is all that is known, and it says so', () => {
    const members: SprintMember[] = [
      { item: done('HM-5', 4), sprintIds: [7], changes: null, context },
      { item: item('HM-6'), sprintIds: [7, 8], changes: null, context },
    ];
    const scope = closedSprintScope({ id: 7, start, complete }, members);
    expect(scope.source).toBe('final-membership');
    expect(scope.planned.map((r) => r.item.key)).toEqual(['HM-5', 'HM-6']);
    expect(scope.added).toEqual([]);
    expect(scope.removed).toEqual([]);
    expect(scope.completed.map((r) => r.item.key)).toEqual(['HM-5']);
  });

  test('created during the sprint: added, not planned, with or without a changelog', () => {
    const members: SprintMember[] = [
      // Created in the sprint on day 2 (Jira records no change for a value set at creation), then
      // carried over when the sprint completed.
      {
        item: item('HM-7', { created: at(2) }),
        sprintIds: [7, 8],
        changes: [{ at: complete, from: [7], to: [7, 8] }],
        context,
      },
      // An import: no history at all, created on day 3.
      { item: item('HM-8', { created: at(3) }), sprintIds: [7], changes: null, context },
      // Created on day 1 with only status changes in its history: in the sprint since then.
      { item: done('HM-9', 4), sprintIds: [7], changes: [], context },
    ];
    const scope = closedSprintScope({ id: 7, start, complete }, members);
    expect(scope.planned.map((r) => r.item.key)).toEqual(['HM-9']);
    expect(scope.added.map((r) => r.item.key)).toEqual(['HM-7', 'HM-8']);
    expect(scope.completed.map((r) => r.item.key)).toEqual(['HM-9']);
    expect(scope.source).toBe('final-membership');
  });

  test('done when the sprint completed, though reopened since', () => {
    const reopened = item('HM-10', {
      changelog: {
        statusChanges: [
          { at: at(3), seq: 1, from: { id: '1', name: 'To Do' }, to: { id: '3', name: 'Done' } },
          { at: at(20), seq: 2, from: { id: '3', name: 'Done' }, to: { id: '1', name: 'To Do' } },
        ],
        flagChanges: [],
        truncated: false,
      },
    });
    const scope = closedSprintScope({ id: 7, start, complete }, [
      { item: reopened, sprintIds: [7], changes: [{ at: at(-1), from: [], to: [7] }], context },
    ]);
    expect(scope.completed.map((r) => r.item.key)).toEqual(['HM-10']);
  });

  test('the Sprint field as Jira writes it in a changelog', () => {
    expect(sprintIdsOf('12, 15')).toEqual([12, 15]);
    expect(sprintIdsOf('')).toEqual([]);
    expect(sprintIdsOf(null)).toEqual([]);
  });
});

describe('the planned mix', () => {
  const context = createFlowContext(DEFAULT_SETTINGS, [{ id: '1', name: 'To Do', category: 'new' }]);
  const entries = [
    ...Array.from({ length: 8 }, (_, i) => ({ item: item(`HM-${i + 1}`), estimate: 3, context })),
    { item: item('HM-9', { issueType: { name: 'Bug', hierarchyLevel: 0 } }), estimate: 5, context },
    { item: item('HM-10', { issueType: { name: 'Sub-task', hierarchyLevel: -1 } }), estimate: 1, context },
    { item: item('HM-11', { labels: ['tech-debt'] }), estimate: null, context },
  ];

  test('counts flow items by type, weighs the estimates, and judges the band on the count', () => {
    const mix = plannedMix(entries, { debt: { min: 0.2, max: null } }, { at: Date.now(), estimated: true });
    expect(mix.counts).toEqual({ total: 10, byType: { feature: 8, defect: 1, risk: 0, debt: 1 } });
    expect(mix.notFlowItems).toBe(1);
    expect(mix.estimates).toEqual({
      total: 29,
      byType: { feature: 24, defect: 5, risk: 0, debt: 0 },
      unestimated: 1,
    });
    // 1 of 10 is below 20 %; 3 of 12 is 25 %, 2 of 11 is 18 %.
    expect(mix.targets).toEqual([
      { type: 'debt', min: 0.2, max: null, actual: 0.1, status: 'below', gap: { action: 'add', items: 2 } },
    ]);
  });

  test('an empty plan says nothing about its mix', () => {
    const mix = plannedMix([], { debt: { min: 0.2, max: null } }, { at: Date.now(), estimated: false });
    expect(mix.estimates).toBeNull();
    expect(mix.targets[0]?.status).toBeNull();
    expect(mix.targets[0]?.gap).toBeNull();
  });
});
