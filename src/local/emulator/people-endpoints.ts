import { visibleIssue, visibleProject, visibleProjects } from './access';
import { csv, HttpError, json, type Context, type EmulatorResponse, type EndpointHost } from './protocol';
import { userJson } from './representations';
import { canAdminister, canBrowse, canCreate, canEdit } from './users';

/** Who the caller is, who else there is, and what the caller may do: Jira's user and permission endpoints. */

export function myself(host: EndpointHost, c: Context): EmulatorResponse {
  if (c.actor.kind === 'app') {
    return json(200, {
      accountId: 'flow-ledger-app',
      accountType: 'app',
      displayName: 'Flow Ledger',
      active: true,
    });
  }
  return json(200, userJson(host.baseUrl, c.actor.user));
}

/** A person by account id, as anyone signed in may look one up ("Browse users and groups"). */
export function user(host: EndpointHost, c: Context): EmulatorResponse {
  const accountId = c.query.get('accountId');
  if (accountId === null) throw new HttpError(400, 'The accountId query parameter needs to be provided.');
  const user = host.site.users.find((u) => u.accountId === accountId);
  if (user === undefined)
    throw new HttpError(404, 'Specified user does not exist or you do not have required permissions');
  return json(200, userJson(host.baseUrl, user));
}

/** People who may browse a project (or an issue's project), whose name or e-mail starts a word with the query. */
export function usersWhoCanBrowse(host: EndpointHost, c: Context): EmulatorResponse {
  const issueKey = c.query.get('issueKey');
  const projectKey = c.query.get('projectKey');
  if (issueKey === null && projectKey === null)
    throw new HttpError(400, 'Either issueKey or projectKey must be provided.');
  const scope =
    issueKey !== null
      ? visibleIssue(host.site, c.actor, issueKey).projectKey
      : visibleProject(host.site, c.actor, projectKey ?? '').key;
  const query = (c.query.get('query') ?? c.query.get('username') ?? '').trim().toLowerCase();
  const max = Math.min(1000, Math.max(1, Number(c.query.get('maxResults') ?? 50) || 50));
  const matches = host.site.users.filter(
    (u) =>
      canBrowse({ kind: 'user', user: u }, scope) &&
      (query === '' ||
        u.emailAddress.toLowerCase().startsWith(query) ||
        u.displayName
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(query))),
  );
  return json(
    200,
    matches.slice(0, max).map((u) => userJson(host.baseUrl, u)),
  );
}

export function myPermissions(host: EndpointHost, c: Context): EmulatorResponse {
  const keys = csv(c.query.get('permissions'));
  if (keys === undefined || keys.length === 0)
    throw new HttpError(400, 'The permissions query parameter is required.');
  const projectKey = c.query.get('projectKey') ?? c.query.get('projectId');
  const issueKey = c.query.get('issueKey') ?? c.query.get('issueId');
  let scope: string | null = null;
  if (issueKey !== null) scope = visibleIssue(host.site, c.actor, issueKey).projectKey;
  else if (projectKey !== null) scope = visibleProject(host.site, c.actor, projectKey).key;
  const permissions: Record<string, unknown> = {};
  for (const key of keys) {
    let have: boolean;
    switch (key) {
      case 'BROWSE_PROJECTS':
        have = scope === null ? visibleProjects(host.site, c.actor).length > 0 : canBrowse(c.actor, scope);
        break;
      case 'EDIT_ISSUES':
        have =
          scope === null ? host.site.projects.some((p) => canEdit(c.actor, p.key)) : canEdit(c.actor, scope);
        break;
      case 'CREATE_ISSUES':
        have =
          scope === null
            ? host.site.projects.some((p) => canCreate(c.actor, p.key))
            : canCreate(c.actor, scope);
        break;
      case 'ADMINISTER_PROJECTS':
        have =
          scope === null
            ? host.site.projects.some((p) => canAdminister(c.actor, p.key))
            : canAdminister(c.actor, scope);
        break;
      case 'ADMINISTER':
        have = c.actor.kind === 'app' || c.actor.user.siteAdmin;
        break;
      default:
        throw new HttpError(400, `Unrecognized permission key: ${key}`);
    }
    permissions[key] = {
      id: key,
      key,
      name: key.replace(/_/g, ' ').toLowerCase(),
      type: key === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT',
      description: '',
      havePermission: have,
    };
  }
  return json(200, { permissions });
}
