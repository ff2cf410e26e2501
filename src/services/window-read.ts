import { DomainError } from '../domain/errors';
import type { KnownStatus, WorkItem } from '../domain/types';
import { flaggedFieldId } from '../jira/jira-api';
import { bulkChangelogs, changelogFields, SEARCH_IDS_PAGE_SIZE, searchIssues } from '../jira/jira-search';
import { JiraError, type JiraClient } from '../jira/jira-client';
import { asSpaceNotFound, visibleSpace, type Space } from './space-access';
import { filterRefused } from '../jira/jql-filter';
import { inOneLoad } from '../jira/load-scope';
import type { JiraChangeHistory, JiraIssue, JiraProject } from '../jira/schemas';
import {
  FactReader,
  META_MAX_AGE_MS,
  readJob,
  readMeta,
  readSync,
  writeFacts,
  writeJob,
  writeMeta,
  writeSync,
  type Fact,
  type FactJobRecord,
  type ProjectMeta,
  type SyncRecord,
} from './fact-cache';
import type { FactJobQueue } from './fact-jobs';
import type { KeyValueStore } from './key-value-store';
import { searchDigest, searchWindowIds } from './id-slices';
import {
  isLive,
  jobDecision,
  knownCurrentSince,
  missingIds,
  nextCuts,
  usable,
  nextSeen,
  servedItems,
  tooMuchForOneCall,
} from './cache-policy';
import {
  factOf,
  fetchFactsByIds,
  fetchStatuses,
  spaceClause,
  WINDOW_ORDER,
  windowJql,
  windowWhere,
} from './project-data';

/**
 * A project window read through the fact cache (docs/jira.md#the-fact-cache). Every load asks
 * Jira, as the user, for the ids of the window (5000 a page): only those ids are served, so that
 * a cached fact never shows anybody an issue Jira hides from them. Facts are fetched for ids
 * without one, and for issues changed since they were last known current (`updated >=`, in
 * minutes relative to Jira's clock, so that no time zone enters). A load too big for one resolver
 * call hands the fetching to the async consumer and answers with its progress.
 */

export interface CacheContext {
  readonly store: KeyValueStore;
  /** The calling user, whose sync record is kept. */
  readonly accountId: string;
  /** Where a load too big for the resolver goes; null reads everything in this call. */
  readonly jobs: FactJobQueue | null;
  /** Facts one call may fetch before handing over to the jobs (RESOLVER_MAX_FETCH unless set). */
  readonly maxFetchInCall?: number | undefined;
}

export type WindowRead =
  | {
      readonly kind: 'ready';
      readonly project: ProjectMeta['project'];
      readonly items: WorkItem[];
      readonly statuses: KnownStatus[];
      readonly issuesRead: number;
      /**
       * The cache writes of this read, under way while the caller computes: awaited before the
       * resolver answers, since Forge may stop an invocation once it has answered.
       */
      readonly saved: Promise<void>;
    }
  | {
      readonly kind: 'refreshing';
      readonly project: ProjectMeta['project'];
      readonly startedAt: number;
      /** Of the ids the user's own search returned, how many have facts so far. */
      readonly progress: { readonly done: number; readonly total: number };
    };

/** Facts fetched in one resolver call at most; more goes to the async consumer. */
export const RESOLVER_MAX_FETCH = 20_000;
/** `updated >=` reaches back this much further: Jira's search index lags writes a little. */
const CHANGED_MARGIN_MINUTES = 10;

/**
 * The records a cached read starts from, read side by side with the project's settings (which
 * decide the window): the job filling the cache, and the user's sync record.
 */
export interface LoadState {
  readonly job: Promise<FactJobRecord | null>;
  readonly sync: Promise<SyncRecord | null>;
}

export function startLoadState(cache: CacheContext, projectId: string): LoadState {
  const job = cache.jobs === null ? Promise.resolve(null) : readJob(cache.store, projectId);
  const sync = readSync(cache.store, projectId, cache.accountId);
  // Awaited by readWindow; a load that fails before it must not leave them unhandled.
  job.catch(() => undefined);
  sync.catch(() => undefined);
  return { job, sync };
}

/**
 * The project as the user may see it. Jira is asked first, as the user, whatever is cached: a
 * person who may not see the space is told what they would be told of one that does not exist,
 * with no key, id, name or timing from a cache someone else filled (src/services/space-access.ts).
 * The cached statuses and Flagged field are used when fresh; fetched afresh, they are stored while
 * the load goes on: `stored` settles when they are.
 */
export async function projectMeta(
  jira: JiraClient,
  store: KeyValueStore,
  projectKey: string,
  now: number,
): Promise<{ meta: ProjectMeta; stored: Promise<void> }> {
  const cachedRead = readMeta(store, projectKey);
  // Settled whatever happens: the project's answer decides, and may come first.
  cachedRead.catch(() => undefined);
  return spaceMeta(jira, store, await visibleSpace(jira, projectKey), now, cachedRead);
}

/** `projectMeta` of a space the caller has already found visible (src/services/space-access.ts). */
export async function spaceMeta(
  jira: JiraClient,
  store: KeyValueStore,
  project: Space,
  now: number,
  cachedRead: Promise<ProjectMeta | null> = readMeta(store, project.key),
): Promise<{ meta: ProjectMeta; stored: Promise<void> }> {
  const cached = await cachedRead;
  if (
    cached !== null &&
    cached.project.id === project.id &&
    now - cached.fetchedAt < META_MAX_AGE_MS &&
    cached.fetchedAt <= now
  ) {
    return { meta: { ...cached, project }, stored: Promise.resolve() };
  }
  const meta = await inOneLoad(jira, async (load) => {
    const flagged = load.start((j) => flaggedFieldId(j));
    const statuses = load.start((j) => fetchStatuses(j, project.key));
    return { project, statuses: await statuses, flaggedFieldId: await flagged, fetchedAt: now };
  });
  const stored = writeMeta(store, meta);
  stored.catch(() => undefined);
  return { meta, stored };
}

/** The window starting at `from` of a project whose metadata `projectMeta` gave. */
export async function readWindow(
  jira: JiraClient,
  cache: CacheContext,
  meta: ProjectMeta,
  from: string | undefined,
  now: number,
  /** Checked JQL narrowing the window's work items: only the id search holds it. */
  filter?: string,
  state: LoadState = startLoadState(cache, meta.project.id),
): Promise<WindowRead> {
  const { store } = cache;
  const project = meta.project;
  const projectKey = project.key;
  const projectRef: JiraProject = { id: project.id, key: project.key, name: project.name };
  const where = windowWhere(projectRef, from, filter);
  const digest = searchDigest(where);
  // While the consumer fills the cache, the page asks again every few seconds: each time the
  // user's own id search runs (what they are told of is what they may see), the search for
  // changes waits until the facts are there.
  const job = await state.job;
  const filling = job !== null && isLive(job, now);
  const outcome = await inOneLoad(jira, async (load) => {
    const sync = state.sync;
    // What changed since the user's last sync is asked for alongside the ids: a warm load then
    // waits for Jira only as long as the id pages take.
    const early = load.start(async (j) => {
      const last = await sync;
      return last === null || filling
        ? null
        : { since: last.syncedAt, issues: await searchChanged(j, projectRef, last.syncedAt, now) };
    });
    const reader = new FactReader(store, project.id);
    // Read beside the settings, so already there: it says where the last load cut this search,
    // and which ids it saw, whose facts are read while Jira answers (only those of the ids it
    // returns now are used).
    const previous = await sync;
    const cuts = previous?.cuts.get(digest) ?? [];
    if (previous?.seen) reader.request(previous.seen);
    const flagged = Promise.resolve(meta.flaggedFieldId);
    // A first page that is full has more after it, one after the other: its missing facts are
    // asked for while Jira pages on (not while the consumer is at work: that is its to fetch).
    const firstPage: { missing: Promise<string[]>; fetched: Promise<Fact[]> } = {
      missing: Promise.resolve([]),
      fetched: Promise.resolve([]),
    };
    let pages = 0;
    const idsStarted = Date.now();
    const ids = await load.start((j) =>
      searchWindowIds(j, where, cuts, (page) => {
        reader.request(page);
        if (pages++ > 0 || filling || cuts.length > 0 || page.length < SEARCH_IDS_PAGE_SIZE) return;
        const missing = reader
          .done()
          .then((known) => page.filter((id) => !usable(known.facts.get(id), projectKey)));
        firstPage.missing = missing;
        firstPage.fetched = load.start(async () => fetchFactsByIds(load, await missing, flagged, now));
      }).catch((e: unknown) => {
        // The project was found just before (its metadata): a search refused then is the filter's.
        if (filter !== undefined && e instanceof JiraError && e.status === 400)
          throw filterRefused(filter, e.message);
        throw asSpaceNotFound(e, projectKey);
      }),
    );
    // Slices go out side by side: their time is one call's.
    const idRounds = cuts.length > 0 ? 1 : Math.ceil(ids.length / SEARCH_IDS_PAGE_SIZE);
    const idCallMs = (Date.now() - idsStarted) / Math.max(1, idRounds);
    const cached = await reader.done();
    const underWay = new Set(await firstPage.missing);
    const missing = missingIds(ids, cached.facts, underWay, projectKey);
    // While the consumer is at work, what it has not written yet is its to fetch, not this call's too.
    const handOver =
      (filling && missing.length > 0) ||
      tooMuchForOneCall({
        missing: missing.length,
        callMs: idCallMs,
        concurrency: jira.options.concurrency ?? 6,
        leftMs: jira.options.deadline - (jira.options.now ?? Date.now)(),
        maxFetch: cache.maxFetchInCall ?? RESOLVER_MAX_FETCH,
      });
    if (cache.jobs !== null && handOver) {
      // What the first page brought is kept: the consumer skips what the cache holds.
      const early = await firstPage.fetched;
      if (early.length > 0)
        await writeFacts(store, project.id, { fresh: early, seen: new Set(ids), read: null, now });
      return { kind: 'refreshing' as const, missing: missing.length, visible: ids.length };
    }
    const last = await sync;

    // Every fact used is current unless its issue changed after the moment it was last known to be.
    const since = knownCurrentSince(ids, cached.facts, last);
    const fetched = load.start(() => fetchFactsByIds(load, missing, flagged, now));
    const asked = await early;
    const changed =
      since === null
        ? []
        : asked !== null && asked.since <= since
          ? asked.issues
          : await load.start((j) => searchChanged(j, projectRef, since, now));
    const renewed = await load.start((j) => renewChanged(j, changed, meta.flaggedFieldId, cached.facts, now));
    const fresh = [...renewed, ...(await fetched), ...(await firstPage.fetched)];
    return { kind: 'ready' as const, ids, sync: last, cached, fresh };
  });
  if (outcome.kind === 'refreshing') {
    const running = await ensureJob(cache, meta, from, job, now);
    return {
      kind: 'refreshing',
      project,
      startedAt: running.startedAt,
      progress: { done: outcome.visible - outcome.missing, total: outcome.visible },
    };
  }
  const { ids, sync, cached, fresh } = outcome;
  const visible = new Set(ids);
  const items = servedItems(ids, cached.facts, fresh);
  const seen = nextSeen(sync, visible, cached.facts, from);
  const cuts = nextCuts(sync?.cuts, digest, items, projectKey);
  // The sync record vouches for the facts as of now: it is written only once they are stored.
  const saved = writeFacts(store, project.id, { fresh, seen: visible, read: cached, now }).then(() =>
    writeSync(store, project.id, cache.accountId, { syncedAt: now, seen, cuts }),
  );
  saved.catch(() => undefined);
  return {
    kind: 'ready',
    project,
    items,
    statuses: [...meta.statuses],
    issuesRead: ids.length,
    saved,
  };
}

/** The project's issues changed since a moment (and a margin), with their fields. */
function searchChanged(
  jira: JiraClient,
  project: JiraProject,
  since: number,
  now: number,
): Promise<JiraIssue[]> {
  const minutes = Math.max(0, Math.ceil((now - since) / 60_000)) + CHANGED_MARGIN_MINUTES;
  // Minutes relative to Jira's clock: absolute dates in JQL are read in the user's time zone.
  return searchIssues(jira, {
    jql: `${spaceClause(project)} AND updated >= "-${minutes}m" ${WINDOW_ORDER}`,
  });
}

/**
 * Facts for changed issues, with their complete changelogs. The margin brings back issues already
 * known as they are: where `updated` is the one cached, nothing changed (Jira moves `updated` with
 * every edit and every change it records), so neither the history nor the cache is touched.
 */
async function renewChanged(
  jira: JiraClient,
  issues: readonly JiraIssue[],
  flaggedId: string | null,
  cached: ReadonlyMap<string, Fact>,
  now: number,
): Promise<Fact[]> {
  const known = (issue: JiraIssue): Fact | null => {
    const fact = cached.get(issue.id);
    const updated = issue.fields.updated ?? null;
    return fact !== undefined && updated !== null && fact.updated === updated ? fact : null;
  };
  const stale = issues.filter((issue) => known(issue) === null).map((i) => i.id);
  const logs =
    stale.length === 0
      ? new Map<string, JiraChangeHistory[]>()
      : await bulkChangelogs(jira, stale, changelogFields(flaggedId));
  // An issue whose `updated` is the one cached has not changed at all: its cached fact stands.
  return issues.flatMap((issue) =>
    known(issue) === null ? [factOf(issue, logs.get(issue.id) ?? [], now)] : [],
  );
}

/** The job filling this project's cache: the one running (as read at the start of the load), or a new one. */
async function ensureJob(
  cache: CacheContext,
  meta: ProjectMeta,
  from: string | undefined,
  current: FactJobRecord | null,
  now: number,
): Promise<FactJobRecord> {
  const projectId = meta.project.id;
  const decision = jobDecision(current, now);
  if (decision.kind === 'join') return decision.job;
  if (decision.kind === 'failed')
    throw new DomainError('JIRA_UNAVAILABLE', `Reading the space failed: ${decision.message}`);
  const job: FactJobRecord = {
    state: 'running',
    startedAt: now,
    updatedAt: now,
    message: null,
  };
  await writeJob(cache.store, projectId, job);
  await cache.jobs?.push({
    projectId,
    projectKey: meta.project.key,
    jql: windowJql({ id: projectId, key: meta.project.key }, from),
    flaggedFieldId: meta.flaggedFieldId,
    startedAt: now,
  });
  return job;
}
