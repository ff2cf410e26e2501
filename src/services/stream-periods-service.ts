import type { StreamPeriodsResult } from '../contract';
import { Zone } from '../domain/calendar';
import { recentPeriods, reviewFigures } from '../domain/period-figures';
import type { TrendPeriod } from '../domain/settings';
import type { JiraClient } from '../jira/jira-client';
import { DEFAULT_PERIODS } from './flow-periods-service';
import { readStreamWindow, teamViews } from './stream-flow-service';
import { readStream } from './stream-store';
import type { CacheContext } from './window-read';

/**
 * Month over month for a value stream (docs/flow-metrics.md#signal-or-noise): the stream's spaces
 * read once over the whole span through the stream's read path, each period computed over them
 * (each space by its own rules, on the stream's clock), and each team's figures for the latest
 * period beside the stream's, for the debt share against each team's band.
 */

export interface StreamPeriodsRequest {
  readonly streamId: string;
  readonly periods?: number | undefined;
  readonly period?: TrendPeriod | undefined;
}

export async function getStreamPeriods(
  jira: JiraClient,
  cache: CacheContext,
  request: StreamPeriodsRequest,
  now: number,
): Promise<StreamPeriodsResult> {
  // The stream first, for its time zone: the months are the stream's.
  const stored = await readStream(cache.store, request.streamId);
  const kind = request.period ?? 'month';
  const windows = recentPeriods(
    new Zone(stored.stream.timeZone).dayOf(now),
    kind,
    request.periods ?? DEFAULT_PERIODS,
  );
  const first = windows[0];
  const latest = windows.at(-1);
  const read = await readStreamWindow(
    jira,
    cache,
    { streamId: request.streamId, from: first?.from, to: latest?.to, trendPeriod: kind },
    now,
    stored,
  );
  if (read.kind !== 'ready') return read.view;
  const parts = read.spaces.map((s) => ({ items: s.items, statuses: s.statuses, settings: s.settings }));
  return {
    status: 'ready',
    stream: read.stream,
    period: kind,
    ...reviewFigures(read.definition.name, windows, read.settings, parts),
    timeZone: read.settings.timeZone,
    teams: teamViews(read, latest === undefined ? read.window : { from: latest.from, to: latest.to }),
    unavailable: read.unavailable,
  };
}
