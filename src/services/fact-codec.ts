import {
  STATUS_CATEGORIES,
  type FlagChange,
  type StatusCategory,
  type StatusChange,
  type StatusRef,
  type WorkItem,
} from '../domain/types';

/**
 * How a list of cached facts is written into one storage value (docs/jira.md#the-fact-cache): a
 * table of the strings the facts share (status names, types, labels, project keys) and one array
 * per fact, status changes flattened into numbers. A warm load decodes every fact of the window,
 * so the shape is chosen for that: under a third of the JSON that objects with named keys take,
 * and a decoder that checks each value as it builds the fact, in one pass, without a schema
 * library. What does not decode exactly is refused whole: the caller then reads Jira again.
 */

export interface Fact {
  readonly item: WorkItem;
  /** Jira's `updated` when the fact was read, or null where the answer had none. */
  readonly updated: number | null;
  /** When the fact was read from Jira: it is true of the issue at least until then. */
  readonly fetchedAt: number;
  /** The day (epoch days) a search last returned the issue. */
  readonly seenDay: number;
}

/** Marks "none" where a column holds an index into a table. */
const NONE = -1;
const STATUS_CHANGE_WIDTH = 4;
const FLAG_CHANGE_WIDTH = 3;

/** The encoded list: strings, status references as pairs of string indexes, and the rows. */
interface Encoded {
  readonly s: string[];
  readonly r: number[];
  readonly f: unknown[][];
}

class Interner {
  readonly strings: string[] = [];
  readonly refs: number[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly refIndex = new Map<string, number>();

  string(value: string): number {
    let i = this.stringIndex.get(value);
    if (i === undefined) {
      i = this.strings.push(value) - 1;
      this.stringIndex.set(value, i);
    }
    return i;
  }

  optionalString(value: string | null): number {
    return value === null ? NONE : this.string(value);
  }

  ref(ref: StatusRef): number {
    const id = this.optionalString(ref.id);
    const name = this.string(ref.name);
    const key = `${id}:${name}`;
    let i = this.refIndex.get(key);
    if (i === undefined) {
      i = this.refs.push(id, name) / 2 - 1;
      this.refIndex.set(key, i);
    }
    return i;
  }
}

export function encodeFacts(facts: readonly Fact[]): Encoded {
  const t = new Interner();
  const rows = facts.map(({ item, updated, fetchedAt, seenDay }) => {
    const log = item.changelog;
    return [
      item.id,
      item.key,
      t.optionalString(item.projectKey),
      t.string(item.issueType.name),
      item.issueType.hierarchyLevel,
      item.labels.map((l) => t.string(l)),
      item.status === null ? NONE : t.ref(item.status),
      item.status?.category === null || item.status === null
        ? NONE
        : STATUS_CATEGORIES.indexOf(item.status.category),
      t.optionalString(item.resolution),
      item.created,
      item.resolved,
      item.parentKey,
      item.summary,
      log === null
        ? null
        : [
            log.truncated ? 1 : 0,
            log.statusChanges.flatMap((c) => [
              c.at,
              c.seq,
              c.from === null ? NONE : t.ref(c.from),
              t.ref(c.to),
            ]),
            log.flagChanges.flatMap((c) => [c.at, c.seq, c.flagged ? 1 : 0]),
          ],
      updated,
      fetchedAt,
      seenDay,
    ];
  });
  return { s: t.strings, r: t.refs, f: rows };
}

/** Raised inside the decoder at the first value that is not what the encoder writes. */
class Malformed extends Error {}

function fail(): never {
  throw new Malformed();
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fail();
}

function numOrNull(v: unknown): number | null {
  return v === null ? null : num(v);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : fail();
}

function strOrNull(v: unknown): string | null {
  return v === null ? null : str(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : fail();
}

function index(v: unknown, size: number, optional: boolean): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail();
  if (v === NONE && optional) return NONE;
  return v >= 0 && v < size ? v : fail();
}

/** The facts of an encoded list, or null when any part of it is not what `encodeFacts` writes. */
export function decodeFacts(value: unknown): Fact[] | null {
  try {
    return decode(value);
  } catch (e) {
    if (e instanceof Malformed) return null;
    throw e;
  }
}

function decode(value: unknown): Fact[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail();
  const strings = arr(Object.getOwnPropertyDescriptor(value, 's')?.value).map(str);
  const refPairs = arr(Object.getOwnPropertyDescriptor(value, 'r')?.value);
  const rows = arr(Object.getOwnPropertyDescriptor(value, 'f')?.value);
  if (refPairs.length % 2 !== 0) fail();
  const stringAt = (v: unknown): string => strings[index(v, strings.length, false)] ?? fail();
  const optionalStringAt = (v: unknown): string | null =>
    index(v, strings.length, true) === NONE ? null : stringAt(v);
  // One object per distinct status reference, shared by every fact that names it.
  const refs: StatusRef[] = [];
  for (let i = 0; i < refPairs.length; i += 2) {
    refs.push({ id: optionalStringAt(refPairs[i]), name: stringAt(refPairs[i + 1]) });
  }
  const refAt = (v: unknown): StatusRef => refs[index(v, refs.length, false)] ?? fail();

  return rows.map((raw): Fact => {
    const row = arr(raw);
    if (row.length !== 17) fail();
    const statusRef = index(row[6], refs.length, true);
    const categoryIndex = index(row[7], STATUS_CATEGORIES.length, true);
    const category: StatusCategory | null =
      categoryIndex === NONE ? null : (STATUS_CATEGORIES[categoryIndex] ?? fail());
    const ref = statusRef === NONE ? null : refAt(statusRef);
    const item: WorkItem = {
      id: str(row[0]),
      key: str(row[1]),
      projectKey: optionalStringAt(row[2]),
      issueType: { name: stringAt(row[3]), hierarchyLevel: num(row[4]) },
      labels: arr(row[5]).map(stringAt),
      status: ref === null ? null : { id: ref.id, name: ref.name, category },
      resolution: optionalStringAt(row[8]),
      created: num(row[9]),
      resolved: numOrNull(row[10]),
      parentKey: strOrNull(row[11]),
      summary: str(row[12]),
      changelog: row[13] === null ? null : decodeChangelog(arr(row[13]), refAt),
    };
    return { item, updated: numOrNull(row[14]), fetchedAt: num(row[15]), seenDay: num(row[16]) };
  });
}

function decodeChangelog(
  log: unknown[],
  refAt: (v: unknown) => StatusRef,
): NonNullable<WorkItem['changelog']> {
  if (log.length !== 3 || (log[0] !== 0 && log[0] !== 1)) fail();
  const flatStatus = arr(log[1]);
  const flatFlags = arr(log[2]);
  if (flatStatus.length % STATUS_CHANGE_WIDTH !== 0 || flatFlags.length % FLAG_CHANGE_WIDTH !== 0) fail();
  const statusChanges: StatusChange[] = [];
  for (let i = 0; i < flatStatus.length; i += STATUS_CHANGE_WIDTH) {
    const from = flatStatus[i + 2];
    statusChanges.push({
      at: num(flatStatus[i]),
      seq: num(flatStatus[i + 1]),
      from: from === NONE ? null : refAt(from),
      to: refAt(flatStatus[i + 3]),
    });
  }
  const flagChanges: FlagChange[] = [];
  for (let i = 0; i < flatFlags.length; i += FLAG_CHANGE_WIDTH) {
    const flagged = flatFlags[i + 2];
    if (flagged !== 0 && flagged !== 1) fail();
    flagChanges.push({ at: num(flatFlags[i]), seq: num(flatFlags[i + 1]), flagged: flagged === 1 });
  }
  return { statusChanges, flagChanges, truncated: log[0] === 1 };
}
