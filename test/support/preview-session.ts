import { request } from 'node:http';

/**
 * A person at the preview's own page, as a browser would be: the chosen user's cookie, the
 * session's secret read from a page, and the preview's origin on every change.
 */
export interface PreviewSession {
  readonly headers: Record<string, string>;
}

export async function previewSession(base: string, accountId: string): Promise<PreviewSession> {
  const cookie = `flow_ledger_user=${encodeURIComponent(accountId)}`;
  const page = await raw(base, { path: '/', headers: { cookie } });
  const secret = /<meta name="flow-ledger-session" content="([0-9a-f]+)"/.exec(page.body)?.[1];
  if (secret === undefined) throw new Error('The preview page carries no session secret.');
  return {
    headers: {
      cookie,
      origin: new URL(base).origin,
      'x-flow-ledger-session': secret,
      'content-type': 'application/json',
    },
  };
}

/** Calls a resolver through the preview, as its frames do. */
export async function invokeThrough(
  base: string,
  session: PreviewSession,
  functionKey: string,
  payload: unknown,
): Promise<{ status: number; body: unknown }> {
  const r = await raw(base, {
    method: 'POST',
    path: '/__forge/invoke',
    headers: session.headers,
    body: JSON.stringify({ functionKey, payload }),
  });
  return { status: r.status, body: r.body === '' ? undefined : (JSON.parse(r.body) as unknown) };
}

/**
 * One HTTP request with exactly the headers given (fetch will not send a `Host` of another name,
 * which is what a page behind a rebinding DNS name sends).
 */
export function raw(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
