import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { indexName, STORAGE_ENTITIES, type EntityDeclaration } from '../../storage/entities';
import { ScriptedFaults } from '../scripted-faults';
import { meteredUnits, type StorageUnits } from './kvs-metering';
import {
  ENTITY_QUERY_MAX_LIMIT,
  entityQueryBody,
  QUERY_MAX_LIMIT,
  TRANSACTION_MAX_OPERATIONS,
  TRANSACTION_MAX_BYTES,
  BATCH_MAX_BYTES,
  TTL_UNIT_MS,
  type Ttl,
  type Reply,
  KvsRefusal,
  refuse,
  batchOf,
  type Conditions,
  keyBody,
  setBody,
  entityKeyBody,
  entitySetBody,
  queryBody,
  batchKey,
  batchItem,
  transactionBody,
  parse,
  checkKey,
  checkSize,
  hasType,
  meets,
} from './kvs-protocol';

/**
 * Forge's hosted storage as `@forge/kvs` 1.6.5 reaches it through `__forge_fetch__` (POST
 * /api/v1/get, /set, /delete, /query, /batch/*, /entity/*, /transaction), kept in memory and,
 * given a file, written through to it so that the preview keeps what was saved across restarts.
 *
 * It keeps Forge's contract where the app depends on it: keys of at most 500 characters from
 * Forge's alphabet, values of at most 240 KiB, `keyPolicy: FAIL_IF_EXISTS`, custom entities that
 * must be declared (with their attributes' types), and transactions of at most 25 operations on
 * distinct keys that commit whole or not at all, their entity conditions checked first. Optional
 * latency is spent on the way in and on the way out, so that two requests overlap as they do
 * against the real store: a read-compare-write race shows here as it would in production.
 * @see https://developer.atlassian.com/platform/forge/limits-kvs-ce/
 * @see https://developer.atlassian.com/platform/forge/storage-reference/transactions-entities/
 */

const storedFile = z.object({
  format: z.literal(2),
  values: z.record(z.string(), z.unknown()),
  /** When each value set with a TTL expires (epoch ms). */
  expires: z.record(z.string(), z.number()).optional(),
  entities: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export interface KvsStoreOptions {
  /** Where to keep the store between runs; in memory only without it. */
  readonly file?: string | null;
  /** Milliseconds each request spends on the way in and again on the way out. */
  readonly latencyMs?: number;
  readonly entities?: readonly EntityDeclaration[];
  /**
   * Write the file only on `flush()`, not after every write: for the benchmark, whose resolver
   * time should be Forge's storage and not this file (the preview keeps every write at once).
   */
  readonly writeBehind?: boolean;
}

/** A scripted failure of the store, as the emulator scripts Jira's: for tests of what the app does then. */
export interface KvsFault {
  /** The status to answer; `hang` takes the request and never answers it. */
  readonly status: number | 'hang';
  /** Only requests to this path meet it (`/api/v1/transaction`); every request without. */
  readonly path?: string;
  /** How many matching requests pass before the fault applies. */
  readonly after?: number;
}

export class KvsStore {
  private readonly faults = new ScriptedFaults<KvsFault>();
  /** Requests answered, by path: what a load cost in storage calls (tests and benchmarks). */
  readonly requests = new Map<string, number>();
  /** Forge's storage units the answered requests spent (src/local/forge/kvs-metering.ts). */
  readonly units: StorageUnits = { read: 0, write: 0 };
  private readonly values = new Map<string, unknown>();
  /** Values set with a TTL: when Forge would stop answering them. */
  private readonly expires = new Map<string, number>();
  private readonly entityValues = new Map<string, Map<string, Record<string, unknown>>>();
  private readonly declared: ReadonlyMap<string, EntityDeclaration>;
  private readonly file: string | null;
  private readonly writeBehind: boolean;
  private dirty = false;
  private readonly latencyMs: number;

  constructor(options: KvsStoreOptions | string | null = {}) {
    const o: KvsStoreOptions = typeof options === 'string' || options === null ? { file: options } : options;
    this.file = o.file ?? null;
    this.latencyMs = o.latencyMs ?? 0;
    this.writeBehind = o.writeBehind ?? false;
    this.declared = new Map((o.entities ?? STORAGE_ENTITIES).map((e) => [e.name, e]));
    if (this.file !== null && existsSync(this.file)) this.load(this.file);
  }

  /** A value as stored, for tests and the preview; undefined when absent. */
  get(key: string): unknown {
    this.expire();
    return this.values.get(key);
  }

  /** Keys of the plain store, for tests (expired ones are gone). */
  keys(): string[] {
    this.expire();
    return [...this.values.keys()];
  }

  /** Drops what has outlived its TTL, as Forge stops answering it. */
  private expire(): void {
    const now = Date.now();
    for (const [key, at] of this.expires) {
      if (at > now) continue;
      this.values.delete(key);
      this.expires.delete(key);
    }
  }

  private put(key: string, value: unknown, ttl: Ttl | undefined): void {
    this.values.set(key, structuredClone(value));
    if (ttl === undefined) this.expires.delete(key);
    else this.expires.set(key, Date.now() + ttl.value * (TTL_UNIT_MS[ttl.unit] ?? 1000));
  }

  entity(entityName: string, key: string): Record<string, unknown> | undefined {
    return this.entityValues.get(entityName)?.get(key);
  }

  /** Scripts faults: each applies once, to the first matching request after its `after`. */
  injectFaults(...faults: KvsFault[]): void {
    this.faults.add(faults);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Answers one @forge/kvs request (path under /api/v1, JSON body). */
  async handle(pathname: string, body: string | undefined): Promise<Reply> {
    this.requests.set(pathname, (this.requests.get(pathname) ?? 0) + 1);
    await this.travel();
    const fault = this.faults.next((f) => f.path === undefined || f.path === pathname);
    if (fault?.status === 'hang') return new Promise<Reply>(() => undefined);
    if (fault !== null)
      return { status: fault.status, body: { code: 'INTERNAL_SERVER_ERROR', message: 'Injected fault' } };
    let reply: Reply;
    try {
      reply = this.answer(pathname, body);
    } catch (e) {
      if (!(e instanceof KvsRefusal)) throw e;
      reply = { status: e.status, body: { code: e.code, message: e.message } };
    }
    this.meter(pathname, body, reply);
    await this.travel();
    return reply;
  }

  private meter(pathname: string, body: string | undefined, reply: Reply): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body ?? 'null');
    } catch {
      return;
    }
    const spent = meteredUnits(pathname, parsed, reply);
    this.units.read += spent.read;
    this.units.write += spent.write;
  }

  private travel(): Promise<void> {
    return this.latencyMs > 0 ? new Promise((r) => setTimeout(r, this.latencyMs)) : Promise.resolve();
  }

  private answer(pathname: string, body: string | undefined): Reply {
    this.expire();
    let value: unknown;
    try {
      value = JSON.parse(body ?? '{}') as unknown;
    } catch {
      return refuse(400, 'INVALID_REQUEST', 'The request body is not JSON');
    }
    switch (pathname) {
      case '/api/v1/get':
        return this.found(this.values, parse(keyBody, value).key);
      case '/api/v1/set': {
        const b = parse(setBody, value);
        checkKey(b.key);
        checkSize(b.value);
        if (b.options?.keyPolicy === 'FAIL_IF_EXISTS' && this.values.has(b.key))
          return refuse(409, 'KEY_CONFLICT', `A value already exists for key ${b.key}`);
        const previous = this.values.get(b.key);
        this.put(b.key, b.value, b.options?.ttl);
        this.persist();
        if (b.options?.returnValue !== undefined) {
          return {
            status: 200,
            body: { key: b.key, value: b.options.returnValue === 'PREVIOUS' ? previous : b.value },
          };
        }
        return { status: 204, body: undefined };
      }
      case '/api/v1/delete': {
        const key = parse(keyBody, value).key;
        if (!this.values.delete(key)) return refuse(404, 'KEY_NOT_FOUND', `No value for key ${key}`);
        this.expires.delete(key);
        this.persist();
        return { status: 204, body: undefined };
      }
      case '/api/v1/query':
        return this.query(parse(queryBody, value));
      case '/api/v1/batch/get':
        return this.batchGet(batchOf(batchKey, value));
      case '/api/v1/batch/set':
        return this.batchSet(batchOf(batchItem, value), body ?? '');
      case '/api/v1/batch/delete':
        return this.batchDelete(batchOf(batchKey, value));
      case '/api/v1/entity/get': {
        const b = parse(entityKeyBody, value);
        return this.found(this.entitiesOf(b.entityName), b.key);
      }
      case '/api/v1/entity/set': {
        const b = parse(entitySetBody, value);
        checkKey(b.key);
        this.entitiesOf(b.entityName).set(b.key, this.checkEntity(b.entityName, b.value));
        this.persist();
        return { status: 204, body: undefined };
      }
      case '/api/v1/entity/query':
        return this.entityQuery(parse(entityQueryBody, value));
      case '/api/v1/entity/delete': {
        const b = parse(entityKeyBody, value);
        if (!this.entitiesOf(b.entityName).delete(b.key))
          return refuse(404, 'KEY_NOT_FOUND', `No ${b.entityName} for key ${b.key}`);
        this.persist();
        return { status: 204, body: undefined };
      }
      case '/api/v1/transaction':
        return this.transaction(parse(transactionBody, value), body ?? '');
      default:
        return refuse(404, 'NOT_FOUND', `The local store does not offer ${pathname}`);
    }
  }

  private found(map: ReadonlyMap<string, unknown>, key: string): Reply {
    if (!map.has(key)) return refuse(404, 'KEY_NOT_FOUND', `No value for key ${key}`);
    return { status: 200, body: { key, value: map.get(key) } };
  }

  /** Keys in order, filtered by `key BEGINS_WITH`, at most 20 a page, `after` the last key given. */
  private query(b: z.infer<typeof queryBody>): Reply {
    const prefixes = (b.where ?? []).map((w) => {
      if (w.property !== 'key' || w.condition !== 'BEGINS_WITH' || typeof w.values[0] !== 'string')
        return refuse(400, 'INVALID_REQUEST', 'A query can only ask for keys beginning with a string');
      return w.values[0];
    });
    const limit = Math.min(b.limit ?? 10, QUERY_MAX_LIMIT);
    const keys = [...this.values.keys()]
      .filter((k) => prefixes.every((p) => k.startsWith(p)))
      .sort()
      .filter((k) => b.after === undefined || k > b.after);
    const page = keys.slice(0, limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map((key) => ({ key, value: this.values.get(key) })),
        ...(keys.length > limit && last !== undefined ? { cursor: last } : {}),
      },
    };
  }

  /**
   * An entity index in order of its value, then of the key; the cursor is the last key given.
   * What Forge offers beyond that (ranges, filters, partitions) the app does not ask, and the
   * store refuses rather than answer wrongly.
   */
  private entityQuery(b: z.infer<typeof entityQueryBody>): Reply {
    const index = this.declared.get(b.entityName)?.indexes.find((i) => indexName(i) === b.indexName);
    if (index === undefined)
      return refuse(400, 'INVALID_REQUEST', `Entity ${b.entityName} has no index ${b.indexName}`);
    if (b.range !== undefined || b.filters !== undefined)
      return refuse(400, 'INVALID_REQUEST', 'The local store serves index queries without ranges or filters');
    // An index on one attribute orders by it; a named one by its range within its partition.
    const partitionBy = typeof index === 'string' ? [] : (index.partition ?? []);
    const rangeBy = typeof index === 'string' ? [index] : index.range;
    const partition = b.partition ?? [];
    if (partition.length !== partitionBy.length)
      return refuse(
        400,
        'INVALID_REQUEST',
        `Index ${b.indexName} of ${b.entityName} is partitioned by ${partitionBy.length} attributes; the query gave ${partition.length}`,
      );
    const compare = (x: unknown, y: unknown): number =>
      typeof x === 'number' && typeof y === 'number'
        ? x - y
        : JSON.stringify(x ?? null).localeCompare(JSON.stringify(y ?? null));
    const has = (e: Readonly<Record<string, unknown>>, attribute: string): boolean =>
      Object.prototype.hasOwnProperty.call(e, attribute);
    const entries = [...this.entitiesOf(b.entityName)]
      .filter(([, e]) => [...partitionBy, ...rangeBy].every((a) => has(e, a)))
      .filter(([, e]) => partitionBy.every((a, i) => isDeepStrictEqual(e[a], partition[i])))
      .sort(([ka, a], [kb, c]) => {
        let order = 0;
        for (const attribute of rangeBy) order ||= compare(a[attribute], c[attribute]);
        order ||= ka.localeCompare(kb);
        return b.sort === 'DESC' ? -order : order;
      });
    const start = b.cursor === undefined ? 0 : entries.findIndex(([k]) => k === b.cursor) + 1;
    const limit = Math.min(b.limit ?? 10, ENTITY_QUERY_MAX_LIMIT);
    const page = entries.slice(start, start + limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map(([key, value]) => ({ key, value })),
        ...(start + limit < entries.length && last !== undefined ? { cursor: last[0] } : {}),
      },
    };
  }

  private batchGet(items: readonly z.infer<typeof batchKey>[]): Reply {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      const map = item.entityName === undefined ? this.values : this.entitiesOf(item.entityName);
      if (map.has(item.key)) successfulKeys.push({ ...item, value: map.get(item.key) });
      else
        failedKeys.push({
          ...item,
          error: { code: 'KEY_NOT_FOUND', message: `No value for key ${item.key}` },
        });
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchSet(items: readonly z.infer<typeof batchItem>[], body: string): Reply {
    if (Buffer.byteLength(body) > BATCH_MAX_BYTES)
      return refuse(413, 'PAYLOAD_TOO_LARGE', 'A batch may carry at most 4 MB');
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of items) {
      try {
        checkKey(item.key);
        if (item.entityName === undefined) {
          checkSize(item.value);
          this.put(item.key, item.value, item.options?.ttl);
        } else {
          this.entitiesOf(item.entityName).set(item.key, this.checkEntity(item.entityName, item.value));
        }
        successfulKeys.push({
          key: item.key,
          ...(item.entityName !== undefined ? { entityName: item.entityName } : {}),
        });
      } catch (e) {
        if (!(e instanceof KvsRefusal)) throw e;
        failedKeys.push({ key: item.key, error: { code: e.code, message: e.message } });
      }
    }
    this.persist();
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchDelete(items: readonly z.infer<typeof batchKey>[]): Reply {
    const successfulKeys: unknown[] = [];
    for (const item of items) {
      const map = item.entityName === undefined ? this.values : this.entitiesOf(item.entityName);
      map.delete(item.key);
      if (item.entityName === undefined) this.expires.delete(item.key);
      successfulKeys.push({
        key: item.key,
        ...(item.entityName !== undefined ? { entityName: item.entityName } : {}),
      });
    }
    this.persist();
    return { status: 200, body: { successfulKeys, failedKeys: [] } };
  }

  /**
   * Checks every condition, then applies every operation; any failure leaves the store as it was.
   * A condition reads the entity as it is before the transaction: an entity that does not exist
   * has none of its attributes, so NOT_EXISTS holds for it and EQUAL_TO does not.
   */
  private transaction(b: z.infer<typeof transactionBody>, body: string): Reply {
    const sets = b.set ?? [];
    const deletes = b.delete ?? [];
    const checks = b.check ?? [];
    const operations = sets.length + deletes.length + checks.length;
    if (operations === 0 || operations > TRANSACTION_MAX_OPERATIONS)
      return refuse(
        400,
        'INVALID_REQUEST',
        `A transaction holds 1 to ${TRANSACTION_MAX_OPERATIONS} operations`,
      );
    if (Buffer.byteLength(body) > TRANSACTION_MAX_BYTES)
      return refuse(413, 'PAYLOAD_TOO_LARGE', 'A transaction may carry at most 4 MB');
    const keys = [...sets, ...deletes, ...checks].map((o) => `${o.entityName ?? ''}\u0000${o.key}`);
    if (new Set(keys).size !== keys.length)
      return refuse(400, 'INVALID_REQUEST', 'Each key can be used only once in a transaction');

    const staged: (() => void)[] = [];
    for (const s of sets) {
      checkKey(s.key);
      if (s.entityName === undefined) {
        if (s.conditions !== undefined)
          return refuse(400, 'INVALID_REQUEST', 'Conditions apply to custom entities only');
        checkSize(s.value);
        const value: unknown = structuredClone(s.value);
        staged.push(() => {
          this.put(s.key, value, undefined);
        });
      } else {
        const entityName = s.entityName;
        const value = this.checkEntity(entityName, s.value);
        this.checkCondition(entityName, s.key, s.conditions);
        staged.push(() => this.entitiesOf(entityName).set(s.key, value));
      }
    }
    for (const d of deletes) {
      if (d.entityName === undefined)
        staged.push(() => {
          this.values.delete(d.key);
          this.expires.delete(d.key);
        });
      else {
        const entityName = d.entityName;
        this.checkCondition(entityName, d.key, d.conditions);
        staged.push(() => this.entitiesOf(entityName).delete(d.key));
      }
    }
    for (const c of checks) this.checkCondition(c.entityName, c.key, c.conditions);
    for (const apply of staged) apply();
    this.persist();
    return { status: 204, body: undefined };
  }

  private checkCondition(entityName: string, key: string, given: Conditions | undefined): void {
    if (given === undefined) return;
    const current = this.entitiesOf(entityName).get(key);
    const holds =
      'and' in given ? given.and.every((c) => meets(current, c)) : given.or.some((c) => meets(current, c));
    if (!holds)
      refuse(
        409,
        'CONDITION_CHECK_FAILED',
        `The condition on ${entityName} ${key} does not hold; nothing was written`,
      );
  }

  private entitiesOf(entityName: string): Map<string, Record<string, unknown>> {
    if (!this.declared.has(entityName))
      return refuse(400, 'INVALID_ENTITY', `Entity ${entityName} is not declared in app.storage.entities`);
    let map = this.entityValues.get(entityName);
    if (map === undefined) {
      map = new Map();
      this.entityValues.set(entityName, map);
    }
    return map;
  }

  /** An entity value is an object of the declared attributes, each of its declared type. */
  private checkEntity(entityName: string, value: unknown): Record<string, unknown> {
    this.entitiesOf(entityName);
    const declaration = this.declared.get(entityName);
    const object = z.record(z.string(), z.unknown()).safeParse(value);
    if (declaration === undefined || !object.success || Array.isArray(value))
      return refuse(400, 'INVALID_ENTITY', `A ${entityName} is an object of its declared attributes`);
    for (const [name, v] of Object.entries(object.data)) {
      const type = declaration.attributes[name];
      if (type === undefined)
        return refuse(400, 'INVALID_ENTITY', `${entityName} declares no attribute ${name}`);
      if (!hasType(v, type))
        return refuse(400, 'INVALID_ENTITY', `${entityName}.${name} must be of type ${type}`);
    }
    checkSize(object.data);
    return structuredClone(object.data);
  }

  private load(file: string): void {
    const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const current = storedFile.safeParse(stored);
    if (current.success) {
      for (const [k, v] of Object.entries(current.data.values)) this.values.set(k, v);
      for (const [k, at] of Object.entries(current.data.expires ?? {})) this.expires.set(k, at);
      for (const [name, entries] of Object.entries(current.data.entities)) {
        const map = new Map<string, Record<string, unknown>>();
        for (const [k, v] of Object.entries(entries)) {
          const parsed = z.record(z.string(), z.unknown()).safeParse(v);
          if (parsed.success) map.set(k, parsed.data);
        }
        this.entityValues.set(name, map);
      }
      return;
    }
    // The first format of the preview's file: plain keys only.
    for (const [k, v] of Object.entries(z.record(z.string(), z.unknown()).parse(stored)))
      this.values.set(k, v);
  }

  /** Writes what `writeBehind` held back. */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.writeFile();
  }

  private persist(): void {
    if (this.writeBehind) {
      this.dirty = true;
      return;
    }
    this.writeFile();
  }

  private writeFile(): void {
    if (this.file === null) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const entities: Record<string, Record<string, unknown>> = {};
    for (const [name, map] of this.entityValues) entities[name] = Object.fromEntries(map);
    // Write a sibling and rename it over the file, so that a crash never leaves half a store.
    const temp = `${this.file}.tmp`;
    writeFileSync(
      temp,
      JSON.stringify({
        format: 2,
        values: Object.fromEntries(this.values),
        expires: Object.fromEntries(this.expires),
        entities,
      }),
    );
    renameSync(temp, this.file);
  }
}
