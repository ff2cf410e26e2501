import { KvsStore } from '../../src/local/forge/kvs-store';
import { unitsOf } from '../../src/local/forge/kvs-metering';
import { VALUE_STREAM_ENTITY } from '../../src/storage/entities';

/**
 * The local store counts what Forge meters: 10 KB units of each value read or written, at least
 * one a key; a refused request spends nothing.
 */

const send = (store: KvsStore, path: string, body: unknown): Promise<unknown> =>
  store.handle(`/api/v1/${path}`, JSON.stringify(body));

test('a value costs a unit for each 10 KB begun, read and written alike', async () => {
  const store = new KvsStore();
  const big = 'x'.repeat(25 * 1024);
  expect(unitsOf(big)).toBe(3);
  expect(unitsOf({})).toBe(1);
  await send(store, 'set', { key: 'big', value: big });
  expect(store.units).toEqual({ read: 0, write: 3 });
  await send(store, 'get', { key: 'big' });
  expect(store.units).toEqual({ read: 3, write: 3 });
  // A key that is not there: refused with 404, nothing spent.
  await send(store, 'get', { key: 'missing' });
  expect(store.units).toEqual({ read: 3, write: 3 });
});

test('batches, transactions and entity queries cost each key they carry', async () => {
  const store = new KvsStore();
  await send(store, 'batch/set', [
    { key: 'a', value: 1 },
    { key: 'b', value: 'y'.repeat(11 * 1024) },
  ]);
  expect(store.units).toEqual({ read: 0, write: 3 });
  await send(store, 'batch/get', [{ key: 'a' }, { key: 'b' }, { key: 'none' }]);
  expect(store.units).toEqual({ read: 3, write: 3 });
  const stream = (name: string): unknown => ({ schemaVersion: 1, revision: 1, stream: { name } });
  await send(store, 'transaction', {
    set: [
      { key: 's1', value: stream('one'), entityName: VALUE_STREAM_ENTITY.name },
      { key: 's2', value: stream('two'), entityName: VALUE_STREAM_ENTITY.name },
    ],
    delete: [{ key: 'a' }],
  });
  expect(store.units).toEqual({ read: 3, write: 6 });
  await send(store, 'entity/query', {
    entityName: VALUE_STREAM_ENTITY.name,
    indexName: 'revision',
    limit: 100,
  });
  expect(store.units).toEqual({ read: 5, write: 6 });
});
