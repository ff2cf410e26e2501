import { z } from 'zod';
import {
  arrayOf,
  readChangeHistories,
  readChangelogItem,
  readIssue,
  readIssueType,
  readStatus,
  ShapeError,
  type Reader,
} from './issue-json';

export type {
  JiraChangeHistory,
  JiraChangelogItem,
  JiraIssue,
  JiraIssueFields,
  JiraIssueType,
  JiraStatus,
} from './issue-json';

/**
 * The schemas of the answers the app reads. The issue and its parts are read by hand
 * (jira/issue-json.ts, for speed); they are offered here as schemas, so that an answer holding
 * them is described like any other, and a wrong one reports the path of its first wrong value.
 */
function fromReader<T>(read: Reader<T>): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    try {
      return read(value);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      ctx.addIssue({ code: 'custom', message: e.message, path: e.path });
      return z.NEVER;
    }
  });
}

export const statusSchema = fromReader(readStatus);
export const issueTypeSchema = fromReader(readIssueType);
export const changelogItemSchema = fromReader(readChangelogItem);
export const issueSchema = fromReader(readIssue);
/** A search page's issues and a bulkfetch entry's histories: the largest lists, read in one pass. */
export const issueListSchema = fromReader(arrayOf(readIssue));
export const changeHistoryListSchema = fromReader(readChangeHistories);

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
