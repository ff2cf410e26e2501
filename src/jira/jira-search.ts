import { z } from 'zod';
import type { JiraClient } from './jira-client';
import { changeHistoryListSchema, issueListSchema, type JiraChangeHistory, type JiraIssue } from './schemas';

/**
 * Reading work items: the enhanced JQL search (ids alone, or fields by id) and the bulk changelog
 * fetch, with each endpoint's page caps kept beside the call that meets them.
 * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
 */

/** The fields every flow computation reads; search returns only `id` unless asked. */
export const FLOW_FIELDS = [
  'issuetype',
  'status',
  'labels',
  'resolution',
  'created',
  'resolutiondate',
  'parent',
  'project',
  'updated',
  'summary',
] as const;

// Enhanced search pages hold at most 100 issues when fields are requested.
const SEARCH_PAGE_SIZE = 100;
// changelog/bulkfetch takes at most 1000 issues and 10 field ids per call (400 beyond).
export const BULK_CHANGELOG_MAX_ISSUES = 1000;
const BULK_CHANGELOG_PAGE_SIZE = 10_000;

const searchPageSchema = z.object({
  issues: issueListSchema,
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

export interface SearchOptions {
  readonly jql: string;
  readonly fields?: readonly string[];
  readonly properties?: readonly string[];
  /** Called with each page as it arrives, so that dependent requests can start early. */
  readonly onPage?: (issues: readonly JiraIssue[]) => void;
  /** Stop after this many issues (a guard against runaway queries). */
  readonly limit?: number;
}

/**
 * Follows a search's token pages, each sent with `body` and the page's token, handing each page's
 * issues to `onPage`; stops after the last page (an empty one ends it too) or when `onPage` says so.
 */
async function pageThrough<T>(
  client: JiraClient,
  body: Readonly<Record<string, unknown>>,
  schema: z.ZodType<{ issues: T[]; nextPageToken?: string | null | undefined; isLast?: boolean | undefined }>,
  onPage: (issues: readonly T[]) => 'more' | 'enough',
): Promise<void> {
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await client.json(
      {
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: { ...body, ...(nextPageToken !== undefined ? { nextPageToken } : {}) },
      },
      schema,
    );
    if (onPage(page.issues) === 'enough') return;
    if (page.isLast === true || page.issues.length === 0) return;
    const next = page.nextPageToken ?? null;
    if (next === null) return;
    nextPageToken = next;
  }
}

/** The changelog fields a flow report reads: status, and Flagged where the site has it. */
export function changelogFields(flaggedId: string | null): string[] {
  return flaggedId === null ? ['status'] : ['status', flaggedId];
}

/**
 * `POST /rest/api/3/search/jql`: token paging, no `total` (the old `/rest/api/3/search` answers 410).
 * The property of the debt agreement comes inline with `properties`, saving a call per epic.
 */
export async function searchIssues(client: JiraClient, options: SearchOptions): Promise<JiraIssue[]> {
  const issues: JiraIssue[] = [];
  const body = {
    jql: options.jql,
    fields: options.fields ?? FLOW_FIELDS,
    ...(options.properties !== undefined ? { properties: options.properties } : {}),
    maxResults: SEARCH_PAGE_SIZE,
  };
  await pageThrough(client, body, searchPageSchema, (page) => {
    issues.push(...page);
    options.onPage?.(page);
    return options.limit !== undefined && issues.length >= options.limit ? 'enough' : 'more';
  });
  return options.limit !== undefined ? issues.slice(0, options.limit) : issues;
}

// With no fields at all, a page holds up to 5000 ids.
export const SEARCH_IDS_PAGE_SIZE = 5000;
// `id in (...)` of one page: as many ids as a page with fields holds.
export const SEARCH_BY_IDS_MAX = SEARCH_PAGE_SIZE;

const idPageSchema = z.object({
  issues: z.array(z.object({ id: z.string() })),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

/**
 * The ids of the issues a JQL search returns, as the calling user may see them: `fields: []`, 5000
 * a page. What this search returns is what a user may be shown (docs/jira.md#the-fact-cache).
 */
export async function searchIds(
  client: JiraClient,
  jql: string,
  onPage?: (ids: readonly string[]) => void,
): Promise<string[]> {
  const ids: string[] = [];
  await pageThrough(client, { jql, fields: [], maxResults: SEARCH_IDS_PAGE_SIZE }, idPageSchema, (page) => {
    const pageIds = page.map((i) => i.id);
    ids.push(...pageIds);
    onPage?.(pageIds);
    return 'more';
  });
  return ids;
}

/**
 * The flow fields of up to 100 issues named by id, in one search page: the slices of a large read
 * go out side by side instead of one token page after another.
 */
export async function searchByIds(
  client: JiraClient,
  ids: readonly string[],
  properties: readonly string[] = [],
): Promise<JiraIssue[]> {
  if (ids.length === 0) return [];
  if (ids.length > SEARCH_BY_IDS_MAX || ids.some((id) => !/^\d+$/.test(id))) {
    throw new Error(`searchByIds takes 1 to ${SEARCH_BY_IDS_MAX} numeric issue ids`);
  }
  const page = await client.json(
    {
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: {
        jql: `id in (${ids.join(',')})`,
        fields: FLOW_FIELDS,
        ...(properties.length > 0 ? { properties } : {}),
        maxResults: SEARCH_PAGE_SIZE,
      },
    },
    searchPageSchema,
  );
  return page.issues;
}

/** `POST /rest/api/3/search/approximate-count`: eventually consistent, cheap. */
export async function approximateCount(client: JiraClient, jql: string): Promise<number> {
  const r = await client.json(
    { method: 'POST', path: '/rest/api/3/search/approximate-count', body: { jql } },
    z.object({ count: z.number().int() }),
  );
  return r.count;
}

const bulkChangelogSchema = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: changeHistoryListSchema })),
  nextPageToken: z.string().nullish(),
});

/**
 * `POST /rest/api/3/changelog/bulkfetch` for up to 1000 issues, following its own token paging.
 * Results come oldest first across issues; they are gathered per issue id.
 */
async function bulkChangelogBatch(
  client: JiraClient,
  issueIds: readonly string[],
  fieldIds: readonly string[],
  into: Map<string, JiraChangeHistory[]>,
): Promise<void> {
  let nextPageToken: string | undefined;
  for (;;) {
    const page = await client.json(
      {
        method: 'POST',
        path: '/rest/api/3/changelog/bulkfetch',
        body: {
          issueIdsOrKeys: issueIds,
          fieldIds,
          maxResults: BULK_CHANGELOG_PAGE_SIZE,
          ...(nextPageToken !== undefined ? { nextPageToken } : {}),
        },
      },
      bulkChangelogSchema,
    );
    for (const log of page.issueChangeLogs) {
      const list = into.get(log.issueId) ?? [];
      list.push(...log.changeHistories);
      into.set(log.issueId, list);
    }
    if (page.nextPageToken === undefined || page.nextPageToken === null || page.issueChangeLogs.length === 0)
      return;
    nextPageToken = page.nextPageToken;
  }
}

/**
 * Changelogs (status and Flagged only) for any number of issues: ⌈N/1000⌉ batches, in parallel
 * within the client's concurrency. Issue ids absent from the answer have no changes.
 */
export async function bulkChangelogs(
  client: JiraClient,
  issueIds: readonly string[],
  fieldIds: readonly string[],
): Promise<Map<string, JiraChangeHistory[]>> {
  const into = new Map<string, JiraChangeHistory[]>();
  const batches: Promise<void>[] = [];
  for (let i = 0; i < issueIds.length; i += BULK_CHANGELOG_MAX_ISSUES) {
    batches.push(
      bulkChangelogBatch(client, issueIds.slice(i, i + BULK_CHANGELOG_MAX_ISSUES), fieldIds, into),
    );
  }
  await Promise.all(batches);
  return into;
}
