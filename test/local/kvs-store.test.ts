import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Filter, FilterConditions, ForgeKvsAPIError, kvs, WhereConditions } from '@forge/kvs';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { installForgeFetch } from '../../src/local/forge/forge-fetch';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { emulatedSite, newEmulator } from '../support/emulated-site';

/**
 * The local store answers the real @forge/kvs package (its wire format, through __forge_fetch__),
 * with the semantics the app relies on: conditional transactions on custom entities that commit
 * whole or not at all, FAIL_IF_EXISTS, declared entities, size limits and paged key queries.
 */

let emulator: JiraEmulator;
let store: KvsStore;

beforeAll(async () => {
  emulator = newEmulator(await emulatedSite());
});

beforeEach(() => {
  store = new KvsStore();
  installForgeFetch({ kind: 'emulator', emulator }, store);
});

const revision = (n: number) =>
  new Filter<Record<string, unknown>>().and('revision', FilterConditions.equalTo(n));
const settings = (rev: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  schemaVersion: 1,
  revision: rev,
  settings: {},
  updatedAt: 'now',
  updatedBy: 'me',
  ...extra,
});

describe('transactions with conditions on custom entities', () => {
  test('a condition that holds commits every operation; one that does not commits none', async () => {
    await kvs.set('loose', 'before');
    await kvs
      .transact()
      .set('project:1', settings(1), {
        entityName: 'flow-settings',
        conditions: new Filter<Record<string, unknown>>().and('revision', FilterConditions.notExists()),
      })
      .delete('loose')
      .execute();
    expect(await kvs.entity('flow-settings').get('project:1')).toEqual(settings(1));
    expect(await kvs.get('loose')).toBeUndefined();

    await kvs.set('loose', 'again');
    const failing = kvs
      .transact()
      .set('project:1', settings(2), { entityName: 'flow-settings', conditions: revision(5) })
      .delete('loose');
    await expect(failing.execute()).rejects.toMatchObject({ code: 'CONDITION_CHECK_FAILED' });
    expect(await kvs.entity('flow-settings').get('project:1')).toEqual(settings(1));
    expect(await kvs.get('loose')).toBe('again');
  });

  test('the port reports a lost condition as a conflict, not an error', async () => {
    const write = (
      rev: number,
      condition: { attribute: string; equals: number } | { attribute: string; absent: true },
    ) =>
      forgeKvsStore.transact([
        { kind: 'setEntity', entityName: 'flow-settings', key: 'project:2', value: settings(rev), condition },
      ]);
    expect(await write(1, { attribute: 'revision', absent: true })).toBe('committed');
    expect(await write(2, { attribute: 'revision', absent: true })).toBe('conflict');
    expect(await write(2, { attribute: 'revision', equals: 1 })).toBe('committed');
    expect(await write(3, { attribute: 'revision', equals: 1 })).toBe('conflict');
    expect(store.entity('flow-settings', 'project:2')?.revision).toBe(2);
  });

  test('check operations, or-conditions and the transaction limits', async () => {
    await kvs.entity('flow-settings').set('project:3', settings(4));
    const check = (filter: ReturnType<typeof revision> | ReturnType<Filter<Record<string, unknown>>['or']>) =>
      kvs
        .transact()
        .check('project:3', { entityName: 'flow-settings', conditions: filter })
        .set('other', 1)
        .execute();
    await expect(check(revision(4))).resolves.toBeUndefined();
    await expect(check(revision(3))).rejects.toMatchObject({ code: 'CONDITION_CHECK_FAILED' });
    const either = new Filter<Record<string, unknown>>()
      .or('revision', FilterConditions.equalTo(3))
      .or('revision', FilterConditions.greaterThan(3));
    await expect(check(either)).resolves.toBeUndefined();
    let tx = kvs.transact();
    for (let i = 0; i < 26; i++) tx = tx.set(`k${i}`, i);
    await expect(tx.execute()).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(kvs.transact().set('same', 1).delete('same').execute()).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
    expect(await kvs.get('k0')).toBeUndefined();
  });

  test('entities must be declared, with the declared attributes and types', async () => {
    await expect(kvs.entity('nope').set('x', { a: 1 })).rejects.toMatchObject({ code: 'INVALID_ENTITY' });
    await expect(kvs.entity('flow-settings').set('x', { colour: 'red' })).rejects.toMatchObject({
      code: 'INVALID_ENTITY',
    });
    await expect(kvs.entity('flow-settings').set('x', { revision: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_ENTITY',
    });
  });
});

test("a partitioned index lists one partition's entities in range order, through the real package", async () => {
  const review = (scope: string, periodFrom: string) => ({
    schemaVersion: 1,
    revision: 1,
    scope,
    periodFrom,
    review: {},
    createdBy: 'me',
    createdAt: 'now',
    updatedAt: 'now',
    updatedBy: 'me',
  });
  for (const [key, scope, from] of [
    ['r-3', 'space:1', '2013-07-01'],
    ['r-1', 'space:1', '2013-05-01'],
    ['r-9', 'stream:x', '2013-06-01'],
    ['r-2', 'space:1', '2013-06-01'],
  ] as const)
    await kvs.entity('flow-review').set(key, review(scope, from));
  const listed = await forgeKvsStore.listEntities('flow-review', 'by-scope', ['space:1']);
  expect(listed.map((e) => e.key)).toEqual(['r-1', 'r-2', 'r-3']);
  expect(
    (await forgeKvsStore.listEntities('flow-review', 'by-scope', ['stream:x'])).map((e) => e.key),
  ).toEqual(['r-9']);
  // A partitioned index asked without its partition is refused, not answered with every partition.
  await expect(forgeKvsStore.listEntities('flow-review', 'by-scope')).rejects.toThrow(/partitioned/);
});

describe('plain keys', () => {
  test('FAIL_IF_EXISTS lets exactly one of many concurrent writers create a key', async () => {
    const slow = new KvsStore({ latencyMs: 10 });
    installForgeFetch({ kind: 'emulator', emulator }, slow);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => kvs.set('lock', i, { keyPolicy: 'FAIL_IF_EXISTS' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
    expect(refused.map((e) => (e instanceof ForgeKvsAPIError ? e.code : String(e)))).toEqual(
      Array.from({ length: 11 }, () => 'KEY_CONFLICT'),
    );
  });

  test('a value over 240 KiB is refused, and the port says TOO_LARGE before sending it', async () => {
    const big = 'x'.repeat(240 * 1024);
    await expect(kvs.set('big', big)).rejects.toMatchObject({ code: 'VALUE_TOO_LARGE' });
    await expect(forgeKvsStore.set('big', big)).rejects.toMatchObject({ code: 'TOO_LARGE' });
    expect(await kvs.get('big')).toBeUndefined();
  });

  test('key queries page by 20 at most, in key order, after the cursor', async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`fact:${String(i).padStart(2, '0')}`, i);
    await kvs.set('other', 0);
    const first = await kvs.query().where('key', WhereConditions.beginsWith('fact:')).limit(50).getMany();
    expect(first.results.map((r) => r.key)).toEqual(
      Array.from({ length: 20 }, (_, i) => `fact:${String(i).padStart(2, '0')}`),
    );
    const rest = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('fact:'))
      .limit(50)
      .cursor(first.nextCursor ?? '')
      .getMany();
    expect(rest.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
    expect(rest.nextCursor).toBeUndefined();
  });

  test('batches: found and missing keys, set and delete', async () => {
    await kvs.batchSet([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'missing' }]);
    expect(got.successfulKeys).toEqual([{ key: 'a', value: 1 }]);
    expect(got.failedKeys.map((f) => [f.key, f.error.code])).toEqual([['missing', 'KEY_NOT_FOUND']]);
    await kvs.batchDelete([{ key: 'a' }, { key: 'b' }]);
    expect(await kvs.get('b')).toBeUndefined();
  });

  test('a batch names 1 to 25 keys, each once; the port splits any number into such batches', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }));
    await expect(kvs.batchSet(many)).rejects.toBeInstanceOf(ForgeKvsAPIError);
    await expect(
      kvs.batchSet([
        { key: 'twice', value: 1 },
        { key: 'twice', value: 2 },
      ]),
    ).rejects.toBeInstanceOf(ForgeKvsAPIError);

    const entries = Array.from({ length: 60 }, (_, i) => ({ key: `fact:${i}`, value: { n: i } }));
    await forgeKvsStore.setMany(entries);
    const got = await forgeKvsStore.getMany([...entries.map((e) => e.key), 'fact:absent']);
    expect(got.size).toBe(60);
    expect(got.get('fact:59')).toEqual({ n: 59 });
    expect(got.has('fact:absent')).toBe(false);
    await forgeKvsStore.deleteMany([...entries.slice(0, 30).map((e) => e.key), 'fact:absent']);
    expect(store.keys().filter((k) => k.startsWith('fact:'))).toHaveLength(30);
  });

  test('a value set with a TTL is gone once it has lived that long, as Forge drops it', async () => {
    await forgeKvsStore.setMany([{ key: 'short', value: 'lived' }], { ttlDays: 1 });
    await forgeKvsStore.setMany([{ key: 'kept', value: 'forever' }]);
    expect((await forgeKvsStore.getMany(['short', 'kept'])).size).toBe(2);
    const dayAndAMinute = Date.now() + 86_400_000 + 60_000;
    const spy = jest.spyOn(Date, 'now').mockReturnValue(dayAndAMinute);
    try {
      const later = await forgeKvsStore.getMany(['short', 'kept']);
      expect([...later.keys()]).toEqual(['kept']);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the file behind the preview', () => {
  test('keeps entities and keys across a restart, and reads the first format of the file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-kvs-'));
    const file = path.join(dir, 'demo.kvs.json');
    const first = new KvsStore({ file });
    installForgeFetch({ kind: 'emulator', emulator }, first);
    await kvs.entity('flow-settings').set('project:9', settings(3));
    await kvs.set('plain', { a: 1 });
    const again = new KvsStore({ file });
    expect(again.entity('flow-settings', 'project:9')).toEqual(settings(3));
    expect(again.get('plain')).toEqual({ a: 1 });

    const old = path.join(dir, 'old.kvs.json');
    writeFileSync(old, JSON.stringify({ 'settings:project:1': { version: 1 } }));
    expect(new KvsStore({ file: old }).get('settings:project:1')).toEqual({ version: 1 });
  });
});
