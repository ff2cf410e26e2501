import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { JiraEmulator } from '../../src/local/emulator/emulator';
import { KvsStore } from '../../src/local/forge/kvs-store';
import { VALUE_STREAM_ENTITY } from '../../src/storage/entities';
import { AGREEMENT_TERMS } from '../support/agreement-calls';
import { AEROGEAR_FILE, AGPUSH_FILE, newEmulator, sixSpaceSite } from '../support/emulated-site';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { computeReportOfParts } from '../../src/domain/flow-report';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * A stream's figures (docs/value-streams.md): a stream of one space is that space's page, exactly;
 * in a stream of two, each work item counts as its own space's rules say; a reader sees the spaces
 * they may browse and a count of the others, and nothing of them: the answers are byte for byte
 * those for a stream whose other spaces do not exist.
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
    accountId: 'acc-viewer',
    emailAddress: 'viewer@example.com',
    displayName: 'Vic Viewer',
    apiToken: 't',
    browse: ['AGPUSH', 'AEROGEAR', 'ZMETRIC'],
  },
  {
    accountId: 'acc-dev',
    emailAddress: 'dev@example.com',
    displayName: 'Dev Eloper',
    apiToken: 't',
    browse: ['K5'],
  },
];
const WINDOW = { from: '2013-02-01', to: '2013-07-31' };

let emulator: JiraEmulator;

beforeAll(async () => {
  emulator = newEmulator(await sixSpaceSite(PEOPLE), { clock: () => NOW });
});

const byType = z.object({ feature: z.number(), defect: z.number(), risk: z.number(), debt: z.number() });
const report = z.looseObject({
  velocity: z.object({ total: z.number(), byType }),
  targets: z.array(z.looseObject({ type: z.string() })),
});
const flowAnswer = z.object({
  ok: z.literal(true),
  data: z.looseObject({
    status: z.literal('ready'),
    report,
    issuesRead: z.number(),
    teams: z
      .array(
        z.looseObject({
          space: z.looseObject({ key: z.string() }),
          figures: z.looseObject({ velocity: z.unknown(), debt: z.unknown() }),
        }),
      )
      .optional(),
    unavailable: z.number().optional(),
  }),
});
const rowsAnswer = z.object({
  ok: z.literal(true),
  data: z.object({
    rows: z.array(z.looseObject({ key: z.string(), type: z.string(), space: z.string().optional() })),
  }),
});

/** A flow answer (a project's or a stream's), checked to be ready. */
const flowOf = (answer: unknown): z.infer<typeof flowAnswer>['data'] => flowAnswer.parse(answer).data;
const rowsOf = (answer: unknown): z.infer<typeof rowsAnswer>['data']['rows'] =>
  rowsAnswer.parse(answer).data.rows;

async function stream(
  forge: VirtualForge,
  id: string,
  spaceKeys: string[],
  extra: object = {},
): Promise<void> {
  const saved = await forge.invoke('saveStream', {
    streamId: id,
    revision: 0,
    stream: { name: id, spaceKeys, ...extra },
  });
  expect(saved).toMatchObject({ ok: true });
}

test('a stream of one space equals its project page, figure for figure', async () => {
  const forge = virtualForge(emulator, NOW);
  await stream(forge, 'stream-one-00001', ['AGPUSH']);
  for (const trendPeriod of ['week', 'month'] as const) {
    const page = flowOf(
      await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH', ...WINDOW, trendPeriod }),
    );
    const flow = flowOf(
      await forge.invoke('getStreamFlow', { streamId: 'stream-one-00001', ...WINDOW, trendPeriod }),
    );
    expect({ ...flow.report, project: 'AGPUSH' }).toEqual(page.report);
    expect(flow.issuesRead).toBe(page.issuesRead);
    const [team] = flow.teams ?? [];
    expect(team?.figures.velocity).toEqual(page.report.velocity);
    expect(team?.figures.debt).toEqual(page.report.targets.find((t) => t.type === 'debt'));
  }
  const pageRows = rowsOf(await forge.invoke('getProjectItems', { projectKey: 'AGPUSH', ...WINDOW }));
  const streamRows = rowsOf(
    await forge.invoke('getStreamItems', { streamId: 'stream-one-00001', ...WINDOW }),
  );
  expect(streamRows).toEqual(pageRows.map((r) => ({ ...r, space: 'AGPUSH' })));
});

test("a stream of one space has that space's months, where work waits and each team's debt", async () => {
  const forge = virtualForge(emulator, NOW);
  await stream(forge, 'stream-months-001', ['AGPUSH']);
  const months = z.object({
    ok: z.literal(true),
    data: z.looseObject({
      status: z.literal('ready'),
      periods: z.array(z.looseObject({ label: z.string(), debtShare: z.number().nullable() })),
      trends: z.array(z.unknown()),
      waits: z.looseObject({ items: z.number(), steps: z.array(z.unknown()) }),
    }),
  });
  const space = months.parse(await forge.invoke('getFlowPeriods', { projectKey: 'AGPUSH' })).data;
  const answer = months
    .extend({
      data: months.shape.data.extend({
        teams: z.array(z.looseObject({ figures: z.looseObject({ debt: z.unknown() }) })),
      }),
    })
    .parse(await forge.invoke('getStreamPeriods', { streamId: 'stream-months-001' })).data;
  expect([answer.periods, answer.trends, answer.waits]).toEqual([space.periods, space.trends, space.waits]);
  expect(answer.waits.items).toBeGreaterThan(0);
  const july = flowOf(
    await forge.invoke('getProjectFlow', { projectKey: 'AGPUSH', from: '2013-07-01', to: '2013-07-31' }),
  );
  expect(answer.teams[0]?.figures.debt).toEqual(july.report.targets.find((t) => t.type === 'debt'));
});

test("a stream's register is its spaces' registers, and each team's minimum payments its own", async () => {
  const forge = virtualForge(emulator, NOW);
  // One agreement on an AGPUSH epic, recorded as the panel records it.
  const saved = await forge.invoke('saveAgreement', {
    issueKey: 'AGPUSH-57',
    revision: 0,
    writeId: 'stream-register-0001',
    terms: AGREEMENT_TERMS,
  });
  expect(saved).toMatchObject({ ok: true });
  await stream(forge, 'stream-debt-0001', ['AGPUSH', 'AEROGEAR']);
  const answer = z
    .object({
      ok: z.literal(true),
      data: z.looseObject({
        rows: z.array(z.looseObject({ key: z.string() })),
        teams: z.array(z.looseObject({ space: z.looseObject({ key: z.string() }), ledger: z.unknown() })),
        unavailable: z.number(),
      }),
    })
    .parse(await forge.invoke('listStreamAgreements', { streamId: 'stream-debt-0001' })).data;
  const own = z
    .object({ ok: z.literal(true), data: z.looseObject({ rows: z.array(z.unknown()), ledger: z.unknown() }) })
    .parse(await forge.invoke('listAgreements', { projectKeys: ['AGPUSH'] })).data;
  const both = z
    .object({ ok: z.literal(true), data: z.looseObject({ rows: z.array(z.unknown()) }) })
    .parse(await forge.invoke('listAgreements', { projectKeys: ['AGPUSH', 'AEROGEAR'] })).data;
  expect(answer.rows.map((r) => r.key)).toEqual(['AGPUSH-57']);
  expect(answer.rows).toEqual(both.rows);
  expect(answer.teams.map((t) => t.space.key)).toEqual(['AGPUSH', 'AEROGEAR']);
  expect(answer.teams[0]?.ledger).toEqual(own.ledger);
  expect(answer.unavailable).toBe(0);
});

test('a stream of two spaces reads the same from the dataset files as over REST', async () => {
  const forge = virtualForge(emulator, NOW);
  await stream(forge, 'stream-files-001', ['AGPUSH', 'AEROGEAR']);
  const overRest = flowOf(await forge.invoke('getStreamFlow', { streamId: 'stream-files-001', ...WINDOW }));
  // The same two files in one folder, read by the dataset loader as `flow-ledger report --dataset`
  // reads a folder: its status list is the folder's, as the site's is.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-stream-files-'));
  for (const f of [AGPUSH_FILE, AEROGEAR_FILE]) copyFileSync(f, path.join(dir, path.basename(f)));
  const dataset = await loadDataset(dir);
  const parts = ['AGPUSH', 'AEROGEAR'].map((key) => ({
    items: dataset.items.filter((i) => i.projectKey === key),
    statuses: dataset.statuses,
    settings: DEFAULT_SETTINGS,
  }));
  const fromFiles = computeReportOfParts(
    { project: 'stream-files-001', window: { ...WINDOW, asOf: undefined }, settings: DEFAULT_SETTINGS },
    parts,
  );
  // Every figure agrees. Of the findings, only one describes the source rather than the work: a
  // status the files name only in changelogs has its category inferred from its name, where Jira
  // gives every status its category (as test/cli/same-figures.test.ts allows for spaces).
  const apart = (findings: readonly { code: string }[]): unknown =>
    findings.filter((f) => f.code !== 'INFERRED_STATUS');
  const rest = z
    .looseObject({ dataQuality: z.array(z.looseObject({ code: z.string() })) })
    .parse(overRest.report);
  expect({ ...rest, dataQuality: apart(rest.dataQuality) }).toEqual(
    z
      .unknown()
      .parse(JSON.parse(JSON.stringify({ ...fromFiles, dataQuality: apart(fromFiles.dataQuality) }))),
  );
});

test('in a stream of two spaces, each work item counts as its own space says', async () => {
  const forge = virtualForge(emulator, NOW);
  // AGPUSH calls its Tasks debt; AEROGEAR keeps the defaults, under which a Task is a Feature.
  const settings = await forge.invoke('saveSettings', {
    projectKey: 'AGPUSH',
    revision: 0,
    settings: {
      typeRules: [
        { type: 'debt', issueTypes: ['Task'] },
        { type: 'defect', issueTypes: ['Bug'] },
      ],
    },
  });
  expect(settings).toMatchObject({ ok: true });
  await stream(forge, 'stream-two-00001', ['AGPUSH', 'AEROGEAR']);
  const flow = flowOf(await forge.invoke('getStreamFlow', { streamId: 'stream-two-00001', ...WINDOW }));
  const rows = rowsOf(await forge.invoke('getStreamItems', { streamId: 'stream-two-00001', ...WINDOW }));
  const velocity = { feature: 0, defect: 0, risk: 0, debt: 0 };
  for (const key of ['AGPUSH', 'AEROGEAR']) {
    const page = flowOf(await forge.invoke('getProjectFlow', { projectKey: key, ...WINDOW }));
    const own = rowsOf(await forge.invoke('getProjectItems', { projectKey: key, ...WINDOW }));
    expect(rows.filter((r) => r.space === key).map((r) => [r.key, r.type])).toEqual(
      own.map((r) => [r.key, r.type]),
    );
    for (const t of ['feature', 'defect', 'risk', 'debt'] as const)
      velocity[t] += page.report.velocity.byType[t];
  }
  expect(flow.report.velocity.byType).toEqual(velocity);
  // The rules differ where it shows: some AGPUSH Task is debt, and some AEROGEAR Task a feature.
  expect(rows.some((r) => r.space === 'AGPUSH' && r.type === 'debt')).toBe(true);
  expect(flow.teams).toMatchObject([
    { space: { key: 'AGPUSH' }, usesDefaults: false },
    { space: { key: 'AEROGEAR' }, usesDefaults: true },
  ]);
});

/** What a reader is answered, and the Jira requests behind it, sorted (reads run side by side). */
async function seen(
  forge: VirtualForge,
  who: string,
  key: string,
  payload: object,
  site = emulator,
): Promise<{ answer: string; jira: string[] }> {
  const before = site.log.length;
  const answer = JSON.stringify(await forge.invoke(key, payload, who));
  const jira = site.log.slice(before).map((e) => `${e.method} ${e.endpoint} ${e.status}`);
  return { answer, jira: jira.sort() };
}

test('a reader of 3 of 5 spaces sees those 3 and a count of 2, as if the 2 did not exist', async () => {
  const five = ['AGPUSH', 'AEROGEAR', 'ZMETRIC', 'DAEMON', 'EE'];
  const real = virtualForge(emulator, NOW);
  await stream(real, 'stream-five-0001', five);
  // The same stream, in another installation, whose last two spaces are ids no space has.
  const ghost = virtualForge(emulator, NOW, new KvsStore());
  const entity = real.kvs.entity(VALUE_STREAM_ENTITY.name, 'stream-five-0001');
  const ids = five.map((k) => emulator.site.projects.find((p) => p.key === k)?.id ?? k);
  let text = JSON.stringify(entity);
  text = text.replace(`"${ids[3] ?? ''}"`, '"99000001"').replace(`"${ids[4] ?? ''}"`, '"99000002"');
  await ghost.kvs.handle(
    '/api/v1/entity/set',
    JSON.stringify({
      entityName: VALUE_STREAM_ENTITY.name,
      key: 'stream-five-0001',
      value: z.unknown().parse(JSON.parse(text)),
    }),
  );
  // An administrator has loaded both: the real stream's caches hold all five spaces.
  for (const forge of [real, ghost]) {
    await forge.invoke('getStreamFlow', { streamId: 'stream-five-0001', ...WINDOW }, 'acc-admin');
    await forge.invoke('getStreamItems', { streamId: 'stream-five-0001', ...WINDOW }, 'acc-admin');
  }
  const asks: [string, object][] = [
    ['listStreams', {}],
    ['getStream', { streamId: 'stream-five-0001' }],
    ['getStreamFlow', { streamId: 'stream-five-0001', ...WINDOW }],
    ['getStreamFlow', { streamId: 'stream-five-0001', ...WINDOW, trendPeriod: 'month' }],
    ['getStreamItems', { streamId: 'stream-five-0001', ...WINDOW }],
    ['listStreamAgreements', { streamId: 'stream-five-0001' }],
    ['getStreamPeriods', { streamId: 'stream-five-0001' }],
  ];
  for (const [key, payload] of asks) {
    const there = await seen(real, 'acc-viewer', key, payload);
    const none = await seen(ghost, 'acc-viewer', key, payload);
    expect({ key, ...there }).toEqual({ key, ...none });
    for (const secret of [
      '"DAEMON',
      '"EE',
      'DAEMON-',
      'EE-',
      'Appcelerator Daemon',
      'Enterprise Edition',
      ids[3],
      ids[4],
    ])
      expect({ key, secret, told: there.answer.includes(secret ?? '') }).toEqual({
        key,
        secret,
        told: false,
      });
  }
  const flow = flowOf(
    await real.invoke('getStreamFlow', { streamId: 'stream-five-0001', ...WINDOW }, 'acc-viewer'),
  );
  expect((flow.teams ?? []).map((t) => t.space.key)).toEqual(['AGPUSH', 'AEROGEAR', 'ZMETRIC']);
  expect(flow.unavailable).toBe(2);
  // A team of the stream the reader may not browse reads as a space that does not exist.
  const hiddenTeam = await seen(real, 'acc-viewer', 'getStreamItems', {
    streamId: 'stream-five-0001',
    spaceKey: 'DAEMON',
  });
  const noTeam = await seen(real, 'acc-viewer', 'getStreamItems', {
    streamId: 'stream-five-0001',
    spaceKey: 'NOSUCH',
  });
  expect(hiddenTeam.answer.replaceAll('DAEMON', 'KEY')).toBe(noTeam.answer.replaceAll('NOSUCH', 'KEY'));
  expect(hiddenTeam.jira).toEqual(noTeam.jira);
});

test('a stream whose spaces are all hidden reads as empty, not as an error', async () => {
  const forge = virtualForge(emulator, NOW);
  await stream(forge, 'stream-hide-0001', ['AGPUSH', 'DAEMON']);
  const flow = flowOf(
    await forge.invoke('getStreamFlow', { streamId: 'stream-hide-0001', ...WINDOW }, 'acc-dev'),
  );
  expect(flow).toMatchObject({ status: 'ready', teams: [], unavailable: 2, issuesRead: 0 });
  expect(flow.report.velocity.total).toBe(0);
  expect(rowsOf(await forge.invoke('getStreamItems', { streamId: 'stream-hide-0001' }, 'acc-dev'))).toEqual(
    [],
  );
});

test('a stream too big for one call continues in the consumer with progress, then answers', async () => {
  const admin = virtualForge(emulator, NOW);
  await stream(admin, 'stream-big-00001', ['AGPUSH', 'AEROGEAR', 'ZMETRIC']);
  const expected = flowOf(await admin.invoke('getStreamFlow', { streamId: 'stream-big-00001', ...WINDOW }));
  // The same stream in a cold installation whose calls may fetch 180 facts: any one of its spaces
  // would fit (176 at most), all three would not; the budget is the stream's, 60 for each.
  const forge = virtualForge(emulator, NOW, new KvsStore(), 180);
  await stream(forge, 'stream-big-00001', ['AGPUSH', 'AEROGEAR', 'ZMETRIC']);
  const first = z
    .object({
      ok: z.literal(true),
      data: z.object({
        status: z.literal('refreshing'),
        stream: z.object({ id: z.string(), name: z.string() }),
        progress: z.object({ done: z.number(), total: z.number() }),
        startedAt: z.string(),
      }),
    })
    .parse(await forge.invoke('getStreamFlow', { streamId: 'stream-big-00001', ...WINDOW })).data;
  expect(first.progress.total).toBe(expected.issuesRead);
  expect(first.progress.done).toBeLessThan(first.progress.total);
  await forge.forge.queue.idle();
  expect(forge.forge.queue.failures).toEqual([]);
  const ready = flowOf(await forge.invoke('getStreamFlow', { streamId: 'stream-big-00001', ...WINDOW }));
  expect(ready.report).toEqual(expected.report);
});

test('warm, a stream of spaces asks Jira for each space its ids and what changed, no more', async () => {
  // After the data's last change, so that nothing has changed since the cold load.
  const later = Date.parse('2026-12-01T12:00:00Z');
  const site = newEmulator(await sixSpaceSite(PEOPLE), { clock: () => later });
  const forge = virtualForge(site, later);
  await stream(forge, 'stream-warm-0001', ['AGPUSH', 'AEROGEAR', 'ZMETRIC']);
  const payload = { streamId: 'stream-warm-0001', from: '2013-01-01', to: '2016-09-30' };
  const cold = await seen(forge, 'acc-admin', 'getStreamFlow', payload, site);
  const warm = await seen(forge, 'acc-admin', 'getStreamFlow', payload, site);
  expect(warm.answer).toBe(cold.answer);
  // Each space's window holds fewer than 5 000 ids: one page of ids and one search for changes,
  // beside the list of the reader's spaces.
  const searches = warm.jira.filter((e) => e.includes('/search/jql'));
  expect(searches.length).toBeLessThanOrEqual(3 * 2);
  expect(warm.jira.filter((e) => e.includes('changelog')).length).toBe(0);
  expect(warm.jira.length).toBeLessThanOrEqual(3 * 2 + 1);
  expect(cold.jira.length).toBeGreaterThan(warm.jira.length);
});
