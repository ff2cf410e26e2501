import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync, inflateRaw, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { STATUS_CATEGORIES, type KnownStatus } from '../domain/types';
import { decodeFacts, encodeFacts, type Fact } from './fact-codec';
import { isCut, MAX_CUTS, REMEMBERED_SEARCHES, type Cut } from './id-slices';
import { batchesOf, STORE_MAX_VALUE_BYTES, type KeyValueStore, type StoreEntry } from './key-value-store';

/**
 * The cache behind warm loads (docs/jira.md#the-fact-cache): per-issue facts (the settings-free
 * `WorkItem`, when it was read, and Jira's `updated`), the same for everyone who may see the
 * issue, in compressed chunks of a range of issue ids per project; a sync record per user and
 * project (when that user's loads last brought the facts up to date, and which ids they saw); the
 * project's metadata. None of it is ever shown to anybody except for the ids of their own search.
 */

/** Bumped when the stored shape changes: values of another version are ignored, then replaced. */
export const FACT_SCHEMA_VERSION = 2;
/** Issue ids per chunk: a project's consecutive ids share one value, rewritten together. */
export const FACTS_PER_CHUNK = 250;
/** Forge drops a chunk nobody has written for this long; a read chunk is rewritten weekly. */
const FACT_TTL_DAYS = 30;
const REWRITE_AFTER_MS = 7 * 86_400_000;
/** A fact nobody's search has returned for this long is dropped when its chunk is rewritten. */
const UNSEEN_DROP_DAYS = 30;
/** Leaves room under Forge's 240 KiB for the envelope of a value. */
const PART_MAX_CHARS = STORE_MAX_VALUE_BYTES - 4096;
/** Metadata (statuses, the Flagged field: they change when an admin edits a workflow) is read again after 6 hours. */
export const META_MAX_AGE_MS = 6 * 3_600_000;
const META_TTL_DAYS = 1;
const SYNC_TTL_DAYS = 30;
const DAY_MS = 86_400_000;

export type { Fact };

const knownStatus = z.object({
  id: z.string().nullable(),
  name: z.string(),
  category: z.enum(STATUS_CATEGORIES).nullable(),
});
const partSchema = z.object({ v: z.literal(FACT_SCHEMA_VERSION), data: z.string() });
const chunkSchema = partSchema.extend({ writtenAt: z.number(), more: z.array(z.string()).max(64) });

/** Storage keys take letters, digits and `:._#-`: anything else in an id becomes `_`. */
function safe(part: string): string {
  return part.replace(/[^a-zA-Z0-9._#-]/g, '_');
}

export function chunkOf(issueId: string): number {
  return Math.floor(Number(issueId) / FACTS_PER_CHUNK);
}

function chunkKey(projectId: string, chunk: number): string {
  return `flow-facts:${safe(projectId)}:${chunk}`;
}

/*
 * Chunks are compressed and inflated on libuv's thread pool, not the resolver's one thread: a
 * warm load inflates a whole window while the id search is out, and a cold one deflates it while
 * the figures are computed.
 */
const deflateAsync = promisify(deflateRaw);
const inflateAsync = promisify(inflateRaw);

async function pack(facts: readonly Fact[]): Promise<string> {
  return (await deflateAsync(Buffer.from(JSON.stringify(encodeFacts(facts))))).toString('base64');
}

/** The facts of one stored part; null when it is not ours (another encoding, or damaged). */
async function unpack(data: string): Promise<Fact[] | null> {
  try {
    const text = (await inflateAsync(Buffer.from(data, 'base64'))).toString('utf8');
    return decodeFacts(JSON.parse(text));
  } catch {
    return null;
  }
}

interface ReadChunk {
  readonly key: string;
  readonly writtenAt: number;
  readonly facts: Fact[];
}

/** The facts of some chunks, with when each was written; a value that does not parse is ignored. */
async function readChunks(store: KeyValueStore, keys: readonly string[]): Promise<Map<string, ReadChunk>> {
  const found = await store.getMany(keys);
  const heads = new Map<string, z.infer<typeof chunkSchema>>();
  for (const [key, value] of found) {
    const head = chunkSchema.safeParse(value);
    if (head.success) heads.set(key, head.data);
  }
  const extraKeys = [...heads.values()].flatMap((h) => h.more);
  const extras = extraKeys.length > 0 ? await store.getMany(extraKeys) : new Map<string, unknown>();
  const chunks = [...heads].map(async ([key, head]): Promise<ReadChunk> => {
    const parts = [head.data];
    for (const more of head.more) {
      const part = partSchema.safeParse(extras.get(more));
      if (part.success) parts.push(part.data.data);
    }
    // A chunk missing one of its parts is read without it: those facts are fetched again.
    const facts: Fact[] = [];
    for (const decoded of await Promise.all(parts.map(unpack))) if (decoded !== null) facts.push(...decoded);
    return { key, writtenAt: head.writtenAt, facts };
  });
  return new Map((await Promise.all(chunks)).map((chunk) => [chunk.key, chunk]));
}

export interface CachedFacts {
  readonly facts: Map<string, Fact>;
  readonly chunks: Map<string, ReadChunk>;
}

/**
 * Reads the chunks of ids as they become known (a page of the id search at a time), each chunk
 * once, so that reading the cache overlaps the later pages.
 */
export class FactReader {
  private readonly chunks = new Set<number>();
  private readonly reads: Promise<Map<string, ReadChunk>>[] = [];

  constructor(
    private readonly store: KeyValueStore,
    private readonly projectId: string,
  ) {}

  request(ids: Iterable<string>): void {
    const keys: string[] = [];
    for (const id of ids) {
      const chunk = chunkOf(id);
      if (this.chunks.has(chunk)) continue;
      this.chunks.add(chunk);
      keys.push(chunkKey(this.projectId, chunk));
    }
    if (keys.length === 0) return;
    const read = readChunks(this.store, keys);
    // Awaited in done(); until then a failure must not go unhandled.
    read.catch(() => undefined);
    this.reads.push(read);
  }

  async done(): Promise<CachedFacts> {
    const chunks = new Map<string, ReadChunk>();
    for (const read of await Promise.all(this.reads)) for (const [k, c] of read) chunks.set(k, c);
    const facts = new Map<string, Fact>();
    for (const chunk of chunks.values()) for (const fact of chunk.facts) facts.set(fact.item.id, fact);
    return { facts, chunks };
  }
}

/** The cached facts of the chunks that hold some ids (facts of other ids in them come along). */
export function readFacts(
  store: KeyValueStore,
  projectId: string,
  ids: readonly string[],
): Promise<CachedFacts> {
  const reader = new FactReader(store, projectId);
  reader.request(ids);
  return reader.done();
}

/**
 * Writes fresh facts into their chunks, merged with what the chunks hold now (read again just
 * before, so that a concurrent load's facts survive unless it wrote the very same chunk in the
 * same moment; the fact read later wins). Also rewrites chunks read more than a week ago, so
 * that Forge's TTL keeps what is in use, marks the ids a search returned as seen today, and drops
 * facts unseen for 30 days.
 */
export async function writeFacts(
  store: KeyValueStore,
  projectId: string,
  options: {
    readonly fresh: readonly Fact[];
    readonly seen: ReadonlySet<string>;
    readonly read: CachedFacts | null;
    readonly now: number;
  },
): Promise<{ readonly chunksWritten: number }> {
  const today = Math.floor(options.now / DAY_MS);
  const byKey = new Map<string, Fact[]>();
  for (const fact of options.fresh) {
    const key = chunkKey(projectId, chunkOf(fact.item.id));
    const list = byKey.get(key) ?? [];
    list.push(fact);
    byKey.set(key, list);
  }
  for (const chunk of options.read?.chunks.values() ?? []) {
    if (options.now - chunk.writtenAt > REWRITE_AFTER_MS && !byKey.has(chunk.key)) byKey.set(chunk.key, []);
  }
  if (byKey.size === 0) return { chunksWritten: 0 };
  const reading = readChunks(store, [...byKey.keys()]);
  // A chunk this load read and found absent is most likely absent still (a cold load: all of
  // them): it is encoded and compressed while it is read again, and that is written unless the
  // read finds it. A writer that read nothing (the consumer's slices) is not guessed for.
  const absent = new Map<string, Promise<StoreEntry[]>>();
  for (const [key, fresh] of byKey) {
    if (options.read === null || options.read.chunks.has(key)) continue;
    const entries = chunkEntries(key, chunkFacts([], fresh, options.seen, today), options.now);
    entries.catch(() => undefined);
    absent.set(key, entries);
  }
  const current = await reading;
  const written: Promise<StoreEntry[]>[] = [];
  for (const [key, fresh] of byKey) {
    const stored = current.get(key);
    const early = absent.get(key);
    written.push(
      stored === undefined && early !== undefined
        ? early
        : chunkEntries(key, chunkFacts(stored?.facts ?? [], fresh, options.seen, today), options.now),
    );
  }
  const entries = (await Promise.all(written)).flat();
  await Promise.all(batchesOf(entries).map((batch) => store.setMany(batch, { ttlDays: FACT_TTL_DAYS })));
  return { chunksWritten: byKey.size };
}

/**
 * What a chunk holds after a write: its stored facts and the fresh ones, the later read of each
 * issue winning; the ids a search returned marked as seen today; facts unseen for 30 days dropped.
 */
function chunkFacts(
  stored: readonly Fact[],
  fresh: readonly Fact[],
  seen: ReadonlySet<string>,
  today: number,
): Fact[] {
  const merged = new Map<string, Fact>();
  for (const fact of [...stored, ...fresh]) {
    const before = merged.get(fact.item.id);
    if (before === undefined || fact.fetchedAt >= before.fetchedAt) merged.set(fact.item.id, fact);
  }
  const kept: Fact[] = [];
  for (const fact of merged.values()) {
    const seenDay = seen.has(fact.item.id) ? today : fact.seenDay;
    if (today - seenDay > UNSEEN_DROP_DAYS) continue;
    kept.push(seenDay === fact.seenDay ? fact : { ...fact, seenDay });
  }
  return kept.sort((a, b) => Number(a.item.id) - Number(b.item.id));
}

/** One chunk's values: its head, and further parts when its facts do not fit in one value. */
async function chunkEntries(key: string, facts: readonly Fact[], now: number): Promise<StoreEntry[]> {
  const split = async (list: readonly Fact[]): Promise<string[]> => {
    const data = await pack(list);
    if (data.length <= PART_MAX_CHARS) return [data];
    // A single fact over the limit (an issue with thousands of status changes) is not cached.
    if (list.length <= 1) return [];
    const half = Math.ceil(list.length / 2);
    const [first, second] = await Promise.all([split(list.slice(0, half)), split(list.slice(half))]);
    return [...first, ...second];
  };
  const parts = await split(facts);
  const [head = await pack([]), ...rest] = parts;
  const more = rest.map((_, i) => `${key}#${i + 1}`);
  return [
    { key, value: { v: FACT_SCHEMA_VERSION, writtenAt: now, data: head, more } },
    ...rest.map((data, i) => ({ key: more[i] ?? key, value: { v: FACT_SCHEMA_VERSION, data } })),
  ];
}

// ---- the user's sync record -------------------------------------------------------------

export interface SyncRecord {
  /** When this user's load last brought every fact of the ids it saw up to date. */
  readonly syncedAt: number;
  /** The ids this user's searches of the project returned, or null when too many to keep. */
  readonly seen: ReadonlySet<string> | null;
  /** Where this user's last loads cut each big search (services/id-slices.ts), by its digest. */
  readonly cuts: ReadonlyMap<string, readonly Cut[]>;
}

const syncSchema = z.object({
  v: z.literal(FACT_SCHEMA_VERSION),
  syncedAt: z.number(),
  seen: z.string().nullable(),
  cuts: z
    .array(
      z.tuple([
        z.string().max(64),
        z
          .array(z.tuple([z.string().max(300), z.string().max(30)]).refine(([key, id]) => isCut(key, id)))
          .max(MAX_CUTS),
      ]),
    )
    .max(REMEMBERED_SEARCHES),
});

function syncKey(projectId: string, accountId: string): string {
  return `flow-sync:${safe(projectId)}:${safe(accountId)}`;
}

/** Sorted ids as gaps in base 36, compressed: 50 000 consecutive-ish ids take a few kilobytes. */
function packIds(ids: ReadonlySet<string>): string {
  const sorted = [...ids]
    .map(Number)
    .filter(Number.isSafeInteger)
    .sort((a, b) => a - b);
  let previous = 0;
  const gaps = sorted.map((n) => {
    const gap = n - previous;
    previous = n;
    return gap.toString(36);
  });
  return deflateRawSync(Buffer.from(gaps.join(','))).toString('base64');
}

function unpackIds(data: string): Set<string> {
  const out = new Set<string>();
  let n = 0;
  const text = inflateRawSync(Buffer.from(data, 'base64')).toString('utf8');
  if (text === '') return out;
  for (const gap of text.split(',')) {
    n += parseInt(gap, 36);
    out.add(String(n));
  }
  return out;
}

export async function readSync(
  store: KeyValueStore,
  projectId: string,
  accountId: string,
): Promise<SyncRecord | null> {
  const parsed = syncSchema.safeParse(await store.get(syncKey(projectId, accountId)));
  if (!parsed.success) return null;
  try {
    return {
      syncedAt: parsed.data.syncedAt,
      seen: parsed.data.seen === null ? null : unpackIds(parsed.data.seen),
      cuts: new Map(
        parsed.data.cuts.map(([digest, cuts]) => [digest, cuts.map(([key, id]) => ({ key, id }))]),
      ),
    };
  } catch {
    return null;
  }
}

export async function writeSync(
  store: KeyValueStore,
  projectId: string,
  accountId: string,
  record: SyncRecord,
): Promise<void> {
  let seen = record.seen === null ? null : packIds(record.seen);
  if (seen !== null && seen.length > PART_MAX_CHARS) seen = null;
  await store.setMany(
    [
      {
        key: syncKey(projectId, accountId),
        value: {
          v: FACT_SCHEMA_VERSION,
          syncedAt: record.syncedAt,
          seen,
          cuts: [...record.cuts]
            .slice(-REMEMBERED_SEARCHES)
            .map(([digest, cuts]) => [digest, cuts.map((c) => [c.key, c.id])]),
        },
      },
    ],
    { ttlDays: SYNC_TTL_DAYS },
  );
}

// ---- project metadata -------------------------------------------------------------------

export interface ProjectMeta {
  readonly project: { readonly id: string; readonly key: string; readonly name: string };
  readonly statuses: readonly KnownStatus[];
  readonly flaggedFieldId: string | null;
  readonly fetchedAt: number;
}

const metaSchema = z.object({
  v: z.literal(FACT_SCHEMA_VERSION),
  project: z.object({ id: z.string(), key: z.string(), name: z.string() }),
  statuses: z.array(knownStatus),
  flaggedFieldId: z.string().nullable(),
  fetchedAt: z.number(),
});

function metaKey(projectKey: string): string {
  return `flow-meta:${safe(projectKey.toUpperCase())}`;
}

/** The project's cached metadata, whatever its age; null when absent or of another version. */
export async function readMeta(store: KeyValueStore, projectKey: string): Promise<ProjectMeta | null> {
  const parsed = metaSchema.safeParse(await store.get(metaKey(projectKey)));
  if (!parsed.success) return null;
  const { project, statuses, flaggedFieldId, fetchedAt } = parsed.data;
  return { project, statuses, flaggedFieldId, fetchedAt };
}

export async function writeMeta(store: KeyValueStore, meta: ProjectMeta): Promise<void> {
  const value = { v: FACT_SCHEMA_VERSION, ...meta };
  await store.setMany([{ key: metaKey(meta.project.key), value }], { ttlDays: META_TTL_DAYS });
}

// ---- the job that fills the cache beyond one resolver call ----------------------------

export interface FactJobRecord {
  readonly state: 'running' | 'done' | 'failed';
  readonly startedAt: number;
  readonly updatedAt: number;
  readonly message: string | null;
}

const jobSchema = z.object({
  v: z.literal(FACT_SCHEMA_VERSION),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: z.number(),
  updatedAt: z.number(),
  message: z.string().nullable(),
});

function jobKey(projectId: string): string {
  return `flow-job:${safe(projectId)}`;
}

export async function readJob(store: KeyValueStore, projectId: string): Promise<FactJobRecord | null> {
  const parsed = jobSchema.safeParse(await store.get(jobKey(projectId)));
  if (!parsed.success) return null;
  const { state, startedAt, updatedAt, message } = parsed.data;
  return { state, startedAt, updatedAt, message };
}

export async function writeJob(store: KeyValueStore, projectId: string, job: FactJobRecord): Promise<void> {
  await store.setMany([{ key: jobKey(projectId), value: { v: FACT_SCHEMA_VERSION, ...job } }], {
    ttlDays: 1,
  });
}
