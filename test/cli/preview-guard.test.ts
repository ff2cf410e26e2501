import { localPath, PreviewGuard } from '../../src/local/preview/preview-guard';
import { startDemoPreview } from '../support/demo-preview';
import { invokeThrough, previewSession, raw } from '../support/preview-session';

/**
 * The preview holds a credential and listens on localhost, where any page the same browser opens
 * can send it requests: it answers only under its own name, takes changes only from its own
 * pages, needs the session's secret for every resolver call, and acts as nobody until someone is
 * chosen (docs/running-off-jira.md#the-preview-is-yours-alone).
 */

const ADMIN = '557058:demo-0000-4000-8000-000000000001';
const VIEWER = '557058:demo-0000-4000-8000-000000000004';
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const running = await startDemoPreview();
  base = running.url;
  close = running.close;
});

afterAll(() => close());

const port = (): string => new URL(base).port;

test('a request under another host name (DNS rebinding) is refused, whatever it asks', async () => {
  const session = await previewSession(base, ADMIN);
  const requests: Parameters<typeof raw>[1][] = [
    {
      path: '/projects/AGPUSH/flow',
      headers: { host: `attacker.example:${port()}`, cookie: session.headers.cookie ?? '' },
    },
    { path: '/rest/api/3/myself', headers: { host: `rebind.attacker.example:${port()}` } },
    {
      method: 'POST',
      path: '/__forge/invoke',
      headers: {
        ...session.headers,
        host: `attacker.example:${port()}`,
        origin: `http://attacker.example:${port()}`,
      },
      body: JSON.stringify({ functionKey: 'listProjects', payload: {} }),
    },
  ];
  for (const req of requests) {
    const r = await raw(base, req);
    expect({ path: req.path, status: r.status }).toEqual({ path: req.path, status: 421 });
    expect(r.body).not.toContain('AGPUSH');
  }
  // Its own names are answered.
  expect((await raw(base, { path: '/', headers: { host: `localhost:${port()}` } })).status).toBe(200);
});

test('a change from another origin, or a resolver call without the secret, is refused before it runs', async () => {
  const session = await previewSession(base, ADMIN);
  const before = await invokeThrough(base, session, 'getSettings', { projectKey: 'AGPUSH' });
  const cases: { path: string; headers: Record<string, string> }[] = [
    { path: '/__forge/invoke', headers: { ...session.headers, origin: 'http://attacker.example' } },
    { path: '/__forge/invoke', headers: { ...session.headers, 'x-flow-ledger-session': 'f'.repeat(48) } },
    { path: '/__preview/gadgets/flow-1', headers: { ...session.headers, origin: 'null' } },
    { path: '/__preview/user', headers: { cookie: session.headers.cookie ?? '' } },
  ];
  for (const c of cases) {
    const r = await raw(base, {
      method: 'POST',
      path: c.path,
      headers: c.headers,
      body: JSON.stringify({
        functionKey: 'saveSettings',
        payload: { projectKey: 'AGPUSH', revision: 0, settings: { trendPeriod: 'month' } },
      }),
    });
    expect({ path: c.path, status: r.status }).toEqual({ path: c.path, status: 403 });
  }
  expect(await invokeThrough(base, session, 'getSettings', { projectKey: 'AGPUSH' })).toEqual(before);
});

test('without a chosen person the preview acts as nobody: a page asks who you are, a call is refused', async () => {
  const page = await raw(base, { path: '/projects/AGPUSH/flow' });
  expect(page.status).toBe(200);
  expect(page.body).toContain('Who are you?');
  expect(page.body).not.toContain('<iframe');
  const session = await previewSession(base, ADMIN);
  const anonymous = Object.fromEntries(Object.entries(session.headers).filter(([k]) => k !== 'cookie'));
  const r = await raw(base, {
    method: 'POST',
    path: '/__forge/invoke',
    headers: anonymous,
    body: JSON.stringify({ functionKey: 'listProjects', payload: {} }),
  });
  expect(r.status).toBe(401);
});

test("only those who may edit the dashboard configure its gadgets, at Jira's own intervals", async () => {
  const viewer = await previewSession(base, VIEWER);
  const admin = await previewSession(base, ADMIN);
  const save = (session: typeof viewer, config: unknown) =>
    raw(base, {
      method: 'POST',
      path: '/__preview/gadgets/flow-1',
      headers: session.headers,
      body: JSON.stringify(config),
    });
  expect((await save(viewer, { projectKey: 'AGPUSH', weeks: 4 })).status).toBe(403);
  expect((await save(admin, { projectKey: 'AGPUSH', weeks: 12, refresh: 35_791 })).status).toBe(400);
  expect((await save(admin, { projectKey: 'AGPUSH', weeks: 12, refresh: 30 })).status).toBe(200);
  const dashboard = await raw(base, { path: '/dashboard', headers: { cookie: viewer.headers.cookie ?? '' } });
  expect(dashboard.body).toContain('may view its');
  expect(dashboard.body).not.toContain('aria-label="Edit Flow distribution"');
  // Nor does a viewer run the daily refresh.
  const run = await raw(base, {
    method: 'POST',
    path: '/__preview/triggers/refresh-agreements',
    headers: { ...viewer.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'back=%2Fissues',
  });
  expect(run.status).toBe(403);
});

test('going back after a form stays on this site', async () => {
  const session = await previewSession(base, ADMIN);
  const switched = await raw(base, {
    method: 'POST',
    path: '/__preview/user',
    headers: { ...session.headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ accountId: VIEWER, back: '/\\attacker.example' }).toString(),
  });
  expect(switched.status).toBe(303);
  expect(switched.headers.location).toBe('/');
  expect(String(switched.headers['set-cookie'])).toContain('SameSite=Strict');
  for (const back of [
    '//attacker.example',
    '/\\attacker.example',
    'https://attacker.example',
    '/%0d%0aX',
    '\\\\x',
    // Dot segments that leave '//host' once resolved.
    '/.//attacker.example',
    '/..//attacker.example/x',
    '/%2e//attacker.example',
    '/a/..//attacker.example',
  ])
    expect(localPath(back, '/issues')).toBe(back === '/%0d%0aX' ? '/%0d%0aX' : '/issues');
  expect(localPath('/issues?jql=a%20b#x', '/')).toBe('/issues?jql=a%20b#x');
});

test('the names it answers to: its own, with the port a browser sends', () => {
  const on80 = new PreviewGuard();
  on80.listening(80, '::1');
  // On port 80 a browser sends no port, in the Host header and in Origin alike.
  for (const host of ['localhost', 'localhost:80', '127.0.0.1', '[::1]', '[::1]:80'])
    expect(on80.hostAllowed({ headers: { host } })).toBe(true);
  expect(on80.sameOrigin({ headers: { origin: 'http://localhost' } })).toBe(true);
  const on5173 = new PreviewGuard();
  on5173.listening(5173, '0.0.0.0');
  expect(on5173.hostAllowed({ headers: { host: 'localhost:5173' } })).toBe(true);
  for (const host of ['localhost', 'localhost:80', 'attacker.example:5173', '0.0.0.0.attacker.example:5173'])
    expect(on5173.hostAllowed({ headers: { host } })).toBe(false);
  expect(on5173.sameOrigin({ headers: { origin: 'http://localhost' } })).toBe(false);
  expect(on5173.sameOrigin({ headers: { origin: 'https://localhost:5173' } })).toBe(false);
});
