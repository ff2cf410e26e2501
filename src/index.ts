import Resolver from '@forge/resolver';
import { now } from './clock';
import { forgeUserTransport } from './jira/forge-transport';
import { JiraClient } from './jira/jira-client';
import { contractKeysOnly, defineResolvers } from './resolvers/resolvers';
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
