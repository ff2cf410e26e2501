import type { Classification } from './classify';
import type { FlowContext } from './flow-context';
import type { ByType } from './flow-report';
import { analyzeItem } from './flow-report';
import type { TargetBand } from './settings';
import { bandStatus, itemsToBand, type BandStatus } from './target-band';
import { FLOW_TYPES, type FlowType, type Instant, type WorkItem } from './types';
import { doneAt } from './timeline';

/**
 * The planned mix (docs/planning.md#the-planned-mix): the work items of a sprint, or the next
 * ranked items of a Kanban backlog, each classified by its own space's rules, counted by flow type
 * and, where the board estimates, weighed by its estimate, against the team's bands. The band is
 * judged on the count of work items, as the completed mix is (flow velocity counts items); the
 * estimate-weighted share is shown beside it, and says so.
 */

export interface PlannedEntry {
  readonly item: WorkItem;
  /** The board's estimate of the work item; null where it has none or the board does not estimate. */
  readonly estimate: number | null;
  /** The flow context of the work item's own space. */
  readonly context: FlowContext;
}

export interface PlannedRow {
  readonly item: WorkItem;
  readonly classification: Classification;
  readonly estimate: number | null;
  /** Already done (an active sprint's finished work still counts in what was planned). */
  readonly done: boolean;
}

export interface MixCounts {
  readonly total: number;
  readonly byType: ByType<number>;
}

export interface PlannedTarget {
  readonly type: FlowType;
  readonly min: number | null;
  readonly max: number | null;
  /** The type's share of the counted work items, 0 when nothing is planned. */
  readonly actual: number;
  /** Null when nothing is planned: an empty plan says nothing about its mix. */
  readonly status: BandStatus | null;
  /** Work items of the type to add (below) or take out (above) to be within the band. */
  readonly gap: { readonly action: 'add' | 'remove'; readonly items: number } | null;
}

export interface PlannedMix {
  /** Flow items, in the order given (rank order). */
  readonly rows: readonly PlannedRow[];
  readonly counts: MixCounts;
  /** Sums of estimates, where the board estimates; `unestimated` counts rows without one. */
  readonly estimates: (MixCounts & { readonly unestimated: number }) | null;
  readonly targets: readonly PlannedTarget[];
  /** Work items left out: at another level than the space's flow items (sub-tasks, epics). */
  readonly notFlowItems: number;
}

export function emptyByType(): Record<FlowType, number> {
  return { feature: 0, defect: 0, risk: 0, debt: 0 };
}

/** Counts of classified rows by flow type. */
export function countMix(rows: readonly { readonly classification: Classification }[]): MixCounts {
  const byType = emptyByType();
  for (const row of rows) byType[row.classification.type]++;
  return { total: rows.length, byType };
}

/** The flow items among `entries`, classified, with whether each is done at `at`. */
export function classifyEntries(
  entries: readonly PlannedEntry[],
  at: Instant,
): { readonly rows: PlannedRow[]; readonly notFlowItems: number } {
  const rows: PlannedRow[] = [];
  let notFlowItems = 0;
  for (const entry of entries) {
    const analysis = analyzeItem(entry.item, entry.context);
    if (!analysis.isFlowItem) {
      notFlowItems++;
      continue;
    }
    rows.push({
      item: entry.item,
      classification: analysis.classification,
      estimate: entry.estimate,
      done: doneAt(analysis.timeline, at),
    });
  }
  return { rows, notFlowItems };
}

/** Each band's standing and gap for these counts. */
export function plannedTargets(
  targets: Readonly<Partial<Record<FlowType, TargetBand>>>,
  counts: MixCounts,
): PlannedTarget[] {
  const out: PlannedTarget[] = [];
  for (const type of FLOW_TYPES) {
    const band = targets[type];
    if (band === undefined || (band.min === null && band.max === null)) continue;
    const count = counts.byType[type];
    const actual = counts.total === 0 ? 0 : count / counts.total;
    out.push({
      type,
      min: band.min,
      max: band.max,
      actual,
      status: counts.total === 0 ? null : bandStatus(band, actual),
      gap: counts.total === 0 ? null : itemsToBand(band, count, counts.total),
    });
  }
  return out;
}

/**
 * The planned mix of `entries` as it stands at `at`, against `targets` (the bands of the board's
 * own space, whose team plans the work). `estimated` says whether the board estimates at all.
 */
export function plannedMix(
  entries: readonly PlannedEntry[],
  targets: Readonly<Partial<Record<FlowType, TargetBand>>>,
  options: { readonly at: Instant; readonly estimated: boolean },
): PlannedMix {
  const { rows, notFlowItems } = classifyEntries(entries, options.at);
  const counts = countMix(rows);
  let estimates: PlannedMix['estimates'] = null;
  if (options.estimated) {
    const byType = emptyByType();
    let total = 0;
    let unestimated = 0;
    for (const row of rows) {
      if (row.estimate === null) {
        unestimated++;
        continue;
      }
      byType[row.classification.type] += row.estimate;
      total += row.estimate;
    }
    estimates = { total, byType, unestimated };
  }
  return { rows, counts, estimates, targets: plannedTargets(targets, counts), notFlowItems };
}
