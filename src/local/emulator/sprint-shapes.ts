import { z } from 'zod';
import type { SiteField, SiteProject, SiteStatus } from './site';

/**
 * What the emulator's boards are made of (site-boards.ts derives them): sprints, boards, columns
 * and estimation, the Sprint field as Jira Cloud lists it, and the sprint references an export
 * holds, in Cloud's Sprint field shape or the agile API's.
 */

export const SPRINT_FIELD_ID = 'customfield_10020';
/** Jira Cloud's Rank field on most sites (test/fixtures/jirametrics-sample/complete_sample/sample_board_1_configuration.json). */
export const DEFAULT_RANK_FIELD_ID = 10019;

export type SprintState = 'future' | 'active' | 'closed';

export interface SiteSprint {
  readonly id: number;
  readonly name: string;
  readonly state: SprintState;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly completeDate?: string;
  readonly goal: string;
  readonly boardId: number;
}

export interface SiteBoard {
  readonly id: number;
  readonly name: string;
  readonly type: 'scrum' | 'kanban';
  readonly location: SiteProject;
  /** The spaces of its filter, `project in (…) ORDER BY Rank ASC`, by key. */
  readonly projectKeys: readonly string[];
  /** Closed, then active, then future; within a state by start date, then id. */
  readonly sprints: readonly SiteSprint[];
}

export interface BoardColumn {
  readonly name: string;
  readonly statuses: readonly SiteStatus[];
}

export type Estimation =
  | { readonly type: 'none' }
  | { readonly type: 'field'; readonly field: { readonly fieldId: string; readonly displayName: string } };

/** The Sprint field as `GET /rest/api/3/field` lists it on Jira Cloud. */
export interface SprintField extends SiteField {
  readonly schema: { type: 'array'; items: 'json'; custom: string; customId: number };
}

const optionalText = z
  .string()
  .nullish()
  .transform((s) => s ?? undefined);
const sprintRefSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  state: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['future', 'active', 'closed'])),
  startDate: optionalText,
  endDate: optionalText,
  completeDate: optionalText,
  goal: optionalText,
  // Cloud's Sprint field says `boardId`; the agile API's sprint says `originBoardId`.
  boardId: z.number().int().nullish(),
  originBoardId: z.number().int().nullish(),
});
export type SprintRef = z.infer<typeof sprintRefSchema>;

const STATE_ORDER: Record<SprintState, number> = { closed: 0, active: 1, future: 2 };

/** A board's sprints as Jira lists them: closed, then active, then future; by start date, then id. */
export function bySprintOrder(a: SiteSprint, b: SiteSprint): number {
  return (
    STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
    (a.startDate ?? '\uffff').localeCompare(b.startDate ?? '\uffff') ||
    a.id - b.id
  );
}

export function refsIn(value: unknown): SprintRef[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return list.flatMap((v) => {
    const parsed = sprintRefSchema.safeParse(v);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A sprint in the agile API's own shape, without `self` (the export's `sprint`/`closedSprints`). */
export function agileSprint(s: SiteSprint): Record<string, unknown> {
  return {
    id: s.id,
    state: s.state,
    name: s.name,
    ...(s.startDate !== undefined ? { startDate: s.startDate } : {}),
    ...(s.endDate !== undefined ? { endDate: s.endDate } : {}),
    ...(s.completeDate !== undefined ? { completeDate: s.completeDate } : {}),
    originBoardId: s.boardId,
    goal: s.goal,
  };
}
