import { formatCivilDate, parseCivilDate, type Zone } from './calendar';
import { computeFlowReport, type FlowReport } from './flow-report';
import { isAtFlowItemLevel } from './classify';
import type { FlowSettings } from './settings';
import type { Instant, KnownStatus, WorkItem } from './types';

/**
 * What a debt costs in flow, for the argument with data rather than opinion
 * (docs/debt-agreements.md#interest-evidence): the epic's work against the project's over the same
 * window, and, once repaid, the project before and after the repayment. Every figure is the
 * report's own.
 */

export interface FlowFigures {
  /** Completed items with a flow time. */
  readonly count: number;
  readonly flowTimeP50: number | null;
  readonly flowTimeP85: number | null;
  readonly efficiency: number | null;
}

/**
 * Where the epic's work was found: its children at the space's flow-item level (stories), or,
 * when it has none there, the sub-tasks straight under it, as some Server projects keep their work
 * (docs/debt-agreements.md#interest-evidence); none when it has neither.
 */
export type EpicWorkSource = 'children' | 'sub-tasks' | 'none';

export interface InterestEvidence {
  readonly from: string;
  readonly to: string;
  readonly epic: FlowFigures;
  /** What `epic` counted. */
  readonly epicSource: EpicWorkSource;
  readonly project: FlowFigures;
  readonly repayment: {
    readonly repaidOn: string;
    readonly before: FlowFigures & { readonly from: string; readonly to: string };
    /** Null until the first day after the repayment has passed. */
    readonly after: (FlowFigures & { readonly from: string; readonly to: string }) | null;
  } | null;
}

export const EVIDENCE_WEEKS = 12;

interface EvidenceInput {
  readonly projectKey: string;
  readonly epicChildren: readonly WorkItem[];
  readonly projectItems: readonly WorkItem[];
  readonly statuses: readonly KnownStatus[];
  readonly settings: FlowSettings;
  readonly zone: Zone;
  readonly window: { readonly from: string; readonly to: string };
  readonly now: Instant;
  /** ISO instant of the repayment, for a repaid agreement. */
  readonly repaidAt: string | null;
}

function figures(report: FlowReport): FlowFigures {
  return {
    count: report.flowTime.count,
    flowTimeP50: report.flowTime.p50,
    flowTimeP85: report.flowTime.p85,
    efficiency: report.flowEfficiency.overall,
  };
}

function figuresOf(input: EvidenceInput, items: readonly WorkItem[], from: string, to: string): FlowFigures {
  const end = input.zone.startOfDay((parseCivilDate(to) ?? 0) + 1);
  return figures(
    computeFlowReport({
      project: input.projectKey,
      items,
      statuses: input.statuses,
      window: { from, to, asOf: Math.min(end, input.now) },
      settings: input.settings,
    }),
  );
}

/**
 * The epic's work items, wherever they sit in its hierarchy: its children at the flow-item level;
 * else the sub-tasks straight under it, counted as its flow items (they carry its work there).
 */
export function epicWorkItems(
  children: readonly WorkItem[],
  settings: Pick<FlowSettings, 'flowItemLevel'>,
): { readonly items: readonly WorkItem[]; readonly source: EpicWorkSource } {
  const atLevel = children.filter((c) => isAtFlowItemLevel(c, settings));
  if (atLevel.length > 0) return { items: atLevel, source: 'children' };
  const subTasks = children.filter((c) => c.issueType.hierarchyLevel < 0);
  if (subTasks.length === 0) return { items: [], source: 'none' };
  return {
    items: subTasks.map((c) => ({
      ...c,
      issueType: { ...c.issueType, hierarchyLevel: settings.flowItemLevel },
    })),
    source: 'sub-tasks',
  };
}

export function interestEvidence(input: EvidenceInput): InterestEvidence {
  const { from, to } = input.window;
  let repayment: InterestEvidence['repayment'] = null;
  if (input.repaidAt !== null) {
    const repaidDay = input.zone.dayOf(Date.parse(input.repaidAt));
    const today = input.zone.dayOf(input.now);
    const span = EVIDENCE_WEEKS * 7;
    const before = { from: formatCivilDate(repaidDay - span), to: formatCivilDate(repaidDay - 1) };
    const afterTo = Math.min(repaidDay + span - 1, today - 1);
    repayment = {
      repaidOn: formatCivilDate(repaidDay),
      before: { ...before, ...figuresOf(input, input.projectItems, before.from, before.to) },
      after:
        afterTo < repaidDay
          ? null
          : {
              from: formatCivilDate(repaidDay),
              to: formatCivilDate(afterTo),
              ...figuresOf(input, input.projectItems, formatCivilDate(repaidDay), formatCivilDate(afterTo)),
            },
    };
  }
  const epicWork = epicWorkItems(input.epicChildren, input.settings);
  return {
    from,
    to,
    epic: figuresOf(input, epicWork.items, from, to),
    epicSource: epicWork.source,
    project: figuresOf(input, input.projectItems, from, to),
    repayment,
  };
}
