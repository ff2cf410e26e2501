#!/usr/bin/env node
// `npm test`: type-check, lint, format check, builds, then every Jest suite (browser tests included). Each step before Jest
// counts as one check; Jest counts its tests. Writes test-results/totals.json and prints
// "N passed, N failed" last, which .ci/run repeats for CI.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const results = path.join(root, 'test-results');
const jestTotals = path.join(results, 'jest-totals.json');

const checks = [
  ['type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['type-check UI', bin('tsc'), ['-p', 'static/tsconfig.json']],
  ['type-check UI tests', bin('tsc'), ['-p', 'test/ui/tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['build CLI', bin('tsc'), ['-p', 'tsconfig.build.json']],
  // The manifest names the built UI folders, and the browser tests load them.
  ['build UI', process.execPath, [path.join(root, 'scripts', 'build-ui.mjs')]],
  // Sizes, not times: what each built surface loads first, against docs/ui-bundles.md.
  ['bundle budgets', process.execPath, [path.join(root, 'scripts', 'size.mjs')]],
];

let passed = 0;
let failed = 0;
for (const [name, command, args] of checks) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status === 0) passed++;
  else {
    failed++;
    process.stdout.write(`== ${name} FAILED\n`);
  }
}

process.stdout.write('\n== jest\n');
fs.rmSync(jestTotals, { force: true });
const jest = spawnSync(bin('jest'), process.argv.slice(2), { cwd: root, stdio: 'inherit' });
if (fs.existsSync(jestTotals)) {
  const t = JSON.parse(fs.readFileSync(jestTotals, 'utf8'));
  passed += t.passed;
  failed += t.failed;
  if (jest.status !== 0 && t.failed === 0) failed++; // Jest failed for a reason of its own
} else {
  failed++; // Jest did not get as far as reporting
}

fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(path.join(results, 'totals.json'), JSON.stringify({ passed, failed }) + '\n');
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
