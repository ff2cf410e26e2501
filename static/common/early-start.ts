import type { Contract, FunctionKey, Result } from '../../src/contract';
import { asResult, send, surfaceContext, type SurfaceContext } from './bridge';

/**
 * What a surface asks the host for before its React app has loaded: the extension context and
 * the one call its first screen waits on. A frame's entry imports only this and the bridge, then
 * loads the app (docs/ui-bundles.md): the two round trips through Jira overlap the download and
 * start of React and Atlaskit instead of following them. Each early answer is taken once, by the
 * first render that asks for the same thing; a later ask makes a call of its own.
 */

let earlyContext: Promise<SurfaceContext> | null = null;

/** The first call: its key, its payload as JSON, and the answer as it came. */
let earlyCall: {
  readonly key: FunctionKey;
  readonly payload: string;
  readonly answer: Promise<unknown>;
} | null = null;

/**
 * Asks for the context now and, once it is there, lets `first` start the surface's first call.
 * A context that cannot be read is left to the app, which says so.
 */
export function startEarly(first: (context: SurfaceContext) => void): void {
  earlyContext = surfaceContext();
  earlyContext.then(first, () => undefined);
}

/** The context asked for at start, once; null when it was not asked for, or already taken. */
export function takeEarlyContext(): Promise<SurfaceContext> | null {
  const context = earlyContext;
  earlyContext = null;
  return context;
}

export function callEarly<K extends FunctionKey>(key: K, payload: Contract[K]['payload']): void {
  earlyCall = { key, payload: JSON.stringify(payload), answer: send(key, payload) };
}

/**
 * The early answer to this key and payload (by value), once, checked as every answer is; null
 * when there is none.
 */
export function takeEarlyCall<K extends FunctionKey>(
  key: K,
  payload: Contract[K]['payload'],
): Promise<Result<Contract[K]['result']>> | null {
  if (earlyCall?.key !== key || earlyCall.payload !== JSON.stringify(payload)) return null;
  const { answer } = earlyCall;
  earlyCall = null;
  return asResult(answer);
}
