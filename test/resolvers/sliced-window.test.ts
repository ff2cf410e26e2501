import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { resampleIssues } from '../../src/local/dataset/resample';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { virtualForge } from '../support/local-forge';

/**
 * A window of more than one page of ids (docs/jira.md#slices-of-the-id-search), through the real
 * resolver: 6 000 work items resampled from AGPUSH's real timelines. The second load asks for the
 * ids in two slices side by side and gives the very same figures; when the issue at a cut can no
 * longer be seen, the load falls back to the whole search and shows exactly what a load without
 * any cache shows.
 */

const NOW = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;
const PROJECT = { id: '20000', key: 'BENCH', name: 'Resampled AGPUSH' };
const STAFF_ONLY = 'Staff only';
const USERS = [
  {
    accountId: 'acc-rita',
    emailAddress: 'rita@example.com',
    displayName: 'Rita Reader',
    apiToken: 'rita-token',
    browse: ['BENCH'],
  },
];

let emulator: JiraEmulator;

beforeAll(async () => {
  const demo = path.join(__dirname, '..', '..', 'demo', 'agpush.jsonl.gz');
  const sources = gunzipSync(readFileSync(demo))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l): unknown => JSON.parse(l));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-sliced-'));
  const issues = resampleIssues(sources, { items: 6000, seed: 7, end: NOW, spanDays: 365, project: PROJECT });
  writeFileSync(path.join(dir, 'issues.json'), JSON.stringify(issues));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(USERS));
  emulator = new JiraEmulator(new EmulatedSite(await loadDataset(dir, { keepRaw: true })), {
    clock: () => NOW,
  });
});

const answer = z.object({
  ok: z.literal(true),
  data: z.object({
    status: z.literal('ready'),
    issuesRead: z.number(),
    report: z.record(z.string(), z.unknown()),
  }),
});

async function load(store: KvsStore, at = NOW): Promise<z.infer<typeof answer>['data']> {
  const r = await virtualForge(emulator, at, store).invoke(
    'getProjectFlow',
    { projectKey: 'BENCH', weeks: 52 },
    'acc-rita',
  );
  return answer.parse(r).data;
}

const idSearches = (): number => emulator.counts()['POST /rest/api/3/search/jql'] ?? 0;

/** The cuts Rita's sync record keeps, as stored. */
function cutsOf(store: KvsStore): [string, string][] {
  const key = store.keys().find((k) => k.startsWith('flow-sync:'));
  const record = z
    .object({ cuts: z.array(z.tuple([z.string(), z.array(z.tuple([z.string(), z.string()]))])) })
    .parse(store.get(key ?? ''));
  return record.cuts.flatMap(([, cuts]) => cuts);
}

test('the second load asks for the ids in slices and shows the same figures', async () => {
  const store = new KvsStore();
  const cold = await load(store);
  expect(cold.issuesRead).toBeGreaterThan(5000);
  const cuts = cutsOf(store);
  expect(cuts).toHaveLength(1);

  emulator.clearLog();
  const warm = await load(store);
  // Two slices of ids of about half the window each (not a page of 5000 and the rest), and the
  // search for changes.
  expect(idSearches()).toBe(3);
  const idAnswers = emulator.log.map((e) => e.issues ?? 0).filter((n) => n > 1000);
  expect(idAnswers).toHaveLength(2);
  for (const n of idAnswers) expect(Math.abs(n - cold.issuesRead / 2)).toBeLessThan(10);
  expect(warm).toEqual(cold);
});

test('a cut whose issue the user can no longer see: the whole search, and what Jira shows now', async () => {
  const store = new KvsStore();
  await load(store);
  const cutKey = cutsOf(store)[0]?.[0] ?? '';
  emulator.setSecurityLevel(cutKey, STAFF_ONLY, NOW - HOUR);

  emulator.clearLog();
  const later = await load(store, NOW + HOUR);
  // The slices, then the whole search (two pages) when the cut's issue did not come back, then changes.
  expect(idSearches()).toBe(5);
  const fresh = await load(new KvsStore(), NOW + HOUR);
  expect(later).toEqual(fresh);
  expect(fresh.issuesRead).toBeGreaterThan(5000);
});

test('a load handed to the consumer keeps the facts of the first page it had already asked for', async () => {
  const store = new KvsStore();
  // One call may fetch 100 facts here: the window holds far more.
  const forge = virtualForge(emulator, NOW + 2 * HOUR, store, 100);
  const ask = (): Promise<unknown> =>
    forge.invoke('getProjectFlow', { projectKey: 'BENCH', weeks: 52 }, 'acc-rita');
  const refreshing = z.object({
    ok: z.literal(true),
    data: z.object({
      status: z.literal('refreshing'),
      progress: z.object({ done: z.number(), total: z.number() }),
    }),
  });
  const first = refreshing.parse(await ask()).data;
  // The first page of ids (5000) had its facts fetched while Jira sent the second.
  expect(first.progress.done).toBe(5000);
  expect(first.progress.total).toBeGreaterThan(5000);

  await forge.forge.queue.idle();
  expect(forge.forge.queue.failures).toEqual([]);
  const ready = answer.parse(await ask()).data;
  expect(ready).toEqual(await load(new KvsStore(), NOW + 2 * HOUR));
});
