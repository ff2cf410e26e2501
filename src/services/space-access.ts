import { DomainError } from '../domain/errors';
import { getProject, PROJECT_SEARCH_MAX_NAMED, searchNamedProjects, searchProjects } from '../jira/jira-api';
import { chunksOf } from './key-value-store';
import { JiraError, type JiraClient } from '../jira/jira-client';
import type { JiraProject } from '../jira/schemas';

/**
 * What a person who may not see a space or a work item is told: the same as for one that does not
 * exist, word for word, naming it as they gave it (docs/architecture.md#who-sees-what). Nothing
 * cached, canonical or counted may reach them, so every read of a space starts with Jira's own
 * answer to them, before any cache is consulted.
 */

export function spaceNotFound(projectKey: string): DomainError {
  return new DomainError('NOT_FOUND', `No space ${projectKey} exists, or you may not see it.`);
}

export function workItemNotFound(issueKey: string): DomainError {
  return new DomainError('NOT_FOUND', `Work item ${issueKey} does not exist or you may not see it.`);
}

/**
 * Jira answers 404 for a project the user may not browse (as for one that does not exist) and 400
 * for a search that names it: to them it does not exist, whichever of the two found out.
 */
export function asSpaceNotFound(e: unknown, projectKey: string): unknown {
  if (e instanceof JiraError && (e.status === 400 || e.status === 404)) return spaceNotFound(projectKey);
  return e;
}

/** A space as the app refers to it: Jira's id, its key and its name. */
export interface Space {
  /** Jira's id: it outlives a change of key, so whatever the app stores of a space is keyed by it. */
  readonly id: string;
  readonly key: string;
  readonly name: string;
}

/**
 * The one rule for a space's reference: Jira's own id. Jira's project answers always carry it (the
 * OpenAPI schema leaves it optional); settings, facts and agreements are stored under it, so a
 * space without one is an error rather than a key or an empty id standing in for it.
 */
export function spaceOf(project: JiraProject): Space {
  if (project.id === undefined || project.id === '')
    throw new DomainError('INTERNAL', `Jira gave no id for the space ${project.key}.`);
  return { id: project.id, key: project.key, name: project.name ?? project.key };
}

/** The spaces the calling user may see, as Jira lists them to them. */
export async function listSpaces(jira: JiraClient): Promise<Space[]> {
  return (await searchProjects(jira)).map(spaceOf);
}

/** The space as the calling user may see it, asked of Jira as them; NOT_FOUND when they may not. */
export async function visibleSpace(jira: JiraClient, projectKey: string): Promise<Space> {
  let project: JiraProject;
  try {
    project = await getProject(jira, projectKey);
  } catch (e) {
    throw asSpaceNotFound(e, projectKey);
  }
  return spaceOf(project);
}

/**
 * Of the spaces named by Jira's id (a value stream's), those the calling user may browse, as Jira
 * lists them to them: one call for each 50, however many spaces the site has. An id that is not a
 * number names no space Jira could have.
 */
export async function spacesById(jira: JiraClient, ids: readonly string[]): Promise<Space[]> {
  const named = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  const pages = await Promise.all(
    chunksOf(named, PROJECT_SEARCH_MAX_NAMED).map((chunk) => searchNamedProjects(jira, 'id', chunk)),
  );
  return pages.flat().map(spaceOf);
}

/** Of the spaces named by key (as a person types them), those the calling user may browse. */
export async function spacesByKey(jira: JiraClient, keys: readonly string[]): Promise<Space[]> {
  const named = [...new Set(keys.map((k) => k.toUpperCase()))];
  const pages = await Promise.all(
    chunksOf(named, PROJECT_SEARCH_MAX_NAMED).map((chunk) => searchNamedProjects(jira, 'keys', chunk)),
  );
  return pages.flat().map(spaceOf);
}
