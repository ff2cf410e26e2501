import type { JiraClientOptions } from '../../src/jira/jira-client';

/**
 * A clock that moves only when the client waits, so that retries and Retry-After cost no real
 * time; `slept` records every wait the client asked for.
 */
export interface VirtualTime {
  readonly slept: number[];
  now(): number;
  /** Client options: a deadline `budgetMs` from the current virtual moment, and the virtual clock. */
  clientOptions(budgetMs: number, random: number): JiraClientOptions;
}

export function virtualTime(): VirtualTime {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    clientOptions: (budgetMs, random) => ({
      deadline: now + budgetMs,
      now: () => now,
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
      random: () => random,
    }),
  };
}
