/**
 * Suites over the real-world corpus (../shared/corpus, next to the repository on the team's
 * machines, absent from a user's clone). Where it is absent the suite is one skipped test whose
 * name says why; test/helpers/skippedReporter.js prints skipped tests' names in jest's output
 * (jest's default reporter hides a file whose tests are all skipped).
 */
import * as fs from 'fs';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');

/** describe(name, body) where `dir` exists; else a skipped test named after what is missing. */
export function corpusDescribe(name: string, dir: string, body: () => void): boolean {
  const present = fs.existsSync(dir);
  if (present) describe(name, body);
  else {
    describe(name, () => {
      test.skip(`corpus absent: ${path.relative(REPO, dir)} not found, so these acceptance tests on Datadog's real files are skipped (the corpus is only on the team's machines)`, () =>
        undefined);
    });
  }
  return present;
}
