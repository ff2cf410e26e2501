import type { StreamFlowResult, StreamItemsView, StreamRef, TeamView } from '../contract';
import { Zone } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { computeFlowReport, computeReportOfParts, underReportClock } from '../domain/flow-report';
import { itemRows } from '../domain/item-rows';
import { DEFAULT_SETTINGS, type FlowSettings } from '../domain/settings';
import type { KnownStatus, WorkItem } from '../domain/types';
import { streamSettings, teamFigures, teamSettings, type ValueStream } from '../domain/value-stream';
import { defaultWindow, liveAsOf, type WindowSpec } from '../domain/window';
import { parseJiraDateTime } from '../jira/datetime';
import type { JiraClient } from '../jira/jira-client';
import { inParallel } from './in-parallel';
import { MAX_ITEM_ROWS, type ProjectFlowRequest } from './project-flow-service';
import { readSettings } from './settings-service';
import { spaceNotFound, spacesById, type Space } from './space-access';
import { readStream, seenBy, type StoredStream } from './stream-store';
import { RESOLVER_MAX_FETCH, readWindow, spaceMeta, startLoadState, type CacheContext } from './window-read';

/**
 * A value stream's figures (docs/value-streams.md): each space the reader may browse is read
 * through the one read path (the fact cache as the user, handed to the async consumer when too
 * big for the call), classified by its own rules, and measured on the stream's clock; the stream's
 * report is computed over all of them at once, and each team's beside it.
 */

/** A project page's window, for a stream (whose filter is its own). */
export interface StreamWindowRequest extends Omit<ProjectFlowRequest, 'projectKey' | 'filter'> {
  readonly streamId: string;
  /** One team's rows only (a count of the side-by-side table). */
  readonly spaceKey?: string | undefined;
}

/** Spaces read at once: each read runs its own pages and changelog batches in the client's lanes. */
const SPACES_IN_FLIGHT = 3;

interface SpaceRead {
  readonly space: Space;
  readonly settings: FlowSettings;
  readonly usesDefaults: boolean;
  readonly items: WorkItem[];
  readonly statuses: KnownStatus[];
  readonly issuesRead: number;
}

export type StreamRead =
  | {
      readonly kind: 'ready';
      readonly stream: StreamRef;
      readonly definition: ValueStream;
      readonly settings: FlowSettings;
      readonly window: WindowSpec;
      readonly spaces: readonly SpaceRead[];
      readonly unavailable: number;
    }
  | { readonly kind: 'refreshing'; readonly view: Extract<StreamFlowResult, { status: 'refreshing' }> };

/**
 * Reads the stream's spaces over the request's window. `stored` is the stream when the caller
 * has read it already (the review reads it first for its time zone, to know the months).
 */
export async function readStreamWindow(
  jira: JiraClient,
  cache: CacheContext,
  request: StreamWindowRequest,
  now: number,
  stored?: StoredStream,
): Promise<StreamRead> {
  stored ??= await readStream(cache.store, request.streamId);
  const visible = await spacesById(jira, stored.stream.spaceIds);
  const definition = stored.stream;
  const stream = { id: stored.id, name: definition.name };
  const seen = seenBy(definition, visible);
  const base = { ...DEFAULT_SETTINGS, trendPeriod: request.trendPeriod ?? definition.trendPeriod };
  const settings = streamSettings({ ...definition, trendPeriod: base.trendPeriod }, base);
  const zone = new Zone(settings.timeZone);
  const { from, to } = defaultWindow(request, zone, now);
  const asOf = request.asOf !== undefined ? (parseJiraDateTime(request.asOf) ?? undefined) : undefined;
  const window: WindowSpec = { from, to, asOf: asOf ?? liveAsOf(to, zone, now) };
  let spaces = seen.spaces;
  if (request.spaceKey !== undefined) {
    const key = request.spaceKey.toUpperCase();
    spaces = spaces.filter((s) => s.key.toUpperCase() === key);
    // A team the reader may not browse reads as one the stream does not have.
    if (spaces.length === 0) throw spaceNotFound(request.spaceKey);
  }
  // One call's budget of facts is the stream's, shared by its spaces: a stream of ten big spaces
  // hands over to the consumer as one big space would, instead of fetching ten budgets at once.
  const budget = Math.max(
    1,
    Math.floor((cache.maxFetchInCall ?? RESOLVER_MAX_FETCH) / Math.max(1, spaces.length)),
  );
  const shared: CacheContext = { ...cache, maxFetchInCall: budget };
  // Every space's cache writes, awaited whatever happens: the resolver must not answer, not even
  // with an error, while what its reads store is still being stored.
  const writes: Promise<unknown>[] = [];
  const keep = (write: Promise<unknown>): void => {
    write.catch(() => undefined);
    writes.push(write);
  };
  const reading = inParallel(spaces, SPACES_IN_FLIGHT, async (space) => {
    const state = startLoadState(shared, space.id);
    const [loaded, { meta, stored: metaStored }] = await Promise.all([
      readSettings(cache.store, space.id),
      spaceMeta(jira, cache.store, space, now),
    ]);
    keep(metaStored);
    const read = await readWindow(jira, shared, meta, from, now, definition.filter ?? undefined, state);
    if (read.kind === 'ready') keep(read.saved);
    return { space, loaded, read };
  });
  const reads = await reading.finally(() => Promise.allSettled(writes));
  await Promise.all(writes);
  const refreshing = reads.flatMap((r) => (r.read.kind === 'refreshing' ? [r.read] : []));
  if (refreshing.length > 0) {
    // Spaces already read count as done: the progress is of the whole stream's work items.
    const done = reads.reduce(
      (n, r) => n + (r.read.kind === 'ready' ? r.read.items.length : r.read.progress.done),
      0,
    );
    const total = reads.reduce(
      (n, r) => n + (r.read.kind === 'ready' ? r.read.items.length : r.read.progress.total),
      0,
    );
    const startedAt = Math.min(...refreshing.map((r) => r.startedAt));
    return {
      kind: 'refreshing',
      view: {
        status: 'refreshing',
        stream,
        progress: { done, total },
        startedAt: new Date(startedAt).toISOString(),
      },
    };
  }
  return {
    kind: 'ready',
    stream,
    definition,
    settings,
    window,
    unavailable: seen.unavailable,
    spaces: reads.flatMap(({ space, loaded, read }) =>
      read.kind === 'ready'
        ? [
            {
              space,
              settings: loaded.settings,
              usesDefaults: loaded.isDefault,
              items: read.items.filter((i) => i.projectKey === space.key),
              statuses: read.statuses,
              issuesRead: read.issuesRead,
            },
          ]
        : [],
    ),
  };
}

/** Each team's own figures over a window, side by side: its own report, with its own debt band. */
export function teamViews(read: Extract<StreamRead, { kind: 'ready' }>, window: WindowSpec): TeamView[] {
  return read.spaces.map((s) => ({
    space: s.space,
    usesDefaults: s.usesDefaults,
    issuesRead: s.issuesRead,
    figures: teamFigures(
      computeFlowReport({
        project: s.space.key,
        items: s.items,
        statuses: s.statuses,
        window,
        settings: teamSettings(s.settings, read.definition, read.settings.trendPeriod),
      }),
    ),
  }));
}

export async function getStreamFlow(
  jira: JiraClient,
  cache: CacheContext,
  request: StreamWindowRequest,
  now: number,
): Promise<StreamFlowResult> {
  const read = await readStreamWindow(jira, cache, request, now);
  if (read.kind !== 'ready') return read.view;
  const { settings, window, definition } = read;
  const report = computeReportOfParts(
    { project: definition.name, window, settings },
    read.spaces.map((s) => ({ items: s.items, statuses: s.statuses, settings: s.settings })),
  );
  return {
    status: 'ready',
    stream: read.stream,
    report,
    teams: teamViews(read, window),
    unavailable: read.unavailable,
    issuesRead: read.spaces.reduce((n, s) => n + s.issuesRead, 0),
    generatedAt: new Date(now).toISOString(),
    filter: definition.filter,
  };
}

/**
 * The rows behind a stream's figures, one per flow item with its space, each classified by its
 * space's rules on the stream's clock: the export and the drill-down. Read in this call, as the
 * project's export is (the page offers it once its figures are ready).
 */
export async function getStreamItems(
  jira: JiraClient,
  cache: CacheContext,
  request: StreamWindowRequest,
  now: number,
): Promise<StreamItemsView> {
  const read = await readStreamWindow(jira, { ...cache, jobs: null }, request, now);
  if (read.kind !== 'ready') throw new Error('unreachable: a read without jobs never refreshes');
  const rows = read.spaces.flatMap((s) =>
    itemRows({
      items: s.items,
      statuses: s.statuses,
      settings: underReportClock(s.settings, read.settings),
      window: read.window,
      asOf: now,
    }).map((row) => ({ ...row, space: s.space.key })),
  );
  if (rows.length > MAX_ITEM_ROWS) {
    throw new DomainError(
      'TOO_LARGE',
      `${rows.length} work items bear on ${read.window.from} to ${read.window.to}; an export holds at most ${MAX_ITEM_ROWS}. Choose a shorter window.`,
    );
  }
  return { stream: read.stream, from: read.window.from, to: read.window.to, rows };
}
