import { editableIssue, visibleIssue } from './access';
import {
  csv,
  editBodySchema,
  HttpError,
  json,
  noContent,
  parseBody,
  readJsonBody,
  type Context,
  type EmulatorResponse,
  type EndpointHost,
} from './protocol';
import { issueJson, selectionOf } from './representations';

/** One work item: read it, change its labels, and its entity properties (Jira's 32 768-character limit). */

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
