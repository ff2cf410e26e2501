import { fetchTransport } from '../../src/jira/fetch-transport';
import { searchIds } from '../../src/jira/jira-search';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { startEmulatorServer, type RunningServer } from '../../src/local/emulator/http-server';
import { cutsFor, searchWindowIds, type Cut } from '../../src/services/id-slices';
import { windowWhere } from '../../src/services/project-data';
import { emulatedSite, newEmulator } from '../support/emulated-site';

/**
 * A window's id search in slices (docs/jira.md#slices-of-the-id-search), over HTTP against the
 * emulator on real AGPUSH and AEROGEAR issues: the slices hold exactly the ids of the whole search,
 * in its order, asked side by side; a cut Jira cannot place sends the load back to the whole search.
 */

let emulator: JiraEmulator;
let server: RunningServer;
const AGPUSH = { id: '12310741', key: 'AGPUSH' };

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite());
  server = await startEmulatorServer(emulator, 0);
});

afterAll(async () => {
  await server.close();
});

const dev = (): JiraClient =>
  new JiraClient(fetchTransport({ site: server.url, email: 'dev@example.com', apiToken: 'dev-token' }), {
    deadline: Date.now() + 20_000,
  });

async function project(): Promise<{ where: string; ids: string[]; inOrder: Cut[] }> {
  const agpush = emulator.site.project(AGPUSH.key);
  if (agpush === undefined) throw new Error('AGPUSH missing');
  const where = windowWhere({ id: agpush.id, key: AGPUSH.key }, '2013-03-01');
  const ids = await searchIds(dev(), `${where} ORDER BY key ASC`);
  const inOrder = ids.map((id) => ({ id, key: emulator.site.issue(id)?.key ?? '' }));
  return { where, ids, inOrder };
}

const searches = (): number => emulator.counts()['POST /rest/api/3/search/jql'] ?? 0;

test('cuts split a window into equal slices, none where one page holds it', () => {
  const inOrder = Array.from({ length: 12_001 }, (_, i) => ({ id: String(10_000 + i), key: `X-${i + 1}` }));
  expect(cutsFor(inOrder)).toEqual([
    { id: '14000', key: 'X-4001' },
    { id: '18000', key: 'X-8001' },
  ]);
  expect(cutsFor(inOrder.slice(0, 5000))).toEqual([]);
  // A name Jira would not parse as a key makes the cuts unusable: none, not a wrong one.
  expect(cutsFor(inOrder.map((c, i) => (i === 4000 ? { ...c, key: 'x 4001' } : c)))).toEqual([]);
});

test('the slices hold exactly the whole search’s ids, in its order, a call each', async () => {
  const { where, ids, inOrder } = await project();
  expect(ids.length).toBeGreaterThan(30);
  const cuts = cutsFor(inOrder, Math.ceil(ids.length / 3));
  expect(cuts).toHaveLength(2);
  emulator.clearLog();
  const heard: string[] = [];
  const sliced = await searchWindowIds(dev(), where, cuts, (page) => heard.push(...page));
  expect(sliced).toEqual(ids);
  expect(heard.sort()).toEqual([...ids].sort());
  expect(searches()).toBe(3);
});

test.each<[string, (inOrder: Cut[]) => Cut]>([
  // The issue at the cut is no longer there: its key now names another (deleted, or moved away).
  [
    'an issue whose key names another',
    (inOrder) => ({ key: inOrder[10]?.key ?? '', id: inOrder[11]?.id ?? '' }),
  ],
  ['a key past the space’s last', () => ({ key: 'AGPUSH-99999', id: '1' })],
  ['a key of another space', () => ({ key: 'AEROGEAR-5', id: '1' })],
])('a cut at %s falls back to the whole search, with the same ids', async (_, cutOf) => {
  const { where, ids, inOrder } = await project();
  emulator.clearLog();
  const sliced = await searchWindowIds(dev(), where, [cutOf(inOrder)], () => undefined);
  expect(sliced).toEqual(ids);
  expect(searches()).toBe(3);
});

test('with no cuts, the whole search as before: one call a page', async () => {
  const { where, ids } = await project();
  emulator.clearLog();
  expect(await searchWindowIds(dev(), where, [], () => undefined)).toEqual(ids);
  expect(searches()).toBe(1);
});
