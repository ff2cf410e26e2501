import { z } from 'zod';
import { parseCivilDate } from './domain/calendar';
import type { ErrorCode } from './domain/errors';
import type { FlowReport } from './domain/flow-report';
import type { ItemRow } from './domain/item-rows';
import type { ChildrenMix, FlowOutcome, IssueFlow } from './domain/issue-flow';
import type { FlowSettings } from './domain/settings';
import type { FlowState, FlowType } from './domain/types';
import { parseJiraDateTime } from './jira/datetime';
import { flowSettingsSchema } from './settings-schema';

/**
 * The one contract between the resolvers and the UI (DESIGN §2): for each function key, the
 * payload schema (strict: unknown keys are refused) and the type of the data it returns. Every
 * resolver answers the same envelope with a closed set of error codes, which the UI maps to
 * words in one table.
 */

export type { ErrorCode };

export type Result<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

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

const projectFlowPayload = z.strictObject({
  projectKey,
  from: civilDate.optional(),
  to: civilDate.optional(),
  asOf: instant.optional(),
  /** Without `from`: the window is this many weeks up to `to` (default: today), 12 when absent. */
  weeks: z.number().int().min(1).max(260).optional(),
  trendPeriod: z.enum(['week', 'month']).optional(),
});

export const payloadSchemas = {
  getProjectFlow: projectFlowPayload,
  getProjectItems: projectFlowPayload,
  getIssueFlow: z.strictObject({ issueKey }),
  listProjects: z.strictObject({}),
  getSettings: z.strictObject({ projectKey }),
  saveSettings: z.strictObject({
    projectKey,
    /** The revision the edit started from; 0 when there were no saved settings. */
    revision: z.number().int().min(0),
    settings: flowSettingsSchema,
  }),
} as const;

export interface ProjectRef {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

export interface ProjectFlowView {
  readonly project: ProjectRef;
  readonly report: FlowReport;
  /** Issues the search returned (before the flow-item level was applied). */
  readonly issuesRead: number;
  readonly generatedAt: string;
}

/** The rows behind a project page's figures, for its export (as `flow-ledger items` writes them). */
export interface ProjectItemsView {
  readonly project: ProjectRef;
  readonly from: string;
  readonly to: string;
  readonly rows: readonly ItemRow[];
}

export interface IssueFlowView {
  readonly issue: {
    readonly key: string;
    readonly summary: string;
    readonly issueType: string;
    readonly hierarchyLevel: number;
    readonly status: IssueFlow['status'] & { readonly state: FlowState };
  };
  readonly projectKey: string;
  /** At the project's flow-item level (stories by default, or epics). */
  readonly isFlowItem: boolean;
  readonly classification: {
    readonly type: FlowType;
    readonly reason: string;
    readonly conflictingTypes: readonly FlowType[];
  };
  /** Completed, canceled (done, but not delivered), in progress or not started. */
  readonly outcome: FlowOutcome;
  readonly workStart: string | null;
  readonly completion: string | null;
  readonly duration: IssueFlow['duration'];
  readonly leadTimeDays: number | null;
  /** For an epic (or any parent): the flow mix of its children at the flow-item level. */
  readonly children: ChildrenMix | null;
  readonly asOf: string;
}

export interface SettingsView {
  readonly projectKey: string;
  readonly settings: FlowSettings;
  /** Increases with every save; a save names the revision it edits (optimistic concurrency). */
  readonly revision: number;
  readonly isDefault: boolean;
  /** Whether the current user may change them (project admin). */
  readonly canEdit: boolean;
  readonly updatedAt: string | null;
  /** The account id of who saved last. */
  readonly updatedBy: string | null;
  /** Their name as Jira shows it to the reader; null where Jira hides it. */
  readonly updatedByName: string | null;
  /** Stored settings that no longer parse are not lost: they are kept aside and reported. */
  readonly storedSettingsProblem: string | null;
}

export interface Contract {
  getProjectFlow: { payload: z.input<typeof payloadSchemas.getProjectFlow>; result: ProjectFlowView };
  getProjectItems: { payload: z.input<typeof payloadSchemas.getProjectItems>; result: ProjectItemsView };
  getIssueFlow: { payload: z.input<typeof payloadSchemas.getIssueFlow>; result: IssueFlowView };
  listProjects: { payload: z.input<typeof payloadSchemas.listProjects>; result: readonly ProjectRef[] };
  getSettings: { payload: z.input<typeof payloadSchemas.getSettings>; result: SettingsView };
  saveSettings: { payload: z.input<typeof payloadSchemas.saveSettings>; result: SettingsView };
}

export type FunctionKey = keyof Contract;
export const FUNCTION_KEYS: readonly FunctionKey[] = [
  'getProjectFlow',
  'getProjectItems',
  'getIssueFlow',
  'listProjects',
  'getSettings',
  'saveSettings',
];
