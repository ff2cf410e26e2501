import { z } from 'zod';
import { agreementTermsSchema } from './agreement-schema';
import type {
  FlowPeriodsResult,
  ReviewDeleted,
  ReviewListView,
  ReviewView,
  StartReviewResult,
  StreamPeriodsResult,
  AgreementView,
  AgreementWriteResult,
  IssueFlowView,
  PersonRef,
  ProjectFlowResult,
  ProjectItemsView,
  ProjectRef,
  RegisterView,
  SettingsView,
  StreamDefinitionView,
  StreamDeleted,
  StreamFlowResult,
  StreamItemsView,
  StreamRegisterView,
  StreamsView,
  TypeSampleView,
} from './contract';
import type { AddToSprintResult, BoardsView, PlanView, SprintHistoryView } from './contract-plan';
import { AGREEMENT_STATUSES } from './domain/agreement';
import { parseCivilDate } from './domain/calendar';
import { parseJiraDateTime } from './jira/datetime';
import { MAX_FILTER_LENGTH } from './jira/jql-filter';
import { flowSettingsSchema } from './settings-schema';
import { reviewContentSchema, reviewIdSchema } from './review-schema';
import { streamDefinitionSchema, streamIdSchema } from './stream-schema';

/**
 * The one table of the contract between the resolvers and the UI (docs/architecture.md): each
 * function key once, with the schema its payload must meet (strict: an unknown key is refused)
 * and, in its type, what it answers. `Contract`, the key list and the resolver wiring are derived
 * from it; the UI imports the types only, so zod stays out of the browser.
 */

/** A function of the contract: its payload's schema, and (in the type alone) what it answers. */
export interface ContractFunction<P extends z.ZodType, R> {
  readonly payload: P;
  /** Never set: it carries the result type `R`. */
  readonly answers?: (result: R) => void;
}

const answering =
  <R>() =>
  <P extends z.ZodType>(payload: P): ContractFunction<P, R> => ({ payload });

const projectKey = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'not a project key');
const issueKey = z
  .string()
  .trim()
  .max(80)
  .regex(/^[A-Za-z][A-Za-z0-9_]*-\d+$/, 'not an issue key');
const civilDate = z.string().refine((s) => parseCivilDate(s) !== null, 'not a date (YYYY-MM-DD)');
const instant = z
  .string()
  .max(40)
  .refine((s) => parseJiraDateTime(s) !== null, 'not an ISO date-time with an offset');

/**
 * Chosen by the page for one change, so that a retry of it is the same write; the same id with
 * another request is refused.
 */
const writeId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'not a write id');
const agreementChange = {
  issueKey,
  /** The revision the change was made on: the view's `revision` (for a new agreement too). */
  revision: z.number().int().min(0),
  writeId,
};
const noted = z.strictObject({ ...agreementChange, note: z.string().max(2000).nullable().default(null) });
const register = z.strictObject({
  projectKeys: z.array(projectKey).min(1).max(10),
  statuses: z.array(z.enum(AGREEMENT_STATUSES)).max(AGREEMENT_STATUSES.length).optional(),
});

const projectWindow = z.strictObject({
  projectKey,
  from: civilDate.optional(),
  to: civilDate.optional(),
  asOf: instant.optional(),
  /** Without `from`: the window is this many weeks up to `to` (default: today), 12 when absent. */
  weeks: z.number().int().min(1).max(260).optional(),
  trendPeriod: z.enum(['week', 'month']).optional(),
  /** JQL that narrows the project's work items (a gadget's filter); checked before it is searched. */
  filter: z.string().max(MAX_FILTER_LENGTH).optional(),
});

const streamWindow = z.strictObject({
  streamId: streamIdSchema,
  from: civilDate.optional(),
  to: civilDate.optional(),
  asOf: instant.optional(),
  weeks: z.number().int().min(1).max(260).optional(),
  trendPeriod: z.enum(['week', 'month']).optional(),
  /** One team's work items only: a count of the side-by-side table. */
  spaceKey: projectKey.optional(),
});

/** How many complete periods before the current one (6 to 12, 6 unless given), and of what length. */
const periodsAsked = {
  periods: z.number().int().min(6).max(12).optional(),
  period: z.enum(['week', 'month']).optional(),
};

/** A board or sprint by Jira's number. */
const agileId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const CONTRACT_TABLE = {
  getProjectFlow: answering<ProjectFlowResult>()(projectWindow),
  getProjectItems: answering<ProjectItemsView>()(projectWindow),
  getFlowPeriods: answering<FlowPeriodsResult>()(z.strictObject({ projectKey, ...periodsAsked })),
  getIssueFlow: answering<IssueFlowView>()(z.strictObject({ issueKey })),
  listProjects: answering<readonly ProjectRef[]>()(z.strictObject({})),
  getSettings: answering<SettingsView>()(z.strictObject({ projectKey })),
  getTypeSample: answering<TypeSampleView>()(z.strictObject({ projectKey })),
  getAgreement: answering<AgreementView>()(z.strictObject({ issueKey })),
  saveAgreement: answering<AgreementWriteResult>()(
    z.strictObject({ ...agreementChange, terms: agreementTermsSchema }),
  ),
  reviewAgreement: answering<AgreementWriteResult>()(noted),
  repayAgreement: answering<AgreementWriteResult>()(noted),
  cancelAgreement: answering<AgreementWriteResult>()(noted),
  reopenAgreement: answering<AgreementWriteResult>()(noted),
  deleteAgreement: answering<AgreementWriteResult>()(
    z.strictObject({ ...agreementChange, confirm: z.literal(true) }),
  ),
  repairAgreement: answering<AgreementWriteResult>()(z.strictObject({ issueKey })),
  listAgreements: answering<RegisterView>()(register),
  exportAgreementRegister: answering<{ readonly filename: string; readonly csv: string }>()(register),
  findPeople: answering<readonly PersonRef[]>()(
    z.strictObject({ projectKey, query: z.string().trim().max(100) }),
  ),
  listStreams: answering<StreamsView>()(z.strictObject({})),
  getStream: answering<StreamDefinitionView>()(z.strictObject({ streamId: streamIdSchema })),
  saveStream: answering<StreamDefinitionView>()(
    z.strictObject({
      streamId: streamIdSchema,
      /** The revision the edit started from; 0 for a new stream. */
      revision: z.number().int().min(0),
      stream: streamDefinitionSchema,
    }),
  ),
  deleteStream: answering<StreamDeleted>()(
    z.strictObject({ streamId: streamIdSchema, revision: z.number().int().min(1), confirm: z.literal(true) }),
  ),
  getStreamFlow: answering<StreamFlowResult>()(streamWindow.omit({ spaceKey: true })),
  getStreamItems: answering<StreamItemsView>()(streamWindow),
  getStreamPeriods: answering<StreamPeriodsResult>()(
    z.strictObject({ streamId: streamIdSchema, ...periodsAsked }),
  ),
  listReviews: answering<ReviewListView>()(
    z.union([z.strictObject({ projectKey }), z.strictObject({ streamId: streamIdSchema })]),
  ),
  startReview: answering<StartReviewResult>()(
    z.union([
      z.strictObject({ reviewId: reviewIdSchema, projectKey, ...periodsAsked }),
      z.strictObject({ reviewId: reviewIdSchema, streamId: streamIdSchema, ...periodsAsked }),
    ]),
  ),
  getReview: answering<ReviewView>()(z.strictObject({ reviewId: reviewIdSchema })),
  saveReview: answering<ReviewView>()(
    z.strictObject({
      reviewId: reviewIdSchema,
      /** The revision the edit started from. */
      revision: z.number().int().min(1),
      content: reviewContentSchema,
    }),
  ),
  createDecisionItem: answering<ReviewView>()(
    z.strictObject({
      reviewId: reviewIdSchema,
      decisionId: reviewIdSchema,
      projectKey,
      writeId: reviewIdSchema,
    }),
  ),
  deleteReview: answering<ReviewDeleted>()(
    z.strictObject({ reviewId: reviewIdSchema, revision: z.number().int().min(1), confirm: z.literal(true) }),
  ),
  listBoards: answering<BoardsView>()(z.strictObject({ projectKey })),
  getPlan: answering<PlanView>()(
    z.strictObject({
      boardId: agileId,
      /** An open sprint of the board; without it, its next future sprint (else its active one). */
      sprintId: agileId.optional(),
      /** A Kanban board's plan: its backlog's next work items, 20 unless given. */
      next: z.number().int().min(1).max(200).optional(),
    }),
  ),
  addToSprint: answering<AddToSprintResult>()(
    z.strictObject({
      boardId: agileId,
      sprintId: agileId,
      issueKey,
      /** The open sprint the planner saw the work item in; null for the backlog. */
      fromSprintId: agileId.nullable(),
    }),
  ),
  getSprintHistory: answering<SprintHistoryView>()(
    z.strictObject({ boardId: agileId, sprints: z.number().int().min(1).max(12).optional() }),
  ),
  listStreamAgreements: answering<StreamRegisterView>()(
    z.strictObject({ streamId: streamIdSchema, statuses: register.shape.statuses }),
  ),
  saveSettings: answering<SettingsView>()(
    z.strictObject({
      projectKey,
      /** The revision the edit started from; 0 when there were no saved settings. */
      revision: z.number().int().min(0),
      settings: flowSettingsSchema,
    }),
  ),
};

export type FunctionKey = keyof typeof CONTRACT_TABLE;

export function isFunctionKey(key: unknown): key is FunctionKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(CONTRACT_TABLE, key);
}

export const FUNCTION_KEYS: readonly FunctionKey[] = Object.keys(CONTRACT_TABLE).filter(isFunctionKey);
