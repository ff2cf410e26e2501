#!/usr/bin/env node
// Bundles every function handler of manifest.yml with Forge's own bundler (@forge/bundler, the
// webpack configuration `forge deploy` uses for the Node runtime) into dist/forge/, and prints each
// bundle's size. The bundled-app tests (test/bundle/) then run what Forge would run.
//
// Offline, three things `forge deploy` has are replaced (docs/running-off-jira.md#forges-bundler):
// - the runtime wrapper and loader Forge downloads from Atlassian's CDN: the bundler only copies them
//   beside the bundle, so a local stand-in is given through FORGE_RUNTIME_PATH's provider;
// - the app's config reader: `{ app: {} }`, which selects the default (webpack) bundler as a
//   manifest with no `app.package` does;
// - keytar, the credential store (package.json `overrides`, scripts/offline-keytar/).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { getNodeBundler, LocalWrapperProvider } = require('@forge/bundler');
const { FileSystemReader } = require('@forge/cli-shared');
const { SOURCE_DIRECTORY } = require('@forge/manifest');
const yaml = require('yaml');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'dist', 'forge');

/** The modules (files under src/) that manifest.yml's functions name: `index.handler` → `index`. */
function handlerModules(manifest) {
  const functions = manifest.modules?.function ?? [];
  if (functions.length === 0) throw new Error('manifest.yml names no function');
  return [
    ...new Set(
      functions.map((f) => {
        const dot = f.handler.lastIndexOf('.');
        if (dot <= 0) throw new Error(`function ${f.key}: handler ${f.handler} is not <file>.<export>`);
        return f.handler.slice(0, dot);
      }),
    ),
  ];
}

/** The runtime wrapper and loader are Forge's, fetched at deploy; the bundle never imports them. */
function standInRuntime() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-runtime-'));
  fs.mkdirSync(path.join(dir, 'dist'));
  const note = '// Stand-in: Forge supplies its own runtime wrapper at deploy.\n';
  fs.writeFileSync(path.join(dir, 'dist', 'wrapper.js'), note);
  fs.writeFileSync(path.join(dir, 'dist', 'loader.js'), note);
  return dir;
}

// The bundler's progress lines are the CLI's spinner text; only its warnings and errors are shown.
const quiet = () => undefined;
// A webpack warning fails the step: "Critical dependency" (a require webpack cannot follow) is how a
// module that works from source but not bundled first shows.
const warnings = [];
const logger = {
  info: quiet,
  debug: quiet,
  trace: quiet,
  warn: (message) => warnings.push(message),
  error: (message) => console.error(`  error: ${message}`),
};

async function main() {
  const manifest = yaml.parse(fs.readFileSync(path.join(root, 'manifest.yml'), 'utf8'));
  const modules = handlerModules(manifest);
  // No bundle from an earlier run may stand in for one that failed.
  fs.rmSync(outDir, { recursive: true, force: true });
  const runtime = standInRuntime();
  const bundler = getNodeBundler(logger, new LocalWrapperProvider(new FileSystemReader(), runtime), {
    readConfig: async () => ({ app: {} }),
  });
  const started = Date.now();
  let result;
  try {
    result = await bundler.bundle({
      appDirectory: root,
      entryPoints: modules.map((name) => ({ name, path: path.join(root, SOURCE_DIRECTORY, name) })),
    });
  } finally {
    fs.rmSync(runtime, { recursive: true, force: true });
  }
  if (warnings.length > 0) {
    for (const w of warnings) console.error(`  warning: ${w}`);
    throw new Error(
      `webpack warned ${warnings.length} time(s); Forge's bundle would differ from the sources`,
    );
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of fs.readdirSync(result.outputDir)) {
    fs.copyFileSync(path.join(result.outputDir, name), path.join(outDir, name));
  }
  fs.rmSync(result.outputDir, { recursive: true, force: true });

  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `Forge's bundler (@forge/bundler ${require('@forge/bundler/package.json').version}), ${((Date.now() - started) / 1000).toFixed(1)} s:`,
  );
  for (const name of modules) {
    const file = path.join(outDir, `${name}.cjs`);
    if (!fs.existsSync(file)) throw new Error(`the bundler wrote no ${name}.cjs`);
    const map = `${file}.map`;
    const mapSize = fs.existsSync(map) ? `, source map ${kb(fs.statSync(map).size)}` : '';
    console.log(`  ${path.relative(root, file)}  ${kb(fs.statSync(file).size)}${mapSize}`);
  }
  const meta = result.metadata;
  if (meta !== undefined) {
    console.log(
      `  ${meta.tsFiles} TypeScript files; packages bundled: ${[...(meta.modules ?? [])].sort().join(', ')}`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
