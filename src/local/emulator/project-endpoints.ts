import { visibleProject, visibleProjects } from './access';
import { HttpError, json, type Context, type EmulatorResponse, type EndpointHost } from './protocol';
import { issueTypeJson, projectJson, statusJson } from './representations';

/** The spaces the caller may browse, their statuses and their work types: Jira's project endpoints. */

/** Paged like Jira's own (startAt, maxResults ≤ 100), only projects the caller may browse. */
export function projectSearch(host: EndpointHost, c: Context): EmulatorResponse {
  const startAt = Math.max(0, Number(c.query.get('startAt') ?? 0) || 0);
  const maxResults = Math.min(100, Math.max(1, Number(c.query.get('maxResults') ?? 50) || 50));
  // `id` and `keys` narrow the search to the spaces named, up to 50 of each; `action` (view,
  // browse, edit, create) is taken as browse, the one permission the emulator tells apart here.
  const ids = c.query.getAll('id');
  const keys = c.query.getAll('keys').map((k) => k.toUpperCase());
  if (ids.length > 50 || keys.length > 50)
    throw new HttpError(400, 'Up to 50 project IDs or keys can be provided.');
  if (ids.some((id) => !/^\d+$/.test(id))) throw new HttpError(400, 'The project id must be a number.');
  const action = c.query.get('action');
  if (action !== null && !['view', 'browse', 'edit', 'create'].includes(action))
    throw new HttpError(400, `Invalid action: ${action}`);
  const visible = visibleProjects(host.site, c.actor)
    .filter(
      (p) =>
        (ids.length === 0 || ids.includes(p.id)) && (keys.length === 0 || keys.includes(p.key.toUpperCase())),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
  const page = visible.slice(startAt, startAt + maxResults);
  const isLast = startAt + maxResults >= visible.length;
  return json(200, {
    self: `${host.baseUrl}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
    ...(isLast
      ? {}
      : {
          nextPage: `${host.baseUrl}/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}`,
        }),
    maxResults,
    startAt,
    total: visible.length,
    isLast,
    values: page.map((p) => projectJson(host.baseUrl, host.site, p)),
  });
}

/**
 * Each issue type of the project with the statuses of its workflow. A dataset has no workflows,
 * so a type's workflow is taken to be the listed statuses its issues are in or have passed through.
 */
export function projectStatuses(host: EndpointHost, c: Context): EmulatorResponse {
  const project = visibleProject(host.site, c.actor, c.params[0] ?? '');
  const byType = host.workflowOf(project.key);
  return json(
    200,
    host.site.issueTypes
      .filter((t) => byType.has(t.id))
      .map((t) => {
        const used = byType.get(t.id) ?? new Set<string>();
        return {
          self: `${host.baseUrl}/rest/api/3/issuetype/${t.id}`,
          id: t.id,
          name: t.name,
          subtask: t.subtask,
          statuses: host.site.statuses
            .filter((s) => used.has(s.id) || used.has(`name:${s.name.toLowerCase()}`))
            .map((s) => statusJson(host.baseUrl, s)),
        };
      }),
  );
}

export function projectIssueTypes(host: EndpointHost, c: Context): EmulatorResponse {
  const projectId = c.query.get('projectId');
  if (projectId === null) throw new HttpError(400, 'The projectId query parameter is required.');
  const project = visibleProject(host.site, c.actor, projectId);
  const level = c.query.get('level');
  const used = new Set(
    host.site.issues
      .filter((i) => i.projectKey === project.key)
      .map((i) => i.parsed.fields.issuetype.id ?? ''),
  );
  return json(
    200,
    host.site.issueTypes
      .filter((t) => used.has(t.id) && (level === null || String(t.hierarchyLevel) === level))
      .map((t) => ({
        ...issueTypeJson(host.baseUrl, t),
        scope: { type: 'PROJECT', project: { id: project.id } },
      })),
  );
}
