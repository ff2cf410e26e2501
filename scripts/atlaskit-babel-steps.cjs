// The Babel steps Atlaskit's own packages are built with, run over our sources by the build
// (scripts/build-ui.mjs) and the UI tests (test/ui/atlaskit-transform.cjs) alike, so the tests run
// what ships (docs/ui-bundles.md).
const { transformSync } = require('@babel/core');
const tokens = require('@atlaskit/tokens/babel-plugin').default;
const compiled = require('@compiled/babel-plugin').default;

/**
 * Design tokens first, then Compiled's styles, one pass each: Compiled must see `token(...)`
 * already replaced by its CSS variable to turn a `cssMap` into classes. A source that imports
 * neither is returned as it is (null).
 */
function runAtlaskitSteps(code, filename, { sourceMaps = false } = {}) {
  const steps = [];
  if (code.includes('@atlaskit/tokens')) steps.push([tokens]);
  if (code.includes('@atlaskit/css')) steps.push([[compiled, { importSources: ['@atlaskit/css'] }]]);
  if (steps.length === 0) return null;
  let out = { code, map: null };
  for (const plugins of steps) {
    const next = transformSync(out.code, {
      filename,
      babelrc: false,
      configFile: false,
      parserOpts: { plugins: ['typescript', 'jsx'] },
      plugins,
      sourceMaps,
      inputSourceMap: out.map ?? undefined,
      retainLines: !sourceMaps,
    });
    if (next !== null) out = { code: next.code ?? out.code, map: next.map ?? null };
  }
  return out;
}

module.exports = { runAtlaskitSteps };
