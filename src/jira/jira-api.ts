import { z } from 'zod';
import { jiraPath, withQuery } from './http';
import type { JiraClient } from './jira-client';
import { FLOW_FIELDS } from './jira-search';
import {
  issueSchema,
  issueTypeSchema,
  projectSchema,
  statusListSchema,
  statusSchema,
  type JiraIssue,
  type JiraIssueType,
  type JiraProject,
  type JiraStatus,
} from './schemas';

/**
 * The Jira Cloud REST v3 endpoints the app uses beside search (jira-search.ts): the site's fields
 * and statuses, spaces, people and permissions, one work item and its properties and labels, one
 * function each, with the limits of each endpoint kept beside the call that meets them.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/
 */

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

/** Jira takes at most this many ids or keys in one `project/search`. */
export const PROJECT_SEARCH_MAX_NAMED = 50;

/**
 * `GET /rest/api/3/project/search?id=…` (or `keys=…`): of the spaces named, at most 50, those the
 * user may browse (`action=browse`), in one call whatever the site's size. Jira repeats the
 * parameter for each value (`id=1&id=2`), not a comma-separated list.
 */
export async function searchNamedProjects(
  client: JiraClient,
  by: 'id' | 'keys',
  named: readonly string[],
): Promise<JiraProject[]> {
  if (named.length === 0) return [];
  if (named.length > PROJECT_SEARCH_MAX_NAMED)
    throw new RangeError(`project/search names at most ${PROJECT_SEARCH_MAX_NAMED} spaces`);
  const search = new URLSearchParams({ maxResults: String(PROJECT_SEARCH_MAX_NAMED), action: 'browse' });
  for (const value of named) search.append(by, value);
  const page = await client.json(
    { method: 'GET', path: `/rest/api/3/project/search?${search.toString()}` },
    projectPageSchema,
  );
  return page.values;
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
