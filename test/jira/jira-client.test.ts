import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import type { JiraHttpResponse, JiraTransport } from '../../src/jira/http';
import { jiraPath, withQuery } from '../../src/jira/http';
import { JiraClient, JiraError } from '../../src/jira/jira-client';
import { virtualTime } from '../support/virtual-time';

/** A scripted transport: answers in order; the client under test is real. */
function scripted(
  ...answers: ((Partial<JiraHttpResponse> & { headers?: Record<string, string> }) | Error)[]
): { transport: JiraTransport; calls: number } {
  const state = { calls: 0 };
  const transport: JiraTransport = () => {
    const a = answers[Math.min(state.calls, answers.length - 1)];
    state.calls++;
    if (a instanceof Error) return Promise.reject(a);
    const headers = a?.headers ?? {};
    return Promise.resolve({
      status: a?.status ?? 200,
      text: a?.text ?? '{}',
      header: (n: string) => headers[n.toLowerCase()] ?? null,
    });
  };
  return {
    transport,
    get calls() {
      return state.calls;
    },
  };
}

function virtualClient(
  transport: JiraTransport,
  deadlineMs = 24_000,
): { client: JiraClient; slept: number[] } {
  const time = virtualTime();
  return { client: new JiraClient(transport, time.clientOptions(deadlineMs, 1)), slept: time.slept };
}

const ok = z.object({ ok: z.boolean() });

describe('retries', () => {
  test('Retry-After in seconds, then success', async () => {
    const t = scripted(
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 200, text: '{"ok":true}' },
    );
    const { client, slept } = virtualClient(t.transport);
    await expect(client.json({ method: 'GET', path: '/x' }, ok)).resolves.toEqual({ ok: true });
    expect(slept).toEqual([3000 + 250]);
    expect(client.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  test('Retry-After as an HTTP date', async () => {
    const t = scripted(
      { status: 503, headers: { 'retry-after': new Date(5000).toUTCString() } },
      { status: 200, text: '{"ok":true}' },
    );
    const { client, slept } = virtualClient(t.transport);
    await client.json({ method: 'GET', path: '/x' }, ok);
    expect(slept[0]).toBeCloseTo(5000 + 250, -2);
  });

  test('exponential backoff with jitter, capped', async () => {
    const t = scripted(
      { status: 502 },
      { status: 502 },
      { status: 502 },
      { status: 200, text: '{"ok":true}' },
    );
    const { client, slept } = virtualClient(t.transport);
    await client.json({ method: 'GET', path: '/x' }, ok);
    expect(slept).toEqual([250, 500, 1000]);
  });

  test('a wait that would pass the deadline is not taken: RATE_LIMITED at once', async () => {
    const t = scripted({ status: 429, headers: { 'retry-after': '60' } });
    const { client, slept } = virtualClient(t.transport);
    await expect(client.json({ method: 'GET', path: '/rest/api/3/issue/ABC-1' }, ok)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      status: 429,
      message: 'Jira is rate limiting requests (GET /rest/api/3/issue/ABC-1); try again in a moment',
    });
    expect(slept).toEqual([]);
  });

  test('network failures are retried, then JIRA_UNAVAILABLE', async () => {
    const t = scripted(new Error('ECONNRESET'));
    const { client } = virtualClient(t.transport, 10_000_000);
    await expect(client.json({ method: 'GET', path: '/x' }, ok)).rejects.toMatchObject({
      code: 'JIRA_UNAVAILABLE',
      message: 'Jira did not answer GET /x (no answer (ECONNRESET)) after 8 attempts',
    });
    expect(t.calls).toBe(8);
  });
});

describe('answers become coded errors', () => {
  test.each([
    [
      400,
      '{"errorMessages":["Field \'x\' does not exist"],"errors":{}}',
      'INVALID_INPUT',
      "Jira refused GET /x: Field 'x' does not exist",
    ],
    [401, '', 'NOT_PERMITTED', 'Jira did not accept the credentials'],
    [
      403,
      '{"errorMessages":[],"errors":{"labels":"not on screen"}}',
      'NOT_PERMITTED',
      'Jira does not allow this: labels: not on screen',
    ],
    [
      404,
      '{"errorMessages":["Issue does not exist"]}',
      'NOT_FOUND',
      'Not found, or not visible to you: Issue does not exist',
    ],
    [409, '', 'CONFLICT', 'Jira reported a conflicting change'],
    [413, '', 'TOO_LARGE', 'Jira refused a request that is too large'],
    [
      410,
      '{"errorMessages":["The requested API has been removed."]}',
      'INTERNAL',
      'Jira answered GET /x with HTTP 410: The requested API has been removed.',
    ],
  ])('HTTP %i is a coded error (%#)', async (status, text, code, message) => {
    const { client } = virtualClient(scripted({ status, text }).transport);
    const error = await client.json({ method: 'GET', path: '/x' }, ok).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraError);
    expect(error).toMatchObject({ code, message, status });
  });

  test('an answer of an unexpected shape, or not JSON, is JIRA_UNAVAILABLE naming where', async () => {
    const { client } = virtualClient(
      scripted({ status: 200, text: '{"ok":"yes"}' }, { status: 200, text: '<html>' }).transport,
    );
    await expect(client.json({ method: 'GET', path: '/x' }, ok)).rejects.toMatchObject({
      code: 'JIRA_UNAVAILABLE',
      message: expect.stringMatching(/unexpected shape at ok: /),
    });
    await expect(client.json({ method: 'GET', path: '/x' }, ok)).rejects.toMatchObject({
      message: 'Jira answered GET /x with something that is not JSON',
    });
  });

  test('jsonOrNull reads a 404 as absent', async () => {
    const { client } = virtualClient(scripted({ status: 404, text: '' }).transport);
    await expect(client.jsonOrNull({ method: 'GET', path: '/x' }, ok)).resolves.toBeNull();
  });
});

describe('concurrency', () => {
  test('never more requests in flight than the bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const transport: JiraTransport = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { status: 200, text: '{"ok":true}', header: () => null };
    };
    const client = new JiraClient(transport, { deadline: Date.now() + 10_000, concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => client.json({ method: 'GET', path: '/x' }, ok)));
    expect(peak).toBe(3);
    expect(client.stats.requests).toBe(12);
  });
});

describe('paths', () => {
  test('parameters are encoded, so a key cannot reach another endpoint', () => {
    expect(jiraPath`/rest/api/3/issue/${'ABC-1/../../myself'}/properties/${'a b'}`).toBe(
      '/rest/api/3/issue/ABC-1%2F..%2F..%2Fmyself/properties/a%20b',
    );
    expect(withQuery('/p', { fields: ['a', 'b'], skip: undefined, n: 3 })).toBe('/p?fields=a%2Cb&n=3');
  });
});

describe('cancelling and the time left', () => {
  test('a request the transport never answers ends when the deadline comes, naming the request', async () => {
    const never: JiraTransport = () => new Promise(() => undefined);
    const client = new JiraClient(never, { deadline: Date.now() + 200 });
    await expect(
      client.json({ method: 'GET', path: '/rest/api/3/project/ABC?expand=x' }, ok),
    ).rejects.toMatchObject({
      code: 'JIRA_UNAVAILABLE',
      message: expect.stringMatching(
        /^Jira did not answer GET \/rest\/api\/3\/project\/ABC in the time left \(0\.\d s\)$/,
      ),
    });
  });

  test('the transport is given a signal that aborts when its time is up', async () => {
    const seen: { signal: AbortSignal | null } = { signal: null };
    const watching: JiraTransport = (_request, signal) => {
      seen.signal = signal;
      return new Promise(() => undefined);
    };
    const client = new JiraClient(watching, { deadline: Date.now() + 100 });
    await client.json({ method: 'GET', path: '/x' }, ok).catch(() => undefined);
    expect(seen.signal?.aborted).toBe(true);
  });

  test('a scoped client is cancelled by its signal: waiting requests leave the queue, none is sent after', async () => {
    let sent = 0;
    const slow: JiraTransport = () => {
      sent++;
      return new Promise(() => undefined);
    };
    const client = new JiraClient(slow, { deadline: Date.now() + 60_000, concurrency: 1 });
    const controller = new AbortController();
    const scoped = client.scoped(controller.signal);
    const calls = [1, 2, 3].map((n) =>
      scoped.json({ method: 'GET', path: `/x/${n}` }, ok).catch((e: unknown) => e),
    );
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const errors = await Promise.all(calls);
    expect(sent).toBe(1);
    expect(errors.map((e) => (e instanceof JiraError ? e.message : String(e)))).toEqual([
      'The request GET /x/1 was cancelled: the load it was part of failed',
      'The request GET /x/2 was cancelled: the load it was part of failed',
      'The request GET /x/3 was cancelled: the load it was part of failed',
    ]);
    // The parent client is not cancelled with its scope.
    expect(client.stats.requests).toBe(1);
  });

  test('a 429 names the limit Jira says it met', async () => {
    const t = scripted({
      status: 429,
      headers: { 'retry-after': '60', 'ratelimit-reason': 'jira-quota-tenant-based' },
    });
    const { client } = virtualClient(t.transport);
    await expect(client.json({ method: 'GET', path: '/x' }, ok)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: 'Jira is rate limiting requests (GET /x, jira-quota-tenant-based); try again in a moment',
    });
  });
});

test('a request whose answer never comes keeps its process until it is given up, then fails naming it', () => {
  // A fetch whose connection was reset under it can stay pending with nothing else to run; Node
  // then ends the process, exit 0, with the command's output never printed. Only a real process
  // shows it: under Jest something always runs.
  const dist = path.join(__dirname, '..', '..', 'dist', 'src', 'jira', 'jira-client.js');
  const script = `
    const { JiraClient } = require(${JSON.stringify(dist)});
    const client = new JiraClient(() => new Promise(() => {}), { deadline: Date.now() + 1500, maxAttemptMs: 300, baseDelayMs: 10 });
    client.json({ method: 'GET', path: '/rest/api/3/myself' }, { safeParse: (v) => ({ success: true, data: v }) }).then(
      () => console.log('answered'),
      (e) => { console.log('failed: ' + e.message); process.exitCode = 1; },
    );`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
  expect({ status: child.status, out: child.stdout.trim() }).toEqual({
    status: 1,
    out: expect.stringMatching(/^failed: Jira did not answer GET \/rest\/api\/3\/myself/),
  });
});
