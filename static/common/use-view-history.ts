import { view } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';

/** What the surfaces use of the history Forge gives a page (`view.createHistory()`, history 4's). */
interface PageHistory {
  readonly location: { readonly search: string };
  push(location: { pathname: string; search: string }): void;
  listen(listener: (location: { readonly search: string }) => void): () => void;
}

function isPageHistory(value: unknown): value is PageHistory {
  if (typeof value !== 'object' || value === null) return false;
  const location: unknown = Object.getOwnPropertyDescriptor(value, 'location')?.value;
  return (
    typeof location === 'object' &&
    location !== null &&
    typeof Object.getOwnPropertyDescriptor(location, 'search')?.value === 'string' &&
    typeof Object.getOwnPropertyDescriptor(value, 'push')?.value === 'function' &&
    typeof Object.getOwnPropertyDescriptor(value, 'listen')?.value === 'function'
  );
}

/**
 * A page's view kept in the page's own history, so that it survives a reload, can be shared as a
 * link, and Back goes to the view before (`view.createHistory()`: Jira keeps the frame's location
 * in its own URL). `parse` reads a location's query into the view; `format` writes it. Until the
 * history has answered, `ready` is false, so that a page does not load a view it will replace;
 * where there is no history (a host that offers none), the view lives in the page alone.
 */
export function useViewHistory<T>(
  parse: (search: string) => T,
  format: (view: T) => string,
): { readonly ready: boolean; readonly view: T; readonly show: (next: T) => void } {
  const [state, setState] = useState<{ ready: boolean; view: T }>(() => ({ ready: false, view: parse('') }));
  const history = useRef<PageHistory | null>(null);
  const parseRef = useRef(parse);
  parseRef.current = parse;
  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | null = null;
    view.createHistory().then(
      (h: unknown) => {
        if (!live) return;
        if (!isPageHistory(h)) {
          setState((s) => ({ ...s, ready: true }));
          return;
        }
        history.current = h;
        setState({ ready: true, view: parseRef.current(h.location.search) });
        unlisten = h.listen((location) => {
          setState({ ready: true, view: parseRef.current(location.search) });
        });
      },
      () => {
        if (live) setState((s) => ({ ...s, ready: true }));
      },
    );
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);
  const show = useCallback(
    (next: T) => {
      setState({ ready: true, view: next });
      const search = format(next);
      if (history.current !== null && history.current.location.search !== search)
        history.current.push({ pathname: '/', search });
    },
    [format],
  );
  return { ready: state.ready, view: state.view, show };
}
