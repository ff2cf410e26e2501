import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type { Contract, ParsedPayload, Result } from '../contract';
import { CONTRACT_TABLE, FUNCTION_KEYS, isFunctionKey, type FunctionKey } from '../contract-table';
import { searchProjects } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { formatRegisterCsv } from '../presentation/register-csv';
import {
  changeAgreement,
  findPeople,
  getAgreement,
  listAgreements,
  removeAgreement,
  repairAgreement,
} from '../services/agreement-service';
import { getIssueFlow } from '../services/issue-flow-service';
import type { KeyValueStore } from '../services/key-value-store';
import { getProjectFlow, getProjectItems, getTypeSample } from '../services/project-flow-service';
import type { FactJobQueue } from '../services/fact-jobs';
import { getSettings, saveSettings } from '../services/settings-service';
import type { CacheContext } from '../services/window-read';
import { settingsFieldName } from '../settings-schema';
import { parsePayload, respond } from './envelope';

/** What the resolvers need from the world: Jira as the calling user, storage and the clock. */
export interface ResolverDependencies {
  /** A client for one invocation, with that invocation's deadline. */
  readonly jira: () => JiraClient;
  readonly store: KeyValueStore;
  readonly now: () => number;
  /** Where a project load too big for one call continues (the async consumer's queue). */
  readonly jobs: FactJobQueue | null;
  /** Facts one call may fetch before the rest goes to the jobs (the service's limit unless set). */
  readonly maxFetchInCall?: number;
}

/** Who is calling, as the Forge runtime says (the principal), never as the payload claims. */
interface Caller {
  readonly accountId: string;
}

type Service<K extends FunctionKey> = (
  payload: ParsedPayload<K>,
  caller: Caller,
) => Promise<Contract[K]['result']>;
type Services = { readonly [K in FunctionKey]: Service<K> };

/** What each function does with its parsed payload: one service call each, as the user. */
function services(deps: ResolverDependencies): Services {
  const cacheFor = (caller: Caller): CacheContext => ({
    store: deps.store,
    accountId: caller.accountId,
    jobs: deps.jobs,
    maxFetchInCall: deps.maxFetchInCall,
  });
  const who = (caller: Caller): { accountId: string; now: number } => ({
    accountId: caller.accountId,
    now: deps.now(),
  });
  const noted = (
    p: ParsedPayload<'reviewAgreement'>,
    kind: 'review' | 'repay' | 'cancel' | 'reopen',
    caller: Caller,
  ): Promise<Contract['reviewAgreement']['result']> =>
    changeAgreement(deps.jira(), deps.store, { ...p, action: { kind, note: p.note } }, who(caller));
  return {
    getProjectFlow: (p, caller) => getProjectFlow(deps.jira(), cacheFor(caller), p, deps.now()),
    getProjectItems: (p, caller) => getProjectItems(deps.jira(), cacheFor(caller), p, deps.now()),
    getTypeSample: (p, caller) => getTypeSample(deps.jira(), cacheFor(caller), p.projectKey, deps.now()),
    getIssueFlow: (p) => getIssueFlow(deps.jira(), deps.store, p.issueKey, deps.now()),
    listProjects: async () => {
      const projects = await searchProjects(deps.jira());
      return projects.map((p) => ({ id: p.id ?? '', key: p.key, name: p.name ?? p.key }));
    },
    getSettings: (p) => getSettings(deps.jira(), deps.store, p.projectKey),
    getAgreement: (p) => getAgreement(deps.jira(), deps.store, p.issueKey, deps.now()),
    saveAgreement: (p, caller) =>
      changeAgreement(
        deps.jira(),
        deps.store,
        { ...p, action: { kind: 'save', terms: p.terms } },
        who(caller),
      ),
    reviewAgreement: (p, caller) => noted(p, 'review', caller),
    repayAgreement: (p, caller) => noted(p, 'repay', caller),
    cancelAgreement: (p, caller) => noted(p, 'cancel', caller),
    reopenAgreement: (p, caller) => noted(p, 'reopen', caller),
    deleteAgreement: (p, caller) => removeAgreement(deps.jira(), deps.store, p, who(caller)),
    repairAgreement: (p, caller) => repairAgreement(deps.jira(), deps.store, p.issueKey, who(caller)),
    listAgreements: (p) => listAgreements(deps.jira(), deps.store, p, deps.now()),
    exportAgreementRegister: async (p) =>
      formatRegisterCsv(await listAgreements(deps.jira(), deps.store, p, deps.now())),
    findPeople: (p) => findPeople(deps.jira(), p),
    saveSettings: (p, caller) =>
      saveSettings(deps.jira(), deps.store, p, { accountId: caller.accountId, now: deps.now() }),
  };
}

/** Payload fields named in the words of the form that sends them, where one does. */
const FIELD_NAMES: Partial<Record<FunctionKey, (path: readonly PropertyKey[]) => string>> = {
  saveSettings: (path) =>
    path[0] === 'settings' ? settingsFieldName(path.slice(1)) : path.map(String).join('.'),
};

export type Handler<K extends FunctionKey> = (
  payload: unknown,
  accountId: string,
) => Promise<Result<Contract[K]['result']>>;

/**
 * Every resolver is the same three steps (docs/architecture.md): parse the payload against the
 * contract's table, call a service as the user (Jira checks permissions; the services check admin
 * rights), and answer the envelope with a coded error on failure.
 */
function handlerFor<K extends FunctionKey>(key: K, all: Services): Handler<K> {
  const service: Service<K> = all[key];
  const schema: z.ZodType<ParsedPayload<K>> = PAYLOADS[key].payload;
  return (payload, accountId) =>
    respond(key, () => service(parsePayload(schema, payload, FIELD_NAMES[key]), { accountId }));
}

// The table seen per key, so that a generic key's schema has that key's payload type.
const PAYLOADS: { readonly [K in FunctionKey]: { readonly payload: z.ZodType<ParsedPayload<K>> } } =
  CONTRACT_TABLE;

/** The handler of one function, for tests that call a resolver without the Forge runtime. */
export function resolverHandler<K extends FunctionKey>(deps: ResolverDependencies, key: K): Handler<K> {
  return handlerFor(key, services(deps));
}

export function defineResolvers(resolver: Resolver, deps: ResolverDependencies): void {
  const all = services(deps);
  for (const key of FUNCTION_KEYS) {
    const handler = handlerFor(key, all);
    resolver.define(key, (request) => {
      const accountId: unknown = request.context.accountId;
      return handler(request.payload, typeof accountId === 'string' ? accountId : '');
    });
  }
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
