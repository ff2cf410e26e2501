import { z } from 'zod';
import { hierarchyLevelOf } from '../../jira/issue-mapper';
import type { LoadedDataset } from '../dataset/load-dataset';
import type { SiteField, SiteIssue, SiteIssueType, SiteProject, SiteStatus } from './site';

/**
 * What an emulated site lists of itself, derived once from its dataset: its statuses, work types,
 * spaces and fields (`GET /rest/api/3/status`, `/issuetype`, `/project`, `/field`), and the ids of
 * what the dataset names without numbering. The site (site.ts) holds them; this derives them.
 */

const FLAGGED_FIELD_ID = 'customfield_10021';

const SYSTEM_FIELDS: readonly SiteField[] = [
  ['issuetype', 'Issue Type'],
  ['status', 'Status'],
  ['labels', 'Labels'],
  ['resolution', 'Resolution'],
  ['created', 'Created'],
  ['resolutiondate', 'Resolved'],
  ['updated', 'Updated'],
  ['parent', 'Parent'],
  ['project', 'Project'],
  ['summary', 'Summary'],
].map(([id, name]) => ({ id: id ?? '', key: id ?? '', name: name ?? '', custom: false }));

const fieldListSchema = z.array(
  z.looseObject({
    id: z.string(),
    key: z.string().optional(),
    name: z.string(),
    custom: z.boolean().optional(),
  }),
);

export function stableId(text: string): string {
  // Ids for things the dataset names but does not number: repeatable, and clear of real ids.
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return String(900_000 + (Math.abs(h) % 90_000));
}

/** The site's fields and its Flagged field: the dataset's `fields.json`, else Jira's own and those its changelogs name. */
export function siteFields(
  dataset: LoadedDataset,
  issues: readonly SiteIssue[],
): { readonly fields: SiteField[]; readonly flaggedFieldId: string } {
  const listed = dataset.fieldsJson !== null ? fieldListSchema.safeParse(dataset.fieldsJson) : null;
  if (listed !== null && !listed.success)
    throw new Error('fields.json: not a field list (GET /rest/api/3/field)');
  const fromFile = listed?.data.map((f) => ({
    id: f.id,
    key: f.key ?? f.id,
    name: f.name,
    custom: f.custom ?? f.id.startsWith('customfield_'),
  }));
  const flagged = fromFile?.find((f) => f.name.toLowerCase() === 'flagged');
  const flaggedFieldId = flagged?.id ?? FLAGGED_FIELD_ID;
  const fields = fromFile ?? [
    ...SYSTEM_FIELDS,
    { id: FLAGGED_FIELD_ID, key: FLAGGED_FIELD_ID, name: 'Flagged', custom: true },
    ...customFieldsNamedIn(issues, FLAGGED_FIELD_ID),
  ];
  return { fields, flaggedFieldId };
}

/**
 * The custom fields a site without a field list must have: those its changelogs name by id and
 * name (a Cloud changelog item carries both, e.g. customfield_10036 "Story Points"), as Jira lists
 * every custom field in `GET /rest/api/3/field`.
 */
function customFieldsNamedIn(issues: readonly SiteIssue[], listed: string): SiteField[] {
  const out = new Map<string, SiteField>();
  for (const issue of issues)
    for (const h of issue.histories)
      for (const item of h.items) {
        const id = item.fieldId;
        if (id === undefined || !id.startsWith('customfield_') || id === listed || out.has(id)) continue;
        out.set(id, { id, key: id, name: item.field, custom: true });
      }
  return [...out.values()];
}

/**
 * The site's status list (`GET /rest/api/3/status`): the dataset's own list where it has one, and
 * the statuses its issues are in now, with the category the loader decided (docs/flow-metrics.md#flow-states-and-the-timeline). Statuses
 * that only changelogs name have left every workflow, as on a real site, and are not listed.
 */
export function siteStatuses(dataset: LoadedDataset): SiteStatus[] {
  const out = new Map<string, SiteStatus>();
  for (const s of dataset.statuses) {
    const id = s.id ?? stableId(s.name);
    if (!out.has(id)) out.set(id, { id, name: s.name, category: s.category });
  }
  return [...out.values()];
}

export function siteIssueTypes(dataset: LoadedDataset, issues: readonly SiteIssue[]): SiteIssueType[] {
  const out = new Map<string, SiteIssueType>();
  for (const p of dataset.projects) {
    for (const t of p.issueTypes ?? []) {
      const id = t.id ?? stableId(t.name);
      out.set(id, { id, name: t.name, subtask: t.subtask ?? false, hierarchyLevel: hierarchyLevelOf(t) });
    }
  }
  for (const issue of issues) {
    const t = issue.parsed.fields.issuetype;
    const id = t.id ?? stableId(t.name);
    if (!out.has(id))
      out.set(id, { id, name: t.name, subtask: t.subtask ?? false, hierarchyLevel: hierarchyLevelOf(t) });
  }
  return [...out.values()];
}

export function siteProjects(dataset: LoadedDataset, issues: readonly SiteIssue[]): SiteProject[] {
  const out = new Map<string, SiteProject>();
  for (const p of dataset.projects)
    out.set(p.key, { id: p.id ?? stableId(p.key), key: p.key, name: p.name ?? p.key });
  const projectField = z.looseObject({
    id: z.string().optional(),
    key: z.string(),
    name: z.string().optional(),
  });
  for (const issue of issues) {
    if (out.has(issue.projectKey)) continue;
    const p = projectField.safeParse(issue.fields.project);
    out.set(issue.projectKey, {
      id: p.success && p.data.id !== undefined ? p.data.id : stableId(issue.projectKey),
      key: issue.projectKey,
      name: p.success && p.data.name !== undefined ? p.data.name : issue.projectKey,
    });
  }
  return [...out.values()];
}
