import {
  isLive,
  jobDecision,
  JOB_FAILED_SHOW_MS,
  JOB_STALE_MS,
  knownCurrentSince,
  missingIds,
  nextCuts,
  nextSeen,
  servedItems,
  tooMuchForOneCall,
  usable,
} from '../../src/services/cache-policy';
import { cutsFor } from '../../src/services/id-slices';
import type { FactJobRecord, SyncRecord } from '../../src/services/fact-cache';
import type { Fact } from '../../src/services/fact-codec';
import { at, workItem, type ItemSpec } from '../support/work-items';

/** The fact cache's rules, each on its own (src/services/cache-policy.ts). */

function fact(spec: ItemSpec & { fetchedAt?: number; updated?: number | null } = {}): Fact {
  return {
    item: workItem(spec),
    updated: spec.updated ?? at(0),
    fetchedAt: spec.fetchedAt ?? at(1),
    seenDay: 0,
  };
}

function byId(...facts: Fact[]): Map<string, Fact> {
  return new Map(facts.map((f) => [f.item.id, f]));
}

function sync(syncedAt: number, seen: string[] | null): SyncRecord {
  return { syncedAt, seen: seen === null ? null : new Set(seen), cuts: new Map() };
}

describe("servedItems: only what the user's own search returned", () => {
  const mine = fact({ key: 'A-1' });
  const alsoMine = fact({ key: 'A-2' });
  // Cached by someone else's load: an issue this user's search did not return.
  const hidden = fact({ key: 'A-3' });

  test('cached facts of other ids are never served, whatever the cache holds', () => {
    const items = servedItems([mine.item.id], byId(mine, alsoMine, hidden), []);
    expect(items.map((i) => i.key)).toEqual(['A-1']);
  });

  test('nor are facts fetched now for ids the search did not return', () => {
    expect(servedItems([mine.item.id], byId(mine), [hidden])).toEqual([mine.item]);
  });

  test("in the search's order, a fact fetched now standing for the cached one", () => {
    const renewed = { ...mine, item: { ...mine.item, summary: 'renewed' } };
    const items = servedItems([alsoMine.item.id, mine.item.id], byId(mine, alsoMine), [renewed]);
    expect(items.map((i) => [i.key, i.summary])).toEqual([
      ['A-2', alsoMine.item.summary],
      ['A-1', 'renewed'],
    ]);
  });

  test('an id with no fact at all is left out, not invented', () => {
    expect(servedItems(['999999'], byId(mine), [])).toEqual([]);
  });
});

test('missingIds: the returned ids with no cached fact that nobody is fetching yet', () => {
  const a = fact({ key: 'A-1' });
  expect(missingIds([a.item.id, 'x', 'y'], byId(a), new Set(['y']), 'A')).toEqual(['x']);
});

test("a fact under another space's key is fetched again: the space's key changed, not `updated`", () => {
  const renamed = fact({ key: 'OLD-1' });
  expect(usable(renamed, 'NEW')).toBe(false);
  expect(usable(renamed, 'OLD')).toBe(true);
  // A prefix of another key is not the space's key.
  expect(usable(fact({ key: 'NEWER-1' }), 'NEW')).toBe(false);
  expect(missingIds([renamed.item.id], byId(renamed), new Set(), 'NEW')).toEqual([renamed.item.id]);
});

describe('knownCurrentSince', () => {
  const a = fact({ fetchedAt: at(3) });
  const b = fact({ fetchedAt: at(5) });

  test('nothing cached among the ids: nothing to renew', () => {
    expect(knownCurrentSince(['x'], byId(a), null)).toBeNull();
  });

  test('without a sync, the oldest moment a fact was read', () => {
    expect(knownCurrentSince([a.item.id, b.item.id], byId(a, b), null)).toBe(at(3));
  });

  test("an id the user's last sync saw is current since that sync, others since they were read", () => {
    expect(knownCurrentSince([a.item.id, b.item.id], byId(a, b), sync(at(10), [a.item.id]))).toBe(at(5));
    expect(knownCurrentSince([a.item.id], byId(a), sync(at(2), [a.item.id]))).toBe(at(2));
    // A sync too big to keep its ids vouches for none of them.
    expect(knownCurrentSince([a.item.id], byId(a), sync(at(10), null))).toBe(at(3));
  });

  test('ids not returned now do not hold it back', () => {
    const old = fact({ fetchedAt: at(0) });
    expect(knownCurrentSince([b.item.id], byId(old, b), null)).toBe(at(5));
  });
});

describe('tooMuchForOneCall', () => {
  const budget = { missing: 1000, callMs: 80, concurrency: 10, leftMs: 24_000, maxFetch: 20_000 };

  test('nothing missing never hands over; more than one call may fetch always does', () => {
    expect(tooMuchForOneCall({ ...budget, missing: 0, leftMs: 0 })).toBe(false);
    expect(tooMuchForOneCall({ ...budget, missing: 20_001 })).toBe(true);
    expect(tooMuchForOneCall({ ...budget, missing: 20_000 })).toBe(false);
  });

  test('at the pace the id search showed, against half the time left', () => {
    // 1000 facts: 10 search pages and 1 bulk call, 11 × 80 ms over 10 at once = 88 ms.
    expect(tooMuchForOneCall({ ...budget, leftMs: 177 })).toBe(false);
    expect(tooMuchForOneCall({ ...budget, leftMs: 175 })).toBe(true);
    expect(tooMuchForOneCall({ ...budget, leftMs: 175, concurrency: 20 })).toBe(false);
  });
});

describe('the job filling the cache', () => {
  const now = at(100);
  const job = (state: FactJobRecord['state'], agoMs: number): FactJobRecord => ({
    state,
    startedAt: now - agoMs - 1000,
    updatedAt: now - agoMs,
    message: state === 'failed' ? 'Jira answered 503' : null,
  });

  test('a running job heard from lately is joined; a silent one is taken as dead', () => {
    expect(jobDecision(job('running', JOB_STALE_MS - 1), now)).toEqual({
      kind: 'join',
      job: job('running', JOB_STALE_MS - 1),
    });
    expect(jobDecision(job('running', JOB_STALE_MS), now)).toEqual({ kind: 'start' });
  });

  test('a job from a clock far ahead is not trusted', () => {
    expect(isLive(job('running', -JOB_STALE_MS - 1), now)).toBe(false);
    expect(isLive(job('running', -1000), now)).toBe(true);
  });

  test('a failure is told for a minute, then a load tries again; a finished job is not joined', () => {
    expect(jobDecision(job('failed', JOB_FAILED_SHOW_MS - 1), now)).toEqual({
      kind: 'failed',
      message: 'Jira answered 503',
    });
    expect(jobDecision(job('failed', JOB_FAILED_SHOW_MS), now)).toEqual({ kind: 'start' });
    expect(jobDecision(job('done', 0), now)).toEqual({ kind: 'start' });
    expect(jobDecision(null, now)).toEqual({ kind: 'start' });
  });
});

describe('nextSeen: the ids a load vouches for', () => {
  const from = '2024-03-01';
  const windowStart = Date.parse(`${from}T00:00:00Z`);
  const doneBefore = fact({ status: 'Done', updated: windowStart - 86_400_000 });
  const doneInside = fact({ status: 'Done', updated: windowStart + 2 * 86_400_000 });
  const open = fact({ status: 'In Progress' });
  const returned = fact();

  test('what the search returned, and what it would not have returned anyway', () => {
    const previous = sync(at(1), [doneBefore.item.id, doneInside.item.id, open.item.id, 'gone']);
    const seen = nextSeen(previous, new Set([returned.item.id]), byId(doneBefore, doneInside, open), from);
    // Done before the window: the window's search leaves it out, so not returning it says nothing.
    // Open, or done inside the window, it should have come back: it is hidden now, or gone, and
    // its fact must be checked again if it returns. With no fact to tell, the id stays.
    expect([...seen].sort()).toEqual([returned.item.id, doneBefore.item.id, 'gone'].sort());
  });

  test('a search over all time should return everything seen before', () => {
    const seen = nextSeen(sync(at(1), [doneBefore.item.id]), new Set(), byId(doneBefore), undefined);
    expect([...seen]).toEqual([]);
  });
});

describe('nextCuts', () => {
  const items = Array.from({ length: 12_000 }, (_, i) => workItem({ key: `A-${i + 1}` }));

  test("a big search's cuts replace its own, beside other searches' cuts", () => {
    const other = [{ key: 'A-7', id: '7' }];
    const cuts = nextCuts(
      new Map([
        ['other', other],
        ['mine', [{ key: 'A-1', id: '1' }]],
      ]),
      'mine',
      items,
      'A',
    );
    expect(cuts.get('other')).toEqual(other);
    expect(cuts.get('mine')).toEqual(cutsFor(items));
    expect(cuts.get('mine')?.length).toBeGreaterThan(0);
  });

  test("another space's keys (issues moved since) cannot cut the search; no cuts, no entry", () => {
    const moved = items.map((i) => ({ ...i, key: i.key.replace('A-', 'B-') }));
    const cuts = nextCuts(new Map([['mine', [{ key: 'A-1', id: '1' }]]]), 'mine', moved, 'A');
    expect(cuts.has('mine')).toBe(false);
  });
});
