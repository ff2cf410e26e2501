import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { MAX_PLAN_ITEMS } from '../../src/services/plan-service';
import { AGPUSH_FILE, FIXTURES } from '../support/emulated-site';
import { virtualForge } from '../support/local-forge';

/**
 * A sprint of 2 000 work items, the most one plan reads, and one more: the Appcelerator archive's
 * ALOY, DAEMON and TIMOB work items and AGPUSH's, moved into board 219's running sprint through
 * Jira's own move, 50 at a time; the plan reads them in pages of 100, side by side.
 */

const COMPACT = path.join(FIXTURES, 'appcelerator', 'compact-sprints', 'issues-compact-sprints.jsonl.gz');
const NOW = Date.parse('2021-12-01T00:00:00Z');
const BOARD = 219;
const SPRINT = 1231;
const ADMIN = {
  accountId: 'acc-admin',
  emailAddress: 'admin@example.com',
  displayName: 'Ada Admin',
  siteAdmin: true,
};

const plan = z.object({
  ok: z.literal(true),
  data: z.object({
    mix: z.object({
      counts: z.object({ total: z.number() }),
      notFlowItems: z.number(),
      truncated: z.boolean(),
      items: z.array(z.object({ key: z.string() })),
    }),
  }),
});

test('2 000 work items are read whole, in pages of 100; 2 001 are read to 2 000, in rank order, and the plan says so', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-big-sprint-'));
  for (const f of [COMPACT, AGPUSH_FILE]) copyFileSync(f, path.join(dir, path.basename(f)));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify([ADMIN]));
  const site = new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
  const emulator = new JiraEmulator(site, { clock: () => NOW });
  const forge = virtualForge(emulator, NOW);
  const admin = emulator.userById('acc-admin');
  if (admin === undefined) throw new Error('no admin');

  const membersNow = async (): Promise<number> => {
    const r = await emulator.handle(
      { method: 'GET', path: `/rest/agile/1.0/sprint/${SPRINT}/issue?maxResults=1&fields=summary` },
      { kind: 'user', user: admin },
    );
    return z.object({ total: z.number() }).parse(JSON.parse(r.body)).total;
  };
  const move = async (keys: readonly string[]): Promise<void> => {
    for (let i = 0; i < keys.length; i += 50) {
      const r = await emulator.handle(
        {
          method: 'POST',
          path: `/rest/agile/1.0/sprint/${SPRINT}/issue`,
          body: JSON.stringify({ issues: keys.slice(i, i + 50) }),
        },
        { kind: 'user', user: admin },
      );
      expect(r.status).toBe(204);
    }
  };
  const outside = site.issues.map((i) => i.key);
  const start = await membersNow();
  const candidates = outside.slice(0, MAX_PLAN_ITEMS + 40);
  await move(candidates.slice(0, MAX_PLAN_ITEMS - start));
  expect(await membersNow()).toBe(MAX_PLAN_ITEMS);

  emulator.clearLog();
  const whole = plan.parse(
    await forge.invoke('getPlan', { boardId: BOARD, sprintId: SPRINT }, 'acc-admin'),
  ).data;
  expect(whole.mix.counts.total + whole.mix.notFlowItems).toBe(MAX_PLAN_ITEMS);
  expect(whole.mix.truncated).toBe(false);
  // What it cost: the sprint's work items in 20 pages of 100.
  expect(emulator.counts()['GET /rest/agile/1.0/sprint/{sprintId}/issue']).toBe(MAX_PLAN_ITEMS / 100);

  await move(candidates.slice(MAX_PLAN_ITEMS - start, MAX_PLAN_ITEMS - start + 1));
  const more = plan.parse(
    await forge.invoke('getPlan', { boardId: BOARD, sprintId: SPRINT }, 'acc-admin'),
  ).data;
  expect(more.mix.truncated).toBe(true);
  expect(more.mix.counts.total + more.mix.notFlowItems).toBe(MAX_PLAN_ITEMS);

  // Completed, the sprint's history reads it to 2 000 too, and says so.
  const closed = await emulator.handle(
    { method: 'POST', path: `/rest/agile/1.0/sprint/${SPRINT}`, body: JSON.stringify({ state: 'closed' }) },
    { kind: 'user', user: admin },
  );
  expect(closed.status).toBe(200);
  const history = z
    .object({
      ok: z.literal(true),
      data: z.object({ truncated: z.boolean(), sprints: z.array(z.unknown()) }),
    })
    .parse(await forge.invoke('getSprintHistory', { boardId: BOARD, sprints: 1 }, 'acc-admin')).data;
  expect(history.sprints).toHaveLength(1);
  expect(history.truncated).toBe(true);
});
