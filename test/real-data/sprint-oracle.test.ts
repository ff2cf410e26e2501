import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { parseJiraDateTime } from '../../src/jira/datetime';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { virtualForge } from '../support/local-forge';

/**
 * The planned and completed mix of real sprints against tools/sprint-oracle.py, a second, plain
 * reading of docs/planning.md that counts the archive's lines itself: the "Alloy" board (124, one
 * space) and board 219 (ALOY, DAEMON and TIMOB work items), every closed sprint the view reads;
 * and the demo's running and planned Alloy sprints.
 */

const ROOT = path.join(__dirname, '..', '..');
const COMPACT = path.join(
  ROOT,
  'test',
  'fixtures',
  'appcelerator',
  'compact-sprints',
  'issues-compact-sprints.jsonl.gz',
);
const DEMO_ALOY = path.join(ROOT, 'demo', 'aloy.jsonl.gz');
const ADMIN = [
  { accountId: 'acc-admin', emailAddress: 'admin@example.com', displayName: 'Ada Admin', siteAdmin: true },
];

const mix = z.object({
  total: z.number(),
  byType: z.object({ feature: z.number(), defect: z.number(), risk: z.number(), debt: z.number() }),
});
const sprintRef = z.object({ id: z.number(), startDate: z.string().optional() });
const compactLine = z.object({
  key: z.string(),
  fields: z.object({
    created: z.string(),
    issuetype: z.object({ name: z.string() }),
    sprint: sprintRef.nullish(),
    closedSprints: z.array(sprintRef).nullish(),
  }),
});
const oracleSchema = z.record(
  z.string(),
  z.object({
    name: z.string(),
    state: z.string(),
    planned: mix,
    added: z.number(),
    completed: mix,
    notFlowItems: z.number(),
  }),
);

function oracle(file: string, board: number): z.infer<typeof oracleSchema> {
  return oracleSchema.parse(
    JSON.parse(
      execFileSync('python3', [path.join(ROOT, 'tools', 'sprint-oracle.py'), file, String(board)], {
        encoding: 'utf8',
      }),
    ),
  );
}

async function forgeOver(file: string, now: number): Promise<ReturnType<typeof virtualForge>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-sprints-'));
  copyFileSync(file, path.join(dir, path.basename(file)));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(ADMIN));
  const site = new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
  return virtualForge(new JiraEmulator(site, { clock: () => now }), now);
}

const history = z.object({
  ok: z.literal(true),
  data: z.object({
    sprints: z.array(
      z.object({
        sprint: z.object({ id: z.number(), name: z.string() }),
        source: z.string(),
        planned: mix,
        added: z.number(),
        completed: mix,
        notFlowItems: z.number(),
      }),
    ),
  }),
});

test.each([
  [124, 12],
  [219, 12],
])(
  'board %i: each closed sprint’s planned and completed mix equals the independent count',
  async (board, sprints) => {
    const forge = await forgeOver(COMPACT, Date.parse('2021-12-01T00:00:00Z'));
    const seen = history.parse(
      await forge.invoke('getSprintHistory', { boardId: board, sprints }, 'acc-admin'),
    ).data;
    const expected = oracle(COMPACT, board);
    expect(seen.sprints).toHaveLength(sprints);
    for (const s of seen.sprints) {
      const want = expected[String(s.sprint.id)];
      expect({
        sprint: s.sprint.name,
        planned: s.planned,
        added: s.added,
        completed: s.completed,
        notFlowItems: s.notFlowItems,
      }).toEqual({
        sprint: want?.name,
        planned: want?.planned,
        added: want?.added,
        completed: want?.completed,
        notFlowItems: want?.notFlowItems,
      });
      expect(s.source).toBe('final-membership');
    }
  },
);

test('the demo’s running and planned Alloy sprints: the planned mix equals the independent count', async () => {
  const forge = await forgeOver(DEMO_ALOY, Date.parse('2013-08-01T09:00:00Z'));
  const expected = oracle(DEMO_ALOY, 124);
  const plan = z.object({ ok: z.literal(true), data: z.object({ mix: z.object({ counts: mix }) }) });
  for (const sprintId of [234, 248]) {
    const seen = plan.parse(await forge.invoke('getPlan', { boardId: 124, sprintId }, 'acc-admin')).data;
    expect(seen.mix.counts).toEqual(expected[String(sprintId)]?.planned);
  }
});

test('a board over three spaces: each work item is classified by its own space’s rules', async () => {
  const forge = await forgeOver(COMPACT, Date.parse('2021-12-01T00:00:00Z'));
  const before = history.parse(
    await forge.invoke('getSprintHistory', { boardId: 219, sprints: 12 }, 'acc-admin'),
  ).data;
  // ALOY's team counts its improvements as debt; DAEMON and TIMOB keep the default rules.
  const saved = z.object({ ok: z.literal(true) }).safeParse(
    await forge.invoke(
      'saveSettings',
      {
        projectKey: 'ALOY',
        revision: 0,
        settings: { typeRules: [{ type: 'debt', labels: [], issueTypes: ['Improvement'] }] },
      },
      'acc-admin',
    ),
  );
  expect(saved.success).toBe(true);
  const after = history.parse(
    await forge.invoke('getSprintHistory', { boardId: 219, sprints: 12 }, 'acc-admin'),
  ).data;
  // The independent count: ALOY's flow items of work type Improvement in each sprint, from the lines.
  const lines = gunzipSync(readFileSync(COMPACT))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => compactLine.parse(JSON.parse(l)));
  let moved = 0;
  for (const [i, s] of after.sprints.entries()) {
    // In the sprint when it started: a member created before its start (the archive has no changelog).
    const improvements = lines.filter((l) => {
      const sprint = [...(l.fields.sprint ? [l.fields.sprint] : []), ...(l.fields.closedSprints ?? [])].find(
        (x) => x.id === s.sprint.id,
      );
      return (
        l.key.startsWith('ALOY-') &&
        l.fields.issuetype.name === 'Improvement' &&
        sprint?.startDate !== undefined &&
        (parseJiraDateTime(l.fields.created) ?? Infinity) <=
          (parseJiraDateTime(sprint.startDate) ?? -Infinity)
      );
    }).length;
    expect(s.planned.byType.debt).toBe(improvements);
    expect(s.planned.total).toBe(before.sprints[i]?.planned.total);
    moved += improvements;
  }
  // Not a vacuous check: some of these sprints hold ALOY improvements.
  expect(moved).toBeGreaterThan(0);
});

test('a Cloud board that estimates: its Story Points summed beside the count, the band still judged on the count', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-sp-'));
  const sample = path.join(ROOT, 'test', 'fixtures', 'jirametrics-sample', 'cloud-sp');
  const points = new Map<string, number>();
  for (const key of ['SP-1', 'SP-2', 'SP-10', 'SP-13', 'SP-14', 'SP-15']) {
    copyFileSync(path.join(sample, `${key}.json`), path.join(dir, `${key}.json`));
    const raw = z
      .object({ fields: z.object({ customfield_10036: z.number().nullish() }) })
      .parse(JSON.parse(readFileSync(path.join(sample, `${key}.json`), 'utf8')));
    if (raw.fields.customfield_10036 !== null && raw.fields.customfield_10036 !== undefined)
      points.set(key, raw.fields.customfield_10036);
  }
  copyFileSync(path.join(sample, 'statuses.json'), path.join(dir, 'statuses.json'));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(ADMIN));
  const now = Date.parse('2022-04-20T00:00:00Z');
  const site = new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
  const forge = virtualForge(new JiraEmulator(site, { clock: () => now }), now);
  const seen = z
    .object({
      ok: z.literal(true),
      data: z.object({
        mix: z.object({
          counts: mix,
          estimates: mix.extend({ unestimated: z.number(), field: z.string() }),
          items: z.array(z.object({ key: z.string(), estimate: z.number().nullable() })),
        }),
      }),
    })
    .parse(await forge.invoke('getPlan', { boardId: 2 }, 'acc-admin')).data;
  // "Scrum Sprint 3": SP-13, SP-14 and SP-15, estimated 13, 14 and 13 in the sample.
  expect(seen.mix.items.map((i) => [i.key, i.estimate])).toEqual(
    ['SP-13', 'SP-14', 'SP-15'].map((k) => [k, points.get(k) ?? null]),
  );
  expect(seen.mix.estimates).toEqual({
    field: 'Story Points',
    total: 40,
    byType: { feature: 40, defect: 0, risk: 0, debt: 0 },
    unestimated: 0,
  });
  expect(seen.mix.counts.total).toBe(3);
});
