import { createHash } from 'node:crypto';
import { SEARCH_IDS_PAGE_SIZE, searchIds } from '../jira/jira-search';
import { JiraError, type JiraClient } from '../jira/jira-client';
import { WINDOW_ORDER } from './project-data';

/**
 * A big window's id search in slices asked side by side (docs/jira.md#slices-of-the-id-search).
 * Jira pages a search by token, one page after the other: 10 000 ids take two round trips in a
 * row, 50 000 take ten. Cut by key at the places the user's last load of the same search found,
 * the slices go out at once, each one page when the window has not grown.
 *
 * Each cut `K` makes two slices that together hold every issue whatever order Jira compares keys
 * in: `key < K` and `key >= K`. What could go wrong is the cut itself: a key Jira no longer knows
 * (the issue was deleted or moved to another space) may make both sides answer nothing. So the
 * issue at a cut (its id, kept with the key) must come back first in the slice it starts; when one
 * does not, the slices are thrown away and the window is searched whole, as without cuts.
 */

/** Searches whose cuts a sync record keeps; the newest are kept. */
export const REMEMBERED_SEARCHES = 6;
/** The most cuts kept for one search (twenty slices of 5000: a 100 000-item window). */
export const MAX_CUTS = 19;

const KEY_PATTERN = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;
const ID_PATTERN = /^[1-9]\d*$/;

/** A place to cut: the key Jira compares, and the id of its issue, which must start the next slice. */
export interface Cut {
  readonly key: string;
  readonly id: string;
}

export function isCut(key: string, id: string): boolean {
  return KEY_PATTERN.test(key) && ID_PATTERN.test(id);
}

/** The name under which a search's cuts are kept: its JQL's digest, short. */
export function searchDigest(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 16);
}

/**
 * Where to cut next time: the window's issues in Jira's order, cut into as few slices as pages
 * (5000 ids each), of equal size. A window of one page has no cut.
 */
export function cutsFor(inOrder: readonly Cut[], pageSize = SEARCH_IDS_PAGE_SIZE): Cut[] {
  const n = inOrder.length;
  const slices = Math.min(MAX_CUTS + 1, Math.ceil(n / pageSize));
  const cuts: Cut[] = [];
  for (let j = 1; j < slices; j++) {
    const at = inOrder[Math.floor((j * n) / slices)];
    if (at !== undefined && isCut(at.key, at.id)) cuts.push({ key: at.key, id: at.id });
  }
  // An issue that is not plainly named (a server's odd data) leaves the cuts unusable together.
  return cuts.length === slices - 1 ? cuts : [];
}

/**
 * The window's ids in Jira's order, in slices at `cuts` when there are any. `where` is the
 * window's restriction without its order. `onPage` hears of each page of ids as it arrives.
 */
export async function searchWindowIds(
  jira: JiraClient,
  where: string,
  cuts: readonly Cut[],
  onPage: (ids: readonly string[]) => void,
): Promise<string[]> {
  const whole = (): Promise<string[]> => searchIds(jira, `${where} ${WINDOW_ORDER}`, onPage);
  if (cuts.length === 0 || !cuts.every((c) => isCut(c.key, c.id))) return whole();
  const bounds = [null, ...cuts.map((c) => c.key), null];
  let slices: string[][];
  try {
    slices = await Promise.all(
      bounds.slice(0, -1).map((from, i) => {
        const to = bounds[i + 1] ?? null;
        const range = [
          ...(from === null ? [] : [`key >= "${from}"`]),
          ...(to === null ? [] : [`key < "${to}"`]),
        ].join(' AND ');
        return searchIds(jira, `${where} AND ${range} ${WINDOW_ORDER}`, onPage);
      }),
    );
  } catch (e) {
    // A cut Jira refuses (a key it no longer knows): the whole search says what is wrong, if anything.
    if (e instanceof JiraError && e.status === 400) return whole();
    throw e;
  }
  const held = cuts.every((cut, i) => slices[i + 1]?.[0] === cut.id);
  return held ? slices.flat() : whole();
}
