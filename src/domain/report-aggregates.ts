import { bandStatus } from './target-band';
import type { DataQualityCollector } from './data-quality';
import type { FlowContext } from './flow-context';
import type {
  ByType,
  DurationReport,
  FlowReport,
  ItemAnalysis,
  TargetStatus,
  TrendEntry,
} from './flow-report';
import type { TargetBand } from './settings';
import { ratioOfSums, summarize } from './stats';
import { FLOW_TYPES, type FlowType } from './types';
import type { Period } from './window';

/**
 * The sums a flow report is made of once its one pass over the items is done
 * (src/domain/flow-report.ts): shares, duration summaries by type, the trend's periods, the
 * targets, the completed items listed, and the findings each item adds to the data quality.
 */

/** Dots a scatterplot can show and a resolver answer carry (about 70 bytes each). */
export const COMPLETED_LISTED = 20_000;

export function byType<T>(make: () => T): ByType<T> {
  return { feature: make(), defect: make(), risk: make(), debt: make() };
}

/** Each type's share of a count by type; all 0 when there is nothing to share. */
export function shares(counts: ByType<number>): ByType<number> {
  const total = counts.feature + counts.defect + counts.risk + counts.debt;
  return {
    feature: total > 0 ? counts.feature / total : 0,
    defect: total > 0 ? counts.defect / total : 0,
    risk: total > 0 ? counts.risk / total : 0,
    debt: total > 0 ? counts.debt / total : 0,
  };
}

/** Per-period accumulators for the trend. */
export interface PeriodAccumulator {
  velocity: ByType<number>;
  canceled: number;
  flowDays: number[];
  activeMs: number;
  flowMs: number;
}

export function listCompleted(
  items: { key: string; type: FlowType; at: number; flowTimeDays: number }[],
): Pick<FlowReport, 'completedItems' | 'completedItemsOmitted'> {
  items.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  const kept = items.slice(Math.max(0, items.length - COMPLETED_LISTED));
  return {
    completedItems: kept.map((i) => ({
      key: i.key,
      type: i.type,
      completedAt: new Date(i.at).toISOString(),
      flowTimeDays: i.flowTimeDays,
    })),
    completedItemsOmitted: items.length - kept.length,
  };
}

export function recordItemFindings(
  analysis: ItemAnalysis,
  context: FlowContext,
  quality: DataQualityCollector,
): void {
  const { item, timeline, classification } = analysis;
  const f = timeline.findings;
  if (!f.hasChangelog) quality.add('NO_CHANGELOG', item.key);
  else if (!f.hasStatusHistory) quality.add('NO_STATUS_HISTORY', item.key);
  if (!f.hasCurrentStatus) quality.add('NO_CURRENT_STATUS', item.key);
  const own = item.status?.category ?? null;
  if (item.status !== null && own !== null && context.statuses.map(item.status).category !== own)
    quality.add('STATUS_CATEGORY_CONFLICT', item.key);
  if (f.usedInferredStatus) quality.add('INFERRED_STATUS', item.key);
  if (f.changeBeforeCreated) quality.add('CHANGE_BEFORE_CREATED', item.key);
  if (f.changelogDisagrees || f.completionFromResolutionDate)
    quality.add('CHANGELOG_STATUS_MISMATCH', item.key);
  if (f.changelogGap) quality.add('CHANGELOG_GAP', item.key);
  if (f.changelogTruncated) quality.add('INCOMPLETE_CHANGELOG', item.key);
  if (classification.conflictingTypes.length > 0) quality.add('TYPE_RULE_CONFLICT', item.key);
}

export function sum(values: ByType<number>): number {
  return values.feature + values.defect + values.risk + values.debt;
}

export function durationReport(values: ByType<number[]>): DurationReport {
  return {
    ...summarize([...values.feature, ...values.defect, ...values.risk, ...values.debt]),
    byType: {
      feature: summarize(values.feature),
      defect: summarize(values.defect),
      risk: summarize(values.risk),
      debt: summarize(values.debt),
    },
  };
}

export function totalPerSample(diffs: ByType<Float64Array>, n: number): Float64Array {
  const out = new Float64Array(n);
  let running = 0;
  for (let k = 0; k < n; k++) {
    running += (diffs.feature[k] ?? 0) + (diffs.defect[k] ?? 0) + (diffs.risk[k] ?? 0) + (diffs.debt[k] ?? 0);
    out[k] = running;
  }
  return out;
}

export function trendOf(
  periods: readonly Period[],
  acc: readonly PeriodAccumulator[],
  loadPerSample: Float64Array,
): TrendEntry[] {
  return periods.map((period, i) => {
    const a = acc[i] ?? { velocity: byType(() => 0), canceled: 0, flowDays: [], activeMs: 0, flowMs: 0 };
    return {
      period: period.label,
      velocity: { total: sum(a.velocity), byType: a.velocity },
      distribution: shares(a.velocity),
      flowTime: summarize(a.flowDays),
      flowEfficiency: ratioOfSums(a.activeMs, a.flowMs),
      canceled: a.canceled,
      load: loadPerSample[period.endSample] ?? 0,
    };
  });
}

export function targetsOf(
  targets: Readonly<Partial<Record<FlowType, TargetBand>>>,
  completed: ByType<number>,
  inProgress: ByType<number>,
): TargetStatus[] {
  const out: TargetStatus[] = [];
  for (const type of FLOW_TYPES) {
    const band = targets[type];
    if (band === undefined || (band.min === null && band.max === null)) continue;
    const actual = completed[type];
    const status = bandStatus(band, actual);
    out.push({ type, min: band.min, max: band.max, actual, status, actualInProgress: inProgress[type] });
  }
  return out;
}
