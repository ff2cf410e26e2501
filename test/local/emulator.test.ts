import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import type { EmulatedSite } from '../../src/local/emulator/site';
import { openApiErrors } from '../support/openapi';
import { AGPUSH_FILE, call, emulatedSite, newEmulator } from '../support/emulated-site';

let site: EmulatedSite;
let emulator: JiraEmulator;

beforeAll(async () => {
  site = await emulatedSite();
  emulator = newEmulator(site);
});

const searchPage = z.object({
  issues: z.array(z.looseObject({ id: z.string(), key: z.string().optional() })),
  nextPageToken: z.string().optional(),
  isLast: z.boolean(),
});

/** The default admin of a site without users.json. */
const asDefaultAdmin = (e: JiraEmulator, method: string, p: string): Promise<number> =>
  e
    .handle({
      method,
      path: p,
      headers: { authorization: `Basic ${Buffer.from('admin@example.com:flow-ledger').toString('base64')}` },
    })
    .then((r) => r.status);

async function search(jql: string, who = 'admin', extra: object = {}): Promise<z.infer<typeof searchPage>> {
  const r = await call(emulator, who, 'POST', '/rest/api/3/search/jql', {
    jql,
    fields: ['key', 'status'],
    maxResults: 100,
    ...extra,
  });
  if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return searchPage.parse(r.body);
}

async function allKeys(jql: string, who = 'admin'): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await search(jql, who, token === undefined ? {} : { nextPageToken: token });
    keys.push(...page.issues.map((i) => i.key ?? ''));
    token = page.nextPageToken;
  } while (token !== undefined);
  return keys;
}

describe('search (POST /rest/api/3/search/jql)', () => {
  test('pages by token, without a total, 100 issues at most when fields are asked for', async () => {
    const first = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
      jql: 'project = AGPUSH',
      fields: ['summary'],
      maxResults: 500,
    });
    const page = searchPage.parse(first.body);
    expect(page.issues).toHaveLength(100);
    expect(page.isLast).toBe(false);
    expect(first.body).not.toHaveProperty('total');
    expect(openApiErrors('POST /rest/api/3/search/jql', first.body)).toEqual([]);
    const second = searchPage.parse(
      (
        await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
          jql: 'project = AGPUSH',
          fields: ['summary'],
          maxResults: 500,
          nextPageToken: page.nextPageToken,
        })
      ).body,
    );
    expect(second.issues).toHaveLength(76);
    expect(second.isLast).toBe(true);
    expect(second.nextPageToken).toBeUndefined();
  });

  test('50 a page by default, ids only unless fields are asked for, up to 5000 ids a page', async () => {
    const byDefault = searchPage.parse(
      (await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', { jql: 'project = AGPUSH' })).body,
    );
    expect(byDefault.issues).toHaveLength(50);
    expect(Object.keys(byDefault.issues[0] ?? {})).toEqual(['id']);
    const ids = searchPage.parse(
      (
        await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
          jql: 'project in (AGPUSH, AEROGEAR)',
          fields: ['id'],
          maxResults: 5000,
        })
      ).body,
    );
    expect(ids.issues).toHaveLength(376);
  });

  test('GET takes the same parameters as query strings', async () => {
    const r = await call(
      emulator,
      'admin',
      'GET',
      '/rest/api/3/search/jql?jql=key%20%3D%20AGPUSH-179&fields=status,labels&expand=changelog&properties=tech-debt-agreement',
    );
    expect(r.status).toBe(200);
    expect(openApiErrors('GET /rest/api/3/search/jql', r.body)).toEqual([]);
    const issue = z
      .object({
        issues: z.array(
          z.object({
            key: z.string(),
            fields: z.record(z.string(), z.unknown()),
            changelog: z.object({ total: z.number(), histories: z.array(z.object({ created: z.string() })) }),
          }),
        ),
      })
      .parse(r.body).issues[0];
    expect(issue?.key).toBe('AGPUSH-179');
    expect(Object.keys(issue?.fields ?? {}).sort()).toEqual(['labels', 'status']);
    // Cloud lists histories newest first.
    const created =
      issue?.changelog.histories.map((h) => Date.parse(h.created.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))) ??
      [];
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  test('a token from another query is refused', async () => {
    const page = searchPage.parse(
      (
        await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
          jql: 'project = AGPUSH',
          fields: ['summary'],
        })
      ).body,
    );
    const r = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
      jql: 'project = AEROGEAR',
      fields: ['summary'],
      nextPageToken: page.nextPageToken,
    });
    expect(r.status).toBe(400);
  });

  test.each([
    ['GET', '/rest/api/3/search?jql=project=AGPUSH'],
    ['POST', '/rest/api/3/search'],
    ['GET', '/rest/api/2/search?jql=project=AGPUSH'],
    ['POST', '/rest/api/2/search'],
  ])("the removed %s %s answers 410 Gone with Jira's message", async (method, p) => {
    const r = await call(
      emulator,
      'admin',
      method,
      p,
      method === 'POST' ? { jql: 'project = AGPUSH' } : undefined,
    );
    expect(r.status).toBe(410);
    expect(r.body).toEqual({
      errorMessages: [expect.stringContaining('/rest/api/3/search/jql')],
      errors: {},
    });
  });

  test('approximate count', async () => {
    const r = await call(emulator, 'admin', 'POST', '/rest/api/3/search/approximate-count', {
      jql: 'project = AGPUSH AND issuetype = Bug',
    });
    expect(r.body).toEqual({ count: 13 });
    expect(openApiErrors('POST /rest/api/3/search/approximate-count', r.body)).toEqual([]);
  });
});

describe('JQL (Atlassian grammar)', () => {
  test.each<[string, number]>([
    ['project = AGPUSH', 176],
    ['project = "AeroGear Push"', 176],
    ['project in (AGPUSH, AEROGEAR)', 376],
    ['project = AGPUSH AND issuetype = Bug', 13],
    ['project = AGPUSH AND issuetype in (Bug, Epic)', 24],
    ['project = AGPUSH AND type != Sub-task', 125],
    ['project = AGPUSH AND status = Open', 7],
    ['project = AGPUSH AND statusCategory = Done', 169],
    ['project = AGPUSH AND statusCategory != Done', 7],
    ['project = AGPUSH AND statusCategory = "To Do"', 7],
    ['project = AGPUSH AND resolution IS EMPTY', 7],
    ['project = AGPUSH AND resolution = Unresolved', 7],
    ['project = AGPUSH AND resolution = "Out of Date"', 15],
    ['project = AGPUSH AND resolution IS NOT EMPTY', 169],
    ['project = AGPUSH AND parent = AGPUSH-61', 5],
    ['project = AGPUSH AND parent IS NOT EMPTY', 51],
    ['project = AGPUSH AND created >= "2013-07-01" AND created < "2013-08-01"', 65],
    ['project = AGPUSH AND resolved >= 2013-07-01 AND resolved <= "2013/07/31 23:59"', 78],
    ['project = AGPUSH AND NOT issuetype = Sub-task AND NOT issuetype = Epic', 114],
    ['project = AGPUSH AND (issuetype = Bug OR issuetype = Epic) AND status = Closed', 21],
    ['key = AGPUSH-179', 1],
    ['key in (AGPUSH-179, agpush-86, "AGPUSH-6")', 3],
    ['project = AGPUSH AND key <= AGPUSH-10', 9], // AGPUSH-7 is not in the sample
    ['project = AGPUSH AND updated >= -1w', 1], // the clock is 2016-10-12; one issue was updated on 10-14
    ['project = AGPUSH AND updated >= -400w', 176],
    ['project = AGPUSH AND created < startOfDay(-1000)', 176],
    ['project = AGPUSH AND resolved > startOfYear()', 8],
    ['project = AGPUSH AND summary ~ "push"', 80],
  ])('%s → %d issues', async (jql, count) => {
    // Counts checked against the raw file with a plain script (test/fixtures/jboss-aerogear).
    expect((await allKeys(jql)).length).toEqual(count);
  });

  test('ORDER BY, and id order without it', async () => {
    expect(await allKeys('key in (AGPUSH-9, AGPUSH-10, AGPUSH-100) ORDER BY key ASC')).toEqual([
      'AGPUSH-9',
      'AGPUSH-10',
      'AGPUSH-100',
    ]);
    expect(await allKeys('key in (AGPUSH-9, AGPUSH-10, AGPUSH-100) ORDER BY key DESC')).toEqual([
      'AGPUSH-100',
      'AGPUSH-10',
      'AGPUSH-9',
    ]);
    const byCreated = await allKeys('project = AGPUSH AND issuetype = Bug ORDER BY created DESC, key ASC');
    expect(byCreated).toHaveLength(13);
  });

  test.each([
    ['project = AGPUSH AND (', /^Error in the JQL Query: mismatched input/],
    ['ORDER BY key DESC', /^Unbounded JQL queries are not allowed here/],
    ['', /^Unbounded JQL queries are not allowed here/],
    [
      'project = AGPUSH AND colour = red',
      /^Field 'colour' does not exist or you do not have permission to view it\.$/,
    ],
    ['status = Nonexistent', /^The value 'Nonexistent' does not exist for the field 'status'\.$/],
    ['project = NOPE', /^The value 'NOPE' does not exist for the field 'project'\.$/],
    ['project = AGPUSH AND created > "last tuesday"', /^Date value 'last tuesday' is invalid/],
    ['project = AGPUSH ORDER BY colour', /^Not able to sort using field 'colour'\.$/],
    ['project = AGPUSH AND status WAS Open', /needs issue history search/],
  ])("%j → 400 with Jira's error shape", async (jql, message) => {
    const r = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', { jql, fields: ['key'] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorMessages: [expect.stringMatching(message)], errors: {} });
  });
});

describe('changelogs in bulk (POST /rest/api/3/changelog/bulkfetch)', () => {
  test('returns status changes with fieldIds, oldest first, valid against the spec', async () => {
    const r = await call(emulator, 'admin', 'POST', '/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: ['AGPUSH-179', 'AGPUSH-86'],
      fieldIds: ['status'],
    });
    expect(r.status).toBe(200);
    expect(openApiErrors('POST /rest/api/3/changelog/bulkfetch', r.body)).toEqual([]);
    const body = z
      .object({
        issueChangeLogs: z.array(
          z.object({
            issueId: z.string(),
            changeHistories: z.array(
              z.object({ created: z.string(), items: z.array(z.object({ fieldId: z.string() })) }),
            ),
          }),
        ),
      })
      .parse(r.body);
    const items = body.issueChangeLogs.flatMap((l) =>
      l.changeHistories.flatMap((h) => h.items.map((i) => i.fieldId)),
    );
    expect(new Set(items)).toEqual(new Set(['status']));
    expect(body.issueChangeLogs.flatMap((l) => l.changeHistories)).toHaveLength(6 + 5);
  });

  test.each([
    [{ issueIdsOrKeys: [] }, /between 1 and 1000/],
    [{ issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `AGPUSH-${i + 1}`) }, /between 1 and 1000/],
    [
      { issueIdsOrKeys: ['AGPUSH-1'], fieldIds: Array.from({ length: 11 }, (_, i) => `f${i}`) },
      /at most 10 field ids/,
    ],
    [{ issueIdsOrKeys: ['AGPUSH-1'], maxResults: 0 }, /maxResults must be between 1 and 10000/],
    [{ fieldIds: ['status'] }, /Invalid request payload/],
  ])('limits: %# → 400', async (body, message) => {
    const r = await call(emulator, 'admin', 'POST', '/rest/api/3/changelog/bulkfetch', body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ errorMessages: [expect.stringMatching(message)], errors: {} });
  });

  test('pages by token across issues', async () => {
    const ids = await allKeys('project = AGPUSH');
    const histories: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call(emulator, 'admin', 'POST', '/rest/api/3/changelog/bulkfetch', {
        issueIdsOrKeys: ids,
        fieldIds: ['status'],
        maxResults: 100,
        ...(token !== undefined ? { nextPageToken: token } : {}),
      });
      const body = z
        .object({
          issueChangeLogs: z.array(z.object({ changeHistories: z.array(z.unknown()) })),
          nextPageToken: z.string().optional(),
        })
        .parse(r.body);
      histories.push(...body.issueChangeLogs.flatMap((l) => l.changeHistories));
      token = body.nextPageToken;
      pages++;
    } while (token !== undefined);
    // 423 status changes in AGPUSH, in histories of one change each.
    expect(histories).toHaveLength(423);
    expect(pages).toBe(5);
  });
});

describe('permissions and authentication', () => {
  test('no credentials, or a wrong token: 401', async () => {
    expect((await call(emulator, 'nobody', 'GET', '/rest/api/3/myself')).status).toBe(401);
    const wrong = await emulator.handle({
      method: 'GET',
      path: '/rest/api/3/myself',
      headers: { authorization: `Basic ${Buffer.from('dev@example.com:guess').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
  });

  test('myself and mypermissions follow users.json, valid against the spec', async () => {
    const me = await call(emulator, 'dev', 'GET', '/rest/api/3/myself');
    expect(me.body).toMatchObject({ accountId: 'acc-dev', emailAddress: 'dev@example.com' });
    expect(openApiErrors('GET /rest/api/3/myself', me.body)).toEqual([]);
    const perms = await call(
      emulator,
      'dev',
      'GET',
      '/rest/api/3/mypermissions?projectKey=AGPUSH&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER_PROJECTS',
    );
    expect(openApiErrors('GET /rest/api/3/mypermissions', perms.body)).toEqual([]);
    expect(perms.body).toMatchObject({
      permissions: {
        BROWSE_PROJECTS: { havePermission: true },
        EDIT_ISSUES: { havePermission: true },
        ADMINISTER_PROJECTS: { havePermission: false },
      },
    });
    const lead = await call(
      emulator,
      'lead',
      'GET',
      '/rest/api/3/mypermissions?projectKey=AGPUSH&permissions=ADMINISTER_PROJECTS',
    );
    expect(lead.body).toMatchObject({ permissions: { ADMINISTER_PROJECTS: { havePermission: true } } });
    expect((await call(emulator, 'dev', 'GET', '/rest/api/3/mypermissions?projectKey=AGPUSH')).status).toBe(
      400,
    );
  });

  test('a user who may not browse a project sees none of it, and nothing leaks through counts', async () => {
    const r = await call(emulator, 'dev', 'POST', '/rest/api/3/search/jql', {
      jql: 'project = AEROGEAR',
      fields: ['key'],
    });
    // For someone who cannot browse it, the project does not exist.
    expect(r.body).toEqual({
      errorMessages: ["The value 'AEROGEAR' does not exist for the field 'project'."],
      errors: {},
    });
    expect(
      (
        await call(emulator, 'dev', 'POST', '/rest/api/3/search/approximate-count', {
          jql: 'issuetype = Bug',
        })
      ).body,
    ).toEqual({ count: 13 });
    expect((await call(emulator, 'dev', 'GET', '/rest/api/3/project/AEROGEAR')).status).toBe(404);
    expect((await call(emulator, 'dev', 'GET', '/rest/api/3/issue/AEROGEAR-2')).status).toBe(404);
    const bulk = await call(emulator, 'dev', 'POST', '/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: ['AEROGEAR-2', 'AEROGEAR-3'],
    });
    expect(bulk.body).toEqual({ issueChangeLogs: [] });
    expect((await call(emulator, 'outsider', 'GET', '/rest/api/3/issue/AEROGEAR-2')).status).toBe(200);
  });
});

describe('projects, statuses, issue types, fields', () => {
  test.each([
    ['GET /rest/api/3/project/{projectIdOrKey}', '/rest/api/3/project/AGPUSH'],
    ['GET /rest/api/3/project/{projectIdOrKey}/statuses', '/rest/api/3/project/AGPUSH/statuses'],
    ['GET /rest/api/3/status', '/rest/api/3/status'],
    ['GET /rest/api/3/field', '/rest/api/3/field'],
    ['GET /rest/api/3/issue/{issueIdOrKey}', '/rest/api/3/issue/AGPUSH-179'],
  ])('%s conforms to the spec', async (operation, p) => {
    const r = await call(emulator, 'admin', 'GET', p);
    expect(r.status).toBe(200);
    expect(openApiErrors(operation, r.body)).toEqual([]);
  });

  test('project search lists only what the caller may browse, paged as Jira pages it', async () => {
    const all = await call(emulator, 'admin', 'GET', '/rest/api/3/project/search?maxResults=1');
    expect(openApiErrors('GET /rest/api/3/project/search', all.body)).toEqual([]);
    expect(all.body).toMatchObject({ total: 2, isLast: false, maxResults: 1, values: [{ key: 'AEROGEAR' }] });
    const dev = await call(emulator, 'dev', 'GET', '/rest/api/3/project/search');
    expect(dev.body).toMatchObject({ total: 1, isLast: true, values: [{ key: 'AGPUSH' }] });
  });

  test('issue types carry hierarchy levels derived from the Server data', async () => {
    const project = z
      .object({ id: z.string() })
      .parse((await call(emulator, 'admin', 'GET', '/rest/api/3/project/AGPUSH')).body);
    const r = await call(emulator, 'admin', 'GET', `/rest/api/3/issuetype/project?projectId=${project.id}`);
    expect(openApiErrors('GET /rest/api/3/issuetype/project', r.body)).toEqual([]);
    const types = z.array(z.object({ name: z.string(), hierarchyLevel: z.number() })).parse(r.body);
    expect(Object.fromEntries(types.map((t) => [t.name, t.hierarchyLevel]))).toMatchObject({
      'Sub-task': -1,
      Epic: 1,
      Bug: 0,
    });
  });

  test("a project's statuses, kept for a benchmark, follow a change of the site", async () => {
    const own = await emulatedSite();
    const kept = newEmulator(own, { cacheSearches: true });
    const workflows = z.array(
      z.object({ name: z.string(), statuses: z.array(z.object({ name: z.string() })) }),
    );
    const statusesOf = async (e: JiraEmulator): Promise<Record<string, string[]>> =>
      Object.fromEntries(
        workflows
          .parse((await call(e, 'admin', 'GET', '/rest/api/3/project/AGPUSH/statuses')).body)
          .map((t) => [t.name, t.statuses.map((s) => s.name).sort()]),
      );
    const before = await statusesOf(kept);
    expect(before).toEqual(await statusesOf(newEmulator(own)));

    // An epic moves to a status no epic has been in: its type's workflow now has it.
    const epic = own.issues.find((i) => i.parsed.fields.issuetype.name === 'Epic');
    const absent = own.statuses.find((s) => !(before.Epic ?? []).includes(s.name));
    if (epic === undefined || absent === undefined)
      throw new Error('the site has an epic and a status no epic was in');
    own.recordChange(epic, Date.parse('2016-10-12T11:00:00Z'), null, [
      {
        field: 'status',
        fieldtype: 'jira',
        from: null,
        fromString: null,
        to: absent.id,
        toString: absent.name,
      },
    ]);
    kept.siteChanged();
    expect((await statusesOf(kept)).Epic).toContain(absent.name);
  });

  test('statuses only the changelogs name are not on the site (they left the workflow)', async () => {
    const statuses = z
      .array(z.object({ name: z.string() }))
      .parse((await call(emulator, 'admin', 'GET', '/rest/api/3/status')).body);
    const names = statuses.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['Open', 'Resolved', 'Closed']));
    expect(names).not.toContain('Coding In Progress');
  });
});

describe('writes: entity properties and labels', () => {
  test('set, read, search by alias, delete', async () => {
    const value = { state: 'open', dueDate: '2016-09-01', interest: 'high', reason: 'deadline' };
    expect(
      (
        await call(
          emulator,
          'dev',
          'PUT',
          '/rest/api/3/issue/AGPUSH-61/properties/tech-debt-agreement',
          value,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await call(
          emulator,
          'dev',
          'PUT',
          '/rest/api/3/issue/AGPUSH-61/properties/tech-debt-agreement',
          value,
        )
      ).status,
    ).toBe(200);
    const got = await call(
      emulator,
      'dev',
      'GET',
      '/rest/api/3/issue/AGPUSH-61/properties/tech-debt-agreement',
    );
    expect(got.body).toEqual({ key: 'tech-debt-agreement', value });
    expect(openApiErrors('GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', got.body)).toEqual(
      [],
    );
    expect(
      openApiErrors(
        'GET /rest/api/3/issue/{issueIdOrKey}/properties',
        (await call(emulator, 'dev', 'GET', '/rest/api/3/issue/AGPUSH-61/properties')).body,
      ),
    ).toEqual([]);
    expect(
      await allKeys('project = AGPUSH AND debtAgreementState = open AND debtAgreementDue < now()'),
    ).toEqual(['AGPUSH-61']);
    expect(await allKeys('project = AGPUSH AND issue.property[tech-debt-agreement].interest = high')).toEqual(
      ['AGPUSH-61'],
    );
    expect(await allKeys('project = AGPUSH AND debtAgreementDue > now()')).toEqual([]);
    // An unindexed path matches nothing, as in Jira.
    expect(await allKeys('project = AGPUSH AND issue.property[tech-debt-agreement].owner = x')).toEqual([]);
    expect(
      (await call(emulator, 'dev', 'DELETE', '/rest/api/3/issue/AGPUSH-61/properties/tech-debt-agreement'))
        .status,
    ).toBe(204);
    expect(
      (await call(emulator, 'dev', 'GET', '/rest/api/3/issue/AGPUSH-61/properties/tech-debt-agreement'))
        .status,
    ).toBe(404);
  });

  test('a value of 32 768 characters is accepted, one more is 400; bad JSON is 400', async () => {
    const fits = JSON.stringify({ note: 'x'.repeat(32_768 - 11) });
    expect(fits).toHaveLength(32_768);
    expect(
      (await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-62/properties/p', fits)).status,
    ).toBe(201);
    const over = await call(
      emulator,
      'dev',
      'PUT',
      '/rest/api/3/issue/AGPUSH-62/properties/p',
      JSON.stringify({ note: 'x'.repeat(32_768 - 10) }),
    );
    expect(over.status).toBe(400);
    expect(
      (await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-62/properties/p', '{"broken":')).status,
    ).toBe(400);
    expect((await call(emulator, 'dev', 'GET', '/rest/api/3/issue/AGPUSH-62/properties/p')).body).toEqual({
      key: 'p',
      value: JSON.parse(fits),
    });
  });

  test('editing needs edit permission (403), browsing needs browse (404)', async () => {
    expect(
      (await call(emulator, 'outsider', 'PUT', '/rest/api/3/issue/AEROGEAR-2/properties/p', { a: 1 })).status,
    ).toBe(403);
    expect(
      (await call(emulator, 'outsider', 'PUT', '/rest/api/3/issue/AGPUSH-2/properties/p', { a: 1 })).status,
    ).toBe(404);
    expect(
      (
        await call(emulator, 'outsider', 'PUT', '/rest/api/3/issue/AEROGEAR-2', {
          update: { labels: [{ add: 'x' }] },
        })
      ).status,
    ).toBe(403);
  });

  test('labels are added and removed with update.labels, and the change is in the history', async () => {
    expect(
      (
        await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-70', {
          update: { labels: [{ add: 'tech-debt-agreement' }] },
        })
      ).status,
    ).toBe(204);
    expect(await allKeys('project = AGPUSH AND labels = tech-debt-agreement')).toEqual(['AGPUSH-70']);
    const changes = await call(emulator, 'dev', 'POST', '/rest/api/3/changelog/bulkfetch', {
      issueIdsOrKeys: ['AGPUSH-70'],
      fieldIds: ['labels'],
    });
    expect(JSON.stringify(changes.body)).toContain('tech-debt-agreement');
    expect(
      (
        await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-70', {
          update: { labels: [{ remove: 'tech-debt-agreement' }] },
        })
      ).status,
    ).toBe(204);
    expect(await allKeys('project = AGPUSH AND labels = tech-debt-agreement')).toEqual([]);
    expect(
      (await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-70', { fields: { summary: 'x' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-70', {
          update: { labels: [{ add: 'two words' }] },
        })
      ).status,
    ).toBe(400);
  });
});

describe('injected faults, latency and the request log', () => {
  test('scripted 429 with Retry-After, then normal answers; the log counts per endpoint', async () => {
    const local = newEmulator(await emulatedSite([AGPUSH_FILE], null));
    local.injectFaults({ status: 429, retryAfter: 2 }, { status: 503 });
    const auth = {
      authorization: `Basic ${Buffer.from('admin@example.com:flow-ledger').toString('base64')}`,
    };
    const first = await local.handle({ method: 'GET', path: '/rest/api/3/myself', headers: auth });
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('2');
    expect(await asDefaultAdmin(local, 'GET', '/rest/api/3/myself')).toBe(503);
    expect(await asDefaultAdmin(local, 'GET', '/rest/api/3/myself')).toBe(200);
    expect(local.counts()).toEqual({ 'GET /rest/api/3/myself': 3 });
  });

  test('a rate limit answers 429 beyond R requests a second', async () => {
    const limited = newEmulator(await emulatedSite([AGPUSH_FILE], null), { rateLimit: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push(await asDefaultAdmin(limited, 'GET', '/rest/api/3/status'));
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  test('a random failure rate is repeatable with a seed', async () => {
    const s = await emulatedSite([AGPUSH_FILE], null);
    const run = async (): Promise<number[]> => {
      const e = newEmulator(s, { failRate: 0.5, seed: 7 });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push(await asDefaultAdmin(e, 'GET', '/rest/api/3/status'));
      return out;
    };
    const a = await run();
    expect(a).toEqual(await run());
    expect(a.some((status) => status >= 500)).toBe(true);
    expect(a.some((status) => status === 200)).toBe(true);
  });

  test('without users.json the site has one admin, admin@example.com', async () => {
    const plain = newEmulator(await emulatedSite([AGPUSH_FILE], null));
    expect(await asDefaultAdmin(plain, 'GET', '/rest/api/3/myself')).toBe(200);
    expect(
      await asDefaultAdmin(
        plain,
        'GET',
        '/rest/api/3/mypermissions?projectKey=AGPUSH&permissions=ADMINISTER_PROJECTS,EDIT_ISSUES',
      ),
    ).toBe(200);
  });
});
