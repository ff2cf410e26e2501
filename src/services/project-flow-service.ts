import type { ProjectFlowView } from '../contract';
import { formatCivilDate, parseCivilDate, Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { computeFlowReport } from '../domain/flow-report';
import type { TrendPeriod } from '../domain/settings';
import { parseJiraDateTime } from '../jira/datetime';
import { getProject } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import type { KeyValueStore } from './key-value-store';
import { fetchProjectData } from './project-data';
import { readSettings } from './settings-service';

/** The window a page opens on when none is asked for: the twelve weeks up to today. */
export const DEFAULT_WINDOW_DAYS = 84;

export interface ProjectFlowRequest {
  readonly projectKey: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
  readonly weeks?: number | undefined;
  readonly trendPeriod?: TrendPeriod | undefined;
}

/** Resolves the window: explicit dates, or the last 12 weeks ending today in the project's zone. */
export function windowFor(
  request: ProjectFlowRequest,
  zone: Zone,
  now: number,
): { from: string; to: string } {
  const today = zone.dayOf(now);
  const to = request.to ?? formatCivilDate(today);
  const toDay = parseCivilDate(to);
  if (toDay === null) throw new DomainError('INVALID_INPUT', `"to" is not a date: ${to}`);
  const span = request.weeks !== undefined ? request.weeks * 7 : DEFAULT_WINDOW_DAYS;
  const from = request.from ?? formatCivilDate(toDay - (span - 1));
  return { from, to };
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
  const window = windowFor(request, new Zone(settings.timeZone), now);
  const data = await fetchProjectData(jira, project, window.from);
  const zone = new Zone(settings.timeZone);
  const windowEnd = zone.startOfDay((parseCivilDate(window.to) ?? 0) + 1);
  // A window that ends today is read as of now: the load and ages of this moment, not of midnight.
  const asOf =
    request.asOf !== undefined
      ? (parseJiraDateTime(request.asOf) ?? undefined)
      : windowEnd > now
        ? now
        : undefined;
  const report = computeFlowReport({
    project: project.key,
    items: data.items.filter((i) => i.projectKey === project.key),
    statuses: data.statuses,
    window: { ...window, asOf },
    settings,
  });
  return {
    project: { id: project.id ?? '', key: project.key, name: project.name ?? project.key },
    report,
    issuesRead: data.issues.length,
    generatedAt: new Date(now).toISOString(),
  };
}
