import { z } from 'zod';
import { forgeAppTransport } from '../../src/jira/forge-transport';
import { JiraClient } from '../../src/jira/jira-client';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import type { EmulatedSite } from '../../src/local/emulator/site';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { refreshAgreements } from '../../src/services/agreement-refresh';
import { forgeKvsStore } from '../../src/storage/forge-kvs-store';
import { AGREEMENT_LOCK_ENTITY } from '../../src/storage/entities';
import { FUNCTION_KEYS } from '../../src/contract-table';
import { AGREEMENT_TERMS, agreementCalls, refusal, writeResult } from '../support/agreement-calls';
import { payloadsFor } from '../support/contract-payloads';
import { call, emulatedSite, newEmulator } from '../support/emulated-site';
import { realTimeForge, virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * What a person is told about a change to an agreement is what Jira holds: a confirmed change is
 * never lost, a deleted agreement never comes back, no epic is ever unsavable, and every answer
 * says what was written (docs/debt-agreements.md#writes). The races run with the local store's
 * latency and Jira's, so that they overlap as they would on Forge.
 */

const NOW = Date.parse('2013-08-01T09:00:00Z');
const LATER = Date.parse('2013-09-01T06:00:00Z');
let site: EmulatedSite;
let emulator: JiraEmulator;
let forge: VirtualForge;
let ids = 0;
const calls = agreementCalls(
  () => forge,
  () => emulator,
);
const { ok, write, refused, jiraState, epicId } = calls;

const writeId = (): string => `w${String(++ids).padStart(8, '0')}`;
const save = (revision: number, terms: unknown = AGREEMENT_TERMS, id = writeId()) => ({
  issueKey: 'AGPUSH-57',
  revision,
  writeId: id,
  terms,
});
const noted = (revision: number, id = writeId(), note: string | null = null) => ({
  issueKey: 'AGPUSH-57',
  revision,
  writeId: id,
  note,
});
const remove = (revision: number, id = writeId()) => ({
  issueKey: 'AGPUSH-57',
  revision,
  writeId: id,
  confirm: true,
});

beforeAll(async () => {
  site = await emulatedSite();
});

/** A fresh site each time: the emulator keeps what is written in the site it serves. */
async function fresh(options: { jiraLatencyMs?: number; storeLatencyMs?: number } = {}): Promise<void> {
  site = await emulatedSite();
  emulator = newEmulator(site, { clock: () => NOW, latencyMs: options.jiraLatencyMs ?? 0 });
  forge = virtualForge(emulator, NOW, new KvsStore({ latencyMs: options.storeLatencyMs ?? 0 }));
}

/** What Jira holds, as the admin reads it: the property's revision and state, and the label. */
async function held(): Promise<{ revision: number | null; state: string | null; labelled: boolean }> {
  const { property, labels } = await jiraState();
  const record = z.object({ revision: z.number(), state: z.string() }).nullable().parse(property);
  return {
    revision: record?.revision ?? null,
    state: record?.state ?? null,
    labelled: labels.includes('tech-debt-agreement'),
  };
}

async function setLock(value: Record<string, unknown>): Promise<void> {
  const reply = await forge.kvs.handle(
    '/api/v1/entity/set',
    JSON.stringify({ entityName: AGREEMENT_LOCK_ENTITY.name, key: await epicId(), value }),
  );
  expect(reply.status).toBe(204);
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const answered = z.object({ ok: z.boolean() }).loose();

describe('no epic is ever unsavable: the lock heals to the property', () => {
  beforeEach(() => fresh());

  test('a lock ahead of the property (Jira forgot the writes) lets the next save through', async () => {
    await ok('saveAgreement', save(0));
    await ok('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'low' }));
    // As after a restart of the preview, or a property removed outside the app: the lock says 2.
    await call(emulator, 'admin', 'DELETE', '/rest/api/3/issue/AGPUSH-57/properties/tech-debt-agreement');
    await call(emulator, 'admin', 'PUT', '/rest/api/3/issue/AGPUSH-57', {
      update: { labels: [{ remove: 'tech-debt-agreement' }] },
    });
    const empty = await ok('getAgreement', { issueKey: 'AGPUSH-57' });
    expect(empty).toMatchObject({ agreement: null, status: null, revision: 2 });
    const saved = await write('saveAgreement', save(empty.revision));
    expect(saved.written).toMatchObject({ action: 'created', revision: 3, labelled: true });
    expect(await held()).toEqual({ revision: 3, state: 'open', labelled: true });
  });

  test('a property restored behind the lock is the record, and is saved over', async () => {
    await ok('saveAgreement', save(0));
    const first = (await jiraState()).property;
    await ok('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'low' }));
    await ok('saveAgreement', save(2, { ...AGREEMENT_TERMS, interest: 'medium' }));
    await call(emulator, 'admin', 'PUT', '/rest/api/3/issue/AGPUSH-57/properties/tech-debt-agreement', first);
    const restored = await ok('getAgreement', { issueKey: 'AGPUSH-57' });
    expect(restored).toMatchObject({ revision: 1, agreement: { revision: 1 } });
    // The next revision goes past the lock's, so that no revision number is used twice.
    expect((await write('reviewAgreement', noted(1))).written).toMatchObject({
      action: 'reviewed',
      revision: 4,
    });
  });

  test('a lock without a lease (as the old protocol left one) blocks nothing, and keeps its revision', async () => {
    await setLock({ revision: 5, claimedBy: 'acc-lead' });
    const empty = await ok('getAgreement', { issueKey: 'AGPUSH-57' });
    expect(empty.revision).toBe(5);
    expect((await write('saveAgreement', save(5))).written).toMatchObject({ revision: 6 });
  });

  test('a lease held by a write that died is a CONFLICT saying so, and frees itself when it expires', async () => {
    // The virtual clock of these tests starts at 0: a lease until 10 s is held, one until -1 is over.
    await setLock({ revision: 0, seq: 4, leaseUntil: 10_000, holder: 'w-died', heldBy: 'acc-lead' });
    expect(await refused('saveAgreement', save(0))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/being saved right now; try again/),
    });
    expect(await held()).toEqual({ revision: null, state: null, labelled: false });
    await setLock({ revision: 0, seq: 5, leaseUntil: -1, holder: 'w-died', heldBy: 'acc-lead' });
    expect((await write('saveAgreement', save(0))).written).toMatchObject({ revision: 1 });
  });
});

describe('a deleted agreement stays deleted', () => {
  test.each([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55])(
    'a save on the old revision sent %i ms after the delete',
    async (offset) => {
      await fresh({ jiraLatencyMs: 20, storeLatencyMs: 15 });
      await ok('saveAgreement', save(0));
      const deleting = forge.invoke('deleteAgreement', remove(1), 'acc-dev');
      await wait(offset);
      const saving = forge.invoke(
        'saveAgreement',
        save(1, { ...AGREEMENT_TERMS, outcome: 'Edited at the same moment' }),
        'acc-lead',
      );
      const [deleted, saved] = (await Promise.all([deleting, saving])).map((a) => answered.parse(a));
      // Both named revision 1: exactly one of them happened, and Jira holds what it says.
      expect([deleted?.ok, saved?.ok].filter(Boolean)).toHaveLength(1);
      if (deleted?.ok === true)
        expect(await held()).toEqual({ revision: null, state: null, labelled: false });
      else expect(await held()).toEqual({ revision: 2, state: 'open', labelled: true });
    },
  );

  test.each([0, 10, 20, 30, 40, 50])('the daily refresh running %i ms after the delete', async (offset) => {
    await fresh({ jiraLatencyMs: 20, storeLatencyMs: 15 });
    await ok('saveAgreement', save(0));
    const deleting = forge.invoke('deleteAgreement', remove(1), 'acc-dev');
    await wait(offset);
    const app = new JiraClient(forgeAppTransport, { deadline: Date.now() + 60_000 });
    const refreshing = forge.forge.runAsApp(() => refreshAgreements(app, forgeKvsStore, null, LATER));
    const [deleted, refreshed] = await Promise.all([deleting, refreshing]);
    if (answered.parse(deleted).ok) {
      expect(await held()).toEqual({ revision: null, state: null, labelled: false });
      expect(refreshed.refreshed).toBe(0);
    } else {
      // The refresh wrote first: the delete named a revision that is gone, and said so.
      expect(refreshed.refreshed).toBe(1);
      expect(await held()).toEqual({ revision: 2, state: 'open', labelled: true });
    }
  });

  test('a delete whose lease cannot be given back has left its tombstone already: the agreement stays deleted', async () => {
    await fresh();
    await ok('saveAgreement', save(0));
    await ok('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'low' }));
    // The delete's storage: its own lock read, the lease taken, the tombstone, then the release,
    // which storage refuses.
    forge.kvs.injectFaults({ status: 500, path: '/api/v1/transaction', after: 2 });
    expect((await write('deleteAgreement', remove(2))).written).toMatchObject({
      action: 'deleted',
      revision: 3,
    });
    expect(await held()).toEqual({ revision: null, state: null, labelled: false });
    // Its lease then expires (as a lease not given back does), and a form opened before the delete saves.
    const id = await epicId();
    const lock = z.record(z.string(), z.unknown()).parse(forge.kvs.entity(AGREEMENT_LOCK_ENTITY.name, id));
    expect(lock).toMatchObject({ revision: 3, deleted: true });
    await setLock({ ...lock, leaseUntil: -1 });
    expect(await refused('saveAgreement', save(2, { ...AGREEMENT_TERMS, interest: 'medium' }))).toMatchObject(
      {
        code: 'CONFLICT',
        message: expect.stringMatching(/was deleted after you opened it/),
      },
    );
    expect(await held()).toEqual({ revision: null, state: null, labelled: false });
  });

  test('a retry sent while its first attempt still holds the lease waits; it does not write beside it', async () => {
    await fresh();
    await ok('saveAgreement', save(0));
    await setLock({ revision: 1, seq: 7, leaseUntil: 10_000, holder: 'w-same-id-0001', heldBy: 'acc-dev' });
    expect(
      (await refused('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'low' }, 'w-same-id-0001')))
        .code,
    ).toBe('CONFLICT');
    expect((await jiraState()).property).toMatchObject({ revision: 1, interest: 'high' });
  });

  test('a save made on a form opened before the agreement was recorded and deleted is refused', async () => {
    await fresh();
    await ok('saveAgreement', save(0));
    await ok('deleteAgreement', remove(1));
    expect(await refused('saveAgreement', save(0))).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/was deleted after you opened it/),
    });
    expect(await held()).toEqual({ revision: null, state: null, labelled: false });
  });
});

describe('one revision, one change', () => {
  test('33 different changes sent at once on one revision: one is confirmed, and it is what Jira holds', async () => {
    await fresh({ jiraLatencyMs: 20, storeLatencyMs: 15 });
    await ok('saveAgreement', save(0));
    const requests: [string, unknown][] = [
      ['cancelAgreement', noted(1, writeId(), 'Not needed')],
      ['deleteAgreement', remove(1)],
      ['repayAgreement', noted(1)],
      ['reviewAgreement', noted(1)],
      ...Array.from({ length: 29 }, (_, i): [string, unknown] => [
        'saveAgreement',
        save(1, { ...AGREEMENT_TERMS, outcome: `Outcome ${i}` }),
      ]),
    ];
    const answers = await Promise.all(
      requests.map(([key, payload], i) => forge.invoke(key, payload, i % 2 === 0 ? 'acc-dev' : 'acc-lead')),
    );
    const confirmed = answers.filter((a) => answered.parse(a).ok);
    expect(confirmed).toHaveLength(1);
    const winner = writeResult.parse(z.object({ data: z.unknown() }).parse(confirmed[0]).data).written;
    const now = await held();
    if (winner.action === 'deleted') expect(now).toEqual({ revision: null, state: null, labelled: false });
    else expect(now.revision).toBe(winner.revision);
    expect(winner.revision).toBe(2);
  });
});

describe('a write id names one change', () => {
  beforeEach(() => fresh());

  test('the same id with the same request is the same write, done once', async () => {
    const payload = save(0);
    const first = await write('saveAgreement', payload);
    const again = await write('saveAgreement', payload);
    expect(first.written).toMatchObject({ action: 'created', revision: 1, repeated: false });
    expect(again.written).toMatchObject({ action: 'created', revision: 1, repeated: true });
    expect(again.view?.agreement?.history).toHaveLength(1);
  });

  test('"edit 2" sent with the id of "edit 1" is refused, and edit 1 stands', async () => {
    await ok('saveAgreement', save(0));
    const id = writeId();
    await ok('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'low' }, id));
    const edit2 = await refused('saveAgreement', save(1, { ...AGREEMENT_TERMS, interest: 'medium' }, id));
    expect(edit2).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/already used for a different change, so this one was not saved/),
    });
    expect((await jiraState()).property).toMatchObject({ revision: 2, interest: 'low' });
  });

  test('"Mark repaid" sent with the id of "Mark reviewed" is refused; the agreement stays open', async () => {
    await ok('saveAgreement', save(0));
    const id = writeId();
    await ok('reviewAgreement', noted(1, id));
    expect((await refused('repayAgreement', noted(1, id))).code).toBe('INVALID_INPUT');
    expect(await held()).toEqual({ revision: 2, state: 'open', labelled: true });
  });
});

describe('the answer to a write says what was written', () => {
  beforeEach(() => fresh());

  test('the panel failing to load again after a save: the save is confirmed, with no view', async () => {
    // The first permission read is the write's own check; the ones after it rebuild the panel.
    emulator.injectFaults(
      { status: 503, endpoint: 'GET /rest/api/3/mypermissions', after: 1 },
      ...Array.from({ length: 9 }, () => ({ status: 503, endpoint: 'GET /rest/api/3/mypermissions' })),
    );
    const saved = await write('saveAgreement', save(0));
    expect(saved).toMatchObject({
      written: {
        action: 'created',
        revision: 1,
        labelled: true,
        summary: expect.stringMatching(/^Recorded/),
      },
      view: null,
      viewProblem: expect.stringMatching(/mypermissions/),
    });
    expect(await held()).toEqual({ revision: 1, state: 'open', labelled: true });
  });

  test('a delete whose label cannot be taken off says so, and the panel offers to remove it', async () => {
    await ok('saveAgreement', save(0));
    emulator.injectFaults(
      ...Array.from({ length: 8 }, () => ({ status: 503, endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}' })),
    );
    const deleted = await write('deleteAgreement', remove(1));
    expect(deleted.written).toMatchObject({
      action: 'deleted',
      labelled: true,
      summary: expect.stringMatching(/label could not be taken off/),
    });
    expect(deleted.view).toMatchObject({ status: 'invalid', repair: 'remove-label' });
    expect(await held()).toEqual({ revision: null, state: null, labelled: true });
  });

  test('a property write Jira took but did not answer in time is confirmed, not reported as failed', async () => {
    const slow = realTimeForge(emulator, NOW, 3_000, forge.kvs);
    // The write lands, and its answer comes after the write's time: the app reads the property to know.
    emulator.injectFaults({
      status: 'late',
      endpoint: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      delayMs: 3_000,
    });
    const started = Date.now();
    const answer = z
      .object({ ok: z.literal(true), data: writeResult })
      .parse(await slow.invoke('saveAgreement', save(0), 'acc-dev'));
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(answer.data.written).toMatchObject({ action: 'created', revision: 1 });
    expect(await held()).toMatchObject({ revision: 1, state: 'open' });
    while (emulator.inFlight > 0) await wait(50);
  });
});

describe('storage that does not answer', () => {
  test('every resolver answers within its time, with a coded error where it needed storage', async () => {
    await fresh();
    const store = new KvsStore();
    const silent = realTimeForge(emulator, NOW, 2_000, store);
    store.injectFaults(...Array.from({ length: 500 }, () => ({ status: 'hang' as const })));
    const payloads = payloadsFor('AGPUSH', 'AGPUSH-57');
    const started = Date.now();
    const answers = await Promise.all(
      FUNCTION_KEYS.map(async (key) => {
        const answer = answered.parse(await silent.invoke(key, payloads[key], 'acc-lead'));
        return { key, answer, ms: Date.now() - started };
      }),
    );
    for (const { key, answer, ms } of answers) {
      expect({ key, within: ms < 3_000 }).toEqual({ key, within: true });
      if (!answer.ok)
        expect({ key, code: refusal.parse(answer).error.code }).not.toEqual({ key, code: 'INTERNAL' });
    }
    expect(answers.filter((a) => !a.answer.ok).length).toBeGreaterThan(10);
  });
});
