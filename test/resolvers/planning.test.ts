import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The planned mix at planning (docs/planning.md) on the demo's ALOY: the real "Alloy" board of the
 * Appcelerator archive (board 124), as it stood with "2014 Sprint 21 Alloy" running and "2014
 * Sprint 22 Alloy" planned (demo/README.md), and the illustrative agreement on ALOY-974 whose
 * repayment work waits in the backlog. Through the real resolvers, as each person.
 */

const DEMO = path.join(__dirname, '..', '..', 'demo');
const NOW = Date.parse('2013-08-01T09:00:00Z');
const BOARD = 124;
const ACTIVE = 234;
const FUTURE = 248;

const PEOPLE = [
  { accountId: 'acc-admin', emailAddress: 'admin@example.com', displayName: 'Ada Admin', siteAdmin: true },
  {
    accountId: 'acc-alex',
    emailAddress: 'alex@example.com',
    displayName: 'Alex Alloy',
    browse: ['ALOY'],
    edit: ['ALOY'],
  },
  {
    accountId: 'acc-sam',
    emailAddress: 'sam@example.com',
    displayName: 'Sam Second',
    browse: ['ALOY'],
    edit: ['ALOY'],
  },
  { accountId: 'acc-rita', emailAddress: 'rita@example.com', displayName: 'Rita Reader', browse: ['ALOY'] },
  {
    accountId: 'acc-priya',
    emailAddress: 'priya@example.com',
    displayName: 'Priya Push',
    browse: ['AGPUSH'],
  },
];

let emulator: JiraEmulator;
let forge: VirtualForge;

async function demoSite(): Promise<EmulatedSite> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-plan-'));
  for (const f of ['agpush.jsonl.gz', 'aloy.jsonl.gz']) copyFileSync(path.join(DEMO, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(PEOPLE));
  return new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
}

beforeEach(async () => {
  emulator = new JiraEmulator(await demoSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW);
});

const ok = <T extends z.ZodType>(data: T) => z.object({ ok: z.literal(true), data });
const failed = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });

const mixCounts = z.object({
  total: z.number(),
  byType: z.object({ feature: z.number(), defect: z.number(), risk: z.number(), debt: z.number() }),
});
const planSchema = z.object({
  board: z.object({ id: z.number(), name: z.string(), type: z.string(), spaceKey: z.string().nullable() }),
  sprints: z.array(z.object({ id: z.number(), name: z.string(), state: z.string() })),
  selection: z
    .object({
      kind: z.literal('sprint'),
      sprint: z.object({ id: z.number(), name: z.string(), endDate: z.string() }),
    })
    .nullable(),
  mix: z.object({
    counts: mixCounts,
    estimates: z.unknown(),
    targets: z.array(
      z.object({
        type: z.string(),
        min: z.number().nullable(),
        max: z.number().nullable(),
        status: z.string().nullable(),
        actual: z.number(),
        gap: z.object({ action: z.string(), items: z.number() }).nullable(),
      }),
    ),
    items: z.array(z.object({ key: z.string(), type: z.string() })),
    notFlowItems: z.number(),
    truncated: z.boolean(),
  }),
  agreements: z.array(
    z.object({
      key: z.string(),
      why: z.string(),
      items: z.array(z.object({ key: z.string(), type: z.string(), sprint: z.unknown() })),
    }),
  ),
  targetsAgreed: z.boolean(),
});

async function plan(who: string, payload: unknown): Promise<z.infer<typeof planSchema>> {
  return ok(planSchema).parse(await forge.invoke('getPlan', payload, who)).data;
}

/** The sprint ids the emulator holds for a work item (what Jira would answer). */
async function sprintsOf(key: string): Promise<number[]> {
  const answer = await emulator.handle(
    { method: 'GET', path: `/rest/api/3/issue/${key}?fields=customfield_10020` },
    { kind: 'user', user: emulator.userById('acc-admin') ?? (PEOPLE[0] as never) },
  );
  const parsed = z
    .object({ fields: z.object({ customfield_10020: z.array(z.object({ id: z.number() })).nullable() }) })
    .parse(JSON.parse(answer.body));
  return (parsed.fields.customfield_10020 ?? []).map((s) => s.id);
}

test("the next sprint's planned mix: below the debt band, and the agreement whose repayment waits", async () => {
  const boards = ok(z.object({ boards: z.array(z.object({ id: z.number(), type: z.string() })) })).parse(
    await forge.invoke('listBoards', { projectKey: 'ALOY' }, 'acc-alex'),
  ).data.boards;
  // The board with a sprint running and one planned comes first, before ALOY's older boards.
  expect(boards.map((b) => b.id)).toEqual([BOARD, 113, 125]);

  const seen = await plan('acc-alex', { boardId: BOARD });
  expect(seen.sprints.map((s) => [s.id, s.state])).toEqual([
    [ACTIVE, 'active'],
    [FUTURE, 'future'],
  ]);
  // Without a sprint named, the next one to plan.
  expect(seen.selection?.sprint.id).toBe(FUTURE);
  // Its 14 work items (demo/README.md), one of them the library upgrade labelled refactoring.
  expect(seen.mix.counts).toEqual({ total: 14, byType: { feature: 5, defect: 8, risk: 0, debt: 1 } });
  expect(seen.mix.targets).toEqual([
    { type: 'debt', min: 0.1, max: 0.2, actual: 1 / 14, status: 'below', gap: { action: 'add', items: 1 } },
  ]);
  expect(seen.targetsAgreed).toBe(false);
  // ALOY-974 is due before the sprint ends; its open repayment work is in no sprint.
  expect(seen.agreements.map((a) => [a.key, a.why])).toEqual([['ALOY-974', 'due']]);
  expect(seen.agreements[0]?.items.map((i) => [i.key, i.type, i.sprint])).toEqual([
    ['ALOY-975', 'debt', null],
    ['ALOY-976', 'debt', null],
    ['ALOY-977', 'debt', null],
  ]);
});

const addedSchema = z.object({
  outcome: z.string(),
  issueKey: z.string(),
  sprint: z.object({ id: z.number() }),
  plan: planSchema,
});

test('one click adds the repayment to the sprint, as the person, and the planned share reaches the band', async () => {
  const before = emulator.log.length;
  const answer = ok(addedSchema).parse(
    await forge.invoke(
      'addToSprint',
      { boardId: BOARD, sprintId: FUTURE, issueKey: 'ALOY-976', fromSprintId: null },
      'acc-alex',
    ),
  ).data;
  expect(answer.outcome).toBe('added');
  expect(answer.plan.mix.counts.byType.debt).toBe(2);
  expect(answer.plan.mix.targets[0]).toMatchObject({ status: 'within', gap: null });
  expect(answer.plan.agreements[0]?.items.map((i) => i.key)).toEqual(['ALOY-975', 'ALOY-977']);
  // Jira moved it, once, as Alex; its history says so.
  const moves = emulator.log
    .slice(before)
    .filter((e) => e.method === 'POST' && e.endpoint.startsWith('/rest/agile'));
  expect(moves.map((e) => [e.endpoint, e.actor, e.status])).toEqual([
    ['/rest/agile/1.0/sprint/{sprintId}/issue', 'alex@example.com', 204],
  ]);
  expect(await sprintsOf('ALOY-976')).toEqual([FUTURE]);
});

test('two planners add the same work item at once: it is moved once into the sprint, and no answer claims more', async () => {
  // Jira answers each request after a delay, so that both planners' reads and moves interleave.
  emulator = new JiraEmulator(await demoSite(), { clock: () => NOW, latencyMs: 5 });
  forge = virtualForge(emulator, NOW);
  const payload = { boardId: BOARD, sprintId: FUTURE, issueKey: 'ALOY-975', fromSprintId: null };
  const [a, b] = await Promise.all([
    forge.invoke('addToSprint', payload, 'acc-alex'),
    forge.invoke('addToSprint', payload, 'acc-sam'),
  ]);
  const outcomes = [a, b].map((r) => ok(addedSchema).parse(r).data.outcome).sort();
  // Both may read it in the backlog before either moves it (Jira has no conditional move; both
  // moves then land, the second changing nothing), or one reads it after: either way it is in
  // the sprint once, and each "added" answer stands for a move Jira was sent.
  expect(outcomes.filter((o) => o === 'added').length).toBeGreaterThanOrEqual(1);
  expect(await sprintsOf('ALOY-975')).toEqual([FUTURE]);
  const posts = emulator.log.filter((e) => e.method === 'POST' && e.endpoint.startsWith('/rest/agile'));
  expect(posts.length).toBe(outcomes.filter((o) => o === 'added').length);
});

test('moved by another planner since the plan was shown: nothing is moved, and the answer says where it is', async () => {
  // Sam puts ALOY-977 into the running sprint; Alex still sees it in the backlog.
  ok(addedSchema).parse(
    await forge.invoke(
      'addToSprint',
      { boardId: BOARD, sprintId: ACTIVE, issueKey: 'ALOY-977', fromSprintId: null },
      'acc-sam',
    ),
  );
  const refused = failed.parse(
    await forge.invoke(
      'addToSprint',
      { boardId: BOARD, sprintId: FUTURE, issueKey: 'ALOY-977', fromSprintId: null },
      'acc-alex',
    ),
  ).error;
  expect(refused.code).toBe('CONFLICT');
  expect(refused.message).toContain('2014 Sprint 21 Alloy');
  expect(await sprintsOf('ALOY-977')).toEqual([ACTIVE]);
});

test('without permission to schedule it, nothing is moved and the message says why', async () => {
  const refused = failed.parse(
    await forge.invoke(
      'addToSprint',
      { boardId: BOARD, sprintId: FUTURE, issueKey: 'ALOY-976', fromSprintId: null },
      'acc-rita',
    ),
  ).error;
  expect(refused.code).toBe('NOT_PERMITTED');
  expect(refused.message).toBe(
    'You may not schedule ALOY-976 in Jira (it takes the permission to edit and schedule work items); nothing was moved.',
  );
  expect(await sprintsOf('ALOY-976')).toEqual([]);
});

test('a person who may not browse the board’s space is told exactly what an absent board tells', async () => {
  const observe = async (key: string, boardId: number): Promise<{ answer: string; calls: string[] }> => {
    const before = emulator.log.length;
    const answer = JSON.stringify(await forge.invoke(key, { boardId }, 'acc-priya'));
    const calls = emulator.log.slice(before).map((e) => `${e.method} ${e.endpoint} ${e.status}`);
    return { answer: answer.replace(String(boardId), 'ID'), calls };
  };
  for (const key of ['getPlan', 'getSprintHistory'] as const) {
    // The same words, and the same Jira calls behind them: not even the cost tells them apart.
    expect(await observe(key, BOARD)).toEqual(await observe(key, 99_124));
  }
  const hidden = JSON.stringify(
    await forge.invoke(
      'addToSprint',
      { boardId: BOARD, sprintId: FUTURE, issueKey: 'ALOY-976', fromSprintId: null },
      'acc-priya',
    ),
  );
  expect(hidden).toContain('No board 124 exists, or you may not see it.');
  expect(await sprintsOf('ALOY-976')).toEqual([]);
});

test('an empty sprint says nothing about its mix', async () => {
  // Every planned work item back to the backlog, as a planner might before starting over.
  const keys = (await plan('acc-alex', { boardId: BOARD })).mix.items.map((i) => i.key);
  const admin = emulator.userById('acc-admin');
  if (admin === undefined) throw new Error('no admin');
  const moved = await emulator.handle(
    { method: 'POST', path: '/rest/agile/1.0/backlog/issue', body: JSON.stringify({ issues: keys }) },
    { kind: 'user', user: admin },
  );
  expect(moved.status).toBe(204);
  const empty = await plan('acc-alex', { boardId: BOARD, sprintId: FUTURE });
  expect(empty.mix.counts.total).toBe(0);
  expect(empty.mix.targets).toEqual([
    { type: 'debt', min: 0.1, max: 0.2, actual: 0, status: null, gap: null },
  ]);
});

const historySchema = z.object({
  sprints: z.array(
    z.object({
      sprint: z.object({ id: z.number(), name: z.string() }),
      source: z.string(),
      planned: mixCounts,
      completed: mixCounts,
      added: z.number(),
      removed: z.number(),
      notCompleted: z.number(),
    }),
  ),
  ledger: z
    .object({
      minimum: z.number(),
      rows: z.array(
        z.object({
          sprintName: z.string(),
          planned: z.object({ share: z.number(), payment: z.string() }),
          completed: z.object({ share: z.number(), payment: z.string() }),
        }),
      ),
    })
    .nullable(),
});

test('closed sprints: planned beside completed, from the final membership the archive keeps', async () => {
  const history = ok(historySchema).parse(
    await forge.invoke('getSprintHistory', { boardId: BOARD, sprints: 11 }, 'acc-alex'),
  ).data;
  expect(history.sprints.map((s) => s.sprint.name)).toEqual(
    [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10].map((n) => `2014 Sprint ${n} Alloy`),
  );
  // The archive has no changelog: membership at the start is unknown, and the answer says so.
  expect(new Set(history.sprints.map((s) => s.source))).toEqual(new Set(['final-membership']));
  // Removals cannot be known; a member created after its sprint started was added to it.
  expect(history.sprints.every((s) => s.removed === 0)).toBe(true);
  expect(history.sprints.some((s) => s.added > 0)).toBe(true);
  // Every member counted once, completed or not.
  for (const s of history.sprints) expect(s.completed.total + s.notCompleted).toBe(s.planned.total + s.added);
  expect(history.ledger?.rows.map((r) => r.sprintName)).toEqual(history.sprints.map((s) => s.sprint.name));
});

test('a Kanban board: the next work items of its backlog, in rank order, and the agreements due within two weeks', async () => {
  const boards = ok(z.object({ boards: z.array(z.object({ id: z.number(), type: z.string() })) })).parse(
    await forge.invoke('listBoards', { projectKey: 'AGPUSH' }, 'acc-admin'),
  ).data.boards;
  const kanban = boards.find((b) => b.type === 'kanban');
  expect(kanban).toBeDefined();
  const answer = z
    .object({
      ok: z.literal(true),
      data: z.object({
        sprints: z.array(z.unknown()),
        selection: z.object({ kind: z.literal('backlog'), next: z.number() }),
        mix: z.object({
          counts: mixCounts,
          items: z.array(z.object({ key: z.string() })),
          notFlowItems: z.number(),
        }),
        agreements: z.array(z.object({ key: z.string(), why: z.string() })),
      }),
    })
    .parse(await forge.invoke('getPlan', { boardId: kanban?.id, next: 10 }, 'acc-admin')).data;
  expect(answer.sprints).toEqual([]);
  expect(answer.selection).toEqual({ kind: 'backlog', next: 10 });
  // The backlog is the board's first column, in rank order (the emulator ranks by id).
  expect(answer.mix.counts.total + answer.mix.notFlowItems).toBe(10);
  expect(answer.mix.items.length).toBe(answer.mix.counts.total);
  // In Jira's rank order: the backlog's own first ten, sub-tasks left out.
  const admin = emulator.userById('acc-admin');
  if (admin === undefined) throw new Error('no admin');
  const backlog = await emulator.handle(
    { method: 'GET', path: `/rest/agile/1.0/board/${kanban?.id ?? 0}/backlog?maxResults=10&fields=summary` },
    { kind: 'user', user: admin },
  );
  const ranked = z.object({ issues: z.array(z.object({ key: z.string() })) }).parse(JSON.parse(backlog.body));
  const shown = new Set(answer.mix.items.map((i) => i.key));
  expect(answer.mix.items.map((i) => i.key)).toEqual(
    ranked.issues.map((i) => i.key).filter((k) => shown.has(k)),
  );
  // AGPUSH's overdue agreements are due at any planning (demo/README.md).
  expect(answer.agreements.some((a) => a.why === 'overdue')).toBe(true);
});
