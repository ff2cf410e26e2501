import { z } from 'zod';
import { forgeAppTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { installForgeFetch } from '../../src/local/forge/forge-fetch';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { refreshAgreements } from '../../src/services/agreement-refresh';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { call, emulatedSite, newEmulator } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * A debt agreement's whole life through the resolvers, against the emulator, with the real
 * @forge/api and @forge/kvs (docs/debt-agreements.md). Every failure leaves Jira as it was.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
let emulator: JiraEmulator;
let forge: VirtualForge;
let writeCount = 0;

beforeEach(async () => {
  emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW);
});

const TERMS = {
  reason: 'deadline',
  impact: 'The REST endpoints return entities as they are stored; clients depend on internal fields.',
  impactAreas: ['complexity', 'delivery-speed'],
  interest: 'high',
  visibility: 'core',
  outcome: 'A stable 1.0 API that client SDKs can rely on.',
  repayment: 'minimum-payments',
  dueDate: '2013-10-30',
  reviewCadenceDays: 30,
  scores: { impact: 4, effort: 2, risk: 3, timeToValue: 3 },
};

const writeId = (): string => `w${String(++writeCount).padStart(8, '0')}`;

const view = z.looseObject({
  status: z.string().nullable(),
  problem: z.string().nullable(),
  repair: z.string().nullable(),
  revision: z.number(),
  canEdit: z.boolean(),
  agreement: z
    .looseObject({
      revision: z.number(),
      state: z.string(),
      history: z.array(z.looseObject({ action: z.string() })),
    })
    .nullable(),
});
const failure = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

async function ok(key: string, payload: unknown, who = 'acc-dev'): Promise<z.infer<typeof view>> {
  const r = z
    .object({ ok: z.boolean(), data: z.unknown().optional(), error: z.unknown().optional() })
    .parse(await forge.invoke(key, payload, who));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return view.parse(r.data);
}
async function refused(
  key: string,
  payload: unknown,
  who = 'acc-dev',
): Promise<z.infer<typeof failure>['error']> {
  return failure.parse(await forge.invoke(key, payload, who)).error;
}

/** The epic as Jira holds it: the property's JSON text and the labels. */
async function jiraState(key = 'AGPUSH-57'): Promise<{ property: string | null; labels: string[] }> {
  const prop = await call(
    emulator,
    'admin',
    'GET',
    `/rest/api/3/issue/${key}/properties/tech-debt-agreement`,
  );
  const issue = await call(emulator, 'admin', 'GET', `/rest/api/3/issue/${key}?fields=labels`);
  const labels = z.object({ fields: z.object({ labels: z.array(z.string()) }) }).parse(issue.body)
    .fields.labels;
  return { property: prop.status === 200 ? JSON.stringify(prop.body) : null, labels };
}

async function keysOf(jql: string): Promise<string[]> {
  const r = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', { jql, fields: ['summary'] });
  return z
    .object({ issues: z.array(z.object({ key: z.string() })) })
    .parse(r.body)
    .issues.map((i) => i.key);
}

const save = (revision: number, terms: unknown = TERMS, id = writeId()) => ({
  issueKey: 'AGPUSH-57',
  revision,
  writeId: id,
  terms,
});

describe('the lifecycle of an agreement on an epic', () => {
  test('record, find through JQL, edit, review, repay, reopen, cancel, delete', async () => {
    const empty = await ok('getAgreement', { issueKey: 'AGPUSH-57' });
    expect(empty).toMatchObject({
      status: null,
      agreement: null,
      revision: 0,
      canEdit: true,
      defaults: { dueDate: '2013-10-30', reviewCadenceDays: 30 },
    });

    const recorded = await ok('saveAgreement', save(0));
    expect(recorded).toMatchObject({
      status: 'on-track',
      revision: 1,
      agreement: { state: 'open', score: 5 },
    });
    const stored = await jiraState();
    expect(stored.labels).toContain('tech-debt-agreement');
    expect(stored.property?.length).toBeLessThan(32_768);
    expect(JSON.parse(stored.property ?? 'null')).toMatchObject({
      value: { state: 'open', status: 'on-track', dueDate: '2013-10-30' },
    });
    expect(await keysOf('labels = tech-debt-agreement')).toEqual(['AGPUSH-57']);
    expect(await keysOf('debtAgreementState = open')).toEqual(['AGPUSH-57']);
    expect(await keysOf('debtAgreementInterest = high AND debtAgreementScore > 4')).toEqual(['AGPUSH-57']);

    const edited = await ok(
      'saveAgreement',
      save(1, { ...TERMS, interest: 'medium', dueDate: '2013-08-10' }),
    );
    expect(edited).toMatchObject({ status: 'due-soon', revision: 2 });
    expect(edited.agreement?.history[0]).toMatchObject({
      action: 'edited',
      changes: ['interest', 'dueDate'],
    });

    const reviewed = await ok('reviewAgreement', {
      issueKey: 'AGPUSH-57',
      revision: 2,
      writeId: writeId(),
      note: 'Agreed to keep it',
    });
    expect(reviewed.agreement).toMatchObject({ lastReviewedBy: 'acc-dev', nextReviewDate: '2013-08-31' });

    const repaid = await ok('repayAgreement', { issueKey: 'AGPUSH-57', revision: 3, writeId: writeId() });
    expect(repaid).toMatchObject({ status: 'repaid', evidence: { repayment: { repaidOn: '2013-08-01' } } });
    expect(await keysOf('debtAgreementState = open')).toEqual([]);

    const reopened = await ok('reopenAgreement', { issueKey: 'AGPUSH-57', revision: 4, writeId: writeId() });
    const cancelled = await ok('cancelAgreement', {
      issueKey: 'AGPUSH-57',
      revision: reopened.revision,
      writeId: writeId(),
      note: 'Dropped with the old API',
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', agreement: { state: 'cancelled' } });
    expect(cancelled.agreement?.history.map((h) => h.action)).toEqual([
      'cancelled',
      'reopened',
      'repaid',
      'reviewed',
      'edited',
      'created',
    ]);

    expect(
      (await refused('deleteAgreement', { issueKey: 'AGPUSH-57', revision: cancelled.revision })).code,
    ).toBe('INVALID_INPUT');
    const deleted = await ok('deleteAgreement', {
      issueKey: 'AGPUSH-57',
      revision: cancelled.revision,
      confirm: true,
    });
    expect(deleted).toMatchObject({ status: null, agreement: null, revision: 0 });
    expect(await jiraState()).toEqual({ property: null, labels: [] });
    // A new agreement starts again from the first revision.
    expect(await ok('saveAgreement', save(0))).toMatchObject({ revision: 1 });
  });

  test('a retried save (its answer lost) is the same save, done once', async () => {
    const payload = save(0);
    const first = await ok('saveAgreement', payload);
    const again = await ok('saveAgreement', payload);
    expect([first.revision, again.revision]).toEqual([1, 1]);
    expect(again.agreement?.history).toHaveLength(1);
  });
});

describe('refusals leave Jira as it was', () => {
  test('a stale revision is a CONFLICT naming who changed it, and writes nothing', async () => {
    await ok('saveAgreement', save(0));
    await ok('saveAgreement', save(1, { ...TERMS, interest: 'low' }), 'acc-lead');
    const before = await jiraState();
    const stale = await refused('saveAgreement', save(1, { ...TERMS, interest: 'medium' }));
    expect(stale).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Lee Lead changed this agreement after you opened it/),
    });
    expect(await jiraState()).toEqual(before);
  });

  test('a person who may see the epic but not edit it gets NOT_PERMITTED, and nothing is written', async () => {
    expect(await ok('getAgreement', { issueKey: 'AGPUSH-57' }, 'acc-reader')).toMatchObject({
      canEdit: false,
    });
    expect((await refused('saveAgreement', save(0), 'acc-reader')).code).toBe('NOT_PERMITTED');
    expect(await jiraState()).toEqual({ property: null, labels: [] });
  });

  test('a person who may not see the epic gets NOT_FOUND, as if it did not exist', async () => {
    expect((await refused('getAgreement', { issueKey: 'AGPUSH-57' }, 'acc-outsider')).code).toBe('NOT_FOUND');
    expect((await refused('saveAgreement', save(0), 'acc-outsider')).code).toBe('NOT_FOUND');
  });

  test('a work item that is not an epic is refused, whatever the panel showed', async () => {
    expect(await refused('saveAgreement', { ...save(0), issueKey: 'AGPUSH-179' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'AGPUSH-179 is a Feature Request, not an epic: agreements are recorded on epics.',
    });
    expect(await jiraState('AGPUSH-179')).toEqual({ property: null, labels: [] });
  });

  test('terms that break the rules are refused field by field', async () => {
    const r = await refused(
      'saveAgreement',
      save(0, { ...TERMS, reason: 'other', dueDate: null, impact: 'x'.repeat(100_000) }),
    );
    expect(r.code).toBe('INVALID_INPUT');
    expect(Object.keys(r.fields ?? {})).toEqual(['terms.impact']);
    const rules = await refused('saveAgreement', save(0, { ...TERMS, reason: 'other', dueDate: null }));
    expect(Object.keys(rules.fields ?? {}).sort()).toEqual(['terms.dueDate', 'terms.reasonDetail']);
    expect(await jiraState()).toEqual({ property: null, labels: [] });
  });

  test('hostile text is stored and answered as plain text, control characters and overrides taken out', async () => {
    const hostile = '<script>alert("x")</script>\u0007 <img src=x onerror=alert(1)> \u202egnp.exe';
    const saved = await ok('saveAgreement', save(0, { ...TERMS, impact: hostile }));
    expect(saved.agreement).toMatchObject({
      impact: '<script>alert("x")</script> <img src=x onerror=alert(1)> gnp.exe',
    });
  });

  test('the property written and the label refused: the agreement is saved but invalid, and one click repairs it', async () => {
    emulator.injectFaults(
      ...Array.from({ length: 8 }, () => ({ status: 503, endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}' })),
    );
    const half = await ok('saveAgreement', save(0));
    expect(half).toMatchObject({
      status: 'invalid',
      repair: 'add-label',
      problem: expect.stringMatching(/lacks the tech-debt-agreement label/),
    });
    expect((await jiraState()).labels).toEqual([]);
    emulator.clearFaults();
    expect(await ok('repairAgreement', { issueKey: 'AGPUSH-57' })).toMatchObject({
      status: 'on-track',
      repair: null,
    });
    expect((await jiraState()).labels).toEqual(['tech-debt-agreement']);
  });

  test('Jira refusing the property leaves nothing written, and the next save goes through', async () => {
    emulator.injectFaults({
      status: 400,
      endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    });
    expect((await refused('saveAgreement', save(0))).code).toBe('INVALID_INPUT');
    expect(await jiraState()).toEqual({ property: null, labels: [] });
    expect(await ok('saveAgreement', save(0))).toMatchObject({ revision: 1, status: 'on-track' });
  });

  test('a property written by hand with garbage reads invalid, never crashes, and can be recorded over or deleted', async () => {
    await call(emulator, 'dev', 'PUT', '/rest/api/3/issue/AGPUSH-57/properties/tech-debt-agreement', {
      state: 'open',
      interest: ['no'],
    });
    const garbage = await ok('getAgreement', { issueKey: 'AGPUSH-57' });
    expect(garbage).toMatchObject({
      status: 'invalid',
      agreement: null,
      revision: 0,
      problem: expect.stringMatching(/cannot be read/),
    });
    const register = z
      .object({ rows: z.array(z.looseObject({ key: z.string(), status: z.string() })) })
      .parse(
        z
          .object({ data: z.unknown() })
          .parse(await forge.invoke('listAgreements', { projectKeys: ['AGPUSH'] }, 'acc-dev')).data,
      );
    expect(register.rows).toEqual([expect.objectContaining({ key: 'AGPUSH-57', status: 'invalid' })]);
    expect(await ok('saveAgreement', save(0))).toMatchObject({ status: 'on-track', revision: 1 });
  });
});

describe('twenty saves racing on one revision', () => {
  test('exactly one wins; every other is a CONFLICT; what is stored is the winner', async () => {
    const slow = virtualForge(emulator, NOW, new KvsStore({ latencyMs: 10 }));
    await z.unknown().parseAsync(await slow.invoke('saveAgreement', save(0), 'acc-dev'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        slow.invoke(
          'saveAgreement',
          save(1, { ...TERMS, outcome: `Outcome ${i}` }),
          i % 2 === 0 ? 'acc-dev' : 'acc-lead',
        ),
      ),
    );
    const parsed = answers.map((a) => z.object({ ok: z.boolean() }).loose().parse(a));
    const winners = parsed.filter((a) => a.ok);
    expect(winners).toHaveLength(1);
    expect(parsed.filter((a) => !a.ok).map((a) => failure.parse(a).error.code)).toEqual(
      Array.from({ length: 19 }, () => 'CONFLICT'),
    );
    const stored = z
      .object({ value: z.object({ revision: z.number(), outcome: z.string() }) })
      .parse(JSON.parse((await jiraState()).property ?? 'null'));
    const winner = view.parse(z.object({ data: z.unknown() }).parse(winners[0]).data);
    expect(stored.value).toMatchObject({
      revision: 2,
      outcome: (winner.agreement as { outcome?: string } | null)?.outcome,
    });
  });
});

describe('the daily refresh', () => {
  test("writes each open agreement's status as the app, so that plain JQL finds exactly the overdue ones", async () => {
    await ok('saveAgreement', save(0, { ...TERMS, dueDate: '2013-08-20' }));
    await ok('saveAgreement', { ...save(0, { ...TERMS, dueDate: '2013-12-31' }), issueKey: 'AGPUSH-66' });
    await ok('saveAgreement', { ...save(0, { ...TERMS, dueDate: '2013-08-15' }), issueKey: 'AGPUSH-70' });
    await ok('repayAgreement', { issueKey: 'AGPUSH-70', revision: 1, writeId: writeId() });
    expect(await keysOf('debtAgreementStatus = overdue')).toEqual([]);
    installForgeFetch({ kind: 'emulator', emulator }, forge.kvs);
    const later = Date.parse('2013-09-01T06:00:00Z');
    const app = new JiraClient(forgeAppTransport, { deadline: Date.now() + 60_000 });
    const outcome = await refreshAgreements(app, forgeKvsStore, later);
    expect(outcome).toMatchObject({ scanned: 2, refreshed: 2, failed: [], more: false });
    expect(await keysOf('debtAgreementStatus = overdue')).toEqual(['AGPUSH-57']);
    expect(await keysOf('debtAgreementStatus in (overdue, review-due)')).toEqual(['AGPUSH-57', 'AGPUSH-66']);
    // Run again the same day: nothing changes, nothing is written.
    expect(await refreshAgreements(app, forgeKvsStore, later)).toMatchObject({ refreshed: 0, unchanged: 2 });
  });
});

describe('the register', () => {
  test('every agreement of the project, ranked, with its status, progress and forecast; and as CSV', async () => {
    await ok('saveAgreement', { ...save(0, { ...TERMS, interest: 'low' }), issueKey: 'AGPUSH-66' });
    await ok('saveAgreement', save(0));
    const register = z
      .object({
        rows: z.array(
          z.looseObject({
            key: z.string(),
            status: z.string(),
            progress: z.unknown(),
            forecast: z.unknown(),
          }),
        ),
        jql: z.string(),
        dueForReviewThisWeek: z.number(),
      })
      .parse(
        z
          .object({ data: z.unknown() })
          .parse(await forge.invoke('listAgreements', { projectKeys: ['AGPUSH'] }, 'acc-reader')).data,
      );
    expect(register.rows.map((r) => r.key)).toEqual(['AGPUSH-57', 'AGPUSH-66']);
    expect(register.rows[0]).toMatchObject({
      status: 'on-track',
      // No child is classified debt: nothing to count, so no forecast (not "nothing left").
      progress: { done: 0, open: 0 },
      forecast: null,
    });
    expect(register.jql).toBe(
      'project in ("AGPUSH") AND (labels = tech-debt-agreement OR debtAgreementState in (open, repaid, cancelled)) ORDER BY debtAgreementDue ASC',
    );
    const csv = z
      .object({ data: z.object({ filename: z.string(), csv: z.string() }) })
      .parse(await forge.invoke('exportAgreementRegister', { projectKeys: ['AGPUSH'] }, 'acc-dev'));
    expect(csv.data.csv.split('\n')[1]).toMatch(
      /^AGPUSH-57,UnifiedPush: RESTful endpoints,AGPUSH,on-track,open,deadline,high,core,5,2013-10-30,/,
    );
    expect((await refused('listAgreements', { projectKeys: ['AGPUSH'] }, 'acc-outsider')).code).toBe(
      'NOT_FOUND',
    );
  });
});
