import { z } from 'zod';
import { searchIds } from '../jira/jira-search';
import type { JiraClient } from '../jira/jira-client';
import { inOneLoad } from '../jira/load-scope';
import { readFacts, readJob, writeFacts, writeJob } from './fact-cache';
import type { KeyValueStore } from './key-value-store';
import { chunksOf } from './key-value-store';
import { fetchFactsByIds } from './project-data';

/**
 * The async consumer's work (docs/jira.md#beyond-one-call): filling a project window's fact cache
 * when a load is too big for one resolver call. It runs as the app, which sees every issue, and
 * only fetches facts: a user is still shown only the ids of their own search. It works in slices
 * that each end written to the cache, so that a run stopped at any point loses at most a slice,
 * and a run started again (by itself, near its time limit, or by a later page load) skips what
 * the cache already holds.
 */

/** What one event of the queue asks for. */
export const factJobSchema = z.object({
  projectId: z.string().regex(/^\d+$/),
  projectKey: z.string().min(1).max(255),
  jql: z.string().min(1).max(2000),
  flaggedFieldId: z.string().nullable(),
  startedAt: z.number(),
});
export type FactJob = z.infer<typeof factJobSchema>;

/** Where a resolver hands a job (the Forge queue, or in process off Forge). */
export interface FactJobQueue {
  push(job: FactJob): Promise<void>;
}

/** Issues fetched and written per slice. */
const SLICE = 5000;

export type FactJobOutcome = 'done' | 'more';

/**
 * Runs a job until it is done or `deadline` (on the client's clock) is near; `more` means the
 * caller should queue it again. The job record is renewed after every slice, so that a load can
 * tell a job at work from one that died.
 */
export async function runFactJob(
  jira: JiraClient,
  store: KeyValueStore,
  job: FactJob,
  now: () => number,
): Promise<FactJobOutcome> {
  const clock = jira.options.now ?? Date.now;
  const previous = await readJob(store, job.projectId);
  const startedAt = previous?.startedAt ?? job.startedAt;
  const report = (state: 'running' | 'done' | 'failed', message: string | null) =>
    writeJob(store, job.projectId, { state, startedAt, updatedAt: now(), message });
  try {
    const ids = await searchIds(jira, job.jql);
    const cached = await readFacts(store, job.projectId, ids);
    const missing = ids.filter((id) => !cached.facts.has(id));
    await report('running', null);
    for (const slice of chunksOf(missing, SLICE)) {
      // A slice at 80 ms a call takes a few seconds; stop with a minute to spare.
      if (jira.options.deadline - clock() < 60_000) return 'more';
      const fetchedAt = now();
      const facts = await inOneLoad(jira, (load) =>
        fetchFactsByIds(load, slice, Promise.resolve(job.flaggedFieldId), fetchedAt),
      );
      await writeFacts(store, job.projectId, { fresh: facts, seen: new Set(), read: null, now: fetchedAt });
      // The record says the job is alive; how far it got is each user's own (their ids with facts).
      await report('running', null);
    }
    await report('done', null);
    return 'done';
  } catch (e) {
    await report('failed', e instanceof Error ? e.message.slice(0, 300) : String(e));
    throw e;
  }
}
