import type { Readable } from 'node:stream';

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line} is longer than ${limit} bytes`);
  }
}

export class StreamTooLongError extends Error {
  constructor(readonly limit: number) {
    super(`holds more than ${limit} bytes once decompressed`);
  }
}

/**
 * Yields the lines of a byte stream with their 1-based numbers, without holding more than one line
 * in memory, and refuses a line longer than `maxLineBytes` (a gzip bomb, or a file that is not
 * JSON Lines at all) instead of growing without bound, and a stream longer than `maxTotalBytes`.
 */
export async function* readLines(
  stream: Readable,
  maxLineBytes: number,
  maxTotalBytes = Infinity,
): AsyncGenerator<{ line: number; text: string }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  let line = 0;
  for await (const chunk of stream) {
    let buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += buf.length;
    if (total > maxTotalBytes) throw new StreamTooLongError(maxTotalBytes);
    let nl = buf.indexOf(10);
    while (nl >= 0) {
      const part = buf.subarray(0, nl);
      line++;
      if (pendingBytes + part.length > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
      const text =
        pending.length === 0 ? part.toString('utf8') : Buffer.concat([...pending, part]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      yield { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(10);
    }
    if (buf.length > 0) {
      pendingBytes += buf.length;
      if (pendingBytes > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      pending.push(Buffer.from(buf));
    }
  }
  if (pendingBytes > 0) {
    line++;
    yield { line, text: Buffer.concat(pending).toString('utf8') };
  }
}
