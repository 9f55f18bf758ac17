/**
 * `npm run test:slow`: the memory and scale guards (test/slow). Each measures a large population
 * or heap growth in child processes, so they run one file at a time, apart from `npm test`.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/slow'],
  testPathIgnorePatterns: ['/node_modules/'],
  maxWorkers: 1,
};
