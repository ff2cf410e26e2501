import type { PlanItemView } from '../contract-plan';
import type { PlannedRow } from '../domain/planned-mix';

/** A classified work item as a plan shows it: the plan, a repayment and a closed sprint read it. */
export function itemView(row: PlannedRow): PlanItemView {
  return {
    key: row.item.key,
    summary: row.item.summary,
    spaceKey: row.item.projectKey ?? '',
    type: row.classification.type,
    reason: row.classification.reason,
    estimate: row.estimate,
    done: row.done,
  };
}
