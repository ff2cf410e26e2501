import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { VALUE_STREAM_ENTITY } from '../../src/storage/entities';
import { newEmulator, sixSpaceSite } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * Value streams as people define them (docs/value-streams.md#stored): anyone creates one, its
 * creator and Jira's administrators change it, racing edits end with one winner and the other
 * told, names are plain bounded text, and a stream names at most 50 spaces, each one its saver
 * may see; the spaces its saver cannot see stay, unnamed.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
const PEOPLE = [
  {
    accountId: 'acc-admin',
    emailAddress: 'admin@example.com',
    displayName: 'Ada Admin',
    apiToken: 't',
    siteAdmin: true,
  },
  {
    accountId: 'acc-dev',
    emailAddress: 'dev@example.com',
    displayName: 'Dev Eloper',
    apiToken: 't',
    browse: ['AGPUSH'],
  },
  {
    accountId: 'acc-lead',
    emailAddress: 'lead@example.com',
    displayName: 'Lee Lead',
    apiToken: 't',
    browse: ['AGPUSH', 'AEROGEAR'],
  },
];

let emulator: JiraEmulator;

beforeAll(async () => {
  emulator = newEmulator(await sixSpaceSite(PEOPLE), { clock: () => NOW });
});

function forgeWith(store = new KvsStore()): VirtualForge {
  return virtualForge(emulator, NOW, store);
}

const definition = (name: string, spaceKeys: string[]): { name: string; spaceKeys: string[] } => ({
  name,
  spaceKeys,
});

async function save(
  forge: VirtualForge,
  who: string,
  streamId: string,
  revision: number,
  stream: unknown,
): Promise<unknown> {
  return forge.invoke('saveStream', { streamId, revision, stream }, who);
}

test('anyone creates a stream; it lists, reads and keeps its spaces in order, by id', async () => {
  const forge = forgeWith();
  const saved = await save(forge, 'acc-lead', 'stream-push-0001', 0, {
    ...definition('Push  platform', ['AEROGEAR', 'agpush']),
    description: 'The push notification server and its SDKs.',
  });
  expect(saved).toMatchObject({
    ok: true,
    data: {
      id: 'stream-push-0001',
      revision: 1,
      name: 'Push  platform',
      spaces: [{ key: 'AEROGEAR' }, { key: 'AGPUSH' }],
      unavailable: 0,
      canEdit: true,
      timeZone: 'UTC',
      targets: { debt: { min: 0.1, max: 0.2 } },
      updatedByName: 'Lee Lead',
    },
  });
  const ids = ['AEROGEAR', 'AGPUSH'].map((k) => emulator.site.projects.find((p) => p.key === k)?.id);
  const stored = forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-push-0001');
  expect(stored).toMatchObject({ revision: 1, createdBy: 'acc-lead', stream: { spaceIds: ids } });
  expect(await forge.invoke('listStreams', {}, 'acc-dev')).toEqual({
    ok: true,
    data: {
      streams: [
        {
          id: 'stream-push-0001',
          name: 'Push  platform',
          description: 'The push notification server and its SDKs.',
          spaces: 1,
          unavailable: 1,
          canEdit: false,
          updatedAt: new Date(NOW).toISOString(),
        },
      ],
    },
  });
});

test('names and descriptions are plain text, bounded; a stream names 1 to 50 spaces', async () => {
  const forge = forgeWith();
  const hostile = await save(forge, 'acc-lead', 'stream-hostile-01', 0, {
    name: ' <img src=x onerror=alert(1)>\u0000\u0007 Ops\u202e ',
    description: 'line one\r\nline two\u0000',
    spaceKeys: ['AGPUSH'],
  });
  expect(hostile).toMatchObject({
    ok: true,
    data: { name: '<img src=x onerror=alert(1)> Ops', description: 'line one\nline two' },
  });
  const refusals = [
    [{ name: 'x'.repeat(81), spaceKeys: ['AGPUSH'] }, 'stream.name'],
    [{ name: '\u0000\u0007 ', spaceKeys: ['AGPUSH'] }, 'stream.name'],
    [{ name: 'A', description: 'y'.repeat(1001), spaceKeys: ['AGPUSH'] }, 'stream.description'],
    [{ name: 'A', spaceKeys: [] }, 'stream.spaceKeys'],
    [{ name: 'A', spaceKeys: Array.from({ length: 51 }, (_, i) => `S${i}`) }, 'stream.spaceKeys'],
    [{ name: 'A', spaceKeys: ['AGPUSH'], filter: 'project = AGPUSH ORDER BY key' }, 'filter'],
    // A filter every reader sees may not name a space or a work item: some readers may not see it.
    [{ name: 'A', spaceKeys: ['AGPUSH'], filter: 'project != DAEMON' }, 'filter'],
    [{ name: 'A', spaceKeys: ['AGPUSH'], filter: 'labels = ops AND NOT issuekey = DAEMON-12' }, 'filter'],
    [{ name: 'A', spaceKeys: ['AGPUSH'], timeZone: 'Mars/Olympus' }, 'stream.timeZone'],
    [{ name: 'A', spaceKeys: ['AGPUSH'], targets: { debt: { min: 0.3, max: 0.1 } } }, 'stream.targets.debt'],
  ] as const;
  for (const [stream, field] of refusals) {
    const answer = await save(forge, 'acc-lead', 'stream-refused-01', 0, stream);
    expect({ field, answer }).toMatchObject({
      field,
      answer: { ok: false, error: { code: 'INVALID_INPUT', fields: { [field]: expect.any(String) } } },
    });
  }
  expect(forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-refused-01')).toBeUndefined();
});

test('a creation sent again is answered as saved; another stream under its id is refused', async () => {
  const forge = forgeWith();
  const first = await save(forge, 'acc-lead', 'stream-again-001', 0, definition('Again', ['AGPUSH']));
  const again = await save(forge, 'acc-lead', 'stream-again-001', 0, definition('Again', ['AGPUSH']));
  expect(again).toEqual(first);
  expect(forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-again-001')).toMatchObject({ revision: 1 });
  for (const [who, name] of [
    ['acc-lead', 'Another'],
    ['acc-admin', 'Again'],
  ] as const)
    expect(await save(forge, who, 'stream-again-001', 0, definition(name, ['AGPUSH']))).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
});

test('a space the saver may not see is refused in the words of one that does not exist', async () => {
  const forge = forgeWith();
  const hidden = await save(
    forge,
    'acc-dev',
    'stream-dev-00001',
    0,
    definition('Mine', ['AGPUSH', 'DAEMON']),
  );
  const absent = await save(
    forge,
    'acc-dev',
    'stream-dev-00001',
    0,
    definition('Mine', ['AGPUSH', 'NOSUCH']),
  );
  expect(JSON.stringify(hidden).replaceAll('DAEMON', 'KEY')).toBe(
    JSON.stringify(absent).replaceAll('NOSUCH', 'KEY'),
  );
  expect(hidden).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});

test('racing edits of one revision: exactly one wins, the other is told who changed it', async () => {
  const forge = forgeWith(new KvsStore({ latencyMs: 5 }));
  await save(forge, 'acc-admin', 'stream-race-0001', 0, definition('Race', ['AGPUSH']));
  const names = ['First', 'Second', 'Third', 'Fourth'];
  const answers = await Promise.all(
    names.map((name) => save(forge, 'acc-admin', 'stream-race-0001', 1, definition(name, ['AGPUSH']))),
  );
  const won = answers.flatMap((a, i) => (JSON.stringify(a).startsWith('{"ok":true') ? [names[i]] : []));
  expect(won).toHaveLength(1);
  for (const a of answers.filter((x) => !JSON.stringify(x).startsWith('{"ok":true')))
    expect(a).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('Ada Admin') },
    });
  expect(forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-race-0001')).toMatchObject({
    revision: 2,
    stream: { name: won[0] },
  });
});

test('only its creator and Jira administrators change or delete a stream', async () => {
  const forge = forgeWith();
  await save(forge, 'acc-dev', 'stream-owned-001', 0, definition('Owned', ['AGPUSH']));
  const byOther = await save(forge, 'acc-lead', 'stream-owned-001', 1, definition('Taken', ['AGPUSH']));
  const deleteByOther = await forge.invoke(
    'deleteStream',
    { streamId: 'stream-owned-001', revision: 1, confirm: true },
    'acc-lead',
  );
  for (const refused of [byOther, deleteByOther])
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
  expect(forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-owned-001')).toMatchObject({
    revision: 1,
    stream: { name: 'Owned' },
  });
  // An administrator adds a space the creator cannot see; the creator's next edit keeps it.
  expect(
    await save(forge, 'acc-admin', 'stream-owned-001', 1, definition('Owned', ['AGPUSH', 'DAEMON'])),
  ).toMatchObject({ ok: true, data: { revision: 2, spaces: [{ key: 'AGPUSH' }, { key: 'DAEMON' }] } });
  expect(
    await save(forge, 'acc-dev', 'stream-owned-001', 2, definition('Owned, renamed', ['AGPUSH'])),
  ).toMatchObject({ ok: true, data: { revision: 3, spaces: [{ key: 'AGPUSH' }], unavailable: 1 } });
  expect(await forge.invoke('getStream', { streamId: 'stream-owned-001' }, 'acc-admin')).toMatchObject({
    ok: true,
    data: { name: 'Owned, renamed', spaces: [{ key: 'AGPUSH' }, { key: 'DAEMON' }], canEdit: true },
  });
});

test('a deleted stream does not come back, by a late save or a read', async () => {
  const forge = forgeWith(new KvsStore({ latencyMs: 3 }));
  await save(forge, 'acc-dev', 'stream-gone-0001', 0, definition('Gone', ['AGPUSH']));
  const [deleted, late] = await Promise.all([
    forge.invoke('deleteStream', { streamId: 'stream-gone-0001', revision: 1, confirm: true }, 'acc-dev'),
    save(forge, 'acc-dev', 'stream-gone-0001', 1, definition('Late edit', ['AGPUSH'])),
  ]);
  const outcomes = [deleted, late].map((a) => JSON.stringify(a).startsWith('{"ok":true'));
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  if (outcomes[0] === true) {
    expect(deleted).toEqual({ ok: true, data: { deleted: 'stream-gone-0001', name: 'Gone' } });
    expect(late).toMatchObject({ ok: false, error: { code: expect.stringMatching(/CONFLICT|NOT_FOUND/) } });
  } else {
    // The edit won: the delete named a revision that is no longer the stream's.
    expect(deleted).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await forge.invoke(
      'deleteStream',
      { streamId: 'stream-gone-0001', revision: 2, confirm: true },
      'acc-dev',
    );
  }
  // Neither an edit of its last revision nor its creation sent again brings it back.
  for (const revision of [2, 0])
    expect(
      await save(forge, 'acc-dev', 'stream-gone-0001', revision, definition('After', ['AGPUSH'])),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  expect(await forge.invoke('getStream', { streamId: 'stream-gone-0001' }, 'acc-dev')).toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  expect(await forge.invoke('listStreams', {}, 'acc-dev')).toEqual({ ok: true, data: { streams: [] } });
});

test('a space that no longer exists: the stream says so, and its figures go on', async () => {
  const forge = forgeWith();
  await save(forge, 'acc-admin', 'stream-lost-0001', 0, definition('Lost one', ['AGPUSH', 'AEROGEAR']));
  // AEROGEAR is deleted from Jira: the stream keeps its id, which no one can see any more.
  const entity = forge.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-lost-0001');
  const aerogear = emulator.site.projects.find((p) => p.key === 'AEROGEAR')?.id;
  await forge.kvs.handle(
    '/api/v1/entity/set',
    JSON.stringify({
      entityName: VALUE_STREAM_ENTITY.name,
      key: 'stream-lost-0001',
      value: z.unknown().parse(JSON.parse(JSON.stringify(entity).replace(`"${aerogear}"`, '"99999999"'))),
    }),
  );
  expect(await forge.invoke('getStream', { streamId: 'stream-lost-0001' }, 'acc-admin')).toMatchObject({
    ok: true,
    data: { spaces: [{ key: 'AGPUSH' }], unavailable: 1 },
  });
  expect(await forge.invoke('getStreamFlow', { streamId: 'stream-lost-0001' }, 'acc-admin')).toMatchObject({
    ok: true,
    data: { status: 'ready', teams: [{ space: { key: 'AGPUSH' } }], unavailable: 1 },
  });
});
