/**
 * The host side of the Custom UI bridge for component tests. @forge/bridge reads
 * `window.__bridge.callBridge` when it loads, so this runs before any test module. Tests set the
 * context and the resolver answers; every call is recorded.
 */
export interface BridgeCall {
  readonly name: string;
  readonly payload: unknown;
}

type Answer = (functionKey: string, payload: unknown) => Promise<unknown>;

const calls: BridgeCall[] = [];
let context: unknown = {};
let contextFailure: Error | null = null;
let answer: Answer = () => Promise.resolve(undefined);

export const bridge = {
  calls,
  setContext(value: unknown): void {
    context = value;
  },
  /** The next getContext calls fail, as when the host frame does not answer. */
  failContext(error: Error): void {
    contextFailure = error;
  },
  answerWith(fn: Answer): void {
    answer = fn;
  },
  /** The payloads the surface sent to one resolver function, in order. */
  invoked(functionKey: string): unknown[] {
    return calls
      .filter((c) => c.name === 'invoke' && field(c.payload, 'functionKey') === functionKey)
      .map((c) => field(c.payload, 'payload'));
  },
  reset(): void {
    calls.length = 0;
    context = {};
    contextFailure = null;
    answer = () => Promise.resolve(undefined);
  },
};

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? Object.getOwnPropertyDescriptor(value, key)?.value
    : undefined;
}

Object.defineProperty(globalThis, '__bridge', {
  value: {
    callBridge: (name: string, payload: unknown): Promise<unknown> => {
      calls.push({ name, payload });
      if (name === 'getContext')
        return contextFailure !== null ? Promise.reject(contextFailure) : Promise.resolve(context);
      if (name === 'invoke') return answer(String(field(payload, 'functionKey')), field(payload, 'payload'));
      return Promise.resolve(undefined);
    },
  },
  writable: true,
});
