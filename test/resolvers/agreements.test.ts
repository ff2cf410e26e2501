import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NEEDS_THE_TEAM_JQL } from '../../src/jira/agreement-index';
import { forgeAppTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { installForgeFetch } from '../../src/local/forge/forge-fetch';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { refreshAgreements } from '../../src/services/agreement-refresh';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { AGREEMENT_TERMS, agreementCalls, refusal } from '../support/agreement-calls';
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

const TERMS = AGREEMENT_TERMS;
const { ok, write, refused, jiraState } = agreementCalls(
  () => forge,
  () => emulator,
);
const wrote = async (key: string, payload: unknown, who?: string) => (await write(key, payload, who)).written;

const writeId = (): string => `w${String(++writeCount).padStart(8, '0')}`;

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
    expect(JSON.stringify(stored.property).length).toBeLessThan(32_768);
    expect(stored.property).toMatchObject({ state: 'open', status: 'on-track', dueDate: '2013-10-30' });
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
      (
        await refused('deleteAgreement', {
          issueKey: 'AGPUSH-57',
          revision: cancelled.revision,
          writeId: writeId(),
        })
      ).code,
    ).toBe('INVALID_INPUT');
    const deleteId = writeId();
    const deleted = await wrote('deleteAgreement', {
      issueKey: 'AGPUSH-57',
      revision: cancelled.revision,
      writeId: deleteId,
      confirm: true,
    });
    expect(deleted).toMatchObject({ action: 'deleted', revision: 7, labelled: false, repeated: false });
    expect(await ok('getAgreement', { issueKey: 'AGPUSH-57' })).toMatchObject({
      status: null,
      agreement: null,
      // The revision it was deleted at: a change based on the deleted agreement names 6 and is refused.
      revision: 7,
    });
    expect(await jiraState()).toEqual({ property: null, labels: [] });
    expect((await refused('saveAgreement', save(6))).code).toBe('CONFLICT');
    // The same delete sent again (its answer lost) is the same delete.
    expect(
      await wrote('deleteAgreement', {
        issueKey: 'AGPUSH-57',
        revision: 6,
        writeId: deleteId,
        confirm: true,
      }),
    ).toMatchObject({ action: 'deleted', revision: 7, repeated: true });
    // A new agreement goes on from the deleted one's revision.
    expect(await ok('saveAgreement', save(7))).toMatchObject({ revision: 8 });
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
    expect(parsed.filter((a) => !a.ok).map((a) => refusal.parse(a).error.code)).toEqual(
      Array.from({ length: 19 }, () => 'CONFLICT'),
    );
    const stored = z
      .object({ revision: z.number(), outcome: z.string() })
      .parse((await jiraState()).property);
    const winner = z
      .object({ data: z.object({ view: z.object({ agreement: z.object({ outcome: z.string() }) }) }) })
      .parse(winners[0]).data.view;
    expect(stored).toMatchObject({ revision: 2, outcome: winner.agreement.outcome });
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
    const outcome = await refreshAgreements(app, forgeKvsStore, null, later);
    expect(outcome).toMatchObject({ scanned: 2, refreshed: 2, failed: [], queued: 0 });
    expect(await keysOf('debtAgreementStatus = overdue')).toEqual(['AGPUSH-57']);
    expect(await keysOf('debtAgreementStatus in (overdue, review-due)')).toEqual(['AGPUSH-57', 'AGPUSH-66']);
    // Run again the same day: nothing changes, nothing is written.
    expect(await refreshAgreements(app, forgeKvsStore, null, later)).toMatchObject({
      refreshed: 0,
      unchanged: 2,
    });
  });
});

describe('the reminder filter of the README', () => {
  test('finds every agreement that needs the team this week: overdue, due, or due for review by Sunday', async () => {
    const terms = (dueDate: string, reviewCadenceDays: number) => ({ ...TERMS, dueDate, reviewCadenceDays });
    await ok('saveAgreement', save(0, terms('2013-08-20', 30))); // overdue by the 28th
    await ok('saveAgreement', { ...save(0, terms('2013-12-31', 30)), issueKey: 'AGPUSH-66' }); // review on Sat 31st
    await ok('saveAgreement', { ...save(0, terms('2013-09-05', 20)), issueKey: 'AGPUSH-70' }); // due soon, review late
    await ok('saveAgreement', { ...save(0, terms('2013-12-31', 60)), issueKey: 'AGPUSH-71' }); // nothing this week
    installForgeFetch({ kind: 'emulator', emulator }, forge.kvs);
    const wednesday = Date.parse('2013-08-28T06:00:00Z');
    const app = new JiraClient(forgeAppTransport, { deadline: Date.now() + 60_000 });
    await refreshAgreements(app, forgeKvsStore, null, wednesday);
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(NEEDS_THE_TEAM_JQL);
    expect(await keysOf(NEEDS_THE_TEAM_JQL)).toEqual(['AGPUSH-57', 'AGPUSH-70', 'AGPUSH-66']);
    // The register of that moment counts the same reviews as due this week.
    const later = virtualForge(emulator, wednesday, forge.kvs);
    const register = z
      .object({ data: z.object({ dueForReviewThisWeek: z.number() }).loose() })
      .parse(await later.invoke('listAgreements', { projectKeys: ['AGPUSH'] }, 'acc-dev'));
    expect(register.data.dueForReviewThisWeek).toBe(3);
    // A status alone cannot say it: due soon wins over a review that is due.
    expect(
      await keysOf('debtAgreementState = open AND debtAgreementStatus in (overdue, review-due)'),
    ).toEqual(['AGPUSH-57']);
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
