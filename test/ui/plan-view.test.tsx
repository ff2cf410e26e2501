import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ErrorBody } from '../../src/contract';
import type {
  AddToSprintResult,
  BoardRef,
  PlanAgreementView,
  PlanView,
  SprintHistoryView,
  SprintRef,
} from '../../src/contract-plan';
import { DEFAULT_VIEW, formatView, parseView } from '../../static/project-page/src/page-view';
import { PlanAction } from '../../static/project-page/src/plan/plan-action';
import { PlanTab } from '../../static/project-page/src/plan/plan-tab';
import { gapSentence, judgedLine, whyWords } from '../../static/project-page/src/plan/plan-words';
import { HistoryFigures } from '../../static/project-page/src/plan/sprint-history';
import { bridge } from './fake-bridge';

/** The Plan tab and the sprint action's dialog against the real @forge/bridge, with only the resolvers' answers faked. */

const SCRUM: BoardRef = { id: 12, name: 'AGPUSH board', type: 'scrum', spaceKey: 'AGPUSH' };
const KANBAN: BoardRef = { id: 30, name: 'AGPUSH flow', type: 'kanban', spaceKey: 'AGPUSH' };

const ACTIVE: SprintRef = {
  id: 101,
  name: 'Sprint 7',
  state: 'active',
  startDate: '2013-06-03',
  endDate: '2013-06-14',
  completeDate: null,
  goal: null,
};
const NEXT: SprintRef = {
  ...ACTIVE,
  id: 102,
  name: 'Sprint 8',
  state: 'future',
  startDate: '2013-06-17',
  endDate: '2013-06-28',
};

const zero = { feature: 0, defect: 0, risk: 0, debt: 0 };

const AGREEMENT: PlanAgreementView = {
  key: 'AGPUSH-66',
  summary: 'Hand-rolled retry in the push client',
  status: 'overdue',
  score: 14,
  dueDate: '2013-06-10',
  nextReviewDate: '2013-06-20',
  why: 'overdue',
  items: [
    {
      key: 'AGPUSH-105',
      summary: 'Replace the retry with the library',
      spaceKey: 'AGPUSH',
      type: 'debt',
      reason: 'label "tech-debt"',
      estimate: 3,
      done: false,
      sprint: null,
    },
  ],
};

function planOf(change: Partial<PlanView> = {}): PlanView {
  return {
    board: SCRUM,
    sprints: [ACTIVE, NEXT],
    selection: { kind: 'sprint', sprint: NEXT },
    mix: {
      counts: { total: 10, byType: { feature: 7, defect: 2, risk: 1, debt: 0 } },
      estimates: {
        total: 25,
        byType: { feature: 18, defect: 4, risk: 3, debt: 0 },
        unestimated: 3,
        field: 'Story Points',
      },
      targets: [
        { type: 'debt', min: 0.1, max: 0.2, actual: 0, status: 'below', gap: { action: 'add', items: 2 } },
        {
          type: 'feature',
          min: null,
          max: 0.6,
          actual: 0.7,
          status: 'above',
          gap: { action: 'remove', items: 1 },
        },
      ],
      items: [
        {
          key: 'AGPUSH-90',
          summary: 'Send to many devices',
          spaceKey: 'AGPUSH',
          type: 'feature',
          reason: 'work type "Story"',
          estimate: 5,
          done: false,
        },
        {
          key: 'AGPUSH-91',
          summary: 'Crash on empty token',
          spaceKey: 'AGPUSH',
          type: 'defect',
          reason: 'work type "Bug"',
          estimate: null,
          done: true,
        },
      ],
      notFlowItems: 2,
      truncated: false,
    },
    agreements: [AGREEMENT],
    targetsAgreed: false,
    timeZone: 'Europe/Vienna',
    ...change,
  };
}

const HISTORY: SprintHistoryView = {
  board: SCRUM,
  truncated: false,
  sprints: [
    {
      sprint: {
        ...ACTIVE,
        id: 99,
        name: 'Sprint 6',
        state: 'closed',
        startDate: '2013-05-20',
        endDate: '2013-05-31',
        completeDate: '2013-05-31',
      },
      source: 'final-membership',
      planned: { total: 8, byType: { ...zero, feature: 6, debt: 2 } },
      completed: { total: 6, byType: { ...zero, feature: 6 } },
      added: 0,
      removed: 0,
      notCompleted: 2,
      debtNotDone: [
        {
          key: 'AGPUSH-80',
          summary: 'Drop the old queue',
          spaceKey: 'AGPUSH',
          type: 'debt',
          reason: 'label "tech-debt"',
          estimate: 2,
          done: false,
        },
      ],
      notFlowItems: 0,
    },
  ],
  ledger: {
    minimum: 0.1,
    rows: [
      {
        sprintId: 99,
        sprintName: 'Sprint 6',
        planned: { share: 0.25, payment: 'made' },
        completed: { share: 0, payment: 'missed' },
      },
    ],
  },
  targetsAgreed: false,
  timeZone: 'Europe/Vienna',
};

type Answer = { ok: true; data: unknown } | { ok: false; error: ErrorBody };

/** Answers each contract key from a table; addToSprint's answer may be held back to see the button wait. */
function answer(table: Partial<Record<string, (payload: unknown) => Answer | Promise<Answer>>>): void {
  bridge.answerWith((key, payload) => {
    const fn = table[key];
    if (fn === undefined)
      return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: `no ${key}` } });
    return Promise.resolve(fn(payload));
  });
}

beforeEach(() => {
  bridge.reset();
});

test('the plan query comes back as it went, and a wrong one names no board', () => {
  const view = { ...DEFAULT_VIEW, tab: 'plan' as const, plan: { boardId: 12, sprintId: 102, next: null } };
  expect(formatView(view)).toBe('?tab=plan&board=12&sprint=102');
  expect(parseView(formatView(view))).toEqual(view);
  expect(parseView('?tab=plan&board=30&next=50').plan).toEqual({ boardId: 30, sprintId: null, next: 50 });
  expect(parseView('?tab=plan&board=0&sprint=x').plan).toBeUndefined();
  expect(parseView('?tab=plan&board=12&sprint=-1&next=7').plan).toEqual({
    boardId: 12,
    sprintId: null,
    next: null,
  });
});

test('the gap sentences and the estimate line say what the plan needs, in words', () => {
  const [debt, feature] = planOf().mix.targets;
  if (debt === undefined || feature === undefined) throw new Error('two targets');
  expect(gapSentence(debt)).toBe('Add 2 Debt work items to reach 10%.');
  expect(gapSentence(feature)).toBe('Take out 1 Feature work item to stay within 60%.');
  expect(gapSentence({ ...debt, status: 'within', gap: null })).toBeNull();
  // A Kanban backlog has no end to be due by.
  expect(whyWords('review', 'sprint')).toBe('due for review by the end of the sprint');
  expect(whyWords('due', 'backlog')).toBe('due soon');
  expect(judgedLine(planOf().mix)).toBe(
    'Each band is judged on the count of work items, as the completed mix is. The share by Story Points is shown beside it; 3 work items have no estimate.',
  );
});

test('the Plan tab opens the first Scrum board and shows its mix, items and agreements', async () => {
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [KANBAN, SCRUM] } }),
    getPlan: () => ({ ok: true, data: planOf() }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
  });
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={() => undefined} />);
  expect(await screen.findByRole('heading', { name: 'Plan: AGPUSH board' })).toBeTruthy();
  expect(bridge.invoked('getPlan')).toEqual([{ boardId: 12 }]);
  const mix = within(screen.getByRole('table', { name: 'Planned mix' }));
  expect(mix.getAllByText('below')).toHaveLength(1);
  expect(mix.getAllByText('above')).toHaveLength(1);
  expect(mix.getByText('18 (72%)')).toBeTruthy();
  expect(screen.getByText('Add 2 Debt work items to reach 10%.')).toBeTruthy();
  expect(screen.getByText('Take out 1 Feature work item to stay within 60%.')).toBeTruthy();
  expect(screen.getByText(/Flow Ledger's default bands/)).toBeTruthy();
  expect(screen.getByText(/2 work items at another level .* were left out/)).toBeTruthy();
  const items = within(screen.getByRole('table', { name: 'Planned work items, in rank order' }));
  expect(items.getByRole('link', { name: 'AGPUSH-90' })).toBeTruthy();
  expect(items.getByText('work type "Bug"')).toBeTruthy();
  expect(
    within(screen.getByRole('region', { name: 'Agreement AGPUSH-66' })).getByText(/overdue: due 2013-06-10/),
  ).toBeTruthy();
  expect(
    await screen.findByText(
      /The data has no changelog, so what these sprints held at their start is their final membership/,
    ),
  ).toBeTruthy();
});

test('a sprint chosen from the chooser is asked for by the tab, through the URL choice', async () => {
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [SCRUM] } }),
    getPlan: () => ({ ok: true, data: planOf() }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
  });
  const chosen: unknown[] = [];
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={(c) => chosen.push(c)} />);
  await screen.findByRole('heading', { name: 'Plan: AGPUSH board' });
  fireEvent.keyDown(screen.getByLabelText('Sprint'), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText(/Sprint 7, active/, { selector: '[id*="option"]' }));
  expect(chosen).toEqual([{ boardId: 12, sprintId: 101, next: null }]);
});

test('Add to sprint waits for its answer, then shows the plan as it now stands and what was written', async () => {
  let release: (a: Answer) => void = () => undefined;
  const after = planOf({
    agreements: [{ ...AGREEMENT, items: [] }],
    mix: { ...planOf().mix, counts: { total: 11, byType: { feature: 7, defect: 2, risk: 1, debt: 1 } } },
  });
  const result: AddToSprintResult = { outcome: 'added', issueKey: 'AGPUSH-105', sprint: NEXT, plan: after };
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [SCRUM] } }),
    getPlan: () => ({ ok: true, data: planOf() }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
    addToSprint: () =>
      new Promise<Answer>((resolve) => {
        release = resolve;
      }),
  });
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={() => undefined} />);
  const button = await screen.findByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' });
  // Nothing moves without the click.
  expect(bridge.invoked('addToSprint')).toEqual([]);
  fireEvent.click(button);
  expect(bridge.invoked('addToSprint')).toEqual([
    { boardId: 12, sprintId: 102, issueKey: 'AGPUSH-105', fromSprintId: null },
  ]);
  expect(await screen.findByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' })).toHaveProperty(
    'disabled',
    true,
  );
  await act(async () => {
    release({ ok: true, data: result });
    await Promise.resolve();
  });
  expect(await screen.findByText('AGPUSH-105 added to Sprint 8.')).toBeTruthy();
  expect(screen.getByText('11 work items planned, 25 Story Points.')).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' })).toBeNull();
  // The plan shown is the answer's: no second read of it.
  expect(bridge.invoked('getPlan')).toHaveLength(1);
});

test('an item that was already there says so', async () => {
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [SCRUM] } }),
    getPlan: () => ({ ok: true, data: planOf() }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
    addToSprint: () => ({
      ok: true,
      data: { outcome: 'already-there', issueKey: 'AGPUSH-105', sprint: NEXT, plan: planOf() },
    }),
  });
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={() => undefined} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' }));
  expect(await screen.findByText('AGPUSH-105 was already in Sprint 8.')).toBeTruthy();
});

test.each([
  ['CONFLICT', 'AGPUSH-105 was moved to Sprint 7 since you looked.', 'Someone else changed this'],
  ['NOT_PERMITTED', 'You may not schedule AGPUSH-105; nothing was moved.', 'Not allowed'],
] as const)('a %s changes nothing on screen and offers a reload', async (code, message, title) => {
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [SCRUM] } }),
    getPlan: () => ({ ok: true, data: planOf() }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
    addToSprint: () => ({ ok: false, error: { code, message } }),
  });
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={() => undefined} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' }));
  expect(await screen.findByText(title)).toBeTruthy();
  expect(screen.getByText(message)).toBeTruthy();
  // The item is still offered, and the mix is the one read.
  expect(screen.getByRole('button', { name: 'Add AGPUSH-105 to Sprint 8' })).toHaveProperty(
    'disabled',
    false,
  );
  expect(screen.getByText('10 work items planned, 25 Story Points.')).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: 'Reload the plan' }));
  await screen.findByRole('heading', { name: 'Plan: AGPUSH board' });
  expect(bridge.invoked('getPlan')).toHaveLength(2);
});

test("a Kanban board plans its backlog's next work items, with no sprint and no Add button", async () => {
  const kanban = planOf({
    board: KANBAN,
    sprints: [],
    selection: { kind: 'backlog', next: 20 },
    mix: { ...planOf().mix, estimates: null, truncated: false, notFlowItems: 0 },
  });
  answer({
    listBoards: () => ({ ok: true, data: { projectKey: 'AGPUSH', boards: [KANBAN] } }),
    getPlan: () => ({ ok: true, data: kanban }),
  });
  const chosen: unknown[] = [];
  render(<PlanTab projectKey="AGPUSH" choice={undefined} onChoose={(c) => chosen.push(c)} />);
  expect(await screen.findByRole('heading', { name: 'Planned mix of the next 20 work items' })).toBeTruthy();
  expect(screen.queryByLabelText('Sprint')).toBeNull();
  expect(screen.queryByRole('button', { name: /Add AGPUSH-105/ })).toBeNull();
  expect(screen.getByText(/This board does not estimate/)).toBeTruthy();
  // No closed sprints on a board without sprints.
  expect(bridge.invoked('getSprintHistory')).toEqual([]);
  fireEvent.keyDown(screen.getByLabelText('Backlog'), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText('Next 50 work items', { selector: '[id*="option"]' }));
  expect(chosen).toEqual([{ boardId: 30, sprintId: null, next: 50 }]);
});

test('a sprint the plan could not read whole says so', async () => {
  answer({
    getPlan: () => ({
      ok: true,
      data: planOf({ mix: { ...planOf().mix, truncated: true }, targetsAgreed: true }),
    }),
    getSprintHistory: () => ({ ok: true, data: HISTORY }),
  });
  render(<PlanAction boardId={12} sprintId={102} />);
  expect(await screen.findByText(/holds more work items than one plan reads/)).toBeTruthy();
  expect(screen.queryByText(/default bands/)).toBeNull();
  // The sprint action asks for the sprint its menu was opened on.
  expect(bridge.invoked('getPlan')).toEqual([{ boardId: 12, sprintId: 102 }]);
});

test('closed sprints: final membership is said, and the ledger sets planned beside completed', () => {
  render(<HistoryFigures history={HISTORY} />);
  expect(
    screen.getByText(
      /The data has no changelog, so what these sprints held at their start is their final membership/,
    ),
  ).toBeTruthy();
  const closed = within(screen.getByRole('table', { name: 'Closed sprints, newest first' }));
  // Removals are unknown without a changelog; additions are at least those created mid-sprint.
  expect(closed.getAllByText('unknown')).toHaveLength(1);
  expect(closed.getByText(/^at least \d+$/)).toBeTruthy();
  expect(closed.getByRole('link', { name: 'AGPUSH-80' })).toBeTruthy();
  expect(closed.getByText('2013-05-20 to 2013-05-31')).toBeTruthy();
  const ledger = within(screen.getByRole('table', { name: 'Minimum payments by sprint' }));
  const row = ledger.getByText('Sprint 6').closest('tr');
  expect(row?.textContent).toBe('Sprint 625%Made0%Missed');
  expect(
    screen.getByText('Planned and then not made in 1 of 1 sprint; not planned at all in 0.'),
  ).toBeTruthy();
});

test('closed sprints read short of their work items say so; read whole, they do not', () => {
  const { unmount } = render(<HistoryFigures history={HISTORY} />);
  expect(screen.queryByText(/Not every work item was read/)).toBeNull();
  unmount();
  render(<HistoryFigures history={{ ...HISTORY, truncated: true }} />);
  expect(screen.getByText('Not every work item was read')).toBeTruthy();
  expect(screen.getByText(/held more than the 2,000 one read takes/)).toBeTruthy();
});

test('the sprint action reads its board and sprint from the context Jira gives it', async () => {
  const { surfaceContext } = await import('../../static/common/bridge');
  bridge.setContext({
    extension: {
      type: 'jira:sprintAction',
      board: { id: '12', type: 'scrum' },
      sprint: { id: '102', state: 'future' },
      project: { id: '10000', key: 'AGPUSH', type: 'software' },
    },
  });
  expect(await surfaceContext()).toMatchObject({
    moduleType: 'jira:sprintAction',
    boardId: 12,
    sprintId: 102,
    projectKey: 'AGPUSH',
  });
  bridge.setContext({ extension: { type: 'jira:backlogAction', board: { id: '0x1' } } });
  expect(await surfaceContext()).toMatchObject({ boardId: null, sprintId: null });
});
