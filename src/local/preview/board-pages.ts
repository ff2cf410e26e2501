import type { ServerResponse } from 'node:http';
import { formatCivilDate, Zone } from '../../domain/calendar';
import { getBoard, listBoards, listSprints } from '../../jira/agile-api';
import type { JiraClient } from '../../jira/jira-client';
import { backlogBody, boardsBody, page, projectNav, type Chrome, type PreviewUser } from './host-pages';
import { send } from './http-responses';

/**
 * The preview's Jira Software pages: a space's boards, and a board's backlog with its sprints'
 * "..." menus, where Jira offers the app's sprint action and backlog action (docs/planning.md).
 * Read as the visitor, through Jira Software's API, as Jira renders them for that person.
 */

export interface BoardPageHost {
  readonly res: ServerResponse;
  readonly user: PreviewUser;
  readonly jira: JiraClient;
  readonly timezone: string;
  chrome(title: string, path: string, project?: { key: string; name: string }): Chrome;
  notFound(path: string, message: string): string;
  visibleProjects(): Promise<{ id: string; key: string; name: string }[]>;
}

/** The space's boards, each opening its backlog (Jira Software's board switcher). */
export async function boardsPage(host: BoardPageHost, key: string): Promise<void> {
  const { res } = host;
  const project = await visibleProject(host, key, `/projects/${key}/boards`);
  if (project === null) return;
  const path = `/projects/${project.key}/boards`;
  const boards = await listBoards(host.jira, project.key);
  send(
    res,
    200,
    page(
      host.chrome(`${project.name}: boards`, path, project),
      projectNav(project, path),
      boardsBody(project, boards),
    ),
  );
}

/**
 * A board's backlog, as Jira Software's: each open sprint with its "..." menu holding the app's
 * sprint action, and the backlog's menu its backlog action; each opens the app in Jira's modal.
 */
export async function backlogPage(host: BoardPageHost, key: string, boardId: number): Promise<void> {
  const { res, user } = host;
  const path = `/projects/${key}/boards/${String(boardId)}/backlog`;
  const project = await visibleProject(host, key, path);
  if (project === null) return;
  const jira = host.jira;
  const board = await getBoard(jira, boardId);
  if (
    board === null ||
    (board.location?.projectKey ?? project.key).toUpperCase() !== project.key.toUpperCase()
  ) {
    send(
      res,
      404,
      host.notFound(
        path,
        `No board ${String(boardId)} of ${project.key} exists, or ${user.displayName} may not see it.`,
      ),
    );
    return;
  }
  const timezone = host.timezone;
  const zone = new Zone(timezone);
  const day = (at: number | null): string | null => (at === null ? null : formatCivilDate(zone.dayOf(at)));
  const sprints =
    board.type === 'kanban'
      ? []
      : (await listSprints(jira, boardId, ['active', 'future'])).flatMap((s) =>
          s.state === 'closed'
            ? []
            : [
                {
                  id: s.id,
                  name: s.name,
                  state: s.state,
                  startDate: day(s.startDate),
                  endDate: day(s.endDate),
                },
              ],
        );
  const body = backlogBody({
    project,
    board: { id: board.id, name: board.name, type: board.type },
    sprints,
    accountId: user.accountId,
    timezone,
    location: `http://localhost${path}`,
  });
  send(
    res,
    200,
    page(
      host.chrome(`${board.name}: backlog`, path, project),
      projectNav(project, `/projects/${project.key}/boards`),
      body,
    ),
  );
}

/** A space the visitor may browse, by key in any case; otherwise the 404 page is sent and null answered. */
async function visibleProject(
  host: BoardPageHost,
  key: string,
  path: string,
): Promise<{ id: string; key: string; name: string } | null> {
  const { res, user } = host;
  const projects = await host.visibleProjects();
  const project = projects.find((p) => p.key.toUpperCase() === key.toUpperCase());
  if (project !== undefined) return project;
  send(res, 404, host.notFound(path, `No project ${key} exists, or ${user.displayName} may not browse it.`));
  return null;
}
