import { parseCivilDate } from '../../../src/domain/calendar';
import { WEEK_CHOICES } from '../../common/gadget-config';

/**
 * What the project page shows, as its URL keeps it (`?tab=flow&weeks=12&trend=week`, or
 * `?from=2013-05-01&to=2013-06-30`): a view that can be reloaded, shared and gone back to.
 */
export type WindowChoice = { kind: 'recent'; weeks: number } | { kind: 'custom'; from: string; to: string };

/** The monthly review's choice: how many complete periods, of what length (`?periods=9&by=week`). */
export interface ReviewChoice {
  readonly periods: number;
  readonly by: 'week' | 'month';
  /** A saved review opened (`?review=ID`), or none: the live figures. */
  readonly reviewId: string | null;
}

export const PERIOD_CHOICES: readonly number[] = [6, 9, 12];

/**
 * The Plan tab's choice (`?tab=plan&board=12&sprint=34`, or `&next=50` on a Kanban board): a board
 * of the space, and a sprint of it or how many of its backlog's next work items; null leaves it to
 * the plan (the board's next sprint, or 20 work items).
 */
export interface PlanChoice {
  readonly boardId: number;
  readonly sprintId: number | null;
  readonly next: number | null;
}

export const NEXT_CHOICES: readonly number[] = [10, 20, 50];
/** What the plan reads of a Kanban backlog unless told (the resolver's own default). */
export const DEFAULT_NEXT = 20;

export interface PageView {
  readonly tab: 'flow' | 'review' | 'agreements' | 'plan';
  readonly window: WindowChoice;
  readonly trend: 'week' | 'month';
  readonly review: ReviewChoice;
  /** Only when the URL names a board: without one, the Plan tab opens the space's first. */
  readonly plan?: PlanChoice;
}

export const DEFAULT_REVIEW: ReviewChoice = { periods: 6, by: 'month', reviewId: null };

const REVIEW_ID = /^[A-Za-z0-9-]{8,64}$/;

export const DEFAULT_VIEW: PageView = {
  tab: 'flow',
  window: { kind: 'recent', weeks: 12 },
  trend: 'week',
  review: DEFAULT_REVIEW,
};

const TAB_NAMES = ['flow', 'review', 'agreements', 'plan'] as const;

/** The view a query names; whatever it does not name, or names wrongly, is the default's. */
export function parseView(search: string): PageView {
  const q = new URLSearchParams(search);
  const tab = TAB_NAMES.find((t) => t === q.get('tab')) ?? 'flow';
  const plan = parsePlan(q);
  return {
    tab,
    window: parseWindow(q),
    trend: parseTrend(q),
    review: parseReview(q),
    ...(plan === null ? {} : { plan }),
  };
}

// Jira's board and sprint ids: positive integers, as the contract takes them.
const AGILE_ID = /^[1-9][0-9]{0,15}$/;

function agileId(text: string | null): number | null {
  if (text === null || !AGILE_ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The plan's choice a query names, or null when it names no board. */
export function parsePlan(q: URLSearchParams): PlanChoice | null {
  const boardId = agileId(q.get('board'));
  if (boardId === null) return null;
  const next = Number(q.get('next'));
  return { boardId, sprintId: agileId(q.get('sprint')), next: NEXT_CHOICES.includes(next) ? next : null };
}

/** Writes the plan's choice into a query. */
export function formatPlan(q: URLSearchParams, plan: PlanChoice | undefined): void {
  if (plan === undefined) return;
  q.set('board', String(plan.boardId));
  if (plan.sprintId !== null) q.set('sprint', String(plan.sprintId));
  if (plan.next !== null) q.set('next', String(plan.next));
}

export function parseReview(q: URLSearchParams): ReviewChoice {
  const periods = Number(q.get('periods'));
  return {
    periods: PERIOD_CHOICES.includes(periods) ? periods : DEFAULT_REVIEW.periods,
    by: q.get('by') === 'week' ? 'week' : 'month',
    reviewId: REVIEW_ID.test(q.get('review') ?? '') ? q.get('review') : null,
  };
}

/** Writes the review's choice into a query, leaving out what is the default. */
export function formatReview(q: URLSearchParams, review: ReviewChoice): void {
  if (review.periods !== DEFAULT_REVIEW.periods) q.set('periods', String(review.periods));
  if (review.by !== DEFAULT_REVIEW.by) q.set('by', review.by);
  if (review.reviewId !== null) q.set('review', review.reviewId);
}

export function parseTrend(q: URLSearchParams): 'week' | 'month' {
  return q.get('trend') === 'month' ? 'month' : 'week';
}

/** The window a query names (`weeks`, or `from` and `to`), else the default's. */
export function parseWindow(q: URLSearchParams): WindowChoice {
  const from = q.get('from');
  const to = q.get('to');
  const weeks = Number(q.get('weeks'));
  let window: WindowChoice = DEFAULT_VIEW.window;
  if (from !== null && to !== null) {
    const start = parseCivilDate(from);
    const end = parseCivilDate(to);
    if (start !== null && end !== null && start <= end) window = { kind: 'custom', from, to };
  } else if (WEEK_CHOICES.includes(weeks)) window = { kind: 'recent', weeks };
  return window;
}

/** The query that names a view: only what differs from the default, so that links stay short. */
export function formatView(view: PageView): string {
  const q = new URLSearchParams();
  if (view.tab !== DEFAULT_VIEW.tab) q.set('tab', view.tab);
  formatWindow(q, view.window, view.trend);
  formatReview(q, view.review);
  formatPlan(q, view.plan);
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

/** Writes a window and a trend period into a query, leaving out what is the default. */
export function formatWindow(q: URLSearchParams, window: WindowChoice, trend: 'week' | 'month'): void {
  if (window.kind === 'custom') {
    q.set('from', window.from);
    q.set('to', window.to);
  } else if (window.weeks !== 12) q.set('weeks', String(window.weeks));
  if (trend !== DEFAULT_VIEW.trend) q.set('trend', trend);
}

/** A window choice as a payload's fields. */
export function windowFields(
  window: WindowChoice,
): { readonly from: string; readonly to: string } | { readonly weeks: number } {
  return window.kind === 'custom' ? { from: window.from, to: window.to } : { weeks: window.weeks };
}
