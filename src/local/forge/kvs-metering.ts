import { z } from 'zod';
import type { Reply } from './kvs-protocol';

/**
 * What Forge meters of a storage request: reads and writes in units of 10 KB of each value, at
 * least one a key (an installation may spend 4 000 of each a minute;
 * ../shared/reference/forge-platform.md). The local store counts them as it answers, so that the
 * benchmark can say what a load costs in Forge's own currency and how many loads a minute fit.
 */

export const UNIT_BYTES = 10 * 1024;
/** Units an installation may spend each minute, of reads and of writes apart. */
export const UNITS_PER_MINUTE = 4000;

export interface StorageUnits {
  read: number;
  write: number;
}

/** The units of one value: 10 KB of its JSON each, at least one. */
export function unitsOf(value: unknown): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(value ?? null)) / UNIT_BYTES));
}

const valued = z.array(z.looseObject({ value: z.unknown() }));
const keyed = z.array(z.unknown());
const request = z.looseObject({
  value: z.unknown().optional(),
  set: valued.optional(),
  delete: keyed.optional(),
});
const answered = z.looseObject({
  value: z.unknown().optional(),
  data: valued.optional(),
  successfulKeys: valued.optional(),
});

const sum = (values: readonly { value?: unknown }[]): number =>
  values.reduce((n, v) => n + unitsOf(v.value), 0);

/** The units one answered request spends; a refused one spends none. */
export function meteredUnits(pathname: string, body: unknown, reply: Reply): StorageUnits {
  if (reply.status >= 300) return { read: 0, write: 0 };
  const asked = request.safeParse(body);
  const given = answered.safeParse(reply.body);
  const out = given.success ? given.data : {};
  switch (pathname) {
    case '/api/v1/get':
    case '/api/v1/entity/get':
      return { read: unitsOf(out.value), write: 0 };
    case '/api/v1/query':
    case '/api/v1/entity/query':
      return { read: sum(out.data ?? []), write: 0 };
    case '/api/v1/batch/get':
      return { read: sum(out.successfulKeys ?? []), write: 0 };
    case '/api/v1/set':
    case '/api/v1/entity/set':
      return { read: 0, write: asked.success ? unitsOf(asked.data.value) : 1 };
    case '/api/v1/delete':
    case '/api/v1/entity/delete':
      return { read: 0, write: 1 };
    case '/api/v1/batch/set':
      return { read: 0, write: sum(valued.catch([]).parse(body)) };
    case '/api/v1/batch/delete':
      return { read: 0, write: keyed.catch([]).parse(body).length };
    case '/api/v1/transaction': {
      const t = asked.success ? asked.data : {};
      return { read: 0, write: sum(t.set ?? []) + (t.delete ?? []).length };
    }
    default:
      return { read: 0, write: 0 };
  }
}
