import type { z } from 'zod';
import { catalogStatuses } from '../../domain/status-map';
import type { KnownStatus, WorkItem } from '../../domain/types';
import { toWorkItem } from '../../jira/issue-mapper';
import { issueSchema, type JiraIssue, type JiraProject } from '../../jira/schemas';
import { DatasetLimitError, type Limits } from './dataset-bounds';

/**
 * What a dataset accumulates as its files are read: the issues, parsed with the schemas of live
 * Jira answers and kept per file until the file is read to its end, the records that could not be,
 * each with its file, record and field, and the metadata files beside them.
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

export interface OtherFile {
  readonly file: string;
  /** What the file was recognised as, e.g. "a status list", or why it was left aside. */
  readonly what: string;
  readonly used: boolean;
}

export function describeProblem(p: RecordProblem): string {
  return `${p.file}: record ${p.record}${p.key !== null ? ` (${p.key})` : ''}: ${p.field}: ${p.message}`;
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
export class FileBatch {
  readonly issues: StagedIssue[] = [];
  readonly problems: RecordProblem[] = [];
}

export class DatasetBuilder {
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
