import { z } from 'zod';
import { applyAction } from '../../src/domain/agreement-actions';
import { Zone } from '../../src/domain/calendar';
import { forgeAppTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import {
  continueRefresh,
  refreshAgreements,
  type RefreshJob,
  type RefreshOutcome,
} from '../../src/services/agreement-refresh';
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
