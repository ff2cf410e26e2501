import { z } from 'zod';
import { jiraPath, withQuery } from './http';
import type { JiraClient } from './jira-client';
import {
  changeHistoryListSchema,
  issueListSchema,
  issueSchema,
  issueTypeSchema,
  projectSchema,
  statusListSchema,
  statusSchema,
  type JiraChangeHistory,
  type JiraIssue,
  type JiraIssueType,
  type JiraProject,
  type JiraStatus,
} from './schemas';

/**
 * The Jira Cloud REST v3 endpoints the app uses, one function each, with the limits of each
 * endpoint kept here beside the call that meets them.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 */

/** The fields every flow computation reads; search returns only `id` unless asked. */
export const FLOW_FIELDS = [
  'issuetype',
  'status',
  'labels',
  'resolution',
  'created',
  'resolutiondate',
  'parent',
  'project',
  'updated',
  'summary',
] as const;

// Enhanced search pages hold at most 100 issues when fields are requested.
const SEARCH_PAGE_SIZE = 100;
// changelog/bulkfetch takes at most 1000 issues and 10 field ids per call (400 beyond).
export const BULK_CHANGELOG_MAX_ISSUES = 1000;
const BULK_CHANGELOG_PAGE_SIZE = 10_000;

const searchPageSchema = z.object({
  issues: issueListSchema,
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

export interface SearchOptions {
  readonly jql: string;
  readonly fields?: readonly string[];
  readonly properties?: readonly string[];
  /** Called with each page as it arrives, so that dependent requests can start early. */
  readonly onPage?: (issues: readonly JiraIssue[]) => void;
  /** Stop after this many issues (a guard against runaway queries). */
  readonly limit?: number;
}

/**
 * Follows a search's token pages, each sent with `body` and the page's token, handing each page's
 * issues to `onPage`; stops after the last page (an empty one ends it too) or when `onPage` says so.
 */
async function pageThrough<T>(
  client: JiraClient,
  body: Readonly<Record<string, unknown>>,
  schema: z.ZodType<{ issues: T[]; nextPageToken?: string | null | undefined; isLast?: boolean | undefined }>,
  onPage: (issues: readonly T[]) => 'more' | 'enough',
): Promise<void> {
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await client.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: { ...body, ...(nextPageToken !== undefined ? { nextPageToken } : {}) },
      },
      schema,
    );
    if (onPage(page.issues) === 'enough') return;
    if (page.isLast === true || page.issues.length === 0) return;
    const next = page.nextPageToken ?? null;
    if (next === null) return;
    nextPageToken = next;
  }
}

/** The changelog fields a flow report reads: status, and Flagged where the site has it. */
export function changelogFields(flaggedId: string | null): string[] {
  return flaggedId === null ? ['status'] : ['status', flaggedId];
}

/**
 * `POST /rest/api/3/search/jql`: token paging, no `total` (the old `/rest/api/3/search` answers 410).
 * The property of the debt agreement comes inline with `properties`, saving a call per epic.
 */
export async function searchIssues(client: JiraClient, options: SearchOptions): Promise<JiraIssue[]> {
  const issues: JiraIssue[] = [];
  const body = {
    jql: options.jql,
    fields: options.fields ?? FLOW_FIELDS,
    ...(options.properties !== undefined ? { properties: options.properties } : {}),
    maxResults: SEARCH_PAGE_SIZE,
  };
  await pageThrough(client, body, searchPageSchema, (page) => {
    issues.push(...page);
    options.onPage?.(page);
    return options.limit !== undefined && issues.length >= options.limit ? 'enough' : 'more';
  });
  return options.limit !== undefined ? issues.slice(0, options.limit) : issues;
}

// With no fields at all, a page holds up to 5000 ids.
export const SEARCH_IDS_PAGE_SIZE = 5000;
// `id in (...)` of one page: as many ids as a page with fields holds.
export const SEARCH_BY_IDS_MAX = SEARCH_PAGE_SIZE;

const idPageSchema = z.object({
  issues: z.array(z.object({ id: z.string() })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/**
 * The ids of the issues a JQL search returns, as the calling user may see them: `fields: []`, 5000
 * a page. What this search returns is what a user may be shown (docs/jira.md#the-fact-cache).
 */
export async function searchIds(
  client: JiraClient,
  jql: string,
  onPage?: (ids: readonly string[]) => void,
): Promise<string[]> {
  const ids: string[] = [];
  await pageThrough(client, { jql, fields: [], maxResults: SEARCH_IDS_PAGE_SIZE }, idPageSchema, (page) => {
    const pageIds = page.map((i) => i.id);
    ids.push(...pageIds);
    onPage?.(pageIds);
    return 'more';
  });
  return ids;
}

/**
 * The flow fields of up to 100 issues named by id, in one search page: the slices of a large read
 * go out side by side instead of one token page after another.
 */
export async function searchByIds(
  client: JiraClient,
  ids: readonly string[],
  properties: readonly string[] = [],
): Promise<JiraIssue[]> {
  if (ids.length === 0) return [];
  if (ids.length > SEARCH_BY_IDS_MAX || ids.some((id) => !/^\d+$/.test(id))) {
    throw new Error(`searchByIds takes 1 to ${SEARCH_BY_IDS_MAX} numeric issue ids`);
  }
  const page = await client.json(
    {
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: {
        jql: `id in (${ids.join(',')})`,
        fields: FLOW_FIELDS,
        ...(properties.length > 0 ? { properties } : {}),
        maxResults: SEARCH_PAGE_SIZE,
      },
    },
    searchPageSchema,
  );
  return page.issues;
}

/** `POST /rest/api/3/search/approximate-count`: eventually consistent, cheap. */
export async function approximateCount(client: JiraClient, jql: string): Promise<number> {
  const r = await client.json(
    { method: 'POST', path: '/rest/api/3/search/approximate-count', body: { jql } },
    z.object({ count: z.number().int() }),
  );
  return r.count;
}

const bulkChangelogSchema = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: changeHistoryListSchema })),
  nextPageToken: z.string().nullish(),
});

/**
 * `POST /rest/api/3/changelog/bulkfetch` for up to 1000 issues, following its own token paging.
 * Results come oldest first across issues; they are gathered per issue id.
 */
async function bulkChangelogBatch(
  client: JiraClient,
  issueIds: readonly string[],
  fieldIds: readonly string[],
  into: Map<string, JiraChangeHistory[]>,
): Promise<void> {
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await client.json(
      {
        method: 'POST',
        path: '/rest/api/3/changelog/bulkfetch',
        body: {
          issueIdsOrKeys: issueIds,
          fieldIds,
          maxResults: BULK_CHANGELOG_PAGE_SIZE,
          ...(nextPageToken !== undefined ? { nextPageToken } : {}),
        },
      },
      bulkChangelogSchema,
    );
    for (const log of page.issueChangeLogs) {
      const list = into.get(log.issueId) ?? [];
      list.push(...log.changeHistories);
      into.set(log.issueId, list);
    }
    if (page.nextPageToken === undefined || page.nextPageToken === null || page.issueChangeLogs.length === 0)
      return;
    nextPageToken = page.nextPageToken;
  }
}

/**
 * Changelogs (status and Flagged only) for any number of issues: ⌈N/1000⌉ batches, in parallel
 * within the client's concurrency. Issue ids absent from the answer have no changes.
 */
export async function bulkChangelogs(
  client: JiraClient,
  issueIds: readonly string[],
  fieldIds: readonly string[],
): Promise<Map<string, JiraChangeHistory[]>> {
  const into = new Map<string, JiraChangeHistory[]>();
  const batches: Promise<void>[] = [];
  for (let i = 0; i < issueIds.length; i += BULK_CHANGELOG_MAX_ISSUES) {
    batches.push(
      bulkChangelogBatch(client, issueIds.slice(i, i + BULK_CHANGELOG_MAX_ISSUES), fieldIds, into),
    );
  }
  await Promise.all(batches);
  return into;
}

const fieldListSchema = z.array(
  z.object({ id: z.string(), name: z.string(), custom: z.boolean().optional() }),
);

/**
 * The id of the `Flagged` field: a custom field whose id differs per site (customfield_10021 on
 * many), so it is looked up by name. Null where the site has none.
 */
export async function flaggedFieldId(client: JiraClient): Promise<string | null> {
  const fields = await client.json({ method: 'GET', path: '/rest/api/3/field' }, fieldListSchema);
  return fields.find((f) => f.name.toLowerCase() === 'flagged')?.id ?? null;
}

/** `GET /rest/api/3/status`: every status of the site, including those no workflow uses now. */
export function getStatuses(client: JiraClient): Promise<JiraStatus[]> {
  return client.json({ method: 'GET', path: '/rest/api/3/status' }, statusListSchema);
}

const projectStatusesSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    subtask: z.boolean().optional(),
    statuses: z.array(statusSchema),
  }),
);

/** `GET /rest/api/3/project/{key}/statuses`: the statuses of each issue type's workflow. */
export async function getProjectStatuses(client: JiraClient, projectKey: string): Promise<JiraStatus[]> {
  const byType = await client.json(
    { method: 'GET', path: jiraPath`/rest/api/3/project/${projectKey}/statuses` },
    projectStatusesSchema,
  );
  return byType.flatMap((t) => t.statuses);
}

/** `GET /rest/api/3/project/{key}`; a project the user may not browse is 404, as if absent. */
export function getProject(client: JiraClient, projectKey: string): Promise<JiraProject> {
  return client.json({ method: 'GET', path: jiraPath`/rest/api/3/project/${projectKey}` }, projectSchema);
}

const projectPageSchema = z.object({
  values: z.array(projectSchema),
  isLast: z.boolean().optional(),
  startAt: z.number().int().optional(),
  maxResults: z.number().int().optional(),
});

/** `GET /rest/api/3/project/search`: the projects the user may browse, in pages of up to 50. */
export async function searchProjects(client: JiraClient, limit = 500): Promise<JiraProject[]> {
  const out: JiraProject[] = [];
  for (let startAt = 0; out.length < limit;) {
    const page = await client.json(
      {
        method: 'GET',
        path: withQuery('/rest/api/3/project/search', { startAt, maxResults: 50, orderBy: 'key' }),
      },
      projectPageSchema,
    );
    out.push(...page.values);
    if (page.isLast !== false || page.values.length === 0) break;
    startAt += page.values.length;
  }
  return out.slice(0, limit);
}

/** `GET /rest/api/3/issuetype/project?projectId=`: issue types with their hierarchy levels. */
export function getProjectIssueTypes(client: JiraClient, projectId: string): Promise<JiraIssueType[]> {
  return client.json(
    { method: 'GET', path: withQuery('/rest/api/3/issuetype/project', { projectId }) },
    z.array(issueTypeSchema),
  );
}

export type PermissionKey = 'BROWSE_PROJECTS' | 'EDIT_ISSUES' | 'ADMINISTER_PROJECTS' | 'ADMINISTER';

const myPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

/** `GET /rest/api/3/mypermissions`: what the calling user may do, in one project or site-wide. */
export async function getMyPermissions(
  client: JiraClient,
  permissions: readonly PermissionKey[],
  scope: { projectKey?: string; issueKey?: string } = {},
): Promise<Record<PermissionKey, boolean>> {
  const r = await client.json(
    {
      method: 'GET',
      path: withQuery('/rest/api/3/mypermissions', {
        permissions,
        projectKey: scope.projectKey,
        issueKey: scope.issueKey,
      }),
    },
    myPermissionsSchema,
  );
  const has = (k: PermissionKey): boolean => r.permissions[k]?.havePermission === true;
  return {
    BROWSE_PROJECTS: has('BROWSE_PROJECTS'),
    EDIT_ISSUES: has('EDIT_ISSUES'),
    ADMINISTER_PROJECTS: has('ADMINISTER_PROJECTS'),
    ADMINISTER: has('ADMINISTER'),
  };
}

const myselfSchema = z.object({
  accountId: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  timeZone: z.string().optional(),
});
export type Myself = z.infer<typeof myselfSchema>;

export function getMyself(client: JiraClient): Promise<Myself> {
  return client.json({ method: 'GET', path: '/rest/api/3/myself' }, myselfSchema);
}

const userSchema = z.object({ accountId: z.string(), displayName: z.string().optional() });

/**
 * `GET /rest/api/3/user/viewissue/search`: people who may browse a project, matching a query (their
 * name or e-mail), as the calling user may see them; at most 20.
 */
export async function searchUsersWhoCanBrowse(
  client: JiraClient,
  projectKey: string,
  query: string,
): Promise<{ accountId: string; displayName: string }[]> {
  const users = await client.json(
    {
      method: 'GET',
      path: withQuery('/rest/api/3/user/viewissue/search', { projectKey, query, maxResults: 20 }),
    },
    z.array(userSchema),
  );
  return users.map((u) => ({ accountId: u.accountId, displayName: u.displayName ?? u.accountId }));
}

/** `GET /rest/api/3/user?accountId=`: a person as the calling user may see them; null when not found. */
export function getUser(client: JiraClient, accountId: string): Promise<z.infer<typeof userSchema> | null> {
  return client.jsonOrNull({ method: 'GET', path: withQuery('/rest/api/3/user', { accountId }) }, userSchema);
}

/** `GET /rest/api/3/issue/{key}` with the flow fields; null when absent or invisible to the user. */
export function getIssue(
  client: JiraClient,
  issueKey: string,
  properties: readonly string[] = [],
): Promise<JiraIssue | null> {
  return client.jsonOrNull(
    {
      method: 'GET',
      path: withQuery(jiraPath`/rest/api/3/issue/${issueKey}`, {
        fields: FLOW_FIELDS,
        properties: properties.length > 0 ? properties : undefined,
      }),
    },
    issueSchema,
  );
}

const propertySchema = z.object({ key: z.string(), value: z.unknown() });

/** An issue entity property's value, or null when the issue has none. */
export async function getIssueProperty(
  client: JiraClient,
  issueKey: string,
  propertyKey: string,
): Promise<unknown> {
  const r = await client.jsonOrNull(
    { method: 'GET', path: jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}` },
    propertySchema,
  );
  return r === null ? null : r.value;
}

/** Sets a property: the body is the raw JSON value, at most 32 768 characters (400 beyond). */
export function setIssueProperty(
  client: JiraClient,
  issueKey: string,
  propertyKey: string,
  value: unknown,
): Promise<void> {
  return client.noContent({
    method: 'PUT',
    path: jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
    body: value,
  });
}

export function deleteIssueProperty(
  client: JiraClient,
  issueKey: string,
  propertyKey: string,
): Promise<void> {
  return client.noContent({
    method: 'DELETE',
    path: jiraPath`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
  });
}

/** Adds and removes labels with `update.labels`, leaving the issue's other labels alone. */
export function editLabels(
  client: JiraClient,
  issueKey: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
): Promise<void> {
  const operations = [
    ...(change.add ?? []).map((l) => ({ add: l })),
    ...(change.remove ?? []).map((l) => ({ remove: l })),
  ];
  return client.noContent({
    method: 'PUT',
    path: jiraPath`/rest/api/3/issue/${issueKey}`,
    body: { update: { labels: operations } },
  });
}
