import Resolver from '@forge/resolver';
import { z } from 'zod';
import { now } from './clock';
import { forgeFactQueue } from './events/forge-fact-queue';
import { forgeAppTransport, forgeUserTransport } from './jira/forge-transport';
import { JiraClient } from './jira/jira-client';
import { contractKeysOnly, defineResolvers } from './resolvers/resolvers';
import { forgeRefreshQueue } from './events/forge-refresh-queue';
import {
  continueRefresh,
  refreshAgreements,
  refreshJobSchema,
  type RefreshOutcome,
} from './services/agreement-refresh';
import { boundedStore } from './services/bounded-store';
import { factJobSchema, runFactJob, type FactJobOutcome } from './services/fact-jobs';
import { forgeKvsStore } from './storage/forge-kvs-store';

/**
 * Forge entry points named in manifest.yml. The resolvers read and write Jira as the user who
 * opened the page (`asUser()`), so Jira's own permissions decide what each person sees. The
 * scheduled trigger and the async consumers run as the app, with no user (docs/architecture.md#who-sees-what).
 */

// A resolver invocation has 25 s; a second is kept for answering.
const INVOCATION_BUDGET_MS = 24_000;
// Requests in flight at once for one page load: enough to overlap a large read's slices, few
// enough to stay clear of Jira's per-second burst limits (docs/jira.md#what-a-load-costs).
const LOAD_CONCURRENCY = 10;

const resolver = new Resolver();

defineResolvers(resolver, {
  jira: () =>
    new JiraClient(forgeUserTransport, {
      deadline: Date.now() + INVOCATION_BUDGET_MS,
      concurrency: LOAD_CONCURRENCY,
    }),
  store: forgeKvsStore,
  now,
  jobs: forgeFactQueue,
});

export const handler = contractKeysOnly(resolver.getDefinitions());

// The daily refresh may run for up to 300 s (manifest.yml); it keeps 20 s for answering.
const REFRESH_BUDGET_MS = (300 - 20) * 1000;
// Both queue consumers may run for up to 900 s (manifest.yml's timeoutSeconds); each keeps 30 s
// to stop a slice early and queue the rest.
const CONSUMER_BUDGET_MS = (900 - 30) * 1000;

function logRefresh(outcome: RefreshOutcome): void {
  console.log(
    `Flow Ledger: agreements scanned ${outcome.scanned}, refreshed ${outcome.refreshed}, unchanged ${outcome.unchanged}, skipped ${outcome.skipped}, failed ${outcome.failed.length}, queued ${outcome.queued}`,
  );
  for (const f of outcome.failed.slice(0, 20)) console.warn(`Flow Ledger: ${f.key}: ${f.message}`);
}

/**
 * The scheduled trigger of manifest.yml: every open agreement's status, written into its property;
 * the batches it has no time for go on in the refresh queue.
 */
export async function refreshAgreementsDaily(): Promise<RefreshOutcome> {
  const jira = new JiraClient(forgeAppTransport, { deadline: Date.now() + REFRESH_BUDGET_MS });
  const store = boundedStore(forgeKvsStore, jira);
  const outcome = await refreshAgreements(jira, store, forgeRefreshQueue, now());
  logRefresh(outcome);
  return outcome;
}

const refreshEventSchema = z.object({ body: refreshJobSchema });

/** The refresh queue's consumer: one batch of the daily run, at the daily run's moment. */
export async function continueAgreementsRefresh(event: unknown): Promise<RefreshOutcome> {
  const job = refreshEventSchema.parse(event).body;
  const jira = new JiraClient(forgeAppTransport, { deadline: Date.now() + CONSUMER_BUDGET_MS });
  const outcome = await continueRefresh(jira, boundedStore(forgeKvsStore, jira), forgeRefreshQueue, job);
  logRefresh(outcome);
  return outcome;
}

const asyncEventSchema = z.object({ body: factJobSchema });

/**
 * The async consumer of manifest.yml: fills a project window's fact cache, as the app, when a page
 * load was too big for one resolver call; queues itself again if its time runs out first.
 */
export async function fillFactCache(event: unknown): Promise<FactJobOutcome> {
  const job = asyncEventSchema.parse(event).body;
  const jira = new JiraClient(forgeAppTransport, {
    deadline: Date.now() + CONSUMER_BUDGET_MS,
    concurrency: 8,
  });
  const outcome = await runFactJob(jira, boundedStore(forgeKvsStore, jira), job, now);
  if (outcome === 'more') await forgeFactQueue.push(job);
  return outcome;
}
