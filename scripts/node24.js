#!/usr/bin/env node
// The Node that Forge runs the app on (manifest.yml's `nodejs24.x`), for the backend tests beside the
// machine's own Node. It comes from the npm registry, where Node's release binaries ship as
// node-<platform>-<arch> packages, pinned here, and is kept in the git-ignored .node24/ folder so that
// a second run installs nothing. `node scripts/node24.js` installs it if need be and prints its path.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NODE24_VERSION = '24.22.3';
const root = path.join(__dirname, '..');
const prefix = path.join(root, '.node24');

function packageName() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win' }[process.platform];
  if (platform === undefined) throw new Error(`No Node ${NODE24_VERSION} package for ${process.platform}`);
  return `node-${platform}-${process.arch}`;
}

function binaryPath() {
  const bin = process.platform === 'win32' ? 'node.exe' : path.join('bin', 'node');
  return path.join(prefix, 'node_modules', packageName(), bin);
}

/** The path of Node 24's binary, installed first if it is missing or another version. */
function node24() {
  const binary = binaryPath();
  const installed = fs.existsSync(binary)
    ? (spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout ?? '').trim()
    : '';
  if (installed === `v${NODE24_VERSION}`) return binary;
  fs.mkdirSync(prefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      `${packageName()}@${NODE24_VERSION}`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !fs.existsSync(binary)) throw new Error(`Installing Node ${NODE24_VERSION} failed`);
  return binary;
}

module.exports = { node24, NODE24_VERSION };

if (require.main === module) {
  try {
    console.log(node24());
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
