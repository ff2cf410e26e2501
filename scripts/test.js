#!/usr/bin/env node
// `npm test`: type-check, lint, format check, builds, then every Jest suite (browser tests included),
// and the backend's suites again on Node 24, the Forge runtime's. Each step before Jest
// counts as one check; Jest counts its tests. Writes test-results/totals.json and prints
// "N passed, N failed" last, which .ci/run repeats for CI.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { node24, NODE24_VERSION } = require('./node24');

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
  // What Forge runs: every handler of manifest.yml through @forge/bundler; test/bundle/ runs it.
  ['Forge bundle', process.execPath, [path.join(root, 'scripts', 'forge-bundle.js')]],
  // `forge lint`'s linters that run offline.
  ['Forge lint', process.execPath, [path.join(root, 'scripts', 'forge-lint.js')]],
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

/**
 * Runs Jest with a Node binary, adding its counted tests to the totals. The suites make emulated
 * sites, preview state and copies of datasets in temporary folders (some past 100 MB); each run
 * gets a folder of its own as TMPDIR, removed when it ends, so that repeated runs cannot fill the
 * disk (they once did, with thousands of folders).
 */
function runJest(title, node, args) {
  process.stdout.write(`\n== ${title}\n`);
  fs.rmSync(jestTotals, { force: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-ledger-run-'));
  const jest = spawnSync(node, [path.join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: tmp },
  });
  fs.rmSync(tmp, { recursive: true, force: true });
  if (fs.existsSync(jestTotals)) {
    const t = JSON.parse(fs.readFileSync(jestTotals, 'utf8'));
    passed += t.passed;
    failed += t.failed;
    if (jest.status !== 0 && t.failed === 0) failed++; // Jest failed for a reason of its own
  } else {
    failed++; // Jest did not get as far as reporting
  }
}

runJest(`jest (Node ${process.versions.node})`, process.execPath, process.argv.slice(2));

// Forge runs the backend on nodejs24.x (manifest.yml): the backend's tests run again on that Node.
// The browser tests are left to the first run: they test pages, and Forge runs no preview.
if (process.argv.length <= 2) {
  let node;
  try {
    node = node24();
  } catch (error) {
    process.stdout.write(
      `\n== jest (Node ${NODE24_VERSION}) FAILED: ${error instanceof Error ? error.message : error}\n`,
    );
    failed++;
  }
  if (node !== undefined)
    runJest(`jest (Node ${NODE24_VERSION}, the Forge runtime's)`, node, [
      '--selectProjects',
      'node',
      '--testPathIgnorePatterns',
      '/test/e2e/',
    ]);
}

fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(path.join(results, 'totals.json'), JSON.stringify({ passed, failed }) + '\n');
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
