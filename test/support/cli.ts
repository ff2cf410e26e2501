import { main } from '../../src/local/cli/main';
import type { CliIo } from '../../src/local/cli/io';

/** Runs the CLI in-process, as `flow-ledger <argv>` in `cwd`, and keeps what it printed. */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: options.cwd,
    env: options.env ?? {},
  };
  return { code: await main(argv, io), out, err };
}
