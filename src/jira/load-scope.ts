import type { JiraClient } from './jira-client';

/**
 * The parallel parts of one load from Jira (search pages, changelog batches started while later
 * pages arrive, metadata). The first part to fail cancels the others' requests, and the load ends
 * only when every part has settled: a failed load leaves no request running behind it, and no late
 * failure without a handler (which would end the Node process of the preview or the CLI).
 */
export interface LoadScope {
  /** A client whose requests are cancelled when any part of the load fails. */
  readonly jira: JiraClient;
  /** Starts a part of the load; its failure fails the whole load. */
  start<T>(part: (jira: JiraClient) => Promise<T>): Promise<T>;
}

export async function inOneLoad<T>(jira: JiraClient, body: (load: LoadScope) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const scoped = jira.scoped(controller.signal);
  const parts: Promise<unknown>[] = [];
  const state: { failure: { readonly error: unknown } | null } = { failure: null };
  const fail = (error: unknown): void => {
    // The first failure is the cause; what fails after it was cancelled because of it.
    state.failure ??= { error };
    controller.abort();
  };
  const load: LoadScope = {
    jira: scoped,
    start: (part) => {
      const running = part(scoped);
      parts.push(running.catch(fail));
      return running;
    },
  };
  let outcome: { readonly value: T } | null = null;
  try {
    outcome = { value: await body(load) };
  } catch (e) {
    fail(e);
  }
  // Parts may start other parts while they run: wait until none is left unsettled.
  for (let settled = 0; settled < parts.length;) {
    const upTo = parts.length;
    await Promise.all(parts.slice(settled, upTo));
    settled = upTo;
  }
  if (state.failure !== null || outcome === null) throw state.failure?.error;
  return outcome.value;
}
