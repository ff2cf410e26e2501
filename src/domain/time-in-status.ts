import { createFlowContext, type FlowContext } from './flow-context';
import { analyzeItem, completedIn, underReportClock, type ReportPart } from './flow-report';
import type { FlowSettings } from './settings';
import { normaliseName } from './status-map';
import { nearestRank } from './stats';
import { asFlowState, statusHistory, type Timeline } from './timeline';
import {
  MS_PER_DAY,
  type FlowState,
  type Instant,
  type StatusCategory,
  type StatusRef,
  type WorkItem,
} from './types';
import { resolveWindow, type WindowSpec } from './window';

/**
 * Where work waits (docs/flow-metrics.md#where-work-waits): each completed item's flow time, from
 * its work start to its completion, cut at every status change, every change of flow state and
 * every flag raised or cleared. Each piece belongs to one status and one flow time category, so
 * the statuses add up to the item's flow time and so do the categories, and the active pieces are
 * exactly the active time flow efficiency counts.
 */

/** How a piece of flow time counts: flagged active time is waiting to flow efficiency. */
export type TimeKind = 'active' | 'flagged' | 'waiting' | 'done';

export const TIME_KINDS: readonly TimeKind[] = ['active', 'flagged', 'waiting', 'done'];

/** One piece of an item's flow time. */
export interface StatusPiece {
  /** The status's id where the data has one, else `name:` and its normalised name. */
  readonly step: string;
  readonly status: StatusRef;
  readonly kind: TimeKind;
  /** When the piece began. */
  readonly at: Instant;
  readonly ms: number;
}

/** The key a status is counted under: a renamed status keeps its id, an id-less one its name. */
export function stepKey(status: StatusRef): string {
  return status.id ?? `name:${normaliseName(status.name)}`;
}

const UNNAMED: StatusRef = { id: null, name: 'To Do' };

/** The index of the last entry whose `at` is at or before `t`, from `from` on (entries sorted). */
function lastAtOrBefore(starts: readonly Instant[], t: Instant, from: number): number {
  let i = from;
  while (i + 1 < starts.length && (starts[i + 1] ?? Infinity) <= t) i++;
  return i;
}

/**
 * The pieces of a completed item's flow time, in time order; null when it has no flow time (no
 * work start, or not completed). Durations telescope (each piece is the meter's reading from the
 * work start to its end, less the reading to its start), so they add up to the flow time exactly
 * on a working calendar too, across a daylight-saving change.
 */
export function flowTimePieces(
  item: WorkItem,
  timeline: Timeline,
  context: FlowContext,
): StatusPiece[] | null {
  const { workStart, completion } = timeline;
  if (workStart === null || completion === null || workStart > completion) return null;
  const history = statusHistory(item);
  const historyStarts = history.map((h) => h.at);
  const runStarts = timeline.runStarts.map((s) => Math.max(s, item.created));
  const cuts = new Set<Instant>([workStart, completion]);
  const inside = (t: Instant): boolean => t > workStart && t < completion;
  for (const t of historyStarts) if (inside(t)) cuts.add(t);
  for (const t of runStarts) if (inside(t)) cuts.add(t);
  for (const [a, b] of timeline.flagged) {
    if (inside(a)) cuts.add(a);
    if (inside(b)) cuts.add(b);
  }
  const instants = [...cuts].sort((a, b) => a - b);
  const pieces: StatusPiece[] = [];
  let h = 0;
  let r = 0;
  let measured = 0;
  for (let k = 0; k + 1 < instants.length; k++) {
    const a = instants[k] ?? workStart;
    const b = instants[k + 1] ?? completion;
    const upTo = context.meter.measure(workStart, b);
    const ms = upTo - measured;
    measured = upTo;
    h = lastAtOrBefore(historyStarts, a, h);
    r = lastAtOrBefore(runStarts, a, r);
    // The status as the mapper knows it: a changelog's old name or id-less name becomes the
    // status Jira lists today, so a renamed status is one step.
    const status = context.statuses.map(history[h]?.status ?? UNNAMED).status;
    const state: FlowState = asFlowState(timeline, timeline.runStates[r] ?? 'new', a);
    const flagged = timeline.flagged.some(([fa, fb]) => fa <= a && a < fb);
    const kind: TimeKind =
      state === 'active' ? (flagged ? 'flagged' : 'active') : state === 'done' ? 'done' : 'waiting';
    const last = pieces.at(-1);
    const step = stepKey(status);
    if (last?.step === step && last.kind === kind) pieces[pieces.length - 1] = { ...last, ms: last.ms + ms };
    else pieces.push({ step, status, kind, at: a, ms });
  }
  return pieces;
}

/** One status of the workflow, as the review shows it. */
export interface WaitStep {
  readonly step: string;
  readonly name: string;
  readonly category: StatusCategory;
  /** The flow state the status maps to (the space's settings). */
  readonly state: FlowState;
  /**
   * Most of the time in it was not active (a waiting status, a To Do one after the work started,
   * flagged, or done before a reopen). Read from the time itself rather than from one space's
   * mapping: in a value stream, spaces sharing a status may map it differently.
   */
  readonly waiting: boolean;
  /** Items that spent some of their flow time in the status. */
  readonly items: number;
  readonly days: number;
  /** Of all the items' flow time. */
  readonly share: number;
  /** Of that time, what did not count as active: waiting, flagged, or done before a reopen. */
  readonly waitDays: number;
  /** That time's share of all the items' flow time. */
  readonly waitShare: number;
  /** Per item that spent time in it, nearest rank. */
  readonly p50Days: number;
  readonly p85Days: number;
}

export interface WaitItem {
  readonly key: string;
  readonly summary: string;
  readonly flowDays: number;
  /** Days in each step, by step key; only the steps the item spent time in. */
  readonly stepDays: Readonly<Record<string, number>>;
  readonly kindDays: Readonly<Record<TimeKind, number>>;
}

export interface WhereWorkWaits {
  readonly items: number;
  readonly flowDays: number;
  /** In workflow order: To Do statuses, then In Progress ones, then Done ones, each in the order items first enter them. */
  readonly steps: readonly WaitStep[];
  readonly kinds: Readonly<Record<TimeKind, { readonly days: number; readonly share: number }>>;
  /** The step where most flow time waits, and its share of all flow time; null with no waiting time. */
  readonly mostWaiting: { readonly step: string; readonly name: string; readonly share: number } | null;
  /** Every item counted, longest flow time first, so that each figure opens the items behind it. */
  readonly itemList: readonly WaitItem[];
}

export interface WaitInput {
  readonly item: WorkItem;
  readonly timeline: Timeline;
  readonly context: FlowContext;
}

interface StepAccumulator {
  status: StatusRef;
  /** When the status was last seen under that name: a status renamed keeps its latest name. */
  seenAt: Instant;
  ms: number;
  waitMs: number;
  perItem: number[];
  /** Σ of the step's rank of first entry within each item, 0 first … 1 last, and how many. */
  rankSum: number;
  ranked: number;
  context: FlowContext;
}

const CATEGORY_ORDER: Readonly<Record<StatusCategory, number>> = { new: 0, indeterminate: 1, done: 2 };
const days = (ms: number): number => ms / MS_PER_DAY;

/**
 * Where the flow time of the given completed items went. The caller picks the items (the ones
 * flow time counts: completed in the window, not canceled, with a work start); an item without
 * flow time is skipped.
 */
export function whereWorkWaits(inputs: Iterable<WaitInput>): WhereWorkWaits {
  const steps = new Map<string, StepAccumulator>();
  const kindMs: Record<TimeKind, number> = { active: 0, flagged: 0, waiting: 0, done: 0 };
  const itemList: WaitItem[] = [];
  let totalMs = 0;
  for (const { item, timeline, context } of inputs) {
    const pieces = flowTimePieces(item, timeline, context);
    if (pieces === null) continue;
    const stepMs = new Map<string, number>();
    const itemKinds: Record<TimeKind, number> = { active: 0, flagged: 0, waiting: 0, done: 0 };
    let flowMs = 0;
    for (const piece of pieces) {
      flowMs += piece.ms;
      itemKinds[piece.kind] += piece.ms;
      stepMs.set(piece.step, (stepMs.get(piece.step) ?? 0) + piece.ms);
      let acc = steps.get(piece.step);
      if (acc === undefined) {
        acc = {
          status: piece.status,
          seenAt: piece.at,
          ms: 0,
          waitMs: 0,
          perItem: [],
          rankSum: 0,
          ranked: 0,
          context,
        };
        steps.set(piece.step, acc);
      }
      if (piece.at >= acc.seenAt) {
        acc.status = piece.status;
        acc.seenAt = piece.at;
      }
      acc.ms += piece.ms;
      if (piece.kind !== 'active') acc.waitMs += piece.ms;
    }
    const order = [...stepMs.keys()];
    order.forEach((step, i) => {
      const acc = steps.get(step);
      if (acc === undefined) return;
      acc.perItem.push(stepMs.get(step) ?? 0);
      acc.rankSum += order.length > 1 ? i / (order.length - 1) : 0.5;
      acc.ranked++;
    });
    for (const kind of TIME_KINDS) kindMs[kind] += itemKinds[kind];
    totalMs += flowMs;
    itemList.push({
      key: item.key,
      summary: item.summary,
      flowDays: days(flowMs),
      stepDays: Object.fromEntries([...stepMs].map(([s, ms]) => [s, days(ms)])),
      kindDays: {
        active: days(itemKinds.active),
        flagged: days(itemKinds.flagged),
        waiting: days(itemKinds.waiting),
        done: days(itemKinds.done),
      },
    });
  }

  const share = (ms: number): number => (totalMs > 0 ? ms / totalMs : 0);
  const list = [...steps].map(([step, acc]): WaitStep & { rank: number } => {
    const mapping = acc.context.statuses.map(acc.status);
    const sorted = Float64Array.from(acc.perItem).sort();
    return {
      step,
      name: acc.status.name,
      category: mapping.category,
      state: mapping.state,
      waiting: acc.waitMs * 2 > acc.ms,
      items: acc.perItem.length,
      days: days(acc.ms),
      share: share(acc.ms),
      waitDays: days(acc.waitMs),
      waitShare: share(acc.waitMs),
      p50Days: days(nearestRank(sorted, 50) ?? 0),
      p85Days: days(nearestRank(sorted, 85) ?? 0),
      rank: acc.ranked > 0 ? acc.rankSum / acc.ranked : 0,
    };
  });
  list.sort(
    (a, b) =>
      CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] ||
      a.rank - b.rank ||
      a.name.localeCompare(b.name),
  );
  const ordered: WaitStep[] = list.map(({ rank: _rank, ...step }) => step);
  let most: WaitStep | null = null;
  for (const step of ordered)
    if (step.waitDays > 0 && (most === null || step.waitDays > most.waitDays)) most = step;
  itemList.sort((a, b) => b.flowDays - a.flowDays || a.key.localeCompare(b.key));
  return {
    items: itemList.length,
    flowDays: days(totalMs),
    steps: ordered,
    kinds: {
      active: { days: days(kindMs.active), share: share(kindMs.active) },
      flagged: { days: days(kindMs.flagged), share: share(kindMs.flagged) },
      waiting: { days: days(kindMs.waiting), share: share(kindMs.waiting) },
      done: { days: days(kindMs.done), share: share(kindMs.done) },
    },
    mostWaiting: most === null ? null : { step: most.step, name: most.name, share: most.waitShare },
    itemList,
  };
}

/**
 * Where work waits over one window of a space or a stream: the items the report's flow time counts
 * (flow items completed in the window, not canceled, with a work start), each read by its own
 * part's rules on the report's clock, as `computeReportOfParts` reads them.
 */
export function whereWorkWaitsIn(
  window: WindowSpec,
  settings: FlowSettings,
  parts: readonly ReportPart[],
): WhereWorkWaits {
  const contexts = parts.map((part) => ({
    items: part.items,
    context: createFlowContext(underReportClock(part.settings, settings), part.statuses, part.items),
  }));
  const zone = contexts[0]?.context.zone ?? createFlowContext(settings, []).zone;
  const resolved = resolveWindow(window, zone);
  function* counted(): Generator<WaitInput> {
    for (const { items, context } of contexts)
      for (const item of items) {
        const analysis = analyzeItem(item, context);
        if (!analysis.isFlowItem || analysis.timeline.canceled) continue;
        if (!completedIn(analysis.timeline, resolved)) continue;
        yield { item, timeline: analysis.timeline, context };
      }
  }
  return whereWorkWaits(counted());
}
