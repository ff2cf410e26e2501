import { z } from 'zod';
import { applyAction } from '../../src/domain/agreement-actions';
import { Zone } from '../../src/domain/calendar';
import { forgeAppTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import {
  continueRefresh,
  MAX_REFRESH_ROUNDS,
  refreshAgreements,
  type RefreshJob,
  type RefreshOutcome,
} from '../../src/services/agreement-refresh';
import { withLease } from '../../src/services/agreement-store';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { SAMPLE_TERMS } from '../support/agreement-terms';
import { agpushCopies, call, emulatedSite, newEmulator } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The daily refresh reaches every open agreement, however many: what one run has no time for goes
 * to the queue in batches, and each batch is refreshed by an event of its own
 * (docs/debt-agreements.md#staying-current-without-opening-the-app).
 */

const CREATED = Date.parse('2013-08-01T09:00:00Z');
const LATER = Date.parse('2013-09-01T06:00:00Z');
let emulator: JiraEmulator;
let forge: VirtualForge;

/** Every epic of the site, each given an open agreement due on 2013-08-20, as a person would record it. */
async function agreementsOnEveryEpic(): Promise<string[]> {
  const found = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
    jql: 'issuetype = Epic ORDER BY key ASC',
    fields: [],
    maxResults: 5000,
  });
  const ids = z
    .object({ issues: z.array(z.object({ id: z.string() })) })
    .parse(found.body)
    .issues.map((i) => i.id);
  for (const id of ids) {
    const made = applyAction(
      null,
      {
        kind: 'save',
        terms: { ...SAMPLE_TERMS, dueDate: '2013-08-20' },
      },
      {
        by: 'acc-dev',
        now: CREATED,
        zone: new Zone('UTC'),
        writeId: `seed-${id}`,
        writeDigest: '',
        revision: 1,
      },
    );
    if (!made.ok) throw new Error(made.message);
    await call(
      emulator,
      'admin',
      'PUT',
      `/rest/api/3/issue/${id}/properties/tech-debt-agreement`,
      made.agreement,
    );
    await call(emulator, 'admin', 'PUT', `/rest/api/3/issue/${id}`, {
      update: { labels: [{ add: 'tech-debt-agreement' }] },
    });
  }
  return ids;
}

async function count(jql: string): Promise<number> {
  const r = await call(emulator, 'admin', 'POST', '/rest/api/3/search/jql', {
    jql,
    fields: [],
    maxResults: 5000,
  });
  return z.object({ issues: z.array(z.unknown()) }).parse(r.body).issues.length;
}

test('more open agreements than one run takes: the rest go through the queue, and every one is refreshed', async () => {
  // 50 copies of AGPUSH: 550 epics, past the 500 the refresh once stopped at.
  emulator = newEmulator(await emulatedSite([agpushCopies(50)]), { clock: () => LATER });
  forge = virtualForge(emulator, LATER);
  const epics = await agreementsOnEveryEpic();
  expect(epics).toHaveLength(550);
  expect(await count('debtAgreementStatus = overdue')).toBe(0);

  const queued: RefreshJob[] = [];
  const queue = { push: (jobs: readonly RefreshJob[]) => Promise.resolve(void queued.push(...jobs)) };
  // A run with less time left than a batch needs hands every batch to the queue.
  const short = new JiraClient(forgeAppTransport, { deadline: Date.now() + 20_000 });
  const first = await forge.forge.runAsApp(() => refreshAgreements(short, forgeKvsStore, queue, LATER));
  expect(first).toMatchObject({ scanned: 0, refreshed: 0, queued: 550 });
  expect(queued.map((j) => j.epicIds.length)).toEqual([200, 200, 150]);

  const runs: RefreshOutcome[] = [];
  for (const job of queued) {
    const app = new JiraClient(forgeAppTransport, { deadline: Date.now() + 60_000, concurrency: 8 });
    runs.push(await forge.forge.runAsApp(() => continueRefresh(app, forgeKvsStore, queue, job)));
  }
  expect(runs.reduce((n, r) => n + r.refreshed, 0)).toBe(550);
  expect(runs.flatMap((r) => r.failed)).toEqual([]);
  expect(await count('debtAgreementStatus = overdue')).toBe(550);
  expect(await count('debtAgreementAttention = overdue')).toBe(550);

  // The next run the same day finds nothing to write.
  const again = new JiraClient(forgeAppTransport, { deadline: Date.now() + 120_000, concurrency: 8 });
  expect(
    await forge.forge.runAsApp(() => refreshAgreements(again, forgeKvsStore, null, LATER)),
  ).toMatchObject({
    scanned: 550,
    refreshed: 0,
    unchanged: 550,
  });
}, 120_000);

test('a run whose time runs out inside a batch hands the epics it did not finish to the queue, once each', async () => {
  emulator = newEmulator(await emulatedSite([agpushCopies(5)]), { clock: () => LATER });
  forge = virtualForge(emulator, LATER);
  const epics = await agreementsOnEveryEpic();
  expect(epics).toHaveLength(55);

  const queued: RefreshJob[] = [];
  const queue = { push: (jobs: readonly RefreshJob[]) => Promise.resolve(void queued.push(...jobs)) };
  // A clock that moves on each time it is read: a slow Jira, whose time runs out part way
  // through the first batch of 40 (the reserve for a batch is 30 s, for an epic 20 s).
  let clock = 0;
  const slow = new JiraClient(forgeAppTransport, {
    deadline: 45_000,
    now: () => (clock += 250),
  });
  const first = await forge.forge.runAsApp(() => refreshAgreements(slow, forgeKvsStore, queue, LATER, 40));
  expect(first.scanned).toBe(40);
  expect(first.refreshed).toBeGreaterThan(0);
  expect(first.refreshed).toBeLessThan(40);
  expect(first.failed).toEqual([]);
  // The second batch, never started, as it was; the first batch's rest as a round of its own.
  expect(queued[0]).toMatchObject({ epicIds: epics.slice(40) });
  expect(queued[1]).toMatchObject({ round: 1 });
  expect(first.queued).toBe(15 + 40 - first.refreshed);

  let refreshed = first.refreshed;
  // Jobs an event hands on are pushed to `queued` as it is walked; an array's iterator sees them.
  for (const job of queued) {
    const app = new JiraClient(forgeAppTransport, { deadline: Date.now() + 60_000, concurrency: 8 });
    const run = await forge.forge.runAsApp(() => continueRefresh(app, forgeKvsStore, queue, job));
    expect(run.failed).toEqual([]);
    refreshed += run.refreshed;
  }
  // Every epic written once: none lost between the run and the queue, none written twice.
  expect(refreshed).toBe(55);
  expect(queued).toHaveLength(2);
  expect(await count('debtAgreementStatus = overdue')).toBe(55);
}, 60_000);

test('an event that can never finish its epics stops handing them on, and says which', async () => {
  emulator = newEmulator(await emulatedSite([agpushCopies(1)]), { clock: () => LATER });
  forge = virtualForge(emulator, LATER);
  const epics = await agreementsOnEveryEpic();
  const queued: RefreshJob[] = [];
  const queue = { push: (jobs: readonly RefreshJob[]) => Promise.resolve(void queued.push(...jobs)) };
  const job: RefreshJob = { kind: 'refresh-agreements', at: LATER, epicIds: epics, round: 0 };
  // No time at all: every round hands the batch on, until the last says what it could not do.
  for (let round = 0; round <= MAX_REFRESH_ROUNDS; round++) {
    const none = new JiraClient(forgeAppTransport, { deadline: Date.now() + 10_000 });
    const run = await forge.forge.runAsApp(() =>
      continueRefresh(none, forgeKvsStore, queue, { ...job, round }),
    );
    if (round < MAX_REFRESH_ROUNDS) {
      expect(run).toMatchObject({ scanned: 0, queued: epics.length, failed: [] });
      expect(queued.at(-1)).toMatchObject({ epicIds: epics, round: round + 1 });
    } else {
      expect(run.queued).toBe(0);
      expect(run.failed.map((f) => f.key)).toEqual(epics);
    }
  }
  expect(queued).toHaveLength(MAX_REFRESH_ROUNDS);
  expect(await count('debtAgreementStatus = overdue')).toBe(0);
});

test('a lease whose storage does not answer gives up within its own time, not the run’s', async () => {
  emulator = newEmulator(await emulatedSite([agpushCopies(1)]), { clock: () => LATER });
  forge = virtualForge(emulator, LATER);
  const [epic] = await agreementsOnEveryEpic();
  // The lock's transaction is taken and never answered, as a storage outage would.
  forge.kvs.injectFaults({ status: 'hang', path: '/api/v1/transaction' });
  // One epic's share of a long run (the refresh gives each its own deadline, jira.within).
  const run = new JiraClient(forgeAppTransport, { deadline: Date.now() + 600_000 });
  const oneEpic = run.within(Date.now() + 300);
  await expect(
    forge.forge.runAsApp(() =>
      withLease(
        oneEpic,
        forgeKvsStore,
        { id: epic ?? '', key: 'AGPUSH-1' },
        { writeId: 'w', accountId: 'a' },
        () => Promise.resolve('written'),
      ),
    ),
  ).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  // Without the bound it waits on storage for as long as the run lasts (the test's timeout).
});
