import { existsSync } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../../domain/errors';
import { fetchTransport } from '../../jira/fetch-transport';
import { DatasetError } from '../dataset/dataset-bounds';
import { KvsStore } from '../forge/kvs-store';
import { LocalForge, type ForgeApp } from '../forge/local-forge';
import { packageRoot } from '../package-root';
import { emulatorPreview, FileGadgetStore } from '../preview/assemble';
import { myself, PreviewServer } from '../preview/preview-server';
import { RESOURCES } from '../preview/modules';
import { CliError, parseCommandLine, type CliIo } from './io';

export const PREVIEW_HELP = `Usage: flow-ledger preview [options]

A small Jira site on localhost with Flow Ledger installed: the project page, the issue panels,
the settings page and the dashboard gadget, each the built Custom UI in an iframe, their resolvers
running in Node against the Jira Cloud emulator (or a real site).

Options:
  --dataset <path>   The data to serve (default: the bundled demo, AGPUSH and ALOY on 2013-08-01, see demo/README.md).
  --port <n>         Port on 127.0.0.1 (default: $PORT, else 3000; 0 picks a free one).
  --allow-writes     With a real site: let the app write (agreement properties, labels). Off by default.
  --state-dir <path> Where settings and gadget configurations are kept (default: .flow-ledger).
  -h, --help         Show this help.

A real Jira Cloud site instead of the emulator: set JIRA_SITE (https://your-site.atlassian.net),
JIRA_EMAIL and JIRA_API_TOKEN. The preview then acts as that account only.

Settings and gadget configurations are kept in .flow-ledger/ under the dataset's name.
`;

export async function runPreview(
  argv: readonly string[],
  io: CliIo,
  app: ForgeApp,
): Promise<{ code: number; stop?: () => Promise<void>; url?: string }> {
  const values = parseCommandLine(argv, {
    dataset: { type: 'string' },
    port: { type: 'string' },
    'allow-writes': { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(PREVIEW_HELP);
    return { code: 0 };
  }
  const portText = values.port ?? io.env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port must be a port number, not "${portText}"`, 2);
  const root = packageRoot();
  const staticRoot = path.join(root, 'static');
  const stateDir =
    values['state-dir'] === undefined
      ? path.join(root, '.flow-ledger')
      : path.resolve(io.cwd, values['state-dir']);
  const missing = RESOURCES.filter((r) => !existsSync(path.join(staticRoot, r, 'build', 'index.html')));
  if (missing.length > 0)
    throw new CliError(
      `the UI is not built (${missing.join(', ')}): run "npm run build:ui" (npm start does)`,
    );

  const site = io.env.JIRA_SITE;
  let server: PreviewServer;
  let label: string;
  if (site !== undefined && site !== '') {
    const email = io.env.JIRA_EMAIL;
    const token = io.env.JIRA_API_TOKEN;
    if (email === undefined || token === undefined)
      throw new CliError('JIRA_SITE needs JIRA_EMAIL and JIRA_API_TOKEN too', 2);
    const transport = fetchTransport(
      { site, email, apiToken: token },
      { allowWrites: values['allow-writes'] },
    );
    let me;
    try {
      me = await myself(transport);
    } catch (e) {
      throw new CliError(`${site}: ${errorMessage(e)}`);
    }
    const name = new URL(site).hostname;
    const kvs = new KvsStore(path.join(stateDir, `${name}.kvs.json`));
    const forge = new LocalForge({ kind: 'site', transport }, kvs, app.handler, null, app.consumers);
    label = `${name} as ${me.emailAddress}${values['allow-writes'] ? '' : ', read-only'}`;
    server = new PreviewServer({
      forge,
      emulator: null,
      jiraFor: () => transport,
      users: [me],
      staticRoot,
      gadgetStore: new FileGadgetStore(path.join(stateDir, `${name}.gadgets.json`), {}),
      siteLabel: label,
      timezoneOf: () => 'UTC',
      // On a real site the trigger runs in Forge, as the app; an API token is a person, not the app.
      scheduled: {},
      // The preview's dashboard is the token owner's own, kept on this machine.
      mayEditDashboard: (accountId) => accountId === me.accountId,
      mayRunTriggers: () => false,
    });
  } else {
    const source =
      values.dataset === undefined ? path.join(root, 'demo') : path.resolve(io.cwd, values.dataset);
    let assembled;
    try {
      assembled = await emulatorPreview({
        source,
        port,
        stateDir,
        staticRoot,
        app,
      });
    } catch (e) {
      throw new CliError(e instanceof DatasetError ? e.message : errorMessage(e));
    }
    server = assembled.server;
    label = assembled.label;
  }
  let running;
  try {
    running = await server.listen(port);
  } catch (e) {
    throw new CliError(`cannot listen on port ${port}: ${errorMessage(e)} (set PORT or --port)`);
  }
  io.stdout(
    [
      `Flow Ledger preview: ${running.url}  (${label})`,
      `  project page   ${running.url}/projects/AGPUSH/flow`,
      `  review         ${running.url}/projects/AGPUSH/flow?tab=review`,
      `  plan           ${running.url}/projects/ALOY/flow?tab=plan`,
      `  backlog        ${running.url}/projects/ALOY/boards/124/backlog (a sprint's "…": Flow mix of this sprint)`,
      `  issue view     ${running.url}/browse/AGPUSH-179`,
      `  settings       ${running.url}/projects/AGPUSH/settings/flow`,
      `  dashboard      ${running.url}/dashboard`,
      `  value streams  ${running.url}/streams`,
      `  REST API       ${running.url}/rest/api/3/myself (Basic auth, e.g. admin@example.com:flow-ledger)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  return { code: 0, stop: running.close, url: running.url };
}
