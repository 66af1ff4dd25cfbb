// A jest reporter that names every skipped test after the run: jest's default reporter hides a
// test file whose tests are all skipped, so a suite skipped for a reason (the corpus is absent)
// would otherwise say nothing. Skipped tests carry their reason in their name.
'use strict';
const path = require('path');

class SkippedReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.skipped = [];
  }

  onTestResult(_test, result) {
    for (const t of result.testResults) {
      if (t.status === 'pending' || t.status === 'skipped') this.skipped.push(`${path.relative(this.rootDir, result.testFilePath)} › ${t.fullName}`);
    }
  }

  onRunComplete() {
    if (this.skipped.length === 0) return;
    process.stderr.write(`\nSkipped (${this.skipped.length}):\n${this.skipped.map((s) => `  ○ ${s}\n`).join('')}`);
  }
}

module.exports = SkippedReporter;
