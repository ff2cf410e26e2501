import { setClock } from '../../clock';
import type { KvsStore } from './kvs-store';
import { installForgeFetch, invocationUser, type JiraBackend } from './forge-fetch';
import { LocalQueue } from './local-queue';

/** The resolver entry point as Forge calls it: `handler({ call, context }, { principal })`. */
export type ForgeHandler = (
  payload: { call: { functionKey: string; payload?: unknown }; context: Record<string, unknown> },
  backendRuntimePayload?: Record<string, unknown>,
) => Promise<unknown>;

/** The app as Forge runs it: the resolver handler, and the scheduled triggers' functions by key. */
export interface ForgeApp {
  readonly handler: ForgeHandler;
  /** By the function key of manifest.yml that a `scheduledTrigger` names. */
  readonly scheduled: Readonly<Record<string, () => Promise<unknown>>>;
  /** By the queue key of manifest.yml that a `consumer` reads: the function it names. */
  readonly consumers?: Readonly<Record<string, (event: unknown) => Promise<unknown>>>;
}

export interface InvocationContext {
  readonly accountId: string;
  /** The module's extension context (`{ type: 'jira:projectPage', project: {...} }`, ...). */
  readonly extension?: Record<string, unknown>;
  readonly moduleKey?: string;
}

/**
 * Runs the app's resolvers off Forge: installs `__forge_fetch__` (Jira → emulator or a site,
 * storage → a local store), sets the backend clock, and invokes the handler with the call shape the
 * Forge runtime uses, as the given user.
 */
export class LocalForge {
  /** Async events pushed by the app, delivered in this process to its consumers. */
  readonly queue: LocalQueue;

  constructor(
    readonly backend: JiraBackend,
    readonly kvs: KvsStore,
    private readonly handler: ForgeHandler,
    private readonly clock: (() => number) | null = null,
    consumers: ForgeApp['consumers'] = {},
  ) {
    this.queue = new LocalQueue(async (queueName, event) => {
      const consumer = consumers[queueName];
      if (consumer === undefined) throw new Error(`No consumer for queue ${queueName}`);
      return this.runAsApp(() => consumer(event));
    });
  }

  /** Runs a scheduled trigger's or a consumer's function as Forge does: as the app, with no user. */
  runAsApp<T>(run: () => Promise<T>): Promise<T> {
    installForgeFetch(this.backend, this.kvs, this.queue);
    setClock(this.clock);
    return invocationUser.exit(run);
  }

  invoke(functionKey: string, payload: unknown, who: InvocationContext): Promise<unknown> {
    // The hook and the clock are process-wide, as in a Forge function: (re)claim them per call.
    installForgeFetch(this.backend, this.kvs, this.queue);
    setClock(this.clock);
    const context = {
      extension: who.extension ?? {},
      moduleKey: who.moduleKey ?? 'flow-ledger',
      localId: `local-${who.moduleKey ?? 'flow-ledger'}`,
      cloudId: 'local-cloud',
    };
    return invocationUser.run({ accountId: who.accountId }, () =>
      this.handler(
        { call: { functionKey, payload }, context },
        { principal: { accountId: who.accountId }, installContext: 'ari:cloud:jira::site/local-cloud' },
      ),
    );
  }
}
