/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
  // A guard against a hung test, not a measure: building the larger emulated sites takes seconds
  // on a shared two-core machine running every suite at once, past Jest's 5 s default.
  testTimeout: 30_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
    },
    {
      // Components of the Custom UI under React Testing Library, in jsdom.
      displayName: 'ui',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/ui'],
      testMatch: ['**/*.test.tsx'],
      setupFiles: ['<rootDir>/test/ui/browser-globals.ts', '<rootDir>/test/ui/fake-bridge.ts'],
      transform: { '^.+\\.tsx?$': '<rootDir>/test/ui/atlaskit-transform.cjs' },
      // Atlaskit's compiled components import their CSS; jsdom has no use for it.
      // The build's stand-in for Atlaskit's feature-gate client (scripts/build-ui.mjs): tests run what ships.
      moduleNameMapper: {
        '\\.css$': '<rootDir>/test/ui/style-stub.js',
        '^@atlaskit/feature-gate-js-client/feature-gates$': '<rootDir>/static/common/feature-gates-off.ts',
      },
    },
  ],
};
