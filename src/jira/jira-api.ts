import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { jiraPath, withQuery } from './http';
import { JiraError, type JiraClient } from './jira-client';
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

export type PermissionKey =
  'BROWSE_PROJECTS' | 'CREATE_ISSUES' | 'EDIT_ISSUES' | 'ADMINISTER_PROJECTS' | 'ADMINISTER';

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
    CREATE_ISSUES: has('CREATE_ISSUES'),
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

/** Jira keeps a work item's summary to this many characters. */
export const WORK_ITEM_SUMMARY_MAX_CHARS = 255;

export interface NewWorkItem {
  /** The space's key, as the person gave it. */
  readonly projectKey: string;
  readonly summary: string;
  /**
   * A work type of the space, by name. The caller chooses it ("Task", falling back to "Story"):
   * Jira's create metadata is not asked for.
   */
  readonly issueTypeName: string;
}

const createdIssueSchema = z.object({ id: z.string(), key: z.string(), self: z.string().optional() });

/**
 * `POST /rest/api/3/issue`: creates a work item as the calling user, who becomes its reporter, in
 * a space they may create in, with only a summary and a work type. The summary is checked here
 * first (Jira's rules: not blank, one line, at most 255 characters); what Jira refuses is told in
 * the app's words: a space that does not exist or that the person may not see is NOT_FOUND, in
 * the same words for both; one they may see but not create in is NOT_PERMITTED; a work type the
 * space does not have, or one that needs a parent, is INVALID_INPUT. Jira names the field of a
 * 400 only in its error body, which the client does not pass on, so after a refusal the person's
 * permissions in the space are asked to tell which it was.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 */
export async function createWorkItem(
  jira: JiraClient,
  item: NewWorkItem,
): Promise<{ id: string; key: string }> {
  const summary = item.summary.trim();
  if (summary === '') {
    throw new DomainError('INVALID_INPUT', 'A work item needs a summary.', {
      summary: 'Write a summary of the work item.',
    });
  }
  if (/[\r\n]/.test(summary)) {
    const why = 'A summary is one line: it cannot hold a line break.';
    throw new DomainError('INVALID_INPUT', why, { summary: why });
  }
  if (summary.length > WORK_ITEM_SUMMARY_MAX_CHARS) {
    const why = `A summary can be at most ${WORK_ITEM_SUMMARY_MAX_CHARS} characters; this one has ${summary.length}.`;
    throw new DomainError('INVALID_INPUT', why, { summary: why });
  }
  const issueTypeName = item.issueTypeName.trim();
  if (issueTypeName === '') {
    throw new DomainError('INVALID_INPUT', 'A work item needs a work type.', {
      issueTypeName: 'Choose a work type.',
    });
  }
  const projectKey = item.projectKey.trim();
  if (projectKey === '') {
    throw new DomainError('INVALID_INPUT', 'Name the space to create the work item in.', {
      projectKey: 'Name a space.',
    });
  }
  try {
    const created = await jira.json(
      {
        method: 'POST',
        path: '/rest/api/3/issue',
        // A create sent twice is two work items: a 5xx or no answer is not tried again.
        notIdempotent: true,
        body: {
          fields: {
            project: { key: projectKey },
            summary,
            issuetype: { name: issueTypeName },
          },
        },
      },
      createdIssueSchema,
    );
    return { id: created.id, key: created.key };
  } catch (e) {
    throw await whyNotCreated(jira, projectKey, issueTypeName, e);
  }
}

/** What a refused creation means for the person, asked of Jira as them. */
async function whyNotCreated(
  jira: JiraClient,
  projectKey: string,
  issueTypeName: string,
  e: unknown,
): Promise<unknown> {
  if (!(e instanceof JiraError) || (e.status !== 400 && e.status !== 403 && e.status !== 404)) return e;
  const notFound = new DomainError('NOT_FOUND', `No space ${projectKey} exists, or you may not see it.`);
  const notPermitted = new DomainError(
    'NOT_PERMITTED',
    `You may not create work items in space ${projectKey}.`,
  );
  let may: Record<PermissionKey, boolean>;
  try {
    may = await getMyPermissions(jira, ['BROWSE_PROJECTS', 'CREATE_ISSUES'], { projectKey });
  } catch (asked) {
    // Jira answers 404 alike for a space that does not exist and one the person may not browse.
    if (asked instanceof JiraError && (asked.status === 404 || asked.status === 400)) return notFound;
    return e;
  }
  if (!may.BROWSE_PROJECTS) return notFound;
  if (!may.CREATE_ISSUES || e.status === 403) return notPermitted;
  if (e.status === 404) return notFound;
  const why = `Space ${projectKey} has no work type "${issueTypeName}" to create a work item as (a sub-task type needs a parent).`;
  return new DomainError('INVALID_INPUT', why, { issueTypeName: why });
}
