#!/usr/bin/env node
'use strict';
// The CLI is TypeScript compiled to dist/ by `npm install` (the prepare script runs build:cli).
let cli;
try {
  cli = require('../dist/src/local/cli/main.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    process.stderr.write(
      'flow-ledger: error: the CLI is not built yet; run "npm install" (or "npm run build:cli") first\n',
    );
    process.exit(1);
  }
  throw e;
}
let finished = false;
// Node ends a process whose event loop has nothing left to run, even while a promise waits: a
// command must never end that way, with exit 0 and nothing printed.
process.on('beforeExit', () => {
  if (finished) return;
  finished = true;
  const waiting = cli.requestsInFlight().join(', ');
  process.stderr.write(
    `flow-ledger: error: the command stopped before it finished${waiting === '' ? '' : `, waiting for ${waiting}`}\n`,
  );
  process.exitCode = 1;
});
cli.main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (e) => {
    finished = true;
    process.stderr.write(`flow-ledger: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
