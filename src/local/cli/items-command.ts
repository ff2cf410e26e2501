import { Zone } from '../../domain/calendar';
import { DomainError } from '../../domain/errors';
import { itemRows, type ItemRow } from '../../domain/item-rows';
import { defaultWindow } from '../../domain/window';
import { getProject } from '../../jira/jira-api';
import { formatItemsCsv } from '../../presentation/items-csv';
import { fetchProjectData } from '../../services/project-data';
import { CliError, parseCommandLine, type CliIo } from './io';
import {
  checkDate,
  datasetProject,
  lastActivity,
  parseAsOf,
  readSettingsFile,
  siteClient,
  siteFailure,
  SOURCE_HELP,
  SOURCE_OPTIONS,
} from './project-source';

export const ITEMS_HELP = `Usage: flow-ledger items [options]

The flow items of one project, one row each, as every flow tool exports them: key, summary, type
and the rule that decided it, created, work start, completion, state, canceled, flow time, lead
time, active and waiting days. For checking a figure by hand, a spreadsheet, or ActionableAgile.

Options:
${SOURCE_HELP}
  --from <YYYY-MM-DD> With --to (either may be left out): only the items completed in the window or in
  --to <YYYY-MM-DD>   progress at some moment of it, read as of the window's end.
  --as-of <ISO>       Without a window: the moment states and ages are read at. Default: the end of
                      the day of the data's last activity (with --site, now).
  --format <format>   csv (default) or json (an array of the same rows; instants in UTC, null where
                      there is none).
  -h, --help          Show this help.

Active and waiting days split the flow time of a completed item, or the age so far of one in
progress. Items are those at the flow-item level of the settings (stories, tasks and bugs by
default).
`;

export async function runItems(argv: readonly string[], io: CliIo): Promise<number> {
  const values = parseCommandLine(argv, {
    ...SOURCE_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string', default: 'csv' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(ITEMS_HELP);
    return 0;
  }
  if (values.format !== 'csv' && values.format !== 'json')
    throw new CliError(`--format must be csv or json, not "${values.format}"`, 2);
  checkDate('--from', values.from);
  checkDate('--to', values.to);
  const settings = await readSettingsFile(values.settings, undefined);
  const zone = new Zone(settings.timeZone);
  const windowed = values.from !== undefined || values.to !== undefined;

  let rows: ItemRow[];
  try {
    if (values.site !== undefined) {
      const { jira, origin, project: key } = siteClient(values, io);
      try {
        const project = await getProject(jira, key);
        const now = Date.now();
        const window = windowed ? defaultWindow(values, zone, now) : undefined;
        const data = await fetchProjectData(jira, project, window?.from, now);
        rows = itemRows({
          items: data.items.filter((i) => i.projectKey === project.key),
          statuses: data.statuses,
          settings,
          window,
          asOf: parseAsOf(values['as-of'], zone) ?? now,
        });
      } catch (e) {
        throw siteFailure(origin, e);
      }
    } else {
      const { items, statuses } = await datasetProject(values, io);
      const last = lastActivity(items) ?? 0;
      rows = itemRows({
        items,
        statuses,
        settings,
        window: windowed ? defaultWindow(values, zone, last) : undefined,
        // As the report's default window does: to the end of the day of the last activity, so
        // that the last change itself is in.
        asOf: parseAsOf(values['as-of'], zone) ?? zone.startOfDay(zone.dayOf(last) + 1),
      });
    }
  } catch (e) {
    if (e instanceof DomainError) throw new CliError(e.message, e.code === 'INVALID_INPUT' ? 2 : 1);
    throw e;
  }
  io.stdout(values.format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : formatItemsCsv(rows));
  return 0;
}
