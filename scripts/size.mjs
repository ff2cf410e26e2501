#!/usr/bin/env node
// `npm run size`: the JavaScript each built surface loads before it can show anything (its entry
// chunk, the chunks its HTML preloads, and every chunk those import statically, as
// build/.vite/manifest.json records them), gzipped at level 9, against the budgets of
// docs/ui-bundles.md. Chunks a surface imports only when they are shown (forms, charts, an error)
// are counted apart. Exits 1 when a budget is not met.
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SURFACES } from './surfaces.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const KB = 1000;
/** kB of gzipped JavaScript at first load; the issue panel loads on every issue view. */
const BUDGETS = { 'issue-panel': 150, 'project-page': 350 };
const DEFAULT_BUDGET = 250;

function gzipped(build, file) {
  return gzipSync(readFileSync(path.join(build, file)), { level: 9 }).length;
}

/** Every chunk reachable from `starts` along `links` (`imports`, or both kinds). */
function closure(manifest, starts, links) {
  const seen = new Set();
  const queue = [...starts];
  while (queue.length > 0) {
    const key = queue.pop();
    if (seen.has(key)) continue;
    seen.add(key);
    for (const link of links) queue.push(...(manifest[key]?.[link] ?? []));
  }
  return seen;
}

function measure(surface) {
  const build = path.join(root, surface, 'build');
  const manifestFile = path.join(build, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${surface} is not built: run "npm run build:ui".`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (entry === undefined) throw new Error(`${surface}: the build manifest names no entry.`);
  // Chunks the HTML names for the browser to fetch beside the entry (scripts/build-ui.mjs).
  const html = readFileSync(path.join(build, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1]);
  const preloadedKeys = Object.keys(manifest).filter((key) => preloaded.includes(manifest[key].file));
  const first = closure(manifest, [entry, ...preloadedKeys], ['imports']);
  const all = closure(manifest, [entry], ['imports', 'dynamicImports']);
  const js = (keys) =>
    [...keys]
      .map((key) => manifest[key].file)
      .filter((file) => file.endsWith('.js'))
      .reduce((sum, file) => sum + gzipped(build, file), 0);
  const firstBytes = js(first);
  return {
    surface,
    firstLoad: firstBytes,
    onDemand: js(all) - firstBytes,
    budget: (BUDGETS[surface] ?? DEFAULT_BUDGET) * KB,
  };
}

const rows = SURFACES.map(measure);
const kb = (bytes) => (bytes / KB).toFixed(1);
const table = [
  ['surface', 'first load kB', 'budget kB', 'on demand kB', ''],
  ...rows.map((r) => [
    r.surface,
    kb(r.firstLoad),
    kb(r.budget),
    kb(r.onDemand),
    r.firstLoad <= r.budget ? 'met' : 'OVER',
  ]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table)
  process.stdout.write(
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ') + '\n',
  );
const over = rows.filter((r) => r.firstLoad > r.budget);
process.stdout.write(
  over.length === 0
    ? 'Every surface is within its budget (JavaScript gzipped -9 at first load).\n'
    : `${over.length} surface(s) over budget: ${over.map((r) => r.surface).join(', ')}.\n`,
);
process.exitCode = over.length === 0 ? 0 : 1;
