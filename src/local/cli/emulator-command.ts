import path from 'node:path';
import { errorMessage } from '../../domain/errors';
import { parseJiraDateTime } from '../../jira/datetime';
import { DatasetError } from '../dataset/dataset-bounds';
import { JiraEmulator } from '../emulator/emulator';
import { startEmulatorServer } from '../emulator/http-server';
import { loadSite } from '../emulator/load-site';
import { packageRoot } from '../package-root';
import { CliError, parseCommandLine, type CliIo } from './io';
import { printable } from './terminal-text';

export const EMULATOR_HELP = `Usage: flow-ledger emulator [options]

Serves a Jira Cloud REST API (the part Flow Ledger uses) over a dataset, with Jira's contract: token
paging, page caps, 410 for the removed search, bulk limits, per-user permissions, Basic auth.

Options:
  --dataset <path>     Issues as for "report" (default: the bundled demo). A users.json beside them
                       names the people and what each may browse, edit and administer; without it
                       there is one admin, admin@example.com, API token "flow-ledger".
  --port <n>           Port on 127.0.0.1 (default 4560; 0 picks a free one).
  --clock <ISO>        The site's "now" for relative JQL dates (default: the data's last activity).
  --latency-ms <n>     Delay every answer by n milliseconds.
  --fail-rate <f>      Answer this fraction of requests with a random 500, 502 or 503.
  --rate-limit <r>     Allow r requests a second per user; beyond, 429 with Retry-After.
  --seed <n>           Seed for the injected failures.
  -h, --help           Show this help.

Try: curl -u admin@example.com:flow-ledger http://127.0.0.1:4560/rest/api/3/myself
Request counts per endpoint: http://127.0.0.1:4560/__emulator/log
`;

function number(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new CliError(`${flag} must be a number from ${min} to ${max}, not "${text}"`, 2);
  return n;
}

/** Starts the emulator; resolves when it is listening, with a function that stops it. */
export async function runEmulator(
  argv: readonly string[],
  io: CliIo,
): Promise<{ code: number; stop?: () => Promise<void> }> {
  const values = parseCommandLine(argv, {
    dataset: { type: 'string' },
    port: { type: 'string' },
    clock: { type: 'string' },
    'latency-ms': { type: 'string' },
    'fail-rate': { type: 'string' },
    'rate-limit': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(EMULATOR_HELP);
    return { code: 0 };
  }
  const port = number('--port', values.port, 0, 65535) ?? 4560;
  const clockStart = values.clock === undefined ? undefined : parseJiraDateTime(values.clock);
  if (clockStart === null)
    throw new CliError(`--clock must be an ISO date-time with an offset, not "${values.clock ?? ''}"`, 2);
  const source =
    values.dataset === undefined ? path.join(packageRoot(), 'demo') : path.resolve(io.cwd, values.dataset);
  let loaded;
  try {
    loaded = await loadSite(source);
  } catch (e) {
    throw new CliError(e instanceof DatasetError ? e.message : errorMessage(e));
  }
  const started = Date.now();
  const emulator = new JiraEmulator(loaded.site, {
    ...(clockStart !== undefined ? { clock: () => clockStart + (Date.now() - started) } : {}),
    latencyMs: number('--latency-ms', values['latency-ms'], 0, 60_000) ?? 0,
    failRate: number('--fail-rate', values['fail-rate'], 0, 1) ?? 0,
    rateLimit: number('--rate-limit', values['rate-limit'], 0, 1_000_000) ?? 0,
    seed: number('--seed', values.seed, -2_147_483_648, 2_147_483_647) ?? 20_130_301,
    baseUrl: `http://127.0.0.1:${port}`,
  });
  let running;
  try {
    running = await startEmulatorServer(emulator, port);
  } catch (e) {
    throw new CliError(`cannot listen on port ${port}: ${errorMessage(e)}`);
  }
  const projects = loaded.site.projects.map((p) => p.key).join(', ');
  io.stdout(
    [
      `Jira Cloud emulator at ${running.url}`,
      `  ${loaded.site.issues.length} issues in ${projects}; clock ${new Date(emulator.now()).toISOString()}`,
      ...(loaded.problems > 0
        ? [
            `  ${loaded.problems === 1 ? '1 record' : `${loaded.problems} records`} could not be read and ${loaded.problems === 1 ? 'was' : 'were'} left out; the first: ${printable(loaded.firstProblem ?? '')}`,
          ]
        : []),
      `  users: ${loaded.site.users.map((u) => `${u.emailAddress} (token ${u.apiToken})`).join(', ')}`,
      `  request counts: ${running.url}/__emulator/log`,
      '',
    ].join('\n'),
  );
  return { code: 0, stop: () => running.close() };
}
