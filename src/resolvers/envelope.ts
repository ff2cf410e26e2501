import type { z } from 'zod';
import type { Result } from '../contract';
import { DomainError } from '../domain/errors';

/** A form shows at most this many field errors at once. */
const MAX_FIELD_ERRORS = 50;

/** Payloads larger than this are refused before parsing (Forge's own limits are larger). */
const MAX_PAYLOAD_CHARS = 256 * 1024;

/**
 * Parses a payload against the contract; a refusal names the field and why. `fieldName` gives a
 * field's words where a form shows it (the settings page), else the path is the name.
 */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  payload: unknown,
  fieldName: (path: readonly PropertyKey[]) => string = (path) => path.map(String).join('.'),
): z.output<S> {
  let size: number;
  try {
    size = JSON.stringify(payload ?? null).length;
  } catch {
    throw new DomainError('INVALID_INPUT', 'The request could not be read.');
  }
  if (size > MAX_PAYLOAD_CHARS)
    throw new DomainError(
      'TOO_LARGE',
      `The request is ${size} characters; at most ${MAX_PAYLOAD_CHARS} are accepted.`,
    );
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, MAX_FIELD_ERRORS)) {
      const path = issue.path.map(String).join('.');
      fields[path === '' ? 'request' : path] ??= issue.message;
    }
    const first = parsed.error.issues[0];
    const where = first === undefined || first.path.length === 0 ? 'request' : fieldName(first.path);
    throw new DomainError('INVALID_INPUT', `${where}: ${first?.message ?? 'invalid'}`, fields);
  }
  return parsed.data;
}

/** Runs a resolver's work and wraps its outcome in the envelope; unexpected errors are logged, not shown. */
export async function respond<T>(functionKey: string, work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (e) {
    if (e instanceof DomainError)
      return {
        ok: false,
        error: { code: e.code, message: e.message, ...(e.fields !== undefined ? { fields: e.fields } : {}) },
      };
    console.error(`Flow Ledger: ${functionKey} failed`, e);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'Flow Ledger hit an unexpected error; it has been logged.' },
    };
  }
}
