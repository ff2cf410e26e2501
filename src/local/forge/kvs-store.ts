import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Forge's key-value store as `@forge/kvs` reaches it (POST /api/v1/get, /set, /delete, /query
 * through `__forge_fetch__`), kept in memory and, when given a file, written through to it so that
 * settings survive a restart of the preview. Limits as Forge documents them: keys of at most 500
 * characters from a restricted alphabet, values of at most 240 KiB.
 * @see https://developer.atlassian.com/platform/forge/limits-kvs-ce/
 */

export const KVS_MAX_VALUE_BYTES = 240 * 1024;
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;

const keyBody = z.object({ key: z.string() });
const setBody = z.object({ key: z.string(), value: z.unknown() });
const queryBody = z.object({
  limit: z.number().int().optional(),
  cursor: z.string().optional(),
  where: z.array(z.object({ field: z.literal('key'), condition: z.string(), value: z.string() })).optional(),
});

interface Reply {
  status: number;
  body: unknown;
}

const kvsError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message },
});

export class KvsStore {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly file: string | null = null) {
    if (file !== null && existsSync(file)) {
      const stored: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const entries = z.record(z.string(), z.unknown()).parse(stored);
      for (const [k, v] of Object.entries(entries)) this.values.set(k, v);
    }
  }

  get(key: string): unknown {
    return this.values.get(key);
  }

  /** Answers one @forge/kvs request (path under /api/v1, JSON body). */
  handle(pathname: string, body: string | undefined): Reply {
    let value: unknown;
    try {
      value = JSON.parse(body ?? '{}') as unknown;
    } catch {
      return kvsError(400, 'INVALID_REQUEST', 'The request body is not JSON');
    }
    switch (pathname) {
      case '/api/v1/get': {
        const b = keyBody.safeParse(value);
        if (!b.success) return kvsError(400, 'INVALID_REQUEST', 'key is required');
        if (!this.values.has(b.data.key))
          return kvsError(404, 'KEY_NOT_FOUND', `No value for key ${b.data.key}`);
        return { status: 200, body: { key: b.data.key, value: this.values.get(b.data.key) } };
      }
      case '/api/v1/set': {
        const b = setBody.safeParse(value);
        if (!b.success) return kvsError(400, 'INVALID_REQUEST', 'key and value are required');
        const invalid = this.checkKey(b.data.key);
        if (invalid !== null) return invalid;
        const size = Buffer.byteLength(JSON.stringify(b.data.value ?? null));
        if (size > KVS_MAX_VALUE_BYTES)
          return kvsError(
            413,
            'VALUE_TOO_LARGE',
            `The value is ${size} bytes; at most ${KVS_MAX_VALUE_BYTES} are allowed`,
          );
        this.values.set(b.data.key, structuredClone(b.data.value));
        this.persist();
        return { status: 204, body: undefined };
      }
      case '/api/v1/delete': {
        const b = keyBody.safeParse(value);
        if (!b.success) return kvsError(400, 'INVALID_REQUEST', 'key is required');
        if (!this.values.delete(b.data.key))
          return kvsError(404, 'KEY_NOT_FOUND', `No value for key ${b.data.key}`);
        this.persist();
        return { status: 204, body: undefined };
      }
      case '/api/v1/query': {
        const b = queryBody.safeParse(value);
        if (!b.success) return kvsError(400, 'INVALID_REQUEST', 'invalid query');
        const prefix = b.data.where?.find((w) => w.condition === 'BEGINS_WITH')?.value ?? '';
        const keys = [...this.values.keys()].filter((k) => k.startsWith(prefix)).sort();
        const start = b.data.cursor !== undefined ? Number(b.data.cursor) : 0;
        const limit = Math.min(b.data.limit ?? 10, 20);
        const page = keys.slice(start, start + limit);
        return {
          status: 200,
          body: {
            data: page.map((key) => ({ key, value: this.values.get(key) })),
            ...(start + limit < keys.length ? { cursor: String(start + limit) } : {}),
          },
        };
      }
      default:
        return kvsError(404, 'NOT_FOUND', `The local store does not offer ${pathname}`);
    }
  }

  private checkKey(key: string): Reply | null {
    if (key.length === 0 || key.length > 500 || !KEY_PATTERN.test(key)) {
      return kvsError(
        400,
        'INVALID_KEY',
        'Keys are 1 to 500 characters of letters, digits, spaces and : . _ - #',
      );
    }
    return null;
  }

  private persist(): void {
    if (this.file === null) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write a sibling and rename it over the file, so that a crash never leaves half a store.
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(Object.fromEntries(this.values), null, 1));
    renameSync(temp, this.file);
  }
}
