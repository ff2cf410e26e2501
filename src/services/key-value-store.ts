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
   * One atomic transaction: every condition holds and every write happens, or nothing does.
   * Resolves `conflict` when a condition did not hold (someone else wrote first).
   */
  transact(writes: readonly StoreWrite[]): Promise<'committed' | 'conflict'>;
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
