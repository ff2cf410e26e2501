import { z } from 'zod';
import { STORE_MAX_VALUE_BYTES } from '../../services/key-value-store';
import type { AttributeType } from '../../storage/entities';

/**
 * What the local Forge storage (kvs-store.ts) checks each request against, as Forge's hosted
 * storage does: the request bodies `@forge/kvs` 1.6.5 sends, the limits on keys, values, batches
 * and transactions, the refusals with Forge's codes, and how an entity's conditions are evaluated.
 * @see https://developer.atlassian.com/platform/forge/limits-kvs-ce/
 */

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;
export const QUERY_MAX_LIMIT = 20;
export const TRANSACTION_MAX_OPERATIONS = 25;
export const TRANSACTION_MAX_BYTES = 4 * 1024 * 1024;
export const BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** Keys one batch get, set or delete may name (developer.atlassian.com/platform/forge/storage-reference/entities-batch). */
const BATCH_MAX_KEYS = 25;
export const TTL_UNIT_MS: Readonly<Record<string, number>> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};
export const ttlSchema = z.object({
  value: z.number().int().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
export type Ttl = z.infer<typeof ttlSchema>;

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

export class KvsRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const refuse = (status: number, code: string, message: string): never => {
  throw new KvsRefusal(status, code, message);
};

/** A batch request: 1 to 25 items, no key twice (Forge refuses the whole batch otherwise). */
export function batchOf<T extends z.ZodType<{ key: string; entityName?: string | undefined }>>(
  schema: T,
  value: unknown,
): z.output<T>[] {
  const items = parse(z.array(schema), value);
  if (items.length === 0 || items.length > BATCH_MAX_KEYS)
    return refuse(400, 'INVALID_REQUEST', `A batch names 1 to ${BATCH_MAX_KEYS} keys, not ${items.length}`);
  const names = new Set(items.map((i) => `${i.entityName ?? ''}\u0000${i.key}`));
  if (names.size < items.length) return refuse(400, 'INVALID_REQUEST', 'A batch names a key twice');
  return items;
}

const clause = z.object({ property: z.string(), condition: z.string(), values: z.array(z.unknown()) });
type Clause = z.infer<typeof clause>;
const conditions = z.union([z.object({ and: z.array(clause) }), z.object({ or: z.array(clause) })]);
export type Conditions = z.infer<typeof conditions>;

export const keyBody = z.object({ key: z.string() });
export const setBody = z.object({
  key: z.string(),
  value: z.unknown(),
  options: z
    .object({
      keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
      returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
      ttl: ttlSchema.optional(),
    })
    .optional(),
});
export const entityKeyBody = z.object({ entityName: z.string(), key: z.string() });
export const entitySetBody = z.object({ entityName: z.string(), key: z.string(), value: z.unknown() });
export const queryBody = z.object({
  limit: z.number().int().optional(),
  after: z.string().optional(),
  where: z.array(clause).optional(),
});
/** `kvs.entity(name).query().index(name)…getMany()`; ranges and filters are not served here. */
export const entityQueryBody = z.object({
  entityName: z.string(),
  indexName: z.string(),
  limit: z.number().int().optional(),
  cursor: z.string().optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  partition: z.array(z.unknown()).optional(),
  range: z.unknown().optional(),
  filters: z.unknown().optional(),
});
/** Entities one query page carries at most. */
export const ENTITY_QUERY_MAX_LIMIT = 100;
export const batchKey = z.object({ key: z.string(), entityName: z.string().optional() });
export const batchItem = batchKey.extend({
  value: z.unknown(),
  options: z.object({ ttl: ttlSchema.optional() }).optional(),
});
export const transactionBody = z.object({
  set: z
    .array(
      z.object({
        key: z.string(),
        value: z.unknown(),
        entityName: z.string().optional(),
        conditions: conditions.optional(),
      }),
    )
    .optional(),
  delete: z
    .array(
      z.object({ key: z.string(), entityName: z.string().optional(), conditions: conditions.optional() }),
    )
    .optional(),
  check: z.array(z.object({ key: z.string(), entityName: z.string(), conditions })).optional(),
});

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    return refuse(400, 'INVALID_REQUEST', `Invalid request: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

export function checkKey(key: string): void {
  if (key.length === 0 || key.length > 500 || !KEY_PATTERN.test(key))
    refuse(400, 'INVALID_KEY', 'Keys are 1 to 500 characters of letters, digits, spaces and : . _ - #');
}

export function checkSize(value: unknown): void {
  const size = Buffer.byteLength(JSON.stringify(value ?? null));
  if (size > STORE_MAX_VALUE_BYTES)
    refuse(
      413,
      'VALUE_TOO_LARGE',
      `The value is ${size} bytes; at most ${STORE_MAX_VALUE_BYTES} are allowed`,
    );
}

/**
 * Forge's limits on an entity attribute's value: an integer holds 32 bits, signed
 * (developer.atlassian.com/platform/forge/storage-reference/storage-api-custom-entities). Whether
 * an empty string is taken the page does not say: refused here, the strict reading, so that the
 * app never relies on it.
 */
export function hasType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value !== '';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'any':
      return true;
  }
}

/** One filter clause against an entity as stored (undefined when there is none). */
export function meets(entity: Record<string, unknown> | undefined, c: Clause): boolean {
  const present = entity !== undefined && Object.prototype.hasOwnProperty.call(entity, c.property);
  const v = present ? entity[c.property] : undefined;
  const [a, b] = c.values;
  switch (c.condition) {
    case 'EXISTS':
      return present;
    case 'NOT_EXISTS':
      return !present;
    case 'EQUAL_TO':
      return present && v === a;
    case 'NOT_EQUAL_TO':
      return !present || v !== a;
    case 'BEGINS_WITH':
      return typeof v === 'string' && typeof a === 'string' && v.startsWith(a);
    case 'CONTAINS':
      return typeof v === 'string' && typeof a === 'string' && v.includes(a);
    case 'NOT_CONTAINS':
      return !(typeof v === 'string' && typeof a === 'string' && v.includes(a));
    case 'GREATER_THAN':
      return compare(v, a) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return compare(v, a) >= 0;
    case 'LESS_THAN':
      return compare(v, a) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return compare(v, a) <= 0;
    case 'BETWEEN':
      return compare(v, a) >= 0 && compare(v, b) <= 0;
    default:
      return refuse(400, 'INVALID_REQUEST', `Unknown condition ${c.condition}`);
  }
}

/** Orders two numbers or two strings; anything else never compares (NaN). */
function compare(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  return NaN;
}
