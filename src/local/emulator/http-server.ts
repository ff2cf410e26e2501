import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JiraEmulator } from './emulator';

/** Bodies larger than this are refused with 413 before they are read to the end. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Answers one HTTP request with the emulator; `/__emulator/log` shows the request counts. */
export async function serveEmulator(
  emulator: JiraEmulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = req.url ?? '/';
  if (path === '/__emulator/log') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(emulator.counts(), null, 1));
    return;
  }
  const body = await readBody(req);
  if (body === null) {
    res.writeHead(413, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errorMessages: ['The request body is too large.'], errors: {} }));
    return;
  }
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const answer = await emulator.handle({
    method: req.method ?? 'GET',
    path,
    headers,
    body: body === '' ? undefined : body,
  });
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

export function startEmulatorServer(
  emulator: JiraEmulator,
  port: number,
  host = '127.0.0.1',
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    serveEmulator(emulator, req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errorMessages: [`Emulator error: ${e instanceof Error ? e.message : String(e)}`],
          errors: {},
        }),
      );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        url: `http://${host}:${typeof address === 'object' && address !== null ? address.port : port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}
