import { formatCivilDate, isoWeekStart, monthStart, parseCivilDate, type CivilDay } from './calendar';
import { computeReportOfParts, type FlowReport, type ReportPart } from './flow-report';
import {
  describeBehaviour,
  latestBehaviour,
  littlesLaw,
  naturalLimits,
  type NaturalLimits,
  type Behaviour,
  type LittlesLawCheck,
  type MetricName,
} from './process-behaviour';
import type { FlowSettings, TrendPeriod } from './settings';
import { whereWorkWaitsIn, type WhereWorkWaits } from './time-in-status';

/**
 * The figures of a monthly flow review (docs/flow-metrics.md#signal-or-noise): the last complete
 * periods, each its own window computed as the project page computes one, and each metric's
 * latest change judged a signal or noise against the periods before it.
 */

export interface PeriodWindow {
  /** The period's first day, as the trend names it. */
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/** The `count` complete weeks or months before the one that holds `today`, oldest first. */
export function recentPeriods(today: CivilDay, kind: TrendPeriod, count: number): PeriodWindow[] {
  const periods: PeriodWindow[] = [];
  let end = kind === 'week' ? isoWeekStart(today) : monthStart(today);
  for (let i = 0; i < count; i++) {
    const start = kind === 'week' ? end - 7 : monthStart(end - 1);
    periods.unshift({
      label: formatCivilDate(start),
      from: formatCivilDate(start),
      to: formatCivilDate(end - 1),
    });
    end = start;
  }
  return periods;
}

export interface PeriodFigures extends PeriodWindow {
  readonly velocity: FlowReport['velocity'];
  readonly distribution: FlowReport['distribution']['completed'];
  readonly flowTime: {
    readonly p50: number | null;
    readonly p85: number | null;
    readonly mean: number | null;
  };
  readonly flowEfficiency: number | null;
  readonly averageLoad: number;
  /** Debts' share of completed work, and the band it is held against; null with nothing completed. */
  readonly debtShare: number | null;
  readonly debtBand: { readonly min: number | null; readonly max: number | null } | null;
  readonly littlesLaw: LittlesLawCheck;
}

/** A period's figures, from the report of its own window. */
export function periodFigures(period: PeriodWindow, report: FlowReport): PeriodFigures {
  const days = (parseCivilDate(period.to) ?? 0) - (parseCivilDate(period.from) ?? 0) + 1;
  const debt = report.targets.find((t) => t.type === 'debt');
  return {
    ...period,
    velocity: report.velocity,
    distribution: report.distribution.completed,
    flowTime: { p50: report.flowTime.p50, p85: report.flowTime.p85, mean: report.flowTime.mean },
    flowEfficiency: report.flowEfficiency.overall,
    averageLoad: report.load.dailyAverage,
    debtShare: report.velocity.total === 0 ? null : report.distribution.completed.debt,
    debtBand: debt === undefined ? null : { min: debt.min, max: debt.max },
    littlesLaw: littlesLaw({
      averageLoad: report.load.dailyAverage,
      completed: report.velocity.total,
      days,
      meanFlowTimeDays: report.flowTime.mean,
    }),
  };
}

export interface MetricTrend {
  readonly metric: MetricName;
  /** One value a period, oldest first; null where the period has none (no completed work). */
  readonly values: readonly (number | null)[];
  readonly behaviour: Behaviour;
  /** The natural process limits of the periods before the latest: what the latest is judged by. */
  readonly limits: NaturalLimits | null;
  /** The latest change in words that know the metric's sense. */
  readonly words: string;
}

export const REVIEW_METRICS: readonly MetricName[] = [
  'velocity',
  'flowTime',
  'flowEfficiency',
  'load',
  'debtShare',
];

const VALUE_OF: Readonly<Record<MetricName, (p: PeriodFigures) => number | null>> = {
  velocity: (p) => p.velocity.total,
  flowTime: (p) => p.flowTime.p85,
  flowEfficiency: (p) => p.flowEfficiency,
  load: (p) => p.averageLoad,
  debtShare: (p) => p.debtShare,
};

/**
 * Each metric over the periods, and its latest change judged against the periods before. A
 * period without the figure (nothing completed) is left out of the judgement rather than read as
 * 0; a latest period without it is not judged at all.
 */
export function metricTrends(periods: readonly PeriodFigures[]): MetricTrend[] {
  return REVIEW_METRICS.map((metric) => {
    const values = periods.map(VALUE_OF[metric]);
    const known = values.filter((v): v is number => v !== null);
    // A latest period without the figure is not judged, nor is an earlier one in its place.
    const behaviour: Behaviour = values.at(-1) === null ? { kind: 'no-value' } : latestBehaviour(known);
    return {
      metric,
      values,
      behaviour,
      limits: behaviour.kind === 'no-value' ? null : naturalLimits(known.slice(0, -1)),
      words: describeBehaviour(metric, behaviour),
    };
  });
}

export interface ReviewFigures {
  readonly periods: readonly PeriodFigures[];
  readonly trends: readonly MetricTrend[];
  /** Where the latest period's flow time went (docs/flow-metrics.md#where-work-waits); null without periods. */
  readonly waits: WhereWorkWaits | null;
}

/**
 * The figures a review shows for a space (one part) or a stream (one part per space): each
 * period's report over the parts, each metric's trend, and where the latest period's work waited.
 */
export function reviewFigures(
  project: string,
  windows: readonly PeriodWindow[],
  settings: FlowSettings,
  parts: readonly ReportPart[],
): ReviewFigures {
  const periods = windows.map((w) =>
    periodFigures(w, computeReportOfParts({ project, window: { from: w.from, to: w.to }, settings }, parts)),
  );
  const latest = windows.at(-1);
  return {
    periods,
    trends: metricTrends(periods),
    waits:
      latest === undefined ? null : whereWorkWaitsIn({ from: latest.from, to: latest.to }, settings, parts),
  };
}
