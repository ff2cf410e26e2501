import type { DurationMeter } from './calendar';
import { normaliseName, type StatusMapper } from './status-map';
import type { FlowSettings } from './settings';
import type { FlagChange, FlowState, Instant, StatusChange, StatusRef, WorkItem } from './types';

/**
 * An item's history replayed into runs of flow states (docs/flow-metrics.md#flow-states-and-the-timeline): `runStarts[i]` is when run i
 * began and `runStates[i]` its state; the first run begins at creation. Consecutive runs always
 * differ in state, and done → new → done bounces are already folded into done.
 */
export interface Timeline {
  readonly runStarts: readonly Instant[];
  readonly runStates: readonly FlowState[];
  /** Half-open [start, end) intervals in which the item was flagged; `end` may be Infinity. */
  readonly flagged: readonly (readonly [Instant, Instant])[];
  readonly workStart: Instant | null;
  readonly completion: Instant | null;
  readonly currentState: FlowState;
  readonly canceled: boolean;
  readonly findings: TimelineFindings;
}

export interface TimelineFindings {
  readonly hasChangelog: boolean;
  /**
   * The changelog holds at least one status change. Issues imported by CSV or migrated into a site
   * have none: Jira answers an empty changelog for them, and nothing says when work started.
   */
  readonly hasStatusHistory: boolean;
  /** The data gave the current status (a search may leave `fields.status` out). */
  readonly hasCurrentStatus: boolean;
  /** The replay used a status whose category had to be inferred from its name. */
  readonly usedInferredStatus: boolean;
  /** Some change is dated before the creation; it is treated as happening at creation. */
  readonly changeBeforeCreated: boolean;
  /** The changelog's last status is not the current status. */
  readonly changelogDisagrees: boolean;
  /**
   * A change starts from a status other than the one the previous change went to. Jira writes such
   * changes when an issue moves project or workflow (the migration maps statuses without recording
   * every step); the replay follows the `to` side, so the state before the gap is kept until then.
   */
  readonly changelogGap: boolean;
  /** The source held only part of the changelog (see `Changelog.truncated`). */
  readonly changelogTruncated: boolean;
  /** Completion could not be read from the replay and came from `resolutiondate` instead. */
  readonly completionFromResolutionDate: boolean;
}

const byTime = (a: { at: number; seq: number }, b: { at: number; seq: number }): number =>
  a.at - b.at || a.seq - b.seq;

/** The list in time order: as is when already sorted, reversed when newest-first, else sorted. */
function sortedByTime<T extends { at: number; seq: number }>(list: readonly T[]): readonly T[] {
  let ascending = true;
  let descending = true;
  for (let i = 1; i < list.length && (ascending || descending); i++) {
    const prev = list[i - 1];
    const cur = list[i];
    if (prev === undefined || cur === undefined) continue;
    const order = byTime(prev, cur);
    if (order > 0) ascending = false;
    if (order < 0) descending = false;
  }
  if (ascending) return list;
  return descending ? [...list].reverse() : [...list].sort(byTime);
}

function sameStatus(a: StatusRef, b: StatusRef): boolean {
  if (a.id !== null && b.id !== null) return a.id === b.id;
  return normaliseName(a.name) === normaliseName(b.name);
}

/**
 * The current status: as the data gives it, else where its last status change went (a
 * search that asked for some fields only, as Server exports often do, carries no `fields.status`).
 * Null when neither tells: the issue never moved, so it is still in its initial, `new` state.
 */
export function currentStatusOf(item: WorkItem): StatusRef | null {
  return item.status ?? currentFromChanges(sortedByTime(item.changelog?.statusChanges ?? []));
}

function currentFromChanges(sortedChanges: readonly StatusChange[]): StatusRef | null {
  return sortedChanges[sortedChanges.length - 1]?.to ?? null;
}

/** One status an item was in from `at` on, as the replay reads the changelog. */
export interface StatusStretch {
  readonly at: Instant;
  /** Null for an item that never moved and whose data names no status: it is in a `new` one. */
  readonly status: StatusRef | null;
}

/**
 * The statuses an item was in, oldest first, replayed exactly as `buildTimeline` replays them: the
 * first from creation (where the first change came from), each change clamped to creation, in
 * (time, history id) order. Time in status (src/domain/time-in-status.ts) reads it beside the
 * timeline's runs, so that its shares add up to the same flow time.
 */
export function statusHistory(item: WorkItem): StatusStretch[] {
  const changes = sortedByTime(item.changelog?.statusChanges ?? []);
  const first = changes[0];
  const out: StatusStretch[] = [
    {
      at: item.created,
      status: first === undefined ? currentStatusOf(item) : (first.from ?? currentStatusOf(item)),
    },
  ];
  for (const change of changes) out.push({ at: Math.max(change.at, item.created), status: change.to });
  return out;
}

/** The mapping of a status the data may not name; an unnamed status is a `new` one (docs/flow-metrics.md#flow-states-and-the-timeline). */
function mapStatus(mapper: StatusMapper, ref: StatusRef | null): { state: FlowState; inferred: boolean } {
  return ref === null ? { state: 'new', inferred: false } : mapper.map(ref);
}

/** Replays one item's changelog against the status mapping. Never throws on odd data. */
export function buildTimeline(
  item: WorkItem,
  mapper: StatusMapper,
  cancellation: CancellationRule,
): Timeline {
  const changes = sortedByTime(item.changelog?.statusChanges ?? []);
  const currentRef = item.status ?? currentFromChanges(changes);
  const current = mapStatus(mapper, currentRef);
  const currentState = current.state;
  const canceled = currentState === 'done' && cancellation.isCanceled(item.resolution);

  if (changes.length === 0) {
    // No status history: nothing says when work started. Completion is the resolution date, or the
    // creation for an issue that was created done (docs/flow-metrics.md#flow-states-and-the-timeline); both paths, a dataset without
    // changelogs and Jira's empty changelog of an imported issue, read the same.
    return {
      runStarts: [item.created],
      runStates: [currentState],
      flagged: [],
      workStart: null,
      completion: currentState === 'done' ? (item.resolved ?? item.created) : null,
      currentState,
      canceled,
      findings: {
        hasChangelog: item.changelog !== null,
        hasStatusHistory: false,
        hasCurrentStatus: item.status !== null,
        usedInferredStatus: current.inferred,
        changeBeforeCreated: false,
        changelogDisagrees: false,
        changelogGap: false,
        changelogTruncated: item.changelog?.truncated ?? false,
        completionFromResolutionDate: false,
      },
    };
  }

  const first = changes[0];
  const last = changes[changes.length - 1];
  const initial = first?.from ?? currentRef;
  const initialMapping = mapStatus(mapper, initial);
  let usedInferredStatus = initialMapping.inferred || current.inferred;
  let changeBeforeCreated = false;
  let changelogGap = false;
  let previous: StatusRef | null = initial;

  const starts: Instant[] = [item.created];
  const states: FlowState[] = [initialMapping.state];
  for (const change of changes) {
    if (change.from !== null && previous !== null && !sameStatus(change.from, previous)) changelogGap = true;
    previous = change.to;
    const mapping = mapper.map(change.to);
    if (mapping.inferred) usedInferredStatus = true;
    let at = change.at;
    if (at < item.created) {
      changeBeforeCreated = true;
      at = item.created;
    }
    appendRun(starts, states, at, mapping.state);
  }

  const changelogDisagrees = item.status !== null && last !== undefined && !sameStatus(last.to, item.status);
  const workStart = firstStartOf(starts, states);
  const { completion, fromResolutionDate } = completionOf(item, starts, states, currentState);
  return {
    runStarts: starts,
    runStates: states,
    flagged: flaggedIntervals(item.changelog?.flagChanges ?? [], item.created),
    workStart,
    completion,
    currentState,
    canceled,
    findings: {
      hasChangelog: true,
      hasStatusHistory: true,
      hasCurrentStatus: item.status !== null,
      usedInferredStatus,
      changeBeforeCreated,
      changelogDisagrees,
      changelogGap,
      changelogTruncated: item.changelog?.truncated ?? false,
      completionFromResolutionDate: fromResolutionDate,
    },
  };
}

/**
 * Appends a run, merging it into the previous one when the state does not change, and folds a
 * done → new → done bounce (a bulk "reopen and close again", a misclick) back into the first done
 * run, as if the item never left done (docs/flow-metrics.md#flow-states-and-the-timeline).
 */
function appendRun(starts: Instant[], states: FlowState[], at: Instant, state: FlowState): void {
  const n = states.length;
  if (states[n - 1] === state) return;
  if (state === 'done' && n >= 2 && states[n - 1] === 'new' && states[n - 2] === 'done') {
    starts.pop();
    states.pop();
    return;
  }
  starts.push(at);
  states.push(state);
}

function firstStartOf(starts: readonly Instant[], states: readonly FlowState[]): Instant | null {
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    if (s === 'active' || s === 'waiting') return starts[i] ?? null;
  }
  return null;
}

function completionOf(
  item: WorkItem,
  starts: readonly Instant[],
  states: readonly FlowState[],
  currentState: FlowState,
): { completion: Instant | null; fromResolutionDate: boolean } {
  if (currentState !== 'done') return { completion: null, fromResolutionDate: false };
  const lastIndex = states.length - 1;
  // Runs alternate, so the last done run begins at the final move into done (or at creation).
  if (states[lastIndex] === 'done')
    return { completion: starts[lastIndex] ?? null, fromResolutionDate: false };
  if (item.resolved !== null) return { completion: item.resolved, fromResolutionDate: true };
  for (let i = lastIndex; i >= 0; i--) {
    if (states[i] === 'done') return { completion: starts[i] ?? null, fromResolutionDate: false };
  }
  return { completion: null, fromResolutionDate: false };
}

/** Flagged intervals from the `Flagged` field's changes; a first change that clears it means flagged from creation. */
function flaggedIntervals(changes: readonly FlagChange[], created: Instant): (readonly [Instant, Instant])[] {
  const sorted = sortedByTime(changes);
  const intervals: [Instant, Instant][] = [];
  let flaggedSince: Instant | null = sorted[0]?.flagged === false ? created : null;
  for (const change of sorted) {
    const at = Math.max(change.at, created);
    if (change.flagged && flaggedSince === null) flaggedSince = at;
    else if (!change.flagged && flaggedSince !== null) {
      if (at > flaggedSince) intervals.push([flaggedSince, at]);
      flaggedSince = null;
    }
  }
  if (flaggedSince !== null) intervals.push([flaggedSince, Infinity]);
  return intervals;
}

/** Decides which resolutions mean canceled work (docs/flow-metrics.md#flow-states-and-the-timeline), once per resolution name. */
export class CancellationRule {
  private readonly keywords: readonly string[];
  private readonly memo = new Map<string, boolean>();

  constructor(settings: Pick<FlowSettings, 'canceledResolutionKeywords'>) {
    this.keywords = settings.canceledResolutionKeywords.map(normaliseName);
  }

  isCanceled(resolution: string | null): boolean {
    if (resolution === null) return false;
    let canceled = this.memo.get(resolution);
    if (canceled === undefined) {
      const n = normaliseName(resolution);
      canceled = this.keywords.some((k) => n.includes(k));
      this.memo.set(resolution, canceled);
    }
    return canceled;
  }
}

/** The state after every change dated strictly before `t`; null before the item existed. */
export function stateAt(timeline: Timeline, t: Instant): FlowState | null {
  const { runStarts, runStates } = timeline;
  let state: FlowState | null = null;
  for (let i = 0; i < runStarts.length; i++) {
    const start = runStarts[i];
    if (start === undefined) break;
    if (i > 0 ? start >= t : start > t) break;
    state = runStates[i] ?? null;
  }
  return state;
}

/**
 * Done at `t`: by the replay where the item has a status history (done then, whatever became of it
 * since), by its completion where it has none (the replay of such an item is its current state
 * since its creation, which says nothing about `t`; its completion is the resolution date).
 */
export function doneAt(timeline: Timeline, t: Instant): boolean {
  if (!timeline.findings.hasStatusHistory) return timeline.completion !== null && timeline.completion <= t;
  return stateAt(timeline, t) === 'done';
}

/**
 * The flow state at `t` as flow is read: an item back in a To Do status after its work started is
 * in progress, waiting (docs/flow-metrics.md#flow-states-and-the-timeline). Null before the item existed.
 */
export function flowStateAt(timeline: Timeline, t: Instant): FlowState | null {
  const state = stateAt(timeline, t);
  return state === null ? null : asFlowState(timeline, state, t);
}

/** A replayed state as flow reads it at `t`: new after the work started is waiting. */
export function asFlowState(timeline: Timeline, state: FlowState, t: Instant): FlowState {
  return state === 'new' && timeline.workStart !== null && timeline.workStart < t ? 'waiting' : state;
}

/**
 * Flow time (work start to completion) and the active part of it, for a completed item with a
 * work start; null otherwise. The report's flow time, efficiency and every per-item figure read it.
 */
export function flowTimeOf(
  timeline: Timeline,
  meter: DurationMeter,
): { readonly flowMs: number; readonly activeMs: number } | null {
  const { workStart, completion } = timeline;
  if (workStart === null || completion === null || workStart > completion) return null;
  return {
    flowMs: meter.measure(workStart, completion),
    activeMs: activeAndWaiting(timeline, workStart, completion, meter).activeMs,
  };
}

/** In progress at `t`: started strictly before `t`, and not in a done state at `t` (docs/flow-metrics.md#flow-states-and-the-timeline). */
export function isInProgressAt(timeline: Timeline, t: Instant): boolean {
  if (timeline.workStart === null || timeline.workStart >= t) return false;
  const state = stateAt(timeline, t);
  return state !== null && state !== 'done';
}

/**
 * The intervals (a, b] in which the item is in progress: from its work start on, every run that is
 * not done. Left-open because the state at `t` only counts changes strictly before `t`.
 */
export function inProgressIntervals(timeline: Timeline): (readonly [Instant, Instant])[] {
  const { runStarts, runStates, workStart } = timeline;
  if (workStart === null) return [];
  const out: [Instant, Instant][] = [];
  let i = runStarts.indexOf(workStart);
  // Several runs may share the work-start instant; the last of them is the one in force after it.
  while (i + 1 < runStarts.length && runStarts[i + 1] === workStart) i++;
  for (let open: Instant | null = null; i < runStarts.length; i++) {
    const start = runStarts[i] ?? Infinity;
    const end = runStarts[i + 1] ?? Infinity;
    if (runStates[i] === 'done') {
      if (open !== null) out.push([open, start]);
      open = null;
      continue;
    }
    open ??= start;
    if (end === Infinity) out.push([open, Infinity]);
  }
  return out;
}

/**
 * Active and waiting time between `from` and `to` (docs/flow-metrics.md#flow-states-and-the-timeline): time in active states counts as
 * active unless the item was flagged; everything else in the span (waiting, back in new, flagged,
 * or done before a reopen) counts as waiting.
 */
export function activeAndWaiting(
  timeline: Timeline,
  from: Instant,
  to: Instant,
  meter: DurationMeter,
): { activeMs: number; waitingMs: number } {
  const total = meter.measure(from, to);
  let active = 0;
  const { runStarts, runStates, flagged } = timeline;
  for (let i = 0; i < runStarts.length; i++) {
    if (runStates[i] !== 'active') continue;
    const a = Math.max(runStarts[i] ?? Infinity, from);
    const b = Math.min(runStarts[i + 1] ?? Infinity, to);
    if (b <= a) continue;
    active += meter.measure(a, b);
    for (const [fa, fb] of flagged) {
      const oa = Math.max(a, fa);
      const ob = Math.min(b, fb);
      if (ob > oa) active -= meter.measure(oa, ob);
    }
  }
  return { activeMs: active, waitingMs: total - active };
}
