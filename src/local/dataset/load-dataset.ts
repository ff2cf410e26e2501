import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import type { KnownStatus, WorkItem } from '../../domain/types';
import { toKnownStatus } from '../../jira/issue-mapper';
import { projectSchema, statusListSchema, type JiraIssue, type JiraProject } from '../../jira/schemas';
import { errorMessage } from '../../domain/errors';
import { DatasetBuilder, FileBatch, type OtherFile, type RecordProblem } from './dataset-builder';
import { classifyJson, METADATA_NAMES, type JsonContent } from './dataset-shapes';
import { jsonRecords, NotJsonError, RecordTooLongError, type JsonRecord } from './json-records';
import {
  DatasetBudget,
  DatasetError,
  DatasetLimitError,
  limitsOf,
  type DatasetBounds,
  type Limits,
} from './dataset-bounds';
import { LineTooLongError, readLines } from './read-lines';

/**
 * Reads a dataset of Jira REST issue JSON (docs/running-off-jira.md): a file holding an array of issues, a search
 * response `{ issues: [...] }`, one issue, JSON Lines, gzipped JSON Lines, or a folder of those with
 * metadata files beside them. Every record is parsed with the same schemas as live Jira responses;
 * a record that does not parse is left out and reported with its file, record and field.
 */

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

export interface LoadOptions extends DatasetBounds {
  /** Keep only issues of this project (by `fields.project.key`, else by key prefix). */
  readonly projectKey?: string | undefined;
  /** Keep every record as read, and the fields and users metadata, for the emulator. */
  readonly keepRaw?: boolean;
}

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
function readJsonRecordsFile(
  file: string,
  builder: DatasetBuilder,
  limits: Limits,
  budget: DatasetBudget,
): Promise<void> {
  const stream = createReadStream(file);
  const records = jsonRecords(stream, limits.maxLine, budget.forFile(file));
  return stageRecords(file, records, () => stream.destroy(), builder);
}

/** A JSON Lines file of issues, gzipped or not, read a line at a time. */
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
  async function* named(): AsyncGenerator<JsonRecord> {
    for await (const { line, text } of readLines(stream, limits.maxLine, budget.forFile(file)))
      yield { name: `line ${line}`, text };
  }
  return stageRecords(file, named(), () => stream.destroy(), builder);
}

/**
 * Stages each record of a file read as a stream, and commits them once the file is read to its
 * end: a record that is not JSON is one problem; a file that cannot be read to its end, or passes a
 * bound, adds nothing and says why.
 */
async function stageRecords(
  file: string,
  records: AsyncIterable<JsonRecord>,
  stop: () => void,
  builder: DatasetBuilder,
): Promise<void> {
  const batch = new FileBatch();
  try {
    for await (const { name, text } of records) {
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
    stop();
    if (e instanceof DatasetError) throw e;
    if (e instanceof LineTooLongError || e instanceof RecordTooLongError)
      throw new DatasetError(`${file}: ${e.message}`);
    if (e instanceof NotJsonError) throw new DatasetError(`${file}: not valid JSON (${e.message})`);
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
  const limits = limitsOf(options);
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
