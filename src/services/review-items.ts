import type { ReviewView } from '../contract';
import { DomainError } from '../domain/errors';
import { createWorkItem, getProjectIssueTypes, WORK_ITEM_SUMMARY_MAX_CHARS } from '../jira/jira-api';
import { JiraError, type JiraClient } from '../jira/jira-client';
import type { JiraIssueType } from '../jira/issue-json';
import { currentConflict } from './review-service';
import { FLOW_REVIEW_ENTITY } from '../storage/entities';
import { CLAIM_MS, parsedReview, readReview, writeReview, type StoredReview } from './review-store';
import { reviewView } from './review-view';
import { visibleSpace } from './space-access';
import type { CacheContext } from './window-read';

/**
 * A work item created from a review's decision (docs/flow-review.md#decisions), as the person who
 * asks, in a space they may create in. Jira has no conditional create, so the decision is claimed
 * in the review first (a lease in its revision), the work item is created, and its key is linked
 * to the decision in as many tries as saves racing it take: a work item created is never left
 * unlinked because someone saved the review meanwhile, and two people asking at once do not make
 * two work items.
 */

/** Links tried against racing saves before the person is told the key to link by hand. */
const LINK_TRIES = 8;

export interface DecisionItemRequest {
  readonly reviewId: string;
  readonly decisionId: string;
  readonly projectKey: string;
  /** Chosen by the page for this click: the same click retried continues its own claim. */
  readonly writeId: string;
}

/** A standard work type to create a decision as: Task, else Story, else the first at the standard level. */
export function decisionWorkType(types: readonly JiraIssueType[]): string | null {
  const standard = types.filter((t) => (t.hierarchyLevel ?? (t.subtask === true ? -1 : 0)) === 0);
  const named = (name: string): JiraIssueType | undefined =>
    standard.find((t) => t.name.toLowerCase() === name);
  return (named('task') ?? named('story') ?? standard[0])?.name ?? null;
}

/** A decision's text as a work item's summary: its first line, cut to Jira's 255 characters. */
export function summaryOf(text: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  return line.length <= WORK_ITEM_SUMMARY_MAX_CHARS
    ? line
    : `${line.slice(0, WORK_ITEM_SUMMARY_MAX_CHARS - 1)}…`;
}

export async function createDecisionItem(
  jira: JiraClient,
  cache: CacheContext,
  request: DecisionItemRequest,
  who: { accountId: string; now: number },
): Promise<ReviewView> {
  const store = cache.store;
  const before = await readReview(jira, store, request.reviewId);
  const decision = before.review.decisions.find((d) => d.id === request.decisionId);
  if (decision === undefined)
    throw new DomainError('NOT_FOUND', 'This decision is not in the review any more; reload it.');
  // Sent again after it worked (its answer lost on the way): the work item is there, linked.
  if (decision.issueKey !== null) return reviewView(jira, store, before, who);
  const claim = before.review.creating;
  if (claim !== null && claim.writeId !== request.writeId && who.now - Date.parse(claim.at) < CLAIM_MS)
    throw new DomainError(
      'CONFLICT',
      'A work item is being created for a decision of this review right now; reload in a moment to see it.',
    );
  const space = await visibleSpace(jira, request.projectKey);
  const type = decisionWorkType(await getProjectIssueTypes(jira, space.id));
  if (type === null)
    throw new DomainError(
      'INVALID_INPUT',
      `Space ${space.key} has no standard work type to create a work item as.`,
      {
        projectKey: `Space ${space.key} has no standard work type.`,
      },
    );
  const summary = summaryOf(decision.text);
  if (summary === '')
    throw new DomainError(
      'INVALID_INPUT',
      'This decision has no text to name a work item by; write it first.',
    );
  const at = new Date(who.now).toISOString();
  // The claim is a save like any other: who made it and when, for anyone whose save it overtakes.
  const claimed = await writeReview(store, before.id, before.revision, {
    ...before,
    review: {
      ...before.review,
      creating: { decisionId: decision.id, by: who.accountId, at, writeId: request.writeId },
    },
    updatedAt: at,
    updatedBy: who.accountId,
  });
  if (claimed === 'conflict') throw await currentConflict(jira, cache, before.id, before.revision);
  let created: { key: string };
  try {
    created = await createWorkItem(jira, { projectKey: space.key, summary, issueTypeName: type });
  } catch (e) {
    if (e instanceof JiraError && e.unconfirmed)
      // Jira may have made it: the claim stays until it expires, so that no click makes a second
      // one meanwhile; the person looks for it and links it by its key.
      throw new DomainError(
        'JIRA_UNAVAILABLE',
        `Jira did not confirm that the work item "${summary}" was created in ${space.key}. Look for it there and link it by its key; after ${CLAIM_MS / 60_000} minutes this decision can create one again.`,
      );
    // A refusal: nothing was made, and the claim is let go so that the person may try again.
    await release(store, claimed.id, request.writeId, { accountId: who.accountId, at }).catch(
      () => undefined,
    );
    throw e;
  }
  return reviewView(
    jira,
    store,
    await link(store, claimed, decision.id, created.key, request.writeId, { accountId: who.accountId, at }),
    who,
  );
}

/** Links the created work item to its decision, re-reading the review after each racing save. */
async function link(
  store: CacheContext['store'],
  claimed: StoredReview,
  decisionId: string,
  issueKey: string,
  writeId: string,
  who: { readonly accountId: string; readonly at: string },
): Promise<StoredReview> {
  let current: StoredReview | null = claimed;
  for (let i = 0; i < LINK_TRIES && current !== null; i++) {
    const decisions = current.review.decisions;
    const decision = decisions.find((d) => d.id === decisionId);
    if (decision === undefined) {
      await release(store, current.id, writeId, who).catch(() => undefined);
      throw new DomainError(
        'CONFLICT',
        `Work item ${issueKey} was created, but its decision was removed from the review meanwhile; link it to another decision by its key.`,
      );
    }
    if (decision.issueKey !== null && decision.issueKey !== issueKey) {
      await release(store, current.id, writeId, who).catch(() => undefined);
      throw new DomainError(
        'CONFLICT',
        `Work item ${issueKey} was created, but someone linked ${decision.issueKey} to the decision meanwhile; keep one of them.`,
      );
    }
    const saved = await writeReview(store, current.id, current.revision, {
      ...current,
      review: {
        ...current.review,
        decisions: decisions.map((d) => (d.id === decisionId ? { ...d, issueKey } : d)),
        creating: current.review.creating?.writeId === writeId ? null : current.review.creating,
      },
      updatedAt: who.at,
      updatedBy: who.accountId,
    });
    if (saved !== 'conflict') return saved;
    current = await reread(store, claimed.id);
  }
  if (current === null)
    throw new DomainError(
      'NOT_FOUND',
      `Work item ${issueKey} was created, but the review was deleted meanwhile.`,
    );
  throw new DomainError(
    'CONFLICT',
    `Work item ${issueKey} was created, but the review kept changing while it was linked; link ${issueKey} to the decision by its key.`,
  );
}

async function reread(store: CacheContext['store'], id: string): Promise<StoredReview | null> {
  return parsedReview(id, await store.getEntity(FLOW_REVIEW_ENTITY.name, id));
}

/** Lets go of this click's claim, re-reading the review after each save that raced it. */
async function release(
  store: CacheContext['store'],
  id: string,
  writeId: string,
  who: { readonly accountId: string; readonly at: string },
): Promise<void> {
  for (let i = 0; i < LINK_TRIES; i++) {
    const current = await reread(store, id);
    if (current?.review.creating?.writeId !== writeId) return;
    const saved = await writeReview(store, id, current.revision, {
      ...current,
      review: { ...current.review, creating: null },
      updatedAt: who.at,
      updatedBy: who.accountId,
    });
    if (saved !== 'conflict') return;
  }
}
