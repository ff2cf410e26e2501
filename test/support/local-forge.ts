import Resolver from '@forge/resolver';
import { forgeUserTransport } from '../../src/jira/forge-transport';
import { JiraClient, type JiraClientOptions } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { LocalForge, type ForgeHandler } from '../../src/local/forge/local-forge';
import { defineResolvers } from '../../src/resolvers/resolvers';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { forgeFactQueue } from '../../src/events/forge-fact-queue';
import { FLOW_LEDGER_APP } from '../../src/local/forge/flow-ledger-app';
import { virtualTime } from './virtual-time';

/**
 * The real resolvers on a virtual clock: Jira requests go through the real @forge/api to the
 * emulator; waits for retries advance the clock instead of sleeping, so a 429 storm takes no time.
 */
export interface VirtualForge {
  readonly forge: LocalForge;
  readonly kvs: KvsStore;
  readonly slept: number[];
  invoke(functionKey: string, payload: unknown, accountId?: string): Promise<unknown>;
}

export function virtualForge(
  emulator: JiraEmulator,
  now: number,
  store = new KvsStore(),
  maxFetchInCall?: number,
): VirtualForge {
  const time = virtualTime();
  return localForge(emulator, now, () => time.clientOptions(24_000, 0.5), time.slept, store, maxFetchInCall);
}

/**
 * The real resolvers on the real clock, with a short invocation budget: for tests of the deadline
 * itself, which must hold against a Jira that is slow or does not answer at all.
 */
export function realTimeForge(
  emulator: JiraEmulator,
  now: number,
  budgetMs: number,
  store = new KvsStore(),
): VirtualForge {
  return localForge(emulator, now, () => ({ deadline: Date.now() + budgetMs }), [], store);
}

function localForge(
  emulator: JiraEmulator,
  now: number,
  clientOptions: () => JiraClientOptions,
  slept: number[],
  store: KvsStore,
  maxFetchInCall?: number,
): VirtualForge {
  const resolver = new Resolver();
  defineResolvers(resolver, {
    jira: () => new JiraClient(forgeUserTransport, clientOptions()),
    store: forgeKvsStore,
    now: () => now,
    jobs: forgeFactQueue,
    ...(maxFetchInCall !== undefined ? { maxFetchInCall } : {}),
  });
  const handler: ForgeHandler = resolver.getDefinitions();
  const forge = new LocalForge(
    { kind: 'emulator', emulator },
    store,
    handler,
    () => now,
    FLOW_LEDGER_APP.consumers,
  );
  return {
    forge,
    kvs: store,
    slept,
    invoke: (functionKey, payload, accountId = 'acc-admin') =>
      forge.invoke(functionKey, payload, { accountId }),
  };
}
