/** Type checking runs once in `npm test` (tsc --noEmit); jest only transpiles. */
const os = require('os');

module.exports = {
  // Jest's default is one worker less than the cores: on a 2-core machine (CI's) that is one, and
  // the suite runs in band. Many tests wait on child processes and files, so two workers finish the
  // suite in about 3/4 of the time there (31 s against 42 s, measured); more cores keep the default.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  // "A worker process has failed to exit gracefully" was not a leak: probed at the worker's end
  // message, every worker held only its stdout/stderr pipes (no timer, socket or server) and its
  // 'exit' event fired within 5 ms. What took long was the process teardown after it: a worker that
  // loaded cdktf, the provider classes and the Datadog client (120-210 MB) took 300-600 ms to be
  // reaped on a loaded 2-core machine, measured from the parent; Jest force-exits at 500 ms by
  // default and then blames the tests. Three seconds covers that with room; a real leak (a live
  // server or timer) still shows, only later.
  workerGracefulExitTimeout: 3000,
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
