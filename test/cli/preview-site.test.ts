import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FLOW_LEDGER_APP } from '../../src/local/forge/flow-ledger-app';
import type { CliIo } from '../../src/local/cli/io';
import { runPreview } from '../../src/local/cli/preview-command';
import { startEmulatorServer, type RunningServer } from '../../src/local/emulator/http-server';
import { emulatedSite, newEmulator } from '../support/emulated-site';
import { invokeThrough, previewSession, raw } from '../support/preview-session';

/**
 * The preview pointed at a "real site" (JIRA_SITE, JIRA_EMAIL, JIRA_API_TOKEN): here the emulator
 * over HTTP stands in for the site, so the site path of the preview runs for real.
 */
let site: RunningServer;
let preview: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  site = await startEmulatorServer(newEmulator(await emulatedSite()), 0);
  let out = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: () => undefined,
    cwd: os.tmpdir(),
    env: { JIRA_SITE: site.url, JIRA_EMAIL: 'dev@example.com', JIRA_API_TOKEN: 'dev-token' },
  };
  const started = await runPreview(
    ['--port', '0', '--state-dir', mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-state-'))],
    io,
    FLOW_LEDGER_APP,
  );
  if (started.stop === undefined || started.url === undefined)
    throw new Error(`the preview did not start: ${out}`);
  preview = { url: started.url, stop: started.stop };
  expect(out).toContain('as dev@example.com, read-only');
});

afterAll(async () => {
  await preview.stop();
  await site.close();
});

test('the pages and the resolvers read the site as its account', async () => {
  const home = await (
    await fetch(`${preview.url}/`, { headers: { cookie: 'flow_ledger_user=acc-dev' } })
  ).text();
  expect(home).toContain('AeroGear Push');
  expect(home).not.toContain('AEROGEAR</td>'); // dev may not browse AEROGEAR
  const session = await previewSession(preview.url, 'acc-dev');
  const invoked = await invokeThrough(preview.url, session, 'getProjectFlow', {
    projectKey: 'AGPUSH',
    from: '2013-03-01',
    to: '2013-09-30',
  });
  expect(invoked.body).toMatchObject({
    ok: true,
    data: { project: { key: 'AGPUSH' }, report: { velocity: { total: 76 } } },
  });
  expect((await fetch(`${preview.url}/rest/api/3/myself`)).status).toBe(404); // the REST API is the site's, not served here
});

test('a page of another origin, or one without the session secret, reaches no resolver', async () => {
  const session = await previewSession(preview.url, 'acc-dev');
  const payload = JSON.stringify({ functionKey: 'deleteAgreement', payload: { issueKey: 'AGPUSH-57' } });
  // Another origin, no secret: refused before any resolver runs, whoever the cookie says.
  const foreign = await raw(preview.url, {
    method: 'POST',
    path: '/__forge/invoke',
    headers: { ...session.headers, origin: 'http://attacker.example' },
    body: payload,
  });
  expect(foreign.status).toBe(403);
  const noSecret = await raw(preview.url, {
    method: 'POST',
    path: '/__forge/invoke',
    headers: { cookie: session.headers.cookie ?? '', origin: new URL(preview.url).origin },
    body: payload,
  });
  expect(noSecret.status).toBe(403);
});
