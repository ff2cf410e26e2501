import { cleanText } from './agreement';
import type { FlowReport, TargetStatus } from './flow-report';
import type { FlowSettings, TargetBand, TrendPeriod, WorkingCalendar } from './settings';
import type { FlowType } from './types';

/**
 * A value stream: several teams' spaces seen as one (docs/value-streams.md). It names its spaces
 * by Jira's id, so that a space re-keyed stays in it; its own clock (time zone, working calendar)
 * and target mix hold for the whole stream, while each space keeps its own rules of what is a
 * Feature, a Defect, a Risk or a Debt.
 */
export interface ValueStream {
  readonly name: string;
  readonly description: string;
  /** Jira ids of the spaces, in the order the stream lists them. */
  readonly spaceIds: readonly string[];
  /** JQL that narrows every space's work items (checked as a gadget's filter is), or null. */
  readonly filter: string | null;
  readonly timeZone: string;
  readonly workingCalendar: WorkingCalendar;
  readonly trendPeriod: TrendPeriod;
  /** The stream's own target mix; empty for none. */
  readonly targets: Readonly<Partial<Record<FlowType, TargetBand>>>;
}

export const STREAM_LIMITS = {
  spaces: 50,
  name: 80,
  description: 1000,
} as const;

/** Names and descriptions are plain text: control characters go, runs of spaces stay as typed. */
export function cleanStream(stream: ValueStream): ValueStream {
  return {
    ...stream,
    name: cleanText(stream.name),
    description: cleanText(stream.description),
    spaceIds: [...new Set(stream.spaceIds)],
  };
}

/**
 * The settings a stream's report is computed with: the stream's clock and targets; each space's
 * rules come in through `underReportClock` (src/domain/flow-report.ts).
 */
export function streamSettings(stream: ValueStream, base: FlowSettings): FlowSettings {
  return {
    ...base,
    timeZone: stream.timeZone,
    workingCalendar: stream.workingCalendar,
    trendPeriod: stream.trendPeriod,
    targets: stream.targets,
  };
}

/**
 * A team's settings within the stream: its own rules and its own debt band, on the stream's clock,
 * so that its figures sit side by side with the others' over the same days.
 */
export function teamSettings(
  space: FlowSettings,
  stream: ValueStream,
  trendPeriod: TrendPeriod,
): FlowSettings {
  return {
    ...space,
    timeZone: stream.timeZone,
    workingCalendar: stream.workingCalendar,
    trendPeriod,
  };
}

/** One team's figures, side by side with the others' (docs/value-streams.md#side-by-side). */
export interface TeamFigures {
  readonly velocity: FlowReport['velocity'];
  readonly distribution: FlowReport['distribution']['completed'];
  readonly flowTime: { readonly p50: number | null; readonly p85: number | null; readonly count: number };
  readonly flowEfficiency: number | null;
  readonly load: { readonly dailyAverage: number; readonly atAsOf: number };
  readonly canceled: number;
  /** The debt share against the team's own band, when it has one. */
  readonly debt: TargetStatus | null;
}

export function teamFigures(report: FlowReport): TeamFigures {
  return {
    velocity: report.velocity,
    distribution: report.distribution.completed,
    flowTime: { p50: report.flowTime.p50, p85: report.flowTime.p85, count: report.flowTime.count },
    flowEfficiency: report.flowEfficiency.overall,
    load: { dailyAverage: report.load.dailyAverage, atAsOf: report.load.atAsOf },
    canceled: report.canceled,
    debt: report.targets.find((t) => t.type === 'debt') ?? null,
  };
}
