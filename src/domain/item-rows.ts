import { compareIssueKeys } from './data-quality';
import { createFlowContext } from './flow-context';
import { upperBound } from './calendar';
import { analyzeItem, bearsOnWindow, completedIn } from './flow-report';
import type { FlowSettings } from './settings';
import { activeAndWaiting, flowStateAt, flowTimeOf } from './timeline';
import {
  MS_PER_DAY,
  type FlowState,
  type FlowType,
  type Instant,
  type KnownStatus,
  type WorkItem,
} from './types';
import { periodsOf, resolveWindow, type WindowSpec } from './window';

/**
 * One flow item as every flow tool exports it (to check a figure by hand, or to import into a
 * spreadsheet or ActionableAgile): its type and why, its dates and its times. Instants are ISO
 * strings in UTC; null where there is none.
 */
export interface ItemRow {
  readonly key: string;
  readonly summary: string;
  readonly type: FlowType;
  readonly typeReason: string;
  readonly created: string;
  readonly workStart: string | null;
  readonly completion: string | null;
  /** The flow state at the as-of moment (back in To Do after starting reads waiting). */
  readonly state: FlowState;
  readonly canceled: boolean;
  /**
   * The trend period (its first day, as the report's trend names it) the item was completed or
   * canceled in, when that was within the window; null otherwise, and without a window.
   */
  readonly period: string | null;
  /** Work start to completion, for completed items with a start. */
  readonly flowTimeDays: number | null;
  /** Creation to completion, for completed items. */
  readonly leadTimeDays: number | null;
  /** Of the flow time, or of the age so far for an item in progress. */
  readonly activeDays: number | null;
  readonly waitingDays: number | null;
}

export interface ItemRowsInput {
  readonly items: readonly WorkItem[];
  readonly statuses: readonly KnownStatus[];
  readonly settings: FlowSettings;
  /** With a window: the items completed in it or in progress at some moment of it. */
  readonly window?: WindowSpec | undefined;
  /** The moment states and ages are read at, without a window. */
  readonly asOf: Instant;
}

const iso = (t: Instant | null): string | null => (t === null ? null : new Date(t).toISOString());
const days = (ms: number): number => ms / MS_PER_DAY;

/** The rows of the items at the flow-item level, in key order. Pure: the clock is `asOf`. */
export function itemRows(input: ItemRowsInput): ItemRow[] {
  const context = createFlowContext(input.settings, input.statuses, input.items);
  const window = input.window === undefined ? null : resolveWindow(input.window, context.zone);
  const asOf = window?.asOf ?? input.asOf;
  const periods = window === null ? [] : periodsOf(window, input.settings.trendPeriod, context.zone);
  const periodStarts = periods.map((p) => p.start);
  const rows: ItemRow[] = [];
  for (const item of input.items) {
    const analysis = analyzeItem(item, context);
    if (!analysis.isFlowItem || item.created > asOf) continue;
    const { timeline, classification } = analysis;
    if (window !== null && !bearsOnWindow(timeline, window)) continue;
    const { workStart, completion } = timeline;
    const done = completion !== null && completion <= asOf;
    const flow = done ? flowTimeOf(timeline, context.meter) : null;
    let split: { activeMs: number; waitingMs: number } | null = null;
    if (flow !== null) split = { activeMs: flow.activeMs, waitingMs: flow.flowMs - flow.activeMs };
    else if (!done && workStart !== null && workStart < asOf)
      split = activeAndWaiting(timeline, workStart, asOf, context.meter);
    rows.push({
      key: item.key,
      summary: item.summary,
      type: classification.type,
      typeReason: classification.reason,
      created: new Date(item.created).toISOString(),
      workStart: iso(workStart !== null && workStart < asOf ? workStart : null),
      completion: iso(done ? completion : null),
      state: flowStateAt(timeline, asOf) ?? 'new',
      canceled: done && timeline.canceled,
      period:
        window !== null && completion !== null && completedIn(timeline, window)
          ? (periods[upperBound(periodStarts, completion) - 1]?.label ?? null)
          : null,
      flowTimeDays: flow === null ? null : days(flow.flowMs),
      leadTimeDays: done ? days(context.meter.measure(item.created, completion)) : null,
      activeDays: split === null ? null : days(split.activeMs),
      waitingDays: split === null ? null : days(split.waitingMs),
    });
  }
  return rows.sort((a, b) => compareIssueKeys(a.key, b.key));
}

/** The columns of the CSV export, in order: the same names as the JSON rows. */
export const ITEM_COLUMNS: readonly (keyof ItemRow)[] = [
  'key',
  'summary',
  'type',
  'typeReason',
  'created',
  'workStart',
  'completion',
  'state',
  'canceled',
  'period',
  'flowTimeDays',
  'leadTimeDays',
  'activeDays',
  'waitingDays',
];
