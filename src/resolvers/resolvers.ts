import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { FUNCTION_KEYS, payloadSchemas, type Contract, type FunctionKey, type Result } from '../contract';
import { searchProjects } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { getIssueFlow } from '../services/issue-flow-service';
import type { KeyValueStore } from '../services/key-value-store';
import { getProjectFlow, getProjectItems } from '../services/project-flow-service';
import { getSettings, saveSettings } from '../services/settings-service';
import { settingsFieldName } from '../settings-schema';
import { parsePayload, respond } from './envelope';

/** What the resolvers need from the world: Jira as the calling user, storage and the clock. */
export interface ResolverDependencies {
  /** A client for one invocation, with that invocation's deadline. */
  readonly jira: () => JiraClient;
  readonly store: KeyValueStore;
  readonly now: () => number;
}

type Handler<K extends FunctionKey> = (
  payload: unknown,
  accountId: string,
) => Promise<Result<Contract[K]['result']>>;

/**
 * Every resolver is the same three steps (DESIGN §2): parse the payload against the contract,
 * call a service as the user (Jira checks permissions; the services check admin rights), and
 * answer the envelope with a coded error on failure.
 */
export function resolverHandlers(deps: ResolverDependencies): { [K in FunctionKey]: Handler<K> } {
  return {
    getProjectFlow: (payload) =>
      respond('getProjectFlow', async () =>
        getProjectFlow(
          deps.jira(),
          deps.store,
          parsePayload(payloadSchemas.getProjectFlow, payload),
          deps.now(),
        ),
      ),
    getProjectItems: (payload) =>
      respond('getProjectItems', async () =>
        getProjectItems(
          deps.jira(),
          deps.store,
          parsePayload(payloadSchemas.getProjectItems, payload),
          deps.now(),
        ),
      ),
    getIssueFlow: (payload) =>
      respond('getIssueFlow', async () =>
        getIssueFlow(
          deps.jira(),
          deps.store,
          parsePayload(payloadSchemas.getIssueFlow, payload).issueKey,
          deps.now(),
        ),
      ),
    listProjects: (payload) =>
      respond('listProjects', async () => {
        parsePayload(payloadSchemas.listProjects, payload);
        const projects = await searchProjects(deps.jira());
        return projects.map((p) => ({ id: p.id ?? '', key: p.key, name: p.name ?? p.key }));
      }),
    getSettings: (payload) =>
      respond('getSettings', async () =>
        getSettings(deps.jira(), deps.store, parsePayload(payloadSchemas.getSettings, payload).projectKey),
      ),
    saveSettings: (payload, accountId) =>
      respond('saveSettings', async () =>
        saveSettings(
          deps.jira(),
          deps.store,
          parsePayload(payloadSchemas.saveSettings, payload, settingsPayloadField),
          {
            accountId,
            now: deps.now(),
          },
        ),
      ),
  };
}

type DefinitionsHandler = ReturnType<Resolver['getDefinitions']>;

const invocationShape = z.object({ call: z.object({ functionKey: z.unknown() }).loose() }).loose();

/**
 * The entry point Forge calls, dispatching the contract's keys only. `@forge/resolver` looks a key
 * up with `in`, so `invoke('constructor')` reached `Object.prototype.constructor` and echoed the
 * caller's context back; any other key is now refused in the envelope.
 */
export function contractKeysOnly(definitions: DefinitionsHandler): DefinitionsHandler {
  return async (payload, backendRuntimePayload) => {
    const invocation = invocationShape.safeParse(payload);
    const key = invocation.success ? invocation.data.call.functionKey : undefined;
    if (!isFunctionKey(key)) {
      const named = typeof key === 'string' ? `'${key.slice(0, 80)}'` : 'without a name';
      const refusal: Result<never> = {
        ok: false,
        error: { code: 'NOT_FOUND', message: `Flow Ledger has no function ${named}.` },
      };
      return refusal;
    }
    return definitions(payload, backendRuntimePayload);
  };
}

function isFunctionKey(key: unknown): key is FunctionKey {
  return typeof key === 'string' && FUNCTION_KEYS.some((k) => k === key);
}

/** A saveSettings field in the words of the settings page; the other keys by name. */
function settingsPayloadField(path: readonly PropertyKey[]): string {
  return path[0] === 'settings' ? settingsFieldName(path.slice(1)) : path.map(String).join('.');
}

export function defineResolvers(resolver: Resolver, deps: ResolverDependencies): void {
  const handlers = resolverHandlers(deps);
  for (const [key, handler] of Object.entries(handlers)) {
    resolver.define(key, (request) => {
      const accountId: unknown = request.context.accountId;
      return handler(request.payload, typeof accountId === 'string' ? accountId : '');
    });
  }
}
