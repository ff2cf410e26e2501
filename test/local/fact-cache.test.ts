import { randomBytes } from 'node:crypto';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { installForgeFetch } from '../../src/local/forge/forge-fetch';
import { KvsStore } from '../../src/local/forge/kvs-store';
import type { WorkItem } from '../../src/domain/types';
import {
  chunkOf,
  readFacts,
  readSync,
  writeFacts,
  writeSync,
  type Fact,
} from '../../src/services/fact-cache';
import { STORE_MAX_VALUE_BYTES } from '../../src/services/key-value-store';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { AGPUSH_FILE, emulatedSite, newEmulator } from '../support/emulated-site';

/**
 * The fact cache's storage (docs/jira.md#the-fact-cache) through the real @forge/kvs against the
 * local store, on real AGPUSH work items: what is written reads back the same, within Forge's
 * limits, and what is not ours, or too old, is never served.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
let items: WorkItem[];
let store: KvsStore;

beforeAll(async () => {
  items = (await loadDataset(AGPUSH_FILE)).items;
});

beforeEach(async () => {
  store = new KvsStore();
  installForgeFetch({ kind: 'emulator', emulator: newEmulator(await emulatedSite()) }, store);
});

const factOf = (item: WorkItem, at = NOW): Fact => ({
  item,
  updated: item.created + 1000,
  fetchedAt: at,
  seenDay: Math.floor(at / DAY),
});

test('facts written read back as they were, in values Forge accepts', async () => {
  const facts = items.map((i) => factOf(i));
  await writeFacts(forgeKvsStore, '10000', { fresh: facts, seen: new Set(), read: null, now: NOW });
  const back = await readFacts(
    forgeKvsStore,
    '10000',
    items.map((i) => i.id),
  );
  expect(back.facts.size).toBe(items.length);
  for (const fact of facts) expect(back.facts.get(fact.item.id)).toEqual(fact);
  for (const key of store.keys()) {
    expect(key).toMatch(/^flow-facts:10000:\d+$/);
    expect(Buffer.byteLength(JSON.stringify(store.get(key)))).toBeLessThanOrEqual(STORE_MAX_VALUE_BYTES);
  }
});

test('a chunk too big for one value is split into parts, all read back', async () => {
  // 250 ids of one chunk, each with 2 KB that does not compress: far over 240 KiB together.
  const base = items[0];
  if (base === undefined) throw new Error('no items');
  const first = chunkOf('250000') * 250;
  const big = Array.from({ length: 250 }, (_, i) =>
    factOf({
      ...base,
      id: String(first + i),
      key: `BIG-${i}`,
      summary: randomBytes(1500).toString('base64'),
    }),
  );
  await writeFacts(forgeKvsStore, '10000', { fresh: big, seen: new Set(), read: null, now: NOW });
  expect(store.keys().length).toBeGreaterThan(1);
  const back = await readFacts(forgeKvsStore, '10000', [String(first)]);
  expect(back.facts.size).toBe(250);
  expect(back.facts.get(String(first + 249))?.item.summary).toBe(big[249]?.item.summary);
});

test('a value of another version, or damaged, is as if absent, and the next write replaces it', async () => {
  const [one] = items;
  if (one === undefined) throw new Error('no items');
  const key = `flow-facts:10000:${chunkOf(one.id)}`;
  await forgeKvsStore.set(key, { v: 99, writtenAt: NOW, data: 'x', more: [] });
  expect((await readFacts(forgeKvsStore, '10000', [one.id])).facts.size).toBe(0);
  await forgeKvsStore.set(key, { v: 1, writtenAt: NOW, data: '!!not base64 deflate!!', more: [] });
  expect((await readFacts(forgeKvsStore, '10000', [one.id])).facts.size).toBe(0);
  await writeFacts(forgeKvsStore, '10000', { fresh: [factOf(one)], seen: new Set(), read: null, now: NOW });
  expect((await readFacts(forgeKvsStore, '10000', [one.id])).facts.get(one.id)?.item).toEqual(one);
});

test('writers of one chunk keep each other’s facts; the later read wins; facts unseen for 30 days go', async () => {
  const [a, b] = items;
  if (a === undefined || b === undefined) throw new Error('no items');
  const sameChunk = { ...b, id: String(Number(a.id) + (Number(a.id) % 250 === 249 ? -1 : 1)) };
  await writeFacts(forgeKvsStore, '10000', { fresh: [factOf(a)], seen: new Set(), read: null, now: NOW });
  await writeFacts(forgeKvsStore, '10000', {
    fresh: [factOf(sameChunk)],
    seen: new Set(),
    read: null,
    now: NOW,
  });
  const both = await readFacts(forgeKvsStore, '10000', [a.id]);
  expect([...both.facts.keys()].sort()).toEqual([a.id, sameChunk.id].sort());

  // A load that found a chunk absent, while another load wrote it since, merges with what is there.
  const [c, d] = items.filter((i) => chunkOf(i.id) !== chunkOf(a.id));
  if (c === undefined || d === undefined) throw new Error('no items');
  const neighbour = { ...d, id: String(Number(c.id) + (Number(c.id) % 250 === 249 ? -1 : 1)) };
  const foundAbsent = await readFacts(forgeKvsStore, '10000', [c.id]);
  expect(foundAbsent.chunks.size).toBe(0);
  await writeFacts(forgeKvsStore, '10000', {
    fresh: [factOf(neighbour)],
    seen: new Set(),
    read: null,
    now: NOW,
  });
  await writeFacts(forgeKvsStore, '10000', {
    fresh: [factOf(c)],
    seen: new Set(),
    read: foundAbsent,
    now: NOW,
  });
  const merged = await readFacts(forgeKvsStore, '10000', [c.id]);
  expect([...merged.facts.keys()].sort()).toEqual([c.id, neighbour.id].sort());

  // An older read of `a` does not replace the newer one.
  const older = factOf({ ...a, summary: 'older' }, NOW - DAY);
  await writeFacts(forgeKvsStore, '10000', { fresh: [older], seen: new Set(), read: null, now: NOW });
  expect((await readFacts(forgeKvsStore, '10000', [a.id])).facts.get(a.id)?.item.summary).toBe(a.summary);

  // 31 days on, a write that saw only `a` keeps `a` and drops the other.
  const later = NOW + 31 * DAY;
  await writeFacts(forgeKvsStore, '10000', {
    fresh: [factOf(a, later)],
    seen: new Set([a.id]),
    read: null,
    now: later,
  });
  const spy = jest.spyOn(Date, 'now').mockReturnValue(later);
  try {
    expect([...(await readFacts(forgeKvsStore, '10000', [a.id])).facts.keys()]).toEqual([a.id]);
  } finally {
    spy.mockRestore();
  }
});

test('a sync record keeps the ids a user saw, compactly', async () => {
  const seen = new Set(Array.from({ length: 50_000 }, (_, i) => String(10_000 + i * 3)));
  await writeSync(forgeKvsStore, '10000', '557058:abc-def', { syncedAt: NOW, seen, cuts: new Map() });
  const [key] = store.keys();
  expect(key).toBe('flow-sync:10000:557058_abc-def');
  expect(Buffer.byteLength(JSON.stringify(store.get(key ?? '')))).toBeLessThan(20_000);
  const back = await readSync(forgeKvsStore, '10000', '557058:abc-def');
  expect(back?.syncedAt).toBe(NOW);
  expect(back?.seen).toEqual(seen);
});
