import { Zone } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { computeFlowReport, type FlowReport } from '../../domain/flow-report';
import type { FlowSettings } from '../../domain/settings';
import { DEFAULT_WINDOW_DAYS, defaultWindow } from '../../domain/window';
import { getProject } from '../../jira/jira-api';
import { formatCsv } from '../../presentation/report-csv';
import { reportForProject } from '../../services/project-flow-service';
import { formatTable } from './format-table';
import { CliError, parseCommandLine, type CliIo } from './io';
import {
  checkDate,
  dataSpan,
  datasetProject,
  lastActivity,
  parseAsOf,
  readSettingsFile,
  say,
  siteClient,
  siteFailure,
  SOURCE_HELP,
  SOURCE_OPTIONS,
  type SourceArgs,
} from './project-source';

export { DEMO } from './project-source';

export const REPORT_HELP = `Usage: flow-ledger report [options]

Computes flow distribution and flow metrics (docs/flow-metrics.md#metrics) for one project over one window, from a
dataset of Jira REST issue JSON or from a site.

Options:
${SOURCE_HELP}
  --from <YYYY-MM-DD> First day of the window (inclusive). Default: ${DEFAULT_WINDOW_DAYS} days before --to.
  --to <YYYY-MM-DD>   Last day of the window (inclusive). Default: the day of the project's last
                      activity (creation, status change or resolution); with --site, today.
  --as-of <ISO>       Moment at which load, age and the in-progress mix are taken, as an ISO date-time
                      with an offset (2013-10-01T00:00:00Z) or a date (its 00:00 in the settings' zone).
                      Default: the end of the window (the day after --to, 00:00).
  --trend <period>    week (ISO weeks, Monday start) or month. Overrides the settings.
  --format <format>   table (default, for reading), json (the contract of docs/running-off-jira.md) or csv (one
                      figure per row: section,metric,type,period,value).
  -h, --help          Show this help.

Exit status: 0 on success, 1 when the report cannot be made (unknown project, unreadable dataset,
bad settings), 2 when the command line itself is wrong.
`;

interface ReportArgs extends SourceArgs {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf?: string | undefined;
  readonly trend?: string | undefined;
  readonly format: string;
  readonly help: boolean;
}

function parseReportArgs(argv: readonly string[]): ReportArgs {
  const values = parseCommandLine(argv, {
    ...SOURCE_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    trend: { type: 'string' },
    format: { type: 'string', default: 'table' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  return { ...values, asOf: values['as-of'] };
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
  const settings = await readSettingsFile(args.settings, args.trend);
  const report =
    args.site !== undefined ? await siteReport(args, settings, io) : await datasetReport(args, settings, io);
  io.stdout(formatReport(report, args.format));
  return 0;
}

async function datasetReport(args: ReportArgs, settings: FlowSettings, io: CliIo): Promise<FlowReport> {
  const zone = new Zone(settings.timeZone);
  const { project, items, statuses, invalidRecords } = await datasetProject(args, io);
  let report: FlowReport;
  try {
    // A dataset's "today" is its last activity: the default window is the twelve weeks up to it.
    const { from, to } = defaultWindow(args, zone, lastActivity(items) ?? 0);
    report = computeFlowReport({
      project,
      items,
      statuses,
      window: { from, to, asOf: parseAsOf(args.asOf, zone) },
      settings,
      invalidRecords,
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
  return report;
}

/** The same report from a live site (or the emulator), read through the app's own Jira adapter. */
async function siteReport(args: ReportArgs, settings: FlowSettings, io: CliIo): Promise<FlowReport> {
  const { jira, origin, project: key } = siteClient(args, io);
  try {
    const project = await getProject(jira, key);
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
    throw siteFailure(origin, e);
  }
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

function formatReport(report: FlowReport, format: string): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  return format === 'csv' ? formatCsv(report) : formatTable(report);
}
