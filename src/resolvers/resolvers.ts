import type Resolver from '@forge/resolver';
import { payloadSchemas, type Contract, type FunctionKey, type Result } from '../contract';
import { searchProjects } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { getIssueFlow } from '../services/issue-flow-service';
import type { KeyValueStore } from '../services/key-value-store';
import { getProjectFlow } from '../services/project-flow-service';
import { getSettings, saveSettings } from '../services/settings-service';
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
        saveSettings(deps.jira(), deps.store, parsePayload(payloadSchemas.saveSettings, payload), {
          accountId,
          now: deps.now(),
        }),
      ),
  };
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
