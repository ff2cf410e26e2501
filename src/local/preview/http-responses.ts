import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

/** The preview's HTTP plumbing: cookies, bounded request bodies, and answers, gzipped as Forge's CDN sends them. */
/** A request body past this is refused (413): the preview takes small JSON payloads only. */
const MAX_BODY = 1024 * 1024;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return out;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > MAX_BODY) throw new HttpProblem(413, 'The request body is too large.');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** Each body compressed once: the surfaces' chunks are the same on every load. */
const compressed = new Map<string, Buffer>();
const MAX_COMPRESSED = 500;

export function gzipped(body: Buffer | string): Buffer {
  const key = createHash('sha1').update(body).digest('hex');
  let zipped = compressed.get(key);
  if (zipped === undefined) {
    zipped = gzipSync(body);
    if (compressed.size >= MAX_COMPRESSED) compressed.clear();
    compressed.set(key, zipped);
  }
  return zipped;
}

/**
 * Sends a text body gzipped when the browser accepts it, as Forge's CDN serves a resource: the
 * bundle budgets (docs/ui-bundles.md) are gzipped sizes, and the preview should load like Jira.
 */
export function sendCompressed(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | string,
  type: string,
  headers: Record<string, string> = {},
): void {
  const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
  const zipped = accepts && compressible && body.length > 1024;
  const payload = zipped ? gzipped(body) : body;
  res.writeHead(200, {
    'content-type': type,
    // A built chunk's name carries its content's hash: the browser may keep it, as from Forge's CDN.
    'cache-control': /\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.(js|css)$/.test(req.url ?? '')
      ? 'public, max-age=31536000, immutable'
      : 'no-store',
    vary: 'accept-encoding',
    ...(zipped ? { 'content-encoding': 'gzip' } : {}),
    ...headers,
  });
  res.end(payload);
}
