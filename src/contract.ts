import type { z } from 'zod';
import type { ContractFunction, CONTRACT_TABLE } from './contract-table';
import type { ErrorCode } from './domain/errors';
import type { FlowReport } from './domain/flow-report';
import type { KnownStatus } from './domain/types';
import type { ItemRow } from './domain/item-rows';
import type { ItemKind } from './domain/type-preview';
import type { ChildrenMix, FlowOutcome, IssueFlow } from './domain/issue-flow';
import type {
  AgreementState,
  AgreementStatus,
  DebtAgreement,
  DebtReason,
  Interest,
  Visibility,
} from './domain/agreement';
import type { Forecast, RepaymentProgress } from './domain/agreement-forecast';
import type { EpicWorkSource, FlowFigures, InterestEvidence } from './domain/interest-evidence';
import type { MinimumPaymentsLedger } from './domain/minimum-payments';
import type { FlowSettings } from './domain/settings';
import type { TeamFigures } from './domain/value-stream';
import type { FlowState, FlowType } from './domain/types';

/**
 * The contract's types, derived from its one table (`src/contract-table.ts`): what each function
 * takes and answers, and the envelope every answer comes in, with a closed set of error codes that
 * the UI maps to words in one table. Types only: the UI imports this, not the schemas.
 */

export type { ErrorCode };
export type { FunctionKey } from './contract-table';

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  /** For a form: what is wrong with each field, by its path in the payload (`agreement.dueDate`). */
  readonly fields?: Readonly<Record<string, string>>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

type Table = typeof CONTRACT_TABLE;
type ResultOf<F> = F extends ContractFunction<z.ZodType, infer R> ? R : never;

/** For each function key: the payload as the UI sends it, and the data it answers. */
export type Contract = {
  readonly [K in keyof Table]: {
    readonly payload: z.input<Table[K]['payload']>;
    readonly result: ResultOf<Table[K]>;
  };
};

/** A payload as the resolver receives it, parsed (defaults filled in). */
export type ParsedPayload<K extends keyof Table> = z.output<Table[K]['payload']>;

export interface ProjectRef {
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

export interface ProjectFlowView {
  readonly status: 'ready';
  readonly project: ProjectRef;
  readonly report: FlowReport;
  /** Issues the search returned (before the flow-item level was applied). */
  readonly issuesRead: number;
  readonly generatedAt: string;
  /** The JQL that narrowed the project's work items, when one did (a gadget's filter). */
  readonly filter: string | null;
  /**
   * Whether the targets are the team's (the space's settings were saved) or Flow Ledger's
   * defaults, which a page must not present as an agreement.
   */
  readonly targetsAgreed: boolean;
}

/**
 * A project page load too big for one call: the async consumer is filling the cache, and the page
 * asks again until the figures are ready (docs/jira.md#beyond-one-call).
 */
export interface ProjectRefreshingView {
  readonly status: 'refreshing';
  readonly project: ProjectRef;
  /** Work items of the window read so far, of `total`. */
  readonly progress: { readonly done: number; readonly total: number };
  readonly startedAt: string;
}

export type ProjectFlowResult = ProjectFlowView | ProjectRefreshingView;

/** The rows behind a project page's figures, for its export (as `flow-ledger items` writes them). */
export interface ProjectItemsView {
  readonly project: ProjectRef;
  readonly from: string;
  readonly to: string;
  readonly rows: readonly ItemRow[];
}

/** The project's work items of the last weeks, folded by issue type and labels, for the rule preview. */
export interface TypeSampleView {
  readonly project: ProjectRef;
  readonly from: string;
  readonly to: string;
  readonly kinds: readonly ItemKind[];
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
  /** Its flow states since creation, oldest first; instants as ISO strings. */
  readonly states: readonly { readonly state: FlowState; readonly from: string; readonly to: string }[];
  readonly asOf: string;
  /** The space's time zone, in which its dates are shown (docs/flow-metrics.md). */
  readonly timeZone: string;
  /** What the space counts as flow items: stories and the like (0), or epics (1). */
  readonly flowItemLevel: 0 | 1;
}

export interface SettingsView {
  readonly projectKey: string;
  /** The statuses of the project's workflows with their Jira category, for the mapping table. */
  readonly statuses: readonly KnownStatus[];
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

/** A person as Jira shows them to the reader. */
export interface PersonRef {
  readonly accountId: string;
  /** Null where Jira does not show the name to the reader. */
  readonly displayName: string | null;
}

/** An epic's technical-debt agreement, as its panel shows it (docs/debt-agreements.md). */
export interface AgreementView {
  readonly epic: { readonly key: string; readonly summary: string; readonly projectKey: string };
  /** Whether the reader may edit the epic, and so record or change its agreement. */
  readonly canEdit: boolean;
  /** Null when the epic has no agreement, recorded or half recorded. */
  readonly status: AgreementStatus | null;
  /** Why an invalid agreement is invalid. */
  readonly problem: string | null;
  /** What a one-click repair would do, when one can. */
  readonly repair: 'add-label' | 'remove-label' | null;
  readonly agreement: DebtAgreement | null;
  /** The revision a change must name. */
  readonly revision: number;
  /** For a new agreement: the project's defaults. */
  readonly defaults: { readonly dueDate: string; readonly reviewCadenceDays: number };
  readonly owner: PersonRef | null;
  /** The names of the people in the history, as Jira shows them to the reader. */
  readonly people: Readonly<Record<string, string | null>>;
  readonly progress: RepaymentProgress | null;
  readonly forecast: Forecast | null;
  readonly evidence: InterestEvidence | null;
  readonly timeZone: string;
  readonly asOf: string;
}

/** What a change to an agreement did, said by the write itself (docs/debt-agreements.md#writes). */
export interface AgreementWriteReceipt {
  readonly issueKey: string;
  /** What was done; `unchanged` when the change asked for what was stored already. */
  readonly action:
    | 'created'
    | 'edited'
    | 'reviewed'
    | 'repaid'
    | 'cancelled'
    | 'reopened'
    | 'deleted'
    | 'label-added'
    | 'label-removed'
    | 'unchanged';
  /** The revision stored after the write; after a delete, the one a new agreement names. */
  readonly revision: number;
  /** Whether the epic carries the tech-debt-agreement label now, as far as the write knows. */
  readonly labelled: boolean;
  /** This write had been made already (a retry after a lost answer): nothing was written again. */
  readonly repeated: boolean;
  /** What was written, in one sentence. */
  readonly summary: string;
}

/**
 * The answer to a change: what was written, and the panel as it stands after it. Reading the panel
 * again is a separate read that may fail on its own; then `view` is null and the write stands.
 */
export interface AgreementWriteResult {
  readonly written: AgreementWriteReceipt;
  readonly view: AgreementView | null;
  /** Why the panel could not be read again, when it could not. */
  readonly viewProblem: string | null;
}

/** One row of the register: an epic with the label or the property, and what its agreement says. */
export interface RegisterRow {
  readonly key: string;
  /** The agreement's revision, which a change made from this row names; 0 without an agreement. */
  readonly revision: number;
  readonly summary: string;
  readonly projectKey: string;
  readonly status: AgreementStatus;
  readonly problem: string | null;
  readonly state: AgreementState | null;
  readonly reason: DebtReason | null;
  readonly interest: Interest | null;
  readonly visibility: Visibility | null;
  readonly score: number | null;
  readonly dueDate: string | null;
  readonly nextReviewDate: string | null;
  /** The days it was last reviewed and repaid, in the space's time zone, for a review's debt section. */
  readonly lastReviewedOn: string | null;
  readonly repaidOn: string | null;
  readonly owner: PersonRef | null;
  readonly progress: { readonly done: number; readonly open: number } | null;
  readonly forecast: Forecast | null;
  readonly evidence: {
    readonly epic: FlowFigures;
    readonly epicSource: EpicWorkSource;
    readonly project: FlowFigures;
  } | null;
}

export interface RegisterView {
  readonly projectKeys: readonly string[];
  /** Ranked (docs/debt-agreements.md#score-and-rank). */
  readonly rows: readonly RegisterRow[];
  /** Open agreements whose next review falls in this ISO week, or before. */
  readonly dueForReviewThisWeek: number;
  /** For one project: the minimum payments of its trend periods over the window. */
  readonly ledger: MinimumPaymentsLedger | null;
  /** Whether the ledger's minimum is the team's (settings saved) or the default. */
  readonly ledgerAgreed: boolean;
  /** The same agreements in plain Jira search; empty when no space is shown. */
  readonly jql: string;
  readonly from: string;
  readonly to: string;
  readonly asOf: string;
}

/** One value stream in the list (docs/value-streams.md). */
export interface StreamSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The stream's spaces the reader may browse. */
  readonly spaces: number;
  /** Its other spaces: hidden from the reader, or no longer there (Jira tells them the same). */
  readonly unavailable: number;
  readonly canEdit: boolean;
  readonly updatedAt: string;
}

export interface StreamsView {
  readonly streams: readonly StreamSummary[];
}

/** A value stream's definition as its reader may see it, for its page and its edit form. */
export interface StreamDefinitionView {
  readonly id: string;
  readonly revision: number;
  readonly name: string;
  readonly description: string;
  /** The spaces the reader may browse, in the stream's order. */
  readonly spaces: readonly ProjectRef[];
  readonly unavailable: number;
  readonly filter: string | null;
  readonly timeZone: string;
  readonly workingCalendar: FlowSettings['workingCalendar'];
  readonly trendPeriod: FlowSettings['trendPeriod'];
  readonly targets: FlowSettings['targets'];
  readonly canEdit: boolean;
  readonly updatedAt: string;
  readonly updatedByName: string | null;
}

export interface StreamDeleted {
  readonly deleted: string;
  readonly name: string;
}

/** One team (space) of a stream, side by side with the others. */
export interface TeamView {
  readonly space: ProjectRef;
  /** The space has no saved flow settings: Flow Ledger's default rules classify its work items. */
  readonly usesDefaults: boolean;
  readonly issuesRead: number;
  readonly figures: TeamFigures;
}

export interface StreamRef {
  readonly id: string;
  readonly name: string;
}

export interface StreamFlowView {
  readonly status: 'ready';
  readonly stream: StreamRef;
  /** The stream's figures over the spaces the reader may browse, each space by its own rules. */
  readonly report: FlowReport;
  readonly teams: readonly TeamView[];
  /** The stream's spaces not shown: hidden from the reader, or gone. Never named. */
  readonly unavailable: number;
  readonly issuesRead: number;
  readonly generatedAt: string;
  readonly filter: string | null;
}

export interface StreamRefreshingView {
  readonly status: 'refreshing';
  readonly stream: StreamRef;
  /** Work items of the window read so far, of `total`, over the stream's spaces. */
  readonly progress: { readonly done: number; readonly total: number };
  readonly startedAt: string;
}

export type StreamFlowResult = StreamFlowView | StreamRefreshingView;

/** An item row of a stream: the space it belongs to beside it. */
export type SpaceItemRow = ItemRow & { readonly space: string };

export interface StreamItemsView {
  readonly stream: StreamRef;
  readonly from: string;
  readonly to: string;
  readonly rows: readonly SpaceItemRow[];
}

/** A value stream's agreements: the register of its spaces the reader may browse, and each team's payments. */
export interface StreamRegisterView extends RegisterView {
  readonly stream: StreamRef;
  readonly unavailable: number;
  readonly teams: readonly {
    readonly space: ProjectRef;
    readonly ledger: MinimumPaymentsLedger | null;
    /** The team's minimum is its own (settings saved), not the default. */
    readonly ledgerAgreed: boolean;
  }[];
}

// The monthly review's views (docs/flow-review.md) live beside: one file per part of the contract.
export type * from './contract-review';
export type * from './contract-plan';
