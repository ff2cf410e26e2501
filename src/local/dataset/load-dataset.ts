import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { catalogStatuses } from '../../domain/status-map';
import type { KnownStatus, WorkItem } from '../../domain/types';
import { toKnownStatus, toWorkItem } from '../../jira/issue-mapper';
import {
  issueSchema,
  projectSchema,
  statusListSchema,
  type JiraIssue,
  type JiraProject,
} from '../../jira/schemas';
import { errorMessage } from '../../domain/errors';
import { classifyJson, METADATA_NAMES, type JsonContent } from './dataset-shapes';
import { jsonRecords, NotJsonError, RecordTooLongError } from './json-records';
import { LineTooLongError, readLines, type ReadBudget } from './read-lines';

/**
 * Reads a dataset of Jira REST issue JSON (docs/running-off-jira.md): a file holding an array of issues, a search
 * response `{ issues: [...] }`, one issue, JSON Lines, gzipped JSON Lines, or a folder of those with
 * metadata files beside them. Every record is parsed with the same schemas as live Jira responses;
 * a record that does not parse is left out and reported with its file, record and field.
 */

export interface RecordProblem {
  readonly file: string;
  /** `#3` for the fourth element of an array, `line 12` in JSON Lines. */
  readonly record: string;
  readonly key: string | null;
  /** Dotted path of the offending field, e.g. `fields.created`. */
  readonly field: string;
  readonly message: string;
}

export interface LoadedDataset {
  readonly source: string;
  readonly items: WorkItem[];
  readonly issues: JiraIssue[];
  /**
   * Each status with the category decided for it: from a status list in the folder, else from the
   * issues now in it (of any project; the majority where they disagree, docs/flow-metrics.md#flow-states-and-the-timeline).
   */
  readonly statuses: KnownStatus[];
  readonly projects: JiraProject[];
  /** Issues per project key in the whole dataset, before any project filter. */
  readonly projectCounts: ReadonlyMap<string, number>;
  readonly problems: RecordProblem[];
  /** Keys seen more than once; the first record read is kept. */
  readonly duplicates: string[];
  /** Files of a folder that hold no issues: metadata read, and files left aside, each with why. */
  readonly otherFiles: readonly OtherFile[];
  /** With `keepRaw`: each issue's record as read, in the order of `issues` (for the emulator). */
  readonly rawIssues: unknown[];
  /** With `keepRaw`: the contents of `fields.json` and `users.json`, unparsed (the emulator parses them). */
  readonly fieldsJson: unknown;
  readonly usersJson: unknown;
  readonly filesRead: number;
}

export interface OtherFile {
  readonly file: string;
  /** What the file was recognised as, e.g. "a status list", or why it was left aside. */
  readonly what: string;
  readonly used: boolean;
}

export interface LoadOptions {
  /** Keep only issues of this project (by `fields.project.key`, else by key prefix). */
  readonly projectKey?: string | undefined;
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
  /** Keep every record as read, and the fields and users metadata, for the emulator. */
  readonly keepRaw?: boolean;
}

/** A problem with the dataset as a whole (unreadable path, a file that is not JSON): fatal. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

/** A bound of the whole dataset was passed: the load stops, wherever in a folder it was. */
class DatasetLimitError extends DatasetError {}

const DEFAULT_MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_DECOMPRESSED_BYTES = 4 * 1024 * 1024 * 1024;
const DEFAULT_MAX_RECORDS = 2_000_000;
const DEFAULT_MAX_LINES = 4 * DEFAULT_MAX_RECORDS;
const DEFAULT_MAX_PROBLEMS = 10_000;
/**
 * A `.json` file up to this size is parsed whole (metadata is told by its shape); a larger one is
 * read record by record (src/local/dataset/json-records.ts): the values of a whole file, parsed at
 * once, can take many times its size.
 */
const WHOLE_JSON_MAX_BYTES = 4 * 1024 * 1024;

type IssueFileKind = 'json' | 'jsonl' | 'jsonl.gz';

function issueFileKind(file: string): IssueFileKind | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl.gz')) return 'jsonl.gz';
  if (lower.endsWith('.jsonl')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

interface Limits {
  readonly maxJson: number;
  readonly maxLine: number;
  readonly maxDecompressed: number;
  readonly maxLines: number;
  readonly maxRecords: number;
  readonly maxProblems: number;
}

/** The bytes and lines the whole dataset may still hold: every file spends from the same. */
class DatasetBudget {
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

/** A parsed issue waiting for its file to be read to the end. */
interface StagedIssue {
  readonly issue: JiraIssue;
  readonly raw: unknown;
}

/**
 * The records of one file, held back until the file has been read to its end: a file that breaks
 * half way (a truncated gzip) adds nothing, so what it is reported as ("left out") is what it is.
 */
class FileBatch {
  readonly issues: StagedIssue[] = [];
  readonly problems: RecordProblem[] = [];
}

class DatasetBuilder {
  readonly items: WorkItem[] = [];
  readonly issues: JiraIssue[] = [];
  readonly statusList: KnownStatus[] = [];
  readonly projects: JiraProject[] = [];
  readonly projectCounts = new Map<string, number>();
  readonly problems: RecordProblem[] = [];
  readonly duplicates: string[] = [];
  readonly otherFiles: OtherFile[] = [];
  readonly rawIssues: unknown[] = [];
  fieldsJson: unknown = null;
  usersJson: unknown = null;
  private readonly seen = new Set<string>();
  /** Statuses are site-wide: an issue of any project in a status tells its category. */
  private readonly currentStatuses: (KnownStatus | null)[] = [];
  private records = 0;
  filesRead = 0;

  constructor(
    private readonly projectKey: string | undefined,
    readonly keepRaw: boolean,
    private readonly limits: Limits,
  ) {}

  /** Parses one record into the batch. */
  stage(batch: FileBatch, value: unknown, file: string, record: string): void {
    this.count(file);
    const parsed = issueSchema.safeParse(value);
    if (parsed.success) batch.issues.push({ issue: parsed.data, raw: value });
    else this.reject(batch, problemOf(parsed.error, value, file, record));
  }

  /** A record that is not even JSON. */
  rejectLine(batch: FileBatch, file: string, record: string, why: string): void {
    this.count(file);
    this.reject(batch, { file, record, key: null, field: '(record)', message: `not valid JSON (${why})` });
  }

  /** Both bounds hold for the whole dataset, so that no input can make a load run away. */
  private count(file: string): void {
    this.records++;
    if (this.records > this.limits.maxRecords) {
      throw new DatasetLimitError(
        `${file}: the dataset holds more than ${this.limits.maxRecords} records; give one project's export, or split it`,
      );
    }
  }

  private reject(batch: FileBatch, problem: RecordProblem): void {
    batch.problems.push(problem);
    if (this.problems.length + batch.problems.length > this.limits.maxProblems) {
      const first = this.problems[0] ?? batch.problems[0] ?? problem;
      throw new DatasetLimitError(
        `more than ${this.limits.maxProblems} records could not be read, so this is not taken for Jira issue data; the first: ${describeProblem(first)}`,
      );
    }
  }

  commit(batch: FileBatch): void {
    this.problems.push(...batch.problems);
    for (const { issue, raw } of batch.issues) {
      const item = toWorkItem(issue);
      this.currentStatuses.push(item.status);
      const project = item.projectKey ?? '';
      this.projectCounts.set(project, (this.projectCounts.get(project) ?? 0) + 1);
      if (this.projectKey !== undefined && project !== this.projectKey) continue;
      if (this.seen.has(issue.key)) {
        this.duplicates.push(issue.key);
        continue;
      }
      this.seen.add(issue.key);
      this.issues.push(issue);
      this.items.push(item);
      if (this.keepRaw) this.rawIssues.push(raw);
    }
  }

  knownStatuses(): KnownStatus[] {
    return [...catalogStatuses(this.statusList, this.currentStatuses).statuses];
  }

  /** Re-maps items once all project metadata is known, so issue types get their hierarchy levels. */
  finish(): void {
    const levels = new Map<string, number>();
    for (const p of this.projects) {
      for (const t of p.issueTypes ?? []) {
        if (t.id !== undefined && t.hierarchyLevel !== undefined) levels.set(t.id, t.hierarchyLevel);
      }
    }
    if (levels.size === 0) return;
    for (let i = 0; i < this.issues.length; i++) {
      const issue = this.issues[i];
      if (issue !== undefined && issue.fields.issuetype.hierarchyLevel === undefined) {
        this.items[i] = toWorkItem(issue, levels);
      }
    }
  }
}

function problemOf(error: z.ZodError, value: unknown, file: string, record: string): RecordProblem {
  const first = error.issues[0];
  const key = isRecord(value) && typeof value.key === 'string' ? value.key : null;
  return {
    file,
    record,
    key,
    field: first === undefined || first.path.length === 0 ? '(record)' : first.path.map(String).join('.'),
    message: first?.message ?? 'invalid record',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeProblem(p: RecordProblem): string {
  return `${p.file}: record ${p.record}${p.key !== null ? ` (${p.key})` : ''}: ${p.field}: ${p.message}`;
}

async function readJson(file: string): Promise<unknown> {
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new DatasetError(`${file}: not valid JSON (${errorMessage(e)})`);
  }
}

/**
 * A `.json` file: issues, or metadata told by its shape. A file bearing one of docs/running-off-jira.md's
 * metadata names must have that shape. Given alone, a file must hold issues.
 */
async function readJsonFile(
  file: string,
  builder: DatasetBuilder,
  limits: Limits,
  budget: DatasetBudget,
  inFolder: boolean,
): Promise<void> {
  const size = (await fs.stat(file)).size;
  if (size > limits.maxJson) {
    throw new DatasetError(
      `${file}: ${size} bytes is more than the ${limits.maxJson} a JSON file may hold; use JSON Lines`,
    );
  }
  if (size > WHOLE_JSON_MAX_BYTES) return readJsonRecordsFile(file, builder, limits, budget);
  budget.forFile(file).bytes(size);
  const value = await readJson(file);
  const named = inFolder ? METADATA_NAMES[path.basename(file).toLowerCase()] : undefined;
  let content = classifyJson(value);
  if (named !== undefined && content.kind !== named) content = asNamed(file, named, value);
  switch (content.kind) {
    case 'issues': {
      const batch = new FileBatch();
      content.records.forEach((record, i) => {
        builder.stage(batch, record, file, content.recordName(i));
      });
      builder.commit(batch);
      builder.filesRead++;
      return;
    }
    case 'unknown':
      if (!inFolder)
        throw new DatasetError(
          `${file}: neither an array of issues, a search response ({ "issues": [...] }) nor a single issue`,
        );
      builder.otherFiles.push({ file, what: 'not Jira issue data', used: false });
      return;
    case 'statuses':
      if (!inFolder) throw new DatasetError(`${file}: ${content.what}, not issues`);
      builder.statusList.push(...content.statuses.map(toKnownStatus));
      builder.otherFiles.push({ file, what: content.what, used: true });
      return;
    case 'projects':
      if (!inFolder) throw new DatasetError(`${file}: project metadata, not issues`);
      builder.projects.push(...content.projects);
      builder.otherFiles.push({ file, what: 'project metadata', used: true });
      return;
    case 'fields':
    case 'users':
      if (!inFolder)
        throw new DatasetError(
          `${file}: ${content.kind === 'fields' ? 'a field list' : 'a user list'}, not issues`,
        );
      // Read by the emulator, not by reports.
      if (builder.keepRaw) {
        if (content.kind === 'fields') builder.fieldsJson = content.value;
        else builder.usersJson = content.value;
      }
      builder.otherFiles.push({
        file,
        what: content.kind === 'fields' ? 'a field list' : 'users of the emulated site',
        used: true,
      });
      return;
    case 'ignored':
      if (!inFolder) throw new DatasetError(`${file}: ${content.what}, not issues`);
      builder.otherFiles.push({ file, what: content.what, used: false });
      return;
  }
}

/** A metadata file whose shape the classifier did not recognise: parsed as its name says, or refused. */
function asNamed(file: string, kind: JsonContent['kind'], value: unknown): JsonContent {
  switch (kind) {
    case 'statuses': {
      const parsed = statusListSchema.safeParse(value);
      if (parsed.success) return { kind: 'statuses', statuses: parsed.data, what: 'a status list' };
      throw new DatasetError(
        `${file}: not a status list (GET /rest/api/3/status): ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    case 'projects': {
      const parsed = z.union([projectSchema.transform((p) => [p]), z.array(projectSchema)]).safeParse(value);
      if (parsed.success) return { kind: 'projects', projects: parsed.data };
      throw new DatasetError(
        `${file}: not a project (GET /rest/api/3/project/{key}): ${parsed.error.issues[0]?.message ?? ''}`,
      );
    }
    case 'fields':
      return { kind: 'fields', value };
    default:
      return { kind: 'users', value };
  }
}

/** A large `.json` file of issues, read a record at a time. */
async function readJsonRecordsFile(
  file: string,
  builder: DatasetBuilder,
  limits: Limits,
  budget: DatasetBudget,
): Promise<void> {
  const stream = createReadStream(file);
  const batch = new FileBatch();
  try {
    for await (const { name, text } of jsonRecords(stream, limits.maxLine, budget.forFile(file))) {
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch (e) {
        builder.rejectLine(batch, file, name, errorMessage(e));
        continue;
      }
      builder.stage(batch, value, file, name);
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof DatasetError) throw e;
    if (e instanceof RecordTooLongError) throw new DatasetError(`${file}: ${e.message}`);
    if (e instanceof NotJsonError) throw new DatasetError(`${file}: not valid JSON (${e.message})`);
    throw new DatasetError(`${file}: cannot be read (${errorMessage(e)})`);
  }
  builder.commit(batch);
  builder.filesRead++;
}

async function readIssueLinesFile(
  file: string,
  gzipped: boolean,
  builder: DatasetBuilder,
  limits: Limits,
  budget: DatasetBudget,
): Promise<void> {
  const source = createReadStream(file);
  const stream = gzipped ? source.pipe(createGunzip()) : source;
  source.on('error', (e) => stream.destroy(e));
  const batch = new FileBatch();
  try {
    for await (const { line, text } of readLines(stream, limits.maxLine, budget.forFile(file))) {
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch (e) {
        builder.rejectLine(batch, file, `line ${line}`, errorMessage(e));
        continue;
      }
      builder.stage(batch, value, file, `line ${line}`);
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof DatasetError) throw e;
    if (e instanceof LineTooLongError) throw new DatasetError(`${file}: ${e.message}`);
    throw new DatasetError(`${file}: cannot be read (${errorMessage(e)})`);
  }
  builder.commit(batch);
  builder.filesRead++;
}

/** Files under a folder, depth first in name order, so that loads are repeatable. Symlinks are not followed. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

export async function loadDataset(source: string, options: LoadOptions = {}): Promise<LoadedDataset> {
  const limits: Limits = {
    maxJson: options.maxJsonFileBytes ?? DEFAULT_MAX_JSON_FILE_BYTES,
    maxLine: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxDecompressed: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    maxLines: options.maxLines ?? DEFAULT_MAX_LINES,
    maxRecords: options.maxRecords ?? DEFAULT_MAX_RECORDS,
    maxProblems: options.maxProblems ?? DEFAULT_MAX_PROBLEMS,
  };
  let stat;
  try {
    stat = await fs.stat(source);
  } catch {
    throw new DatasetError(`${source}: no such file or folder`);
  }
  const inFolder = stat.isDirectory();
  const builder = new DatasetBuilder(options.projectKey, options.keepRaw === true, limits);
  const budget = new DatasetBudget(limits);
  const files = inFolder ? await listFiles(source) : [source];
  for (const file of files) {
    const kind = issueFileKind(file);
    if (kind === null) {
      if (!inFolder) throw new DatasetError(`${file}: not a .json, .jsonl or .jsonl.gz file`);
      continue;
    }
    try {
      if (kind === 'json') await readJsonFile(file, builder, limits, budget, inFolder);
      else await readIssueLinesFile(file, kind === 'jsonl.gz', builder, limits, budget);
    } catch (e) {
      const error =
        e instanceof DatasetError ? e : new DatasetError(`${file}: cannot be read (${errorMessage(e)})`);
      // Given one file, a broken file is the whole dataset; in a folder it is one file left out,
      // reported. A limit of the whole dataset stops the load wherever it is reached.
      if (!inFolder || error instanceof DatasetLimitError) throw error;
      builder.problems.push({
        file,
        record: '(whole file)',
        key: null,
        field: '(file)',
        message: error.message.slice(file.length + 2),
      });
    }
  }
  builder.finish();
  return {
    source,
    items: builder.items,
    issues: builder.issues,
    statuses: builder.knownStatuses(),
    projects: builder.projects,
    projectCounts: builder.projectCounts,
    problems: builder.problems,
    duplicates: builder.duplicates,
    otherFiles: builder.otherFiles,
    rawIssues: builder.rawIssues,
    fieldsJson: builder.fieldsJson,
    usersJson: builder.usersJson,
    filesRead: builder.filesRead,
  };
}
