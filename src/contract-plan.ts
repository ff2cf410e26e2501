import type { AgreementStatus } from './domain/agreement';
import type { Payment } from './domain/minimum-payments';
import type { PlannedTarget } from './domain/planned-mix';
import type { FlowType } from './domain/types';

/**
 * The planning views of the contract (docs/planning.md): a board's planned mix of a sprint or of
 * its backlog's next work items, the agreements whose repayment could join it, and what its closed
 * sprints planned and completed. Dates are civil days in the board's space's time zone.
 */

export interface BoardRef {
  readonly id: number;
  readonly name: string;
  readonly type: 'scrum' | 'kanban' | 'simple';
  /** The space the board belongs to, as Jira names it; null for a board kept elsewhere. */
  readonly spaceKey: string | null;
}

export interface SprintRef {
  readonly id: number;
  readonly name: string;
  readonly state: 'future' | 'active' | 'closed';
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly completeDate: string | null;
  readonly goal: string | null;
}

export interface BoardsView {
  readonly projectKey: string;
  /** Scrum boards with a sprint running or planned first, then other scrum boards, then Kanban. */
  readonly boards: readonly BoardRef[];
}

export interface MixCountsView {
  readonly total: number;
  readonly byType: Readonly<Record<FlowType, number>>;
}

export interface PlanItemView {
  readonly key: string;
  readonly summary: string;
  readonly spaceKey: string;
  readonly type: FlowType;
  /** Which rule classified it, e.g. `label "tech-debt"`. */
  readonly reason: string;
  readonly estimate: number | null;
  readonly done: boolean;
}

/** A band's standing in the plan, and the work items that would bring it within. */
export type PlannedTargetView = PlannedTarget;

export interface PlannedMixView {
  readonly counts: MixCountsView;
  /** Sums of the board's estimates by type; null when the board counts work items only. */
  readonly estimates: (MixCountsView & { readonly unestimated: number; readonly field: string }) | null;
  readonly targets: readonly PlannedTargetView[];
  readonly items: readonly PlanItemView[];
  /** Work items at another level than flow items (sub-tasks), left out. */
  readonly notFlowItems: number;
  /** More work items than one plan reads: the first ones, in rank order, are shown. */
  readonly truncated: boolean;
}

export interface RepaymentItemView extends PlanItemView {
  /** The open sprint it is in now (another than the one planned), or null for the backlog. */
  readonly sprint: { readonly id: number; readonly name: string } | null;
}

export interface PlanAgreementView {
  readonly key: string;
  readonly summary: string;
  readonly status: AgreementStatus;
  readonly score: number | null;
  readonly dueDate: string | null;
  readonly nextReviewDate: string | null;
  /** Why it is here: due, or due for review, by the end of what is planned. */
  readonly why: 'overdue' | 'due' | 'review';
  /** Its repayment work items not done and not in what is planned. */
  readonly items: readonly RepaymentItemView[];
}

export type PlanSelection =
  | { readonly kind: 'sprint'; readonly sprint: SprintRef }
  | { readonly kind: 'backlog'; readonly next: number };

export interface PlanView {
  readonly board: BoardRef;
  /** The board's open sprints (active first, then future in Jira's order), to choose from. */
  readonly sprints: readonly SprintRef[];
  /** What is planned: a sprint, or the next work items of the backlog; null when there is nothing to plan. */
  readonly selection: PlanSelection | null;
  readonly mix: PlannedMixView;
  readonly agreements: readonly PlanAgreementView[];
  /** The board's own space's bands were saved by its team (not the defaults). */
  readonly targetsAgreed: boolean;
  readonly timeZone: string;
}

export interface AddToSprintResult {
  /** `added`: this person moved it; `already-there`: it was in the sprint when they asked. */
  readonly outcome: 'added' | 'already-there';
  readonly issueKey: string;
  readonly sprint: SprintRef;
  readonly plan: PlanView;
}

export interface ClosedSprintView {
  readonly sprint: SprintRef;
  /** `changelog`: scope changes are known; `final-membership`: the data cannot tell them. */
  readonly source: 'changelog' | 'final-membership';
  readonly planned: MixCountsView;
  readonly completed: MixCountsView;
  readonly added: number;
  readonly removed: number;
  readonly notCompleted: number;
  /** Debt work items in the sprint at its start that it did not complete. */
  readonly debtNotDone: readonly PlanItemView[];
  readonly notFlowItems: number;
}

export interface SprintLedgerRow {
  readonly sprintId: number;
  readonly sprintName: string;
  /** The debt share planned at the sprint's start, against the minimum. */
  readonly planned: { readonly share: number; readonly payment: Payment };
  readonly completed: { readonly share: number; readonly payment: Payment };
}

export interface SprintHistoryView {
  readonly board: BoardRef;
  /** Newest first. */
  readonly sprints: readonly ClosedSprintView[];
  /**
   * A sprint, or the board's work items changed since the oldest sprint started, held more than
   * one read takes (2 000): the oldest were left out, and some figures may miss them.
   */
  readonly truncated: boolean;
  /** Minimum payments sprint by sprint, planned beside completed; null without a debt minimum. */
  readonly ledger: { readonly minimum: number; readonly rows: readonly SprintLedgerRow[] } | null;
  readonly targetsAgreed: boolean;
  readonly timeZone: string;
}
