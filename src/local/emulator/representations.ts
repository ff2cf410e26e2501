import type { EmulatedSite, SiteHistory, SiteIssue, SiteIssueType, SiteProject, SiteStatus } from './site';
import type { EmulatedUser } from './users';

/**
 * The JSON shapes of Jira Cloud REST v3 (StatusDetails, IssueTypeDetails, Project, IssueBean,
 * User, ...), as the platform OpenAPI spec defines them; tests validate them against its schemas.
 */

const CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
  undefined: { id: 1, key: 'undefined', colorName: 'medium-gray', name: 'No Category' },
} as const;

export function statusCategoryJson(base: string, category: SiteStatus['category']): Record<string, unknown> {
  const c = CATEGORIES[category ?? 'undefined'];
  return { self: `${base}/rest/api/3/statuscategory/${c.id}`, ...c };
}

export function statusJson(base: string, s: SiteStatus): Record<string, unknown> {
  return {
    self: `${base}/rest/api/3/status/${s.id}`,
    description: '',
    iconUrl: `${base}/images/icons/statuses/generic.png`,
    name: s.name,
    untranslatedName: s.name,
    id: s.id,
    statusCategory: statusCategoryJson(base, s.category),
  };
}

export function issueTypeJson(base: string, t: SiteIssueType): Record<string, unknown> {
  return {
    self: `${base}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: '',
    iconUrl: `${base}/images/icons/issuetypes/generic.svg`,
    name: t.name,
    subtask: t.subtask,
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function projectJson(base: string, site: EmulatedSite, p: SiteProject): Record<string, unknown> {
  const types = site.issueTypes.filter((t) =>
    site.issues.some((i) => i.projectKey === p.key && (i.parsed.fields.issuetype.id ?? '') === t.id),
  );
  return {
    self: `${base}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    description: '',
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
    issueTypes: (types.length > 0 ? types : site.issueTypes).map((t) => issueTypeJson(base, t)),
    avatarUrls: avatarUrls(`${base}/secure/projectavatar?pid=${p.id}`),
  };
}

export function userJson(base: string, u: EmulatedUser): Record<string, unknown> {
  return {
    self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    accountType: 'atlassian',
    emailAddress: u.emailAddress,
    displayName: u.displayName,
    active: true,
    timeZone: u.timeZone,
    locale: 'en_US',
    avatarUrls: avatarUrls(`${base}/secure/useravatar?accountId=${encodeURIComponent(u.accountId)}`),
  };
}

function avatarUrls(base: string): Record<string, string> {
  return {
    '16x16': `${base}&size=xsmall`,
    '24x24': `${base}&size=small`,
    '32x32': `${base}&size=medium`,
    '48x48': `${base}&size=large`,
  };
}

export function historyJson(site: EmulatedSite, h: SiteHistory): Record<string, unknown> {
  return {
    id: h.id,
    ...(h.author !== undefined ? { author: h.author } : {}),
    created: h.created,
    items: h.items.map((item) => ({
      ...item,
      // Jira Cloud names every changed field by id as well as by name.
      fieldId: site.fieldIdOf(item),
      fieldtype: item.fieldtype ?? (site.fieldIdOf(item).startsWith('customfield_') ? 'custom' : 'jira'),
    })),
  };
}

export interface IssueSelection {
  /** Field ids to include; `all` for every field. */
  readonly fields: 'all' | ReadonlySet<string>;
  readonly excluded: ReadonlySet<string>;
  readonly changelog: boolean;
  readonly properties: readonly string[];
  /** Histories returned with `expand=changelog` (Jira pages them; the rest needs bulkfetch). */
  readonly changelogLimit: number;
}

/** Reads Jira's `fields` parameter: `*all`, `*navigable`, ids, and `-id` exclusions; default `id` only. */
export function selectionOf(
  fields: readonly string[] | undefined,
  expand: string | undefined,
  properties: readonly string[] | undefined,
  changelogLimit: number,
  defaultAll = false,
): IssueSelection {
  const list = (fields ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const excluded = new Set(list.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
  const included = list.filter((f) => !f.startsWith('-'));
  const all =
    included.includes('*all') ||
    included.includes('*navigable') ||
    (included.length === 0 && (defaultAll || excluded.size > 0));
  return {
    fields: all ? 'all' : new Set(included.filter((f) => f !== 'id' && f !== 'key')),
    excluded,
    changelog: (expand ?? '')
      .split(',')
      .map((e) => e.trim())
      .includes('changelog'),
    properties: properties ?? [],
    changelogLimit,
  };
}

/** An IssueBean with the selected fields; with only `id` asked for, just the id (as Jira does). */
export function issueJson(
  base: string,
  site: EmulatedSite,
  issue: SiteIssue,
  sel: IssueSelection,
): Record<string, unknown> {
  const idOnly =
    sel.fields !== 'all' && sel.fields.size === 0 && !sel.changelog && sel.properties.length === 0;
  if (idOnly) return { id: issue.id };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(issue.fields)) {
    if (sel.excluded.has(k)) continue;
    if (sel.fields === 'all' || sel.fields.has(k)) fields[k] = v;
  }
  if (
    issue.servedStatus !== null &&
    (sel.fields === 'all' || sel.fields.has('status')) &&
    !sel.excluded.has('status')
  )
    fields.status = statusJson(base, issue.servedStatus);
  if (sel.fields !== 'all') {
    // Requested system fields that the issue leaves empty come back as null.
    for (const k of sel.fields)
      if (!(k in fields) && ['resolution', 'resolutiondate', 'labels'].includes(k))
        fields[k] = k === 'labels' ? [] : null;
  }
  const out: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  if (sel.changelog) {
    const newestFirst = [...issue.histories].reverse();
    const page = newestFirst.slice(0, sel.changelogLimit);
    out.changelog = {
      startAt: 0,
      maxResults: page.length,
      total: newestFirst.length,
      histories: page.map((h) => historyJson(site, h)),
    };
  }
  if (sel.properties.length > 0) {
    const props: Record<string, unknown> = {};
    for (const key of sel.properties) if (issue.properties.has(key)) props[key] = issue.properties.get(key);
    out.properties = props;
  }
  return out;
}

export function errorJson(...messages: string[]): Record<string, unknown> {
  return { errorMessages: messages, errors: {} };
}
