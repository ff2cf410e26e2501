import { useCallback, useState } from 'react';
import type { Contract, ErrorBody, FunctionKey, Result } from '../../src/contract';
import { call } from './bridge';

export type MutationState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'saved'; readonly data: T }
  | { readonly status: 'failed'; readonly error: ErrorBody };

/**
 * A call that changes something: one at a time, its answer kept, and its field errors ready for
 * a form. A CONFLICT (someone saved first) is a failure like any other, and `onConflict` is how
 * the surface reloads what is now stored.
 */
export function useMutation<K extends FunctionKey>(
  key: K,
): {
  readonly state: MutationState<Contract[K]['result']>;
  readonly fieldErrors: Readonly<Record<string, string>>;
  run(payload: Contract[K]['payload']): Promise<Result<Contract[K]['result']>>;
  reset(): void;
} {
  const [state, setState] = useState<MutationState<Contract[K]['result']>>({ status: 'idle' });
  const run = useCallback(
    async (payload: Contract[K]['payload']): Promise<Result<Contract[K]['result']>> => {
      setState({ status: 'running' });
      const result = await call(key, payload);
      setState(
        result.ok ? { status: 'saved', data: result.data } : { status: 'failed', error: result.error },
      );
      return result;
    },
    [key],
  );
  const reset = useCallback(() => {
    setState({ status: 'idle' });
  }, []);
  const fieldErrors = state.status === 'failed' ? (state.error.fields ?? {}) : {};
  return { state, fieldErrors, run, reset };
}
