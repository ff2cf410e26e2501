import { z } from 'zod';
import {
  bulkBodySchema,
  decodeToken,
  encodeToken,
  fingerprint,
  HttpError,
  json,
  parseBody,
  type Context,
  type EmulatorResponse,
  type EndpointHost,
  type SearchParams,
} from './protocol';
import { historyJson, issueJson, selectionOf } from './representations';
import type { SiteIssue } from './site';
import { actorName, canSeeIssue } from './users';

/**
 * JQL search and the bulk changelog fetch, with Jira Cloud's page caps (100 work items a page with
 * fields, 5 000 ids alone), opaque page tokens bound to the query, and 410 for the removed search.
 */

const SEARCH_DEFAULT_PAGE = 50;
const SEARCH_MAX_PAGE_WITH_FIELDS = 100;
const SEARCH_MAX_PAGE_IDS_ONLY = 5000;
const BULK_MAX_ISSUES = 1000;
const BULK_MAX_FIELDS = 10;
const BULK_DEFAULT_PAGE = 1000;
const BULK_MAX_PAGE = 10_000;
const MAX_PROPERTIES = 5;

export const REMOVED_SEARCH =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

/** An endpoint host that can also run a JQL search as the caller. */
export interface SearchHost extends EndpointHost {
  /** The work items the JQL matches that the caller may see, in its order. */
  matching(c: Context, jql: string | undefined): SiteIssue[];
}

export function search(host: SearchHost, c: Context, params: SearchParams): EmulatorResponse {
  const { jql } = params;
  if (params.properties !== undefined && params.properties.length > MAX_PROPERTIES) {
    throw new HttpError(400, `At most ${MAX_PROPERTIES} issue properties can be requested.`);
  }
  if (params.maxResults !== undefined && (!Number.isInteger(params.maxResults) || params.maxResults < 0)) {
    throw new HttpError(400, 'The maxResults parameter must be a non-negative integer.');
  }
  const selection = selectionOf(params.fields, params.expand, params.properties, host.changelogLimit);
  const idsOnly = selection.fields !== 'all' && selection.fields.size === 0 && !selection.changelog;
  const cap = idsOnly ? SEARCH_MAX_PAGE_IDS_ONLY : SEARCH_MAX_PAGE_WITH_FIELDS;
  const pageSize = Math.min(params.maxResults ?? SEARCH_DEFAULT_PAGE, cap);
  const queryId = fingerprint([
    jql,
    params.fields,
    params.expand,
    params.properties,
    pageSize,
    actorName(c.actor),
  ]);
  const offset = params.nextPageToken !== undefined ? decodeToken(params.nextPageToken, queryId) : 0;
  const all = host.matching(c, jql);
  const page = all.slice(offset, offset + pageSize);
  const isLast = offset + pageSize >= all.length;
  return {
    ...json(200, {
      issues: page.map((i) => issueJson(host.baseUrl, host.site, i, selection)),
      ...(isLast ? {} : { nextPageToken: encodeToken({ offset: offset + pageSize, query: queryId }) }),
      isLast,
    }),
    issues: page.length,
  };
}

export function approximateCount(host: SearchHost, c: Context): EmulatorResponse {
  const body = parseBody(z.object({ jql: z.string() }), c.body);
  return json(200, { count: host.matching(c, body.jql).length });
}

export function bulkChangelogs(host: SearchHost, c: Context): EmulatorResponse {
  const body = parseBody(bulkBodySchema, c.body);
  if (body.issueIdsOrKeys.length === 0 || body.issueIdsOrKeys.length > BULK_MAX_ISSUES) {
    throw new HttpError(400, `issueIdsOrKeys must hold between 1 and ${BULK_MAX_ISSUES} issue ids or keys.`);
  }
  if (body.fieldIds !== undefined && body.fieldIds.length > BULK_MAX_FIELDS) {
    throw new HttpError(400, `fieldIds may hold at most ${BULK_MAX_FIELDS} field ids.`);
  }
  const pageSize = body.maxResults ?? BULK_DEFAULT_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > BULK_MAX_PAGE) {
    throw new HttpError(400, `maxResults must be between 1 and ${BULK_MAX_PAGE}.`);
  }
  const wanted = body.fieldIds !== undefined && body.fieldIds.length > 0 ? new Set(body.fieldIds) : null;
  const queryId = fingerprint([body.issueIdsOrKeys, body.fieldIds, pageSize, actorName(c.actor)]);
  const offset = body.nextPageToken !== undefined ? decodeToken(body.nextPageToken, queryId) : 0;

  // Issues the caller may not see are left out, as if they had no changes.
  const seen = new Set<string>();
  const rows: { issue: SiteIssue; history: Record<string, unknown>; at: number }[] = [];
  for (const idOrKey of body.issueIdsOrKeys) {
    const issue = host.site.issue(idOrKey);
    if (issue === undefined || seen.has(issue.id) || !canSeeIssue(c.actor, issue)) continue;
    seen.add(issue.id);
    for (const h of issue.histories) {
      const items =
        wanted === null ? h.items : h.items.filter((item) => wanted.has(host.site.fieldIdOf(item)));
      if (items.length === 0) continue;
      rows.push({ issue, history: historyJson(host.site, { ...h, items }), at: h.at });
    }
  }
  // Sorted by change date, then issue id, oldest first (as Jira documents).
  rows.sort((a, b) => a.at - b.at || Number(a.issue.id) - Number(b.issue.id));
  const page = rows.slice(offset, offset + pageSize);
  const logs: { issueId: string; changeHistories: Record<string, unknown>[] }[] = [];
  for (const row of page) {
    const lastLog = logs[logs.length - 1];
    if (lastLog?.issueId === row.issue.id) lastLog.changeHistories.push(row.history);
    else logs.push({ issueId: row.issue.id, changeHistories: [row.history] });
  }
  const more = offset + pageSize < rows.length;
  return {
    ...json(200, {
      issueChangeLogs: logs,
      ...(more ? { nextPageToken: encodeToken({ offset: offset + pageSize, query: queryId }) } : {}),
    }),
    issues: logs.length,
  };
}
