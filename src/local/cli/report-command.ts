import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCivilDate, Zone } from '../../domain/calendar';
import { DEFAULT_WINDOW_DAYS, defaultWindow } from '../../domain/window';
import { DomainError, errorMessage } from '../../domain/errors';
import { computeFlowReport, type FlowReport } from '../../domain/flow-report';
import { DEFAULT_SETTINGS, type FlowSettings } from '../../domain/settings';
import type { WorkItem } from '../../domain/types';
import { parseJiraDateTime } from '../../jira/datetime';
import { parseFlowSettings } from '../../settings-schema';
import { DatasetError, describeProblem, loadDataset, type LoadedDataset } from '../dataset/load-dataset';
import { fetchTransport } from '../../jira/fetch-transport';
import { getProject } from '../../jira/jira-api';
import { JiraClient } from '../../jira/jira-client';
import { reportForProject } from '../../services/project-flow-service';
import { packageRoot } from '../package-root';
import { formatCsv } from '../../presentation/report-csv';
import { formatTable } from './format-table';
import { CliError, parseCommandLine, type CliIo } from './io';
import { printable } from './terminal-text';

/** With no --dataset: the bundled demo (real public Jira data as of 2013-08-01, see demo/README.md). */
export const DEMO = { dataset: 'demo', project: 'AGPUSH' } as const;

/** A whole report read from a site may take many calls; it is not bound by a resolver's 25 s. */
const DEFAULT_SITE_TIMEOUT_S = 300;

export const REPORT_HELP = `Usage: flow-ledger report [options]

Computes flow distribution and flow metrics (DESIGN §5) for one project over one window, from a
dataset of Jira REST issue JSON.

Options:
  --dataset <path>    Jira issue JSON: an array, a search response ({ "issues": [...] }), one issue,
                      JSON Lines (.jsonl), gzipped JSON Lines (.jsonl.gz), or a folder of those
                      (statuses.json, fields.json, project.json, projects.json and users.json in it
                      are metadata). Default: the bundled demo (projects AGPUSH and ALOY).
  --project <KEY>     The project to report on: issues whose fields.project.key is KEY (or, without a
                      project field, whose key starts with KEY-), in any case. Default: the
                      dataset's only project (AGPUSH for the demo).
  --from <YYYY-MM-DD> First day of the window (inclusive). Default: ${DEFAULT_WINDOW_DAYS} days before --to.
  --to <YYYY-MM-DD>   Last day of the window (inclusive). Default: the day of the project's last
                      activity (creation, status change or resolution).
  --as-of <ISO>       Moment at which load, age and the in-progress mix are taken, as an ISO date-time
                      with an offset (2013-10-01T00:00:00Z) or a date (its 00:00 in the settings' zone).
                      Default: the end of the window (the day after --to, 00:00).
  --settings <file>   JSON settings: type rules, status overrides, targets, time zone, working
                      calendar, trend period. Keys left out keep their defaults. Targets are
                      fractions of completed work: {"targets": {"debt": {"min": 0.1, "max": 0.2}}}
                      is 10 % to 20 % (a value above 1 is refused).
  --trend <period>    week (ISO weeks, Monday start) or month. Overrides the settings.
  --format <format>   table (default, for reading), json (the contract of DESIGN §8) or csv (one
                      figure per row: section,metric,type,period,value).
  --strict            Fail when any record of the dataset cannot be read, instead of leaving it out
                      and reporting it under INVALID_RECORD.
  --site <url>        Read the project from a Jira Cloud site (or the emulator) instead of a dataset,
                      as the user of --email and --token (default: $JIRA_EMAIL and $JIRA_API_TOKEN).
                      Without --to, the window ends today.
  --email <address>   With --site: the Atlassian account's email.
  --token <token>     With --site: an API token (id.atlassian.com → Security → API tokens).
  --timeout <seconds> With --site: give up after this long, naming the request that did not
                      answer (default ${DEFAULT_SITE_TIMEOUT_S}).
  -h, --help          Show this help.

Exit status: 0 on success, 1 when the report cannot be made (unknown project, unreadable dataset,
bad settings), 2 when the command line itself is wrong.
`;

interface ReportArgs {
  dataset: string | undefined;
  project: string | undefined;
  from: string | undefined;
  to: string | undefined;
  asOf: string | undefined;
  settings: string | undefined;
  trend: string | undefined;
  format: string;
  strict: boolean;
  site: string | undefined;
  email: string | undefined;
  token: string | undefined;
  timeout: string | undefined;
  help: boolean;
}

function parseReportArgs(argv: readonly string[]): ReportArgs {
  const values = parseCommandLine(argv, {
    dataset: { type: 'string' },
    project: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    settings: { type: 'string' },
    trend: { type: 'string' },
    format: { type: 'string', default: 'table' },
    strict: { type: 'boolean', default: false },
    site: { type: 'string' },
    email: { type: 'string' },
    token: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  return {
    dataset: values.dataset,
    project: values.project,
    from: values.from,
    to: values.to,
    asOf: values['as-of'],
    settings: values.settings,
    trend: values.trend,
    format: values.format,
    strict: values.strict,
    site: values.site,
    email: values.email,
    token: values.token,
    timeout: values.timeout,
    help: values.help,
  };
}

async function readSettings(file: string | undefined, trend: string | undefined): Promise<FlowSettings> {
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

/** The last moment anything happened to the project's issues: creation, status change or resolution. */
function lastActivity(items: readonly WorkItem[]): number | null {
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

function parseAsOf(text: string | undefined, zone: Zone): number | undefined {
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

function checkDate(flag: string, text: string | undefined): void {
  if (text !== undefined && parseCivilDate(text) === null) {
    throw new CliError(`${flag} must be a date as YYYY-MM-DD, not "${text}"`, 2);
  }
}

export async function runReport(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseReportArgs(argv);
  if (args.help) {
    io.stdout(REPORT_HELP);
    return 0;
  }
  if (!['table', 'json', 'csv'].includes(args.format)) {
    throw new CliError(`--format must be table, json or csv, not "${args.format}"`, 2);
  }
  checkDate('--from', args.from);
  checkDate('--to', args.to);
  if (args.site !== undefined) {
    if (args.dataset !== undefined) throw new CliError('give either --dataset or --site, not both', 2);
    const settings = await readSettings(args.settings, args.trend);
    const report = await siteReport(args, settings, io);
    io.stdout(formatReport(report, args.format));
    return 0;
  }
  const useDemo = args.dataset === undefined;
  const datasetPath = useDemo
    ? path.join(packageRoot(), DEMO.dataset)
    : path.resolve(io.cwd, args.dataset ?? '');
  const settings = await readSettings(args.settings, args.trend);
  const zone = new Zone(settings.timeZone);

  let dataset: LoadedDataset;
  try {
    dataset = await loadDataset(datasetPath);
  } catch (e) {
    if (e instanceof DatasetError) throw new CliError(e.message);
    throw e;
  }
  const project = chooseProject(dataset, args.project ?? (useDemo ? DEMO.project : undefined));
  const items = dataset.items.filter((i) => i.projectKey === project);
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

  let report: FlowReport;
  try {
    // A dataset's "today" is its last activity: the default window is the twelve weeks up to it.
    const { from, to } = defaultWindow(args, zone, lastActivity(items) ?? 0);
    report = computeFlowReport({
      project,
      items,
      statuses: dataset.statuses,
      window: { from, to, asOf: parseAsOf(args.asOf, zone) },
      settings,
      invalidRecords: dataset.problems.map((p) => p.key ?? `${path.basename(p.file)} ${p.record}`),
    });
  } catch (e) {
    if (e instanceof DomainError) throw new CliError(e.message, e.code === 'INVALID_INPUT' ? 2 : 1);
    throw e;
  }
  if (isEmpty(report)) {
    const span = dataSpan(items);
    say(
      io,
      `note: nothing in ${project} bears on ${report.window.from} to ${report.window.to}` +
        (span === null ? '' : `; its issues run from ${span.from} to ${span.to}`),
    );
  }
  io.stdout(formatReport(report, args.format));
  return 0;
}

/** One line on stderr; names from the data cannot drive the terminal. */
function say(io: CliIo, line: string): void {
  io.stderr(`flow-ledger: ${printable(line)}\n`);
}

/** No item completed, canceled or in progress at any moment of the window. */
function isEmpty(report: FlowReport): boolean {
  return (
    report.velocity.total === 0 &&
    report.canceled === 0 &&
    report.load.atAsOf === 0 &&
    report.load.dailyAverage === 0 &&
    report.dataQuality.every((f) => f.code === 'INVALID_RECORD')
  );
}

/** The days from the first creation to the last activity of the items, in UTC. */
function dataSpan(items: readonly WorkItem[]): { from: string; to: string } | null {
  const last = lastActivity(items);
  if (last === null || items.length === 0) return null;
  const first = Math.min(...items.map((i) => i.created));
  return { from: new Date(first).toISOString().slice(0, 10), to: new Date(last).toISOString().slice(0, 10) };
}

function formatReport(report: FlowReport, format: string): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  return format === 'csv' ? formatCsv(report) : formatTable(report);
}

/** The same report from a live site (or the emulator), read through the app's own Jira adapter. */
async function siteReport(args: ReportArgs, settings: FlowSettings, io: CliIo): Promise<FlowReport> {
  const email = args.email ?? io.env.JIRA_EMAIL;
  const token = args.token ?? io.env.JIRA_API_TOKEN;
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
  });
  try {
    const project = await getProject(jira, args.project);
    const window = { from: args.from, to: args.to, asOf: parseAsOf(args.asOf, new Zone(settings.timeZone)) };
    const view = await reportForProject(jira, project, settings, window, Date.now());
    if (isEmpty(view.report)) {
      say(
        io,
        `note: nothing in ${project.key} bears on ${view.report.window.from} to ${view.report.window.to} (${view.issuesRead} issues read)`,
      );
    }
    return view.report;
  } catch (e) {
    if (e instanceof DomainError)
      throw new CliError(`${site.origin}: ${e.message}`, e.code === 'INVALID_INPUT' ? 2 : 1);
    if (e instanceof TypeError) throw new CliError(`${site.origin}: cannot be reached (${errorMessage(e)})`);
    throw e;
  }
}
