import { z } from 'zod';
import { creatableProject, editableIssue, visibleIssue } from './access';
import {
  createBodySchema,
  csv,
  editBodySchema,
  FieldErrors,
  HttpError,
  json,
  noContent,
  parseBody,
  readJsonBody,
  type Context,
  type EmulatorResponse,
  type EndpointHost,
} from './protocol';
import { issueJson, issueTypeJson, selectionOf, statusJson, userJson } from './representations';
import { formatJiraDateTime, type EmulatedSite, type SiteIssueType, type SiteProject } from './site';

/**
 * One work item: create it, read it, change its labels, and its entity properties (Jira's
 * 32 768-character limit).
 */

export const PROPERTY_VALUE_MAX_CHARS = 32_768;

export function getIssue(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = visibleIssue(host.site, c.actor, c.params[0] ?? '');
  const fields = c.query.getAll('fields').flatMap((f) => f.split(','));
  const selection = selectionOf(
    fields.length > 0 ? fields : undefined,
    c.query.get('expand') ?? undefined,
    csv(c.query.get('properties')),
    host.changelogLimit,
    true,
  );
  return json(200, issueJson(host.baseUrl, host.site, issue, selection));
}

export function editIssue(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = editableIssue(host.site, c.actor, c.params[0] ?? '');
  const body = parseBody(editBodySchema, c.body);
  const unsupported = [...Object.keys(body.fields ?? {}), ...Object.keys(body.update ?? {})].filter(
    (k) => k !== 'labels',
  );
  if (unsupported.length > 0) {
    throw new HttpError(
      400,
      `Field '${unsupported[0] ?? ''}' cannot be set. It is not on the appropriate screen, or unknown.`,
    );
  }
  const before = issue.parsed.fields.labels ?? [];
  let labels = [...(body.fields?.labels ?? before)];
  for (const op of body.update?.labels ?? []) {
    if (op.set !== undefined) labels = [...op.set];
    if (op.add !== undefined && !labels.includes(op.add)) labels.push(op.add);
    if (op.remove !== undefined) labels = labels.filter((l) => l !== op.remove);
  }
  for (const l of labels) {
    if (/\s/.test(l) || l.length > 255)
      throw new HttpError(400, `The label '${l}' contains spaces or is too long.`);
  }
  if (labels.join(' ') !== before.join(' ')) {
    host.site.relabel(issue, labels, c.now, c.actor.kind === 'user' ? c.actor.user : null);
    host.changed();
  }
  return noContent();
}

/** Jira keeps a summary to this many characters. */
export const SUMMARY_MAX_CHARS = 255;

/** The fields a work item can be created with here; Jira's create screen has more. */
const CREATABLE_FIELDS: ReadonlySet<string> = new Set([
  'project',
  'summary',
  'issuetype',
  'description',
  'labels',
]);

const NO_ISSUE_TYPE = 'Specify an issue type';

/** A reference by id (a string or a number, as Jira takes both) or by another key. */
const idOrKeyRef = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  key: z.string().optional(),
  name: z.string().optional(),
});

/**
 * `POST /rest/api/3/issue`, as Jira answers it: the space must be one the caller may browse (a
 * hidden space reads as absent, in the same words) and may create work items in (403 otherwise);
 * every other field that is wrong is named in one 400, each with Jira's reason. The new work item
 * starts in its type's initial status, reported by the caller (the app itself when it acts as
 * the app), and search and every other endpoint see it at once.
 */
export function createIssue(host: EndpointHost, c: Context): EmulatorResponse {
  const body = parseBody(createBodySchema, c.body);
  const { fields } = body;
  const ref = idOrKeyRef.safeParse(fields.project);
  const project = creatableProject(
    host.site,
    c.actor,
    ref.success ? (ref.data.id !== undefined ? String(ref.data.id) : ref.data.key) : undefined,
  );
  const errors: Record<string, string> = {};
  // Operations (`update`) are not taken here, on any field.
  const refused = [
    ...Object.keys(fields).filter((f) => !CREATABLE_FIELDS.has(f)),
    ...Object.keys(body.update ?? {}),
  ];
  for (const field of refused)
    errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
  const summary = summaryOf(fields.summary, errors);
  const type = issueTypeOf(host.site, project, fields.issuetype, errors);
  const labels = labelsOf(fields.labels, errors);
  const description = fields.description;
  if (
    description !== undefined &&
    description !== null &&
    (typeof description !== 'object' || Array.isArray(description))
  ) {
    errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
  }
  if (Object.keys(errors).length > 0 || summary === null || type === null) throw new FieldErrors(errors);

  const status = host.site.initialStatusOf(project.key, type.id);
  const person =
    c.actor.kind === 'user'
      ? userJson(host.baseUrl, c.actor.user)
      : { accountId: 'flow-ledger-app', accountType: 'app', displayName: 'Flow Ledger', active: true };
  const issue = host.site.addIssue(
    project.key,
    {
      summary,
      issuetype: issueTypeJson(host.baseUrl, type),
      project: {
        self: `${host.baseUrl}/rest/api/3/project/${project.id}`,
        id: project.id,
        key: project.key,
        name: project.name,
      },
      status: statusJson(host.baseUrl, status),
      statuscategorychangedate: formatJiraDateTime(c.now),
      resolution: null,
      resolutiondate: null,
      labels,
      reporter: person,
      creator: person,
      assignee: null,
      ...(description !== undefined ? { description } : {}),
    },
    c.now,
  );
  host.changed();
  return json(201, { id: issue.id, key: issue.key, self: `${host.baseUrl}/rest/api/3/issue/${issue.id}` });
}

function summaryOf(value: unknown, errors: Record<string, string>): string | null {
  if (value !== undefined && value !== null && typeof value !== 'string') {
    errors.summary = 'Operation value must be a string';
    return null;
  }
  const summary = (value ?? '').trim();
  if (summary === '') errors.summary = 'You must specify a summary of the issue.';
  else if (/[\r\n]/.test(summary))
    errors.summary = 'The summary is invalid because it contains newline characters.';
  else if (summary.length > SUMMARY_MAX_CHARS)
    errors.summary = `Summary can't exceed ${SUMMARY_MAX_CHARS} characters.`;
  else return summary;
  return null;
}

/**
 * The work type named by `fields.issuetype` (by id, else by name), among those the space's work
 * items have (all the site's where it has none, as its project answer lists them). A sub-task
 * type needs a parent, which is not one of the fields taken here.
 */
function issueTypeOf(
  site: EmulatedSite,
  project: SiteProject,
  value: unknown,
  errors: Record<string, string>,
): SiteIssueType | null {
  const ref = idOrKeyRef.safeParse(value);
  if (!ref.success || (ref.data.id === undefined && ref.data.name === undefined)) {
    errors.issuetype = NO_ISSUE_TYPE;
    return null;
  }
  const { id, name } = ref.data;
  const used = new Set(
    site.issues.filter((i) => i.projectKey === project.key).map((i) => i.parsed.fields.issuetype.id ?? ''),
  );
  const types = site.issueTypes.filter((t) => used.has(t.id));
  const named = (t: SiteIssueType): boolean => (id !== undefined ? t.id === String(id) : t.name === name);
  const type = (types.length > 0 ? types : site.issueTypes).find(named);
  if (type === undefined) {
    errors.issuetype = site.issueTypes.some(named) ? 'The issue type selected is invalid.' : NO_ISSUE_TYPE;
    return null;
  }
  if (type.subtask || type.hierarchyLevel < 0) {
    errors.issuetype = 'Issue type is a sub-task but parent issue key or id not specified.';
    return null;
  }
  return type;
}

function labelsOf(value: unknown, errors: Record<string, string>): string[] {
  if (value === undefined || value === null) return [];
  const labels = z.array(z.string()).safeParse(value);
  if (!labels.success) {
    errors.labels = 'Operation value must be an array of strings';
    return [];
  }
  const bad = labels.data.find((l) => l === '' || /\s/.test(l) || l.length > 255);
  if (bad !== undefined) errors.labels = `The label '${bad}' contains spaces or is too long.`;
  return [...new Set(labels.data)];
}

export function propertyKeys(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = visibleIssue(host.site, c.actor, c.params[0] ?? '');
  return json(200, {
    keys: [...issue.properties.keys()].map((key) => ({
      key,
      self: `${host.baseUrl}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
    })),
  });
}

export function getProperty(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = visibleIssue(host.site, c.actor, c.params[0] ?? '');
  const key = c.params[1] ?? '';
  if (!issue.properties.has(key)) throw new HttpError(404, `The property with key '${key}' does not exist.`);
  return json(200, { key, value: issue.properties.get(key) });
}

export function setProperty(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = editableIssue(host.site, c.actor, c.params[0] ?? '');
  const key = c.params[1] ?? '';
  if (key.length === 0 || key.length > 255)
    throw new HttpError(400, 'The property key must be between 1 and 255 characters.');
  const text = c.body ?? '';
  if (text.length > PROPERTY_VALUE_MAX_CHARS) {
    throw new HttpError(
      400,
      `The property value is too long. It must be at most ${PROPERTY_VALUE_MAX_CHARS} characters.`,
    );
  }
  const value = readJsonBody(text);
  const existed = issue.properties.has(key);
  issue.properties.set(key, value);
  host.changed();
  host.site.wrote(issue);
  return existed ? json(200, {}) : json(201, {});
}

export function deleteProperty(host: EndpointHost, c: Context): EmulatorResponse {
  const issue = editableIssue(host.site, c.actor, c.params[0] ?? '');
  const key = c.params[1] ?? '';
  host.changed();
  if (!issue.properties.delete(key))
    throw new HttpError(404, `The property with key '${key}' does not exist.`);
  host.site.wrote(issue);
  return noContent();
}
