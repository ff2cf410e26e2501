import path from 'node:path';
import { z } from 'zod';
import { computeFlowReport } from '../../src/domain/flow-report';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { agpushCopies, AGPUSH_FILE, emulatedSite, newEmulator } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The resolvers as Forge calls them (`handler({ call, context }, { principal })`), with the real
 * @forge/api and @forge/kvs reaching the emulator and a local store through `__forge_fetch__`;
 * no module is mocked.
 */

const NOW = Date.parse('2013-10-01T00:00:00Z');
let emulator: JiraEmulator;
let forge: VirtualForge;

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW);
});

beforeEach(() => {
  emulator.clearLog();
  emulator.clearFaults();
});

const envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

async function ok(
  f: VirtualForge,
  functionKey: string,
  payload: unknown,
  accountId?: string,
): Promise<unknown> {
  const r = envelope.parse(await f.invoke(functionKey, payload, accountId));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}

async function failure(
  f: VirtualForge,
  functionKey: string,
  payload: unknown,
  accountId?: string,
): Promise<{ code: string; message: string }> {
  const r = envelope.parse(await f.invoke(functionKey, payload, accountId));
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.data).slice(0, 200)}`);
  return r.error;
}

const reportView = z.object({
  project: z.object({ key: z.string() }),
  report: z.looseObject({
    velocity: z.object({ total: z.number() }),
    load: z.object({ atAsOf: z.number() }),
  }),
  issuesRead: z.number(),
});

describe('getProjectFlow against the emulator', () => {
  test('gives the same report as the dataset file, at the cost the design expects', async () => {
    const view = z
      .object({ report: z.unknown() })
      .parse(
        await ok(forge, 'getProjectFlow', { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' }),
      );
    // The same files as the site, so that the same statuses are known (AEROGEAR has an issue in Reopened).
    const dataset = await loadDataset(path.dirname(AGPUSH_FILE));
    const direct = computeFlowReport({
      project: 'AGPUSH',
      items: dataset.items.filter((i) => i.projectKey === 'AGPUSH'),
      statuses: dataset.statuses,
      window: { from: '2013-03-01', to: '2013-09-30' },
      settings: DEFAULT_SETTINGS,
    });
    expect(view.report).toEqual(JSON.parse(JSON.stringify(direct)));
    // One page of ids, ⌈176/100⌉ slices of fields, ⌈176/1000⌉ changelog calls, four metadata calls.
    expect(emulator.counts()).toEqual({
      'GET /rest/api/3/project/{projectIdOrKey}': 1,
      'POST /rest/api/3/search/jql': 3,
      'POST /rest/api/3/changelog/bulkfetch': 1,
      'GET /rest/api/3/field': 1,
      'GET /rest/api/3/status': 1,
      'GET /rest/api/3/project/{projectIdOrKey}/statuses': 1,
    });

    // Again: the same figures from the cache, for the user's id search and the search for changes.
    emulator.clearLog();
    const again = z
      .object({ report: z.unknown() })
      .parse(
        await ok(forge, 'getProjectFlow', { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' }),
      );
    expect(again.report).toEqual(view.report);
    // The site's data runs past this test's clock, so the search for changes returns issues; their
    // `updated` is the one cached, so no changelog is asked for again. The space is asked for as
    // the user every time, whatever is cached (a person who may not see it is told nothing more).
    expect(emulator.counts()).toEqual({
      'GET /rest/api/3/project/{projectIdOrKey}': 1,
      'POST /rest/api/3/search/jql': 2,
    });
  });

  test('many pages and more than 1000 issues: changelogs in batches of at most 1000', async () => {
    // Fifteen copies of AGPUSH under other keys and ids: 2640 issues with the same histories.
    const big = newEmulator(await emulatedSite([agpushCopies(15)]), { clock: () => NOW });
    const bigForge = virtualForge(big, NOW);
    const view = reportView.parse(
      await ok(bigForge, 'getProjectFlow', { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' }),
    );
    expect(view.issuesRead).toBe(2640);
    expect(view.report.velocity.total).toBe(15 * 76);
    const counts = big.counts();
    // One page of ids (up to 5000), then the fields in ⌈2640/100⌉ slices of ids.
    expect(counts['POST /rest/api/3/search/jql']).toBe(1 + 27);
    expect(counts['POST /rest/api/3/changelog/bulkfetch']).toBe(3);
    const bulkBodies = big.log.filter((e) => e.endpoint === '/rest/api/3/changelog/bulkfetch');
    expect(bulkBodies.every((e) => e.status === 200)).toBe(true);
  });

  test('a 429 storm is ridden out within the deadline, honouring Retry-After', async () => {
    emulator.injectFaults(...Array.from({ length: 6 }, () => ({ status: 429, retryAfter: 2 })));
    forge.slept.length = 0;
    const view = reportView.parse(
      await ok(forge, 'getProjectFlow', { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' }),
    );
    expect(view.report.velocity.total).toBe(76);
    expect(forge.slept).toHaveLength(6);
    expect(forge.slept.every((ms) => ms >= 2000)).toBe(true);
  });

  test('a 5xx that does not recover ends in JIRA_UNAVAILABLE, not a stack trace', async () => {
    emulator.injectFaults(...Array.from({ length: 30 }, () => ({ status: 503 })));
    const error = await failure(forge, 'getProjectFlow', { projectKey: 'AGPUSH' });
    expect(error.code).toBe('JIRA_UNAVAILABLE');
    expect(error.message).toMatch(
      // The first call of every load is the space, asked for as the user.
      /^Jira did not answer GET \/rest\/api\/3\/project\/AGPUSH \(HTTP 503\) after 8 attempts$/,
    );
  });

  test('a user who may not browse the project gets nothing, and no counts leak', async () => {
    const error = await failure(forge, 'getProjectFlow', { projectKey: 'AGPUSH' }, 'acc-outsider');
    expect(error).toEqual({
      code: 'NOT_FOUND',
      message: 'No space AGPUSH exists, or you may not see it.',
    });
    // The project's metadata is cached, and unused: Jira's answer to the outsider comes first.
    expect(emulator.counts()).toEqual({ 'GET /rest/api/3/project/{projectIdOrKey}': 1 });
  });
});

describe("getProjectItems (the page's export of the rows behind its figures)", () => {
  test('the rows of the items the report counts, as the user may see them', async () => {
    const window = { projectKey: 'AGPUSH', from: '2013-07-01', to: '2013-07-31' };
    const items = z
      .object({
        from: z.string(),
        to: z.string(),
        rows: z.array(
          z.object({ key: z.string(), completion: z.string().nullable(), canceled: z.boolean() }),
        ),
      })
      .parse(await ok(forge, 'getProjectItems', window, 'acc-dev'));
    const flow = reportView.parse(await ok(forge, 'getProjectFlow', window, 'acc-dev'));
    const completed = items.rows.filter(
      (r) => r.completion !== null && r.completion < '2013-08-01' && !r.canceled,
    );
    expect([items.from, items.to]).toEqual(['2013-07-01', '2013-07-31']);
    expect(completed).toHaveLength(flow.report.velocity.total);
    expect(items.rows.map((r) => r.key)).toContain('AGPUSH-179');
    expect((await failure(forge, 'getProjectItems', window, 'acc-outsider')).code).toBe('NOT_FOUND');
  });
});

describe('getProjectFlow with a filter (the gadget\'s "only these")', () => {
  const july = { projectKey: 'AGPUSH', from: '2013-07-01', to: '2013-07-31' };
  const byType = reportView.extend({
    report: z.looseObject({
      velocity: z.object({ total: z.number(), byType: z.record(z.string(), z.number()) }),
    }),
    filter: z.string().nullable(),
  });

  test('narrows the project to the work items the JQL matches, and says so', async () => {
    const all = byType.parse(await ok(forge, 'getProjectFlow', july, 'acc-dev'));
    const bugs = byType.parse(
      await ok(forge, 'getProjectFlow', { ...july, filter: ' issuetype = Bug ' }, 'acc-dev'),
    );
    expect(all.filter).toBeNull();
    expect(bugs.filter).toBe('issuetype = Bug');
    // Bugs are defects by the default rules: what is left is the project's completed defects.
    expect(bugs.report.velocity.total).toBeGreaterThan(0);
    expect(bugs.report.velocity.total).toBe(all.report.velocity.byType.defect);
    expect(bugs.report.velocity.byType.defect).toBe(bugs.report.velocity.total);
    expect(bugs.issuesRead).toBeLessThan(all.issuesRead);
  });

  test('cannot widen the search beyond the project, nor break out of its parentheses', async () => {
    // The admin sees both projects, so Jira accepts the filter's naming of AEROGEAR.
    const all = byType.parse(await ok(forge, 'getProjectFlow', july, 'acc-admin'));
    const wider = byType.parse(
      await ok(
        forge,
        'getProjectFlow',
        { ...july, filter: 'project = AEROGEAR OR issuetype = Bug' },
        'acc-admin',
      ),
    );
    expect(wider.project.key).toBe('AGPUSH');
    expect(wider.report.velocity.total).toBe(all.report.velocity.byType.defect);
    const escape = await failure(
      forge,
      'getProjectFlow',
      { ...july, filter: 'issuetype = Bug) OR (project = AEROGEAR' },
      'acc-dev',
    );
    expect(escape.code).toBe('INVALID_INPUT');
  });

  test.each([
    ['not JQL', 'issuetype ==== Bug', /not JQL/],
    ['an order of its own', 'issuetype = Bug ORDER BY created', /ORDER BY/],
    ['a field Jira does not know', 'flavour = vanilla', /Jira refused it/],
  ])('a filter that is %s is refused at its field, and nothing is read', async (_, filter, why) => {
    const r = await forge.invoke('getProjectFlow', { ...july, filter }, 'acc-dev');
    const refused = z
      .object({
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()) }),
      })
      .parse(r);
    expect(refused.error.code).toBe('INVALID_INPUT');
    expect(refused.error.fields.filter).toMatch(why);
  });
});

describe('getTypeSample (the work items the settings page previews its rules on)', () => {
  test("the space's last twelve weeks, folded by issue type and labels, and nothing for an outsider", async () => {
    const sample = z
      .object({
        from: z.string(),
        to: z.string(),
        kinds: z.array(
          z.object({
            issueType: z.object({ name: z.string(), hierarchyLevel: z.number() }),
            labels: z.array(z.string()),
            count: z.number(),
          }),
        ),
      })
      .parse(await ok(forge, 'getTypeSample', { projectKey: 'AGPUSH' }, 'acc-dev'));
    const items = z
      .object({ from: z.string(), to: z.string() })
      .parse(await ok(forge, 'getProjectItems', { projectKey: 'AGPUSH', weeks: 12 }, 'acc-dev'));
    expect([sample.from, sample.to]).toEqual([items.from, items.to]);
    expect(sample.kinds.length).toBeGreaterThan(1);
    expect(sample.kinds.map((k) => k.issueType.name)).toContain('Bug');
    expect(sample.kinds.every((k) => k.count > 0)).toBe(true);
    expect((await failure(forge, 'getTypeSample', { projectKey: 'AGPUSH' }, 'acc-outsider')).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(forge, 'getTypeSample', { projectKey: 'AGPUSH', weeks: 4 }, 'acc-dev')).code).toBe(
      'INVALID_INPUT',
    );
  });
});

describe('getIssueFlow', () => {
  test('a reopened story: its type, rule, flow time split into active and waiting', async () => {
    const view = await ok(forge, 'getIssueFlow', { issueKey: 'AGPUSH-179' }, 'acc-dev');
    expect(view).toMatchObject({
      issue: { key: 'AGPUSH-179', issueType: 'Feature Request', status: { name: 'Closed', state: 'done' } },
      isFlowItem: true,
      classification: { type: 'feature', reason: 'no rule matched (default)' },
      workStart: '2013-07-25T09:16:17.000Z',
      completion: '2013-07-25T13:12:03.000Z',
      outcome: 'completed',
      duration: { kind: 'flowTime', efficiency: 1 },
    });
    expect(z.object({ duration: z.object({ days: z.number() }) }).parse(view).duration.days).toBeCloseTo(
      14_146 / 86_400,
      9,
    );
  });

  test("an epic's children mix counts its flow items only, not sub-tasks", async () => {
    // AGPUSH-61's five children are sub-tasks, closed as done; the project's flow items are stories.
    const epic = z
      .object({ children: z.unknown() })
      .parse(await ok(forge, 'getIssueFlow', { issueKey: 'AGPUSH-61' }));
    expect(epic.children).toEqual({
      total: 5,
      counted: 0,
      byType: { feature: 0, defect: 0, risk: 0, debt: 0 },
      shares: { feature: 0, defect: 0, risk: 0, debt: 0 },
      byOutcome: { 'not-started': 0, 'in-progress': 0, completed: 0, canceled: 0 },
    });
  });

  test("the panel's reads go out beside the work item's own, not after it", async () => {
    // The work item's read meets a slow node that answers 503 after 400 ms, then succeeds on the
    // retry. Reads that waited for it (as they did, one after another) would reach Jira only after
    // that; reads sent side by side are answered while it is held back.
    emulator.injectFaults({
      status: 503,
      endpoint: 'GET /rest/api/3/issue/{issueIdOrKey}',
      delayMs: 400,
      retryAfter: 0,
    });
    const view = z
      .object({ issue: z.object({ key: z.string() }), children: z.object({ total: z.number() }) })
      .parse(await ok(forge, 'getIssueFlow', { issueKey: 'AGPUSH-61' }, 'acc-dev'));
    expect(view.issue.key).toBe('AGPUSH-61');
    expect(view.children.total).toBe(5);
    const log = emulator.log.map((e) => `${e.method} ${e.endpoint} ${e.status}`);
    const itemRead = log.indexOf('GET /rest/api/3/issue/{issueIdOrKey} 200');
    expect(log).toContain('GET /rest/api/3/issue/{issueIdOrKey} 503');
    expect(log.slice(0, itemRead)).toEqual(
      expect.arrayContaining([
        'POST /rest/api/3/changelog/bulkfetch 200',
        'POST /rest/api/3/search/jql 200',
        'GET /rest/api/3/project/{projectIdOrKey}/statuses 200',
        'GET /rest/api/3/field 200',
      ]),
    );
    // The item's space came with it: no separate read of the project.
    expect(log).not.toContain('GET /rest/api/3/project/{projectIdOrKey} 200');
  });

  test("a key typed in lower case, which Jira accepts, gives the work item's own view", async () => {
    // The reads guessed from the asked key are not used when the item answers under another; the
    // view is the same as for the key itself. (A moved item asked for by its old key takes the same
    // path in Jira; the emulator keeps no old keys, so that case is not reached here.)
    const asTyped = await ok(forge, 'getIssueFlow', { issueKey: 'agpush-179' }, 'acc-dev');
    const asKey = await ok(forge, 'getIssueFlow', { issueKey: 'AGPUSH-179' }, 'acc-dev');
    expect(asTyped).toEqual(asKey);
    expect(asTyped).toEqual(expect.objectContaining({ projectKey: 'AGPUSH' }));
  });

  test('an issue the user may not see is NOT_FOUND, the same as one that does not exist', async () => {
    expect((await failure(forge, 'getIssueFlow', { issueKey: 'AGPUSH-179' }, 'acc-outsider')).code).toBe(
      'NOT_FOUND',
    );
    expect((await failure(forge, 'getIssueFlow', { issueKey: 'AGPUSH-99999' })).code).toBe('NOT_FOUND');
  });
});

const settingsView = z.looseObject({
  revision: z.number(),
  canEdit: z.boolean(),
  isDefault: z.boolean(),
  settings: z.looseObject({ trendPeriod: z.string() }),
});

describe('listProjects', () => {
  test('lists the projects the user may browse, and no others', async () => {
    expect(await ok(forge, 'listProjects', {}, 'acc-admin')).toEqual([
      { id: expect.any(String), key: 'AEROGEAR', name: 'AeroGear' },
      { id: expect.any(String), key: 'AGPUSH', name: 'AeroGear Push' },
    ]);
    expect(await ok(forge, 'listProjects', {}, 'acc-outsider')).toEqual([
      { id: expect.any(String), key: 'AEROGEAR', name: 'AeroGear' },
    ]);
  });
});

describe('settings', () => {
  test('anyone who can browse reads them; only project admins may change them', async () => {
    const dev = settingsView.parse(await ok(forge, 'getSettings', { projectKey: 'AGPUSH' }, 'acc-dev'));
    expect(dev).toMatchObject({ revision: 0, isDefault: true, canEdit: false });
    // The statuses of AGPUSH's workflows, with the categories Jira gives them, for the mapping table.
    const statuses = z
      .object({
        statuses: z.array(
          z.object({ id: z.string().nullable(), name: z.string(), category: z.string().nullable() }),
        ),
      })
      .parse(await ok(forge, 'getSettings', { projectKey: 'AGPUSH' }, 'acc-dev')).statuses;
    expect(statuses.map((st) => [st.name, st.category]).sort()).toEqual([
      ['Closed', 'done'],
      ['Open', 'new'],
      ['Reopened', 'new'],
      ['Resolved', 'done'],
    ]);
    expect(new Set(statuses.map((st) => st.name)).size).toBe(statuses.length);
    const lead = settingsView.parse(await ok(forge, 'getSettings', { projectKey: 'AGPUSH' }, 'acc-lead'));
    expect(lead.canEdit).toBe(true);
    expect((await failure(forge, 'getSettings', { projectKey: 'AGPUSH' }, 'acc-outsider')).code).toBe(
      'NOT_FOUND',
    );
  });

  test('a non-admin saving gets NOT_PERMITTED and nothing changes', async () => {
    const key = `project:${emulator.site.project('AGPUSH')?.id ?? ''}`;
    const before = JSON.stringify(forge.kvs.entity('flow-settings', key) ?? null);
    const error = await failure(
      forge,
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: { trendPeriod: 'month' } },
      'acc-dev',
    );
    expect(error).toEqual({
      code: 'NOT_PERMITTED',
      message: 'Only administrators of the space AGPUSH can change its flow settings.',
    });
    expect(JSON.stringify(forge.kvs.entity('flow-settings', key) ?? null)).toBe(before);
    expect(settingsView.parse(await ok(forge, 'getSettings', { projectKey: 'AGPUSH' })).isDefault).toBe(true);
  });

  test('an admin saves; the report follows; a stale revision is a CONFLICT', async () => {
    const saved = settingsView.parse(
      await ok(
        forge,
        'saveSettings',
        {
          projectKey: 'AGPUSH',
          revision: 0,
          settings: { trendPeriod: 'month', targets: { debt: { min: 0.05, max: 0.3 } } },
        },
        'acc-lead',
      ),
    );
    expect(saved).toMatchObject({ revision: 1, isDefault: false, settings: { trendPeriod: 'month' } });
    const report = z
      .object({
        report: z.object({
          window: z.object({ trendPeriod: z.string() }),
          targets: z.array(z.object({ min: z.number() })),
        }),
      })
      .parse(
        await ok(
          forge,
          'getProjectFlow',
          { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' },
          'acc-dev',
        ),
      );
    expect(report.report.window.trendPeriod).toBe('month');
    expect(report.report.targets[0]?.min).toBe(0.05);
    const stale = await failure(
      forge,
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: {} },
      'acc-admin',
    );
    expect(stale.code).toBe('CONFLICT');
    // The person is named as Jira shows them, not by an account id.
    expect(stale.message).toMatch(
      /^Lee Lead saved these settings at \d{4}-\d\d-\d\d \d\d:\d\d UTC, after you opened them \(revision 1, you edited 0\)\. Reload/,
    );
  });
});

describe('bad payloads get coded errors, for every resolver', () => {
  test.each<[string, unknown, string, RegExp]>([
    ['getProjectFlow', undefined, 'INVALID_INPUT', /^projectKey: /],
    ['getProjectFlow', { projectKey: 42 }, 'INVALID_INPUT', /^projectKey: /],
    [
      'getProjectFlow',
      { projectKey: 'AGPUSH" OR project = AEROGEAR' },
      'INVALID_INPUT',
      /^projectKey: not a project key$/,
    ],
    ['getProjectFlow', { projectKey: 'AGPUSH', from: '2013-02-30' }, 'INVALID_INPUT', /^from: not a date/],
    [
      'getProjectFlow',
      { projectKey: 'AGPUSH', from: '2013-09-01', to: '2013-08-01' },
      'INVALID_INPUT',
      /is before/,
    ],
    [
      'getProjectFlow',
      { projectKey: 'AGPUSH', from: '1900-01-01', to: '2013-08-01' },
      'TOO_LARGE',
      /more than 3660 days/,
    ],
    ['getProjectFlow', { projectKey: 'AGPUSH', extra: true }, 'INVALID_INPUT', /Unrecognized key/],
    [
      'getIssueFlow',
      { issueKey: '../../rest/api/3/myself' },
      'INVALID_INPUT',
      /^issueKey: not an issue key$/,
    ],
    ['getIssueFlow', [], 'INVALID_INPUT', /^request: /],
    ['getSettings', { projectKey: '' }, 'INVALID_INPUT', /^projectKey: /],
    ['saveSettings', { projectKey: 'AGPUSH', settings: {} }, 'INVALID_INPUT', /^revision: /],
    [
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: { tragets: {} } },
      'INVALID_INPUT',
      /^Settings: Unrecognized key: "tragets"$/,
    ],
    [
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: { timeZone: 'Mars/Base' } },
      'INVALID_INPUT',
      /^Time zone: not a time zone/,
    ],
    [
      'saveSettings',
      {
        projectKey: 'AGPUSH',
        revision: 0,
        settings: { typeRules: Array.from({ length: 51 }, () => ({ type: 'debt' })) },
      },
      'INVALID_INPUT',
      /^Type rules: /,
    ],
    [
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: { waitingStatusKeywords: ['x'.repeat(300_000)] } },
      'TOO_LARGE',
      /at most 262144 are accepted/,
    ],
  ])('%s, payload %#, → %s', async (key, payload, code, message) => {
    const error = await failure(forge, key, payload);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('a form gets what is wrong with each field', () => {
  test('every refused field is named by its path, the message in the words of the form', async () => {
    const answer = z
      .object({
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()) }),
      })
      .parse(
        await forge.invoke(
          'saveSettings',
          {
            projectKey: 'AGPUSH',
            revision: 0,
            settings: { timeZone: 'Mars/Base', agreementReviewCadenceDays: 0, targets: { debt: { min: 2 } } },
          },
          'acc-lead',
        ),
      );
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(Object.keys(answer.error.fields).sort()).toEqual([
      'settings.agreementReviewCadenceDays',
      'settings.targets.debt.min',
      'settings.timeZone',
    ]);
    expect(answer.error.message).toMatch(
      /^(Time zone|Review debt agreements every \(days\)|Debts target, at least): /,
    );
  });
});

describe('a settings value larger than the store keeps', () => {
  test('is TOO_LARGE, with the sizes, and nothing is stored', async () => {
    const local = virtualForge(newEmulator(await emulatedSite(), { clock: () => NOW }), NOW);
    // About 250 000 characters: under the payload limit, over Forge's 240 KiB a value.
    const typeRules = Array.from({ length: 50 }, (_, r) => ({
      type: 'debt',
      labels: Array.from({ length: 20 }, (_, l) => `${r}-${l}-${'x'.repeat(240)}`),
    }));
    const error = await failure(
      local,
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 0, settings: { typeRules } },
      'acc-lead',
    );
    expect(error).toEqual({
      code: 'TOO_LARGE',
      message: expect.stringMatching(/^That is 2\d\d KiB to store; Forge keeps at most 240 KiB a value\.$/),
    });
    const projectId = emulator.site.project('AGPUSH')?.id ?? '';
    expect(local.kvs.entity('flow-settings', `project:${projectId}`)).toBeUndefined();
  });
});

describe("stored data that no longer parses, and the first release's settings", () => {
  const legacyValue = (settings: unknown): unknown => ({
    version: 1,
    revision: 3,
    settings,
    updatedAt: '2013-09-01T10:00:00.000Z',
    updatedBy: 'acc-lead',
  });

  test('corrupt settings fall back to the defaults, are reported, and are not overwritten by reading', async () => {
    const local = virtualForge(newEmulator(await emulatedSite(), { clock: () => NOW }), NOW);
    const projectId = emulator.site.project('AGPUSH')?.id ?? '';
    await local.kvs.handle(
      '/api/v1/set',
      JSON.stringify({
        key: `settings:project:${projectId}`,
        value: legacyValue({ trendPeriod: 'fortnight' }),
      }),
    );
    const view = settingsView.parse(await ok(local, 'getSettings', { projectKey: 'AGPUSH' }));
    expect(view).toMatchObject({
      isDefault: true,
      revision: 3,
      storedSettingsProblem: expect.stringMatching(/could not be read/),
    });
    expect(local.kvs.get(`settings:project:${projectId}`)).toMatchObject({
      settings: { trendPeriod: 'fortnight' },
    });
    // Saving at the stored revision replaces the broken value.
    const saved = settingsView.parse(
      await ok(local, 'saveSettings', { projectKey: 'AGPUSH', revision: 3, settings: {} }, 'acc-lead'),
    );
    expect(saved.revision).toBe(4);
  });

  test("settings kept under the first release's plain key are read, and the next save moves them in one transaction", async () => {
    const local = virtualForge(newEmulator(await emulatedSite(), { clock: () => NOW }), NOW);
    const projectId = emulator.site.project('AGPUSH')?.id ?? '';
    await local.kvs.handle(
      '/api/v1/set',
      JSON.stringify({ key: `settings:project:${projectId}`, value: legacyValue({ trendPeriod: 'month' }) }),
    );
    const read = settingsView.parse(await ok(local, 'getSettings', { projectKey: 'AGPUSH' }));
    expect(read).toMatchObject({
      revision: 3,
      isDefault: false,
      settings: { trendPeriod: 'month' },
      updatedByName: 'Lee Lead',
    });
    await ok(
      local,
      'saveSettings',
      { projectKey: 'AGPUSH', revision: 3, settings: { trendPeriod: 'week' } },
      'acc-lead',
    );
    expect(local.kvs.get(`settings:project:${projectId}`)).toBeUndefined();
    expect(local.kvs.entity('flow-settings', `project:${projectId}`)).toMatchObject({
      schemaVersion: 1,
      revision: 4,
      settings: { trendPeriod: 'week' },
      updatedBy: 'acc-lead',
    });
  });

  test('a corrupt entity reads as the defaults at its revision, and a save at that revision replaces it', async () => {
    const local = virtualForge(newEmulator(await emulatedSite(), { clock: () => NOW }), NOW);
    const projectId = emulator.site.project('AGPUSH')?.id ?? '';
    await local.kvs.handle(
      '/api/v1/entity/set',
      JSON.stringify({
        entityName: 'flow-settings',
        key: `project:${projectId}`,
        value: {
          schemaVersion: 1,
          revision: 7,
          settings: { targets: 'lots' },
          updatedAt: 'x',
          updatedBy: 'y',
        },
      }),
    );
    expect(settingsView.parse(await ok(local, 'getSettings', { projectKey: 'AGPUSH' }))).toMatchObject({
      isDefault: true,
      revision: 7,
    });
    expect(
      (await failure(local, 'saveSettings', { projectKey: 'AGPUSH', revision: 0, settings: {} }, 'acc-lead'))
        .code,
    ).toBe('CONFLICT');
    const saved = settingsView.parse(
      await ok(local, 'saveSettings', { projectKey: 'AGPUSH', revision: 7, settings: {} }, 'acc-lead'),
    );
    expect(saved).toMatchObject({ revision: 8, isDefault: false });
  });
});
