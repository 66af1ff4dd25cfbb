/**
 * `npm run test:e2e`: the real provider 3.82.0 applies fixture stacks against the stand-in Datadog
 * (test/standin). Never part of `npm test` (its files end in .e2e.ts, which jest.config.js does not
 * match). globalSetup stops the run, with the reason, when there is no provider binary or terraform.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/e2e/globalSetup.js',
  // Terraform runs are slow on 2 shared cores: one file at a time, and minutes per test.
  maxWorkers: 1,
  testTimeout: 15 * 60 * 1000,
  reporters: ['default', '<rootDir>/test/helpers/skippedReporter.js'],
};
