import type { ProjectFlowView } from '../contract';
import { parseCivilDate, Zone } from '../domain/calendar';
import { computeFlowReport } from '../domain/flow-report';
import type { FlowSettings, TrendPeriod } from '../domain/settings';
import { defaultWindow } from '../domain/window';
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

/**
 * A project's flow report read from Jira with given settings: the window's issues, their
 * changelogs and the statuses, then the metrics. Shared by the resolver and `report --site`.
 */
export async function reportForProject(
  jira: JiraClient,
  project: JiraProject,
  settings: FlowSettings,
  window: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly weeks?: number | undefined;
    readonly asOf?: number | undefined;
  },
  now: number,
): Promise<ProjectFlowView> {
  const zone = new Zone(settings.timeZone);
  const { from, to } = defaultWindow(window, zone, now);
  const data = await fetchProjectData(jira, project, from);
  // A window that ends today is read as of now: the load and ages of this moment, not of midnight.
  const windowEnd = zone.startOfDay((parseCivilDate(to) ?? 0) + 1);
  const asOf = window.asOf ?? (windowEnd > now ? now : undefined);
  const report = computeFlowReport({
    project: project.key,
    items: data.items.filter((i) => i.projectKey === project.key),
    statuses: data.statuses,
    window: { from, to, asOf },
    settings,
  });
  return {
    project: { id: project.id ?? '', key: project.key, name: project.name ?? project.key },
    report,
    issuesRead: data.issues.length,
    generatedAt: new Date(now).toISOString(),
  };
}

export async function getProjectFlow(
  jira: JiraClient,
  store: KeyValueStore,
  request: ProjectFlowRequest,
  now: number,
): Promise<ProjectFlowView> {
  const project = await getProject(jira, request.projectKey);
  const loaded = await readSettings(store, project.id ?? project.key);
  const settings =
    request.trendPeriod !== undefined
      ? { ...loaded.settings, trendPeriod: request.trendPeriod }
      : loaded.settings;
  const asOf = request.asOf !== undefined ? (parseJiraDateTime(request.asOf) ?? undefined) : undefined;
  return reportForProject(jira, project, settings, { ...request, asOf }, now);
}
