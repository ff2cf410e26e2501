#!/usr/bin/env node
// Builds each Custom UI surface on its own into static/<surface>/build, the folder manifest.yml
// names: a Forge resource is uploaded alone, so no surface may reach into another's files.
import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
export const SURFACES = [
  'project-page',
  'issue-panel',
  'agreement-panel',
  'gadget',
  'gadget-edit',
  'agreements-gadget',
  'agreements-gadget-edit',
  'settings-page',
];

const only = process.argv.slice(2);
for (const surface of only.length > 0 ? only : SURFACES) {
  const started = Date.now();
  await build({
    root: path.join(root, surface),
    base: './',
    logLevel: 'warn',
    build: {
      outDir: 'build',
      emptyOutDir: true,
      // Atlaskit and React make a base of ~200 kB gzipped; warn only well beyond it.
      chunkSizeWarningLimit: 1200,
      reportCompressedSize: false,
    },
    oxc: { jsx: { runtime: 'automatic' } },
  });
  process.stdout.write(`built ${surface} in ${Date.now() - started} ms\n`);
}
