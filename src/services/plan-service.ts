import type {
  AddToSprintResult,
  BoardsView,
  PlannedMixView,
  PlanSelection,
  PlanView,
  SprintRef,
} from '../contract-plan';
import { Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { plannedMix, type PlannedEntry } from '../domain/planned-mix';
import { DEFAULT_SETTINGS } from '../domain/settings';
import {
  backlogIssues,
  listBoards as listJiraBoards,
  listSprints,
  moveToSprint,
  sprintIssues,
  workItemSprints,
  type BoardIssue,
} from '../jira/agile-api';
import type { JiraBoard, JiraSprint } from '../jira/agile-schemas';
import { JiraError, type JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import {
  boardRefOf,
  sprintNotFound,
  readBoard,
  readSprint,
  rulesOfSpaces,
  spaceKeysOf,
  sprintRefOf,
  type ReadBoard,
  type SpaceRules,
} from './board-read';
import { planAgreements } from './plan-agreements';
import { itemView } from './plan-item-view';
import { spacesByKey, visibleSpace, workItemNotFound } from './space-access';
import type { CacheContext } from './window-read';

/**
 * The planned mix at planning (docs/planning.md): what a sprint (or a Kanban backlog's next work
 * items) holds, by flow type, against the team's bands, and the agreements whose repayment could
 * still join it; and "add to sprint", as the person, through Jira, one click at a time.
 */

/** A sprint of more work items than this is read to this many, in rank order, and says so. */
export const MAX_PLAN_ITEMS = 2000;
/** A Kanban plan's next work items: 20 unless asked, at most 200. */
export const DEFAULT_NEXT = 20;

export async function listBoards(jira: JiraClient, projectKey: string): Promise<BoardsView> {
  const space = await visibleSpace(jira, projectKey);
  let listed: JiraBoard[];
  try {
    listed = await listJiraBoards(jira, space.id);
  } catch (e) {
    // The space is visible: a 404 here is a site without Jira Software, which has no boards.
    if (e instanceof JiraError && e.status === 404) listed = [];
    else throw e;
  }
  // Jira lists every board whose filter names the space, some kept in spaces the person may not
  // browse: those are not theirs to see here (docs/planning.md#who-sees-what).
  const located = [
    ...new Set(listed.flatMap((b) => (b.location?.projectKey === undefined ? [] : [b.location.projectKey]))),
  ];
  const browsable = new Set((await spacesByKey(jira, located)).map((s) => s.key.toUpperCase()));
  const boards = listed.filter(
    (b) => b.location?.projectKey === undefined || browsable.has(b.location.projectKey.toUpperCase()),
  );
  // The board a team plans on first: Jira lists a space's boards by id, old ones too (a space
  // keeps the board of a team long gone). A scrum board with a sprint running or planned comes
  // first, then the other scrum boards, then Kanban, so that a page's default is the live one.
  const open = await Promise.all(
    boards.map(async (b) =>
      b.type === 'scrum' ? (await listSprints(jira, b.id, ['active', 'future'], 1)).length > 0 : false,
    ),
  );
  const rank = (i: number): number => (open[i] === true ? 0 : boards[i]?.type === 'scrum' ? 1 : 2);
  const order = boards.map((_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
  return {
    projectKey: space.key,
    boards: order.flatMap((i) => (boards[i] === undefined ? [] : [boardRefOf(boards[i])])),
  };
}

export interface PlanRequest {
  readonly boardId: number;
  readonly sprintId?: number | undefined;
  readonly next?: number | undefined;
}

/**
 * A board's open sprints; null for a team-managed board whose sprints are turned off, which Jira
 * answers 400 as it does a Kanban board ("The board does not support sprints"): it plans from its
 * backlog.
 */
export async function openSprintsIfAny(jira: JiraClient, board: ReadBoard): Promise<JiraSprint[] | null> {
  try {
    return await listSprints(jira, board.board.id, ['active', 'future']);
  } catch (e) {
    if (board.ref.type === 'simple' && e instanceof JiraError && e.status === 400) return null;
    throw e;
  }
}

/**
 * A sprint named for this board's plan: one of its open sprints, or one that started from it (a
 * closed one too, for the history). A sprint of another board is judged against another team's
 * band and moved into on another's board: NOT_FOUND, as for a sprint the person may not see.
 */
function boardSprint(board: ReadBoard, open: readonly JiraSprint[], sprint: JiraSprint): JiraSprint {
  if (open.some((s) => s.id === sprint.id) || sprint.originBoardId === board.board.id) {
    if (sprint.state === 'closed')
      throw new DomainError(
        'INVALID_INPUT',
        `${sprint.name} is closed: what it planned and completed is under Closed sprints.`,
      );
    return sprint;
  }
  throw sprintNotFound(sprint.id);
}

/** Active sprints first, then future ones, each in the order Jira lists them. */
function openSprintsOf(sprints: readonly JiraSprint[]): JiraSprint[] {
  return [...sprints.filter((s) => s.state === 'active'), ...sprints.filter((s) => s.state === 'future')];
}

/** Each work item with its own space's rules; one of a space the person may not browse is left out. */
export function entriesOf(
  issues: readonly BoardIssue[],
  rules: ReadonlyMap<string, SpaceRules>,
): PlannedEntry[] {
  const out: PlannedEntry[] = [];
  for (const i of issues) {
    const item = toWorkItem(i.issue);
    const own = rules.get((item.projectKey ?? '').toUpperCase());
    if (own !== undefined) out.push({ item, estimate: i.estimate, context: own.context });
  }
  return out;
}

interface Planned {
  readonly selection: PlanSelection | null;
  readonly issues: readonly BoardIssue[];
  readonly sprints: readonly JiraSprint[];
  readonly sprint: JiraSprint | null;
}

async function whatIsPlanned(
  jira: JiraClient,
  board: ReadBoard,
  request: PlanRequest,
  known?: JiraSprint[] | null,
): Promise<Planned> {
  // An add has read the board's open sprints already, for its checks.
  const open =
    known !== undefined ? known : board.ref.type === 'kanban' ? null : await openSprintsIfAny(jira, board);
  if (open === null) {
    const next = request.next ?? DEFAULT_NEXT;
    const issues = await backlogIssues(jira, board.board.id, board.fields, next);
    return { selection: { kind: 'backlog', next }, issues, sprints: [], sprint: null };
  }
  const sprints = openSprintsOf(open);
  const sprint =
    request.sprintId !== undefined
      ? boardSprint(board, sprints, await readSprint(jira, request.sprintId))
      : (sprints.find((s) => s.state === 'future') ?? sprints[0] ?? null);
  if (sprint === null) return { selection: null, issues: [], sprints, sprint: null };
  const issues = await sprintIssues(jira, sprint.id, board.fields, MAX_PLAN_ITEMS + 1);
  return { selection: null, issues, sprints, sprint };
}

export async function getPlan(
  jira: JiraClient,
  cache: CacheContext,
  request: PlanRequest,
  now: number,
): Promise<PlanView> {
  return planOf(jira, cache, await readBoard(jira, request.boardId), request, now);
}

/** The plan of a board already read (an add reads it once, for its checks and for its answer). */
async function planOf(
  jira: JiraClient,
  cache: CacheContext,
  board: ReadBoard,
  request: PlanRequest,
  now: number,
  openSprints?: JiraSprint[] | null,
): Promise<PlanView> {
  const planned = await whatIsPlanned(jira, board, request, openSprints);
  const truncated = planned.issues.length > MAX_PLAN_ITEMS;
  const issues = planned.issues.slice(0, MAX_PLAN_ITEMS);
  const rules = await rulesOfSpaces(jira, cache.store, spaceKeysOf(board, issues), now);
  const home = board.ref.spaceKey === null ? undefined : rules.get(board.ref.spaceKey.toUpperCase());
  const settings = home?.settings ?? DEFAULT_SETTINGS;
  const zone = new Zone(settings.timeZone);
  const mix = plannedMix(entriesOf(issues, rules), settings.targets, {
    at: now,
    estimated: board.fields.estimateField !== null,
  });
  const sprintRef = planned.sprint === null ? null : sprintRefOf(planned.sprint, zone);
  const selection: PlanSelection | null =
    planned.selection ?? (sprintRef === null ? null : { kind: 'sprint', sprint: sprintRef });
  const mixView: PlannedMixView = {
    counts: mix.counts,
    estimates:
      mix.estimates === null || board.estimateName === null
        ? null
        : { ...mix.estimates, field: board.estimateName },
    targets: mix.targets,
    items: mix.rows.map(itemView),
    notFlowItems: mix.notFlowItems,
    truncated,
  };
  const agreements =
    home === undefined || selection === null
      ? []
      : await planAgreements(jira, {
          board,
          home,
          planned: new Set(issues.map((i) => i.issue.key)),
          until: planned.sprint?.endDate ?? now + 14 * 86_400_000,
          now,
          rulesOf: async (keys) => {
            const missing = keys.filter((k) => !rules.has(k.toUpperCase()));
            if (missing.length === 0) return rules;
            return new Map([...rules, ...(await rulesOfSpaces(jira, cache.store, missing, now))]);
          },
        });
  return {
    board: board.ref,
    sprints: planned.sprints.map((s) => sprintRefOf(s, zone)),
    selection,
    mix: mixView,
    agreements,
    targetsAgreed: home?.saved ?? false,
    timeZone: settings.timeZone,
  };
}

export interface AddToSprintRequest {
  readonly boardId: number;
  readonly sprintId: number;
  readonly issueKey: string;
  /**
   * The open sprint the planner saw the work item in (null: the backlog). If another planner has
   * moved it since, nothing is moved and the answer says where it is now.
   */
  readonly fromSprintId: number | null;
}

/**
 * Adds one work item to an open sprint as the person (docs/planning.md#add-to-sprint). The work
 * item is read first: already in the sprint, nothing is written and the answer says so; moved by
 * someone else since the planner saw it, nothing is written and CONFLICT names where it is; else
 * Jira moves it, refusing what the person may not edit. The answer is the plan as it now stands.
 */
export async function addToSprint(
  jira: JiraClient,
  cache: CacheContext,
  request: AddToSprintRequest,
  now: number,
): Promise<AddToSprintResult> {
  const board = await readBoard(jira, request.boardId);
  const found = await readSprint(jira, request.sprintId);
  if (found.state === 'closed')
    throw new DomainError('INVALID_INPUT', `${found.name} is closed: work items cannot be added to it.`);
  const open = board.ref.type === 'kanban' ? null : await openSprintsIfAny(jira, board);
  const sprint = boardSprint(board, openSprintsOf(open ?? []), found);
  const current = await openSprintOf(jira, board, request.issueKey);
  let outcome: AddToSprintResult['outcome'] = 'added';
  if (current?.id === sprint.id) outcome = 'already-there';
  else if ((current?.id ?? null) !== request.fromSprintId) {
    throw new DomainError(
      'CONFLICT',
      current === null
        ? `${request.issueKey} was moved to the backlog since this plan was shown; nothing was moved. Look again before adding it.`
        : `${request.issueKey} is now in ${current.name}, moved since this plan was shown; nothing was moved. Look again before adding it.`,
    );
  } else {
    try {
      await moveToSprint(jira, sprint.id, [request.issueKey]);
    } catch (e) {
      if (e instanceof JiraError && e.status === 403)
        throw new DomainError(
          'NOT_PERMITTED',
          `You may not schedule ${request.issueKey} in Jira (it takes the permission to edit and schedule work items); nothing was moved.`,
        );
      // Jira refuses a work item it cannot put in a sprint (a sub-task, one it cannot find).
      if (e instanceof JiraError && e.status === 400)
        throw new DomainError(
          'INVALID_INPUT',
          `Jira did not put ${request.issueKey} in ${sprint.name} (a sub-task moves with its parent; a work item of another site or space cannot join); nothing was moved.`,
        );
      throw e;
    }
  }
  const plan = await planOf(jira, cache, board, { boardId: board.board.id, sprintId: sprint.id }, now, open);
  const zone = new Zone(plan.timeZone);
  return { outcome, issueKey: request.issueKey, sprint: sprintRefOf(sprint, zone), plan };
}

/** The open sprint a work item is in now, as the person sees it; NOT_FOUND when they may not see it. */
async function openSprintOf(
  jira: JiraClient,
  board: ReadBoard,
  issueKey: string,
): Promise<{ readonly id: number; readonly name: string } | null> {
  const sprints = await workItemSprints(jira, issueKey, board.fields);
  if (sprints === null) throw workItemNotFound(issueKey);
  return sprints.find((s) => s.state === 'active' || s.state === 'future') ?? null;
}

export type { SprintRef };
