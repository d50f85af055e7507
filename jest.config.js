/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The CLI tests run in process: a file's first run loads the sources, compiles the built-in policies and starts the
  // HCL parser (~1 s idle, several on a loaded machine). The spawned runs they replace blocked with no timeout at all.
  testTimeout: 30_000,
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // Coverage (`npm run test:coverage`, which .ci/run uses): all of src/, measured by V8 on the sources the tests load.
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary'],
  // Floors a little below the measured figures (96.1% statements and lines, 84.8% branches, 93.8% functions).
  coverageThreshold: { global: { statements: 95.5, branches: 83.5, functions: 92.5, lines: 95.5 } },
};
