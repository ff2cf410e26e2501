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
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`flow-ledger: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 1;
  },
);
