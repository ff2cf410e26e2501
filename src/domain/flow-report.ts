import { formatCivilDate, upperBound } from './calendar';
import { isAtFlowItemLevel, type Classification } from './classify';
import { DataQualityCollector, type DataQualityFinding } from './data-quality';
import { createFlowContext, type FlowContext } from './flow-context';
import type { FlowSettings } from './settings';
import { ratioOfSums, type DurationSummary } from './stats';
import {
  asFlowState,
  buildTimeline,
  flowStateAt,
  flowTimeOf,
  inProgressIntervals,
  type Timeline,
} from './timeline';
import {
  FLOW_STATES,
  FLOW_TYPES,
  MS_PER_DAY,
  STATUS_CATEGORIES,
  type FlowState,
  type Instant,
  type FlowType,
  type KnownStatus,
  type WorkItem,
} from './types';
import { periodsOf, resolveWindow, type ResolvedWindow, type WindowSpec } from './window';
import {
  byType,
  COMPLETED_LISTED,
  durationReport,
  listCompleted,
  recordItemFindings,
  shares,
  sum,
  targetsOf,
  totalPerSample,
  trendOf,
  type PeriodAccumulator,
} from './report-aggregates';

export { COMPLETED_LISTED, shares } from './report-aggregates';

export type ByType<T> = Record<FlowType, T>;

export interface DurationReport extends DurationSummary {
  readonly byType: ByType<DurationSummary>;
}

export interface AgedItem {
  readonly key: string;
  readonly type: FlowType;
  readonly state: FlowState;
  readonly ageDays: number;
}

/** A completed item's flow time, for the scatterplot: one dot each. */
export interface CompletedItem {
  readonly key: string;
  readonly type: FlowType;
  /** When it was completed (ISO). */
  readonly completedAt: string;
  readonly flowTimeDays: number;
}

export interface TrendEntry {
  readonly period: string;
  readonly velocity: { readonly total: number; readonly byType: ByType<number> };
  readonly distribution: ByType<number>;
  readonly flowTime: DurationSummary;
  readonly flowEfficiency: number | null;
  readonly canceled: number;
  /** Items in progress at the period's end. */
  readonly load: number;
}

export interface TargetStatus {
  readonly type: FlowType;
  readonly min: number | null;
  readonly max: number | null;
  readonly actual: number;
  readonly status: 'below' | 'within' | 'above';
  /** The in-progress share, for comparison (the band applies to completed work). */
  readonly actualInProgress: number;
}

/** The items in progress at the end of one day (a civil date in the settings' zone), by type. */
export interface DailyLoad {
  readonly day: string;
  readonly byType: ByType<number>;
  /**
   * The flow items that bear on the window, by their flow state at the end of the day (done
   * includes canceled): the day's column of a cumulative flow diagram. Active and waiting add up
   * to the day's load.
   */
  readonly byState: Readonly<Record<FlowState, number>>;
}

/** The report of docs/running-off-jira.md. Field names may grow; those there keep their meaning. */
export interface FlowReport {
  readonly project: string;
  readonly window: {
    readonly from: string;
    readonly to: string;
    readonly asOf: string;
    readonly timeZone: string;
    readonly workingDaysOnly: boolean;
    readonly trendPeriod: FlowSettings['trendPeriod'];
  };
  readonly velocity: { readonly total: number; readonly byType: ByType<number> };
  readonly distribution: { readonly completed: ByType<number>; readonly inProgress: ByType<number> };
  readonly flowTime: DurationReport;
  readonly leadTime: DurationReport;
  readonly flowEfficiency: { readonly overall: number | null; readonly byType: ByType<number | null> };
  readonly load: {
    readonly atAsOf: number;
    readonly byType: ByType<number>;
    readonly dailyAverage: number;
    readonly dailyAverageByType: ByType<number>;
    /** The load at the end of each day of the window, the samples `dailyAverage` averages. */
    readonly daily: readonly DailyLoad[];
  };
  readonly age: DurationReport & {
    readonly oldest: readonly AgedItem[];
    /** Every item in progress at `asOf`, oldest first, for the aging chart (at most COMPLETED_LISTED). */
    readonly items: readonly AgedItem[];
  };
  /**
   * Each item completed in the window with a flow time (canceled ones apart), oldest first: the
   * flow-time percentiles are of these. At most COMPLETED_LISTED, the latest ones.
   */
  readonly completedItems: readonly CompletedItem[];
  /** Completed items with a flow time left out of `completedItems` by its limit. */
  readonly completedItemsOmitted: number;
  readonly canceled: number;
  readonly trend: readonly TrendEntry[];
  readonly targets: readonly TargetStatus[];
  readonly dataQuality: readonly DataQualityFinding[];
}

export interface FlowReportInput extends ReportPart {
  readonly project: string;
  readonly window: WindowSpec;
  /** Keys of records the loader could not read, reported as INVALID_RECORD. */
  readonly invalidRecords?: readonly string[];
}

/**
 * The work items of one space with the space's own rules: a value stream's report is made of
 * several (docs/value-streams.md#each-space-keeps-its-rules).
 */
export interface ReportPart {
  readonly items: readonly WorkItem[];
  /** Jira's status list (with categories); the items' current statuses are added to it. */
  readonly statuses: readonly KnownStatus[];
  readonly settings: FlowSettings;
}

/**
 * A part's rules under the report's clock: which items are flow items, their type, their flow
 * states and what cancels them stay the part's; the time zone, the working calendar, the trend
 * period and the targets are the report's, so that every item is measured on one calendar and
 * the mix is held against one band.
 */
export function underReportClock(part: FlowSettings, report: FlowSettings): FlowSettings {
  return {
    ...part,
    timeZone: report.timeZone,
    workingCalendar: report.workingCalendar,
    trendPeriod: report.trendPeriod,
    targets: report.targets,
  };
}

/** One issue as the report sees it. */
export interface ItemAnalysis {
  readonly item: WorkItem;
  readonly isFlowItem: boolean;
  readonly classification: Classification;
  readonly timeline: Timeline;
}

export function analyzeItem(item: WorkItem, context: FlowContext): ItemAnalysis {
  return {
    item,
    isFlowItem: isAtFlowItemLevel(item, context.settings),
    classification: context.classifier.classify(item),
    timeline: buildTimeline(item, context.statuses, context.cancellation),
  };
}

const OLDEST_LISTED = 10;

/** Completed (or canceled) inside the window. */
export function completedIn(timeline: Timeline, window: ResolvedWindow): boolean {
  const c = timeline.completion;
  return c !== null && c >= window.start && c < window.end;
}

/**
 * Whether an item can explain a figure of the window: completed in it, or in progress at some
 * moment of it (up to `asOf` when that lies beyond the window's end).
 */
export function bearsOnWindow(
  timeline: Timeline,
  window: ResolvedWindow,
  intervals: readonly (readonly [Instant, Instant])[] = inProgressIntervals(timeline),
): boolean {
  const end = Math.max(window.end, window.asOf);
  return completedIn(timeline, window) || intervals.some(([a, b]) => a < end && b > window.start);
}

const toDays = (ms: number): number => ms / MS_PER_DAY;

/**
 * Counts an item in the state of each of its runs at every daily sample the run covers: a sample
 * at instant s is in a run [from, to) when from < s ≤ to, as the load is sampled.
 */
function addStateRuns(
  diff: Record<FlowState, Float64Array>,
  timeline: Timeline,
  created: Instant,
  samples: readonly Instant[],
): void {
  const starts = timeline.runStarts;
  for (let i = 0; i < starts.length; i++) {
    const from = Math.max(created, starts[i] ?? created);
    const next = starts[i + 1];
    const first = upperBound(samples, from);
    const afterLast = next === undefined ? samples.length : upperBound(samples, next);
    if (afterLast <= first) continue;
    const state = asFlowState(timeline, timeline.runStates[i] ?? 'new', from);
    diff[state][first] = (diff[state][first] ?? 0) + 1;
    diff[state][afterLast] = (diff[state][afterLast] ?? 0) - 1;
  }
}

function statesPerSample(diff: Record<FlowState, Float64Array>, count: number): Record<FlowState, number>[] {
  const running: Record<FlowState, number> = { new: 0, active: 0, waiting: 0, done: 0 };
  const out: Record<FlowState, number>[] = [];
  for (let k = 0; k < count; k++) {
    for (const state of FLOW_STATES) running[state] += diff[state][k] ?? 0;
    out.push({ ...running });
  }
  return out;
}

/**
 * Computes every metric of docs/flow-metrics.md#metrics over one window. Pure: the clock is the window's `asOf`.
 * One pass over the items builds their timelines; load is sampled with a difference array over the
 * daily sample instants, so the cost is O(changes · log changes + days), not O(items · days).
 */
export function computeFlowReport(input: FlowReportInput): FlowReport {
  return computeReportOfParts(input, [input]);
}

/**
 * One report over the items of several parts, each item analysed by its own part's rules
 * (`underReportClock`); with one part whose settings are the report's, it is `computeFlowReport`.
 */
export function computeReportOfParts(
  input: Omit<FlowReportInput, keyof ReportPart> & { readonly settings: FlowSettings },
  parts: readonly ReportPart[],
): FlowReport {
  const { settings } = input;
  const contexts = parts.map((part) => ({
    items: part.items,
    context: createFlowContext(underReportClock(part.settings, settings), part.statuses, part.items),
  }));
  const base = contexts[0]?.context ?? createFlowContext(settings, []);
  const window = resolveWindow(input.window, base.zone);
  const periods = periodsOf(window, settings.trendPeriod, base.zone);
  const periodStarts = periods.map((p) => p.start);
  const quality = new DataQualityCollector();
  for (const key of input.invalidRecords ?? []) quality.add('INVALID_RECORD', key);

  const velocity = byType(() => 0);
  const flowDays = byType<number[]>(() => []);
  const leadDays = byType<number[]>(() => []);
  const activeMs = byType(() => 0);
  const flowMs = byType(() => 0);
  const load = byType(() => 0);
  const ageDays = byType<number[]>(() => []);
  const aged: AgedItem[] = [];
  const completedItems: { key: string; type: FlowType; at: number; flowTimeDays: number }[] = [];
  const samples = window.dailySamples;
  const loadDiff = byType(() => new Float64Array(samples.length + 1));
  const stateDiff: Record<FlowState, Float64Array> = {
    new: new Float64Array(samples.length + 1),
    active: new Float64Array(samples.length + 1),
    waiting: new Float64Array(samples.length + 1),
    done: new Float64Array(samples.length + 1),
  };
  const perPeriod: PeriodAccumulator[] = periods.map(() => ({
    velocity: byType(() => 0),
    canceled: 0,
    flowDays: [],
    activeMs: 0,
    flowMs: 0,
  }));
  let canceled = 0;

  for (const { items, context } of contexts)
    for (const item of items) {
      const analysis = analyzeItem(item, context);
      const { timeline } = analysis;
      const intervals = inProgressIntervals(timeline);
      const completion = timeline.completion;
      const completedInWindow = completedIn(timeline, window);
      if (!bearsOnWindow(timeline, window, intervals)) continue;

      if (!analysis.isFlowItem) {
        quality.add('NOT_FLOW_ITEM_LEVEL', item.key);
        continue;
      }
      recordItemFindings(analysis, context, quality);
      addStateRuns(stateDiff, timeline, item.created, samples);
      const type = analysis.classification.type;

      if (completedInWindow && completion !== null) {
        const period = perPeriod[upperBound(periodStarts, completion) - 1];
        if (timeline.canceled) {
          canceled++;
          if (period !== undefined) period.canceled++;
        } else {
          velocity[type]++;
          leadDays[type].push(toDays(context.meter.measure(item.created, completion)));
          if (period !== undefined) period.velocity[type]++;
          const flow = flowTimeOf(timeline, context.meter);
          if (flow !== null) {
            flowDays[type].push(toDays(flow.flowMs));
            completedItems.push({ key: item.key, type, at: completion, flowTimeDays: toDays(flow.flowMs) });
            flowMs[type] += flow.flowMs;
            activeMs[type] += flow.activeMs;
            if (period !== undefined) {
              period.flowDays.push(toDays(flow.flowMs));
              period.flowMs += flow.flowMs;
              period.activeMs += flow.activeMs;
            }
          } else if (timeline.findings.hasStatusHistory) {
            quality.add('COMPLETED_WITHOUT_START', item.key);
          }
        }
      }

      for (const [a, b] of intervals) {
        const first = upperBound(samples, a);
        const afterLast = upperBound(samples, b);
        if (afterLast > first) {
          loadDiff[type][first] = (loadDiff[type][first] ?? 0) + 1;
          loadDiff[type][afterLast] = (loadDiff[type][afterLast] ?? 0) - 1;
        }
        if (a < window.asOf && window.asOf <= b) {
          load[type]++;
          const start = timeline.workStart ?? a;
          const days = toDays(context.meter.measure(start, window.asOf));
          ageDays[type].push(days);
          aged.push({
            key: item.key,
            type,
            state: flowStateAt(timeline, window.asOf) ?? 'new',
            ageDays: days,
          });
        }
      }
    }

  const inferred = contexts
    .flatMap(({ context }) => context.statuses.inferredStatuses())
    .sort((a, b) => a.status.name.localeCompare(b.status.name));
  for (const m of inferred) {
    quality.detail(
      'INFERRED_STATUS',
      `${m.status.name}${m.status.id !== null ? ` (id ${m.status.id})` : ''}: category ${m.category} inferred from the name → ${m.state}`,
    );
  }

  for (const c of contexts.flatMap(({ context }) => context.categoryConflicts)) {
    const votes = STATUS_CATEGORIES.filter((k) => c.votes[k] > 0)
      .map((k) => `${c.votes[k]} ${k}`)
      .join(', ');
    quality.detail(
      'STATUS_CATEGORY_CONFLICT',
      `${c.status.name}${c.status.id !== null ? ` (id ${c.status.id})` : ''}: the issues in it say ${votes}; ${c.chosen} is used, from ${c.source === 'status list' ? "Jira's status list" : 'the majority'}`,
    );
  }

  const dailyTotals = byType(() => 0);
  const byState = statesPerSample(stateDiff, samples.length);
  const daily = samples.map((_, k) => ({
    day: formatCivilDate(window.fromDay + k),
    byType: byType(() => 0),
    byState: byState[k] ?? { new: 0, active: 0, waiting: 0, done: 0 },
  }));
  for (const type of FLOW_TYPES) {
    let running = 0;
    let sum = 0;
    const diff = loadDiff[type];
    for (let k = 0; k < samples.length; k++) {
      running += diff[k] ?? 0;
      sum += running;
      const day = daily[k];
      if (day !== undefined) day.byType[type] = running;
    }
    dailyTotals[type] = samples.length > 0 ? sum / samples.length : 0;
  }
  const loadPerSample = totalPerSample(loadDiff, samples.length);
  aged.sort((x, y) => y.ageDays - x.ageDays || x.key.localeCompare(y.key));
  const completedShares = shares(velocity);
  const inProgressShares = shares(load);

  return {
    project: input.project,
    window: {
      from: window.from,
      to: window.to,
      asOf: new Date(window.asOf).toISOString(),
      timeZone: settings.timeZone,
      workingDaysOnly: base.meter.workingDaysOnly,
      trendPeriod: settings.trendPeriod,
    },
    velocity: { total: sum(velocity), byType: velocity },
    distribution: { completed: completedShares, inProgress: inProgressShares },
    flowTime: durationReport(flowDays),
    leadTime: durationReport(leadDays),
    flowEfficiency: {
      overall: ratioOfSums(sum(activeMs), sum(flowMs)),
      byType: {
        feature: ratioOfSums(activeMs.feature, flowMs.feature),
        defect: ratioOfSums(activeMs.defect, flowMs.defect),
        risk: ratioOfSums(activeMs.risk, flowMs.risk),
        debt: ratioOfSums(activeMs.debt, flowMs.debt),
      },
    },
    load: {
      atAsOf: sum(load),
      byType: load,
      dailyAverage: sum(dailyTotals),
      dailyAverageByType: dailyTotals,
      daily,
    },
    age: {
      ...durationReport(ageDays),
      oldest: aged.slice(0, OLDEST_LISTED),
      items: aged.slice(0, COMPLETED_LISTED),
    },
    ...listCompleted(completedItems),
    canceled,
    trend: trendOf(periods, perPeriod, loadPerSample),
    targets: targetsOf(settings.targets, completedShares, inProgressShares),
    dataQuality: quality.findings(),
  };
}
