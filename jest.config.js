/**
 * Default test run (`npm test`): unit, integration, end-to-end and browser tests.
 * Memory and scale guards live in test/slow and run with `npm run test:slow` (jest.slow.config.js;
 * CI runs both). Benchmarks live in bench/ and never run here (they measure, they do not assert).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/slow/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  testTimeout: 30000,
  // The report page's script is inlined by Function.prototype.toString(): coverage counters
  // added to it would be references the page does not have.
  coveragePathIgnorePatterns: ['/node_modules/', '<rootDir>/reporters/html/page/'],
  // Servers in tests bind to 127.0.0.1 on free ports and close themselves; this catches a forgotten one.
  forceExit: false,
};
