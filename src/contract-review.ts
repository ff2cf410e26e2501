import type {
  PersonRef,
  ProjectRef,
  ProjectRefreshingView,
  StreamRef,
  StreamRefreshingView,
  TeamView,
} from './contract';
import type { ReviewDecision, ReviewSnapshot } from './domain/flow-review';
import type { MetricTrend, PeriodFigures, PeriodWindow } from './domain/period-figures';
import type { WhereWorkWaits } from './domain/time-in-status';

/**
 * The monthly review's part of the contract (docs/flow-review.md): month over month of a space or
 * a stream, and the review record. Types only, re-exported by src/contract.ts.
 */

/** Month over month (or week over week) of a space: each period's figures, each metric judged. */
export interface FlowPeriodsView {
  readonly status: 'ready';
  readonly project: ProjectRef;
  readonly period: 'week' | 'month';
  /** The complete periods, oldest first. */
  readonly periods: readonly PeriodFigures[];
  /** Each metric over the periods, its latest change a signal or noise. */
  readonly trends: readonly MetricTrend[];
  /** Where the latest period's flow time went, status by status; null without periods. */
  readonly waits: WhereWorkWaits | null;
  /** The time zone the periods are days of (the space's, or the stream's). */
  readonly timeZone: string;
  /** The debt band is the team's (settings saved), not the default. */
  readonly targetsAgreed: boolean;
}

export type FlowPeriodsResult = FlowPeriodsView | ProjectRefreshingView;

/** Month over month of a value stream, with each team's figures for the latest period. */
export interface StreamPeriodsView extends Omit<FlowPeriodsView, 'project' | 'targetsAgreed'> {
  readonly stream: StreamRef;
  /** Each team's figures for the latest period: its debt share against its own band. */
  readonly teams: readonly TeamView[];
  /** The stream's spaces not shown: hidden from the reader, or gone. Never named. */
  readonly unavailable: number;
}

export type StreamPeriodsResult = StreamPeriodsView | StreamRefreshingView;

/** A work item a review's decision names, as the reader sees it now. */
export type DecisionItemView =
  | {
      readonly key: string;
      readonly visible: true;
      readonly summary: string;
      readonly status: string;
      readonly category: 'new' | 'indeterminate' | 'done';
    }
  /** The reader may not see it (or it is gone): its key, which the review holds, and nothing more. */
  | { readonly key: string; readonly visible: false };

export interface ReviewDecisionView extends ReviewDecision {
  readonly owner: PersonRef | null;
  readonly item: DecisionItemView | null;
}

/** What a review covers, named as the reader sees it now. */
export interface ReviewScopeView {
  readonly kind: 'space' | 'stream';
  readonly id: string;
  /** The space's key; null for a stream. */
  readonly key: string | null;
  readonly name: string;
}

/** A monthly review: its frozen figures, what was observed and decided, and the review before it. */
export interface ReviewView {
  readonly status: 'saved';
  readonly id: string;
  readonly revision: number;
  readonly scope: ReviewScopeView;
  readonly period: PeriodWindow & { readonly kind: 'week' | 'month' };
  readonly snapshot: ReviewSnapshot;
  readonly observations: string;
  readonly decisions: readonly ReviewDecisionView[];
  /** The review of the period before, with its decisions' work items as they stand now. */
  readonly previous: {
    readonly id: string;
    readonly period: PeriodWindow;
    readonly decisions: readonly ReviewDecisionView[];
  } | null;
  readonly createdBy: PersonRef;
  readonly createdAt: string;
  readonly updatedBy: PersonRef;
  readonly updatedAt: string;
  /** Its creator and Jira administrators may delete it. */
  readonly canDelete: boolean;
  /** A decision whose work item is being created now. */
  readonly creating: string | null;
}

export type StartReviewResult = ReviewView | ProjectRefreshingView | StreamRefreshingView;

export interface ReviewSummary {
  readonly id: string;
  /** The zone its days are shown in: its space's or stream's when it was started. */
  readonly timeZone: string;
  readonly period: PeriodWindow & { readonly kind: 'week' | 'month' };
  readonly decisions: number;
  readonly createdBy: PersonRef;
  readonly createdAt: string;
}

/** A space's or a stream's reviews, newest period first; those covering spaces hidden from the reader only counted. */
export interface ReviewListView {
  readonly scope: ReviewScopeView;
  readonly reviews: readonly ReviewSummary[];
  readonly hidden: number;
}

export interface ReviewDeleted {
  readonly deleted: string;
}
