import type {
  PlannedMixView,
  PlannedTargetView,
  PlanView,
  SprintRef,
  ClosedSprintView,
  SprintLedgerRow,
} from '../../../../src/contract-plan';
import type { FlowType } from '../../../../src/domain/types';
import { FLOW_TYPE_ORDER, percent, plural, TYPE_LABELS, TYPE_NAMES } from '../../../common/format';

/**
 * The Plan tab's words, in one place: what a band's standing is called, the sentence that says
 * how far off a band the plan is, what the estimate line and the notes under the mix say. The
 * figures in them are written by the shared helpers (src/presentation/figure-words.ts).
 */

export type Standing = 'below' | 'within' | 'above' | 'nothing';

export const STANDING_WORDS: Readonly<
  Record<Standing, { readonly label: string; readonly appearance: 'moved' | 'success' | 'default' }>
> = {
  below: { label: 'below', appearance: 'moved' },
  within: { label: 'within', appearance: 'success' },
  above: { label: 'above', appearance: 'moved' },
  nothing: { label: 'nothing planned', appearance: 'default' },
};

export function standingOf(target: PlannedTargetView): Standing {
  return target.status ?? 'nothing';
}

/**
 * What would bring a band within, as the planner would do it: "Add 2 Debt work items to reach
 * 10%", "Take out 1 Debt work item to stay within 20%"; null when the band is met or nothing is
 * planned (an empty plan says nothing about its mix).
 */
export function gapSentence(target: PlannedTargetView): string | null {
  const { gap } = target;
  if (gap === null || gap.items <= 0) return null;
  const items = plural(gap.items, `${TYPE_NAMES[target.type]} work item`);
  if (gap.action === 'add') return `Add ${items} to reach ${percent(target.min)}.`;
  return `Take out ${items} to stay within ${percent(target.max)}.`;
}

/** A type's share of the plan's estimate sum, or null when nothing planned has an estimate. */
export function estimateShare(mix: PlannedMixView, type: FlowType): number | null {
  const e = mix.estimates;
  return e === null || e.total === 0 ? null : e.byType[type] / e.total;
}

/**
 * How the bands are judged: on the count of work items, as the completed mix is; where the board
 * estimates, the share by its field is shown beside, with the work items it cannot weigh.
 */
export function judgedLine(mix: PlannedMixView): string {
  const counted = 'Each band is judged on the count of work items, as the completed mix is.';
  const e = mix.estimates;
  if (e === null) return `${counted} This board does not estimate, so there is no share by estimate.`;
  const missing =
    e.unestimated === 0
      ? 'every work item has an estimate'
      : `${plural(e.unestimated, 'work item')} ${e.unestimated === 1 ? 'has' : 'have'} no estimate`;
  return `${counted} The share by ${e.field} is shown beside it; ${missing}.`;
}

/** The notes under the mix: whose bands they are, what was left out, what was not read. */
export function mixNotes(plan: PlanView): string[] {
  const notes: string[] = [];
  if (!plan.targetsAgreed)
    notes.push(
      "These are Flow Ledger's default bands: the team has not set its own in the space's Flow settings.",
    );
  if (plan.mix.notFlowItems > 0)
    notes.push(
      `${plural(plan.mix.notFlowItems, 'work item')} at another level than the space's flow items (sub-tasks) ${
        plan.mix.notFlowItems === 1 ? 'was' : 'were'
      } left out.`,
    );
  if (plan.mix.truncated)
    notes.push(
      `The sprint holds more work items than one plan reads: the first ${plural(plan.mix.items.length + plan.mix.notFlowItems, 'work item')} in rank order are counted.`,
    );
  return notes;
}

/** A sprint as a chooser lists it: its name, whether it is active, its dates. */
export function sprintLabel(sprint: SprintRef): string {
  const dates =
    sprint.startDate !== null || sprint.endDate !== null
      ? ` (${sprint.startDate ?? '–'} to ${sprint.endDate ?? '–'})`
      : '';
  return `${sprint.name}${sprint.state === 'active' ? ', active' : ''}${dates}`;
}

/** A closed sprint's dates: from its start to when it was completed (or was to end). */
export function closedDates(s: ClosedSprintView): string {
  return `${s.sprint.startDate ?? '–'} to ${s.sprint.completeDate ?? s.sprint.endDate ?? '–'}`;
}

/**
 * Why an agreement is beside the plan: by the end of the sprint planned, or, for a Kanban board's
 * backlog, which has no end, soon.
 */
export function whyWords(why: 'overdue' | 'due' | 'review', planned: 'sprint' | 'backlog'): string {
  const by = planned === 'sprint' ? 'by the end of the sprint' : 'soon';
  if (why === 'overdue') return 'overdue';
  return why === 'due' ? `due ${by}` : `due for review ${by}`;
}

/** What a final-membership sprint cannot tell: said once, where its table is. */
export const FINAL_MEMBERSHIP_NOTE =
  'The data has no changelog, so what these sprints held at their start is their final membership: a work item created after a sprint started was added to it, and what was removed cannot be told.';

/** What a history read short of its work items may miss: said where its table is. */
export const HISTORY_TRUNCATED_NOTE =
  "A sprint, or the board's work items changed since the oldest of these sprints started, held more than the 2,000 one read takes: the oldest were left out, so these sprints' figures may miss some of them. Ask for fewer sprints to read them whole.";

/** What an add-to-sprint wrote, in one sentence. */
export function addedSentence(outcome: 'added' | 'already-there', issueKey: string, sprint: string): string {
  return outcome === 'added' ? `${issueKey} added to ${sprint}.` : `${issueKey} was already in ${sprint}.`;
}

/** A mix of counts in words: "12 work items: Features 7, Defects 2, Debts 3"; "none" when empty. */
export function mixWords(counts: {
  readonly total: number;
  readonly byType: Readonly<Record<FlowType, number>>;
}): string {
  if (counts.total === 0) return 'none';
  const parts = FLOW_TYPE_ORDER.filter((t) => counts.byType[t] > 0).map(
    (t) => `${TYPE_LABELS[t]} ${counts.byType[t]} (${percent(counts.byType[t] / counts.total)})`,
  );
  return `${plural(counts.total, 'work item')}: ${parts.join(', ')}`;
}

/**
 * Whether the team plans its minimum payments and then drops them: the sprints whose plan made the
 * payment and whose completed work missed it.
 */
export function droppedPayments(rows: readonly SprintLedgerRow[]): string {
  const dropped = rows.filter((r) => r.planned.payment === 'made' && r.completed.payment === 'missed').length;
  const unplanned = rows.filter((r) => r.planned.payment === 'missed').length;
  return `Planned and then not made in ${dropped} of ${plural(rows.length, 'sprint')}; not planned at all in ${unplanned}.`;
}
