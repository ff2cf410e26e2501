import type { ErrorCode } from './domain/errors';
import type { FlowSettings } from './domain/settings';

/**
 * The one contract between the resolvers and the UI (DESIGN §2): function keys, and what each
 * returns. Every resolver answers with the same envelope and a closed set of error codes, which the
 * UI maps to words in one table.
 */

export type { ErrorCode };

export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export interface Contract {
  /** The settings a project starts with, before an admin changes anything. */
  getDefaultSettings: { payload: Record<string, never>; result: FlowSettings };
}

export type FunctionKey = keyof Contract;
