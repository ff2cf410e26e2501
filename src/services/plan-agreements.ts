import type { PlanAgreementView, RepaymentItemView } from '../contract-plan';
import { formatCivilDate, Zone } from '../domain/calendar';
import { classifyEntries } from '../domain/planned-mix';
import type { Instant } from '../domain/types';
import { boardIssues } from '../jira/agile-api';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import { listAgreements } from './agreement-register-view';
import type { ReadBoard, SpaceRules } from './board-read';
import type { CacheContext } from './window-read';

/**
 * The agreements beside a plan (docs/planning.md#the-minimum-payment-at-planning): the open
 * agreements of the board's space that are overdue, due, or due for review by the end of what is
 * planned, in the register's order, each with its repayment work items (its epic's children at the
 * flow-item level) that are not done and not yet planned. The minimum payment is made, or missed,
 * here: the moment it can still change.
 */

const OPEN_STATUSES = ['overdue', 'due-soon', 'review-due', 'on-track'] as const;
/** Repayment work items read for one plan, across its agreements. */
const MAX_REPAYMENT_ITEMS = 500;

function quote(key: string): string {
  return `"${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export async function planAgreements(
  jira: JiraClient,
  cache: CacheContext,
  plan: {
    readonly board: ReadBoard;
    readonly home: SpaceRules;
    /** Keys of the work items already planned. */
    readonly planned: ReadonlySet<string>;
    /** The end of what is planned: the sprint's end, or two weeks for a Kanban plan. */
    readonly until: Instant;
    readonly now: Instant;
  },
): Promise<PlanAgreementView[]> {
  const register = await listAgreements(
    jira,
    cache,
    { projectKeys: [plan.home.space.key], statuses: [...OPEN_STATUSES] },
    plan.now,
  );
  const lastDay = formatCivilDate(new Zone(plan.home.settings.timeZone).dayOf(plan.until));
  const chosen = register.rows.flatMap((row) => {
    const why: PlanAgreementView['why'] | null =
      row.status === 'overdue'
        ? 'overdue'
        : row.status === 'due-soon' || (row.dueDate !== null && row.dueDate <= lastDay)
          ? 'due'
          : row.status === 'review-due' || (row.nextReviewDate !== null && row.nextReviewDate <= lastDay)
            ? 'review'
            : null;
    return why === null ? [] : [{ row, why }];
  });
  if (chosen.length === 0) return [];
  const children = await boardIssues(jira, plan.board.board.id, plan.board.fields, {
    jql: `parent in (${chosen.map((c) => quote(c.row.key)).join(', ')}) AND statusCategory != Done ORDER BY key ASC`,
    limit: MAX_REPAYMENT_ITEMS,
  });
  const byEpic = new Map<string, RepaymentItemView[]>();
  for (const child of children) {
    if (plan.planned.has(child.issue.key)) continue;
    const item = toWorkItem(child.issue);
    const [row] = classifyEntries(
      [{ item, estimate: child.estimate, context: plan.home.context }],
      plan.now,
    ).rows;
    if (row === undefined || row.done || item.parentKey === null) continue;
    const open = child.sprints.find((s) => s.state === 'active' || s.state === 'future');
    const list = byEpic.get(item.parentKey) ?? [];
    list.push({
      key: item.key,
      summary: item.summary,
      spaceKey: item.projectKey ?? '',
      type: row.classification.type,
      reason: row.classification.reason,
      estimate: row.estimate,
      done: false,
      sprint: open === undefined ? null : { id: open.id, name: open.name },
    });
    byEpic.set(item.parentKey, list);
  }
  return chosen.map(({ row, why }) => ({
    key: row.key,
    summary: row.summary,
    status: row.status,
    score: row.score,
    dueDate: row.dueDate,
    nextReviewDate: row.nextReviewDate,
    why,
    items: byEpic.get(row.key) ?? [],
  }));
}
