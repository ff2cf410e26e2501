import type { FlowPeriodsResult } from '../contract';
import { Zone } from '../domain/calendar';
import { recentPeriods, reviewFigures } from '../domain/period-figures';
import type { TrendPeriod } from '../domain/settings';
import type { JiraClient } from '../jira/jira-client';
import { readSettings } from './settings-service';
import { projectMeta, readWindow, startLoadState, type CacheContext } from './window-read';

/**
 * Month over month (or week over week) for a space (docs/flow-metrics.md#signal-or-noise): one
 * read of the span through the fact cache, as the user, then each period computed as the project
 * page computes a window of its own, and each metric's latest change judged against the periods
 * before it. A read too big for one call continues in the consumer, as the page's does.
 */

export interface FlowPeriodsRequest {
  readonly projectKey: string;
  /** How many complete periods, 6 unless given. */
  readonly periods?: number | undefined;
  readonly period?: TrendPeriod | undefined;
}

export const DEFAULT_PERIODS = 6;

export async function getFlowPeriods(
  jira: JiraClient,
  cache: CacheContext,
  request: FlowPeriodsRequest,
  now: number,
): Promise<FlowPeriodsResult> {
  // The space as the user may see it, asked of Jira first (src/services/space-access.ts).
  const { meta, stored } = await projectMeta(jira, cache.store, request.projectKey, now);
  const state = startLoadState(cache, meta.project.id);
  const [loaded] = await Promise.all([readSettings(cache.store, meta.project.id), stored]);
  const kind = request.period ?? 'month';
  const settings = { ...loaded.settings, trendPeriod: kind };
  const windows = recentPeriods(
    new Zone(settings.timeZone).dayOf(now),
    kind,
    request.periods ?? DEFAULT_PERIODS,
  );
  const read = await readWindow(jira, cache, meta, windows[0]?.from, now, undefined, state);
  if (read.kind === 'refreshing')
    return {
      status: 'refreshing',
      project: read.project,
      progress: read.progress,
      startedAt: new Date(read.startedAt).toISOString(),
    };
  try {
    const items = read.items.filter((i) => i.projectKey === meta.project.key);
    return {
      status: 'ready',
      project: read.project,
      period: kind,
      ...reviewFigures(meta.project.key, windows, settings, [{ items, statuses: read.statuses, settings }]),
      timeZone: settings.timeZone,
      targetsAgreed: !loaded.isDefault,
    };
  } finally {
    // The resolver must not answer before what its read stores is stored.
    await read.saved;
  }
}
