import { z } from 'zod';
import { visibleProjects } from './access';
import { compileJql } from './jql';
import { HttpError, json, noContent, parseBody, type Context, type EmulatorResponse } from './protocol';
import { issueJson, selectionOf } from './representations';
import type { SearchHost } from './search-endpoints';
import type { SiteIssue } from './site';
import { agileSprint, siteBoards, type SiteBoard, type SiteSprint } from './site-boards';
import { canBrowse, canEdit, canSeeIssue } from './users';

/**
 * Jira Software's boards and sprints (`/rest/agile/1.0`), over the boards `site-boards.ts` derives,
 * with Jira Cloud's limits:
 * - boards and a board's sprints: 50 a page, whatever `maxResults` asks (JSWCLOUD-18382: "the
 *   value set for the parameter maxResults is not taken into account if it is bigger than 50",
 *   for /board, /board/{id}/sprint, /board/{id}/project, /board/{id}/epic);
 * - a sprint's, a board's and a backlog's work items: 50 by default and 100 at most a page (the
 *   spec: "limited by the property 'jira.search.views.default.max'", which is 100 on Cloud, as
 *   the platform's offset search answered `maxResults: 100` to any larger request; Atlassian's KB
 *   "Changing maxResults parameter for Jira Cloud REST API" says the answer's maxResults is the cap);
 * - moves: at most 50 work items at once (the spec, on both move operations).
 * A board is seen by whoever may browse its location space; else, and for a board that does not
 * exist, the same 404. A sprint is seen with its board. Work items are filtered per person as search
 * filters them.
 */

const PAGE_MAX_BOARDS = 50;
const PAGE_MAX_ISSUES = 100;
const PAGE_DEFAULT = 50;
const MOVE_MAX = 50;
const NO_BOARD = 'Board does not exist or you do not have permission to see it.';
const NO_SPRINT = 'Sprint does not exist or you do not have permission to see it.';

const moveBodySchema = z.object({
  issues: z.array(z.string()),
  rankBeforeIssue: z.string().optional(),
  rankAfterIssue: z.string().optional(),
  rankCustomFieldId: z.number().int().optional(),
});

function paging(c: Context, cap: number): { startAt: number; maxResults: number } {
  const number = (name: string, fallback: number): number => {
    const raw = c.query.get(name);
    if (raw === null || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new HttpError(400, `The '${name}' parameter must be a non-negative integer.`);
    return n;
  };
  return { startAt: number('startAt', 0), maxResults: Math.min(number('maxResults', PAGE_DEFAULT), cap) };
}

function valuesPage<T>(c: Context, all: readonly T[], toJson: (t: T) => unknown): EmulatorResponse {
  const { startAt, maxResults } = paging(c, PAGE_MAX_BOARDS);
  const page = all.slice(startAt, startAt + maxResults);
  return json(200, {
    maxResults,
    startAt,
    total: all.length,
    isLast: startAt + page.length >= all.length,
    values: page.map(toJson),
  });
}

/**
 * Whether a person sees a board. In Jira it is the board's filter that decides, shared with the
 * members of the spaces it names (Jira's default for a space's board filter): whoever may browse
 * one of those spaces sees the board, its name and its location, even when its location is a
 * space they may not browse. The app must keep such a board from them (docs/planning.md#who-sees-what).
 */
function seesBoard(c: Context, board: SiteBoard): boolean {
  return board.projectKeys.some((key) => canBrowse(c.actor, key)) || canBrowse(c.actor, board.location.key);
}

function visibleBoard(host: SearchHost, c: Context): SiteBoard {
  const id = Number(c.params[0]);
  const board = Number.isInteger(id) ? siteBoards(host.site).board(id) : undefined;
  if (board === undefined || !seesBoard(c, board)) throw new HttpError(404, NO_BOARD);
  return board;
}

function visibleSprint(host: SearchHost, c: Context): SiteSprint {
  const boards = siteBoards(host.site);
  const sprint = boards.sprints.get(Number(c.params[0]));
  const board = sprint === undefined ? undefined : boards.board(sprint.boardId);
  if (sprint === undefined || board === undefined || !seesBoard(c, board))
    throw new HttpError(404, NO_SPRINT);
  return sprint;
}

function boardJson(base: string, b: SiteBoard): Record<string, unknown> {
  const p = b.location;
  const projectId = Number(p.id);
  return {
    id: b.id,
    self: `${base}/rest/agile/1.0/board/${b.id}`,
    name: b.name,
    type: b.type,
    location: {
      ...(Number.isInteger(projectId) ? { projectId } : {}),
      displayName: `${p.name} (${p.key})`,
      projectName: p.name,
      projectKey: p.key,
      projectTypeKey: 'software',
      avatarURI: `${base}/rest/api/2/universal_avatar/view/type/project/avatar/${p.id}?size=small`,
      name: `${p.name} (${p.key})`,
    },
  };
}

function sprintJson(base: string, s: SiteSprint): Record<string, unknown> {
  return { ...agileSprint(s), self: `${base}/rest/agile/1.0/sprint/${s.id}` };
}

export function listBoards(host: SearchHost, c: Context): EmulatorResponse {
  const boards = siteBoards(host.site);
  const types = (c.query.get('type') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const name = c.query.get('name')?.toLowerCase();
  // Jira keeps a board "relevant to a project" whose filter names it; an unknown space has none.
  const projectRef = c.query.get('projectKeyOrId');
  const project = projectRef === null ? undefined : host.site.project(projectRef);
  const visible = boards.boards.filter(
    (b) =>
      seesBoard(c, b) &&
      (types.length === 0 || types.includes(b.type)) &&
      (name === undefined || b.name.toLowerCase().includes(name)) &&
      (projectRef === null || (project !== undefined && b.projectKeys.includes(project.key))),
  );
  return valuesPage(c, visible, (b) => boardJson(host.baseUrl, b));
}

export function getBoard(host: SearchHost, c: Context): EmulatorResponse {
  return json(200, boardJson(host.baseUrl, visibleBoard(host, c)));
}

export function boardConfiguration(host: SearchHost, c: Context): EmulatorResponse {
  const board = visibleBoard(host, c);
  const boards = siteBoards(host.site);
  const base = host.baseUrl;
  const filterId = String(10_000 + board.id);
  return json(200, {
    id: board.id,
    name: board.name,
    type: board.type,
    self: `${base}/rest/agile/1.0/board/${board.id}/configuration`,
    location: {
      type: 'project',
      key: board.location.key,
      id: board.location.id,
      self: `${base}/rest/api/2/project/${board.location.id}`,
      name: board.location.name,
    },
    filter: { id: filterId, self: `${base}/rest/api/2/filter/${filterId}` },
    columnConfig: {
      columns: boards.columnsOf(board).map((col) => ({
        name: col.name,
        statuses: col.statuses.map((s) => ({ id: s.id, self: `${base}/rest/api/2/status/${s.id}` })),
      })),
      constraintType: 'none',
    },
    estimation: boards.estimationOf(board),
    ranking: { rankCustomFieldId: boards.rankFieldId() },
  });
}

export function boardSprints(host: SearchHost, c: Context): EmulatorResponse {
  const board = visibleBoard(host, c);
  if (board.type !== 'scrum') throw new HttpError(400, 'The board does not support sprints');
  const states = (c.query.get('state') ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  const sprints = board.sprints.filter((s) => states.length === 0 || states.includes(s.state));
  return valuesPage(c, sprints, (s) => sprintJson(host.baseUrl, s));
}

export function getSprint(host: SearchHost, c: Context): EmulatorResponse {
  return json(200, sprintJson(host.baseUrl, visibleSprint(host, c)));
}

/** A page of work items in the platform search's shape, with the agile fields Jira adds. */
function issuesPage(host: SearchHost, c: Context, candidates: readonly SiteIssue[]): EmulatorResponse {
  const { startAt, maxResults } = paging(c, PAGE_MAX_ISSUES);
  const visible = visibleProjects(host.site, c.actor);
  const keys = new Set(visible.map((p) => p.key));
  let items = candidates.filter((i) => keys.has(i.projectKey) && canSeeIssue(c.actor, i));
  const jql = c.query.get('jql');
  if (jql !== null && jql.trim() !== '') {
    const compiled = compileJql(jql, host.site.jqlEnvironment(c.now, visible));
    items = items.filter((i) => compiled.matches(host.site.jqlView(i)));
  }
  const fields = c.query.getAll('fields').flatMap((f) => f.split(','));
  const selection = selectionOf(
    fields.length > 0 ? fields : undefined,
    c.query.get('expand') ?? undefined,
    undefined,
    host.changelogLimit,
    true,
  );
  const boards = siteBoards(host.site);
  const wants = (f: string): boolean =>
    !selection.excluded.has(f) && (selection.fields === 'all' || selection.fields.has(f));
  const page = items.slice(startAt, startAt + maxResults);
  return {
    ...json(200, {
      expand: 'schema,names',
      startAt,
      maxResults,
      total: items.length,
      issues: page.map((issue) => {
        const out = issueJson(host.baseUrl, host.site, issue, selection);
        const f = out.fields;
        if (typeof f !== 'object' || f === null) return out;
        // "Issues returned from this resource include Agile fields, like sprint, closedSprints" (the spec).
        const sprints = (boards.sprintIdsOf(issue) ?? []).flatMap((id) => {
          const s = boards.sprints.get(id);
          return s === undefined ? [] : [s];
        });
        const open = sprints.find((s) => s.state !== 'closed');
        const closed = sprints.filter((s) => s.state === 'closed');
        const agile: Record<string, unknown> = {};
        if (wants('sprint')) agile.sprint = open === undefined ? null : sprintJson(host.baseUrl, open);
        if (wants('closedSprints') && closed.length > 0)
          agile.closedSprints = closed.map((s) => sprintJson(host.baseUrl, s));
        return { ...out, fields: { ...f, ...agile } };
      }),
    }),
    issues: page.length,
  };
}

export function sprintIssues(host: SearchHost, c: Context): EmulatorResponse {
  const sprint = visibleSprint(host, c);
  return issuesPage(host, c, siteBoards(host.site).membersOfSprint(sprint.id));
}

export function boardIssues(host: SearchHost, c: Context): EmulatorResponse {
  const board = visibleBoard(host, c);
  return issuesPage(host, c, siteBoards(host.site).itemsOf(board));
}

/**
 * A scrum board's backlog: its filter's work items in no future or active sprint and not in its
 * last (done) column. A kanban board's backlog is its first column, as with Jira's kanban backlog.
 */
export function boardBacklog(host: SearchHost, c: Context): EmulatorResponse {
  const board = visibleBoard(host, c);
  const boards = siteBoards(host.site);
  const columns = boards.columnsOf(board);
  const statusIds = (column: (typeof columns)[number] | undefined): Set<string> =>
    new Set(column?.statuses.map((s) => s.id));
  const statusOf = (i: SiteIssue): string => host.site.jqlView(i).status.id;
  const items = boards.itemsOf(board);
  if (board.type === 'kanban') {
    const first = statusIds(columns[0]);
    return issuesPage(
      host,
      c,
      items.filter((i) => first.has(statusOf(i))),
    );
  }
  const done = statusIds(columns[columns.length - 1]);
  return issuesPage(
    host,
    c,
    items.filter((i) => !boards.inOpenSprint(i) && !done.has(statusOf(i))),
  );
}

/** The work items a move names, all checked before any moves: Jira moves all of them or none. */
function movable(host: SearchHost, c: Context): SiteIssue[] {
  const body = parseBody(moveBodySchema, c.body);
  if (body.issues.length > MOVE_MAX)
    throw new HttpError(
      400,
      `The maximum number of issues that can be moved in one operation is ${MOVE_MAX}.`,
    );
  const items: SiteIssue[] = [];
  for (const ref of body.issues) {
    const issue = host.site.issue(ref);
    if (issue === undefined || !canSeeIssue(c.actor, issue))
      throw new HttpError(400, `Issue does not exist or you do not have permission to see it: ${ref}`);
    // Jira asks for the right to edit (and to schedule) the work item, as issue-endpoints' editIssue does.
    if (!canEdit(c.actor, issue.projectKey))
      throw new HttpError(403, 'You do not have permission to edit issues in this project.');
    if (!items.includes(issue)) items.push(issue);
  }
  return items;
}

export function moveToSprint(host: SearchHost, c: Context): EmulatorResponse {
  const sprint = visibleSprint(host, c);
  const boards = siteBoards(host.site);
  if (sprint.state === 'closed')
    throw new HttpError(400, 'Issues can only be moved to open or active sprints.');
  const items = movable(host, c);
  boards.move(items, sprint, c.now, c.actor.kind === 'user' ? c.actor.user : null);
  host.changed();
  return noContent();
}

export function moveToBacklog(host: SearchHost, c: Context): EmulatorResponse {
  const boards = siteBoards(host.site);
  const items = movable(host, c);
  boards.move(items, null, c.now, c.actor.kind === 'user' ? c.actor.user : null);
  host.changed();
  return noContent();
}

const sprintUpdateSchema = z.looseObject({
  state: z.enum(['future', 'active', 'closed']).optional(),
  startDate: z.string().optional(),
  endDate: z.string().optional(),
});

/**
 * `POST /sprint/{id}` (partial update), for its state alone: a future sprint is started (with a
 * start and an end date), an active one completed (its completeDate the time of the request), as
 * Jira's reference says; a closed sprint cannot be updated, and no other change of state is
 * allowed. It takes the right to manage the board's sprints; here, to edit its space.
 */
export function updateSprint(host: SearchHost, c: Context): EmulatorResponse {
  const sprint = visibleSprint(host, c);
  const body = parseBody(sprintUpdateSchema, c.body);
  const boards = siteBoards(host.site);
  const board = boards.board(sprint.boardId);
  if (board === undefined || !canEdit(c.actor, board.location.key))
    throw new HttpError(403, 'You do not have permission to manage sprints on this board.');
  if (sprint.state === 'closed')
    throw new HttpError(400, 'Sprints that are in a closed state cannot be updated.');
  if (body.state === undefined || body.state === sprint.state)
    return json(200, sprintJson(host.baseUrl, sprint));
  if (sprint.state === 'future' && body.state === 'active') {
    const startDate = body.startDate ?? sprint.startDate;
    const endDate = body.endDate ?? sprint.endDate;
    if (startDate === undefined || endDate === undefined)
      throw new HttpError(400, 'A sprint needs a start date and an end date to be started.');
    return json(
      200,
      sprintJson(host.baseUrl, boards.changeState(sprint, { state: 'active', startDate, endDate }, c.now)),
    );
  }
  if (sprint.state === 'active' && body.state === 'closed')
    return json(200, sprintJson(host.baseUrl, boards.changeState(sprint, { state: 'closed' }, c.now)));
  throw new HttpError(400, `A ${sprint.state} sprint cannot be made ${body.state}.`);
}
