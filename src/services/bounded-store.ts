import { DomainError } from '../domain/errors';
import type { KeyValueStore } from './key-value-store';

/** What bounds the calls: the invocation's time left (a Jira client of the same invocation). */
export interface TimeLeft {
  timeLeft(): number;
}

/**
 * Storage bounded by the invocation's deadline. `@forge/kvs` sets no timeout of its own, so a
 * storage that does not answer would hold a resolver until Forge stops it at 25 s, with no answer
 * at all; here each call may take only the time left, and then fails with a coded error the page
 * can show. The call itself is not cancelled (the client offers no signal): a write that lands
 * after its caller gave up is treated as the ambiguous outcome it is by the callers that write.
 */
export function boundedStore(store: KeyValueStore, bound: TimeLeft): KeyValueStore {
  const within = <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const left = bound.timeLeft();
    if (left <= 0) return Promise.reject(unavailable(what, 0));
    const running = work();
    // Settled late, after the caller gave up: its outcome goes nowhere, quietly.
    running.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(unavailable(what, left));
      }, left);
    });
    return Promise.race([running, timeout]).finally(() => {
      clearTimeout(timer);
    });
  };
  return {
    get: (key) => within('a read', () => store.get(key)),
    set: (key, value) => within('a write', () => store.set(key, value)),
    delete: (key) => within('a delete', () => store.delete(key)),
    getEntity: (entityName, key) => within('a read', () => store.getEntity(entityName, key)),
    listEntities: (entityName, indexName, partition) =>
      within('a read', () => store.listEntities(entityName, indexName, partition)),
    transact: (writes) => within('a transaction', () => store.transact(writes)),
    getMany: (keys) => within('a read', () => store.getMany(keys)),
    setMany: (entries, options) => within('a write', () => store.setMany(entries, options)),
    deleteMany: (keys) => within('a delete', () => store.deleteMany(keys)),
  };
}

function unavailable(what: string, leftMs: number): DomainError {
  const seconds = leftMs >= 10_000 ? `${Math.round(leftMs / 1000)} s` : `${(leftMs / 1000).toFixed(1)} s`;
  return new DomainError(
    'STORAGE_UNAVAILABLE',
    `Forge storage did not answer ${what} in the time left (${seconds}).`,
  );
}
