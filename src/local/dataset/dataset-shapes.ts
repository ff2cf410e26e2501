import { z } from 'zod';
import { projectSchema, statusSchema, type JiraProject, type JiraStatus } from '../../jira/schemas';

/**
 * What a JSON file of a dataset folder holds, told by its shape rather than by its name: exports
 * come with names of their own (`sample_statuses.json`, `ZMETRIC-project-statuses.json`), and a
 * status list read as issues would turn into a page of bogus "records that could not be read".
 */
export type JsonContent =
  | {
      readonly kind: 'issues';
      readonly records: readonly unknown[];
      readonly recordName: (i: number) => string;
    }
  | { readonly kind: 'statuses'; readonly statuses: readonly JiraStatus[]; readonly what: string }
  | { readonly kind: 'projects'; readonly projects: readonly JiraProject[] }
  | { readonly kind: 'fields'; readonly value: unknown }
  | { readonly kind: 'users'; readonly value: unknown }
  /** Recognised Jira data that a report does not use, such as a board configuration. */
  | { readonly kind: 'ignored'; readonly what: string }
  | { readonly kind: 'unknown' };

const looseRecord = z.record(z.string(), z.unknown());
type Json = z.infer<typeof looseRecord>;

function records(value: unknown): Json[] | null {
  if (!Array.isArray(value)) return null;
  const out: Json[] = [];
  for (const v of value) {
    const r = looseRecord.safeParse(v);
    if (!r.success || Array.isArray(v)) return null;
    out.push(r.data);
  }
  return out;
}

const has = (r: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(r, key);
const isIssue = (r: Json): boolean => has(r, 'fields') && has(r, 'key');
const isStatus = (r: Json): boolean => has(r, 'statusCategory') && has(r, 'name') && !has(r, 'fields');
const isProject = (r: Json): boolean =>
  has(r, 'key') && !has(r, 'fields') && (has(r, 'projectTypeKey') || has(r, 'issueTypes'));
const isUser = (r: Json): boolean => has(r, 'accountId') && has(r, 'emailAddress') && !has(r, 'fields');
const isField = (r: Json): boolean =>
  has(r, 'id') && has(r, 'name') && (has(r, 'clauseNames') || has(r, 'schema') || has(r, 'custom'));
/** `GET /rest/api/3/project/{key}/statuses`: the statuses of each issue type's workflow. */
const isIssueTypeStatuses = (r: Json): boolean => Array.isArray(r.statuses) && has(r, 'name');

const projectStatusesSchema = z.array(z.object({ statuses: z.array(statusSchema) }));

/** Classifies a parsed JSON file. Arrays are judged by their first element, and checked whole. */
export function classifyJson(value: unknown): JsonContent {
  const list = records(value);
  if (list !== null) {
    const first = list[0];
    // An empty array is an empty list of issues, as a search with no match would give.
    if (first === undefined || isIssue(first))
      return { kind: 'issues', records: list, recordName: (i) => `#${i}` };
    if (isStatus(first)) {
      const parsed = z.array(statusSchema).safeParse(list);
      if (parsed.success) return { kind: 'statuses', statuses: parsed.data, what: 'a status list' };
    }
    if (isIssueTypeStatuses(first)) {
      const parsed = projectStatusesSchema.safeParse(list);
      if (parsed.success)
        return {
          kind: 'statuses',
          statuses: parsed.data.flatMap((t) => t.statuses),
          what: "a project's statuses by issue type",
        };
    }
    if (isUser(first)) return { kind: 'users', value };
    if (isField(first)) return { kind: 'fields', value };
    if (isProject(first)) {
      const parsed = z.array(projectSchema).safeParse(list);
      if (parsed.success) return { kind: 'projects', projects: parsed.data };
    }
    // Records without `fields`: most likely issues that lack something, which the issue schema names.
    return { kind: 'issues', records: list, recordName: (i) => `#${i}` };
  }
  const object = looseRecord.safeParse(value);
  if (!object.success || Array.isArray(value)) return { kind: 'unknown' };
  const o = object.data;
  if (Array.isArray(o.issues)) {
    const issues: readonly unknown[] = o.issues;
    return { kind: 'issues', records: issues, recordName: (i) => `issues[${i}]` };
  }
  if (isIssue(o)) return { kind: 'issues', records: [o], recordName: () => '#0' };
  if (has(o, 'columnConfig')) return { kind: 'ignored', what: 'a board configuration' };
  if (isProject(o)) {
    const parsed = projectSchema.safeParse(o);
    if (parsed.success) return { kind: 'projects', projects: [parsed.data] };
  }
  if (Array.isArray(o.values)) {
    const parsed = z.array(projectSchema).safeParse(o.values);
    if (parsed.success && parsed.data.length > 0 && records(o.values)?.every(isProject) === true)
      return { kind: 'projects', projects: parsed.data };
  }
  return { kind: 'unknown' };
}

/** The metadata names docs/running-off-jira.md gives; such a file must have the shape its name promises. */
export const METADATA_NAMES: Readonly<Record<string, JsonContent['kind']>> = {
  'statuses.json': 'statuses',
  'fields.json': 'fields',
  'project.json': 'projects',
  'projects.json': 'projects',
  'users.json': 'users',
};
