/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules in tsconfig makes ts-jest transpile per file (fast); `npm run typecheck` does the type checking.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // node-fetch 3 is ESM-only; @citation-js/core requires it (tests/support/node-fetch.shim.ts says why a shim).
  moduleNameMapper: { '^node-fetch$': '<rootDir>/tests/support/node-fetch.shim.ts' },
  testTimeout: 30000,
};
