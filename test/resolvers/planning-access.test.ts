import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadDataset } from '../../src/local/dataset/load-dataset';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { EmulatedSite } from '../../src/local/emulator/site';
import { FIXTURES } from '../support/emulated-site';
import { virtualForge, type VirtualForge } from '../support/local-forge';

/**
 * Who sees a board (docs/planning.md#who-sees-what). Jira shows a board to whoever its filter is
 * shared with: board 219 of the Appcelerator archive is kept in DAEMON but its filter names ALOY
 * and TIMOB too, so Jira shows it to a person who may browse ALOY alone. The app tells that person
 * exactly what it tells of a board that does not exist, after the same calls, and does not list it.
 */

const COMPACT = path.join(FIXTURES, 'appcelerator', 'compact-sprints', 'issues-compact-sprints.jsonl.gz');
const NOW = Date.parse('2021-12-01T00:00:00Z');
const PEOPLE = [
  { accountId: 'acc-aloy', emailAddress: 'aloy@example.com', displayName: 'Al Loy', browse: ['ALOY'] },
  { accountId: 'acc-daemon', emailAddress: 'daemon@example.com', displayName: 'Dee Mon', browse: ['DAEMON'] },
];

let emulator: JiraEmulator;
let forge: VirtualForge;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-board-access-'));
  copyFileSync(COMPACT, path.join(dir, path.basename(COMPACT)));
  writeFileSync(path.join(dir, 'users.json'), JSON.stringify(PEOPLE));
  emulator = new JiraEmulator(new EmulatedSite(await loadDataset(dir, { keepRaw: true })), {
    clock: () => NOW,
  });
  forge = virtualForge(emulator, NOW);
});

/**
 * What the app answers, and the calls it made to Jira. Jira's own status of each call is left
 * out: Jira answers this person the board (they may ask Jira for it themselves); what the app
 * asks, and tells, must not differ.
 */
async function observe(key: string, payload: Record<string, unknown>, who: string, id: number) {
  const before = emulator.log.length;
  const answer = JSON.stringify(await forge.invoke(key, payload, who));
  return {
    answer: answer.split(String(id)).join('ID'),
    calls: emulator.log.slice(before).map((e) => `${e.method} ${e.endpoint}`),
  };
}

test('Jira shows board 219 to a person who may browse ALOY only; the app does not', async () => {
  // Jira's own answer: the board, with the space it is kept in.
  const aloy = emulator.userById('acc-aloy');
  if (aloy === undefined) throw new Error('no such person');
  const jira = await emulator.handle(
    { method: 'GET', path: '/rest/agile/1.0/board/219' },
    { kind: 'user', user: aloy },
  );
  expect(jira.status).toBe(200);
  expect(jira.body).toContain('DAEMON');

  for (const key of ['getPlan', 'getSprintHistory']) {
    const hidden = await observe(key, { boardId: 219 }, 'acc-aloy', 219);
    const absent = await observe(key, { boardId: 99_219 }, 'acc-aloy', 99_219);
    expect(hidden).toEqual(absent);
    expect(hidden.answer).not.toMatch(/DAEMON|Sprint|board 219/i);
  }
  const add = { sprintId: 1231, issueKey: 'ALOY-1', fromSprintId: null };
  expect(await observe('addToSprint', { boardId: 219, ...add }, 'acc-aloy', 219)).toEqual(
    await observe('addToSprint', { boardId: 99_219, ...add }, 'acc-aloy', 99_219),
  );
});

test("a space's boards are those kept in spaces the person may browse", async () => {
  const listed = (who: string) =>
    forge
      .invoke('listBoards', { projectKey: 'ALOY' }, who)
      .then((a) =>
        z
          .object({ ok: z.literal(true), data: z.object({ boards: z.array(z.object({ id: z.number() })) }) })
          .parse(a),
      );
  // Jira lists 219 for ALOY (its filter names ALOY); the app keeps it from who may not browse DAEMON.
  expect((await listed('acc-aloy')).data.boards.map((b) => b.id)).not.toContain(219);
  // The person who may browse DAEMON, and not ALOY, is told ALOY is not there at all.
  expect(JSON.stringify(await forge.invoke('listBoards', { projectKey: 'ALOY' }, 'acc-daemon'))).toContain(
    'No space ALOY exists, or you may not see it.',
  );
});

test('the person who may browse the space the board is kept in sees its plan', async () => {
  const seen = z
    .object({
      ok: z.literal(true),
      data: z.object({ board: z.object({ id: z.number(), spaceKey: z.string() }) }),
    })
    .parse(await forge.invoke('getPlan', { boardId: 219 }, 'acc-daemon'));
  expect(seen.data.board).toMatchObject({ id: 219, spaceKey: 'DAEMON' });
});
