// Jest's transform for the Custom UI sources: Atlaskit's Babel steps first, as the build runs
// them (scripts/atlaskit-babel-steps.cjs), then ts-jest, so the components under test carry the
// same compiled styles as those that ship.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { createTransformer } = require('ts-jest').default;
const { runAtlaskitSteps } = require('../../scripts/atlaskit-babel-steps.cjs');

const tsJest = createTransformer({ tsconfig: 'test/ui/tsconfig.json' });

// A cached output is stale when the steps change, not only when the source does.
const stepsDigest = createHash('sha256')
  .update(readFileSync(require.resolve('../../scripts/atlaskit-babel-steps.cjs')))
  .update(readFileSync(require.resolve('@compiled/babel-plugin/package.json')))
  .update(readFileSync(require.resolve('@atlaskit/tokens/package.json')))
  .digest('hex');

module.exports = {
  process(source, filename, options) {
    const stepped = filename.includes('node_modules') ? null : runAtlaskitSteps(source, filename);
    return tsJest.process(stepped?.code ?? source, filename, options);
  },
  getCacheKey(source, filename, options) {
    return `${tsJest.getCacheKey(source, filename, options)}:${stepsDigest}`;
  },
};
