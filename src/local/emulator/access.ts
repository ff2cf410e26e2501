import { FieldErrors, HttpError } from './protocol';
import type { EmulatedSite, SiteIssue, SiteProject } from './site';
import { canBrowse, canCreate, canEdit, canSeeIssue, type Actor } from './users';

/** What a caller may see and change of the site, with the answers Jira gives when they may not. */

export function visibleProjects(site: EmulatedSite, actor: Actor): SiteProject[] {
  return site.projects.filter((p) => canBrowse(actor, p.key));
}

export function visibleIssue(site: EmulatedSite, actor: Actor, idOrKey: string): SiteIssue {
  const issue = site.issue(idOrKey);
  // Jira answers the same 404 for an issue that does not exist and one the user may not see.
  if (issue === undefined || !canSeeIssue(actor, issue)) {
    throw new HttpError(404, 'Issue does not exist or you do not have permission to see it.');
  }
  return issue;
}

export function editableIssue(site: EmulatedSite, actor: Actor, idOrKey: string): SiteIssue {
  const issue = visibleIssue(site, actor, idOrKey);
  if (!canEdit(actor, issue.projectKey))
    throw new HttpError(403, 'You do not have permission to edit issues in this project.');
  return issue;
}

export function visibleProject(site: EmulatedSite, actor: Actor, idOrKey: string): SiteProject {
  const project = site.project(idOrKey);
  if (project === undefined || !canBrowse(actor, project.key)) {
    throw new HttpError(404, `No project could be found with key '${idOrKey}'.`);
  }
  return project;
}

/**
 * The space a work item is to be created in (`fields.project` of a create, by id or key): Jira
 * answers an absent space and one the caller may not browse alike, as a field error, and one they
 * may browse but not create in with 403.
 */
export function creatableProject(site: EmulatedSite, actor: Actor, idOrKey: string | undefined): SiteProject {
  const project = idOrKey === undefined ? undefined : site.project(idOrKey);
  if (project === undefined || !canBrowse(actor, project.key))
    throw new FieldErrors({ project: 'Specify a valid project ID or key' });
  if (!canCreate(actor, project.key))
    throw new HttpError(403, 'You do not have permission to create issues in this project.');
  return project;
}
