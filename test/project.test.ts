/**
 * Your project: the checks of this repository's own data (orgs/, monitors/, dashboards/,
 * service_checks.json, moved.json), as opposed to the package tests, which run on fixtures.
 *
 * Each org's synthesized stack is a snapshot. When you change the data on purpose, these tests fail
 * on the orgs your change touched: run `npm test -- -u`, read the diff of
 * test/__snapshots__/project.test.ts.snap (and the review comment on the pull request), and commit
 * both. A snapshot holds no secret (the webhook URL and keys are Terraform variables) and no path of
 * this machine, so it is the same bytes on every machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatFinding, hasErrors } from '../src/config/findings';
import { checkProject } from '../src/validate/project';
import { REPO, synth } from './helpers/project';

const orgDir = path.join(REPO, 'orgs');
const orgs = fs.existsSync(orgDir)
  ? fs
      .readdirSync(orgDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
  : [];

describe('your project', () => {
  test('validates with no errors (as `npm run validate` and synth check it)', () => {
    const { findings } = checkProject(REPO);
    const errors = findings.filter((f) => f.severity === 'error').map(formatFinding);
    expect(errors).toEqual([]);
    expect(hasErrors(findings)).toBe(false);
  });

  if (orgs.length === 0) {
    test.skip('has no org file in orgs/, so there is no stack to snapshot (npm run org:new -- <org> --site <site> adds one)', () => undefined);
    return;
  }

  // One synth of every org, as `npm run synth` does it, with no environment: no secret can reach the output.
  const run = synth(REPO, undefined, {});

  test('synthesizes every org', () => {
    expect(run.stderr.filter((l) => l.includes(': error: '))).toEqual([]);
    expect(run.code).toBe(0);
  });

  describe.each(orgs)('org %s', (org) => {
    test('cdk.tf.json is as reviewed (changed on purpose? npm test -- -u, then read and commit the .snap diff)', () => {
      const text = run.stackText(org);
      // Nothing of this machine in it: the same bytes wherever the tests run.
      for (const local of [REPO, os.tmpdir(), process.env.HOME ?? '']) if (local.length > 1) expect(text).not.toContain(local);
      expect(`\n${JSON.stringify(JSON.parse(text), null, 2)}\n`).toMatchSnapshot();
    });
  });
});
