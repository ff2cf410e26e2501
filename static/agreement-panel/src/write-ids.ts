import { useCallback, useRef } from 'react';

/**
 * The id of each change a person sends (docs/debt-agreements.md#writes). Sending the same request
 * again, after an answer that did not come or said it failed, keeps its id, so that the server
 * knows a retry of a write it may have made already; any other request is another change and gets
 * an id of its own, which the server never confuses with the first. `forget` after a change is
 * confirmed: the next request is a new change even if it reads the same.
 */
export function useWriteIds(): { idFor(request: unknown): string; forget(): void } {
  const last = useRef<{ readonly request: string; readonly id: string } | null>(null);
  const idFor = useCallback((request: unknown): string => {
    const text = JSON.stringify(request);
    if (last.current?.request !== text) last.current = { request: text, id: crypto.randomUUID() };
    return last.current.id;
  }, []);
  const forget = useCallback(() => {
    last.current = null;
  }, []);
  return { idFor, forget };
}
