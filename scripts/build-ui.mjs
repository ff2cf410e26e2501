#!/usr/bin/env node
// Builds each Custom UI surface on its own into static/<surface>/build, the folder manifest.yml
// names: a Forge resource is uploaded alone, so no surface may reach into another's files.
import { build } from 'vite';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SURFACES } from './surfaces.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
// Atlaskit's feature-gate client is never initialised in an app's frame and so answers "off" to
// every gate; this module gives the same answers without 30 kB of Statsig (docs/ui-bundles.md).
const FEATURE_GATES_OFF = path.join(root, 'common', 'feature-gates-off.ts');

const { runAtlaskitSteps } = createRequire(import.meta.url)('./atlaskit-babel-steps.cjs');

/**
 * Atlaskit's own build steps, over our sources: design tokens, then styles.
 * - `token('color.text')` becomes `var(--ds-text, #172B4D)` in the source, so no surface ships the
 *   table of every token name (about 12 kB gzipped) to look them up at run time.
 * - `cssMap` of `@atlaskit/css` (the styles the `xcss` prop of `@atlaskit/primitives/compiled`
 *   takes) is turned by Compiled's Babel plugin into atomic class names and the rules that go with
 *   them, as Atlaskit's own components ship; it must see the tokens already replaced, so it runs
 *   second. The UI tests run the same two steps (test/ui/atlaskit-transform.cjs).
 */
const atlaskitSteps = {
  name: 'atlaskit-build-steps',
  enforce: 'pre',
  transform(code, id) {
    if (!/\.tsx?$/.test(id) || id.includes('node_modules')) return null;
    return runAtlaskitSteps(code, id, { sourceMaps: true });
  },
};

/**
 * A surface whose entry starts its first call early and then imports `src/app.tsx` (the issue
 * panel) would fetch the app's chunk only once the entry has run. The HTML names that chunk, its
 * own imports and its styles up front instead, so the browser fetches them beside the entry; the
 * preload helper then finds them already there. `npm run size` counts them as first load.
 */
const preloadApp = {
  name: 'preload-app-chunk',
  transformIndexHtml: {
    order: 'post',
    handler(_html, ctx) {
      if (ctx.bundle === undefined || ctx.chunk === undefined) return [];
      const app = Object.values(ctx.bundle).find(
        (c) =>
          c.type === 'chunk' &&
          c.facadeModuleId?.endsWith('/src/app.tsx') &&
          ctx.chunk.dynamicImports.includes(c.fileName),
      );
      if (app === undefined) return [];
      const scripts = [
        app.fileName,
        ...app.imports.filter((f) => f !== ctx.chunk.fileName && !ctx.chunk.imports.includes(f)),
      ];
      const styles = [...(app.viteMetadata?.importedCss ?? [])];
      return [
        ...scripts.map((f) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` },
          injectTo: 'head',
        })),
        ...styles.map((f) => ({
          tag: 'link',
          attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` },
          injectTo: 'head',
        })),
      ];
    },
  },
};

const only = process.argv.slice(2);
for (const surface of only.length > 0 ? only : SURFACES) {
  const started = Date.now();
  await build({
    root: path.join(root, surface),
    base: './',
    logLevel: 'warn',
    resolve: { alias: { '@atlaskit/feature-gate-js-client/feature-gates': FEATURE_GATES_OFF } },
    build: {
      outDir: 'build',
      emptyOutDir: true,
      // build/.vite/manifest.json: which chunks a surface loads first (scripts/size.mjs reads it).
      manifest: true,
      // The budgets of scripts/size.mjs are the warning that counts.
      chunkSizeWarningLimit: 2000,
      rolldownOptions: {
        // A surface that shows errors in its forms imports the error panel outright, where the
        // shared Outcome loads it lazily (docs/ui-bundles.md): that is meant, not a mistake.
        onLog(level, log, handler) {
          if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' && log.message.includes('error-panel')) return;
          handler(level, log);
        },
      },
      reportCompressedSize: false,
    },
    plugins: [atlaskitSteps, preloadApp],
    oxc: { jsx: { runtime: 'automatic' } },
  });
  process.stdout.write(`built ${surface} in ${Date.now() - started} ms\n`);
}
