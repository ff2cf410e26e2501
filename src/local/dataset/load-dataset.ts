import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { distinctStatuses } from '../../domain/status-map';
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
import { LineTooLongError, readLines } from './read-lines';

/**
 * Reads a dataset of Jira REST issue JSON (DESIGN §8): a file holding an array of issues, a search
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
  /** From statuses.json, and the current status of every issue read (of any project). */
  readonly statuses: KnownStatus[];
  readonly projects: JiraProject[];
  /** Issues per project key in the whole dataset, before any project filter. */
  readonly projectCounts: ReadonlyMap<string, number>;
  readonly problems: RecordProblem[];
  /** Keys seen more than once; the first record read is kept. */
  readonly duplicates: string[];
  /** With `keepRaw`: each issue's record as read, in the order of `issues` (for the emulator). */
  readonly rawIssues: unknown[];
  /** With `keepRaw`: the contents of `fields.json` and `users.json`, unparsed (the emulator parses them). */
  readonly fieldsJson: unknown;
  readonly usersJson: unknown;
  readonly filesRead: number;
}

export interface LoadOptions {
  /** Keep only issues of this project (by `fields.project.key`, else by key prefix). */
  readonly projectKey?: string | undefined;
  readonly maxJsonFileBytes?: number;
  readonly maxLineBytes?: number;
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

const DEFAULT_MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;
const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;
const METADATA_FILES = new Set([
  'statuses.json',
  'fields.json',
  'project.json',
  'projects.json',
  'users.json',
]);

type IssueFileKind = 'json' | 'jsonl' | 'jsonl.gz';

function issueFileKind(file: string): IssueFileKind | null {
  const lower = file.toLowerCase();
  if (lower.endsWith('.jsonl.gz')) return 'jsonl.gz';
  if (lower.endsWith('.jsonl')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

class DatasetBuilder {
  readonly items: WorkItem[] = [];
  readonly issues: JiraIssue[] = [];
  readonly statuses: KnownStatus[] = [];
  readonly projects: JiraProject[] = [];
  readonly projectCounts = new Map<string, number>();
  readonly problems: RecordProblem[] = [];
  readonly duplicates: string[] = [];
  readonly rawIssues: unknown[] = [];
  fieldsJson: unknown = null;
  usersJson: unknown = null;
  private readonly seen = new Set<string>();
  private levels: Map<string, number> | null = null;
  filesRead = 0;

  constructor(
    private readonly projectKey: string | undefined,
    readonly keepRaw: boolean,
  ) {}

  addRecord(value: unknown, file: string, record: string): void {
    const parsed = issueSchema.safeParse(value);
    if (!parsed.success) {
      this.problems.push(problemOf(parsed.error, value, file, record));
      return;
    }
    const issue = parsed.data;
    const item = toWorkItem(issue);
    this.currentStatuses.push(item.status);
    const project = item.projectKey ?? '';
    this.projectCounts.set(project, (this.projectCounts.get(project) ?? 0) + 1);
    if (this.projectKey !== undefined && project !== this.projectKey) return;
    if (this.seen.has(issue.key)) {
      this.duplicates.push(issue.key);
      return;
    }
    this.seen.add(issue.key);
    this.issues.push(issue);
    this.items.push(item);
    if (this.keepRaw) this.rawIssues.push(value);
  }

  /**
   * Statuses are site-wide: an issue of any project that is in a status now tells its category,
   * which the changelogs of the chosen project may need (a status it no longer uses).
   */
  private readonly currentStatuses: KnownStatus[] = [];

  knownStatuses(): KnownStatus[] {
    return [...this.statuses, ...distinctStatuses(this.currentStatuses)];
  }

  /** Re-maps items once all project metadata is known, so issue types get their hierarchy levels. */
  finish(): void {
    const levels = this.hierarchyLevels();
    if (levels.size === 0) return;
    for (let i = 0; i < this.issues.length; i++) {
      const issue = this.issues[i];
      if (issue !== undefined && issue.fields.issuetype.hierarchyLevel === undefined) {
        this.items[i] = toWorkItem(issue, levels);
      }
    }
  }

  private hierarchyLevels(): Map<string, number> {
    if (this.levels !== null) return this.levels;
    this.levels = new Map();
    for (const p of this.projects) {
      for (const t of p.issueTypes ?? []) {
        if (t.id !== undefined && t.hierarchyLevel !== undefined) this.levels.set(t.id, t.hierarchyLevel);
      }
    }
    return this.levels;
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

async function readJson(file: string, maxBytes: number): Promise<unknown> {
  const stat = await fs.stat(file);
  if (stat.size > maxBytes) {
    throw new DatasetError(
      `${file}: ${stat.size} bytes is more than the ${maxBytes} a JSON file may hold; use JSON Lines`,
    );
  }
  const text = await fs.readFile(file, 'utf8');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (e) {
    throw new DatasetError(`${file}: not valid JSON (${errorMessage(e)})`);
  }
}

async function readIssueJsonFile(file: string, builder: DatasetBuilder, maxBytes: number): Promise<void> {
  const value = await readJson(file, maxBytes);
  if (Array.isArray(value)) {
    value.forEach((record, i) => {
      builder.addRecord(record, file, `#${i}`);
    });
  } else if (isRecord(value) && Array.isArray(value.issues)) {
    value.issues.forEach((record, i) => {
      builder.addRecord(record, file, `issues[${i}]`);
    });
  } else if (isRecord(value) && 'key' in value && 'fields' in value) {
    builder.addRecord(value, file, '#0');
  } else {
    throw new DatasetError(
      `${file}: neither an array of issues, a search response ({ "issues": [...] }) nor a single issue`,
    );
  }
}

async function readIssueLinesFile(
  file: string,
  gzipped: boolean,
  builder: DatasetBuilder,
  maxLineBytes: number,
): Promise<void> {
  const source = createReadStream(file);
  const stream = gzipped ? source.pipe(createGunzip()) : source;
  source.on('error', (e) => stream.destroy(e));
  try {
    for await (const { line, text } of readLines(stream, maxLineBytes)) {
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch (e) {
        builder.problems.push({
          file,
          record: `line ${line}`,
          key: null,
          field: '(record)',
          message: `not valid JSON (${errorMessage(e)})`,
        });
        continue;
      }
      builder.addRecord(value, file, `line ${line}`);
    }
  } catch (e) {
    if (e instanceof LineTooLongError) throw new DatasetError(`${file}: ${e.message}`);
    throw new DatasetError(`${file}: cannot be read (${errorMessage(e)})`);
  }
}

async function readMetadata(file: string, builder: DatasetBuilder, maxBytes: number): Promise<void> {
  const name = path.basename(file).toLowerCase();
  if (name === 'fields.json' || name === 'users.json') {
    // Read by the emulator, not by reports.
    if (!builder.keepRaw) return;
    const value = await readJson(file, maxBytes);
    if (name === 'fields.json') builder.fieldsJson = value;
    else builder.usersJson = value;
    return;
  }
  const value = await readJson(file, maxBytes);
  if (name === 'statuses.json') {
    const parsed = statusListSchema.safeParse(value);
    if (!parsed.success)
      throw new DatasetError(
        `${file}: not a status list (GET /rest/api/3/status): ${parsed.error.issues[0]?.message ?? ''}`,
      );
    builder.statuses.push(...parsed.data.map(toKnownStatus));
    return;
  }
  const list = name === 'projects.json' && Array.isArray(value) ? value : [value];
  for (const p of list) {
    const parsed = projectSchema.safeParse(p);
    if (!parsed.success)
      throw new DatasetError(
        `${file}: not a project (GET /rest/api/3/project/{key}): ${parsed.error.issues[0]?.message ?? ''}`,
      );
    builder.projects.push(parsed.data);
  }
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
  const maxJson = options.maxJsonFileBytes ?? DEFAULT_MAX_JSON_FILE_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let stat;
  try {
    stat = await fs.stat(source);
  } catch {
    throw new DatasetError(`${source}: no such file or folder`);
  }
  const builder = new DatasetBuilder(options.projectKey, options.keepRaw === true);
  const files = stat.isDirectory() ? await listFiles(source) : [source];
  const metadata = stat.isDirectory()
    ? files.filter((f) => METADATA_FILES.has(path.basename(f).toLowerCase()))
    : [];
  for (const file of metadata) await readMetadata(file, builder, maxJson);
  for (const file of files) {
    if (metadata.includes(file)) continue;
    const kind = issueFileKind(file);
    if (kind === null) {
      if (!stat.isDirectory()) throw new DatasetError(`${file}: not a .json, .jsonl or .jsonl.gz file`);
      continue;
    }
    try {
      if (kind === 'json') await readIssueJsonFile(file, builder, maxJson);
      else await readIssueLinesFile(file, kind === 'jsonl.gz', builder, maxLine);
      builder.filesRead++;
    } catch (e) {
      const error =
        e instanceof DatasetError ? e : new DatasetError(`${file}: cannot be read (${errorMessage(e)})`);
      // Given one file, a broken file is the whole dataset; in a folder it is one file left out, reported.
      if (!stat.isDirectory()) throw error;
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
    rawIssues: builder.rawIssues,
    fieldsJson: builder.fieldsJson,
    usersJson: builder.usersJson,
    filesRead: builder.filesRead,
  };
}
