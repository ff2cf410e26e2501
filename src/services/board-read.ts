import type { BoardRef, SprintRef } from '../contract-plan';
import type { Zone } from '../domain/calendar';
import { formatCivilDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { createFlowContext, type FlowContext } from '../domain/flow-context';
import type { FlowSettings } from '../domain/settings';
import {
  getBoard,
  getBoardConfiguration,
  getSprint,
  sprintFieldId,
  type BoardFields,
  type BoardIssue,
} from '../jira/agile-api';
import type { JiraBoard, JiraBoardConfiguration, JiraSprint } from '../jira/agile-schemas';
import type { JiraClient } from '../jira/jira-client';
import { toWorkItem } from '../jira/issue-mapper';
import type { KeyValueStore } from './key-value-store';
import { readSettings } from './settings-service';
import { spacesByKey, type Space } from './space-access';
import { spaceMeta } from './window-read';

/**
 * A board as the calling user may see it, read once per plan: the board, its configuration, the
 * Sprint and estimation fields, and the flow context of each space whose work items it shows
 * (docs/planning.md#who-sees-what). A board or sprint the person may not see is told exactly as
 * one that does not exist.
 */

export function boardNotFound(boardId: number): DomainError {
  return new DomainError('NOT_FOUND', `No board ${boardId} exists, or you may not see it.`);
}

export function sprintNotFound(sprintId: number): DomainError {
  return new DomainError('NOT_FOUND', `No sprint ${sprintId} exists, or you may not see it.`);
}

export interface ReadBoard {
  readonly board: JiraBoard;
  readonly ref: BoardRef;
  readonly configuration: JiraBoardConfiguration;
  readonly fields: BoardFields;
  /** The display name of the estimation field, or null when the board counts work items. */
  readonly estimateName: string | null;
}

/** A key no space can have (keys are letters, digits and `_`): asked when there is no board. */
const NO_SPACE = 'NO-SUCH-SPACE';

/**
 * The board as the person may see it. Jira shows a board to whoever its filter is shared with,
 * which may be someone who may not browse the space it belongs to; the app tells them what it
 * tells of a board that does not exist. So the board's space is always asked of Jira as them,
 * for an absent board too (a key no space has), so that the calls do not tell the two apart.
 */
export async function readBoard(jira: JiraClient, boardId: number): Promise<ReadBoard> {
  const [board, configuration, sprintField] = await Promise.all([
    getBoard(jira, boardId),
    getBoardConfiguration(jira, boardId),
    sprintFieldId(jira),
  ]);
  const spaceKey = board?.location?.projectKey;
  const [space] = await spacesByKey(jira, [spaceKey ?? NO_SPACE]);
  // A board kept outside any space (on a person) has no space to keep from anyone.
  const mayBrowse = spaceKey === undefined || space !== undefined;
  if (board === null || configuration === null || !mayBrowse) throw boardNotFound(boardId);
  const estimation = configuration.estimation;
  const estimateField = estimation?.type === 'field' ? (estimation.field ?? null) : null;
  return {
    board,
    ref: boardRefOf(board),
    configuration,
    fields: { sprintField, estimateField: estimateField?.fieldId ?? null },
    estimateName: estimateField?.displayName ?? null,
  };
}

export function boardRefOf(board: JiraBoard): BoardRef {
  return { id: board.id, name: board.name, type: board.type, spaceKey: board.location?.projectKey ?? null };
}

/**
 * A sprint as the person may see it, or NOT_FOUND as for one that does not exist. Not checked
 * against the board's own sprints: Jira shows a sprint on every board whose filter holds its
 * work items, and its sprint menu (the sprint action) opens from any of them.
 */
export async function readSprint(jira: JiraClient, sprintId: number): Promise<JiraSprint> {
  const sprint = await getSprint(jira, sprintId);
  if (sprint === null) throw sprintNotFound(sprintId);
  return sprint;
}

export function sprintRefOf(sprint: JiraSprint, zone: Zone): SprintRef {
  const day = (t: number | null): string | null => (t === null ? null : formatCivilDate(zone.dayOf(t)));
  return {
    id: sprint.id,
    name: sprint.name,
    state: sprint.state,
    startDate: day(sprint.startDate),
    endDate: day(sprint.endDate),
    completeDate: day(sprint.completeDate),
    goal: sprint.goal === undefined || sprint.goal === null || sprint.goal === '' ? null : sprint.goal,
  };
}

export interface SpaceRules {
  readonly space: Space;
  readonly settings: FlowSettings;
  /** The team saved its settings (its bands are agreed, not the defaults). */
  readonly saved: boolean;
  readonly context: FlowContext;
}

/**
 * The flow rules of each space named (the board's own, and those of the work items it shows), as
 * the person may browse them: a board's filter may span several spaces, and each work item is
 * classified by its own space's rules. A space they may not browse is not in the answer.
 */
export async function rulesOfSpaces(
  jira: JiraClient,
  store: KeyValueStore,
  keys: readonly string[],
  now: number,
): Promise<Map<string, SpaceRules>> {
  const spaces = await spacesByKey(jira, keys);
  const out = new Map<string, SpaceRules>();
  await Promise.all(
    spaces.map(async (space) => {
      const [{ meta, stored }, loaded] = await Promise.all([
        spaceMeta(jira, store, space, now),
        readSettings(store, space.id),
      ]);
      await stored;
      out.set(space.key, {
        space,
        settings: loaded.settings,
        saved: !loaded.isDefault,
        context: createFlowContext(loaded.settings, meta.statuses),
      });
    }),
  );
  return out;
}

/** The spaces of some work items, by key, the board's own first. */
export function spaceKeysOf(board: ReadBoard, issues: readonly BoardIssue[]): string[] {
  const keys = new Set<string>();
  if (board.ref.spaceKey !== null) keys.add(board.ref.spaceKey.toUpperCase());
  for (const i of issues) {
    const key = toWorkItem(i.issue).projectKey;
    if (key !== null) keys.add(key.toUpperCase());
  }
  return [...keys];
}
