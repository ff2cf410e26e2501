import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The width of an element as it is laid out, kept up to date as the frame is resized (a dashboard
 * column, a narrowed window). Null until it is known, and where it cannot be (no layout, as in a
 * test's DOM): a surface then shows what it would show at full width.
 */
export function useWidth<T extends HTMLElement>(): {
  readonly ref: RefObject<T | null>;
  readonly width: number | null;
} {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null || typeof ResizeObserver === 'undefined') return;
    const measure = (): void => {
      const w = element.getBoundingClientRect().width;
      setWidth(w > 0 ? Math.round(w) : null);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return { ref, width };
}
