import type { ClosedSprintView, SprintHistoryView, SprintLedgerRow } from '../contract-plan';
import { formatCivilDate, Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { ledgerOf } from '../domain/minimum-payments';
import { DEFAULT_SETTINGS } from '../domain/settings';
import { closedSprintScope, type SprintMember } from '../domain/sprint-scope';
import { sprintChangesOf } from '../jira/sprint-changes';
import { boardIssues, listSprints, sprintIssues, type BoardIssue } from '../jira/agile-api';
import type { JiraSprint } from '../jira/agile-schemas';
import { JiraError, type JiraClient } from '../jira/jira-client';
import { bulkChangelogs } from '../jira/jira-search';
import { toWorkItem } from '../jira/issue-mapper';
import type { JiraChangeHistory } from '../jira/schemas';
import { readBoard, rulesOfSpaces, spaceKeysOf, sprintRefOf, type ReadBoard } from './board-read';
import { itemView } from './plan-item-view';
import { MAX_PLAN_ITEMS } from './plan-service';
import type { CacheContext } from './window-read';

/**
 * What a board's closed sprints planned and completed (docs/planning.md#closed-sprints), and the
 * minimum payments sprint by sprint, planned beside completed: whether a team plans its payments
 * and then drops them. Membership over time is read from the Sprint field's changelog: the
 * sprints' work items now, and the board's work items changed since the oldest sprint started
 * (a work item taken out of a sprint no longer names it, and only its history does).
 */

export const DEFAULT_CLOSED_SPRINTS = 6;

export interface SprintHistoryRequest {
  readonly boardId: number;
  readonly sprints?: number | undefined;
}

/** The candidates of the sprints' scope, read as the person, once each. */
async function readCandidates(
  jira: JiraClient,
  board: ReadBoard,
  sprints: readonly JiraSprint[],
  zone: Zone,
): Promise<{ readonly candidates: BoardIssue[]; readonly truncated: boolean }> {
  const starts = sprints.map((s) => s.startDate ?? Infinity);
  const oldest = Math.min(...starts);
  // One more than is read: a list that fills it was cut, and the answer says so.
  const limit = MAX_PLAN_ITEMS + 1;
  const lists = await Promise.all([
    ...sprints.map((s) => sprintIssues(jira, s.id, board.fields, limit)),
    Number.isFinite(oldest)
      ? boardIssues(jira, board.board.id, board.fields, {
          // A day of margin: Jira reads JQL dates in the person's own time zone.
          // Newest first: if a busy board holds more than one read takes, the oldest are left.
          jql: `updated >= "${formatCivilDate(zone.dayOf(oldest) - 1)}" ORDER BY updated DESC`,
          limit,
        })
      : Promise.resolve([]),
  ]);
  const byId = new Map<string, BoardIssue>();
  for (const list of lists) for (const i of list.slice(0, MAX_PLAN_ITEMS)) byId.set(i.issue.id, i);
  return { candidates: [...byId.values()], truncated: lists.some((l) => l.length > MAX_PLAN_ITEMS) };
}

export async function getSprintHistory(
  jira: JiraClient,
  cache: CacheContext,
  request: SprintHistoryRequest,
  now: number,
): Promise<SprintHistoryView> {
  const board = await readBoard(jira, request.boardId);
  const noSprints = new DomainError(
    'INVALID_INPUT',
    `${board.ref.name} has no sprints: it plans from its backlog.`,
  );
  if (board.ref.type === 'kanban') throw noSprints;
  let all;
  try {
    all = await listSprints(jira, board.board.id, ['closed']);
  } catch (e) {
    // A team-managed board with its sprints turned off: Jira answers 400, as for a Kanban board.
    if (board.ref.type === 'simple' && e instanceof JiraError && e.status === 400) throw noSprints;
    throw e;
  }
  const closed = all.filter((s) => s.startDate !== null);
  const shown = closed.slice(-(request.sprints ?? DEFAULT_CLOSED_SPRINTS)).reverse();
  const sprintField = board.fields.sprintField;
  const firstRules = await rulesOfSpaces(jira, cache.store, spaceKeysOf(board, []), now);
  const homeKey = board.ref.spaceKey?.toUpperCase();
  const homeSettings =
    (homeKey === undefined ? undefined : firstRules.get(homeKey))?.settings ?? DEFAULT_SETTINGS;
  const zone = new Zone(homeSettings.timeZone);
  const { candidates, truncated } =
    sprintField === null
      ? { candidates: [], truncated: false }
      : await readCandidates(jira, board, shown, zone);
  const [histories, rules] = await Promise.all([
    candidates.length === 0 || sprintField === null
      ? Promise.resolve(new Map<string, JiraChangeHistory[]>())
      : bulkChangelogs(
          jira,
          candidates.map((c) => c.issue.id),
          ['status', sprintField],
        ),
    // The home space's rules are read already.
    rulesOfSpaces(
      jira,
      cache.store,
      spaceKeysOf(board, candidates).filter((k) => !firstRules.has(k)),
      now,
    ).then((more) => new Map([...firstRules, ...more])),
  ]);
  const members: SprintMember[] = [];
  for (const c of candidates) {
    const log = histories.get(c.issue.id) ?? [];
    const item = toWorkItem({ ...c.issue, changelog: { histories: log } });
    const own = rules.get((item.projectKey ?? '').toUpperCase());
    if (own === undefined) continue;
    const changes = sprintField === null ? [] : sprintChangesOf(log, sprintField);
    members.push({
      item,
      sprintIds: c.sprints.map((s) => s.id),
      // No history at all: an import (the Appcelerator archive's work items), whose moves are
      // unknown. History without a Sprint change: in its sprints since it was created.
      changes: log.length === 0 ? null : changes,
      context: own.context,
    });
  }
  const views: ClosedSprintView[] = shown.map((sprint) => {
    const mine = members.filter(
      (m) =>
        m.sprintIds.includes(sprint.id) ||
        (m.changes ?? []).some((c) => c.from.includes(sprint.id) || c.to.includes(sprint.id)),
    );
    const scope = closedSprintScope(
      { id: sprint.id, start: sprint.startDate ?? 0, complete: sprint.completeDate ?? sprint.endDate ?? now },
      mine,
    );
    const completedKeys = new Set(scope.completed.map((r) => r.item.key));
    return {
      sprint: sprintRefOf(sprint, zone),
      source: scope.source,
      planned: scope.plannedMix,
      completed: scope.completedMix,
      added: scope.added.length,
      removed: scope.removed.length,
      notCompleted: scope.notCompleted.length,
      debtNotDone: scope.planned
        .filter((r) => r.classification.type === 'debt' && !completedKeys.has(r.item.key))
        .map(itemView),
      notFlowItems: scope.notFlowItems,
    };
  });
  const minimum = homeSettings.targets.debt?.min ?? null;
  let ledger: SprintHistoryView['ledger'] = null;
  if (minimum !== null) {
    const oldestFirst = [...views].reverse();
    const planned = ledgerOf(
      minimum,
      oldestFirst.map((v) => ({
        period: v.sprint.name,
        completed: v.planned.total,
        debt: v.planned.byType.debt,
      })),
    );
    const completed = ledgerOf(
      minimum,
      oldestFirst.map((v) => ({
        period: v.sprint.name,
        completed: v.completed.total,
        debt: v.completed.byType.debt,
      })),
    );
    const rows: SprintLedgerRow[] = oldestFirst.flatMap((v, i) => {
      const p = planned.periods[i];
      const c = completed.periods[i];
      return p === undefined || c === undefined
        ? []
        : [
            {
              sprintId: v.sprint.id,
              sprintName: v.sprint.name,
              planned: { share: p.share, payment: p.payment },
              completed: { share: c.share, payment: c.payment },
            },
          ];
    });
    ledger = { minimum, rows: rows.reverse() };
  }
  const home = homeKey === undefined ? undefined : rules.get(homeKey);
  return {
    board: board.ref,
    sprints: views,
    truncated,
    ledger,
    targetsAgreed: home?.saved ?? false,
    timeZone: homeSettings.timeZone,
  };
}
