import type { PlanAgreementView, RepaymentItemView } from '../contract-plan';
import { formatCivilDate, Zone } from '../domain/calendar';
import { classifyEntries } from '../domain/planned-mix';
import type { Instant } from '../domain/types';
import type { AgreementStatus } from '../domain/agreement';
import { rankRegister, type RankedFields } from '../domain/agreement-register';
import { readAgreement } from '../domain/agreement-status';
import { boardIssues } from '../jira/agile-api';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { searchIssues } from '../jira/jira-search';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import { registerJql } from './agreement-register-view';
import { agreementOf } from './agreement-store';
import type { ReadBoard, SpaceRules } from './board-read';
import { itemView } from './plan-item-view';

/**
 * The agreements beside a plan (docs/planning.md#the-minimum-payment-at-planning): the open
 * agreements of the board's space that are overdue, due, or due for review by the end of what is
 * planned, in the register's order, each with its repayment work items (its epic's children at the
 * flow-item level) that are not done and not yet planned. The minimum payment is made, or missed,
 * here: the moment it can still change.
 */

const OPEN_STATUSES: ReadonlySet<AgreementStatus> = new Set([
  'overdue',
  'due-soon',
  'review-due',
  'on-track',
]);
/** Repayment work items read for one plan, across its agreements. */
const MAX_REPAYMENT_ITEMS = 500;

function quote(key: string): string {
  return `"${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

interface OpenAgreement extends RankedFields {
  readonly summary: string;
  readonly nextReviewDate: string | null;
}

/**
 * The space's open agreements, ranked as the register ranks them, read from the epics alone: a
 * plan needs their status, dates and rank, not the register's interest evidence, forecasts and
 * ledger, whose twelve weeks of the space's work would cost a plan about 160 storage units.
 */
async function openAgreements(
  jira: JiraClient,
  projectKey: string,
  zone: Zone,
  now: Instant,
): Promise<OpenAgreement[]> {
  const epics = (
    await searchIssues(jira, { jql: registerJql([projectKey]), properties: [AGREEMENT_PROPERTY_KEY] })
  )
    .map(agreementOf)
    .filter((e) => toWorkItem(e.issue).issueType.hierarchyLevel === 1);
  const rows: OpenAgreement[] = [];
  for (const epic of epics) {
    const reading = readAgreement(epic.stored, epic.hasLabel, zone, now);
    const a = epic.stored.kind === 'agreement' ? epic.stored.agreement : null;
    if (reading === null || a === null || !OPEN_STATUSES.has(reading.status)) continue;
    rows.push({
      key: epic.issue.key,
      summary: epic.issue.fields.summary ?? '',
      status: reading.status,
      interest: a.interest,
      visibility: a.visibility,
      score: a.score,
      dueDate: a.dueDate,
      nextReviewDate: a.nextReviewDate,
    });
  }
  return rankRegister(rows);
}

export async function planAgreements(
  jira: JiraClient,
  plan: {
    readonly board: ReadBoard;
    readonly home: SpaceRules;
    /** Keys of the work items already planned. */
    readonly planned: ReadonlySet<string>;
    /** The end of what is planned: the sprint's end, or two weeks for a Kanban plan. */
    readonly until: Instant;
    readonly now: Instant;
    /** The flow rules of the spaces named, as the person may browse them. */
    readonly rulesOf: (keys: readonly string[]) => Promise<ReadonlyMap<string, SpaceRules>>;
  },
): Promise<PlanAgreementView[]> {
  const zone = new Zone(plan.home.settings.timeZone);
  const lastDay = formatCivilDate(zone.dayOf(plan.until));
  const chosen = (await openAgreements(jira, plan.home.space.key, zone, plan.now)).flatMap((row) => {
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
  // Done or not is the space's flow rules' to say, not the status category's: no JQL on it.
  const children = (
    await boardIssues(jira, plan.board.board.id, plan.board.fields, {
      jql: `parent in (${chosen.map((c) => quote(c.row.key)).join(', ')}) ORDER BY key ASC`,
      limit: MAX_REPAYMENT_ITEMS,
    })
  ).filter((c) => !plan.planned.has(c.issue.key));
  // Each by its own space's rules: an epic's children may live in other spaces.
  const rules = await plan.rulesOf(children.map((c) => toWorkItem(c.issue).projectKey ?? ''));
  const byEpic = new Map<string, RepaymentItemView[]>();
  for (const child of children) {
    const item = toWorkItem(child.issue);
    const own = rules.get((item.projectKey ?? '').toUpperCase());
    if (own === undefined || item.parentKey === null) continue;
    const [row] = classifyEntries([{ item, estimate: child.estimate, context: own.context }], plan.now).rows;
    const open = child.sprints.find((s) => s.state === 'active' || s.state === 'future');
    // Work in the running sprint is being repaid now; moving it would take it out of that sprint.
    if (row === undefined || row.done || open?.state === 'active') continue;
    const list = byEpic.get(item.parentKey) ?? [];
    list.push({ ...itemView(row), sprint: open === undefined ? null : { id: open.id, name: open.name } });
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
