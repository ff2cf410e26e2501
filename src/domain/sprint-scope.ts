import type { FlowContext } from './flow-context';
import { analyzeItem } from './flow-report';
import { countMix, type MixCounts, type PlannedRow } from './planned-mix';
import { doneAt } from './timeline';
import type { Instant, WorkItem } from './types';

/**
 * What a closed sprint planned and what it completed (docs/planning.md#closed-sprints), as Jira's
 * sprint report reconstructs its scope: a work item was planned when it was in the sprint at the
 * sprint's start, added when it joined after the start, removed when it left before the sprint
 * was completed; it was completed when it was in the sprint at completion and done then, by the
 * space's own flow rules (a canceled one is not completed). Membership over time comes from the
 * Sprint field's changelog; no work item was in a sprint before it was created, and one whose
 * history holds no Sprint change has been in its sprints since it was created (Jira records no
 * change for a value set at creation). Where the data holds no history at all, only the final
 * membership is known: a member created before the start counts as planned, one created after as
 * added, and nothing is known of what was removed; the scope says so.
 */

/** One change of a work item's Sprint field: the sprint ids before and after. */
export interface SprintChange {
  readonly at: Instant;
  readonly from: readonly number[];
  readonly to: readonly number[];
}

export interface SprintMember {
  readonly item: WorkItem;
  /** The Sprint field now: every sprint the work item is or was in. */
  readonly sprintIds: readonly number[];
  /**
   * Its Sprint field's changes, oldest first: empty when its history holds none; null where the
   * data holds no history at all for it (an import), so that its moves cannot be known.
   */
  readonly changes: readonly SprintChange[] | null;
  readonly context: FlowContext;
}

export interface ClosedSprintWindow {
  readonly id: number;
  readonly start: Instant;
  readonly complete: Instant;
}

export interface ClosedSprintScope {
  /** `changelog`: scope changes are known; `final-membership`: they are not. */
  readonly source: 'changelog' | 'final-membership';
  readonly planned: readonly PlannedRow[];
  readonly added: readonly PlannedRow[];
  readonly removed: readonly PlannedRow[];
  readonly completed: readonly PlannedRow[];
  /** In the sprint at its completion and not completed (carried over, or left). */
  readonly notCompleted: readonly PlannedRow[];
  readonly plannedMix: MixCounts;
  readonly completedMix: MixCounts;
  /** Work items at another level than the space's flow items, left out of every count. */
  readonly notFlowItems: number;
}

/**
 * Whether the work item was in the sprint just after `t` (`inclusive`: changes at `t` count) or
 * just before it. Not before it was created; before its first change the field held that change's
 * `from`; with no change, it has held its value since it was created.
 */
function memberAt(member: SprintMember, sprintId: number, t: Instant, inclusive: boolean): boolean {
  if (inclusive ? t < member.item.created : t <= member.item.created) return false;
  const changes = member.changes;
  if (changes === null || changes.length === 0) return member.sprintIds.includes(sprintId);
  let held = changes[0]?.from ?? [];
  for (const change of changes) {
    if (inclusive ? change.at > t : change.at >= t) break;
    held = change.to;
  }
  return held.includes(sprintId);
}

/** Ever in the sprint between its start and its completion (changes at the start included). */
function memberDuring(member: SprintMember, sprint: ClosedSprintWindow): boolean {
  if (memberAt(member, sprint.id, sprint.start, true)) return true;
  if (member.item.created > sprint.start && member.item.created < sprint.complete) {
    // Created during the sprint: in it from then, if its first value named it.
    const first = member.changes?.[0];
    if ((first === undefined ? member.sprintIds : first.from).includes(sprint.id)) return true;
  }
  return (member.changes ?? []).some(
    (c) => c.at > sprint.start && c.at < sprint.complete && c.to.includes(sprint.id),
  );
}

export function closedSprintScope(
  sprint: ClosedSprintWindow,
  members: readonly SprintMember[],
): ClosedSprintScope {
  const known = members.every((m) => m.changes !== null);
  const planned: PlannedRow[] = [];
  const added: PlannedRow[] = [];
  const removed: PlannedRow[] = [];
  const completed: PlannedRow[] = [];
  const notCompleted: PlannedRow[] = [];
  let notFlowItems = 0;
  for (const member of members) {
    if (!memberDuring(member, sprint)) continue;
    const analysis = analyzeItem(member.item, member.context);
    if (!analysis.isFlowItem) {
      notFlowItems++;
      continue;
    }
    // Done when the sprint was completed, whatever became of it since (reopened, done again).
    const done = doneAt(analysis.timeline, sprint.complete) && !analysis.timeline.canceled;
    const row: PlannedRow = {
      item: member.item,
      classification: analysis.classification,
      estimate: null,
      done,
    };
    const atStart = memberAt(member, sprint.id, sprint.start, true);
    const atEnd = memberAt(member, sprint.id, sprint.complete, false);
    (atStart ? planned : added).push(row);
    if (!atEnd) removed.push(row);
    else (done ? completed : notCompleted).push(row);
  }
  return {
    source: known ? 'changelog' : 'final-membership',
    planned,
    added,
    removed,
    completed,
    notCompleted,
    plannedMix: countMix(planned),
    completedMix: countMix(completed),
    notFlowItems,
  };
}
