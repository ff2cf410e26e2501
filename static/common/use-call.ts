import { useCallback, useEffect, useRef, useState } from 'react';
import type { Contract, FunctionKey, Result } from '../../src/contract';
import { call } from './bridge';
import { takeEarlyCall } from './early-start';

export type CallState<T> =
  { readonly status: 'loading' } | { readonly status: 'done'; readonly result: Result<T> };

/**
 * Calls a resolver whenever the payload changes by value (not by identity) or `reload` is asked
 * for, and keeps the latest answer; an answer to an older payload is dropped. `poll` asks again
 * while keeping the current answer on screen (a long load's progress).
 */
export function useCall<K extends FunctionKey>(
  key: K,
  payload: Contract[K]['payload'] | null,
): { state: CallState<Contract[K]['result']>; reload: () => void; poll: () => void } {
  const [state, setState] = useState<CallState<Contract[K]['result']>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const quiet = useRef(false);
  const latest = useRef(payload);
  latest.current = payload;
  const serialized = payload === null ? null : JSON.stringify(payload);
  useEffect(() => {
    const current = latest.current;
    if (serialized === null || current === null) return;
    let live = true;
    if (!quiet.current) setState({ status: 'loading' });
    quiet.current = false;
    void (takeEarlyCall(key, current) ?? call(key, current)).then((result) => {
      if (live) setState({ status: 'done', result });
    });
    return () => {
      live = false;
    };
  }, [key, serialized, generation]);
  const reload = useCallback(() => {
    setGeneration((g) => g + 1);
  }, []);
  const poll = useCallback(() => {
    quiet.current = true;
    setGeneration((g) => g + 1);
  }, []);
  return { state, reload, poll };
}
