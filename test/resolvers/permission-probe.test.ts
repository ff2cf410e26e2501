import { FUNCTION_KEYS, type FunctionKey } from '../../src/contract-table';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { emulatedSite, newEmulator } from '../support/emulated-site';
import { payloadsFor } from '../support/contract-payloads';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * For a person who may not see a space, every answer of every resolver is the answer for a space
 * that does not exist: the same words (naming the key as they gave it), and the same Jira and
 * storage calls behind it, so that not even its cost tells them apart; before anyone who may see
 * the space has loaded it, and after, whatever was cached (docs/architecture.md#who-sees-what).
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
const OUTSIDER = 'acc-outsider'; // browses AEROGEAR only
let emulator: JiraEmulator;
let forge: VirtualForge;

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  forge = virtualForge(emulator, NOW);
});

/** The payloads a probe sends: every function, and the fields that narrow a space's read too. */
function probes(space: string, issue: string): [string, FunctionKey, unknown][] {
  const all = payloadsFor(space, issue);
  return [
    ...FUNCTION_KEYS.map((key): [string, FunctionKey, unknown] => [key, key, all[key]]),
    ['getProjectFlow with a filter', 'getProjectFlow', { projectKey: space, filter: 'labels = refactoring' }],
    [
      'getProjectFlow over a window',
      'getProjectFlow',
      { projectKey: space, from: '2013-01-01', to: '2013-03-31' },
    ],
    ['listAgreements of two spaces', 'listAgreements', { projectKeys: ['AEROGEAR', space] }],
    ['findPeople with no query', 'findPeople', { projectKey: space, query: '' }],
  ];
}

interface Observed {
  readonly answer: string;
  readonly jira: string[];
  readonly storage: string[];
}

/** What the outsider gets, and what it cost, with the key they gave written as KEY. */
async function observe(key: FunctionKey, payload: unknown, space: string, issue: string): Promise<Observed> {
  const jiraBefore = emulator.log.length;
  const storageBefore = new Map(forge.kvs.requests);
  const answer = JSON.stringify(await forge.invoke(key, payload, OUTSIDER));
  const storage = [...forge.kvs.requests].flatMap(([path, n]) =>
    Array.from({ length: n - (storageBefore.get(path) ?? 0) }, () => path),
  );
  return {
    answer: answer.split(issue).join('ISSUE').split(space).join('KEY'),
    jira: emulator.log.slice(jiraBefore).map((e) => `${e.method} ${e.endpoint} ${e.status}`),
    storage: storage.sort(),
  };
}

async function probeAll(hidden: string, absent: string): Promise<void> {
  const hiddenProbes = probes(hidden, `${hidden}-57`);
  const absentProbes = probes(absent, `${absent}-57`);
  for (const [i, [name, key, payload]] of hiddenProbes.entries()) {
    const [, , absentPayload] = absentProbes[i] ?? [];
    const seen = await observe(key, payload, hidden, `${hidden}-57`);
    const nothing = await observe(key, absentPayload, absent, `${absent}-57`);
    expect({ name, ...seen }).toEqual({ name, ...nothing });
    // None of it names the space as Jira knows it: its key, id or name.
    const agpush = emulator.site.projects.find((p) => p.key === 'AGPUSH');
    const told = seen.answer.replace(/KEY|ISSUE/g, '');
    for (const secret of ['AGPUSH', agpush?.id ?? 'AGPUSH', agpush?.name ?? 'AGPUSH'])
      expect({ name, secret, told: told.includes(secret) }).toEqual({ name, secret, told: false });
  }
}

test('before anyone who may see the space has loaded it', async () => {
  await probeAll('AGPUSH', 'NOSUCH');
  await probeAll('agpush', 'nosuch');
});

test('after its admin has loaded every view of it, filling every cache', async () => {
  for (const [, key, payload] of probes('AGPUSH', 'AGPUSH-57'))
    if (!key.endsWith('Agreement') || key === 'getAgreement') await forge.invoke(key, payload, 'acc-admin');
  await forge.invoke('getIssueFlow', { issueKey: 'AGPUSH-179' }, 'acc-admin');
  await probeAll('AGPUSH', 'NOSUCH');
  await probeAll('agpush', 'nosuch');
});
