import type {
  DecisionItemView,
  PersonRef,
  ReviewDecisionView,
  ReviewScopeView,
  ReviewView,
} from '../contract';
import type { ReviewDecision } from '../domain/flow-review';
import { getIssue, getMyPermissions } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { inParallel } from './in-parallel';
import type { KeyValueStore } from './key-value-store';
import { CLAIM_MS, reviewsOf, type StoredReview } from './review-store';
import { spacesById } from './space-access';
import { personOf } from './agreement-view';
import { readStream } from './stream-store';

/**
 * A stored review as its reader is shown it (docs/flow-review.md): people and work items named as
 * Jira shows them to the reader now, and the review of the period before with what became of its
 * decisions. Work items are asked of Jira as the reader: one they may not see is its key alone.
 */

/** Work items looked up at once. */
const ITEMS_IN_FLIGHT = 4;

async function itemViews(jira: JiraClient, keys: readonly string[]): Promise<Map<string, DecisionItemView>> {
  const unique = [...new Set(keys)];
  const found = await inParallel(unique, ITEMS_IN_FLIGHT, async (key): Promise<DecisionItemView> => {
    const issue = await getIssue(jira, key);
    const status = issue?.fields.status;
    if (issue === null || status === undefined) return { key, visible: false };
    const category = status.statusCategory?.key;
    return {
      key: issue.key,
      visible: true,
      summary: issue.fields.summary ?? '',
      status: status.name,
      category: category === 'new' || category === 'done' ? category : 'indeterminate',
    };
  });
  return new Map(found.map((item, i) => [unique[i] ?? item.key, item]));
}

async function decisionViews(
  jira: JiraClient,
  decisions: readonly ReviewDecision[],
  items: ReadonlyMap<string, DecisionItemView>,
  people: Map<string, Promise<PersonRef | null>>,
): Promise<ReviewDecisionView[]> {
  const named = (id: string | null): Promise<PersonRef | null> => {
    if (id === null) return Promise.resolve(null);
    let person = people.get(id);
    if (person === undefined) {
      person = personOf(jira, id);
      people.set(id, person);
    }
    return person;
  };
  return Promise.all(
    decisions.map(async (d) => ({
      ...d,
      owner: await named(d.ownerAccountId),
      item: d.issueKey === null ? null : (items.get(d.issueKey) ?? { key: d.issueKey, visible: false }),
    })),
  );
}

/** The space or stream a review covers, named as the reader may see it now. */
export async function scopeView(
  jira: JiraClient,
  store: KeyValueStore,
  review: StoredReview,
): Promise<ReviewScopeView> {
  const { scope, name } = review.review;
  if (scope.kind === 'space') {
    const [space] = await spacesById(jira, [scope.id]);
    return { kind: 'space', id: scope.id, key: space?.key ?? null, name: space?.name ?? name };
  }
  const stream = await readStream(store, scope.id).catch(() => null);
  return { kind: 'stream', id: scope.id, key: null, name: stream?.stream.name ?? name };
}

/** The review of the latest period before this one's, of the same space or stream; null without one. */
async function previousOf(store: KeyValueStore, review: StoredReview): Promise<StoredReview | null> {
  const all = await reviewsOf(store, review.review.scope);
  // Of the same length: a weekly review is not the month before a monthly one.
  const before = all.filter(
    (r) =>
      r.periodFrom < review.periodFrom &&
      r.id !== review.id &&
      r.review.snapshot.period === review.review.snapshot.period,
  );
  return before.at(-1) ?? null;
}

export async function reviewView(
  jira: JiraClient,
  store: KeyValueStore,
  review: StoredReview,
  who: { readonly accountId: string; readonly now: number },
): Promise<ReviewView> {
  const { accountId } = who;
  const [scope, previous, admin] = await Promise.all([
    scopeView(jira, store, review),
    previousOf(store, review),
    review.createdBy === accountId
      ? Promise.resolve(false)
      : getMyPermissions(jira, ['ADMINISTER']).then((p) => p.ADMINISTER),
  ]);
  // The previous review covers the same space, or the stream's spaces as they were then: its
  // decisions are shown only if the reader may browse all of those too.
  const previousSeen =
    previous !== null &&
    (await spacesById(jira, previous.review.spaceIds)).length === previous.review.spaceIds.length
      ? previous
      : null;
  const keys = [...review.review.decisions, ...(previousSeen?.review.decisions ?? [])].flatMap((d) =>
    d.issueKey === null ? [] : [d.issueKey],
  );
  const items = await itemViews(jira, keys);
  const people = new Map<string, Promise<PersonRef | null>>();
  const [decisions, previousDecisions, createdBy, updatedBy] = await Promise.all([
    decisionViews(jira, review.review.decisions, items, people),
    previousSeen === null
      ? Promise.resolve([])
      : decisionViews(jira, previousSeen.review.decisions, items, people),
    personOf(jira, review.createdBy),
    personOf(jira, review.updatedBy),
  ]);
  const { snapshot } = review.review;
  const latest = snapshot.periods.at(-1);
  const previousLatest = previousSeen?.review.snapshot.periods.at(-1);
  return {
    status: 'saved',
    id: review.id,
    revision: review.revision,
    scope,
    period: {
      kind: snapshot.period,
      label: latest?.label ?? review.periodFrom,
      from: latest?.from ?? review.periodFrom,
      to: latest?.to ?? review.periodFrom,
    },
    snapshot,
    observations: review.review.observations,
    decisions,
    previous:
      previousSeen === null
        ? null
        : {
            id: previousSeen.id,
            period: {
              label: previousLatest?.label ?? previousSeen.periodFrom,
              from: previousLatest?.from ?? previousSeen.periodFrom,
              to: previousLatest?.to ?? previousSeen.periodFrom,
            },
            decisions: previousDecisions,
          },
    createdBy: createdBy ?? { accountId: review.createdBy, displayName: null },
    createdAt: review.createdAt,
    updatedBy: updatedBy ?? { accountId: review.updatedBy, displayName: null },
    updatedAt: review.updatedAt,
    canDelete: review.createdBy === accountId || admin,
    // A claim that has expired is no creation under way: its click failed or was never finished.
    creating:
      review.review.creating !== null && who.now - Date.parse(review.review.creating.at) < CLAIM_MS
        ? review.review.creating.decisionId
        : null,
  };
}
