import { z } from 'zod';
import { applyAction, type ActionContext } from '../domain/agreement-actions';
import { Zone } from '../domain/calendar';
import { DomainError, errorMessage } from '../domain/errors';
import { AGREEMENT_PROPERTY_KEY } from '../jira/agreement-index';
import { getIssue } from '../jira/jira-api';
import { SEARCH_BY_IDS_MAX, searchByIds, searchIds } from '../jira/jira-search';
import type { JiraClient } from '../jira/jira-client';
import { nextRevision } from './agreement-lock';
import { agreementOf, withLease, writeProperty, type EpicAgreement } from './agreement-store';
import { chunksOf, type KeyValueStore } from './key-value-store';
import { inParallel } from './in-parallel';
import { readSettings } from './settings-service';

/**
 * The daily refresh (docs/debt-agreements.md#staying-current-without-opening-the-app): the status
 * of every open agreement, recomputed at one moment in its project's zone and written into the
 * property when it changed, so that plain JQL, filters and their subscriptions, and Jira's own
 * gadgets show what is overdue or needs the team this week.
 *
 * Every open agreement is reached: one search lists their ids (5000 a page), and they are refreshed
 * in batches; what one run has no time for goes on in the async queue, a batch an event, so that
 * a site with more agreements than one run can take is refreshed whole, not its first few
 * hundred every day.
 *
 * It runs as the app, with no user. It writes only what is derived from the property itself and
 * the clock, into the property, which whoever may see the epic may read anyway; nothing it reads is
 * kept or shown to anybody.
 */

/** Who the history and the lock name when the app itself writes. */
export const APP_ACCOUNT = 'flow-ledger-app';

/** The open agreements one event of the queue carries (their epics' ids: about 2 KB). */
export const REFRESH_BATCH = 200;

/** Writes in flight at once: few, so that Jira's per-second limits on property writes are not met. */
const WRITES_IN_FLIGHT = 4;

/** A batch is started only with this much time left; what is left over goes to the queue. */
const BATCH_RESERVE_MS = 30_000;

/**
 * The time one epic's refresh may take, lease included: an epic is started only with this much
 * left, and its lease lasts no longer (plus the lease's grace), so that a run that stops half way
 * keeps no epic from its people for long.
 */
const EPIC_BUDGET_MS = 20_000;

/**
 * How many times an epic not reached, or stopped by the clock, is handed on to a later event: an
 * epic that cannot be refreshed in an event's time is reported as failed after that, not passed on
 * for ever.
 */
export const MAX_REFRESH_ROUNDS = 5;

/** What one event of the refresh queue asks: these epics, refreshed at this moment. */
export const refreshJobSchema = z.object({
  kind: z.literal('refresh-agreements'),
  at: z.number(),
  epicIds: z.array(z.string().regex(/^\d+$/)).min(1).max(REFRESH_BATCH),
  /** How many events handed these epics on before: absent for the daily run's own batches. */
  round: z.number().int().min(0).max(MAX_REFRESH_ROUNDS).optional(),
});
export type RefreshJob = z.infer<typeof refreshJobSchema>;

/** Where batches a run has no time for go (the Forge queue, or in process off Forge). */
export interface RefreshQueue {
  push(jobs: readonly RefreshJob[]): Promise<void>;
}

export interface RefreshOutcome {
  /** Open agreements this run looked at (the search's, or the event's). */
  readonly scanned: number;
  readonly refreshed: number;
  readonly unchanged: number;
  /** Without the label, or unreadable: left for a person to repair. */
  readonly skipped: number;
  readonly failed: readonly { readonly key: string; readonly message: string }[];
  /** Agreements handed to the queue, for later events. */
  readonly queued: number;
}

/** The search that lists every open agreement, as the app sees them. */
export const OPEN_AGREEMENTS_JQL = 'debtAgreementState = open ORDER BY key ASC';

/** The daily run: lists every open agreement, refreshes what its time allows, and queues the rest. */
export async function refreshAgreements(
  jira: JiraClient,
  store: KeyValueStore,
  queue: RefreshQueue | null,
  at: number,
  batch = REFRESH_BATCH,
): Promise<RefreshOutcome> {
  const ids = await searchIds(jira, OPEN_AGREEMENTS_JQL);
  return refreshEpics(jira, store, queue, { at, round: 0, fromEvent: false }, ids, batch);
}

/** One event of the queue: its batch, refreshed at the daily run's moment. */
export function continueRefresh(
  jira: JiraClient,
  store: KeyValueStore,
  queue: RefreshQueue | null,
  job: RefreshJob,
): Promise<RefreshOutcome> {
  const run = { at: job.at, round: job.round ?? 0, fromEvent: true };
  return refreshEpics(jira, store, queue, run, job.epicIds, REFRESH_BATCH);
}

async function refreshEpics(
  jira: JiraClient,
  store: KeyValueStore,
  queue: RefreshQueue | null,
  run: { readonly at: number; readonly round: number; readonly fromEvent: boolean },
  ids: readonly string[],
  batchSize: number,
): Promise<RefreshOutcome> {
  const { at } = run;
  const tally = { scanned: 0, refreshed: 0, unchanged: 0, skipped: 0, queued: 0 };
  const failed: { key: string; message: string }[] = [];
  const zones = new Map<string, Promise<Zone>>();
  const zoneOf = (projectId: string): Promise<Zone> => {
    let zone = zones.get(projectId);
    if (zone === undefined) {
      zone = readSettings(store, projectId).then((s) => new Zone(s.settings.timeZone));
      zones.set(projectId, zone);
    }
    return zone;
  };
  const batches = chunksOf(ids, Math.min(batchSize, REFRESH_BATCH));
  // Epics of a started batch that this run had no time to start, or that the clock stopped.
  const handedOn: { id: string; key: string; message: string }[] = [];
  const hasTime = (reserve: number): boolean => queue === null || jira.timeLeft() > reserve;
  let next = 0;
  // Without a queue (off Forge, or a test) every batch is done here, whatever the time.
  while (next < batches.length && hasTime(BATCH_RESERVE_MS)) {
    const batch = batches[next++] ?? [];
    tally.scanned += batch.length;
    const epics = (
      await Promise.all(
        chunksOf(batch, SEARCH_BY_IDS_MAX).map((s) => searchByIds(jira, s, [AGREEMENT_PROPERTY_KEY])),
      )
    )
      .flat()
      .map(agreementOf);
    const toWrite: { epic: EpicAgreement; spaceId: string }[] = [];
    for (const epic of epics) {
      const spaceId = epic.issue.fields.project?.id ?? '';
      // Without its label an agreement is invalid until a person repairs it; the refresh leaves it be.
      if (epic.stored.kind !== 'agreement' || !epic.hasLabel) tally.skipped++;
      // Settings are kept under the space's id alone (src/services/space-access.ts): without it
      // they cannot be found, and the key would read another space's, or none, as the defaults.
      else if (spaceId === '')
        failed.push({ key: epic.issue.key, message: 'Jira gave no id for the space of this epic.' });
      else if (!changes(epic, await zoneOf(spaceId), at)) tally.unchanged++;
      else toWrite.push({ epic, spaceId });
    }
    await inParallel(toWrite, WRITES_IN_FLIGHT, async ({ epic, spaceId }) => {
      const id = epic.issue.id;
      const key = epic.issue.key;
      // Checked before each epic, not only each batch: a batch slowed by Jira's rate limits must
      // not start writes the invocation cannot finish.
      if (!hasTime(EPIC_BUDGET_MS)) {
        handedOn.push({ id, key, message: 'Not reached before the run had to end.' });
        return;
      }
      try {
        const zone = await zoneOf(spaceId);
        const bounded = jira.within(jira.clock() + EPIC_BUDGET_MS);
        if (await refreshOne(bounded, store, epic, zone, at)) tally.refreshed++;
        else tally.unchanged++;
      } catch (e) {
        // One epic that cannot be written (a person saving it right now, a refusal) does not stop
        // the run; it is refreshed on the next one. One the clock stopped goes on to the queue.
        if (hasTime(EPIC_BUDGET_MS)) failed.push({ key, message: errorMessage(e) });
        else handedOn.push({ id, key, message: errorMessage(e) });
      }
    });
  }
  // The daily run's batches it had no time for go to the queue as they are; an event's epics it
  // could not finish go on as a round of their own, so that none is handed on for ever.
  const unstarted = batches.slice(next);
  const jobs: RefreshJob[] = [];
  if (run.fromEvent)
    handedOn.push(
      ...unstarted.flat().map((id) => ({ id, key: id, message: 'Not reached before the run had to end.' })),
    );
  else jobs.push(...unstarted.map((epicIds): RefreshJob => ({ kind: 'refresh-agreements', at, epicIds })));
  if (handedOn.length > 0 && (queue === null || run.round >= MAX_REFRESH_ROUNDS)) {
    // Handed on as often as allowed already: said, and left for tomorrow's run.
    failed.push(...handedOn.map(({ key, message }) => ({ key, message })));
  } else if (handedOn.length > 0) {
    const ids = handedOn.map((e) => e.id);
    jobs.push(
      ...chunksOf(ids, REFRESH_BATCH).map((epicIds): RefreshJob => ({
        kind: 'refresh-agreements',
        at,
        epicIds,
        round: run.round + 1,
      })),
    );
  }
  if (jobs.length > 0 && queue !== null) {
    await queue.push(jobs);
    tally.queued = jobs.reduce((n, j) => n + j.epicIds.length, 0);
  }
  return { ...tally, failed };
}

/** Whether the refresh would change what Jira indexes of this agreement. */
function changes(epic: EpicAgreement, zone: Zone, at: number): boolean {
  if (epic.stored.kind !== 'agreement') return false;
  const outcome = applyAction(epic.stored.agreement, { kind: 'refresh' }, refreshContext(zone, at, 0));
  return outcome.ok && outcome.changed;
}

function refreshContext(zone: Zone, at: number, revision: number): ActionContext {
  return { by: APP_ACCOUNT, now: at, zone, writeId: '', writeDigest: '', revision };
}

/**
 * Refreshes one epic holding its lease, from the property as it is then (a person may have
 * changed or deleted it since the search). True when it wrote.
 */
async function refreshOne(
  jira: JiraClient,
  store: KeyValueStore,
  found: EpicAgreement,
  zone: Zone,
  at: number,
): Promise<boolean> {
  const day = new Date(at).toISOString().slice(0, 10);
  return withLease(
    jira,
    store,
    { id: found.issue.id, key: found.issue.key },
    { writeId: `refresh-${day}-${found.issue.id}`, accountId: APP_ACCOUNT },
    async (held) => {
      const issue = await getIssue(held.jira, found.issue.id, [AGREEMENT_PROPERTY_KEY]);
      if (issue === null) return false;
      const epic = agreementOf(issue);
      if (epic.stored.kind !== 'agreement' || !epic.hasLabel) return false;
      const current = epic.stored.agreement;
      const outcome = applyAction(
        current,
        { kind: 'refresh' },
        refreshContext(zone, at, nextRevision(epic.stored, held.lock)),
      );
      if (!outcome.ok) throw new DomainError('INTERNAL', outcome.message);
      if (!outcome.changed) return false;
      await writeProperty(held, epic.issue.key, outcome.agreement);
      // The refresh keeps the last person's write id and digest: a retry of that write still knows itself.
      held.stored({
        revision: outcome.agreement.revision,
        deleted: false,
        writeId: current.writeId,
        digest: current.writeDigest,
      });
      return true;
    },
  );
}
