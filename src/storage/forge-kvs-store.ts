import { Filter, FilterConditions, ForgeKvsAPIError, kvs, type AndFilter } from '@forge/kvs';
import { DomainError } from '../domain/errors';
import type { Condition, KeyValueStore, RevisionCondition, StoreWrite } from '../services/key-value-store';
import {
  batchesOf,
  chunksOf,
  STORE_BATCH_MAX_KEYS,
  STORE_MAX_VALUE_BYTES,
} from '../services/key-value-store';

/**
 * The storage port over `@forge/kvs`. Conditional writes go through `kvs.transact()` with entity
 * conditions, the only compare-and-set Forge offers; a plain key has none.
 * @see https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/
 */
export const forgeKvsStore: KeyValueStore = {
  get: (key) => guard(() => kvs.get(key)),
  set: (key, value) => guard(() => kvs.set(key, checkedSize(value))),
  delete: (key) => guard(() => kvs.delete(key)),
  getEntity: (entityName, key) => guard(() => kvs.entity(entityName).get(key)),
  listEntities: async (entityName, indexName, partition) => {
    const found: { key: string; value: unknown }[] = [];
    let cursor: string | undefined;
    do {
      let query = kvs
        .entity<unknown>(entityName)
        .query()
        .index(indexName, partition === undefined ? undefined : { partition: [...partition] })
        .limit(ENTITY_PAGE);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await guard(() => query.getMany());
      found.push(...page.results);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return found;
  },
  getMany: async (keys) => {
    const found = new Map<string, unknown>();
    await Promise.all(
      chunksOf(keys, STORE_BATCH_MAX_KEYS).map(async (batch) => {
        const result = await guard(() => kvs.batchGet<unknown>(batch.map((key) => ({ key }))));
        for (const r of result.successfulKeys) found.set(r.key, r.value);
        const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0) throw batchFailure('read', failed);
      }),
    );
    return found;
  },
  setMany: async (entries, options) => {
    const ttl =
      options?.ttlDays === undefined
        ? {}
        : { options: { ttl: { value: options.ttlDays, unit: 'DAYS' as const } } };
    await Promise.all(
      batchesOf(entries).map(async (batch) => {
        const result = await guard(() =>
          kvs.batchSet(batch.map((e) => ({ key: e.key, value: checkedSize(e.value), ...ttl }))),
        );
        if (result.failedKeys.length > 0) throw batchFailure('write', result.failedKeys);
      }),
    );
  },
  deleteMany: async (keys) => {
    await Promise.all(
      chunksOf(keys, STORE_BATCH_MAX_KEYS).map(async (batch) => {
        const result = await guard(() => kvs.batchDelete(batch.map((key) => ({ key }))));
        const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
        if (failed.length > 0) throw batchFailure('delete', failed);
      }),
    );
  },
  transact: async (writes) => {
    let tx = kvs.transact();
    for (const w of writes) {
      if (w.kind === 'delete') tx = tx.delete(w.key);
      else if (w.kind === 'deleteEntity')
        tx = tx.delete(w.key, { entityName: w.entityName, conditions: filterOf(w.condition) });
      else tx = setEntity(tx, w);
    }
    try {
      await guard(() => tx.execute());
      return 'committed';
    } catch (e) {
      if (isConditionFailure(e)) return 'conflict';
      throw e;
    }
  },
};

/** The most entities one query page carries (Forge's limit). */
const ENTITY_PAGE = 100;

type Transaction = ReturnType<typeof kvs.transact>;

function setEntity(tx: Transaction, w: Extract<StoreWrite, { kind: 'setEntity' }>): Transaction {
  return tx.set(w.key, checkedSize(w.value), { entityName: w.entityName, conditions: filterOf(w.condition) });
}

type AnyFilter =
  ReturnType<Filter<Record<string, unknown>>['and']> | ReturnType<Filter<Record<string, unknown>>['or']>;

function filterOf(condition: RevisionCondition): AnyFilter {
  if ('anyOf' in condition) {
    const [first, ...rest] = condition.anyOf;
    if (first === undefined) throw new Error('A condition needs at least one clause.');
    let filter = new Filter<Record<string, unknown>>().or(first.attribute, clauseOf(first));
    for (const c of rest) filter = filter.or(c.attribute, clauseOf(c));
    return filter;
  }
  return new Filter<Record<string, unknown>>().and(condition.attribute, clauseOf(condition));
}

function clauseOf(c: Condition): Parameters<AndFilter<Record<string, unknown>>['and']>[1] {
  if ('equals' in c) return FilterConditions.equalTo(c.equals);
  if ('below' in c) return FilterConditions.lessThan(c.below);
  return FilterConditions.notExists();
}

/** Refuses a value Forge would refuse, with the app's own code rather than the platform's error. */
function checkedSize<T>(value: T): T {
  const bytes = Buffer.byteLength(JSON.stringify(value ?? null));
  if (bytes > STORE_MAX_VALUE_BYTES) {
    throw new DomainError(
      'TOO_LARGE',
      `That is ${Math.ceil(bytes / 1024)} KiB to store; Forge keeps at most ${STORE_MAX_VALUE_BYTES / 1024} KiB a value.`,
    );
  }
  return value;
}

/**
 * A transaction whose condition failed. Forge documents the all-or-nothing semantics but not the
 * error code; it answers 409 for a conditional write that loses (KEY_CONFLICT for FAIL_IF_EXISTS),
 * and the code names a condition or a conflict.
 */
function isConditionFailure(e: unknown): boolean {
  if (!(e instanceof ForgeKvsAPIError)) return false;
  return e.responseDetails.status === 409 || /CONDITION|CONFLICT/i.test(e.code);
}

/** A batch Forge answered in part: the keys it refused, and why, in one error. */
function batchFailure(
  what: string,
  failed: readonly {
    readonly key: string;
    readonly error: { readonly code: string; readonly message: string };
  }[],
): Error {
  const first = failed[0];
  return new Error(
    `Forge storage refused to ${what} ${failed.length} key${failed.length === 1 ? '' : 's'}${first === undefined ? '' : `, first ${first.key}: ${first.error.code} ${first.error.message}`}`,
  );
}

/** Storage refusals become coded errors: too large is the person's to fix, the rest is ours. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ForgeKvsAPIError && (e.responseDetails.status === 413 || /TOO_LARGE/i.test(e.code))) {
      throw new DomainError('TOO_LARGE', `Forge refused to store a value that large (${e.message}).`);
    }
    throw e;
  }
}
