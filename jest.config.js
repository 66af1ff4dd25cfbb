/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
module.exports = {
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
