import { Queue } from '@forge/events';
import { chunksOf } from '../services/key-value-store';
import type { RefreshQueue } from '../services/agreement-refresh';

/** The queue the `refresh-agreements-consumer` of manifest.yml reads. */
export const REFRESH_QUEUE_KEY = 'flow-ledger-refresh';

const queue = new Queue({ key: REFRESH_QUEUE_KEY });

/** Forge takes at most 50 events a push. */
const EVENTS_PER_PUSH = 50;

/**
 * Batches of the daily refresh that its run had no time for, one event each. Two at a time, so
 * that the property writes stay well inside Jira's per-second limits.
 */
export const forgeRefreshQueue: RefreshQueue = {
  push: async (jobs) => {
    for (const chunk of chunksOf(jobs, EVENTS_PER_PUSH))
      await queue.push(chunk.map((job) => ({ body: { ...job }, concurrency: { key: 'refresh', limit: 2 } })));
  },
};
