import { formatCivilDate, parseCivilDate } from '../domain/calendar';
import type { KnownStatus, WorkItem } from '../domain/types';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import {
  BULK_CHANGELOG_MAX_ISSUES,
  bulkChangelogs,
  flaggedFieldId,
  getProjectStatuses,
  getStatuses,
  searchIssues,
} from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { toKnownStatus, toWorkItem } from '../jira/issue-mapper';
import type { JiraChangeHistory, JiraIssue, JiraProject } from '../jira/schemas';

/**
 * Reads what a flow report needs from Jira, as the user: the issues that can bear on the window,
 * their status and Flagged changes, and the statuses with their categories. Costs ⌈N/100⌉ search
 * pages, ⌈N/1000⌉ bulk changelog calls (started while later pages are still being fetched) and
 * three metadata calls in parallel (DESIGN §9).
 */

export interface ProjectData {
  readonly items: WorkItem[];
  readonly issues: JiraIssue[];
  readonly statuses: KnownStatus[];
}

/** A search restriction that keeps every issue that can touch a window starting at `from`. */
export function windowJql(project: JiraProject, from: string): string {
  // An issue done before the window and untouched since cannot matter. A day of margin covers the
  // user's own time zone, in which Jira reads JQL dates.
  const day = parseCivilDate(from);
  const since = day === null ? from : formatCivilDate(day - 1);
  return `project = ${project.id ?? `"${project.key}"`} AND (statusCategory != Done OR updated >= "${since}") ORDER BY key ASC`;
}

function quoteJql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function childrenJql(parentKey: string): string {
  return `parent = ${quoteJql(parentKey)} ORDER BY key ASC`;
}

/** Fetches issues by JQL with their changelogs, overlapping the changelog calls with search paging. */
export async function fetchItems(
  jira: JiraClient,
  jql: string,
  flagged: Promise<string | null>,
): Promise<{ issues: JiraIssue[]; items: WorkItem[] }> {
  const changelogs = new Map<string, JiraChangeHistory[]>();
  const pending: Promise<void>[] = [];
  let batch: string[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const ids = batch;
    batch = [];
    pending.push(
      flagged.then(async (flaggedId) => {
        const found = await bulkChangelogs(
          jira,
          ids,
          flaggedId === null ? ['status'] : ['status', flaggedId],
        );
        for (const [id, histories] of found) changelogs.set(id, histories);
      }),
    );
  };
  const issues = await searchIssues(jira, {
    jql,
    properties: [AGREEMENT_PROPERTY_KEY],
    onPage: (page) => {
      for (const issue of page) {
        batch.push(issue.id);
        if (batch.length >= BULK_CHANGELOG_MAX_ISSUES) flush();
      }
    },
  });
  flush();
  await Promise.all(pending);
  // Bulkfetch returns the complete history; an issue without an entry has had no such change.
  const items = issues.map((issue) =>
    toWorkItem({ ...issue, changelog: { histories: changelogs.get(issue.id) ?? [] } }),
  );
  return { issues, items };
}

/** Site statuses (some have left every workflow but still name changelog entries) and the project's. */
export async function fetchStatuses(jira: JiraClient, projectKey: string): Promise<KnownStatus[]> {
  const [project, site] = await Promise.all([getProjectStatuses(jira, projectKey), getStatuses(jira)]);
  return [...project, ...site].map(toKnownStatus);
}

/** Starts the Flagged field lookup; its failure surfaces where it is awaited, never unhandled. */
export function startFlaggedLookup(jira: JiraClient): Promise<string | null> {
  const flagged = flaggedFieldId(jira);
  flagged.catch(() => undefined);
  return flagged;
}

export async function fetchProjectData(
  jira: JiraClient,
  project: JiraProject,
  from: string,
): Promise<ProjectData> {
  const flagged = startFlaggedLookup(jira);
  const [statuses, { issues, items }] = await Promise.all([
    fetchStatuses(jira, project.key),
    fetchItems(jira, windowJql(project, from), flagged),
  ]);
  return { items, issues, statuses };
}
