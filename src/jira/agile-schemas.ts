import { z } from 'zod';
import { parseJiraDateTime } from './datetime';

/**
 * The answers of Jira Software's REST API (`/rest/agile/1.0`) the app reads: boards, their
 * configuration, sprints, and the Sprint field of a work item. Only what is read is checked;
 * Jira adds keys freely. Dates become instants here, so nothing past this file reads Jira's text.
 * @see https://developer.atlassian.com/cloud/jira/software/rest/intro/
 */

const instant = z
  .string()
  .transform((text, ctx) => {
    const at = parseJiraDateTime(text);
    if (at === null) {
      ctx.addIssue({ code: 'custom', message: `not a date-time: ${text.slice(0, 40)}` });
      return z.NEVER;
    }
    return at;
  })
  .nullish()
  .transform((at) => at ?? null);

export const BOARD_TYPES = ['scrum', 'kanban', 'simple'] as const;
export type BoardType = (typeof BOARD_TYPES)[number];

export const boardSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.enum(BOARD_TYPES),
  location: z
    .object({
      projectId: z.union([z.number(), z.string()]).optional(),
      projectKey: z.string().optional(),
      projectName: z.string().optional(),
      displayName: z.string().optional(),
    })
    .optional(),
});
export type JiraBoard = z.infer<typeof boardSchema>;

export const SPRINT_STATES = ['future', 'active', 'closed'] as const;
export type SprintState = (typeof SPRINT_STATES)[number];

export const sprintSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.enum(SPRINT_STATES),
  startDate: instant,
  endDate: instant,
  completeDate: instant,
  originBoardId: z.number().int().optional(),
  goal: z.string().nullish(),
});
export type JiraSprint = z.infer<typeof sprintSchema>;

/** `GET /rest/agile/1.0/board/{id}/configuration`: what the app reads of it. */
export const boardConfigurationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.enum(BOARD_TYPES).optional(),
  filter: z.object({ id: z.string() }).optional(),
  columnConfig: z.object({
    columns: z.array(z.object({ name: z.string(), statuses: z.array(z.object({ id: z.string() })) })),
  }),
  estimation: z
    .object({
      type: z.string(),
      field: z.object({ fieldId: z.string(), displayName: z.string() }).optional(),
    })
    .optional(),
});
export type JiraBoardConfiguration = z.infer<typeof boardConfigurationSchema>;

/** The paged lists of boards and sprints: `startAt`, `maxResults`, `isLast`, `values`. */
export function valuePageSchema<T extends z.ZodType>(value: T) {
  return z.object({
    startAt: z.number().int(),
    maxResults: z.number().int(),
    total: z.number().int().optional(),
    isLast: z.boolean().optional(),
    values: z.array(value),
  });
}

/**
 * One sprint as the Sprint field holds it. Cloud answers objects (`{id, name, state, boardId,
 * startDate, …}`); Server and Data Center answered a string per sprint,
 * `com.atlassian.greenhopper.service.sprint.Sprint@1a2b[id=12,rapidViewId=3,state=CLOSED,name=Sprint 4,…]`.
 */
export interface SprintValue {
  readonly id: number;
  readonly name: string;
  readonly state: SprintState | null;
}

const sprintObject = z.object({
  id: z.number().int(),
  name: z.string(),
  state: z.string().optional(),
});

function stateOf(text: string | undefined): SprintState | null {
  const lower = text?.toLowerCase();
  return lower === 'future' || lower === 'active' || lower === 'closed' ? lower : null;
}

function fromServerString(text: string): SprintValue | null {
  const id = /[[,]id=(\d+)/.exec(text)?.[1];
  if (id === undefined) return null;
  const name = /[[,]name=([^,\]]*)/.exec(text)?.[1] ?? `Sprint ${id}`;
  return { id: Number(id), name, state: stateOf(/[[,]state=(\w+)/.exec(text)?.[1]) };
}

/** The Sprint field's value: every sprint the work item is or was in (empty when none). */
export function readSprintField(value: unknown): SprintValue[] {
  if (value === null || value === undefined) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const out: SprintValue[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') {
      const parsed = fromServerString(entry);
      if (parsed !== null) out.push(parsed);
      continue;
    }
    const parsed = sprintObject.safeParse(entry);
    if (parsed.success)
      out.push({ id: parsed.data.id, name: parsed.data.name, state: stateOf(parsed.data.state) });
  }
  return out;
}

/** An estimate as the field holds it: a number (story points), or null for none. */
export function readEstimate(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
