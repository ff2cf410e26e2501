import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { emulatedSite, newEmulator } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * The agreement panel and register read their space's last twelve weeks through the fact cache,
 * as the project page does (docs/jira.md#the-fact-cache): opened again, or after the page, they ask
 * Jira for the ids and what changed, not for the window's fields and changelogs again.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
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

test('the cache serves each person only what their own search returns', async () => {
  // The admin's open fills the cache; a developer who may not see AGPUSH is told it does not exist.
  await expect(forge.invoke('getAgreement', { issueKey: 'AGPUSH-57' }, 'acc-admin')).resolves.toMatchObject({
    ok: true,
  });
  await expect(forge.invoke('listAgreements', { projectKeys: ['AGPUSH'] }, 'acc-outsider')).resolves.toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: 'No space AGPUSH exists, or you may not see it.' },
  });
});
