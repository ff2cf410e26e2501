/**
 * Storage as the services need it: Forge's key-value store and custom entities in production
 * (`src/storage/forge-kvs-store.ts`), the same calls over the local store off Forge.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  getEntity(entityName: string, key: string): Promise<unknown>;
  /**
   * Every entity of a kind, by querying one of its indexes, page after page; with `partition`,
   * those of the index's partition that has these values, in the index's range order.
   */
  listEntities(
    entityName: string,
    indexName: string,
    partition?: readonly string[],
  ): Promise<readonly StoreEntry[]>;
  /**
   * One atomic transaction: every condition holds and every write happens, or nothing does.
   * Resolves `conflict` when a condition did not hold (someone else wrote first).
   */
  transact(writes: readonly StoreWrite[]): Promise<'committed' | 'conflict'>;
  /** Any number of keys, read in Forge's batches; a key without a value is absent from the map. */
  getMany(keys: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  /** Written in Forge's batches; with `ttlDays`, Forge drops each value that many days after. */
  setMany(entries: readonly StoreEntry[], options?: { readonly ttlDays?: number }): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
}

export interface StoreEntry {
  readonly key: string;
  readonly value: unknown;
}

/** Keys one batch may name, and the bytes one batch may carry (Forge's limits). */
export const STORE_BATCH_MAX_KEYS = 25;
export const STORE_BATCH_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Entries in batches that Forge accepts: at most 25 keys, and (by the size of each value's JSON,
 * with room for the keys) at most 4 MB each.
 */
export function batchesOf(entries: readonly StoreEntry[]): StoreEntry[][] {
  const batches: StoreEntry[][] = [];
  let batch: StoreEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(JSON.stringify(entry.value ?? null)) + entry.key.length + 64;
    if (batch.length > 0 && (batch.length >= STORE_BATCH_MAX_KEYS || bytes + size > STORE_BATCH_MAX_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(entry);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a conditional write expects of the entity it replaces. */
export type Condition =
  /** The entity exists and its `attribute` equals `equals`. */
  | { readonly attribute: string; readonly equals: number }
  /** The entity exists and its `attribute` is below `below`. */
  | { readonly attribute: string; readonly below: number }
  /** There is no entity under the key yet (or it lacks the attribute). */
  | { readonly attribute: string; readonly absent: true };

/** One condition, or any of several. */
export type RevisionCondition = Condition | { readonly anyOf: readonly Condition[] };

export type StoreWrite =
  | {
      readonly kind: 'setEntity';
      readonly entityName: string;
      readonly key: string;
      readonly value: Readonly<Record<string, unknown>>;
      readonly condition: RevisionCondition;
    }
  | { readonly kind: 'delete'; readonly key: string }
  | {
      readonly kind: 'deleteEntity';
      readonly entityName: string;
      readonly key: string;
      readonly condition: RevisionCondition;
    };

/** Forge refuses a value above this many bytes of JSON (240 KiB). */
export const STORE_MAX_VALUE_BYTES = 240 * 1024;
