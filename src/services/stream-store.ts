import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { ProjectRef, StreamDefinitionView, StreamDeleted, StreamsView } from '../contract';
import { DomainError } from '../domain/errors';
import { cleanStream, STREAM_LIMITS, type ValueStream } from '../domain/value-stream';
import { getMyPermissions, getUser } from '../jira/jira-api';
import type { JiraClient } from '../jira/jira-client';
import { checkStreamFilterJql } from '../jira/jql-filter';
import { VALUE_STREAM_ENTITY } from '../storage/entities';
import { storedStreamSchema, type StreamDefinition } from '../stream-schema';
import type { KeyValueStore } from './key-value-store';
import { spacesById, spacesByKey, type Space } from './space-access';

/**
 * Value streams in Forge storage (docs/value-streams.md#stored): one custom entity each, saved
 * with a revision in one conditional transaction, as settings are. Anyone may create one; its
 * creator and Jira's administrators may change or delete it. A stream names its spaces by id; a
 * reader is shown the ones they may browse, and a count of the others, which are either hidden
 * from them or gone: Jira tells a person the same of both, and so does the app.
 */

const entitySchema = z.object({
  schemaVersion: z.literal(1),
  revision: z.number().int().min(1),
  stream: storedStreamSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export interface StoredStream {
  readonly id: string;
  readonly revision: number;
  readonly stream: ValueStream;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

function parsed(id: string, value: unknown): StoredStream | null {
  const entity = entitySchema.safeParse(value);
  if (!entity.success) return null;
  const { revision, stream, createdBy, createdAt, updatedAt, updatedBy } = entity.data;
  return { id, revision, stream, createdBy, createdAt, updatedAt, updatedBy };
}

export function streamNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', `No value stream ${id} exists; it may have been deleted.`);
}

/** The stream under an id; NOT_FOUND when there is none (or what is stored cannot be read). */
export async function readStream(store: KeyValueStore, id: string): Promise<StoredStream> {
  const stream = parsed(id, await store.getEntity(VALUE_STREAM_ENTITY.name, id));
  if (stream === null) throw streamNotFound(id);
  return stream;
}

/** A stream's spaces as this reader may see them, in the stream's order, and how many others. */
export function seenBy(
  stream: ValueStream,
  visible: readonly Space[],
): { spaces: Space[]; unavailable: number } {
  const byId = new Map(visible.map((s) => [s.id, s]));
  const spaces = stream.spaceIds.flatMap((id) => {
    const space = byId.get(id);
    return space === undefined ? [] : [space];
  });
  return { spaces, unavailable: stream.spaceIds.length - spaces.length };
}

async function isJiraAdmin(jira: JiraClient): Promise<boolean> {
  return (await getMyPermissions(jira, ['ADMINISTER'])).ADMINISTER;
}

const mayEdit = (stream: StoredStream, accountId: string, admin: boolean): boolean =>
  admin || stream.createdBy === accountId;

const ref = (s: Space): ProjectRef => ({ id: s.id, key: s.key, name: s.name });

export async function listStreams(
  jira: JiraClient,
  store: KeyValueStore,
  accountId: string,
): Promise<StreamsView> {
  const [entries, admin] = await Promise.all([
    store.listEntities(VALUE_STREAM_ENTITY.name, 'revision'),
    isJiraAdmin(jira),
  ]);
  const stored = entries.flatMap((e) => {
    const s = parsed(e.key, e.value);
    return s === null ? [] : [s];
  });
  // The spaces of every stream at once, 50 a call: what the reader may browse of them.
  const visible = await spacesById(
    jira,
    stored.flatMap((s) => s.stream.spaceIds),
  );
  const streams = stored
    .map((s) => {
      const seen = seenBy(s.stream, visible);
      return {
        id: s.id,
        name: s.stream.name,
        description: s.stream.description,
        spaces: seen.spaces.length,
        unavailable: seen.unavailable,
        canEdit: mayEdit(s, accountId, admin),
        updatedAt: s.updatedAt,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { streams };
}

async function definitionView(
  jira: JiraClient,
  stored: StoredStream,
  visible: readonly Space[],
  canEdit: boolean,
): Promise<StreamDefinitionView> {
  const { stream } = stored;
  const seen = seenBy(stream, visible);
  return {
    id: stored.id,
    revision: stored.revision,
    name: stream.name,
    description: stream.description,
    spaces: seen.spaces.map(ref),
    unavailable: seen.unavailable,
    filter: stream.filter,
    timeZone: stream.timeZone,
    workingCalendar: stream.workingCalendar,
    trendPeriod: stream.trendPeriod,
    targets: stream.targets,
    canEdit,
    updatedAt: stored.updatedAt,
    updatedByName: (await getUser(jira, stored.updatedBy))?.displayName ?? null,
  };
}

export async function getStream(
  jira: JiraClient,
  store: KeyValueStore,
  id: string,
  accountId: string,
): Promise<StreamDefinitionView> {
  const [stored, admin] = await Promise.all([readStream(store, id), isJiraAdmin(jira)]);
  const visible = await spacesById(jira, stored.stream.spaceIds);
  return definitionView(jira, stored, visible, mayEdit(stored, accountId, admin));
}

export interface StreamSave {
  readonly streamId: string;
  /** The revision the edit started from; 0 for a new stream. */
  readonly revision: number;
  readonly stream: StreamDefinition;
}

/**
 * The spaces a save names, by key, made ids as the saver may see them; the stream's spaces the
 * saver cannot see stay in it, untouched and unnamed (they are someone else's to remove).
 */
function spaceIdsOf(
  keys: readonly string[],
  visible: readonly Space[],
  before: ValueStream | null,
): string[] {
  const byKey = new Map(visible.map((s) => [s.key.toUpperCase(), s]));
  const unknown = keys.filter((k) => !byKey.has(k.toUpperCase()));
  if (unknown.length > 0) {
    const why = `No space ${unknown.join(', ')} exists, or you may not see ${unknown.length === 1 ? 'it' : 'them'}.`;
    throw new DomainError('INVALID_INPUT', why, { 'stream.spaceKeys': why });
  }
  const named = keys.flatMap((k) => {
    const s = byKey.get(k.toUpperCase());
    return s === undefined ? [] : [s.id];
  });
  const seen = new Set(visible.map((s) => s.id));
  const kept = (before?.spaceIds ?? []).filter((id) => !seen.has(id));
  const ids = [...new Set([...named, ...kept])];
  // Counted on the stream as it would be: a saver who sees none of its spaces may still rename it.
  if (ids.length === 0) {
    const why = 'A stream has at least one space.';
    throw new DomainError('INVALID_INPUT', why, { 'stream.spaceKeys': why });
  }
  if (ids.length > STREAM_LIMITS.spaces) {
    const why = `A stream has at most ${STREAM_LIMITS.spaces} spaces; with ${kept.length} you cannot see, this one would have ${ids.length}.`;
    throw new DomainError('INVALID_INPUT', why, { 'stream.spaceKeys': why });
  }
  return ids;
}

export async function saveStream(
  jira: JiraClient,
  store: KeyValueStore,
  input: StreamSave,
  who: { accountId: string; now: number },
): Promise<StreamDefinitionView> {
  const filter = input.stream.filter === null ? null : checkStreamFilterJql(input.stream.filter);
  const [current, admin, named] = await Promise.all([
    store.getEntity(VALUE_STREAM_ENTITY.name, input.streamId),
    isJiraAdmin(jira),
    spacesByKey(jira, input.stream.spaceKeys),
  ]);
  const exists = current !== undefined && current !== null;
  const before = exists ? parsed(input.streamId, current) : null;
  // The spaces the save names and those the stream has, as the saver may browse them.
  const visible = [...named, ...(await spacesById(jira, before?.stream.spaceIds ?? []))];
  const { spaceKeys, ...rest } = input.stream;
  // A deleted stream's tombstone is there too: its creation sent again must not bring it back.
  if (input.revision === 0 && exists) {
    if (before === null) throw streamNotFound(input.streamId);
    // The same creation sent again by the same person (its answer lost on the way): answered as
    // saved, since it is; a different one under the same id is someone else's stream.
    const again = cleanStream({ ...rest, filter, spaceIds: spaceIdsOf(spaceKeys, visible, null) });
    if (
      before.revision === 1 &&
      before.createdBy === who.accountId &&
      isDeepStrictEqual(before.stream, again)
    )
      return definitionView(jira, before, visible, true);
    throw new DomainError(
      'CONFLICT',
      `A value stream ${input.streamId} exists already; open it to change it.`,
    );
  }
  if (input.revision > 0) {
    if (before === null) throw streamNotFound(input.streamId);
    if (!mayEdit(before, who.accountId, admin))
      throw new DomainError(
        'NOT_PERMITTED',
        'Only the person who created this value stream, or a Jira administrator, can change it.',
      );
    if (before.revision !== input.revision) throw await conflict(jira, before, input.revision);
  }
  const stream = cleanStream({
    ...rest,
    filter,
    spaceIds: spaceIdsOf(spaceKeys, visible, before?.stream ?? null),
  });
  const at = new Date(who.now).toISOString();
  const value = {
    schemaVersion: 1,
    revision: input.revision + 1,
    stream,
    createdBy: before?.createdBy ?? who.accountId,
    createdAt: before?.createdAt ?? at,
    updatedAt: at,
    updatedBy: who.accountId,
  };
  const outcome = await store.transact([
    {
      kind: 'setEntity',
      entityName: VALUE_STREAM_ENTITY.name,
      key: input.streamId,
      value,
      condition:
        input.revision === 0
          ? { attribute: 'revision', absent: true }
          : { attribute: 'revision', equals: input.revision },
    },
  ]);
  if (outcome === 'conflict') {
    const now = parsed(input.streamId, await store.getEntity(VALUE_STREAM_ENTITY.name, input.streamId));
    throw now === null ? streamNotFound(input.streamId) : await conflict(jira, now, input.revision);
  }
  const saved: StoredStream = {
    id: input.streamId,
    revision: value.revision,
    stream,
    createdBy: value.createdBy,
    createdAt: value.createdAt,
    updatedAt: at,
    updatedBy: who.accountId,
  };
  return definitionView(jira, saved, visible, true);
}

export async function deleteStream(
  jira: JiraClient,
  store: KeyValueStore,
  input: { streamId: string; revision: number },
  { accountId, now }: { accountId: string; now: number },
): Promise<StreamDeleted> {
  const [stored, admin] = await Promise.all([readStream(store, input.streamId), isJiraAdmin(jira)]);
  if (!mayEdit(stored, accountId, admin))
    throw new DomainError(
      'NOT_PERMITTED',
      'Only the person who created this value stream, or a Jira administrator, can delete it.',
    );
  if (stored.revision !== input.revision) throw await conflict(jira, stored, input.revision);
  // A tombstone rather than nothing: a save or a create of this id that comes late finds it and
  // is refused, instead of bringing the stream back.
  const outcome = await store.transact([
    {
      kind: 'setEntity',
      entityName: VALUE_STREAM_ENTITY.name,
      key: input.streamId,
      value: {
        schemaVersion: 1,
        revision: input.revision + 1,
        deleted: true,
        updatedAt: new Date(now).toISOString(),
        updatedBy: accountId,
      },
      condition: { attribute: 'revision', equals: input.revision },
    },
  ]);
  if (outcome === 'conflict') {
    const now = parsed(input.streamId, await store.getEntity(VALUE_STREAM_ENTITY.name, input.streamId));
    throw now === null ? streamNotFound(input.streamId) : await conflict(jira, now, input.revision);
  }
  return { deleted: input.streamId, name: stored.stream.name };
}

async function conflict(jira: JiraClient, current: StoredStream, edited: number): Promise<DomainError> {
  const name = (await getUser(jira, current.updatedBy))?.displayName ?? 'someone else';
  return new DomainError(
    'CONFLICT',
    `${name} changed this value stream at ${current.updatedAt.slice(0, 16).replace('T', ' ')} UTC, after you opened it (revision ${current.revision}, you edited ${edited}). Reload to see their change, then make yours again.`,
  );
}
