import type { ProjectFlowView, ProjectItemsView, ProjectRef } from '../contract';
import { Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { computeFlowReport } from '../domain/flow-report';
import { itemRows } from '../domain/item-rows';
import type { FlowSettings, TrendPeriod } from '../domain/settings';
import type { KnownStatus, WorkItem } from '../domain/types';
import { defaultWindow, liveAsOf, type WindowSpec } from '../domain/window';
import { parseJiraDateTime } from '../jira/datetime';
import { getProject } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import type { JiraProject } from '../jira/schemas';
import type { KeyValueStore } from './key-value-store';
import { fetchProjectData } from './project-data';
import { readSettings } from './settings-service';

export interface ProjectFlowRequest {
  readonly projectKey: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
  readonly weeks?: number | undefined;
  readonly trendPeriod?: TrendPeriod | undefined;
}

interface WindowRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly weeks?: number | undefined;
  readonly asOf?: number | undefined;
}

/** A project's items that can bear on a window, read from Jira as the user, with the window resolved. */
interface ProjectWindow {
  readonly project: ProjectRef;
  readonly window: WindowSpec;
  readonly items: WorkItem[];
  readonly statuses: KnownStatus[];
  readonly issuesRead: number;
}

async function readProjectWindow(
  jira: JiraClient,
  project: JiraProject,
  settings: FlowSettings,
  request: WindowRequest,
  now: number,
): Promise<ProjectWindow> {
  const zone = new Zone(settings.timeZone);
  const { from, to } = defaultWindow(request, zone, now);
  const data = await fetchProjectData(jira, project, from);
  return {
    project: { id: project.id ?? '', key: project.key, name: project.name ?? project.key },
    window: { from, to, asOf: request.asOf ?? liveAsOf(to, zone, now) },
    items: data.items.filter((i) => i.projectKey === project.key),
    statuses: data.statuses,
    issuesRead: data.issues.length,
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
): Promise<ProjectFlowView> {
  const read = await readProjectWindow(jira, project, settings, request, now);
  const report = computeFlowReport({
    project: project.key,
    items: read.items,
    statuses: read.statuses,
    window: read.window,
    settings,
  });
  return {
    project: read.project,
    report,
    issuesRead: read.issuesRead,
    generatedAt: new Date(now).toISOString(),
  };
}

/** The project and its settings, as the calling user may see them, and the request's window. */
async function projectAndSettings(
  jira: JiraClient,
  store: KeyValueStore,
  request: ProjectFlowRequest,
): Promise<{ project: JiraProject; settings: FlowSettings; window: WindowRequest }> {
  const project = await getProject(jira, request.projectKey);
  const loaded = await readSettings(store, project.id ?? project.key);
  const settings =
    request.trendPeriod !== undefined
      ? { ...loaded.settings, trendPeriod: request.trendPeriod }
      : loaded.settings;
  const asOf = request.asOf !== undefined ? (parseJiraDateTime(request.asOf) ?? undefined) : undefined;
  return { project, settings, window: { from: request.from, to: request.to, weeks: request.weeks, asOf } };
}

export async function getProjectFlow(
  jira: JiraClient,
  store: KeyValueStore,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectFlowView> {
  const { project, settings, window } = await projectAndSettings(jira, store, request);
  return reportForProject(jira, project, settings, window, now);
}

/** The most rows an export answers at once; past it, a shorter window is asked for. */
export const MAX_ITEM_ROWS = 10_000;

/**
 * The rows behind a project page's figures, one per flow item that bears on the window (the same
 * rows as `flow-ledger items`), for the page's export.
 */
export async function getProjectItems(
  jira: JiraClient,
  store: KeyValueStore,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectItemsView> {
  const { project, settings, window } = await projectAndSettings(jira, store, request);
  const read = await readProjectWindow(jira, project, settings, window, now);
  const rows = itemRows({
    items: read.items,
    statuses: read.statuses,
    settings,
    window: read.window,
    asOf: now,
  });
  if (rows.length > MAX_ITEM_ROWS) {
    throw new DomainError(
      'TOO_LARGE',
      `${rows.length} items bear on ${read.window.from} to ${read.window.to}; an export holds at most ${MAX_ITEM_ROWS}. Choose a shorter window.`,
    );
  }
  return { project: read.project, from: read.window.from, to: read.window.to, rows };
}
