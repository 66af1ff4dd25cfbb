/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
const os = require('os');

module.exports = {
  // Jest's default is one worker less than the cores: on a 2-core machine (CI's) that is one, and
  // the suite runs in band. Many tests wait on child processes and files, so two workers finish the
  // suite in about 3/4 of the time there (31 s against 42 s, measured); more cores keep the default.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 60000,
  // Skipped tests say why in their name; this prints them (the default reporter hides a fully skipped file).
  reporters: ['default', '<rootDir>/test/helpers/skippedReporter.js'],
};
