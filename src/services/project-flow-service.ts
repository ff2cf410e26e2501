import type {
  ProjectFlowResult,
  ProjectFlowView,
  ProjectItemsView,
  ProjectRef,
  TypeSampleView,
} from '../contract';
import { Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { computeFlowReport } from '../domain/flow-report';
import { itemRows } from '../domain/item-rows';
import { kindsOf } from '../domain/type-preview';
import type { FlowSettings, TrendPeriod } from '../domain/settings';
import type { KnownStatus, WorkItem } from '../domain/types';
import { defaultWindow, liveAsOf, type WindowSpec } from '../domain/window';
import { parseJiraDateTime } from '../jira/datetime';
import { checkFilterJql } from '../jira/jql-filter';
import type { JiraClient } from '../jira/jira-client';
import type { JiraProject } from '../jira/schemas';
import { fetchProjectData } from './project-data';
import { readSettings } from './settings-service';
import { spaceOf } from './space-access';
import type { ProjectMeta } from './fact-cache';
import { projectMeta, readWindow, startLoadState, type CacheContext, type LoadState } from './window-read';

export interface ProjectFlowRequest {
  readonly projectKey: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
  readonly weeks?: number | undefined;
  readonly trendPeriod?: TrendPeriod | undefined;
  readonly filter?: string | undefined;
}

interface WindowRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly weeks?: number | undefined;
  readonly asOf?: number | undefined;
  /** Checked JQL that narrows the project's work items. */
  readonly filter?: string | undefined;
}

/** A project's items that can bear on a window, read from Jira as the user, with the window resolved. */
interface ProjectWindow {
  readonly kind: 'ready';
  readonly project: ProjectRef;
  readonly window: WindowSpec;
  readonly items: WorkItem[];
  readonly statuses: KnownStatus[];
  readonly issuesRead: number;
  /** The cache writes of the read, awaited by `thenSaved` once the figures are computed. */
  readonly saved: Promise<void>;
}

interface StillRefreshing {
  readonly kind: 'refreshing';
  readonly view: ProjectFlowResult & { status: 'refreshing' };
}

function resolveWindow(settings: FlowSettings, request: WindowRequest, now: number): WindowSpec {
  const zone = new Zone(settings.timeZone);
  const { from, to } = defaultWindow(request, zone, now);
  return { from, to, asOf: request.asOf ?? liveAsOf(to, zone, now) };
}

/** Read whole, as the CLI does (it has no storage to cache in). */
async function readProjectWindow(
  jira: JiraClient,
  project: JiraProject,
  settings: FlowSettings,
  request: WindowRequest,
  now: number,
): Promise<ProjectWindow> {
  const window = resolveWindow(settings, request, now);
  const data = await fetchProjectData(jira, project, window.from, now);
  return {
    kind: 'ready',
    project: spaceOf(project),
    window,
    items: data.items.filter((i) => i.projectKey === project.key),
    statuses: data.statuses,
    issuesRead: data.items.length,
    saved: Promise.resolve(),
  };
}

/** Read through the fact cache, as the resolvers do; a load too big for one call is refreshing. */
async function readCachedWindow(
  jira: JiraClient,
  cache: CacheContext,
  { meta, settings, window: request, state }: ProjectAndSettings,
  now: number,
): Promise<ProjectWindow | StillRefreshing> {
  const window = resolveWindow(settings, request, now);
  const read = await readWindow(jira, cache, meta, window.from, now, request.filter, state);
  if (read.kind === 'refreshing') {
    return {
      kind: 'refreshing',
      view: {
        status: 'refreshing',
        project: read.project,
        progress: read.progress,
        startedAt: new Date(read.startedAt).toISOString(),
      },
    };
  }
  return {
    kind: 'ready',
    project: read.project,
    window,
    items: read.items.filter((i) => i.projectKey === meta.project.key),
    statuses: read.statuses,
    issuesRead: read.issuesRead,
    saved: read.saved,
  };
}

/**
 * Computes from a read while its cache writes are under way, then waits for them: the resolver
 * must not answer before what it stores is stored.
 */
async function thenSaved<T>(read: ProjectWindow, compute: () => T): Promise<T> {
  try {
    return compute();
  } finally {
    await read.saved;
  }
}

function flowView(
  read: ProjectWindow,
  settings: FlowSettings,
  now: number,
  filter: string | null,
  targetsAgreed: boolean,
): ProjectFlowView {
  const report = computeFlowReport({
    project: read.project.key,
    items: read.items,
    statuses: read.statuses,
    window: read.window,
    settings,
  });
  return {
    status: 'ready',
    project: read.project,
    report,
    issuesRead: read.issuesRead,
    generatedAt: new Date(now).toISOString(),
    filter,
    targetsAgreed,
  };
}

/**
 * A project's flow report read from Jira with given settings: the window's issues, their
 * changelogs and the statuses, then the metrics. Shared by the resolver and `report --site`.
 */
export async function reportForProject(
  jira: JiraClient,
  project: JiraProject,
  settings: FlowSettings,
  request: WindowRequest,
  now: number,
): Promise<Pick<ProjectFlowView, 'report' | 'issuesRead'>> {
  const { report, issuesRead } = flowView(
    await readProjectWindow(jira, project, settings, request, now),
    settings,
    now,
    null,
    false,
  );
  return { report, issuesRead };
}

interface ProjectAndSettings {
  readonly meta: ProjectMeta;
  readonly settings: FlowSettings;
  /** The space's settings were saved: its targets are the team's, not the defaults. */
  readonly saved: boolean;
  readonly window: WindowRequest;
  readonly state: LoadState;
}

/** The project and its settings, as the calling user may see them, and the request's window. */
async function projectAndSettings(
  jira: JiraClient,
  cache: CacheContext,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectAndSettings> {
  // The space as the user may see it, asked of Jira first; its statuses from the cache when fresh.
  const { meta, stored } = await projectMeta(jira, cache.store, request.projectKey, now);
  const state = startLoadState(cache, meta.project.id);
  const [loaded] = await Promise.all([readSettings(cache.store, meta.project.id), stored]);
  const settings =
    request.trendPeriod !== undefined
      ? { ...loaded.settings, trendPeriod: request.trendPeriod }
      : loaded.settings;
  const asOf = request.asOf !== undefined ? (parseJiraDateTime(request.asOf) ?? undefined) : undefined;
  const filter = request.filter === undefined ? undefined : checkFilterJql(request.filter);
  return {
    meta,
    settings,
    saved: !loaded.isDefault,
    window: { from: request.from, to: request.to, weeks: request.weeks, asOf, filter },
    state,
  };
}

export async function getProjectFlow(
  jira: JiraClient,
  cache: CacheContext,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectFlowResult> {
  const loaded = await projectAndSettings(jira, cache, request, now);
  const read = await readCachedWindow(jira, cache, loaded, now);
  return read.kind === 'refreshing'
    ? read.view
    : thenSaved(read, () => flowView(read, loaded.settings, now, loaded.window.filter ?? null, loaded.saved));
}

/** The most rows an export answers at once; past it, a shorter window is asked for. */
export const MAX_ITEM_ROWS = 10_000;

/**
 * The rows behind a project page's figures, one per flow item that bears on the window (the same
 * rows as `flow-ledger items`), for the page's export. It reads in this call (no async handover):
 * the page offers it once its figures are ready, so the cache holds the facts.
 */
export async function getProjectItems(
  jira: JiraClient,
  cache: CacheContext,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectItemsView> {
  const noJobs = { ...cache, jobs: null };
  const loaded = await projectAndSettings(jira, noJobs, request, now);
  const { settings } = loaded;
  const read = await readCachedWindow(jira, noJobs, loaded, now);
  if (read.kind === 'refreshing') throw new Error('unreachable: a read without jobs never refreshes');
  const rows = await thenSaved(read, () =>
    itemRows({ items: read.items, statuses: read.statuses, settings, window: read.window, asOf: now }),
  );
  if (rows.length > MAX_ITEM_ROWS) {
    throw new DomainError(
      'TOO_LARGE',
      `${rows.length} work items bear on ${read.window.from} to ${read.window.to}; an export holds at most ${MAX_ITEM_ROWS}. Choose a shorter window.`,
    );
  }
  return { project: read.project, from: read.window.from, to: read.window.to, rows };
}

/** Weeks of work items the settings page previews its type rules on. */
export const TYPE_SAMPLE_WEEKS = 12;

/**
 * The project's work items of the last weeks, as the user may see them, folded into kinds (issue
 * type and labels): the settings page classifies them with the draft of its rules at each change.
 */
export async function getTypeSample(
  jira: JiraClient,
  cache: CacheContext,
  projectKey: string,
  now: number,
): Promise<TypeSampleView> {
  const noJobs = { ...cache, jobs: null };
  const loaded = await projectAndSettings(jira, noJobs, { projectKey, weeks: TYPE_SAMPLE_WEEKS }, now);
  const read = await readCachedWindow(jira, noJobs, loaded, now);
  if (read.kind === 'refreshing') throw new Error('unreachable: a read without jobs never refreshes');
  const kinds = await thenSaved(read, () => kindsOf(read.items));
  return { project: read.project, from: read.window.from, to: read.window.to, kinds };
}
