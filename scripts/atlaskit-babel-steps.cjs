// The Babel steps Atlaskit's own packages are built with, for our sources: the build
// (scripts/build-ui.mjs) and the UI tests (jest.config.js) run the same ones, so the tests run
// what ships. Each step is a list of plugins, run one after the other (docs/ui-bundles.md).
const tokens = require('@atlaskit/tokens/babel-plugin').default;
const compiled = require('@compiled/babel-plugin').default;

/** The steps a source needs, by what it imports; none for a file that uses neither. */
function atlaskitBabelSteps(code) {
  const steps = [];
  if (code.includes('@atlaskit/tokens')) steps.push([tokens]);
  if (code.includes('@atlaskit/css')) steps.push([[compiled, { importSources: ['@atlaskit/css'] }]]);
  return steps;
}

module.exports = { atlaskitBabelSteps };
