import type { Readable } from 'node:stream';

export class LineTooLongError extends Error {
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line} is longer than ${limit} bytes`);
  }
}

/** What a read may still spend: told what each part costs, it throws when a bound is passed. */
export interface ReadBudget {
  /** Bytes read (decompressed, for a gzip). */
  bytes(n: number): void;
  /** Lines read, blank ones included. */
  lines(n: number): void;
}

const NEWLINE = 10;
const RETURN = 13;

/**
 * Yields the non-blank lines of a byte stream with their 1-based numbers, without holding more
 * than one line in memory. A line longer than `maxLineBytes` (a gzip bomb, a file that is not JSON
 * Lines at all) is refused instead of growing without bound; every byte and every line, blank ones
 * too, is spent from `budget`, so that no stream, however well it compresses, reads on for long.
 * Runs of blank lines are passed over within a chunk, not yielded one by one: a small gzip of
 * blank lines holds hundreds of millions of them.
 */
export async function* readLines(
  stream: Readable,
  maxLineBytes: number,
  budget: ReadBudget,
): AsyncGenerator<{ line: number; text: string }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let counted = 0;
  const spend = (): void => {
    budget.lines(line - counted);
    counted = line;
  };
  for await (const chunk of stream) {
    const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    budget.bytes(buf.length);
    let start = 0;
    let nl = buf.indexOf(NEWLINE, start);
    while (nl >= 0) {
      line++;
      if (pendingBytes === 0 && isBlank(buf, start, nl)) {
        start = nl + 1;
        while (start < buf.length && (buf[start] === NEWLINE || buf[start] === RETURN)) {
          if (buf[start] === NEWLINE) line++;
          start++;
        }
        nl = buf.indexOf(NEWLINE, start);
        continue;
      }
      const part = buf.subarray(start, nl);
      if (pendingBytes + part.length > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
      const text =
        pending.length === 0 ? part.toString('utf8') : Buffer.concat([...pending, part]).toString('utf8');
      pending = [];
      pendingBytes = 0;
      spend();
      if (text.trim() !== '') yield { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
      start = nl + 1;
      nl = buf.indexOf(NEWLINE, start);
    }
    spend();
    if (start < buf.length) {
      pendingBytes += buf.length - start;
      if (pendingBytes > maxLineBytes) throw new LineTooLongError(line + 1, maxLineBytes);
      pending.push(Buffer.from(buf.subarray(start)));
    }
  }
  if (pendingBytes > 0) {
    line++;
    spend();
    const text = Buffer.concat(pending).toString('utf8');
    if (text.trim() !== '') yield { line, text };
  }
}

function isBlank(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== RETURN) return false;
  return true;
}
