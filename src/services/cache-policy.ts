import type { WorkItem } from '../domain/types';
import type { FactJobRecord, SyncRecord } from './fact-cache';
import type { Fact } from './fact-codec';
import { cutsFor, type Cut } from './id-slices';

/**
 * The fact cache's policy (docs/jira.md#the-fact-cache), as pure functions: what a load may show,
 * what it must fetch, what it may trust, and when it hands over to the async consumer. The reads
 * and writes around them are services/window-read.ts's; every rule here is tested on its own
 * (test/services/cache-policy.test.ts), not only through a load.
 */

/** A job that has not reported for this long is taken as dead and started again. */
export const JOB_STALE_MS = 120_000;
/** A failed job's error is shown for this long before a load tries again. */
export const JOB_FAILED_SHOW_MS = 60_000;
/** The share of the resolver's time left that fetching may be expected to take. */
const RESOLVER_FETCH_SHARE = 0.5;

/**
 * The work items a load shows: one for each id the user's own search returned, in its order,
 * from a fact fetched now or a cached one. Nothing of any other id is ever served, whatever the
 * cache holds: another user's load may have cached an issue this user may not see.
 */
export function servedItems(
  ids: readonly string[],
  cached: ReadonlyMap<string, Fact>,
  fresh: readonly Fact[],
): WorkItem[] {
  const byId = new Map<string, Fact>();
  for (const fact of fresh) byId.set(fact.item.id, fact);
  const items: WorkItem[] = [];
  for (const id of ids) {
    const fact = byId.get(id) ?? cached.get(id);
    if (fact !== undefined) items.push(fact.item);
  }
  return items;
}

/**
 * Whether a cached fact can stand for an issue the space's search returned: not when it carries
 * another space's key. Jira does not move `updated` when a space's key changes, so the changed
 * search would never renew such a fact, and the space's own items would lose it.
 */
export function usable(fact: Fact | undefined, projectKey: string): fact is Fact {
  return fact?.item.key.startsWith(`${projectKey}-`) === true;
}

/** The ids the search returned with no cached fact fit to use, and not already being fetched. */
export function missingIds(
  ids: readonly string[],
  cached: ReadonlyMap<string, Fact>,
  underWay: ReadonlySet<string>,
  projectKey: string,
): string[] {
  return ids.filter((id) => !usable(cached.get(id), projectKey) && !underWay.has(id));
}

/**
 * Since when every cached fact of these ids is known to be current: for an id the user's last sync
 * saw, that sync; else when its fact was read. Null when no id has a cached fact (nothing to renew).
 */
export function knownCurrentSince(
  ids: readonly string[],
  cached: ReadonlyMap<string, Fact>,
  sync: SyncRecord | null,
): number | null {
  let since = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const fact = cached.get(id);
    if (fact === undefined) continue;
    const known = sync !== null && sync.seen?.has(id) === true ? sync.syncedAt : fact.fetchedAt;
    if (known < since) since = known;
  }
  return since === Number.POSITIVE_INFINITY ? null : since;
}

export interface CallBudget {
  /** Facts to fetch. */
  readonly missing: number;
  /** What one call took, as the id search just showed. */
  readonly callMs: number;
  /** Calls the client runs at once. */
  readonly concurrency: number;
  /** Time left before the call's deadline. */
  readonly leftMs: number;
  /** Facts one call may fetch at most. */
  readonly maxFetch: number;
}

/**
 * Whether fetching the missing facts could outlast the resolver: too many, or too slow at the pace
 * the id search showed (a search page of 100 and a bulk changelog call of 1000 each, over the
 * client's concurrency, against half the time left).
 */
export function tooMuchForOneCall(b: CallBudget): boolean {
  if (b.missing > b.maxFetch) return true;
  if (b.missing === 0) return false;
  const calls = Math.ceil(b.missing / 100) + Math.ceil(b.missing / 1000);
  const expected = (calls * b.callMs) / Math.max(1, b.concurrency);
  return expected > b.leftMs * RESOLVER_FETCH_SHARE;
}

/** A job still at work: running, and heard from lately (a clock far behind it is not trusted either). */
export function isLive(job: FactJobRecord, now: number): boolean {
  return job.state === 'running' && now - job.updatedAt < JOB_STALE_MS && job.updatedAt <= now + JOB_STALE_MS;
}

/** What a load that must hand over does with the job it found: join it, report its failure, or start one. */
export type JobDecision =
  | { readonly kind: 'join'; readonly job: FactJobRecord }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'start' };

export function jobDecision(current: FactJobRecord | null, now: number): JobDecision {
  if (current !== null && isLive(current, now)) return { kind: 'join', job: current };
  if (current !== null && current.state === 'failed' && now - current.updatedAt < JOB_FAILED_SHOW_MS)
    return { kind: 'failed', message: current.message ?? 'unknown' };
  return { kind: 'start' };
}

/**
 * The ids whose facts this user's load vouched for: those the search returned, and those seen
 * before that the window would not have returned anyway. An id the window should have returned by
 * its cached fact (open, or changed inside the window) but did not has become invisible to the
 * user, or gone: it leaves the set, so that if it comes back its fact is checked again.
 */
export function nextSeen(
  sync: SyncRecord | null,
  visible: ReadonlySet<string>,
  facts: ReadonlyMap<string, Fact>,
  from: string | undefined,
): Set<string> {
  const seen = new Set(visible);
  const windowStart = from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(`${from}T00:00:00Z`);
  for (const id of sync?.seen ?? []) {
    if (seen.has(id)) continue;
    const fact = facts.get(id);
    const expected =
      from === undefined ||
      (fact !== undefined &&
        (fact.item.status?.category !== 'done' || (fact.updated ?? 0) >= windowStart + 86_400_000));
    if (!expected) seen.add(id);
  }
  return seen;
}

/**
 * Where the next load cuts this search (services/id-slices.ts), kept beside the cuts of the user's
 * other searches. Only the space's own keys cut it: an issue moved to another space since its fact
 * was read keeps its old key in the cache.
 */
export function nextCuts(
  previous: ReadonlyMap<string, readonly Cut[]> | undefined,
  digest: string,
  items: readonly WorkItem[],
  projectKey: string,
): Map<string, readonly Cut[]> {
  const cuts = new Map(previous);
  cuts.delete(digest);
  const next = cutsFor(items.filter((i) => i.key.startsWith(`${projectKey}-`)));
  if (next.length > 0) cuts.set(digest, next);
  return cuts;
}
