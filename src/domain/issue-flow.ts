import type { Classification } from './classify';
import { analyzeItem, shares, type ByType } from './flow-report';
import type { FlowContext } from './flow-context';
import {
  activeAndWaiting,
  asFlowState,
  currentStatusOf,
  flowStateAt,
  flowTimeOf,
  type Timeline,
} from './timeline';
import { MS_PER_DAY, type FlowState, type Instant, type StatusCategory, type WorkItem } from './types';

/**
 * One issue's flow as the issue panel shows it, read at `now`: its type and the rule that decided
 * it, its state, its flow time or age split into active and waiting time, and for a parent the mix
 * of its children. Every rule comes from the timeline and the report; nothing here is re-derived.
 */

/** Where an issue stands: a canceled one is done, but not "completed" (docs/flow-metrics.md). */
export type FlowOutcome = 'not-started' | 'in-progress' | 'completed' | 'canceled';

export interface IssueFlow {
  readonly isFlowItem: boolean;
  readonly classification: Classification;
  readonly status: {
    readonly name: string;
    readonly category: StatusCategory;
    readonly inferred: boolean;
  };
  /** The flow state at `now`; back in To Do after work started is waiting. */
  readonly state: FlowState;
  readonly outcome: FlowOutcome;
  readonly workStart: Instant | null;
  readonly completion: Instant | null;
  /** Flow time for a completed item, age for one in progress, none before work starts. */
  readonly duration: {
    readonly kind: 'flowTime' | 'age' | 'none';
    readonly days: number | null;
    readonly activeDays: number | null;
    readonly waitingDays: number | null;
    readonly efficiency: number | null;
  };
  readonly leadTimeDays: number | null;
  /**
   * The item's flow states from its creation up to `now`, each run merged with the next of the
   * same state (a move between two active statuses is one run), oldest first.
   */
  readonly states: readonly StateRun[];
}

/** One stretch of an item's life in one flow state; `to` is `now` for the last. */
export interface StateRun {
  readonly state: FlowState;
  readonly from: Instant;
  readonly to: Instant;
}

/** The runs of flow states of docs/flow-metrics.md#flow-states-and-the-timeline, up to `now`. */
export function stateRuns(timeline: Timeline, created: Instant, now: Instant): StateRun[] {
  const runs: { state: FlowState; from: Instant; to: Instant }[] = [];
  const starts = timeline.runStarts;
  for (let i = 0; i < starts.length; i++) {
    const from = Math.max(created, starts[i] ?? created);
    if (from >= now) break;
    const to = Math.min(now, starts[i + 1] ?? now);
    const state = asFlowState(timeline, timeline.runStates[i] ?? 'new', from);
    const last = runs.at(-1);
    if (last?.state === state) last.to = to;
    else if (to > from || runs.length === 0) runs.push({ state, from, to });
  }
  return runs;
}

const days = (ms: number): number => ms / MS_PER_DAY;

export function analyzeIssueFlow(item: WorkItem, context: FlowContext, now: Instant): IssueFlow {
  const analysis = analyzeItem(item, context);
  const t = analysis.timeline;
  const ref = currentStatusOf(item);
  const mapped = ref === null ? null : context.statuses.map(ref);
  const completed = t.completion !== null && t.completion <= now;
  const started = t.workStart !== null && t.workStart < now;
  const outcome: FlowOutcome = completed
    ? t.canceled
      ? 'canceled'
      : 'completed'
    : started
      ? 'in-progress'
      : 'not-started';

  let duration: IssueFlow['duration'] = {
    kind: 'none',
    days: null,
    activeDays: null,
    waitingDays: null,
    efficiency: null,
  };
  const flow = completed ? flowTimeOf(t, context.meter) : null;
  if (flow !== null) {
    duration = {
      kind: 'flowTime',
      days: days(flow.flowMs),
      activeDays: days(flow.activeMs),
      waitingDays: days(flow.flowMs - flow.activeMs),
      efficiency: flow.flowMs > 0 ? flow.activeMs / flow.flowMs : null,
    };
  } else if (!completed && started) {
    const total = context.meter.measure(t.workStart, now);
    const split = activeAndWaiting(t, t.workStart, now, context.meter);
    duration = {
      kind: 'age',
      days: days(total),
      activeDays: days(split.activeMs),
      waitingDays: days(split.waitingMs),
      efficiency: total > 0 ? split.activeMs / total : null,
    };
  }
  return {
    isFlowItem: analysis.isFlowItem,
    classification: analysis.classification,
    status: {
      name: ref?.name ?? 'To Do',
      category: mapped?.category ?? 'new',
      inferred: mapped?.inferred ?? false,
    },
    state: flowStateAt(t, now) ?? t.currentState,
    outcome,
    workStart: started ? t.workStart : null,
    completion: completed ? t.completion : null,
    duration,
    leadTimeDays: completed ? days(context.meter.measure(item.created, t.completion)) : null,
    states: stateRuns(t, item.created, now),
  };
}

/** The flow mix of a parent's children: only those at the project's flow-item level count. */
export interface ChildrenMix {
  /** Every child, counted or not. */
  readonly total: number;
  /** Children at the flow-item level: the ones the mix is made of. */
  readonly counted: number;
  readonly byType: ByType<number>;
  readonly shares: ByType<number>;
  readonly byOutcome: Readonly<Record<FlowOutcome, number>>;
}

/**
 * Sub-tasks of an epic are not its flow items when the project's flow items are stories, and an
 * epic's stories are not when they are epics: counting them would show "Features 100 %" for nine
 * sub-tasks. Null for an issue without children.
 */
export function childrenMix(
  children: readonly WorkItem[],
  context: FlowContext,
  now: Instant,
): ChildrenMix | null {
  if (children.length === 0) return null;
  const byType: ByType<number> = { feature: 0, defect: 0, risk: 0, debt: 0 };
  const byOutcome: Record<FlowOutcome, number> = {
    'not-started': 0,
    'in-progress': 0,
    completed: 0,
    canceled: 0,
  };
  let counted = 0;
  for (const child of children) {
    const flow = analyzeIssueFlow(child, context, now);
    if (!flow.isFlowItem) continue;
    counted++;
    byType[flow.classification.type]++;
    byOutcome[flow.outcome]++;
  }
  return { total: children.length, counted, byType, shares: shares(byType), byOutcome };
}
