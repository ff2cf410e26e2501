import type { ReviewDeleted, ReviewListView, ReviewView, StartReviewResult } from '../contract';
import { DomainError } from '../domain/errors';
import { REVIEW_LIMITS, snapshotOf, type ReviewDecision, type ReviewScope } from '../domain/flow-review';
import type { TrendPeriod } from '../domain/settings';
import { getIssue, getMyPermissions, getUser } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import type { ReviewContent } from '../review-schema';
import { FLOW_REVIEW_ENTITY } from '../storage/entities';
import { personOf } from './agreement-view';
import { getFlowPeriods } from './flow-periods-service';
import {
  buryReview,
  mayRead,
  parsedReview,
  readReview,
  reviewConflict,
  reviewNotFound,
  reviewsOf,
  writeReview,
  type StoredReview,
} from './review-store';
import { reviewView, scopeView } from './review-view';
import { spacesById, visibleSpace } from './space-access';
import { getStreamPeriods } from './stream-periods-service';
import { readStream } from './stream-store';
import type { CacheContext } from './window-read';
import { periodName } from '../presentation/figure-words';

/**
 * The monthly review's record (docs/flow-review.md): started from the figures of a space or a
 * stream as the starter sees them, frozen; its observations and decisions saved with a revision,
 * as settings and streams are; listed newest first; deleted to a tombstone.
 */

export type ReviewScopeRequest = { readonly projectKey: string } | { readonly streamId: string };

interface Who {
  readonly accountId: string;
  readonly now: number;
}

/** The space or the stream a request names, as the reader may see it. */
async function scopeOf(
  jira: JiraClient,
  cache: CacheContext,
  request: ReviewScopeRequest,
): Promise<{ scope: ReviewScope; name: string }> {
  if ('projectKey' in request) {
    const space = await visibleSpace(jira, request.projectKey);
    return { scope: { kind: 'space', id: space.id }, name: space.name };
  }
  const stream = await readStream(cache.store, request.streamId);
  return { scope: { kind: 'stream', id: stream.id }, name: stream.stream.name };
}

export async function listReviews(
  jira: JiraClient,
  cache: CacheContext,
  request: ReviewScopeRequest,
): Promise<ReviewListView> {
  const { scope, name } = await scopeOf(jira, cache, request);
  const all = await reviewsOf(cache.store, scope);
  const visible = new Set(
    (
      await spacesById(
        jira,
        all.flatMap((r) => r.review.spaceIds),
      )
    ).map((s) => s.id),
  );
  const seen = all.filter((r) => r.review.spaceIds.every((id) => visible.has(id)));
  const newest = seen.reverse().slice(0, REVIEW_LIMITS.listed);
  const people = new Map(
    await Promise.all(
      [...new Set(newest.map((r) => r.createdBy))].map(async (id) => [id, await personOf(jira, id)] as const),
    ),
  );
  const [first] = newest;
  const scopeNamed =
    first !== undefined
      ? await scopeView(jira, cache.store, first)
      : {
          kind: scope.kind,
          id: scope.id,
          key: 'projectKey' in request ? request.projectKey.toUpperCase() : null,
          name,
        };
  return {
    scope: scopeNamed,
    reviews: newest.map((r) => {
      const latest = r.review.snapshot.periods.at(-1);
      return {
        id: r.id,
        timeZone: r.review.snapshot.timeZone,
        period: {
          kind: r.review.snapshot.period,
          label: latest?.label ?? r.periodFrom,
          from: latest?.from ?? r.periodFrom,
          to: latest?.to ?? r.periodFrom,
        },
        decisions: r.review.decisions.length,
        createdBy: people.get(r.createdBy) ?? { accountId: r.createdBy, displayName: null },
        createdAt: r.createdAt,
      };
    }),
    hidden: all.length - seen.length,
  };
}

export type StartReviewRequest = ReviewScopeRequest & {
  readonly reviewId: string;
  readonly periods?: number | undefined;
  readonly period?: TrendPeriod | undefined;
};

/**
 * Starts a review of the latest complete period: its figures computed now, as the starter sees
 * them, and frozen. The same start sent again by the same person is answered with the review it
 * made; a second review of the same period of the same space or stream is refused.
 */
export async function startReview(
  jira: JiraClient,
  cache: CacheContext,
  request: StartReviewRequest,
  who: Who,
): Promise<StartReviewResult> {
  const { scope, name } = await scopeOf(jira, cache, request);
  const existing = await cache.store.getEntity(FLOW_REVIEW_ENTITY.name, request.reviewId);
  if (existing !== undefined && existing !== null) {
    const before = parsedReview(request.reviewId, existing);
    if (before === null) throw reviewNotFound(request.reviewId);
    if (before.revision === 1 && before.createdBy === who.accountId && before.review.scope.id === scope.id)
      return reviewView(jira, cache.store, await readReview(jira, cache.store, before.id), who);
    throw new DomainError('CONFLICT', `A review ${request.reviewId} exists already; open it to change it.`);
  }
  const asked = { periods: request.periods, period: request.period };
  const figures =
    'projectKey' in request
      ? await getFlowPeriods(jira, cache, { projectKey: request.projectKey, ...asked }, who.now)
      : await getStreamPeriods(jira, cache, { streamId: request.streamId, ...asked }, who.now);
  if (figures.status === 'refreshing') return figures;
  const teams = 'teams' in figures ? figures.teams : [];
  const spaceIds = 'teams' in figures ? teams.map((t) => t.space.id) : [scope.id];
  if (spaceIds.length === 0)
    throw new DomainError(
      'INVALID_INPUT',
      'None of this stream’s spaces is shown to you: there is nothing to review.',
    );
  const latest = figures.periods.at(-1);
  if (latest === undefined)
    throw new DomainError('INVALID_INPUT', 'A review needs at least one complete period.');
  const same = (await reviewsOf(cache.store, scope)).find(
    (r) => r.periodFrom === latest.from && r.review.snapshot.period === figures.period,
  );
  if (same !== undefined) {
    const when = periodName(latest.label, figures.period);
    // Named only to a person who may read it: of another one, that it exists, and nothing more.
    throw new DomainError(
      'CONFLICT',
      (await mayRead(jira, same))
        ? `${name} has a review of ${when} already (${same.id}); open it instead.`
        : `${name} has a review of ${when} already, covering spaces you may not browse.`,
    );
  }
  const at = new Date(who.now).toISOString();
  const saved = await writeReview(cache.store, request.reviewId, 0, {
    periodFrom: latest.from,
    review: {
      scope,
      name,
      spaceIds,
      snapshot: snapshotOf(
        figures,
        figures.period,
        teams.map((t) => ({ space: t.space, usesDefaults: t.usesDefaults, figures: t.figures })),
        'targetsAgreed' in figures ? figures.targetsAgreed : true,
        { timeZone: figures.timeZone, unavailable: 'unavailable' in figures ? figures.unavailable : 0 },
      ),
      observations: '',
      decisions: [],
      creating: null,
    },
    createdBy: who.accountId,
    createdAt: at,
    updatedAt: at,
    updatedBy: who.accountId,
  });
  if (saved === 'conflict')
    throw new DomainError(
      'CONFLICT',
      `A review ${request.reviewId} was started at the same moment; open it.`,
    );
  return reviewView(jira, cache.store, saved, who);
}

export async function getReview(
  jira: JiraClient,
  cache: CacheContext,
  reviewId: string,
  who: Who,
): Promise<ReviewView> {
  return reviewView(jira, cache.store, await readReview(jira, cache.store, reviewId), who);
}

/**
 * What a save links or names anew must be what the saver may see: a work item they may browse, a
 * person Jira knows. Unchanged links are kept as they are, whoever may see them.
 */
async function checkDecisions(
  jira: JiraClient,
  decisions: readonly ReviewDecision[],
  before: readonly ReviewDecision[],
): Promise<void> {
  const old = new Map(before.map((d) => [d.id, d]));
  const fields: Record<string, string> = {};
  await Promise.all(
    decisions.map(async (d, i) => {
      const was = old.get(d.id);
      if (d.issueKey !== null && d.issueKey !== was?.issueKey && (await getIssue(jira, d.issueKey)) === null)
        fields[`content.decisions.${i}.issueKey`] =
          `Work item ${d.issueKey} does not exist or you may not see it.`;
      if (
        d.ownerAccountId !== null &&
        d.ownerAccountId !== was?.ownerAccountId &&
        (await getUser(jira, d.ownerAccountId)) === null
      )
        fields[`content.decisions.${i}.ownerAccountId`] =
          'No such person is known to Jira, or you may not see them.';
    }),
  );
  const first = Object.values(fields)[0];
  if (first !== undefined) throw new DomainError('INVALID_INPUT', first, fields);
}

export async function saveReview(
  jira: JiraClient,
  cache: CacheContext,
  input: { readonly reviewId: string; readonly revision: number; readonly content: ReviewContent },
  who: Who,
): Promise<ReviewView> {
  const before = await readReview(jira, cache.store, input.reviewId);
  if (before.revision !== input.revision) throw await reviewConflict(jira, before, input.revision);
  const observations = input.content.observations ?? before.review.observations;
  const decisions = input.content.decisions ?? before.review.decisions;
  await checkDecisions(jira, decisions, before.review.decisions);
  const saved = await writeReview(cache.store, input.reviewId, input.revision, {
    ...before,
    review: { ...before.review, observations, decisions },
    updatedAt: new Date(who.now).toISOString(),
    updatedBy: who.accountId,
  });
  if (saved === 'conflict') throw await currentConflict(jira, cache, input.reviewId, input.revision);
  return reviewView(jira, cache.store, saved, who);
}

export async function deleteReview(
  jira: JiraClient,
  cache: CacheContext,
  input: { readonly reviewId: string; readonly revision: number },
  who: Who,
): Promise<ReviewDeleted> {
  const before = await readReview(jira, cache.store, input.reviewId);
  if (before.createdBy !== who.accountId && !(await getMyPermissions(jira, ['ADMINISTER'])).ADMINISTER)
    throw new DomainError(
      'NOT_PERMITTED',
      'Only the person who started this review, or a Jira administrator, can delete it.',
    );
  if (before.revision !== input.revision) throw await reviewConflict(jira, before, input.revision);
  const outcome = await buryReview(cache.store, input.reviewId, input.revision, {
    accountId: who.accountId,
    at: new Date(who.now).toISOString(),
  });
  if (outcome === 'conflict') throw await currentConflict(jira, cache, input.reviewId, input.revision);
  return { deleted: input.reviewId };
}

/** The error for a save that lost its condition: a conflict with who saved, or gone. */
export async function currentConflict(
  jira: JiraClient,
  cache: CacheContext,
  reviewId: string,
  revision: number,
): Promise<DomainError> {
  const now = parsedReview(reviewId, await cache.store.getEntity(FLOW_REVIEW_ENTITY.name, reviewId));
  return now === null ? reviewNotFound(reviewId) : reviewConflict(jira, now, revision);
}

export type { StoredReview };
