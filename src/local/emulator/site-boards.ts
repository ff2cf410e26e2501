import type { EmulatedSite, SiteIssue } from './site';
import {
  agileSprint,
  bySprintOrder,
  DEFAULT_RANK_FIELD_ID,
  refsIn,
  SPRINT_FIELD_ID,
  type BoardColumn,
  type Estimation,
  type SiteBoard,
  type SiteSprint,
  type SprintField,
  type SprintRef,
} from './sprint-shapes';
import type { EmulatedUser } from './users';

/**
 * Jira Software's boards and sprints, derived once from a site's work items, with the indexes the
 * agile endpoints read (sprint → members, work item → its Sprint value, space → work items) kept
 * up to date by the moves made through the API.
 *
 * Sprints are read from Jira Cloud's Sprint field (`customfield_10020`: `[{id,name,state,boardId,
 * goal,startDate,endDate,completeDate}]`) and from the agile shape an export may hold instead
 * (`sprint` for the open one, `closedSprints`, each with `originBoardId`, as the Appcelerator
 * archive has them). Whatever the data held, each member is served `customfield_10020` in the
 * Cloud shape, and the site lists the field as Jira Cloud does ("Sprint", gh-sprint).
 *
 * What the data does not say, and what is decided here instead:
 * - Board names: no export carries them. A board is named after the word all its sprints' names
 *   end with, where they share one ("Alloy board" for "2014 Sprint 10 Alloy" …), else after its
 *   spaces ("ALOY, DAEMON, TIMOB board"), as Jira names the board it makes for a new space "KEY
 *   board", with its number where two boards would share a name (boardName).
 * - Sprints without a board (old Jira Agile sprints have no `originBoardId`): each goes to the
 *   space holding most of its work items, and each such space gets one scrum board for them,
 *   numbered after the data's boards. Their `originBoardId` is then that board's id.
 * - A space none of whose work items was ever in a sprint gets a kanban board, as Jira makes one
 *   for every software space; these too are numbered after the data's boards.
 * - Rank: no export carries Jira's Rank (a LexoRank string), so rank order is the work item's id,
 *   ascending (the order items were created in, which is where Jira ranks a new item: last).
 * - Columns: the data has no board configuration, so each board has Jira's default three columns,
 *   To Do, In Progress and Done, holding the site's statuses its work items use by category (a
 *   status without a category goes to In Progress, where Jira puts one it cannot place).
 */

function mostCommon(keys: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

const byId = (a: SiteIssue, b: SiteIssue): number => Number(a.id) - Number(b.id);

export class SiteBoards {
  readonly boards: SiteBoard[] = [];
  readonly sprints = new Map<number, SiteSprint>();
  readonly sprintFieldId: string;
  private readonly members = new Map<number, Set<SiteIssue>>();
  /** Each work item's Sprint value (sprint ids); absent for one that never had one. */
  private readonly values = new Map<SiteIssue, number[]>();
  private readonly byProject = new Map<string, SiteIssue[]>();
  private indexed = 0;
  private readonly columnCache = new Map<number, { readonly at: number; readonly columns: BoardColumn[] }>();
  private readonly itemCache = new Map<
    number,
    { readonly at: number; readonly items: readonly SiteIssue[] }
  >();

  constructor(private readonly site: EmulatedSite) {
    const listed = site.fields.find((f) => f.name.toLowerCase() === 'sprint');
    this.sprintFieldId = listed?.id ?? SPRINT_FIELD_ID;
    const refs = new Map<number, SprintRef>();
    for (const issue of site.issues) {
      const found = [
        ...refsIn(issue.fields.closedSprints),
        ...refsIn(issue.fields.sprint),
        ...refsIn(issue.fields[this.sprintFieldId]),
      ];
      if (found.length === 0 && !(this.sprintFieldId in issue.fields)) continue;
      const ids: number[] = [];
      for (const ref of found) {
        if (!ids.includes(ref.id)) ids.push(ref.id);
        if (!refs.has(ref.id)) refs.set(ref.id, ref);
      }
      this.values.set(issue, ids);
      for (const id of ids) this.membersOf(id).add(issue);
    }
    this.syncProjects();
    this.deriveBoards(refs);
    if (this.sprints.size > 0 && listed === undefined) {
      const field: SprintField = {
        id: SPRINT_FIELD_ID,
        key: SPRINT_FIELD_ID,
        name: 'Sprint',
        custom: true,
        schema: {
          type: 'array',
          items: 'json',
          custom: 'com.pyxis.greenhopper.jira:gh-sprint',
          customId: 10020,
        },
      };
      site.fields.push(field);
    }
    for (const issue of this.values.keys()) this.serveValue(issue);
    // Jira Cloud answers every work item's Sprint, null where it has none.
    if (this.sprints.size > 0)
      for (const issue of site.issues)
        if (!(this.sprintFieldId in issue.fields)) issue.fields[this.sprintFieldId] = null;
  }

  private deriveBoards(refs: ReadonlyMap<number, SprintRef>): void {
    const boardOf = new Map<number, number>();
    const originless = new Map<string, number[]>();
    for (const [id, ref] of refs) {
      const board = ref.originBoardId ?? ref.boardId;
      if (board !== null && board !== undefined) boardOf.set(id, board);
      else {
        const space = mostCommon([...this.membersOf(id)].map((i) => i.projectKey)) ?? '';
        originless.set(space, [...(originless.get(space) ?? []), id]);
      }
    }
    let next = Math.max(0, ...boardOf.values()) + 1;
    const madeUp = new Set<number>();
    for (const space of [...originless.keys()].sort()) {
      for (const id of originless.get(space) ?? []) boardOf.set(id, next);
      madeUp.add(next++);
    }
    const sprintsOfBoard = new Map<number, SiteSprint[]>();
    for (const [id, ref] of refs) {
      const boardId = boardOf.get(id) ?? 0;
      const sprint: SiteSprint = {
        id,
        name: ref.name,
        state: ref.state,
        ...(ref.startDate !== undefined ? { startDate: ref.startDate } : {}),
        ...(ref.endDate !== undefined ? { endDate: ref.endDate } : {}),
        ...(ref.completeDate !== undefined ? { completeDate: ref.completeDate } : {}),
        goal: ref.goal ?? '',
        boardId,
      };
      this.sprints.set(id, sprint);
      sprintsOfBoard.set(boardId, [...(sprintsOfBoard.get(boardId) ?? []), sprint]);
    }
    const withSprints = new Set<string>();
    const spacesOf = (sprints: readonly SiteSprint[]): string[] =>
      [...new Set(sprints.flatMap((s) => [...this.membersOf(s.id)].map((i) => i.projectKey)))].sort();
    const boardsOfSpaces = new Map<string, number>();
    for (const sprints of sprintsOfBoard.values()) {
      const named = spacesOf(sprints).join(', ');
      boardsOfSpaces.set(named, (boardsOfSpaces.get(named) ?? 0) + 1);
    }
    for (const [boardId, sprints] of [...sprintsOfBoard].sort((a, b) => a[0] - b[0])) {
      const items = new Set(sprints.flatMap((s) => [...this.membersOf(s.id)]));
      const keys = spacesOf(sprints);
      for (const k of keys) withSprints.add(k);
      const location = this.site.project(mostCommon([...items].map((i) => i.projectKey)) ?? '');
      if (location === undefined) continue;
      this.boards.push({
        id: boardId,
        name: madeUp.has(boardId)
          ? `${keys.join(', ')} board (sprints without a board)`
          : boardName(keys, sprints, (boardsOfSpaces.get(keys.join(', ')) ?? 0) > 1),
        type: 'scrum',
        location,
        projectKeys: keys,
        sprints: sprints.sort(bySprintOrder),
      });
    }
    for (const project of [...this.site.projects].sort((a, b) => a.key.localeCompare(b.key))) {
      if (withSprints.has(project.key)) continue;
      const id = next++;
      this.boards.push({
        id,
        name: `${project.key} board`,
        type: 'kanban',
        location: project,
        projectKeys: [project.key],
        sprints: [],
      });
    }
  }

  board(id: number): SiteBoard | undefined {
    return this.boards.find((b) => b.id === id);
  }

  /** Members of a sprint, in rank order. */
  membersOfSprint(sprintId: number): SiteIssue[] {
    return [...this.membersOf(sprintId)].sort(byId);
  }

  /** The board filter's work items, in rank order. */
  itemsOf(board: SiteBoard): readonly SiteIssue[] {
    // Sorting a board over every space of a 29 000-item site took 150 ms: kept until items are added.
    const kept = this.itemCache.get(board.id);
    if (kept?.at === this.site.issues.length) return kept.items;
    this.syncProjects();
    const items = board.projectKeys.flatMap((k) => this.byProject.get(k) ?? []).sort(byId);
    this.itemCache.set(board.id, { at: this.site.issues.length, items });
    return items;
  }

  /** The sprint ids of a work item's Sprint value; null when it never had one. */
  sprintIdsOf(issue: SiteIssue): number[] | null {
    const ids = this.values.get(issue);
    return ids === undefined ? null : [...ids];
  }

  /** Whether a work item is in a future or active sprint. */
  inOpenSprint(issue: SiteIssue): boolean {
    return (this.values.get(issue) ?? []).some((id) => this.sprints.get(id)?.state !== 'closed');
  }

  /** Jira's default columns: To Do, In Progress, Done, of the statuses the board's items use. */
  columnsOf(board: SiteBoard): BoardColumn[] {
    const cached = this.columnCache.get(board.id);
    if (cached?.at === this.site.issues.length) return cached.columns;
    const used = new Set<string>();
    for (const issue of this.itemsOf(board)) for (const ref of this.site.statusesOf(issue)) used.add(ref);
    const statuses = this.site.statuses.filter(
      (s) => used.has(s.id) || used.has(`name:${s.name.toLowerCase()}`),
    );
    const columns = [
      { name: 'To Do', statuses: statuses.filter((s) => s.category === 'new') },
      {
        name: 'In Progress',
        statuses: statuses.filter((s) => s.category === 'indeterminate' || s.category === null),
      },
      { name: 'Done', statuses: statuses.filter((s) => s.category === 'done') },
    ];
    this.columnCache.set(board.id, { at: this.site.issues.length, columns });
    return columns;
  }

  /** Story points when the site has such a field and the board's items carry it (Jira's default estimation). */
  estimationOf(board: SiteBoard): Estimation {
    const items = this.itemsOf(board);
    const field = this.site.fields.find(
      (f) =>
        ['story points', 'story point estimate'].includes(f.name.toLowerCase()) &&
        items.some((i) => typeof i.fields[f.id] === 'number'),
    );
    return field === undefined
      ? { type: 'none' }
      : { type: 'field', field: { fieldId: field.id, displayName: field.name } };
  }

  /** The site's Rank field number, else Jira Cloud's usual one (the data carries no rank). */
  rankFieldId(): number {
    const rank = this.site.fields.find((f) => f.name.toLowerCase() === 'rank');
    const n = Number(/^customfield_(\d+)$/.exec(rank?.id ?? '')?.[1]);
    return Number.isInteger(n) && n > 0 ? n : DEFAULT_RANK_FIELD_ID;
  }

  /**
   * Moves work items into a sprint (`sprint`) or to the backlog (null), as Jira does: each loses
   * the future or active sprint it was in (a work item is in one open sprint at most; closed ones
   * stay in its value) and gains the new one; a history records the Sprint change by ids and by
   * names, `updated` moves, and the site's write listeners hear of it.
   */
  move(
    items: readonly SiteIssue[],
    sprint: SiteSprint | null,
    at: number,
    author: EmulatedUser | null,
  ): void {
    for (const issue of items) {
      const before = this.values.get(issue) ?? [];
      const after = before.filter((id) => id === sprint?.id || this.sprints.get(id)?.state === 'closed');
      if (sprint !== null && !after.includes(sprint.id)) after.push(sprint.id);
      if (after.join() === before.join()) continue;
      this.setValue(issue, after);
      const names = (ids: readonly number[]): string =>
        ids.map((id) => this.sprints.get(id)?.name ?? String(id)).join(', ');
      this.site.recordChange(issue, at, author, [
        {
          field: 'Sprint',
          fieldtype: 'custom',
          fieldId: this.sprintFieldId,
          from: before.join(', '),
          fromString: names(before),
          to: after.join(', '),
          toString: names(after),
        },
      ]);
      this.site.wrote(issue);
    }
  }

  /** Puts back a Sprint value kept earlier (the preview's restart), without a history. */
  restore(issue: SiteIssue, ids: readonly number[]): void {
    this.setValue(
      issue,
      ids.filter((id) => this.sprints.has(id)),
    );
  }

  private setValue(issue: SiteIssue, ids: number[]): void {
    for (const id of this.values.get(issue) ?? []) this.membersOf(id).delete(issue);
    this.values.set(issue, ids);
    for (const id of ids) this.membersOf(id).add(issue);
    this.serveValue(issue);
  }

  /**
   * Writes the Sprint value into the work item's fields in Cloud's shape (null when empty, as Jira
   * Cloud answers an empty Sprint), and, where the export held the agile shape, that too.
   */
  private serveValue(issue: SiteIssue): void {
    const sprints = (this.values.get(issue) ?? []).flatMap((id) => {
      const s = this.sprints.get(id);
      return s === undefined ? [] : [s];
    });
    issue.fields[this.sprintFieldId] =
      sprints.length === 0
        ? null
        : sprints.map((s) => ({
            id: s.id,
            name: s.name,
            state: s.state,
            boardId: s.boardId,
            goal: s.goal,
            ...(s.startDate !== undefined ? { startDate: s.startDate } : {}),
            ...(s.endDate !== undefined ? { endDate: s.endDate } : {}),
            ...(s.completeDate !== undefined ? { completeDate: s.completeDate } : {}),
          }));
    if ('sprint' in issue.fields || 'closedSprints' in issue.fields) {
      const open = sprints.find((s) => s.state !== 'closed');
      issue.fields.sprint = open === undefined ? null : agileSprint(open);
      issue.fields.closedSprints = sprints.filter((s) => s.state === 'closed').map(agileSprint);
    }
  }

  /**
   * Starts or completes a sprint, as Jira's "update sprint" does: a future sprint becomes active
   * with its dates, an active one closed at `at`. Jira records no work item history for either;
   * its members' Sprint values now say the new state. Its work items stay where they are (Jira's
   * API leaves a closed sprint's unfinished work in it, in the Sprint value beside what comes next).
   */
  changeState(
    sprint: SiteSprint,
    change: { readonly state: 'active' | 'closed'; readonly startDate?: string; readonly endDate?: string },
    at: number,
  ): SiteSprint {
    const changed: SiteSprint =
      change.state === 'active'
        ? {
            ...sprint,
            state: 'active',
            startDate: change.startDate ?? sprint.startDate,
            endDate: change.endDate ?? sprint.endDate,
          }
        : { ...sprint, state: 'closed', completeDate: new Date(at).toISOString() };
    this.sprints.set(sprint.id, changed);
    const index = this.boards.findIndex((b) => b.id === sprint.boardId);
    const board = this.boards[index];
    if (board !== undefined)
      this.boards[index] = {
        ...board,
        sprints: board.sprints.map((s) => (s.id === sprint.id ? changed : s)).sort(bySprintOrder),
      };
    for (const issue of this.membersOf(sprint.id)) this.serveValue(issue);
    return changed;
  }

  private membersOf(sprintId: number): Set<SiteIssue> {
    let set = this.members.get(sprintId);
    if (set === undefined) {
      set = new Set();
      this.members.set(sprintId, set);
    }
    return set;
  }

  /** Work items are only ever added to a site (created, or recreated on a restart): index the new ones. */
  private syncProjects(): void {
    for (; this.indexed < this.site.issues.length; this.indexed++) {
      const issue = this.site.issues[this.indexed];
      if (issue === undefined) continue;
      const list = this.byProject.get(issue.projectKey) ?? [];
      list.push(issue);
      this.byProject.set(issue.projectKey, list);
    }
  }
}

export { agileSprint, SPRINT_FIELD_ID };
export type { BoardColumn, Estimation, SiteBoard, SiteSprint, SprintState } from './sprint-shapes';

/**
 * A board's name, which no export carries: the word every one of its sprints' names ends with,
 * where there is one (the Appcelerator archive names its sprints "2014 Sprint 10 Alloy", "…
 * Tooling": the team's board), else its spaces' keys with its number, as two boards of one space
 * must be told apart ("ALOY board 113").
 */
function boardName(keys: readonly string[], sprints: readonly SiteSprint[], shared: boolean): string {
  const last = sprints.map((s) => /([A-Za-z][A-Za-z-]*)\s*$/.exec(s.name)?.[1]);
  const word = last[0];
  if (word !== undefined && !/^sprint$/i.test(word) && last.every((w) => w === word)) return `${word} board`;
  return shared
    ? `${keys.join(', ')} board ${String(sprints[0]?.boardId ?? '')}`
    : `${keys.join(', ')} board`;
}

const derived = new WeakMap<EmulatedSite, SiteBoards>();

/** The boards of a site, derived on first use and kept with it (the emulator and the preview share them). */
export function siteBoards(site: EmulatedSite): SiteBoards {
  let boards = derived.get(site);
  if (boards === undefined) {
    boards = new SiteBoards(site);
    derived.set(site, boards);
  }
  return boards;
}
