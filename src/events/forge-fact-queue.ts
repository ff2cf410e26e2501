import { Queue } from '@forge/events';
import type { FactJobQueue } from '../services/fact-jobs';

/** The queue the `fill-fact-cache` consumer of manifest.yml reads. */
export const FACT_QUEUE_KEY = 'flow-ledger-facts';

const queue = new Queue({ key: FACT_QUEUE_KEY });

/**
 * Jobs go to the async consumer, one event each. A project is filled by one run at a time
 * (`concurrency` keyed by project), so a page polling for progress cannot start a second.
 */
export const forgeFactQueue: FactJobQueue = {
  push: async (job) => {
    await queue.push([{ body: { ...job }, concurrency: { key: `project-${job.projectId}`, limit: 1 } }]);
  },
};
