/**
 * The house rule for messages: every error names the value found and what was expected. Checked
 * over every bad fixture (monitors, dashboards, service checks, webhooks), so a new rule whose
 * message forgets the expectation fails here.
 */
import { runValidate } from '../../src/cli/validate';
import { Finding } from '../../src/config/findings';
import { fixtures } from './helpers';

test('every error on the bad fixtures says what was expected', async () => {
  let stdout = '';
  const code = await runValidate(['bad', '--json'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, cwd: fixtures });
  expect(code).toBe(1);
  const errors = (JSON.parse(stdout) as Finding[]).filter((f) => f.severity === 'error');
  expect(errors.length).toBeGreaterThan(90);
  expect(errors.filter((f) => !/\bexpected\b/.test(f.message)).map((f) => `${f.file}: ${f.path}: ${f.message}`)).toEqual([]);
});
