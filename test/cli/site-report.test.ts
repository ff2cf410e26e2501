import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runEmulator } from '../../src/local/cli/emulator-command';
import { main } from '../../src/local/cli/main';
import type { CliIo } from '../../src/local/cli/io';
import { JiraEmulator } from '../../src/local/emulator/emulator';
import { startEmulatorServer, type RunningServer } from '../../src/local/emulator/http-server';
import { loadSite } from '../../src/local/emulator/load-site';
import { AEROGEAR_FILE, AGPUSH_FILE, USERS } from '../support/emulated-site';

/** The report read over HTTP from the emulator, as from a real site, agrees with the dataset file. */
let folder: string;
let server: RunningServer;

beforeAll(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-site-'));
  copyFileSync(AGPUSH_FILE, path.join(folder, 'agpush.json'));
  copyFileSync(AEROGEAR_FILE, path.join(folder, 'aerogear.json'));
  writeFileSync(path.join(folder, 'users.json'), JSON.stringify(USERS));
  const { site } = await loadSite(folder);
  server = await startEmulatorServer(new JiraEmulator(site), 0);
});

afterAll(async () => {
  await server.close();
});

async function run(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: folder, env };
  return { code: await main(argv, io), out, err };
}

const window = ['--project', 'AGPUSH', '--from', '2013-03-01', '--to', '2013-09-30', '--format', 'json'];

test('--site gives the same figures as --dataset', async () => {
  const fromSite = await run(['report', '--site', server.url, ...window], {
    JIRA_EMAIL: 'dev@example.com',
    JIRA_API_TOKEN: 'dev-token',
  });
  expect(fromSite.err).toBe('');
  expect(fromSite.code).toBe(0);
  const fromFile = await run(['report', '--dataset', folder, ...window]);
  expect(JSON.parse(fromSite.out)).toEqual(JSON.parse(fromFile.out));
});

test.each<[string, string[], number, RegExp]>([
  [
    'a user who may not browse the project',
    ['--email', 'outsider@example.com', '--token', 'outsider-token'],
    1,
    /Not found, or not visible to you: No project could be found with key 'AGPUSH'/,
  ],
  [
    'a wrong token',
    ['--email', 'dev@example.com', '--token', 'nope'],
    1,
    /Jira did not accept the credentials/,
  ],
  ['no account', [], 2, /--site needs an account/],
])('%s: one clear line, non-zero exit', async (_name, account, code, message) => {
  const r = await run(['report', '--site', server.url, ...window, ...account]);
  expect(r.code).toBe(code);
  expect(r.err).toMatch(message);
  expect(r.err.trim().split('\n')).toHaveLength(1);
});

test('a site that does not answer', async () => {
  const r = await run([
    'report',
    '--site',
    'http://127.0.0.1:9',
    ...window,
    '--email',
    'a@b.c',
    '--token',
    't',
  ]);
  expect(r.code).toBe(1);
  expect(r.err).toMatch(/^flow-ledger: error: http:\/\/127\.0\.0\.1:9: /);
}, 60_000);

test('the emulator command serves the dataset until stopped', async () => {
  let out = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: () => undefined, cwd: folder, env: {} };
  const started = await runEmulator(
    ['--dataset', folder, '--port', '0', '--clock', '2013-10-01T00:00:00Z'],
    io,
  );
  try {
    const url = /at (http:\/\/[^\s]+)/.exec(out)?.[1] ?? '';
    const me = await fetch(`${url}/rest/api/3/myself`, {
      headers: { authorization: `Basic ${Buffer.from('lead@example.com:lead-token').toString('base64')}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ emailAddress: 'lead@example.com' });
    const log = await fetch(`${url}/__emulator/log`);
    expect(await log.json()).toEqual({ 'GET /rest/api/3/myself': 1 });
    expect(out).toContain('376 issues in AEROGEAR, AGPUSH; clock 2013-10-01T00:00');
  } finally {
    await started.stop?.();
  }
});
