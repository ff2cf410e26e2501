import type { Readable } from 'node:stream';
import type { ReadBudget } from './read-lines';

/**
 * The records of a large JSON file, one at a time: the elements of a top-level array, or of the
 * `issues` array of a top-level object (a search response), or the object itself when it has no
 * `issues` (one issue). `JSON.parse` of a whole file holds every value of it at once, and the
 * values of a 96 MB file of small ones (`[[],[],…]`) take gigabytes; here only one record's text
 * and value are held at a time, each at most `maxRecordBytes`, and the caller's bounds on records
 * and problems stop a file that is no Jira data after its first few thousand.
 */

export class RecordTooLongError extends Error {
  constructor(
    readonly record: string,
    readonly limit: number,
  ) {
    super(`record ${record} is longer than ${limit} bytes`);
  }
}

export class NotJsonError extends Error {}

export interface JsonRecord {
  /** `#3` in an array, `issues[3]` in a search response, `#0` for a file that is one issue. */
  readonly name: string;
  /** The record's text: parsed by the caller, so that a record that is not JSON is one problem. */
  readonly text: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** A key of the top-level object is remembered only this long: `issues` is short. */
const MAX_KEY_BYTES = 64;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The scanner's position in the file's structure, between chunks. */
class Scanner {
  depth = 0;
  inString = false;
  escaped = false;
  /** What the top level is: an array of records, an object (maybe with `issues`), or not yet known. */
  top: 'unknown' | 'array' | 'object' = 'unknown';
  /** The depth at which records sit (1 in an array, 2 in `issues`), or null outside them. */
  recordDepth: number | null = null;
  /** The record being read: its chunks of text. */
  record: Buffer[] | null = null;
  recordBytes = 0;
  /** Whether the record is a composite value (it ends when its bracket closes) or a primitive. */
  composite = false;
  index = 0;
  /** At the top of an object: the last key read, and whether a colon followed it. */
  key: Buffer[] = [];
  keyBytes = 0;
  readingKey = false;
  lastKey: string | null = null;
  afterColon = false;
  sawIssues = false;
  /** A file that is one issue, held whole (bounded like a record) in case no `issues` key comes. */
  whole: Buffer[] = [];
  wholeBytes = 0;
  wholeTooLong = false;
}

export async function* jsonRecords(
  stream: Readable,
  maxRecordBytes: number,
  budget: ReadBudget,
): AsyncGenerator<JsonRecord> {
  const s = new Scanner();
  let first = true;
  const name = (): string => (s.recordDepth === 2 ? `issues[${s.index}]` : `#${s.index}`);
  for await (const chunk of stream) {
    let buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    budget.bytes(buf.length);
    if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    first = false;
    if (s.top === 'object' && !s.sawIssues && !s.wholeTooLong) {
      s.wholeBytes += buf.length;
      if (s.wholeBytes > maxRecordBytes) s.wholeTooLong = true;
      else s.whole.push(Buffer.from(buf));
    }
    let recordStart = s.record === null ? -1 : 0;
    const ended: JsonRecord[] = [];
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i] ?? 0;
      if (s.inString) {
        if (s.escaped) s.escaped = false;
        else if (b === BACKSLASH) s.escaped = true;
        else if (b === QUOTE) {
          s.inString = false;
          if (s.readingKey) {
            s.readingKey = false;
            s.lastKey = Buffer.concat(s.key).toString('utf8');
          }
        } else if (s.readingKey) {
          s.keyBytes++;
          if (s.keyBytes <= MAX_KEY_BYTES) s.key.push(Buffer.from([b]));
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (s.top === 'unknown') {
        if (b === OPEN_ARRAY) {
          s.top = 'array';
          s.recordDepth = 1;
        } else if (b === OPEN_OBJECT) {
          s.top = 'object';
          s.whole = [Buffer.from(buf.subarray(i))];
          s.wholeBytes = buf.length - i;
        } else throw new NotJsonError('neither an array nor an object');
        s.depth = 1;
        continue;
      }
      // A record starts at its first character at the records' depth.
      if (s.recordDepth !== null && s.depth === s.recordDepth && s.record === null) {
        if (b === COMMA) continue;
        if (b === CLOSE_ARRAY) {
          s.depth--;
          s.recordDepth = null;
          continue;
        }
        // Nothing else that closes or separates can start a value: the file is not JSON.
        if (b === CLOSE_OBJECT || b === COLON)
          throw new NotJsonError(`an unexpected "${String.fromCharCode(b)}"`);
        s.record = [];
        s.recordBytes = 0;
        recordStart = i;
        s.composite = b === OPEN_ARRAY || b === OPEN_OBJECT;
      }
      if (b === QUOTE) {
        s.inString = true;
        // A key of the top-level object: a string at depth 1 where no value is being read.
        if (s.top === 'object' && s.depth === 1 && !s.afterColon) {
          s.readingKey = true;
          s.key = [];
          s.keyBytes = 0;
        }
        continue;
      }
      if (s.top === 'object' && s.depth === 1) {
        if (b === COLON) {
          s.afterColon = true;
          continue;
        }
        if (b === COMMA) {
          s.afterColon = false;
          continue;
        }
        if (b === OPEN_ARRAY && s.afterColon && s.lastKey === 'issues') {
          s.sawIssues = true;
          s.whole = [];
          s.depth = 2;
          s.recordDepth = 2;
          s.afterColon = false;
          continue;
        }
      }
      if (b === OPEN_ARRAY || b === OPEN_OBJECT) s.depth++;
      else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        // A primitive record ends where its container goes on or closes: an array, by `]`.
        if (s.record !== null && !s.composite && s.depth === s.recordDepth) {
          if (b !== CLOSE_ARRAY) throw new NotJsonError('an unexpected "}"');
          ended.push(finish(s, buf, recordStart, i, name(), maxRecordBytes));
          recordStart = -1;
          i--;
          continue;
        }
        s.depth--;
        if (s.top === 'object' && s.depth === 1) s.afterColon = false;
        if (s.record !== null && s.composite && s.depth === s.recordDepth) {
          ended.push(finish(s, buf, recordStart, i + 1, name(), maxRecordBytes));
          recordStart = -1;
        }
      } else if (b === COMMA && s.record !== null && !s.composite && s.depth === s.recordDepth) {
        ended.push(finish(s, buf, recordStart, i, name(), maxRecordBytes));
        recordStart = -1;
      }
    }
    if (s.record !== null && recordStart >= 0) {
      s.recordBytes += buf.length - recordStart;
      if (s.recordBytes > maxRecordBytes) throw new RecordTooLongError(name(), maxRecordBytes);
      s.record.push(Buffer.from(buf.subarray(recordStart)));
    }
    yield* ended;
  }
  if (s.inString || s.depth !== 0) throw new NotJsonError('it ends before its last value does');
  if (s.top === 'object' && !s.sawIssues) {
    // No `issues`: the file is one value, taken whole as one record (one issue, or not Jira data).
    if (s.wholeTooLong) throw new RecordTooLongError('#0', maxRecordBytes);
    yield { name: '#0', text: Buffer.concat(s.whole).toString('utf8') };
  }
}

/** The record read up to `end` of this chunk, as text; the scanner is ready for the next. */
function finish(s: Scanner, buf: Buffer, start: number, end: number, name: string, max: number): JsonRecord {
  const part = buf.subarray(Math.max(0, start), end);
  s.recordBytes += part.length;
  if (s.recordBytes > max) throw new RecordTooLongError(name, max);
  const text = Buffer.concat([...(s.record ?? []), part]).toString('utf8');
  s.record = null;
  s.recordBytes = 0;
  s.index++;
  return { name, text };
}
