import { FLOW_LEDGER_APP } from '../forge/flow-ledger-app';
import { runEmulator } from './emulator-command';
import { runPreview } from './preview-command';
import { runItems } from './items-command';
import { runReport } from './report-command';
import { CliError, processIo, type CliIo } from './io';
import { printable } from './terminal-text';

export { requestsInFlight } from '../../jira/jira-client';

const HELP = `Usage: flow-ledger <command> [options]

Flow Ledger: flow distribution and technical-debt agreements for Jira Cloud, off Jira.

Commands:
  report     Flow metrics for one project over one window, from a dataset or a site (table, CSV or JSON)
  items      The flow items of one project, one row each (CSV or JSON), from a dataset or a site
  emulator   A Jira Cloud REST API over a dataset, on localhost
  preview    The app in a small Jira site on localhost (what npm start runs)

Run "flow-ledger <command> --help" for a command's options.
`;

/** Runs the CLI; returns the exit code. Failures print one line: "flow-ledger: error: …". */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'report':
        return await runReport(rest, io);
      case 'items':
        return await runItems(rest, io);
      case 'emulator':
        return (await runEmulator(rest, io)).code;
      case 'preview':
        return (await runPreview(rest, io, FLOW_LEDGER_APP)).code;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new CliError(`unknown command "${command}" (try: flow-ledger --help)`, 2);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`flow-ledger: error: ${printable(e.message)}\n`);
      return e.exitCode;
    }
    io.stderr(`flow-ledger: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
