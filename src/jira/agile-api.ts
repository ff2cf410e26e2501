import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { jiraPath, withQuery } from './http';
import type { JiraClient } from './jira-client';
import { FLOW_FIELDS } from './jira-search';
import {
  boardConfigurationSchema,
  boardSchema,
  readEstimate,
  readSprintField,
  sprintSchema,
  valuePageSchema,
  type JiraBoard,
  type JiraBoardConfiguration,
  type JiraSprint,
  type SprintState,
  type SprintValue,
} from './agile-schemas';
import { issueSchema, type JiraIssue } from './schemas';

/**
 * Jira Software's boards, sprints and backlog (`/rest/agile/1.0`), read as the calling user, one
 * function per endpoint, with each endpoint's page cap beside the call that meets it. A board or
 * sprint the person may not see is answered 404 by Jira in the same words as one that does not
 * exist; these functions answer null for both, and callers keep them alike.
 * @see https://developer.atlassian.com/cloud/jira/software/rest/api-group-board/
 */

// Jira Software pages by `startAt`: boards and sprints at most 50 a page (JSWCLOUD-18382: Cloud
// ignores more), work items up to 100 (jira.search.views.default.max). A page's `maxResults` says
// what Jira used, and the pages after the first are asked at that size.
export const AGILE_PAGE_SIZE = 50;
export const AGILE_ISSUE_PAGE_SIZE = 100;
/** `POST /sprint/{id}/issue` and `POST /backlog/issue` move at most 50 work items a call. */
export const AGILE_MOVE_MAX = 50;

const fieldListSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    schema: z.object({ custom: z.string().optional() }).optional(),
  }),
);

const SPRINT_FIELD_TYPE = 'com.pyxis.greenhopper.jira:gh-sprint';

/**
 * The id of the Sprint field, a custom field whose id differs per site (customfield_10020 on most
 * Cloud sites): found by its type, else by its name. Null where the site has none (no Jira
 * Software).
 */
export async function sprintFieldId(client: JiraClient): Promise<string | null> {
  const fields = await client.json({ method: 'GET', path: '/rest/api/3/field' }, fieldListSchema);
  return (
    fields.find((f) => f.schema?.custom === SPRINT_FIELD_TYPE)?.id ??
    fields.find((f) => f.name.toLowerCase() === 'sprint')?.id ??
    null
  );
}

async function pagedValues<T>(
  client: JiraClient,
  path: string,
  query: Record<string, string | number | undefined>,
  value: z.ZodType<T>,
  limit: number,
): Promise<T[]> {
  const schema = valuePageSchema(value);
  const out: T[] = [];
  for (let startAt = 0; out.length < limit;) {
    const page = await client.json(
      { method: 'GET', path: withQuery(path, { ...query, startAt, maxResults: AGILE_PAGE_SIZE }) },
      schema,
    );
    out.push(...page.values);
    if (page.isLast === true || page.values.length === 0) break;
    startAt = page.startAt + page.values.length;
    if (page.total !== undefined && startAt >= page.total) break;
  }
  return out.slice(0, limit);
}

/** `GET /board?projectKeyOrId=`: the boards of a space the person may see. */
export function listBoards(client: JiraClient, projectKeyOrId: string, limit = 200): Promise<JiraBoard[]> {
  return pagedValues(client, '/rest/agile/1.0/board', { projectKeyOrId }, boardSchema, limit);
}

/** `GET /board/{id}`; null when it does not exist or the person may not see it. */
export function getBoard(client: JiraClient, boardId: number): Promise<JiraBoard | null> {
  return client.jsonOrNull({ method: 'GET', path: jiraPath`/rest/agile/1.0/board/${boardId}` }, boardSchema);
}

/** `GET /board/{id}/configuration`: its columns and their statuses, its estimation field. */
export function getBoardConfiguration(
  client: JiraClient,
  boardId: number,
): Promise<JiraBoardConfiguration | null> {
  return client.jsonOrNull(
    { method: 'GET', path: jiraPath`/rest/agile/1.0/board/${boardId}/configuration` },
    boardConfigurationSchema,
  );
}

/** `GET /board/{id}/sprint?state=`: the board's sprints in Jira's order (by start, then created). */
export function listSprints(
  client: JiraClient,
  boardId: number,
  states: readonly SprintState[],
  limit = 500,
): Promise<JiraSprint[]> {
  return pagedValues(
    client,
    jiraPath`/rest/agile/1.0/board/${boardId}/sprint`,
    { state: states.join(',') },
    sprintSchema,
    limit,
  );
}

/** `GET /sprint/{id}`; null when it does not exist or the person may not see its board. */
export function getSprint(client: JiraClient, sprintId: number): Promise<JiraSprint | null> {
  return client.jsonOrNull(
    { method: 'GET', path: jiraPath`/rest/agile/1.0/sprint/${sprintId}` },
    sprintSchema,
  );
}

/** A work item as a board's lists give it: its flow fields, its sprints, its estimate. */
export interface BoardIssue {
  readonly issue: JiraIssue;
  readonly sprints: readonly SprintValue[];
  /** Null when the board does not estimate or the work item has no estimate. */
  readonly estimate: number | null;
}

export interface BoardFields {
  /** The Sprint field's id (null on a site without one). */
  readonly sprintField: string | null;
  /** The board's estimation field (null when it counts work items). */
  readonly estimateField: string | null;
}

const issuePageSchema = z.object({
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int().optional(),
  issues: z.array(z.looseObject({ fields: z.record(z.string(), z.unknown()).optional() })),
});

function boardIssueOf(
  raw: z.infer<typeof issuePageSchema>['issues'][number],
  fields: BoardFields,
): BoardIssue {
  const f = raw.fields ?? {};
  return {
    issue: issueSchema.parse(raw),
    sprints: fields.sprintField === null ? [] : readSprintField(f[fields.sprintField]),
    estimate: fields.estimateField === null ? null : readEstimate(f[fields.estimateField]),
  };
}

/**
 * Follows `startAt` pages of a list of work items: the first page says the total, and the rest are
 * asked side by side (the client bounds how many are in flight). A list grows while it is read in
 * Jira too; a work item met twice is kept once.
 */
async function issuePages(
  client: JiraClient,
  path: string,
  fields: BoardFields,
  options: { readonly jql?: string; readonly limit: number },
): Promise<BoardIssue[]> {
  const asked = [
    ...FLOW_FIELDS,
    ...(fields.sprintField !== null ? [fields.sprintField] : []),
    ...(fields.estimateField !== null ? [fields.estimateField] : []),
  ];
  const page = (startAt: number, maxResults: number) =>
    client.json(
      {
        method: 'GET',
        path: withQuery(path, { startAt, maxResults, fields: asked, jql: options.jql }),
      },
      issuePageSchema,
    );
  const first = await page(0, Math.min(AGILE_ISSUE_PAGE_SIZE, options.limit));
  const total = Math.min(first.total ?? first.issues.length, options.limit);
  const rest: Promise<z.infer<typeof issuePageSchema>>[] = [];
  const size = Math.max(1, first.maxResults);
  for (let startAt = first.issues.length; startAt < total; startAt += size)
    rest.push(page(startAt, Math.min(size, total - startAt)));
  const seen = new Set<string>();
  const out: BoardIssue[] = [];
  for (const p of [first, ...(await Promise.all(rest))]) {
    for (const raw of p.issues) {
      const item = boardIssueOf(raw, fields);
      if (seen.has(item.issue.id) || out.length >= options.limit) continue;
      seen.add(item.issue.id);
      out.push(item);
    }
  }
  return out;
}

/** `GET /sprint/{id}/issue`: the work items of a sprint, in rank order. */
export function sprintIssues(
  client: JiraClient,
  sprintId: number,
  fields: BoardFields,
  limit: number,
): Promise<BoardIssue[]> {
  return issuePages(client, jiraPath`/rest/agile/1.0/sprint/${sprintId}/issue`, fields, { limit });
}

/** `GET /board/{id}/backlog`: the board's backlog, in rank order (a Kanban board's first column). */
export function backlogIssues(
  client: JiraClient,
  boardId: number,
  fields: BoardFields,
  limit: number,
): Promise<BoardIssue[]> {
  return issuePages(client, jiraPath`/rest/agile/1.0/board/${boardId}/backlog`, fields, { limit });
}

/** `GET /board/{id}/issue?jql=`: the board's work items that also match `jql`, in rank order. */
export function boardIssues(
  client: JiraClient,
  boardId: number,
  fields: BoardFields,
  options: { readonly jql?: string; readonly limit: number },
): Promise<BoardIssue[]> {
  return issuePages(client, jiraPath`/rest/agile/1.0/board/${boardId}/issue`, fields, options);
}

/**
 * `POST /sprint/{id}/issue`: moves work items into a sprint as the calling user (Jira takes them
 * out of any other open sprint). At most 50 a call; a closed sprint, or a work item the person may
 * not edit or schedule, is refused by Jira and nothing is moved.
 */
export function moveToSprint(
  client: JiraClient,
  sprintId: number,
  issueKeys: readonly string[],
): Promise<void> {
  if (issueKeys.length === 0 || issueKeys.length > AGILE_MOVE_MAX)
    throw new DomainError('INVALID_INPUT', `Move 1 to ${AGILE_MOVE_MAX} work items at a time.`);
  return client.noContent({
    method: 'POST',
    path: jiraPath`/rest/agile/1.0/sprint/${sprintId}/issue`,
    body: { issues: issueKeys },
  });
}

const sprintFieldAnswerSchema = z.object({
  fields: z.record(z.string(), z.unknown()).optional(),
});

/**
 * The sprints a work item is or was in, read afresh as the person (`GET /rest/api/3/issue/{key}`
 * with the Sprint field alone); null when it does not exist or they may not see it.
 */
export async function workItemSprints(
  client: JiraClient,
  issueKey: string,
  fields: BoardFields,
): Promise<SprintValue[] | null> {
  if (fields.sprintField === null) return [];
  const answer = await client.jsonOrNull(
    {
      method: 'GET',
      path: withQuery(jiraPath`/rest/api/3/issue/${issueKey}`, { fields: [fields.sprintField] }),
    },
    sprintFieldAnswerSchema,
  );
  return answer === null ? null : readSprintField(answer.fields?.[fields.sprintField]);
}
