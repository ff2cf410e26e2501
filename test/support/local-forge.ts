import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { forgeUserTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { LocalForge, type ForgeHandler } from '../../src/local/forge/local-forge';
import { defineResolvers } from '../../src/resolvers/resolvers';
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

export function virtualForge(emulator: JiraEmulator, now: number): VirtualForge {
  const time = virtualTime();
  const resolver = new Resolver();
  defineResolvers(resolver, {
    jira: () => new JiraClient(forgeUserTransport, time.clientOptions(24_000, 0.5)),
    store: {
      get: (key) => kvs.get(key),
      set: (key, value) => kvs.set(key, value),
    },
    now: () => now,
  });
  const handler: ForgeHandler = resolver.getDefinitions();
  const store = new KvsStore();
  const forge = new LocalForge({ kind: 'emulator', emulator }, store, handler);
  return {
    forge,
    kvs: store,
    slept: time.slept,
    invoke: (functionKey, payload, accountId = 'acc-admin') =>
      forge.invoke(functionKey, payload, { accountId }),
  };
}
