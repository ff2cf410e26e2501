import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { FIXTURES } from '../support/emulated-site';
import { virtualForge } from '../support/local-forge';

/**
 * A closed sprint's scope at its start, reconstructed from the Sprint field's changelog of real
 * Cloud work items (the jirametrics sample: SP-13 and SP-14 joined "Scrum Sprint 3" before it
 * started on 2022-04-15, SP-15 on 2022-04-24), read through Jira's API as the person: the bulk
 * changelog of the sprint's members and of the board's work items changed since. The sample's
 * sprint is still running; here it is completed on its planned end through Jira's own update, and
 * one work item is taken out first, through Jira's own move.
 */

const SAMPLE = path.join(FIXTURES, 'jirametrics-sample', 'cloud-sp');
const ADMIN = {
  accountId: 'acc-admin',
  emailAddress: 'admin@example.com',
  displayName: 'Ada Admin',
  siteAdmin: true,
};
const mix = z.object({ total: z.number(), byType: z.record(z.string(), z.number()) });
const history = z.object({
  ok: z.literal(true),
  data: z.object({
    sprints: z.array(
      z.object({
        sprint: z.object({
          id: z.number(),
          name: z.string(),
          startDate: z.string(),
          completeDate: z.string(),
        }),
        source: z.string(),
        planned: mix,
        completed: mix,
        added: z.number(),
        removed: z.number(),
        notCompleted: z.number(),
      }),
    ),
  }),
});

test('planned at the start, added during, removed during, completed by the end', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-sp-scope-'));
  cpSync(SAMPLE, dir, { recursive: true });
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify([ADMIN]));
  const site = new EmulatedSite(await loadDataset(dir, { keepRaw: true }));
  let now = Date.parse('2022-04-25T10:00:00Z');
  const emulator = new JiraEmulator(site, { clock: () => now });
  const admin = emulator.userById('acc-admin');
  if (admin === undefined) throw new Error('no admin');
  const asAdmin = { kind: 'user' as const, user: admin };

  // SP-14 is taken out of the sprint a day before its end…
  const out = await emulator.handle(
    { method: 'POST', path: '/rest/agile/1.0/backlog/issue', body: JSON.stringify({ issues: ['SP-14'] }) },
    asAdmin,
  );
  expect(out.status).toBe(204);
  // …and the sprint is completed on its planned end.
  now = Date.parse('2022-04-26T16:51:00Z');
  const closed = await emulator.handle(
    { method: 'POST', path: '/rest/agile/1.0/sprint/3', body: JSON.stringify({ state: 'closed' }) },
    asAdmin,
  );
  expect(closed.status).toBe(200);

  now = Date.parse('2022-04-27T09:00:00Z');
  const later = virtualForge(emulator, now);
  const seen = history.parse(await later.invoke('getSprintHistory', { boardId: 2 }, 'acc-admin')).data;
  expect(seen.sprints).toHaveLength(1);
  const [sprint] = seen.sprints;
  expect(sprint?.sprint).toMatchObject({
    id: 3,
    name: 'Scrum Sprint 3',
    startDate: '2022-04-15',
    completeDate: '2022-04-26',
  });
  expect(sprint?.source).toBe('changelog');
  // SP-13 and SP-14 were in it when it started; SP-15 joined nine days later; SP-14 left.
  expect(sprint?.planned.total).toBe(2);
  expect(sprint?.added).toBe(1);
  expect(sprint?.removed).toBe(1);
  // SP-13 was done by the end; SP-15 was not.
  expect(sprint?.completed.total).toBe(1);
  expect(sprint?.notCompleted).toBe(1);
});
