import Resolver from '@forge/resolver';
import { now } from './clock';
import { forgeAppTransport, forgeUserTransport } from './jira/forge-transport';
import { JiraClient } from './jira/jira-client';
import { contractKeysOnly, defineResolvers } from './resolvers/resolvers';
import { refreshAgreements, type RefreshOutcome } from './services/agreement-refresh';
import { forgeKvsStore } from './storage/forge-kvs-store';

/**
 * Forge entry points named in manifest.yml. Jira is always read and written as the user who opened
 * the page (`asUser()`), so Jira's own permissions decide what each person sees.
 */

// A resolver invocation has 25 s; a second is kept for answering.
const INVOCATION_BUDGET_MS = 24_000;

const resolver = new Resolver();

defineResolvers(resolver, {
  jira: () => new JiraClient(forgeUserTransport, { deadline: Date.now() + INVOCATION_BUDGET_MS }),
  store: forgeKvsStore,
  now,
});

export const handler = contractKeysOnly(resolver.getDefinitions());

// The daily refresh may run for up to REFRESH_TIMEOUT_S (manifest.yml); it keeps 20 s for answering.
const REFRESH_BUDGET_MS = (300 - 20) * 1000;

/** The scheduled trigger of manifest.yml: every open agreement's status, written into its property. */
export async function refreshAgreementsDaily(): Promise<RefreshOutcome> {
  const jira = new JiraClient(forgeAppTransport, { deadline: Date.now() + REFRESH_BUDGET_MS });
  const outcome = await refreshAgreements(jira, forgeKvsStore, now());
  console.log(
    `Flow Ledger: agreements refreshed ${outcome.refreshed}, unchanged ${outcome.unchanged}, failed ${outcome.failed.length}${outcome.more ? ', more to do' : ''}`,
  );
  for (const f of outcome.failed.slice(0, 20)) console.warn(`Flow Ledger: ${f.key}: ${f.message}`);
  return outcome;
}
