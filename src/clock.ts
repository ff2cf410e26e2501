/**
 * The one clock of the backend. In Forge it is the system clock; the preview sets it to the demo
 * data's time so that "the last 12 weeks" means the weeks the data covers.
 */
let override: (() => number) | null = null;

export function now(): number {
  return override !== null ? override() : Date.now();
}

export function setClock(clock: (() => number) | null): void {
  override = clock;
}
