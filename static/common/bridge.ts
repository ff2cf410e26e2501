import { invoke, view } from '@forge/bridge';
import type { Contract, FunctionKey, Result } from '../../src/contract';
import { ERROR_CODES } from '../../src/domain/errors';

/**
 * The one way the UI reaches the backend (docs/architecture.md): a typed call per contract key. The envelope
 * is checked at run time, so a broken answer shows as an error, not a crash.
 */
export function call<K extends FunctionKey>(
  key: K,
  payload: Contract[K]['payload'],
): Promise<Result<Contract[K]['result']>> {
  return asResult(send(key, payload));
}

/** Sends a call; what comes back is checked by `asResult`. */
export async function send<K extends FunctionKey>(key: K, payload: Contract[K]['payload']): Promise<unknown> {
  try {
    return await invoke<Contract[K]['payload'], unknown>(key, payload);
  } catch (e) {
    // invoke itself failed: the invocation was refused, timed out or the network is down.
    return {
      ok: false,
      error: { code: 'JIRA_UNAVAILABLE', message: e instanceof Error ? e.message : String(e) },
    };
  }
}

/** An answer as the contract's envelope, or an error saying it was not one. */
export async function asResult<T>(answer: Promise<unknown>): Promise<Result<T>> {
  const value = await answer;
  if (isEnvelope<T>(value)) return value;
  return { ok: false, error: { code: 'INTERNAL', message: 'The app answered something unexpected.' } };
}

function isEnvelope<T>(value: unknown): value is Result<T> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    ERROR_CODES.some((c) => c === error.code) &&
    'message' in error &&
    typeof error.message === 'string' &&
    (!('fields' in error) || isMessages(error.fields))
  );
}

/** Per-field messages: an object of strings, and nothing else. */
function isMessages(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((m) => typeof m === 'string')
  );
}

/** The parts of Forge's extension context the surfaces read. */
export interface SurfaceContext {
  readonly projectKey: string | null;
  readonly issueKey: string | null;
  readonly issueType: string | null;
  readonly gadgetConfiguration: Record<string, unknown>;
  readonly entryPoint: string | null;
  readonly timezone: string | null;
  /** The module the frame renders (`jira:projectPage`, `jira:globalPage`, …). */
  readonly moduleType: string | null;
  /** The board a sprint or backlog action was opened on (`extension.board.id`). */
  readonly boardId: number | null;
  /** The sprint a sprint action was opened on (`extension.sprint.id`). */
  readonly sprintId: number | null;
}

function field(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path)
    v = typeof v === 'object' && v !== null ? Object.getOwnPropertyDescriptor(v, key)?.value : undefined;
  return v;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * A board's or sprint's id as the context carries it: Jira Software's module types give it as a
 * string ("12"); a number is taken too. Anything else is no id.
 */
function agileId(v: unknown): number | null {
  const digits = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return null;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : null;
}

export async function surfaceContext(): Promise<SurfaceContext> {
  const context: unknown = await view.getContext();
  const extension = field(context, 'extension');
  const config = field(extension, 'gadgetConfiguration');
  return {
    projectKey: text(field(extension, 'project', 'key')),
    issueKey: text(field(extension, 'issue', 'key')),
    issueType: text(field(extension, 'issue', 'type')),
    gadgetConfiguration:
      typeof config === 'object' && config !== null ? Object.fromEntries(Object.entries(config)) : {},
    entryPoint: text(field(extension, 'entryPoint')),
    timezone: text(field(context, 'timezone')),
    moduleType: text(field(extension, 'type')),
    boardId: agileId(field(extension, 'board', 'id')),
    sprintId: agileId(field(extension, 'sprint', 'id')),
  };
}
