import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { emulatedSite, newEmulator, USERS } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The agreement panel and register read their space's last twelve weeks through the fact cache,
 * as the project page does (docs/jira.md#the-fact-cache): opened again, or after the page, they ask
 * Jira for the ids and what changed, not for the window's fields and changelogs again.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
const STAFF_ONLY = 'Staff only';
let emulator: JiraEmulator;
let forge: VirtualForge;

beforeEach(async () => {
  emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW);
});

interface Cost {
  readonly answer: unknown;
  readonly calls: number;
  readonly bulkfetches: number;
  /** Work items Jira's answers carried, searches and changelog fetches together. */
  readonly issues: number;
}

async function cost(key: string, payload: unknown, accountId = 'acc-dev'): Promise<Cost> {
  emulator.clearLog();
  const answer = await forge.invoke(key, payload, accountId);
  const log = emulator.log;
  return {
    answer,
    calls: log.length,
    bulkfetches: log.filter((e) => e.endpoint.includes('changelog/bulkfetch')).length,
    issues: log.reduce((n, e) => n + (e.issues ?? 0), 0),
  };
}

test('the panel opened again reads the space from the cache, and answers the same', async () => {
  const cold = await cost('getAgreement', { issueKey: 'AGPUSH-57' });
  const warm = await cost('getAgreement', { issueKey: 'AGPUSH-57' });
  expect(cold.answer).toMatchObject({ ok: true });
  expect(warm.answer).toEqual(cold.answer);
  // Cold: the window's changelogs and the epic's children's; warm: the children's alone.
  expect({ bulkfetches: warm.bulkfetches, fewerIssues: warm.issues < cold.issues }).toEqual({
    bulkfetches: cold.bulkfetches - 1,
    fewerIssues: true,
  });
});

test('after the project page, the panel and the register find the space cached', async () => {
  const page = await cost('getProjectFlow', { projectKey: 'AGPUSH', weeks: 12 });
  expect(page.answer).toMatchObject({ ok: true, data: { status: 'ready' } });
  const panel = await cost('getAgreement', { issueKey: 'AGPUSH-57' });
  const register = await cost('listAgreements', { projectKeys: ['AGPUSH'] });
  expect(panel.answer).toMatchObject({ ok: true });
  expect(register.answer).toMatchObject({ ok: true });
  // What each reads of its own besides the window: the epic's children, the agreements' children.
  expect(panel.bulkfetches).toBeLessThanOrEqual(1);
  expect(register.bulkfetches).toBeLessThanOrEqual(1);
  expect(panel.issues).toBeLessThan(page.issues);
  expect(register.issues).toBeLessThan(page.issues);
});

test("what an admin's open cached is never shown to a reader who may not see it", async () => {
  // Every AGPUSH work item but the epic under a level only the admin may see, an hour before.
  const people = USERS.map((u) => (u.accountId === 'acc-admin' ? { ...u, securityLevels: [STAFF_ONLY] } : u));
  const site = newEmulator(await emulatedSite(undefined, people), { clock: () => NOW });
  for (const issue of site.site.issues)
    if (issue.parsed.key.startsWith('AGPUSH-') && issue.parsed.key !== 'AGPUSH-57')
      site.setSecurityLevel(issue.parsed.key, STAFF_ONLY, NOW - 3_600_000);
  const shared = virtualForge(site, NOW);
  const asks: [string, unknown][] = [
    ['getAgreement', { issueKey: 'AGPUSH-57' }],
    ['listAgreements', { projectKeys: ['AGPUSH'] }],
  ];
  // The admin's opens fill the cache with every item of the window.
  for (const [key, payload] of asks)
    await expect(shared.invoke(key, payload, 'acc-admin')).resolves.toMatchObject({ ok: true });
  for (const [key, payload] of asks) {
    const afterAdmin = await shared.invoke(key, payload, 'acc-reader');
    // The same reader on storage nobody else has filled.
    const alone = await virtualForge(site, NOW, new KvsStore()).invoke(key, payload, 'acc-reader');
    expect(alone).toMatchObject({ ok: true });
    expect({ key, answer: afterAdmin }).toEqual({ key, answer: alone });
  }
});
