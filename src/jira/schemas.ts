import { z } from 'zod';
import { parseJiraDateTime } from './datetime';

/**
 * Narrow schemas for exactly the parts of Jira's issue JSON the app reads. Unknown fields are
 * ignored (Jira adds fields freely); the ones read are checked. They accept both REST v2 (Server/DC,
 * the public datasets) and v3 (Cloud) shapes: the fields read here are the same in both, except that
 * v3 adds `hierarchyLevel` to issue types and `fieldId` to changelog items.
 *
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
 */

// The instants a four-digit year can name (0000-01-01 to 9999-12-31); a number beyond them, such
// as 1e300, is no date, and would only fail later where nobody can say which record it came from.
const EARLIEST_INSTANT = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0);
const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const jiraDateTime = z.string().transform((text, ctx) => {
  const t = parseJiraDateTime(text);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: `not a Jira date-time: ${JSON.stringify(text.slice(0, 40))}` });
    return z.NEVER;
  }
  return t;
});

export const statusCategorySchema = z.object({
  id: z.number().int().optional(),
  key: z.string(),
  name: z.string().optional(),
});

export const statusSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  statusCategory: statusCategorySchema.optional(),
});
export type JiraStatus = z.infer<typeof statusSchema>;

export const issueTypeSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().int().optional(),
});
export type JiraIssueType = z.infer<typeof issueTypeSchema>;

/**
 * A changelog item. Jira names two of its keys `fromString` and `toString`; a parsed JSON object
 * without an own `toString` would show the inherited `Object.prototype.toString` instead, so only
 * own keys are read, and the output renames them to `fromName` / `toName`.
 */
export const changelogItemSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null
      ? {
          field: ownValue(value, 'field'),
          fieldId: ownValue(value, 'fieldId'),
          from: ownValue(value, 'from'),
          to: ownValue(value, 'to'),
          fromName: ownValue(value, 'fromString'),
          toName: ownValue(value, 'toString'),
        }
      : value,
  z.object({
    field: z.string(),
    fieldId: z.string().optional(),
    from: z.string().nullish(),
    to: z.string().nullish(),
    fromName: z.string().nullish(),
    toName: z.string().nullish(),
  }),
);

function ownValue(object: object, key: string): unknown {
  const value: unknown = Object.getOwnPropertyDescriptor(object, key)?.value;
  return value;
}
export type JiraChangelogItem = z.infer<typeof changelogItemSchema>;

/**
 * The bulk changelog API's own example dates a history with epoch seconds where its schema says a
 * date-time string; both are read (a number above 10^12 is taken as milliseconds).
 */
const historyCreated = z.union([
  jiraDateTime,
  z
    .number()
    .transform((n) => (Math.abs(n) >= 1e12 ? n : n * 1000))
    .refine((ms) => ms >= EARLIEST_INSTANT && ms <= LATEST_INSTANT, {
      message: 'a numeric date outside the years 0000 to 9999',
    }),
]);

export const changeHistorySchema = z.object({
  id: z.string().optional(),
  created: historyCreated,
  items: z.array(changelogItemSchema),
});
export type JiraChangeHistory = z.infer<typeof changeHistorySchema>;

export const issueFieldsSchema = z.object({
  issuetype: issueTypeSchema,
  // Absent when a search asked for other fields only (Server exports of issuetype,created,...).
  status: statusSchema.optional(),
  project: z.object({ id: z.string().optional(), key: z.string() }).optional(),
  labels: z.array(z.string()).optional(),
  resolution: z.object({ name: z.string() }).nullish(),
  created: jiraDateTime,
  resolutiondate: jiraDateTime.nullish(),
  // When the issue last changed: what a cached fact is compared by (docs/jira.md#the-fact-cache).
  updated: jiraDateTime.optional(),
  parent: z.object({ id: z.string().optional(), key: z.string() }).optional(),
  summary: z.string().optional(),
});

export const issueSchema = z.object({
  id: z.string(),
  key: z.string().min(1),
  fields: issueFieldsSchema,
  changelog: z
    .object({
      startAt: z.number().int().optional(),
      total: z.number().int().optional(),
      histories: z.array(changeHistorySchema),
    })
    .optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** `GET /rest/api/3/status`: every status of the site, with its category. */
export const statusListSchema = z.array(statusSchema);

/** `GET /rest/api/3/project/{key}` (only what is read): its key, name and issue types. */
export const projectSchema = z.object({
  id: z.string().optional(),
  key: z.string(),
  name: z.string().optional(),
  issueTypes: z.array(issueTypeSchema).optional(),
});
export type JiraProject = z.infer<typeof projectSchema>;
