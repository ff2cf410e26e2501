import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { scopeKey, type ReviewScope } from '../domain/flow-review';
import { getUser } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { storedReviewSchema, type StoredReviewBody } from '../review-schema';
import { FLOW_REVIEW_ENTITY } from '../storage/entities';
import type { KeyValueStore } from './key-value-store';
import { spacesById } from './space-access';

/**
 * Monthly reviews in Forge storage (docs/flow-review.md#stored): one custom entity each, saved
 * with a revision in one conditional transaction, listed per space or stream by a partitioned
 * index. A review is shown only to a person who may browse every space its figures cover; to
 * anyone else it is a review of spaces they cannot see, and nothing more.
 */

const entitySchema = z.object({
  schemaVersion: z.literal(1),
  revision: z.number().int().min(1),
  scope: z.string(),
  periodFrom: z.string(),
  review: storedReviewSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export interface StoredReview {
  readonly id: string;
  readonly revision: number;
  readonly periodFrom: string;
  readonly review: StoredReviewBody;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A stored review, or null for a tombstone or what cannot be read. */
export function parsedReview(id: string, value: unknown): StoredReview | null {
  const entity = entitySchema.safeParse(value);
  if (!entity.success) return null;
  const { revision, periodFrom, review, createdBy, createdAt, updatedAt, updatedBy } = entity.data;
  return { id, revision, periodFrom, review, createdBy, createdAt, updatedAt, updatedBy };
}

/** How long a decision's claim holds off another create: longer than a create takes, short enough to retry. */
export const CLAIM_MS = 120_000;

export function reviewNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `No review ${id} exists; it may have been deleted.`);
}

/** Said to a person who may not browse every space a review covers: that it exists, and nothing more. */
export function reviewHidden(): DomainError {
  return new DomainError(
    'NOT_PERMITTED',
    'This review covers spaces you may not browse, so it is not shown to you.',
  );
}

/** Whether the calling user may browse every space the review's figures cover. */
export async function mayRead(jira: JiraClient, review: StoredReview): Promise<boolean> {
  const visible = new Set((await spacesById(jira, review.review.spaceIds)).map((s) => s.id));
  return review.review.spaceIds.every((id) => visible.has(id));
}

/** The review under an id, for a reader who may see it; NOT_FOUND, or NOT_PERMITTED with nothing of it. */
export async function readReview(jira: JiraClient, store: KeyValueStore, id: string): Promise<StoredReview> {
  const review = parsedReview(id, await store.getEntity(FLOW_REVIEW_ENTITY.name, id));
  if (review === null) throw reviewNotFound(id);
  if (!(await mayRead(jira, review))) throw reviewHidden();
  return review;
}

/** Every review of a space or a stream, oldest period first, tombstones left out. */
export async function reviewsOf(store: KeyValueStore, scope: ReviewScope): Promise<StoredReview[]> {
  const entries = await store.listEntities(FLOW_REVIEW_ENTITY.name, 'by-scope', [scopeKey(scope)]);
  return entries.flatMap((e) => {
    const r = parsedReview(e.key, e.value);
    return r === null ? [] : [r];
  });
}

/** The entity written for a review at a revision. */
export function reviewEntity(
  review: Omit<StoredReview, 'id' | 'revision'>,
  revision: number,
): Readonly<Record<string, unknown>> {
  return {
    schemaVersion: 1,
    revision,
    scope: scopeKey(review.review.scope),
    periodFrom: review.periodFrom,
    review: review.review,
    createdBy: review.createdBy,
    createdAt: review.createdAt,
    updatedAt: review.updatedAt,
    updatedBy: review.updatedBy,
  };
}

/**
 * Writes the next revision of a review if it is still at `revision` (0: if there is none yet, nor
 * a tombstone). Resolves the saved review, or `conflict`.
 */
export async function writeReview(
  store: KeyValueStore,
  id: string,
  revision: number,
  next: Omit<StoredReview, 'id' | 'revision'>,
): Promise<StoredReview | 'conflict'> {
  const outcome = await store.transact([
    {
      kind: 'setEntity',
      entityName: FLOW_REVIEW_ENTITY.name,
      key: id,
      value: reviewEntity(next, revision + 1),
      condition:
        revision === 0
          ? { attribute: 'revision', absent: true }
          : { attribute: 'revision', equals: revision },
    },
  ]);
  return outcome === 'conflict' ? 'conflict' : { ...next, id, revision: revision + 1 };
}

/** A tombstone at the next revision: a late save or a creation sent again finds it and is refused. */
export async function buryReview(
  store: KeyValueStore,
  id: string,
  revision: number,
  who: { accountId: string; at: string },
): Promise<'committed' | 'conflict'> {
  return store.transact([
    {
      kind: 'setEntity',
      entityName: FLOW_REVIEW_ENTITY.name,
      key: id,
      value: {
        schemaVersion: 1,
        revision: revision + 1,
        deleted: true,
        updatedAt: who.at,
        updatedBy: who.accountId,
      },
      condition: { attribute: 'revision', equals: revision },
    },
  ]);
}

export async function reviewConflict(
  jira: JiraClient,
  current: StoredReview,
  edited: number,
): Promise<DomainError> {
  const name = (await getUser(jira, current.updatedBy))?.displayName ?? 'someone else';
  return new DomainError(
    'CONFLICT',
    `${name} changed this review at ${current.updatedAt.slice(0, 16).replace('T', ' ')} UTC, after you opened it (revision ${current.revision}, you edited ${edited}). Reload to see their change, then make yours again.`,
  );
}
