import type Resolver from '@forge/resolver';
import { z } from 'zod';
import type { Contract, ParsedPayload, Result } from '../contract';
import { CONTRACT_TABLE, FUNCTION_KEYS, isFunctionKey, type FunctionKey } from '../contract-table';
import type { JiraClient } from '../jira/jira-client';
import { formatRegisterCsv } from '../presentation/register-csv';
import { changeAgreement, removeAgreement, repairAgreement } from '../services/agreement-changes';
import { agreementCache } from '../services/agreement-flow';
import { listAgreements } from '../services/agreement-register-view';
import { findPeople, getAgreement } from '../services/agreement-view';
import { boundedStore } from '../services/bounded-store';
import { getIssueFlow } from '../services/issue-flow-service';
import { getFlowPeriods } from '../services/flow-periods-service';
import type { KeyValueStore } from '../services/key-value-store';
import { getProjectFlow, getProjectItems, getTypeSample } from '../services/project-flow-service';
import type { FactJobQueue } from '../services/fact-jobs';
import { addToSprint, getPlan, listBoards } from '../services/plan-service';
import { getSettings, saveSettings } from '../services/settings-service';
import { getSprintHistory } from '../services/sprint-history-service';
import { listSpaces } from '../services/space-access';
import { getStreamFlow, getStreamItems } from '../services/stream-flow-service';
import { getStreamPeriods } from '../services/stream-periods-service';
import { deleteReview, getReview, listReviews, saveReview, startReview } from '../services/review-service';
import { createDecisionItem } from '../services/review-items';
import { listStreamAgreements } from '../services/stream-register';
import { deleteStream, getStream, listStreams, saveStream } from '../services/stream-store';
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

/** What one invocation works with: Jira as the user and storage, both bounded by its deadline. */
interface Invocation {
  readonly jira: JiraClient;
  readonly store: KeyValueStore;
  readonly now: number;
}

/** What each function does with its parsed payload: one service call each, as the user. */
function services(deps: ResolverDependencies): Services {
  const open = (): Invocation => {
    const jira = deps.jira();
    return { jira, store: boundedStore(deps.store, jira), now: deps.now() };
  };
  const cacheFor = (inv: Invocation, caller: Caller): CacheContext => ({
    store: inv.store,
    accountId: caller.accountId,
    jobs: deps.jobs,
    maxFetchInCall: deps.maxFetchInCall,
  });
  const who = (inv: Invocation, caller: Caller): { accountId: string; now: number } => ({
    accountId: caller.accountId,
    now: inv.now,
  });
  const noted = (
    p: ParsedPayload<'reviewAgreement'>,
    kind: 'review' | 'repay' | 'cancel' | 'reopen',
    caller: Caller,
  ): Promise<Contract['reviewAgreement']['result']> => {
    const inv = open();
    return changeAgreement(inv.jira, inv.store, { ...p, action: { kind, note: p.note } }, who(inv, caller));
  };
  return {
    getProjectFlow: (p, caller) => {
      const inv = open();
      return getProjectFlow(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getProjectItems: (p, caller) => {
      const inv = open();
      return getProjectItems(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getFlowPeriods: (p, caller) => {
      const inv = open();
      return getFlowPeriods(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getTypeSample: (p, caller) => {
      const inv = open();
      return getTypeSample(inv.jira, cacheFor(inv, caller), p.projectKey, inv.now);
    },
    getIssueFlow: (p) => {
      const inv = open();
      return getIssueFlow(inv.jira, inv.store, p.issueKey, inv.now);
    },
    listProjects: () => listSpaces(open().jira),
    getSettings: (p) => {
      const inv = open();
      return getSettings(inv.jira, inv.store, p.projectKey);
    },
    getAgreement: (p, caller) => {
      const inv = open();
      return getAgreement(inv.jira, agreementCache(inv.store, caller.accountId), p.issueKey, inv.now);
    },
    saveAgreement: (p, caller) => {
      const inv = open();
      return changeAgreement(
        inv.jira,
        inv.store,
        { ...p, action: { kind: 'save', terms: p.terms } },
        who(inv, caller),
      );
    },
    reviewAgreement: (p, caller) => noted(p, 'review', caller),
    repayAgreement: (p, caller) => noted(p, 'repay', caller),
    cancelAgreement: (p, caller) => noted(p, 'cancel', caller),
    reopenAgreement: (p, caller) => noted(p, 'reopen', caller),
    deleteAgreement: (p, caller) => {
      const inv = open();
      return removeAgreement(inv.jira, inv.store, p, who(inv, caller));
    },
    repairAgreement: (p, caller) => {
      const inv = open();
      return repairAgreement(inv.jira, inv.store, p.issueKey, who(inv, caller));
    },
    listAgreements: (p, caller) => {
      const inv = open();
      return listAgreements(inv.jira, agreementCache(inv.store, caller.accountId), p, inv.now);
    },
    exportAgreementRegister: async (p, caller) => {
      const inv = open();
      const cache = agreementCache(inv.store, caller.accountId);
      return formatRegisterCsv(await listAgreements(inv.jira, cache, p, inv.now));
    },
    findPeople: (p) => findPeople(open().jira, p),
    listStreams: (_p, caller) => {
      const inv = open();
      return listStreams(inv.jira, inv.store, caller.accountId);
    },
    getStream: (p, caller) => {
      const inv = open();
      return getStream(inv.jira, inv.store, p.streamId, caller.accountId);
    },
    saveStream: (p, caller) => {
      const inv = open();
      return saveStream(inv.jira, inv.store, p, who(inv, caller));
    },
    deleteStream: (p, caller) => {
      const inv = open();
      return deleteStream(inv.jira, inv.store, p, who(inv, caller));
    },
    getStreamFlow: (p, caller) => {
      const inv = open();
      return getStreamFlow(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getStreamPeriods: (p, caller) => {
      const inv = open();
      return getStreamPeriods(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getStreamItems: (p, caller) => {
      const inv = open();
      return getStreamItems(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    listReviews: (p, caller) => {
      const inv = open();
      return listReviews(inv.jira, cacheFor(inv, caller), p);
    },
    startReview: (p, caller) => {
      const inv = open();
      return startReview(inv.jira, cacheFor(inv, caller), p, who(inv, caller));
    },
    getReview: (p, caller) => {
      const inv = open();
      return getReview(inv.jira, cacheFor(inv, caller), p.reviewId, who(inv, caller));
    },
    saveReview: (p, caller) => {
      const inv = open();
      return saveReview(inv.jira, cacheFor(inv, caller), p, who(inv, caller));
    },
    createDecisionItem: (p, caller) => {
      const inv = open();
      return createDecisionItem(inv.jira, cacheFor(inv, caller), p, who(inv, caller));
    },
    deleteReview: (p, caller) => {
      const inv = open();
      return deleteReview(inv.jira, cacheFor(inv, caller), p, who(inv, caller));
    },
    listBoards: (p) => listBoards(open().jira, p.projectKey),
    getPlan: (p, caller) => {
      const inv = open();
      return getPlan(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    addToSprint: (p, caller) => {
      const inv = open();
      return addToSprint(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    getSprintHistory: (p, caller) => {
      const inv = open();
      return getSprintHistory(inv.jira, cacheFor(inv, caller), p, inv.now);
    },
    listStreamAgreements: (p, caller) => {
      const inv = open();
      return listStreamAgreements(inv.jira, inv.store, caller.accountId, p, inv.now);
    },
    saveSettings: (p, caller) => {
      const inv = open();
      return saveSettings(inv.jira, inv.store, p, { accountId: caller.accountId, now: inv.now });
    },
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
