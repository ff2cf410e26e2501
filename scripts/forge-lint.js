#!/usr/bin/env node
// `forge lint`, offline: @forge/lint's client-side linters over manifest.yml and the backend's sources
// (what scripts/forge-bundle.js bundles), failing on any error or warning. Left out, and said in
// docs/running-off-jira.md#forges-bundler: the PermissionLinter, which downloads Atlassian's product
// OpenAPI specs at start, and the server-side linter, which uploads the manifest to Forge.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { lint, getClientSideLintersOnly } = require('@forge/lint');
const { parseSourceFile } = require('@forge/lint/out/lint/lint');
const yaml = require('yaml');

const root = path.join(__dirname, '..');
process.chdir(root); // the linters read tsconfig.json and the files from the working folder

// Feature gates and deprecations come from Atlassian's Statsig service at run time; offline, none
// is on and no runtime is deprecated (manifest.test.ts holds the runtime to the validator's list).
const statsig = {
  getDeprecatedRuntimes: async () => [],
  checkGate: async () => false,
};
const problems = [];
const logger = {
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
  warn: (message) => problems.push(`warning: ${message}`),
  error: (message) => problems.push(`error: ${message}`),
};

async function main() {
  const manifest = yaml.parse(fs.readFileSync('manifest.yml', 'utf8'));
  const all = await getClientSideLintersOnly(manifest, 'production', logger, statsig);
  const linters = all.filter((l) => l.constructor.name !== 'PermissionLinter');
  const files = fs
    .readdirSync('src', { recursive: true })
    .filter((f) => /\.tsx?$/.test(f) && !f.startsWith(`local${path.sep}`))
    .map((f) => path.join('src', f));
  // @forge/lint quietly skips a file that tsconfig.json's include does not list (it expands globs,
  // not folder names): count what it parsed, so that a linter run over nothing cannot pass.
  let parsed = 0;
  const parseFunction = (filepath, parser) => {
    parsed++;
    return parseSourceFile(filepath, parser);
  };
  const results = await lint(files, manifest, 'production', logger, statsig, { linters, parseFunction });
  if (parsed !== files.length)
    problems.push(
      `error: the linters read ${parsed} of the ${files.length} files; tsconfig.json's include must list them`,
    );
  for (const r of results) {
    for (const e of r.errors) problems.push(`${r.file}:${e.line}:${e.column} error: ${e.message}`);
    for (const w of r.warnings) problems.push(`${r.file}:${w.line}:${w.column} warning: ${w.message}`);
  }
  console.log(
    `@forge/lint ${require('@forge/lint/package.json').version}: ${linters.length} linters over manifest.yml and ${parsed} of ${files.length} files`,
  );
  for (const p of problems) console.log(`  ${p}`);
  if (problems.length > 0) process.exitCode = 1;
  else console.log('  no errors, no warnings');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
