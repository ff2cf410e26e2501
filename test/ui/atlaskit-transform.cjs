// Jest's transform for the Custom UI sources: Atlaskit's Babel steps first, as the build runs
// them (scripts/atlaskit-babel-steps.cjs), then ts-jest, so the components under test carry the
// same compiled styles as those that ship.
const { transformSync } = require('@babel/core');
const { createTransformer } = require('ts-jest').default;
const { atlaskitBabelSteps } = require('../../scripts/atlaskit-babel-steps.cjs');

const tsJest = createTransformer({ tsconfig: 'test/ui/tsconfig.json' });

function withAtlaskitSteps(source, filename) {
  if (filename.includes('node_modules')) return source;
  let code = source;
  for (const plugins of atlaskitBabelSteps(code)) {
    const out = transformSync(code, {
      filename,
      babelrc: false,
      configFile: false,
      parserOpts: { plugins: ['typescript', 'jsx'] },
      plugins,
      retainLines: true,
    });
    code = out?.code ?? code;
  }
  return code;
}

module.exports = {
  process(source, filename, options) {
    return tsJest.process(withAtlaskitSteps(source, filename), filename, options);
  },
  getCacheKey(source, filename, options) {
    return tsJest.getCacheKey(withAtlaskitSteps(source, filename), filename, options);
  },
};
