import type { ReadBudget } from './read-lines';

/**
 * The bounds a dataset is read within, per record and for the whole dataset (a small gzip can
 * expand to gigabytes, a folder can hold many files), and the errors that say one was passed.
 */

/** A problem with the dataset as a whole (unreadable path, a file that is not JSON): fatal. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** A bound of the whole dataset was passed: the load stops, wherever in a folder it was. */
export class DatasetLimitError extends DatasetError {}

/** How much a dataset may hold; each is optional, with the default below. */
export interface DatasetBounds {
  /** Bytes a `.json` file may hold (a larger one is read a record at a time up to this). */
  readonly maxJsonFileBytes?: number;
  /** Bytes one record (a line, an element of an array) may hold. */
  readonly maxLineBytes?: number;
  /**
   * Bytes the whole dataset may hold once read (gzipped files decompressed): a small file can
   * expand to gigabytes, and a folder can hold many.
   */
  readonly maxDecompressedBytes?: number;
  /** Lines, blank ones included, the whole dataset may hold. */
  readonly maxLines?: number;
  /** Records (issues, readable or not) the whole dataset may hold. */
  readonly maxRecords?: number;
  /** Records that may fail to parse before the dataset is judged not to be Jira issue data. */
  readonly maxProblems?: number;
}

const DEFAULT_MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024 * 1024;
const DEFAULT_MAX_RECORDS = 2_000_000;
const DEFAULT_MAX_LINES = 4 * DEFAULT_MAX_RECORDS;
const DEFAULT_MAX_PROBLEMS = 10_000;

export interface Limits {
  readonly maxJson: number;
  readonly maxLine: number;
  readonly maxDecompressed: number;
  readonly maxLines: number;
  readonly maxRecords: number;
  readonly maxProblems: number;
}

/** The bounds asked for, each defaulted. */
export function limitsOf(bounds: DatasetBounds): Limits {
  return {
    maxJson: bounds.maxJsonFileBytes ?? DEFAULT_MAX_JSON_FILE_BYTES,
    maxLine: bounds.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxDecompressed: bounds.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    maxLines: bounds.maxLines ?? DEFAULT_MAX_LINES,
    maxRecords: bounds.maxRecords ?? DEFAULT_MAX_RECORDS,
    maxProblems: bounds.maxProblems ?? DEFAULT_MAX_PROBLEMS,
  };
}

/** The bytes and lines the whole dataset may still hold: every file spends from the same. */
export class DatasetBudget {
  private bytesRead = 0;
  private linesRead = 0;

  constructor(private readonly limits: Limits) {}

  /** The budget as one file's read spends it, its bounds named with the file. */
  forFile(file: string): ReadBudget {
    return {
      bytes: (n) => {
        this.bytesRead += n;
        if (this.bytesRead > this.limits.maxDecompressed)
          throw new DatasetLimitError(
            `${file}: the dataset holds more than ${this.limits.maxDecompressed} bytes once read (gzipped files decompressed); give one project's export, or split it`,
          );
      },
      lines: (n) => {
        this.linesRead += n;
        if (this.linesRead > this.limits.maxLines)
          throw new DatasetLimitError(
            `${file}: the dataset holds more than ${this.limits.maxLines} lines, blank ones included; this is not a Jira export`,
          );
      },
    };
  }
}
