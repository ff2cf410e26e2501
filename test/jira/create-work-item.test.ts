import { z } from 'zod';
import { DomainError } from '../../src/domain/errors';
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from '../../src/jira/http';
import { createWorkItem, getIssue, getMyPermissions } from '../../src/jira/jira-api';
import { JiraClient } from '../../src/jira/jira-client';
import { searchIssues } from '../../src/jira/jira-search';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { basic, call, emulatedSite, newEmulator, USERS } from '../support/emulated-site';
import { openApiErrors } from '../support/openapi';

/**
 * Creating a work item as the person (the monthly review's decisions): `createWorkItem` against
 * the emulator's `POST /rest/api/3/issue`, which answers as Jira Cloud does.
 */

let emulator: JiraEmulator;

beforeEach(async () => {
  emulator = newEmulator(await emulatedSite());
});

/** Jira as one of USERS, in process: the emulator authenticates the Basic header as over HTTP. */
function jiraAs(who: string): JiraClient {
  const user = USERS.find((u) => u.emailAddress.startsWith(`${who}@`));
  if (user === undefined) throw new Error(`no user ${who}`);
  const transport: JiraTransport = async (request: JiraHttpRequest): Promise<JiraHttpResponse> => {
    const r = await emulator.handle({
      method: request.method,
      path: request.path,
      headers: { authorization: basic(user.emailAddress, user.apiToken) },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    return { status: r.status, text: r.body, header: (name) => r.headers[name.toLowerCase()] ?? null };
  };
  return new JiraClient(transport, { deadline: Date.now() + 20_000 });
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const reporterSchema = z.object({ reporter: z.object({ accountId: z.string() }), summary: z.string() });

test('created as the person, then found by key and by JQL, in the status new Tasks start in', async () => {
  const summary = 'Split the review backlog before March';
  const created = await createWorkItem(jiraAs('dev'), {
    projectKey: 'AGPUSH',
    summary: `  ${summary} `,
    issueTypeName: 'Task',
  });
  // AGPUSH's keys reach AGPUSH-200 and its ids 12497180: the next of each.
  expect(created).toEqual({ id: '12497181', key: 'AGPUSH-201' });

  const read = await getIssue(jiraAs('dev'), created.key);
  expect(read?.fields).toMatchObject({
    summary,
    issuetype: { name: 'Task' },
    project: { key: 'AGPUSH' },
    status: { name: 'Open', statusCategory: { key: 'new' } },
    resolution: null,
    created: Date.parse('2016-10-12T12:00:00Z'),
  });
  const whole = await call(emulator, 'dev', 'GET', `/rest/api/3/issue/${created.key}`);
  expect(openApiErrors('GET /rest/api/3/issue/{issueIdOrKey}', whole.body)).toEqual([]);
  const fields = z.object({
    fields: reporterSchema.extend({ creator: z.object({ accountId: z.string() }) }),
  });
  expect(fields.parse(whole.body).fields).toMatchObject({
    reporter: { accountId: 'acc-dev' },
    creator: { accountId: 'acc-dev' },
  });

  const found = await searchIssues(jiraAs('dev'), {
    jql: `project = AGPUSH AND summary ~ "review backlog" AND statusCategory = "To Do"`,
  });
  expect(found.map((i) => i.key)).toEqual([created.key]);
  // Another person who may browse the space finds it too; one who may not, does not.
  expect((await searchIssues(jiraAs('reader'), { jql: `key = ${created.key}` })).length).toBe(1);
  expect(await getIssue(jiraAs('outsider'), created.key)).toBeNull();
  expect(emulator.log.find((e) => e.method === 'POST' && e.endpoint === '/rest/api/3/issue')).toMatchObject({
    status: 201,
    actor: 'dev@example.com',
  });
});

test("Jira's 201 answer matches the OpenAPI CreatedIssue schema", async () => {
  const r = await call(emulator, 'admin', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { id: '12313724' },
      summary: 'Look again at the waiting in review',
      issuetype: { name: 'Story' },
      labels: ['monthly-review', 'monthly-review'],
      description: { type: 'doc', version: 1, content: [] },
    },
  });
  expect(r.status).toBe(201);
  expect(openApiErrors('POST /rest/api/3/issue', r.body)).toEqual([]);
  const body = z.object({ id: z.string(), key: z.string(), self: z.string() }).parse(r.body);
  expect(body.self).toBe(`${emulator.baseUrl}/rest/api/3/issue/${body.id}`);
  const read = await call(emulator, 'admin', 'GET', `/rest/api/3/issue/${body.key}?fields=labels,issuetype`);
  expect(read.body).toMatchObject({ fields: { labels: ['monthly-review'], issuetype: { name: 'Story' } } });
});

test('an empty or a 300-character summary is INVALID_INPUT naming the summary, before Jira is asked', async () => {
  for (const summary of ['', '   ', 'x'.repeat(300), 'two\nlines']) {
    const e = await refusal(
      createWorkItem(jiraAs('dev'), { projectKey: 'AGPUSH', summary, issueTypeName: 'Task' }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/summary/i);
    expect(Object.keys(e.fields ?? {})).toEqual(['summary']);
  }
  expect(emulator.log).toEqual([]);
  // 255 characters is still a summary Jira takes.
  const longest = await createWorkItem(jiraAs('dev'), {
    projectKey: 'AGPUSH',
    summary: 'y'.repeat(255),
    issueTypeName: 'Task',
  });
  expect(longest.key).toBe('AGPUSH-201');
});

test("the emulator refuses a blank or too long summary as Jira does, in Jira's words", async () => {
  const create = (summary: unknown) =>
    call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'AGPUSH' }, summary, issuetype: { name: 'Task' } },
    });
  expect(await create('  ')).toMatchObject({
    status: 400,
    body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
  });
  expect(await create('x'.repeat(256))).toMatchObject({
    status: 400,
    body: { errorMessages: [], errors: { summary: "Summary can't exceed 255 characters." } },
  });
  expect(await create('two\nlines')).toMatchObject({
    status: 400,
    body: { errors: { summary: 'The summary is invalid because it contains newline characters.' } },
  });
  expect(await create(42)).toMatchObject({
    status: 400,
    body: { errors: { summary: 'Operation value must be a string' } },
  });
  // Every wrong field is named in the one answer.
  const both = await call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'AGPUSH' } },
  });
  expect(both.body).toEqual({
    errorMessages: [],
    errors: { summary: 'You must specify a summary of the issue.', issuetype: 'Specify an issue type' },
  });
  expect(emulator.site.issue('AGPUSH-201')).toBeUndefined();
});

test('a space the person may not browse is refused exactly as one that does not exist', async () => {
  // dev may browse AGPUSH only; AEROGEAR exists.
  const hidden = await refusal(
    createWorkItem(jiraAs('dev'), { projectKey: 'AEROGEAR', summary: 'Peek', issueTypeName: 'Task' }),
  );
  const absent = await refusal(
    createWorkItem(jiraAs('dev'), { projectKey: 'NOPE', summary: 'Peek', issueTypeName: 'Task' }),
  );
  expect(hidden.code).toBe('NOT_FOUND');
  expect(hidden.message).toBe('No space AEROGEAR exists, or you may not see it.');
  expect({
    code: absent.code,
    message: absent.message.replace('NOPE', 'AEROGEAR'),
    fields: absent.fields,
  }).toEqual({
    code: hidden.code,
    message: hidden.message,
    fields: hidden.fields,
  });

  // Jira's own answers are the same, byte for byte.
  const raw = async (key: string) => {
    const r = await call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
      fields: { project: { key }, summary: 'Peek', issuetype: { name: 'Task' } },
    });
    return { status: r.status, body: r.response.body };
  };
  expect(await raw('AEROGEAR')).toEqual(await raw('NOPE'));
  expect(await raw('AEROGEAR')).toEqual({
    status: 400,
    body: JSON.stringify({ errorMessages: [], errors: { project: 'Specify a valid project ID or key' } }),
  });
  expect(emulator.site.issue('AEROGEAR-203')).toBeUndefined();
});

test('a space the person may browse but not create in is NOT_PERMITTED (Jira: 403)', async () => {
  expect(await getMyPermissions(jiraAs('reader'), ['CREATE_ISSUES'], { projectKey: 'AGPUSH' })).toMatchObject(
    {
      CREATE_ISSUES: false,
    },
  );
  expect(await getMyPermissions(jiraAs('dev'), ['CREATE_ISSUES'], { projectKey: 'AGPUSH' })).toMatchObject({
    CREATE_ISSUES: true,
  });
  const e = await refusal(
    createWorkItem(jiraAs('reader'), { projectKey: 'AGPUSH', summary: 'Mine', issueTypeName: 'Task' }),
  );
  expect({ code: e.code, message: e.message }).toEqual({
    code: 'NOT_PERMITTED',
    message: 'You may not create work items in space AGPUSH.',
  });
  const raw = await call(emulator, 'reader', 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'AGPUSH' }, summary: 'Mine', issuetype: { name: 'Task' } },
  });
  expect(raw).toMatchObject({
    status: 403,
    body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} },
  });
  // The space's lead (an administrator of it) may.
  expect(
    (await createWorkItem(jiraAs('lead'), { projectKey: 'AGPUSH', summary: 'Mine', issueTypeName: 'Task' }))
      .key,
  ).toBe('AGPUSH-201');
});

test('a work type the space lacks, or a sub-task type, is INVALID_INPUT naming the work type', async () => {
  for (const issueTypeName of ['Incident', 'Sub-task']) {
    const e = await refusal(
      createWorkItem(jiraAs('dev'), { projectKey: 'AGPUSH', summary: 'S', issueTypeName }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain(`work type "${issueTypeName}"`);
    expect(Object.keys(e.fields ?? {})).toEqual(['issueTypeName']);
  }
  const subtask = await call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'AGPUSH' }, summary: 'S', issuetype: { name: 'Sub-task' } },
  });
  expect(subtask.body).toEqual({
    errorMessages: [],
    errors: { issuetype: 'Issue type is a sub-task but parent issue key or id not specified.' },
  });
});

test('a field the create does not take is refused by name, and nothing is created', async () => {
  const r = await call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'AGPUSH' },
      summary: 'With a priority',
      issuetype: { name: 'Task' },
      priority: { name: 'Major' },
      customfield_10021: [{ value: 'Impediment' }],
    },
  });
  expect(r.status).toBe(400);
  expect(r.body).toEqual({
    errorMessages: [],
    errors: {
      priority: "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.",
      customfield_10021:
        "Field 'customfield_10021' cannot be set. It is not on the appropriate screen, or unknown.",
    },
  });
  const description = await call(emulator, 'dev', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'AGPUSH' },
      summary: 'Plain text',
      issuetype: { name: 'Task' },
      description: 'text',
    },
  });
  expect(description).toMatchObject({ status: 400, body: { errors: { description: expect.any(String) } } });
  expect(emulator.site.issue('AGPUSH-201')).toBeUndefined();
});

test('two created at once get two keys, past every key of the data', async () => {
  const jira = jiraAs('dev');
  const [a, b] = await Promise.all([
    createWorkItem(jira, { projectKey: 'AGPUSH', summary: 'First decision', issueTypeName: 'Task' }),
    createWorkItem(jira, { projectKey: 'AGPUSH', summary: 'Second decision', issueTypeName: 'Story' }),
  ]);
  expect(new Set([a.key, b.key])).toEqual(new Set(['AGPUSH-201', 'AGPUSH-202']));
  expect(a.id).not.toBe(b.id);
  const found = await searchIssues(jira, { jql: 'project = AGPUSH AND summary ~ "decision"' });
  expect(found.map((i) => `${i.key} ${i.fields.summary ?? ''}`).sort()).toEqual(
    [`${a.key} First decision`, `${b.key} Second decision`].sort(),
  );
});

test('the app itself (asApp) creates in any space, and is the reporter', async () => {
  const r = await emulator.handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      body: JSON.stringify({
        fields: { project: { key: 'AEROGEAR' }, summary: 'From the app', issuetype: { name: 'Task' } },
      }),
    },
    { kind: 'app' },
  );
  expect(r.status).toBe(201);
  const { key } = z.object({ key: z.string() }).parse(JSON.parse(r.body));
  expect(key).toBe('AEROGEAR-203');
  expect(emulator.site.issue(key)?.fields.reporter).toMatchObject({
    accountId: 'flow-ledger-app',
    accountType: 'app',
  });
});
