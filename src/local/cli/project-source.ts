import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCivilDate, type Zone } from '../../domain/calendar';
import { DomainError, errorMessage } from '../../domain/errors';
import { DEFAULT_SETTINGS, type FlowSettings } from '../../domain/settings';
import type { KnownStatus, WorkItem } from '../../domain/types';
import { parseJiraDateTime } from '../../jira/datetime';
import { fetchTransport } from '../../jira/fetch-transport';
import { JiraClient } from '../../jira/jira-client';
import { parseFlowSettings } from '../../settings-schema';
import { DatasetError } from '../dataset/dataset-bounds';
import { describeProblem } from '../dataset/dataset-builder';
import { loadDataset, type LoadedDataset } from '../dataset/load-dataset';
import { packageRoot } from '../package-root';
import { CliError, type CliIo } from './io';
import { printable } from './terminal-text';

/**
 * Where a command reads one project from: a dataset (the bundled demo by default) or a site, with
 * the settings to read it with. `report` and `items` share it, so both read the same project the
 * same way and say the same things about the data on the way.
 */

/** With no --dataset: the bundled demo (real public Jira data as of 2013-08-01, see demo/README.md). */
export const DEMO = { dataset: 'demo', project: 'AGPUSH' } as const;

/** A whole project read from a site may take many calls; it is not bound by a resolver's 25 s. */
export const DEFAULT_SITE_TIMEOUT_S = 300;

/** The options every command that reads a project takes, for `parseCommandLine`. */
export const SOURCE_OPTIONS = {
  dataset: { type: 'string' },
  project: { type: 'string' },
  settings: { type: 'string' },
  strict: { type: 'boolean', default: false },
  site: { type: 'string' },
  email: { type: 'string' },
  token: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export interface SourceArgs {
  readonly dataset?: string | undefined;
  readonly project?: string | undefined;
  readonly settings?: string | undefined;
  readonly strict: boolean;
  readonly site?: string | undefined;
  readonly email?: string | undefined;
  readonly token?: string | undefined;
  readonly timeout?: string | undefined;
}

export const SOURCE_HELP = `  --dataset <path>    Jira issue JSON: an array, a search response ({ "issues": [...] }), one issue,
                      JSON Lines (.jsonl), gzipped JSON Lines (.jsonl.gz), or a folder of those with
                      their metadata (a status list, project, field list or users, told by their
                      shape). Default: the bundled demo (projects AGPUSH and ALOY).
  --project <KEY>     Issues whose fields.project.key is KEY (or, without a project field, whose key
                      starts with KEY-), in any case. Default: the dataset's only project (AGPUSH
                      for the demo).
  --settings <file>   JSON settings: type rules, status overrides, targets, time zone, working
                      calendar, trend period. Keys left out keep their defaults. Targets are
                      fractions of completed work: {"targets": {"debt": {"min": 0.1, "max": 0.2}}}
                      is 10 % to 20 % (a value above 1 is refused).
  --strict            Fail when any record of the dataset cannot be read, instead of leaving it out
                      and reporting it under INVALID_RECORD.
  --site <url>        Read the project from a Jira Cloud site (or the emulator) instead of a dataset,
                      as the user of --email and --token (default: $JIRA_EMAIL and $JIRA_API_TOKEN).
  --email <address>   With --site: the Atlassian account's email.
  --token <token>     With --site: an API token (id.atlassian.com → Security → API tokens).
  --timeout <seconds> With --site: give up after this long, naming the request that did not
                      answer (default ${DEFAULT_SITE_TIMEOUT_S}).`;

/** One line on stderr; names from the data cannot drive the terminal. */
export function say(io: CliIo, line: string): void {
  io.stderr(`flow-ledger: ${printable(line)}\n`);
}

export async function readSettingsFile(
  file: string | undefined,
  trend: string | undefined,
): Promise<FlowSettings> {
  let settings: FlowSettings = DEFAULT_SETTINGS;
  if (file !== undefined) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      throw new CliError(`cannot read the settings file ${file}`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      throw new CliError(`the settings file ${file} is not valid JSON`);
    }
    const parsed = parseFlowSettings(value);
    if (!parsed.ok) throw new CliError(`the settings file ${file} is not valid: ${parsed.error}`);
    settings = parsed.settings;
  }
  if (trend !== undefined) {
    if (trend !== 'week' && trend !== 'month')
      throw new CliError(`--trend must be week or month, not "${trend}"`, 2);
    settings = { ...settings, trendPeriod: trend };
  }
  return settings;
}

export function checkDate(flag: string, text: string | undefined): void {
  if (text !== undefined && parseCivilDate(text) === null) {
    throw new CliError(`${flag} must be a date as YYYY-MM-DD, not "${text}"`, 2);
  }
}

export function parseAsOf(text: string | undefined, zone: Zone): number | undefined {
  if (text === undefined) return undefined;
  const day = parseCivilDate(text);
  if (day !== null) return zone.startOfDay(day);
  const t = parseJiraDateTime(text);
  if (t === null) {
    throw new CliError(
      `--as-of must be an ISO date-time with an offset (2013-10-01T00:00:00Z) or a date, not "${text}"`,
      2,
    );
  }
  return t;
}

/** A project as a dataset holds it, with what the loader had to say about the data. */
export interface DatasetProject {
  readonly project: string;
  readonly items: WorkItem[];
  readonly statuses: KnownStatus[];
  /** Keys (or file and record) of the records that could not be read, for INVALID_RECORD. */
  readonly invalidRecords: string[];
}

/** Loads the dataset (the demo by default), chooses the project and says what was left out. */
export async function datasetProject(args: SourceArgs, io: CliIo): Promise<DatasetProject> {
  const useDemo = args.dataset === undefined;
  const datasetPath = useDemo
    ? path.join(packageRoot(), DEMO.dataset)
    : path.resolve(io.cwd, args.dataset ?? '');
  let dataset: LoadedDataset;
  try {
    dataset = await loadDataset(datasetPath);
  } catch (e) {
    if (e instanceof DatasetError) throw new CliError(e.message);
    throw e;
  }
  const project = chooseProject(dataset, args.project ?? (useDemo ? DEMO.project : undefined));
  const aside = dataset.otherFiles.filter((f) => !f.used);
  if (aside.length > 0) {
    say(
      io,
      `note: left aside ${aside.length === 1 ? 'a file that holds' : `${aside.length} files that hold`} no issues: ${aside.map((f) => `${path.basename(f.file)} (${f.what})`).join(', ')}`,
    );
  }
  if (dataset.problems.length > 0) {
    const first = dataset.problems[0];
    const summary = `${dataset.problems.length} record${dataset.problems.length === 1 ? '' : 's'} could not be read`;
    if (args.strict)
      throw new CliError(`${summary}; the first: ${first !== undefined ? describeProblem(first) : ''}`);
    say(
      io,
      `warning: ${summary} and ${dataset.problems.length === 1 ? 'was' : 'were'} left out (INVALID_RECORD)`,
    );
    for (const p of dataset.problems.slice(0, 5)) io.stderr(`  ${printable(describeProblem(p))}\n`);
  }
  if (dataset.duplicates.length > 0) {
    say(
      io,
      `warning: ${dataset.duplicates.length} issue keys appear more than once; the first record read was kept`,
    );
  }
  return {
    project,
    items: dataset.items.filter((i) => i.projectKey === project),
    statuses: dataset.statuses,
    invalidRecords: dataset.problems.map((p) => p.key ?? `${path.basename(p.file)} ${p.record}`),
  };
}

/** The project asked for, as the dataset spells it (keys are matched in any case, as Jira does). */
function chooseProject(dataset: LoadedDataset, requested: string | undefined): string {
  const keys = [...dataset.projectCounts.keys()].sort();
  if (keys.length === 0) throw new CliError(nothingReadable(dataset));
  if (requested !== undefined) {
    const key = keys.find((k) => k.toUpperCase() === requested.toUpperCase());
    if (key === undefined) {
      throw new CliError(
        `project ${requested} has no issues in ${dataset.source} (projects there: ${keys.join(', ')})`,
      );
    }
    return key;
  }
  const only = keys[0];
  if (keys.length === 1 && only !== undefined) return only;
  throw new CliError(
    `${dataset.source} holds ${keys.length} projects (${keys.join(', ')}); choose one with --project`,
    2,
  );
}

/** Why a dataset gave no issue at all: every record refused (the first, and how many), or none there. */
function nothingReadable(dataset: LoadedDataset): string {
  const first = dataset.problems[0];
  if (first !== undefined) {
    const n = dataset.problems.length;
    return `none of the records of ${dataset.source} could be read (${n} refused); the first: ${describeProblem(first)}`;
  }
  const aside = dataset.otherFiles.filter((f) => !f.used);
  return `${dataset.source} holds no issues${aside.length > 0 ? ` (only ${aside.map((f) => `${path.basename(f.file)}: ${f.what}`).join('; ')})` : ''}`;
}

/** The last moment anything happened to the items: creation, status change or resolution. */
export function lastActivity(items: readonly WorkItem[]): number | null {
  let last: number | null = null;
  const see = (t: number | null): void => {
    if (t !== null && (last === null || t > last)) last = t;
  };
  for (const item of items) {
    see(item.created);
    see(item.resolved);
    for (const c of item.changelog?.statusChanges ?? []) see(c.at);
  }
  return last;
}

/** The days from the first creation to the last activity of the items, in UTC. */
export function dataSpan(items: readonly WorkItem[]): { from: string; to: string } | null {
  const last = lastActivity(items);
  if (last === null || items.length === 0) return null;
  const first = Math.min(...items.map((i) => i.created));
  return { from: new Date(first).toISOString().slice(0, 10), to: new Date(last).toISOString().slice(0, 10) };
}

/** A client for the site of --site, as the account of --email and --token, within --timeout. */
/** The longest one request to a site may take before it is tried again. */
export const SITE_ATTEMPT_MS = 60_000;

export function siteClient(
  args: SourceArgs,
  io: CliIo,
): { jira: JiraClient; origin: string; project: string } {
  const email = args.email ?? io.env.JIRA_EMAIL;
  const token = args.token ?? io.env.JIRA_API_TOKEN;
  if (args.dataset !== undefined) throw new CliError('give either --dataset or --site, not both', 2);
  if (args.project === undefined) throw new CliError('--site needs --project', 2);
  if (email === undefined || token === undefined) {
    throw new CliError('--site needs an account: --email and --token, or JIRA_EMAIL and JIRA_API_TOKEN', 2);
  }
  let site: URL;
  try {
    site = new URL(args.site ?? '');
  } catch {
    throw new CliError(
      `--site must be a URL such as https://your-site.atlassian.net, not "${args.site ?? ''}"`,
      2,
    );
  }
  const timeout = args.timeout === undefined ? DEFAULT_SITE_TIMEOUT_S : Number(args.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 86_400)
    throw new CliError(
      `--timeout must be a number of seconds from 1 to 86400, not "${args.timeout ?? ''}"`,
      2,
    );
  const jira = new JiraClient(fetchTransport({ site: site.origin, email, apiToken: token }), {
    deadline: Date.now() + timeout * 1000,
    // A request Jira takes this long over has hung (a connection reset under it): tried again.
    maxAttemptMs: SITE_ATTEMPT_MS,
  });
  return { jira, origin: site.origin, project: args.project };
}

/** A failure reading a site, as the one line the CLI prints. */
export function siteFailure(origin: string, e: unknown): unknown {
  if (e instanceof DomainError)
    return new CliError(`${origin}: ${e.message}`, e.code === 'INVALID_INPUT' ? 2 : 1);
  if (e instanceof TypeError) return new CliError(`${origin}: cannot be reached (${errorMessage(e)})`);
  return e;
}
