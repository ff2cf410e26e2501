import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { emulatedSite, newEmulator, USERS } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The fact cache behind warm loads (docs/jira.md#the-fact-cache) is shared by everyone, so it must
 * never be what decides who sees what: each load's own search for ids does. Some AGPUSH work items
 * are put under an issue security level that only Dev may see; Rita reads the same project.
 */

const T0 = Date.parse('2020-01-01T09:00:00Z');
const HOUR = 3_600_000;
const WINDOW = { projectKey: 'AGPUSH', from: '2013-03-01', to: '2013-09-30' };
const STAFF_ONLY = 'Staff only';

const people = USERS.map((u) => (u.accountId === 'acc-dev' ? { ...u, securityLevels: [STAFF_ONLY] } : u));

let emulator: JiraEmulator;
let store: KvsStore;
let clock: number;

beforeEach(async () => {
  clock = T0;
  emulator = newEmulator(await emulatedSite(undefined, people), { clock: () => clock });
  store = new KvsStore();
});

/** The app at the current clock, over the same storage: one process of a long-lived install. */
function app(): VirtualForge {
  return virtualForge(emulator, clock, store);
}

const envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
const flowView = z.object({
  status: z.literal('ready'),
  issuesRead: z.number(),
  report: z.object({ velocity: z.object({ total: z.number() }) }),
});
const itemsView = z.object({
  rows: z.array(
    z.object({ key: z.string(), type: z.string(), completion: z.string().nullable(), canceled: z.boolean() }),
  ),
});

async function data(accountId: string, functionKey: string): Promise<unknown> {
  const r = envelope.parse(await app().invoke(functionKey, WINDOW, accountId));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data;
}
const flow = async (accountId: string) => flowView.parse(await data(accountId, 'getProjectFlow'));
const rows = async (accountId: string) => itemsView.parse(await data(accountId, 'getProjectItems')).rows;

/** Five work items completed in the window, put under the level an hour before the first load. */
async function secureFive(): Promise<string[]> {
  const completed = (await rows('acc-admin')).filter((r) => r.completion !== null && !r.canceled).slice(0, 5);
  store = new KvsStore();
  const keys = completed.map((r) => r.key);
  for (const key of keys) emulator.setSecurityLevel(key, STAFF_ONLY, T0 - HOUR);
  return keys;
}

test('a cached fact is never served to a user whose own search did not return the issue', async () => {
  const secured = await secureFive();
  const dev = await flow('acc-dev');
  // Dev's load cached the facts of every item, the five included.
  const cachedIds = new Set(store.keys().filter((k) => k.startsWith('flow-facts:')));
  expect(cachedIds.size).toBeGreaterThan(0);

  emulator.clearLog();
  const rita = await flow('acc-reader');
  expect(rita.issuesRead).toBe(dev.issuesRead - 5);
  expect(rita.report.velocity.total).toBe(dev.report.velocity.total - 5);
  // Everything Rita was shown came from the cache: the space, her id search and the search for
  // changes only.
  expect(emulator.counts()).toEqual({
    'GET /rest/api/3/project/{projectIdOrKey}': 1,
    'POST /rest/api/3/search/jql': 2,
  });
  const ritaKeys = (await rows('acc-reader')).map((r) => r.key);
  for (const key of secured) expect(ritaKeys).not.toContain(key);
  const devKeys = (await rows('acc-dev')).map((r) => r.key);
  for (const key of secured) expect(devKeys).toContain(key);
});

test('permission changes take effect on the next load, with facts as Jira holds them then', async () => {
  const secured = await secureFive();
  const [hidden = ''] = secured;
  await flow('acc-dev');

  // While Rita cannot see it, someone relabels one of the five as technical debt, and nobody who
  // can see it opens the page: the cache still holds its fact from before. Rita loads the page
  // after that edit, so her own last sync is later than the edit.
  clock = T0 + HOUR;
  const issue = emulator.site.issue(hidden);
  if (issue === undefined) throw new Error(`no ${hidden}`);
  emulator.site.relabel(issue, [...(issue.parsed.fields.labels ?? []), 'tech-debt'], clock, null);
  emulator.siteChanged();
  clock = T0 + 2 * HOUR;
  const before = await flow('acc-reader');

  // Rita joins the group of the level (no work item changes); her next load shows the five, the
  // relabelled one as it is now, although her last sync came after its edit.
  clock = T0 + 3 * HOUR;
  emulator.setUserSecurityLevels('acc-reader', [STAFF_ONLY]);
  const granted = await flow('acc-reader');
  expect(granted.issuesRead).toBe(before.issuesRead + 5);
  const grantedRows = await rows('acc-reader');
  expect(grantedRows.find((r) => r.key === hidden)?.type).toBe('debt');
  for (const key of secured) expect(grantedRows.map((r) => r.key)).toContain(key);

  // And she leaves it again: the next load no longer shows them, cache or not.
  clock = T0 + 4 * HOUR;
  emulator.setUserSecurityLevels('acc-reader', []);
  const revoked = await flow('acc-reader');
  expect(revoked.issuesRead).toBe(before.issuesRead);
  const revokedKeys = (await rows('acc-reader')).map((r) => r.key);
  for (const key of secured) expect(revokedKeys).not.toContain(key);

  // An issue taken out of the level is an edit: it is back for her at once.
  clock = T0 + 5 * HOUR;
  emulator.setSecurityLevel(hidden, null, clock);
  expect((await flow('acc-reader')).issuesRead).toBe(before.issuesRead + 1);
});

test('a user who may not browse the project is refused, though its facts are cached from others', async () => {
  await flow('acc-reader');
  expect(store.keys().some((k) => k.startsWith('flow-facts:'))).toBe(true);
  emulator.clearLog();
  const r = envelope.parse(await app().invoke('getProjectFlow', WINDOW, 'acc-outsider'));
  expect(r).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: 'No space AGPUSH exists, or you may not see it.' },
  });
  // Jira's answer to them about the space was the one request: nothing cached was read for them.
  expect(emulator.log.map((e) => [e.endpoint, e.status])).toEqual([
    ['/rest/api/3/project/{projectIdOrKey}', 404],
  ]);
});

const refreshingView = z.object({
  status: z.literal('refreshing'),
  progress: z.object({ done: z.number(), total: z.number() }),
});

test('a load too big for one call continues in the consumer, as the app, and then shows only what the user may see', async () => {
  await secureFive();
  const expected = await flow('acc-reader');
  store = new KvsStore();
  emulator.clearLog();
  // One call may fetch 50 facts here: the window holds more.
  const forge = virtualForge(emulator, clock, store, 50);
  const ask = async (): Promise<unknown> => {
    const r = envelope.parse(await forge.invoke('getProjectFlow', WINDOW, 'acc-reader'));
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.data;
  };
  const first = refreshingView.parse(await ask());
  expect(first.progress).toEqual({ done: 0, total: expected.issuesRead });
  // The resolver answered before fetching any fact; the consumer does that, as the app.
  const byResolver = emulator.log.filter((e) => e.actor !== 'app');
  expect(byResolver.filter((e) => e.endpoint === '/rest/api/3/changelog/bulkfetch')).toEqual([]);

  await forge.forge.queue.idle();
  expect(forge.forge.queue.failures).toEqual([]);
  const byApp = emulator.log.filter((e) => e.actor === 'app');
  expect(byApp.some((e) => e.endpoint === '/rest/api/3/changelog/bulkfetch')).toBe(true);

  // The app saw the secured five too, and cached them; Rita's own search still leaves them out.
  const ready = flowView.parse(await ask());
  expect(ready.issuesRead).toBe(expected.issuesRead);
  expect(ready.report.velocity.total).toBe(expected.report.velocity.total);
});
