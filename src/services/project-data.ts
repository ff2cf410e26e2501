import { formatCivilDate, parseCivilDate } from '../domain/calendar';
import type { KnownStatus, WorkItem } from '../domain/types';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { flaggedFieldId, getProjectStatuses, getStatuses } from '../jira/jira-api';
import {
  BULK_CHANGELOG_MAX_ISSUES,
  changelogFields,
  bulkChangelogs,
  SEARCH_BY_IDS_MAX,
  searchByIds,
  searchIds,
  searchIssues,
} from '../jira/jira-search';
import type { JiraClient } from '../jira/jira-client';
import { inOneLoad, type LoadScope } from '../jira/load-scope';
import { toKnownStatus, toWorkItem } from '../jira/issue-mapper';
import type { JiraChangeHistory, JiraIssue, JiraProject } from '../jira/schemas';
import type { Fact } from './fact-cache';
import { chunksOf } from './key-value-store';

/**
 * Reads what a flow report needs from Jira, as the user: the issues that can bear on the window,
 * their status and Flagged changes, and the statuses with their categories. A window is read as
 * its ids first (5000 a page), then side by side: the fields in slices of 100 ids and the
 * changelogs in batches of 1000, within the client's concurrency (docs/jira.md#what-a-load-costs).
 */

export interface ProjectData {
  readonly items: WorkItem[];
  readonly statuses: KnownStatus[];
}

/**
 * A search restriction that keeps every issue that can touch a window starting at `from`, or
 * every issue of the project without one; a checked filter (jira/jql-filter.ts) narrows it.
 */
export function windowJql(project: JiraProject, from: string | undefined, filter?: string): string {
  return `${windowWhere(project, from, filter)} ${WINDOW_ORDER}`;
}

/** The order of a window's search: by key, so that slices of it by key concatenate in order. */
export const WINDOW_ORDER = 'ORDER BY key ASC';

/**
 * A space in JQL: by its id, which no key change or quoting can break; by its key, quoted, only
 * where the caller has no id (the CLI reading a dataset's project by name).
 */
export function spaceClause(project: Pick<JiraProject, 'id' | 'key'>): string {
  return `project = ${project.id ?? quoteJql(project.key)}`;
}

/** The restriction of `windowJql`, without its order. */
export function windowWhere(project: JiraProject, from: string | undefined, filter?: string): string {
  const inProject = spaceClause(project);
  const scope = filter === undefined ? inProject : `${inProject} AND (${filter})`;
  if (from === undefined) return scope;
  // An issue done before the window and untouched since cannot matter. A day of margin covers the
  // user's own time zone, in which Jira reads JQL dates.
  const day = parseCivilDate(from);
  const since = day === null ? from : formatCivilDate(day - 1);
  return `${scope} AND (statusCategory != Done OR updated >= "${since}")`;
}

function quoteJql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function childrenJql(parentKey: string): string {
  return `parent = ${quoteJql(parentKey)} ORDER BY key ASC`;
}

/**
 * Fetches issues by JQL with their changelogs, overlapping the changelog calls with search paging:
 * a batch of 1000 ids is sent as soon as the pages hold them. Each batch is a part of the load, so
 * a failing page cancels the batches under way and a failing batch stops the paging.
 */
export async function fetchItems(
  load: LoadScope,
  jql: string,
  flagged: Promise<string | null>,
): Promise<{ issues: JiraIssue[]; items: WorkItem[] }> {
  const changelogs = new Map<string, JiraChangeHistory[]>();
  const batches: Promise<void>[] = [];
  let batch: string[] = [];
  const flush = (): void => {
    if (batch.length === 0) return;
    const ids = batch;
    batch = [];
    batches.push(
      load.start(async (jira) => {
        const flaggedId = await flagged;
        const found = await bulkChangelogs(jira, ids, changelogFields(flaggedId));
        for (const [id, histories] of found) changelogs.set(id, histories);
      }),
    );
  };
  const issues = await searchIssues(load.jira, {
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
  await Promise.all(batches);
  // Bulkfetch returns the complete history; an issue without an entry has had no such change.
  const items = issues.map((issue) =>
    toWorkItem({ ...issue, changelog: { histories: changelogs.get(issue.id) ?? [] } }),
  );
  return { issues, items };
}

/**
 * The facts of issues named by id: their changelogs in bulkfetch batches of 1000 and their fields
 * in `id in (…)` slices of 100, all started at once (the client bounds how many are in flight).
 * The batches go first, since their answers are the largest; each slice becomes facts as soon as
 * it and its batch are in, while later answers are still on their way. An id whose issue no
 * search returns any more (deleted, moved, hidden since) has no fact.
 */
export async function fetchFactsByIds(
  load: LoadScope,
  ids: readonly string[],
  flagged: Promise<string | null>,
  now: number,
): Promise<Fact[]> {
  // Known before anything is asked, so that the batches are the first requests in line.
  const fields = changelogFields(await flagged);
  const batches = chunksOf(ids, BULK_CHANGELOG_MAX_ISSUES).map((batch) =>
    load.start((jira) => bulkChangelogs(jira, batch, fields)),
  );
  const slicesPerBatch = BULK_CHANGELOG_MAX_ISSUES / SEARCH_BY_IDS_MAX;
  const slices = chunksOf(ids, SEARCH_BY_IDS_MAX).map((slice, i) =>
    load.start(async (jira) => {
      const issues = await searchByIds(jira, slice);
      const changelogs = (await batches[Math.floor(i / slicesPerBatch)]) ?? new Map<string, never>();
      return issues.map((issue) => factOf(issue, changelogs.get(issue.id) ?? [], now));
    }),
  );
  return (await Promise.all(slices)).flat();
}

/** An issue read now with its complete history (bulkfetch's): an issue without an entry had no such change. */
export function factOf(issue: JiraIssue, histories: JiraChangeHistory[], now: number): Fact {
  return {
    item: toWorkItem({ ...issue, changelog: { histories } }),
    updated: issue.fields.updated ?? null,
    fetchedAt: now,
    seenDay: Math.floor(now / 86_400_000),
  };
}

/** Site statuses (some have left every workflow but still name changelog entries) and the project's. */
export async function fetchStatuses(jira: JiraClient, projectKey: string): Promise<KnownStatus[]> {
  const [project, site] = await Promise.all([getProjectStatuses(jira, projectKey), getStatuses(jira)]);
  return [...project, ...site].map(toKnownStatus);
}

/** Starts the Flagged field lookup as a part of the load; the batches wait for it. */
export function startFlaggedLookup(load: LoadScope): Promise<string | null> {
  return load.start((jira) => flaggedFieldId(jira));
}

/** A project window read whole from Jira, without the cache (the CLI, which has no storage). */
export function fetchProjectData(
  jira: JiraClient,
  project: JiraProject,
  from: string | undefined,
  now: number,
): Promise<ProjectData> {
  return inOneLoad(jira, async (load) => {
    const flagged = startFlaggedLookup(load);
    const statuses = load.start((j) => fetchStatuses(j, project.key));
    const ids = await searchIds(load.jira, windowJql(project, from));
    const facts = await fetchFactsByIds(load, ids, flagged, now);
    const order = new Map(ids.map((id, i) => [id, i]));
    facts.sort((a, b) => (order.get(a.item.id) ?? 0) - (order.get(b.item.id) ?? 0));
    return { items: facts.map((f) => f.item), statuses: await statuses };
  });
}
