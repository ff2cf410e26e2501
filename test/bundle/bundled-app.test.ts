import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FUNCTION_KEYS, type FunctionKey } from '../../src/contract-table';
import { FACT_QUEUE_KEY } from '../../src/events/forge-fact-queue';
import { REFRESH_QUEUE_KEY } from '../../src/events/forge-refresh-queue';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { FLOW_LEDGER_APP } from '../../src/local/forge/flow-ledger-app';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { LocalForge, type ForgeApp } from '../../src/local/forge/local-forge';
import { bundledApp } from '../../src/local/forge/bundled-app';
import { windowJql } from '../../src/services/project-data';
import { payloadsFor } from '../support/contract-payloads';
import { siteBoards } from '../../src/local/emulator/site-boards';
import { emulatedSite, newEmulator } from '../support/emulated-site';

/**
 * What Forge runs is not src/: it is the webpack bundle `forge deploy` makes of it with
 * @forge/bundler. scripts/forge-bundle.js (a step of `npm test`) makes that bundle with the same
 * bundler; here it runs against the emulator beside the sources, call for call, on two sites built
 * alike. Every answer, every outcome and every stored value must be the same: a module that works
 * from source but not bundled (a dynamic require, a file read at run time, a package webpack
 * resolves to another build) fails here (docs/running-off-jira.md#forges-bundler).
 */

const ROOT = path.join(__dirname, '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'forge', 'index.cjs');
// The data's own time (AGPUSH's last activity is in 2016), frozen for both runs: answers carry
// the moment they were made (a save's time, a window's end), and both must carry the same.
const NOW = Date.parse('2016-10-12T12:00:00Z');
const EPIC = 'AGPUSH-57';

/** The manifest's handlers (`index.handler`, ...) by export name: the bundle must export each. */
function manifestExports(): string[] {
  const text = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
  return [...text.matchAll(/^\s+handler: index\.(\w+)$/gm)].map((m) => m[1] ?? '');
}

function loadBundle(): { app: ForgeApp; exported: string[] } {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: \`npm test\` makes it, or run \`node scripts/forge-bundle.js\``);
  }
  // Jest's own require, so that the bundle shares this test's global (where __forge_fetch__ is).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded: unknown = require(BUNDLE);
  const exported = Object.keys(z.record(z.string(), z.unknown()).parse(loaded));
  return { exported, app: bundledApp(loaded) };
}

interface Side {
  readonly forge: LocalForge;
  readonly emulator: JiraEmulator;
  readonly kvs: KvsStore;
  /** The events its consumers were handed, in order. */
  readonly events: { queue: string; event: unknown }[];
  readonly app: ForgeApp;
}

async function side(app: ForgeApp): Promise<Side> {
  const emulator = newEmulator(await emulatedSite(), { clock: () => NOW });
  const kvs = new KvsStore();
  const events: Side['events'] = [];
  const consumers = Object.fromEntries(
    Object.entries(app.consumers ?? {}).map(([queue, run]) => [
      queue,
      (event: unknown) => {
        events.push({ queue, event });
        return run(event);
      },
    ]),
  );
  const forge = new LocalForge({ kind: 'emulator', emulator }, kvs, app.handler, null, consumers);
  return { forge, emulator, kvs, events, app };
}

/** The epics the tests write to. */
const WRITTEN = ['AGPUSH-57', 'AGPUSH-60'];

/**
 * Everything a side has stored and done: Forge storage key by key; the written epics' properties
 * and labels in the emulated Jira; every Jira request with its caller and the issues it carried;
 * every event handed to a queue.
 */
function stored(s: Side): unknown {
  return {
    storage: Object.fromEntries(
      s.kvs
        .keys()
        .sort()
        .map((k) => [k, s.kvs.get(k)]),
    ),
    epics: WRITTEN.map((key) => {
      const issue = s.emulator.site.byKey.get(key);
      return { key, properties: Object.fromEntries(issue?.properties ?? []), labels: issue?.fields.labels };
    }),
    jira: s.emulator.log.map((e) => `${e.actor} ${e.method} ${e.endpoint} ${e.status} ${e.issues ?? ''}`),
    events: s.events,
  };
}

/** One call on both sides, each side's queue run dry after it, so that neither's events cross the other's call. */
async function both(key: FunctionKey, payload: unknown, accountId: string): Promise<unknown> {
  const fromSource = await source.forge.invoke(key, payload, { accountId });
  await source.forge.queue.idle();
  const fromBundle = await bundled.forge.invoke(key, payload, { accountId });
  await bundled.forge.queue.idle();
  expect({ key, accountId, answer: fromBundle }).toEqual({ key, accountId, answer: fromSource });
  return fromBundle;
}

function consumer<T>(functions: Readonly<Record<string, T>> | undefined, key: string): T {
  const run = functions?.[key];
  if (run === undefined) throw new Error(`the app has no function for ${key}`);
  return run;
}

let bundled: Side;
let source: Side;
let exported: string[];

beforeAll(async () => {
  // Only Date is frozen; timers run for real, as the stores' latency and the retries need them.
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  const loaded = loadBundle();
  exported = loaded.exported;
  bundled = await side(loaded.app);
  source = await side(FLOW_LEDGER_APP);
});

afterEach(() => {
  jest.setSystemTime(NOW);
});

afterAll(() => {
  jest.useRealTimers();
});

test("the bundle exports every handler manifest.yml names, and the source's own", () => {
  const named = manifestExports();
  expect(named.sort()).toEqual([
    'continueAgreementsRefresh',
    'fillFactCache',
    'handler',
    'refreshAgreementsDaily',
  ]);
  for (const name of named) expect(exported).toContain(name);
});

const writtenShape = z.looseObject({
  ok: z.literal(true),
  data: z.looseObject({ written: z.looseObject({ action: z.string(), revision: z.number() }) }),
});

/** The agreement writes, in an order in which each is allowed, and what each must answer it did. */
const WRITES: readonly [FunctionKey, string][] = [
  ['saveAgreement', 'created'],
  ['reviewAgreement', 'reviewed'],
  ['repayAgreement', 'repaid'],
  ['reopenAgreement', 'reopened'],
  ['cancelAgreement', 'cancelled'],
  ['reopenAgreement', 'reopened'],
  ['saveAgreement', 'edited'],
  ['deleteAgreement', 'deleted'],
];

/** The review functions, run in an order in which each is allowed (a start before a save, …). */
const REVIEW_KEYS: readonly FunctionKey[] = [
  'startReview',
  'getReview',
  'saveReview',
  'createDecisionItem',
  'listReviews',
  'deleteReview',
];

test('every function of the contract answers the same bundled as from source, as two users', async () => {
  // AGPUSH plans on the Kanban board Jira makes for a space without sprints (site-boards.ts).
  const board = siteBoards(source.emulator.site).boards.find((b) => b.location.key === 'AGPUSH');
  const payloads = payloadsFor('AGPUSH', EPIC, board?.id);
  const called = new Set<FunctionKey>();
  const writeKeys = new Set<FunctionKey>([...WRITES.map(([key]) => key), ...REVIEW_KEYS]);
  // A stream is made first and deleted last, each user their own.
  const streamFirst = (k: FunctionKey): number => (k === 'saveStream' ? -1 : k === 'deleteStream' ? 1 : 0);
  for (const accountId of ['acc-admin', 'acc-dev']) {
    const keys = FUNCTION_KEYS.filter((k) => !writeKeys.has(k)).sort(
      (a, b) => streamFirst(a) - streamFirst(b),
    );
    for (const key of keys) {
      const payload =
        key.includes('Stream') && key !== 'listStreams'
          ? { ...z.looseObject({}).parse(payloads[key]), streamId: `stream-of-${accountId}` }
          : payloads[key];
      const answer = await both(key, payload, accountId);
      called.add(key);
      // What a developer of AGPUSH may not do, and the repair an intact agreement does not need.
      // A Kanban board has no sprints: nothing to add to, no closed sprint to read.
      const refused =
        key === 'repairAgreement' ||
        (key === 'saveSettings' && accountId === 'acc-dev') ||
        key === 'addToSprint' ||
        key === 'getSprintHistory';
      expect({ key, accountId, ok: z.looseObject({ ok: z.boolean() }).parse(answer).ok }).toEqual({
        key,
        accountId,
        ok: !refused,
      });
    }
  }
  // A review of each user's own, through every review function, each on the revision the last wrote.
  for (const accountId of ['acc-admin', 'acc-dev']) {
    const reviewId = `review-of-${accountId}`;
    const saved = z.looseObject({ ok: z.literal(true), data: z.looseObject({ revision: z.number() }) });
    const started = saved.parse(
      await both('startReview', { reviewId, projectKey: 'AGPUSH' }, accountId),
    ).data;
    saved.parse(await both('getReview', { reviewId }, accountId));
    const content = {
      observations: 'A probe',
      decisions: [{ id: 'probe-decision-1', text: 'A probe decision' }],
    };
    const edited = saved.parse(
      await both('saveReview', { reviewId, revision: started.revision, content }, accountId),
    ).data;
    expect(edited.revision).toBe(started.revision + 1);
    const made = saved.parse(
      await both(
        'createDecisionItem',
        { reviewId, decisionId: 'probe-decision-1', projectKey: 'AGPUSH', writeId: `write-of-${accountId}` },
        accountId,
      ),
    ).data;
    await expect(both('listReviews', { projectKey: 'AGPUSH' }, accountId)).resolves.toMatchObject({
      ok: true,
      data: { reviews: [{ id: reviewId }] },
    });
    await expect(
      both('deleteReview', { reviewId, revision: made.revision, confirm: true }, accountId),
    ).resolves.toMatchObject({ ok: true });
    for (const key of REVIEW_KEYS) called.add(key);
  }
  // Every write path, each its own change on the revision the last one wrote.
  let revision = 0;
  for (const [i, [key, action]] of WRITES.entries()) {
    const given = z.looseObject({ terms: z.looseObject({}).optional() }).parse(payloads[key]);
    // The second save changes the terms, so that it is an edit rather than a save of the same.
    const terms =
      given.terms === undefined ? {} : { terms: { ...given.terms, impact: `Impact, write ${i}` } };
    const payload = { ...given, ...terms, revision, writeId: `bundle-write-${i}` };
    const written = writtenShape.parse(await both(key, payload, 'acc-admin')).data.written;
    expect({ key, action: written.action }).toEqual({ key, action });
    revision = written.revision;
    called.add(key);
  }
  // And a write refused: the deleted agreement's old revision, from the other user.
  const stale = {
    ...z.looseObject({}).parse(payloads.reviewAgreement),
    revision: 1,
    writeId: 'bundle-stale',
  };
  await expect(both('reviewAgreement', stale, 'acc-dev')).resolves.toMatchObject({
    ok: false,
    error: { code: 'CONFLICT' },
  });
  expect([...called].sort()).toEqual([...FUNCTION_KEYS].sort());
  expect(stored(bundled)).toEqual(stored(source));
});

test('a save, then the write answers and the register, the same bundled as from source', async () => {
  // AGPUSH-60, an epic the contract probe above left alone.
  const save = payloadsFor('AGPUSH', 'AGPUSH-60').saveAgreement;
  const saved = await bundled.forge.invoke('saveAgreement', save, { accountId: 'acc-admin' });
  const fromSource = await source.forge.invoke('saveAgreement', save, { accountId: 'acc-admin' });
  expect(saved).toEqual(fromSource);
  expect(saved).toMatchObject({ ok: true });
  const register = await bundled.forge.invoke(
    'listAgreements',
    { projectKeys: ['AGPUSH'] },
    { accountId: 'acc-dev' },
  );
  expect(register).toEqual(
    await source.forge.invoke('listAgreements', { projectKeys: ['AGPUSH'] }, { accountId: 'acc-dev' }),
  );
  expect(stored(bundled)).toEqual(stored(source));
});

test('the daily trigger and the refresh consumer run bundled as from source', async () => {
  // Forty days on, AGPUSH-60's 30-day review has come due: the daily run writes its new status.
  jest.setSystemTime(NOW + 40 * 86_400_000);
  const daily = await bundled.forge.runAsApp(() => consumer(bundled.app.scheduled, 'refresh-agreements')());
  expect(daily).toEqual(
    await source.forge.runAsApp(() => consumer(FLOW_LEDGER_APP.scheduled, 'refresh-agreements')()),
  );
  expect(daily).toMatchObject({ scanned: 1, refreshed: 1, failed: [] });
  const refresh = consumer(bundled.app.consumers, REFRESH_QUEUE_KEY);
  const sourceRefresh = consumer(FLOW_LEDGER_APP.consumers, REFRESH_QUEUE_KEY);
  const epicIds = ['AGPUSH-57', 'AGPUSH-60'].map(
    (key) => bundled.emulator.site.byKey.get(key)?.parsed.id ?? key,
  );
  const event = { body: { kind: 'refresh-agreements', at: Date.now(), epicIds } };
  const consumed = await bundled.forge.runAsApp(() => refresh(event));
  expect(consumed).toEqual(await source.forge.runAsApp(() => sourceRefresh(event)));
  expect(consumed).toMatchObject({ scanned: 2, failed: [] });
  expect(stored(bundled)).toEqual(stored(source));
});

test("the fact cache's consumer fills the same cache bundled as from source, and a load then reads it", async () => {
  const project = bundled.emulator.site.projects.find((p) => p.key === 'AGPUSH');
  if (project === undefined) throw new Error('no AGPUSH');
  // The job a load too big for one call hands to the queue (window-read.ts ensureJob).
  const event = {
    body: {
      projectId: project.id,
      projectKey: 'AGPUSH',
      jql: windowJql({ id: project.id, key: 'AGPUSH' }, '2013-01-01'),
      flaggedFieldId: null,
      startedAt: NOW,
    },
  };
  const fill = consumer(bundled.app.consumers, FACT_QUEUE_KEY);
  const sourceFill = consumer(FLOW_LEDGER_APP.consumers, FACT_QUEUE_KEY);
  await expect(bundled.forge.runAsApp(() => fill(event))).resolves.toBe('done');
  await expect(source.forge.runAsApp(() => sourceFill(event))).resolves.toBe('done');
  expect(stored(bundled)).toEqual(stored(source));
  const flow = { projectKey: 'AGPUSH', from: '2013-01-01', to: '2016-10-01' };
  const answer = await bundled.forge.invoke('getProjectFlow', flow, { accountId: 'acc-dev' });
  expect(answer).toEqual(await source.forge.invoke('getProjectFlow', flow, { accountId: 'acc-dev' }));
  expect(answer).toMatchObject({ ok: true });
});
