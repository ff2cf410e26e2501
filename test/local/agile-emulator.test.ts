import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import type { EmulatedSite } from '../../src/local/emulator/site';
import { JiraWritesFile } from '../../src/local/preview/jira-writes';
import { AGPUSH_FILE, basic, emulatedSite, FIXTURES } from '../support/emulated-site';
import { openApiErrors } from '../support/openapi';

/**
 * Jira Software's boards and sprints over real sprint data: the Appcelerator archive's ALOY and
 * DAEMON, and the TIMOB work items of boards 219 and 124 (test/fixtures/appcelerator/compact-sprints),
 * counted here again from the fixture's own lines; and a Cloud site (jirametrics' SP, its Sprint
 * field) beside a space without sprints (AGPUSH), which gets a kanban board.
 */

const COMPACT = path.join(FIXTURES, 'appcelerator', 'compact-sprints', 'issues-compact-sprints.jsonl.gz');
const CLOUD_SP = path.join(FIXTURES, 'jirametrics-sample', 'cloud-sp');

const USERS = [
  { accountId: 'acc-admin', emailAddress: 'admin@example.com', displayName: 'Ada Admin', siteAdmin: true },
  // May see ALOY and DAEMON (board 219's location), and change ALOY only.
  {
    accountId: 'acc-aloy',
    emailAddress: 'aloy@example.com',
    displayName: 'Al Loy',
    browse: ['ALOY', 'DAEMON'],
    edit: ['ALOY'],
  },
  { accountId: 'acc-daemon', emailAddress: 'daemon@example.com', displayName: 'Dee Mon', browse: ['DAEMON'] },
  { accountId: 'acc-timob', emailAddress: 'timob@example.com', displayName: 'Tim Ob', browse: ['TIMOB'] },
];

const sprintRef = z.object({
  id: z.number(),
  name: z.string(),
  state: z.string(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
  completeDate: z.string().optional(),
  originBoardId: z.number().optional(),
});
const compactLine = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    status: z.object({ statusCategory: z.object({ key: z.string() }) }),
    sprint: sprintRef.nullish(),
    closedSprints: z.array(sprintRef).nullish(),
  }),
});

/** The fixture's lines, read apart from the emulator's loader. */
const lines = gunzipSync(readFileSync(COMPACT))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => compactLine.parse(JSON.parse(l)));
const sprintsOf = (l: z.infer<typeof compactLine>): z.infer<typeof sprintRef>[] => [
  ...(l.fields.closedSprints ?? []),
  ...(l.fields.sprint ? [l.fields.sprint] : []),
];
const membersInFixture = (sprintId: number): string[] =>
  lines.filter((l) => sprintsOf(l).some((s) => s.id === sprintId)).map((l) => l.key);

let site: EmulatedSite;
let emulator: JiraEmulator;
const NOW = Date.parse('2021-12-01T12:00:00Z');

beforeAll(async () => {
  site = await emulatedSite([COMPACT], USERS);
  emulator = new JiraEmulator(site, { clock: () => NOW });
});

async function as(
  who: string,
  method: string,
  p: string,
  body?: unknown,
  on: JiraEmulator = emulator,
): Promise<{ status: number; body: unknown }> {
  const r = await on.handle({
    method,
    path: p,
    headers: { authorization: basic(`${who}@example.com`, 'flow-ledger') },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: r.body === '' ? undefined : (JSON.parse(r.body) as unknown) };
}

const boardPage = z.object({
  maxResults: z.number(),
  startAt: z.number(),
  total: z.number(),
  isLast: z.boolean(),
  values: z.array(z.looseObject({ id: z.number(), name: z.string(), type: z.string() })),
});
const sprintPage = boardPage.extend({
  values: z.array(sprintRef.extend({ self: z.string(), goal: z.string() })),
});
const issuePage = z.object({
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  issues: z.array(z.object({ id: z.string(), key: z.string(), fields: z.record(z.string(), z.unknown()) })),
});

async function ok(who: string, p: string, operation: string): Promise<unknown> {
  const r = await as(who, 'GET', p);
  expect({ path: p, status: r.status }).toEqual({ path: p, status: 200 });
  expect(openApiErrors(operation, r.body)).toEqual([]);
  return r.body;
}

async function allIssues(who: string, p: string, on: JiraEmulator = emulator): Promise<string[]> {
  const keys: string[] = [];
  for (let startAt = 0; ;) {
    const r = await as(
      who,
      'GET',
      `${p}${p.includes('?') ? '&' : '?'}startAt=${startAt}&maxResults=100`,
      undefined,
      on,
    );
    const page = issuePage.parse(r.body);
    keys.push(...page.issues.map((i) => i.key));
    startAt += page.issues.length;
    if (page.issues.length === 0 || startAt >= page.total) return keys;
  }
}

describe('boards (GET /rest/agile/1.0/board…)', () => {
  test('a scrum board per board of the data, named after its sprints or its spaces, located in the space with most items', async () => {
    const page = boardPage.parse(await ok('admin', '/rest/agile/1.0/board', 'GET /rest/agile/1.0/board'));
    const byId = new Map(page.values.map((b) => [b.id, b]));
    // Every sprint of board 124 is "… Alloy"; board 219's end in several words, or none, and
    // board 199 has the same three spaces, so each is told by its number.
    expect(byId.get(124)).toMatchObject({ name: 'Alloy board', type: 'scrum' });
    expect(byId.get(219)).toMatchObject({
      name: 'ALOY, DAEMON, TIMOB board 219',
      type: 'scrum',
      location: { projectKey: 'DAEMON', projectTypeKey: 'software' },
    });
    const one = await ok('admin', '/rest/agile/1.0/board/219', 'GET /rest/agile/1.0/board/{boardId}');
    expect(one).toEqual(byId.get(219));
  });

  test('pages with startAt, total and isLast; maxResults is capped at 50', async () => {
    const all = boardPage.parse((await as('admin', 'GET', '/rest/agile/1.0/board?maxResults=500')).body);
    expect(all.maxResults).toBe(50);
    const first = boardPage.parse((await as('admin', 'GET', '/rest/agile/1.0/board?maxResults=3')).body);
    expect(first).toMatchObject({ startAt: 0, maxResults: 3, total: all.total, isLast: false });
    const last = boardPage.parse(
      (await as('admin', 'GET', `/rest/agile/1.0/board?maxResults=3&startAt=${all.total - 2}`)).body,
    );
    expect(last.values).toHaveLength(2);
    expect(last.isLast).toBe(true);
    const scrum = boardPage.parse((await as('admin', 'GET', '/rest/agile/1.0/board?type=kanban')).body);
    expect(scrum.values).toEqual([]);
    const named = boardPage.parse((await as('admin', 'GET', '/rest/agile/1.0/board?name=daemon')).body);
    expect(named.values.every((b) => b.name.includes('DAEMON'))).toBe(true);
  });

  test('the configuration: filter, Jira default columns by category, no estimation, rank field', async () => {
    const config = z
      .looseObject({
        columnConfig: z.object({
          columns: z.array(z.object({ name: z.string(), statuses: z.array(z.object({ id: z.string() })) })),
          constraintType: z.string(),
        }),
        estimation: z.object({ type: z.string() }),
        location: z.object({ type: z.string(), key: z.string() }),
      })
      .parse(
        await ok(
          'admin',
          '/rest/agile/1.0/board/124/configuration',
          'GET /rest/agile/1.0/board/{boardId}/configuration',
        ),
      );
    expect(config.columnConfig.columns.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Done']);
    expect(config.estimation).toEqual({ type: 'none' });
    expect(config.location).toMatchObject({ type: 'project', key: 'ALOY' });
    const done = config.columnConfig.columns[2]?.statuses.map((s) => s.id).sort();
    expect(done).toEqual(['5', '6']);
  });
});

describe('sprints', () => {
  test('board 124 has the 13 closed sprints of the data, with their real names and dates', async () => {
    const page = sprintPage.parse(
      await ok('admin', '/rest/agile/1.0/board/124/sprint', 'GET /rest/agile/1.0/board/{boardId}/sprint'),
    );
    const expected = new Map<number, z.infer<typeof sprintRef>>();
    for (const l of lines) for (const s of sprintsOf(l)) if (s.originBoardId === 124) expected.set(s.id, s);
    expect(page.total).toBe(13);
    expect(page.values.map((s) => ({ ...s, self: undefined, goal: undefined }))).toEqual(
      expect.arrayContaining([...expected.values()].map((s) => ({ ...s, self: undefined, goal: undefined }))),
    );
    expect(page.values.every((s) => s.state === 'closed')).toBe(true);
    const sprint = await ok('admin', '/rest/agile/1.0/sprint/117', 'GET /rest/agile/1.0/sprint/{sprintId}');
    expect(sprint).toMatchObject({
      id: 117,
      name: '2014 Sprint 11 Alloy',
      state: 'closed',
      startDate: '2014-05-27T16:00:55.737Z',
      completeDate: '2014-06-09T14:18:58.490Z',
      originBoardId: 124,
    });
  });

  test('state filters a board’s sprints; board 219 has 33 closed and 1 active', async () => {
    const closed = sprintPage.parse(
      (await as('admin', 'GET', '/rest/agile/1.0/board/219/sprint?state=closed')).body,
    );
    const active = sprintPage.parse(
      (await as('admin', 'GET', '/rest/agile/1.0/board/219/sprint?state=future,active')).body,
    );
    expect([closed.total, active.total]).toEqual([33, 1]);
    expect(active.values[0]).toMatchObject({ id: 1231, name: '2021 Sprint 21', state: 'active' });
  });

  test('each sprint’s members equal the fixture’s own count (sprint 117: 17 ALOY items)', async () => {
    expect(membersInFixture(117)).toHaveLength(17);
    expect(membersInFixture(117).every((k) => k.startsWith('ALOY-'))).toBe(true);
    const ids = new Set<number>();
    for (const l of lines)
      for (const s of sprintsOf(l)) if ([124, 219].includes(s.originBoardId ?? 0)) ids.add(s.id);
    for (const id of ids) {
      const keys = await allIssues('admin', `/rest/agile/1.0/sprint/${id}/issue`);
      expect({ id, keys: [...keys].sort() }).toEqual({ id, keys: membersInFixture(id).sort() });
    }
    const r = await as(
      'admin',
      'GET',
      '/rest/agile/1.0/sprint/117/issue?fields=summary,status,customfield_10020',
    );
    expect(openApiErrors('GET /rest/agile/1.0/sprint/{sprintId}/issue', r.body)).toEqual([]);
  });
});

describe('work items of boards, sprints and backlogs', () => {
  test('in rank order (the id), 100 a page at most, narrowed by JQL', async () => {
    const body = await ok(
      'admin',
      '/rest/agile/1.0/board/219/issue?maxResults=1000&fields=status',
      'GET /rest/agile/1.0/board/{boardId}/issue',
    );
    const page = issuePage.parse(body);
    expect(page.maxResults).toBe(100);
    expect(page.total).toBe(lines.length);
    const ids = page.issues.map((i) => Number(i.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const timob = await allIssues('admin', '/rest/agile/1.0/board/219/issue?jql=project%20%3D%20TIMOB');
    expect(timob).toHaveLength(lines.filter((l) => l.key.startsWith('TIMOB-')).length);
  });

  test('a scrum backlog: the filter’s items in no open sprint and not done, by id', async () => {
    const body = await ok(
      'admin',
      '/rest/agile/1.0/board/124/backlog?fields=status',
      'GET /rest/agile/1.0/board/{boardId}/backlog',
    );
    expect(issuePage.parse(body).maxResults).toBe(50);
    const keys = await allIssues('admin', '/rest/agile/1.0/board/124/backlog');
    const expected = lines
      .filter(
        (l) =>
          l.key.startsWith('ALOY-') &&
          l.fields.status.statusCategory.key !== 'done' &&
          !sprintsOf(l).some((s) => s.state !== 'closed'),
      )
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((l) => l.key);
    expect(keys).toEqual(expected);
  });

  test('a board over three spaces shows a person who may see one of them only that one’s items', async () => {
    const keys = await allIssues('daemon', '/rest/agile/1.0/board/219/issue');
    expect(keys).toHaveLength(lines.filter((l) => l.key.startsWith('DAEMON-')).length);
    const inSprint = await allIssues('daemon', '/rest/agile/1.0/sprint/1231/issue');
    expect(inSprint.every((k) => k.startsWith('DAEMON-'))).toBe(true);
    expect(inSprint).toHaveLength(membersInFixture(1231).filter((k) => k.startsWith('DAEMON-')).length);
  });

  test('a board or sprint whose location the person may not browse answers as one that does not exist', async () => {
    for (const [hidden, absent] of [
      ['/rest/agile/1.0/board/124', '/rest/agile/1.0/board/99999'],
      ['/rest/agile/1.0/board/124/configuration', '/rest/agile/1.0/board/99999/configuration'],
      ['/rest/agile/1.0/board/124/sprint', '/rest/agile/1.0/board/99999/sprint'],
      ['/rest/agile/1.0/board/124/backlog', '/rest/agile/1.0/board/99999/backlog'],
      ['/rest/agile/1.0/sprint/117', '/rest/agile/1.0/sprint/999999'],
      ['/rest/agile/1.0/sprint/117/issue', '/rest/agile/1.0/sprint/999999/issue'],
    ] as const) {
      const a = await as('timob', 'GET', hidden);
      const b = await as('timob', 'GET', absent);
      expect(a.status).toBe(404);
      expect(a).toEqual(b);
    }
    expect((await as('timob', 'GET', '/rest/agile/1.0/board/124')).body).toEqual({
      errorMessages: ['Board does not exist or you do not have permission to see it.'],
      errors: {},
    });
    const listed = boardPage.parse((await as('timob', 'GET', '/rest/agile/1.0/board')).body);
    expect(listed.values.map((b) => b.id)).not.toContain(124);
  });
});

describe('moving work items (POST /rest/agile/1.0/sprint/{id}/issue, /backlog/issue)', () => {
  const sprintValue = z.object({
    fields: z.object({ customfield_10020: z.array(z.object({ id: z.number() })).nullable() }),
    changelog: z.object({
      histories: z.array(
        z.object({
          author: z.object({ accountId: z.string() }).optional(),
          items: z.array(z.looseObject({ field: z.string() })),
        }),
      ),
    }),
  });
  const read = async (key: string): Promise<z.infer<typeof sprintValue>> =>
    sprintValue.parse(
      (await as('admin', 'GET', `/rest/api/3/issue/${key}?fields=customfield_10020&expand=changelog`)).body,
    );

  test('into a sprint: a Sprint history by the caller, the membership, the backlog and `updated` follow', async () => {
    const backlog = await allIssues('admin', '/rest/agile/1.0/board/219/backlog?jql=project%20%3D%20ALOY');
    const key = backlog[0] ?? '';
    const closedBefore = (await read(key)).fields.customfield_10020 ?? [];
    const r = await as('aloy', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: [key] });
    expect(r.status).toBe(204);
    const after = await read(key);
    expect(after.fields.customfield_10020?.map((s) => s.id)).toEqual([
      ...closedBefore.map((s) => s.id),
      1231,
    ]);
    expect(after.changelog.histories[0]).toMatchObject({
      author: { accountId: 'acc-aloy' },
      items: [
        {
          field: 'Sprint',
          fieldId: 'customfield_10020',
          from: closedBefore.map((s) => s.id).join(', '),
          to: [...closedBefore.map((s) => s.id), 1231].join(', '),
          toString: expect.stringContaining('2021 Sprint 21'),
        },
      ],
    });
    expect(await allIssues('admin', '/rest/agile/1.0/sprint/1231/issue')).toContain(key);
    expect(await allIssues('admin', '/rest/agile/1.0/board/219/backlog')).not.toContain(key);
    const updated = z
      .object({ fields: z.object({ updated: z.string() }) })
      .parse((await as('admin', 'GET', `/rest/api/3/issue/${key}?fields=updated`)).body);
    expect(updated.fields.updated).toBe('2021-12-01T12:00:00.000+0000');

    // Back to the backlog: the open sprint goes, the closed ones stay.
    expect((await as('aloy', 'POST', '/rest/agile/1.0/backlog/issue', { issues: [key] })).status).toBe(204);
    const back = await read(key);
    expect(back.fields.customfield_10020?.map((s) => s.id) ?? []).toEqual(closedBefore.map((s) => s.id));
    expect(back.changelog.histories[0]?.items[0]).toMatchObject({
      field: 'Sprint',
      to: closedBefore.map((s) => s.id).join(', '),
    });
    expect(await allIssues('admin', '/rest/agile/1.0/board/219/backlog')).toContain(key);
  });

  test('403 without the right to edit, and nothing moves; 400 for a closed sprint, an unknown item, over 50', async () => {
    const aloy =
      (await allIssues('admin', '/rest/agile/1.0/board/219/backlog?jql=project%20%3D%20ALOY'))[1] ?? '';
    const daemon =
      (await allIssues('admin', '/rest/agile/1.0/board/219/backlog?jql=project%20%3D%20DAEMON'))[0] ?? '';
    const before = [await read(aloy), await read(daemon)];
    const refused = await as('aloy', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: [aloy, daemon] });
    expect(refused.status).toBe(403);
    expect([await read(aloy), await read(daemon)]).toEqual(before);
    expect((await as('aloy', 'POST', '/rest/agile/1.0/sprint/117/issue', { issues: [aloy] })).status).toBe(
      400,
    );
    expect(
      (await as('aloy', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: ['ALOY-999999'] })).status,
    ).toBe(400);
    const many = Array.from({ length: 51 }, (_, i) => `ALOY-${i + 1}`);
    expect((await as('admin', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: many })).status).toBe(
      400,
    );
    expect((await as('admin', 'POST', '/rest/agile/1.0/backlog/issue', { issues: many })).status).toBe(400);
    expect([await read(aloy), await read(daemon)]).toEqual(before);
    // Board 219's filter names TIMOB, so its sprint is shown to the TIMOB reader (as Jira shares a
    // board's filter with its spaces' members); ALOY's work item is not theirs to see: 400.
    expect((await as('timob', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: [aloy] })).status).toBe(
      400,
    );
    expect([await read(aloy), await read(daemon)]).toEqual(before);
  });
});

describe('the Sprint field (customfield_10020) and a Cloud site', () => {
  test('listed as Jira Cloud lists it, and served in the Cloud shape for the archive’s agile-shaped sprints', async () => {
    const fields = z
      .array(z.looseObject({ id: z.string() }))
      .parse((await as('admin', 'GET', '/rest/api/3/field')).body);
    expect(fields.find((f) => f.id === 'customfield_10020')).toMatchObject({
      name: 'Sprint',
      custom: true,
      schema: {
        type: 'array',
        items: 'json',
        custom: 'com.pyxis.greenhopper.jira:gh-sprint',
        customId: 10020,
      },
    });
    const key = membersInFixture(117)[0] ?? '';
    const r = await as('admin', 'POST', '/rest/api/3/search/jql', {
      jql: `key = ${key}`,
      fields: ['customfield_10020'],
    });
    expect(openApiErrors('POST /rest/api/3/search/jql', r.body)).toEqual([]);
    expect(JSON.stringify(r.body)).toContain(
      '"id":117,"name":"2014 Sprint 11 Alloy","state":"closed","boardId":124',
    );
  });

  test('jirametrics’ SP items (sprint 3 of board 2) are served; a space without sprints gets a kanban board', async () => {
    const files = ['SP-1.json', 'SP-2.json', 'SP-10.json', 'SP-13.json', 'SP-14.json', 'SP-15.json'].map(
      (f) => path.join(CLOUD_SP, f),
    );
    const cloud = new JiraEmulator(await emulatedSite([...files, AGPUSH_FILE], USERS), { clock: () => NOW });
    const page = boardPage.parse((await as('admin', 'GET', '/rest/agile/1.0/board', undefined, cloud)).body);
    expect(page.values.map((b) => [b.id, b.name, b.type])).toEqual([
      [2, 'SP board', 'scrum'],
      [3, 'AGPUSH board', 'kanban'],
    ]);
    expect(await allIssues('admin', '/rest/agile/1.0/sprint/3/issue', cloud)).toEqual([
      'SP-13',
      'SP-14',
      'SP-15',
    ]);
    const sprint = (await as('admin', 'GET', '/rest/agile/1.0/sprint/3', undefined, cloud)).body;
    expect(sprint).toMatchObject({
      id: 3,
      name: 'Scrum Sprint 3',
      state: 'active',
      originBoardId: 2,
      goal: '',
    });
    expect(openApiErrors('GET /rest/agile/1.0/sprint/{sprintId}', sprint)).toEqual([]);

    const kanbanSprints = await as('admin', 'GET', '/rest/agile/1.0/board/3/sprint', undefined, cloud);
    expect(kanbanSprints).toEqual({
      status: 400,
      body: { errorMessages: ['The board does not support sprints'], errors: {} },
    });
    const config = await as('admin', 'GET', '/rest/agile/1.0/board/3/configuration', undefined, cloud);
    expect(openApiErrors('GET /rest/agile/1.0/board/{boardId}/configuration', config.body)).toEqual([]);
    const columns = z
      .object({
        columnConfig: z.object({
          columns: z.array(z.object({ statuses: z.array(z.object({ id: z.string() })) })),
        }),
      })
      .parse(config.body).columnConfig.columns;
    const firstColumn = new Set(columns[0]?.statuses.map((s) => s.id));
    const backlog = await as(
      'admin',
      'GET',
      '/rest/agile/1.0/board/3/backlog?fields=status&maxResults=100',
      undefined,
      cloud,
    );
    expect(openApiErrors('GET /rest/agile/1.0/board/{boardId}/backlog', backlog.body)).toEqual([]);
    const items = z
      .object({
        total: z.number(),
        issues: z.array(z.object({ fields: z.object({ status: z.object({ id: z.string() }) }) })),
      })
      .parse(backlog.body);
    expect(items.total).toBeGreaterThan(0);
    expect(items.issues.every((i) => firstColumn.has(i.fields.status.id))).toBe(true);
  });
});

describe('the preview keeps sprint moves across a restart (src/local/preview/jira-writes.ts)', () => {
  test('a work item moved into a sprint is in it again after a restart, and out of it after a move back', async () => {
    const file = path.join(
      mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-writes-')),
      'site.jira-writes.json',
    );
    const start = async (): Promise<JiraEmulator> => {
      const fresh = await emulatedSite([COMPACT], USERS);
      new JiraWritesFile(file, fresh);
      return new JiraEmulator(fresh, { clock: () => NOW });
    };
    const first = await start();
    const key = (await allIssues('admin', '/rest/agile/1.0/board/124/backlog', first))[0] ?? '';
    expect(
      (await as('admin', 'POST', '/rest/agile/1.0/sprint/1231/issue', { issues: [key] }, first)).status,
    ).toBe(204);
    const second = await start();
    expect(await allIssues('admin', '/rest/agile/1.0/sprint/1231/issue', second)).toContain(key);
    expect(await allIssues('admin', '/rest/agile/1.0/board/124/backlog', second)).not.toContain(key);
    expect(
      (await as('admin', 'POST', '/rest/agile/1.0/backlog/issue', { issues: [key] }, second)).status,
    ).toBe(204);
    const third = await start();
    expect(await allIssues('admin', '/rest/agile/1.0/sprint/1231/issue', third)).not.toContain(key);
    expect(await allIssues('admin', '/rest/agile/1.0/board/124/backlog', third)).toContain(key);
  });
});
