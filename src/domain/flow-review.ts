import type { MetricTrend, PeriodFigures, PeriodWindow, ReviewFigures } from './period-figures';
import type { TrendPeriod } from './settings';
import type { WhereWorkWaits } from './time-in-status';
import type { TeamFigures } from './value-stream';

/**
 * A monthly flow review (docs/flow-review.md): the figures of a space or a value stream frozen as
 * they were shown when the review was started, so that reopening it later shows what was
 * discussed whatever changed since (settings, Jira's data), and what the meeting observed and
 * decided. Plain text only, bounded.
 */

export const REVIEW_LIMITS = {
  observations: 4000,
  decisions: 20,
  decisionText: 500,
  /** Reviews listed for one space or stream. */
  listed: 120,
} as const;

/** What a review covers: one space, or one value stream (of the spaces its starter could see). */
export interface ReviewScope {
  readonly kind: 'space' | 'stream';
  readonly id: string;
}

export const scopeKey = (scope: ReviewScope): string => `${scope.kind}:${scope.id}`;

export interface ReviewDecision {
  /** Chosen by the page that adds it, so that a retried save names the same decision. */
  readonly id: string;
  readonly text: string;
  readonly ownerAccountId: string | null;
  /** The work item that carries it out: linked, or created from the review. */
  readonly issueKey: string | null;
}

/** Where work waited in the reviewed period, without the per-item list (the items are Jira's). */
export type WaitsSnapshot = Omit<WhereWorkWaits, 'itemList'>;

export interface TeamSnapshot {
  readonly space: { readonly id: string; readonly key: string; readonly name: string };
  readonly usesDefaults: boolean;
  readonly figures: TeamFigures;
}

/** The figures as the review was started with them. */
export interface ReviewSnapshot {
  readonly period: TrendPeriod;
  readonly periods: readonly PeriodFigures[];
  readonly trends: readonly MetricTrend[];
  readonly waits: WaitsSnapshot | null;
  /** Each team's figures for the reviewed period, for a stream; none for a space. */
  readonly teams: readonly TeamSnapshot[];
  /** The debt band was the team's own (settings saved), not the default. */
  readonly targetsAgreed: boolean;
  /** The zone its periods are days of, and its instants are shown in. */
  readonly timeZone: string;
  /** A stream's spaces its starter could not browse: the figures are of the others. */
  readonly unavailable: number;
}

/** The snapshot of a review's figures: the per-item list of where work waited is left out. */
export function snapshotOf(
  figures: ReviewFigures,
  period: TrendPeriod,
  teams: readonly TeamSnapshot[],
  targetsAgreed: boolean,
  where: { readonly timeZone: string; readonly unavailable: number },
): ReviewSnapshot {
  const w = figures.waits;
  const waits: WaitsSnapshot | null =
    w === null
      ? null
      : { items: w.items, flowDays: w.flowDays, steps: w.steps, kinds: w.kinds, mostWaiting: w.mostWaiting };
  return { period, periods: figures.periods, trends: figures.trends, waits, teams, targetsAgreed, ...where };
}

/** The period a review is of: the latest of its snapshot's periods. */
export function reviewedPeriod(snapshot: ReviewSnapshot): PeriodWindow | null {
  const latest = snapshot.periods.at(-1);
  return latest === undefined ? null : { label: latest.label, from: latest.from, to: latest.to };
}
