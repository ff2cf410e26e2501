import { formatCivilDate, type Zone } from './calendar';
import type { FlowContext } from './flow-context';
import { analyzeIssueFlow } from './issue-flow';
import { nearestRank } from './stats';
import { MS_PER_DAY, type Instant, type WorkItem } from './types';

/**
 * How far the repayment of an agreement has come, and when, at the team's pace, it will be done
 * (docs/debt-agreements.md#repayment-progress-and-forecast).
 */

export interface RepaymentItem {
  readonly key: string;
  readonly summary: string;
  readonly done: boolean;
}

export interface RepaymentProgress {
  readonly items: readonly RepaymentItem[];
  readonly done: number;
  readonly open: number;
  /** Every repayment item is done: time to mark the agreement repaid. */
  readonly allDone: boolean;
}

/**
 * The epic's children classified debt, whatever their level (an epic's children are stories in
 * Jira Cloud, and were sub-tasks in some Server projects); canceled ones do not count.
 */
export function repaymentProgress(
  children: readonly WorkItem[],
  context: FlowContext,
  now: Instant,
): RepaymentProgress {
  const items: RepaymentItem[] = [];
  for (const child of children) {
    const flow = analyzeIssueFlow(child, context, now);
    if (flow.classification.type !== 'debt' || flow.outcome === 'canceled') continue;
    items.push({ key: child.key, summary: child.summary, done: flow.outcome === 'completed' });
  }
  const done = items.filter((i) => i.done).length;
  return { items, done, open: items.length - done, allDone: items.length > 0 && done === items.length };
}

/** The weeks sampled, and the least history a forecast needs. */
export const FORECAST_WEEKS = 12;
export const FORECAST_MIN_HISTORY_WEEKS = 5;
const TRIALS = 10_000;
const WEEK_MS = 7 * MS_PER_DAY;
/** A trial that has not finished after ten years is counted as finishing then. */
const MAX_SIMULATED_WEEKS = 520;

export interface WeeklyVelocity {
  /** Debt items completed in each of the seven-day periods ending at `now`, oldest first. */
  readonly weeks: readonly number[];
  /** How many of those periods the project existed in (its first work item was created by their end). */
  readonly historyWeeks: number;
}

/** The project's weekly debt velocity over the last twelve weeks: flow items of type debt, not canceled. */
export function weeklyDebtVelocity(
  items: readonly WorkItem[],
  context: FlowContext,
  now: Instant,
): WeeklyVelocity {
  const weeks = new Array<number>(FORECAST_WEEKS).fill(0);
  const start = now - FORECAST_WEEKS * WEEK_MS;
  let firstCreated = Infinity;
  for (const item of items) {
    firstCreated = Math.min(firstCreated, item.created);
    const flow = analyzeIssueFlow(item, context, now);
    if (!flow.isFlowItem || flow.classification.type !== 'debt' || flow.outcome !== 'completed') continue;
    const completion = flow.completion;
    if (completion === null || completion < start || completion >= now) continue;
    const index = Math.floor((completion - start) / WEEK_MS);
    weeks[index] = (weeks[index] ?? 0) + 1;
  }
  const historyWeeks =
    firstCreated === Infinity
      ? 0
      : Math.min(FORECAST_WEEKS, Math.max(0, Math.ceil((now - firstCreated) / WEEK_MS)));
  return { weeks, historyWeeks };
}

export type Forecast =
  | { readonly kind: 'nothing-left' }
  | { readonly kind: 'cannot-forecast'; readonly reason: string }
  | {
      readonly kind: 'forecast';
      readonly remaining: number;
      /** Weeks within which 85 % of the trials finished. */
      readonly weeks: number;
      /** The day by which 85 % of the trials finished, in the project's zone. */
      readonly date: string;
      /** Later than the due date; null without a due date. */
      readonly atRisk: boolean | null;
    };

/**
 * A Monte Carlo forecast of the open repayment items: each trial draws a week's debt velocity from
 * the last twelve, with replacement, until the items are used up. `random` is injected, and seeded
 * by the caller, so that the same data gives the same date.
 */
export function forecastRepayment(
  remaining: number,
  velocity: WeeklyVelocity,
  options: {
    readonly random: () => number;
    readonly now: Instant;
    readonly zone: Zone;
    readonly dueDate: string | null;
  },
): Forecast {
  if (remaining <= 0) return { kind: 'nothing-left' };
  if (velocity.historyWeeks < FORECAST_MIN_HISTORY_WEEKS)
    return {
      kind: 'cannot-forecast',
      reason: `The project has ${velocity.historyWeeks} week${velocity.historyWeeks === 1 ? '' : 's'} of history; a forecast needs ${FORECAST_MIN_HISTORY_WEEKS}.`,
    };
  if (velocity.weeks.every((w) => w === 0))
    return {
      kind: 'cannot-forecast',
      reason: `No debt work was completed in the last ${FORECAST_WEEKS} weeks, so there is no pace to forecast from.`,
    };
  const samples = velocity.weeks;
  const finished = new Float64Array(TRIALS);
  for (let t = 0; t < TRIALS; t++) {
    let left = remaining;
    let weeks = 0;
    while (left > 0 && weeks < MAX_SIMULATED_WEEKS) {
      left -= samples[Math.floor(options.random() * samples.length)] ?? 0;
      weeks++;
    }
    finished[t] = weeks;
  }
  finished.sort();
  const weeks = nearestRank(finished, 85) ?? MAX_SIMULATED_WEEKS;
  const date = formatCivilDate(options.zone.dayOf(options.now + weeks * WEEK_MS));
  return {
    kind: 'forecast',
    remaining,
    weeks,
    date,
    atRisk: options.dueDate === null ? null : date > options.dueDate,
  };
}

/**
 * The forecast an agreement shows: none once it is repaid or cancelled, or while no child is
 * classified debt (there is nothing to count, which is not the same as nothing left).
 */
export function agreementForecast(
  agreement: { readonly state: 'open' | 'repaid' | 'cancelled'; readonly dueDate: string | null },
  progress: RepaymentProgress,
  velocity: WeeklyVelocity,
  options: { readonly random: () => number; readonly now: Instant; readonly zone: Zone },
): Forecast | null {
  if (agreement.state !== 'open' || progress.items.length === 0) return null;
  return forecastRepayment(progress.open, velocity, { ...options, dueDate: agreement.dueDate });
}
