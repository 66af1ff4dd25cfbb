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

/** Canary values of every secret an org's deploy has in its environment. */
function canaries(names: readonly string[]): Record<string, string> {
  const env: Record<string, string> = { DD_API_KEY: 'canary0api0key0fedcba9876543210', DD_APP_KEY: 'canary0app0key0fedcba987654321001234567' };
  for (const org of names) {
    const o = org.replace(/[^A-Za-z0-9_]/g, '_');
    env[`TF_VAR_datadog_api_key_${o}`] = `canary-api-key-${o}-0123456789abcdef`;
    env[`TF_VAR_datadog_app_key_${o}`] = `canary-app-key-${o}-0123456789abcdef`;
    env[`TF_VAR_torq_webhook_url_${o}`] = `https://hooks.torq.io/v1/webhooks/canary-${o}-3f0e1a5c-6a77-4b7a`;
    env[`TF_VAR_torq_webhook_header_${o}`] = `canary-header-${o}-s3cr3t`;
  }
  return env;
}

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

  // One synth of every org, as `npm run synth` does it (without the CI guard: this checks, it never
  // deploys), with canary secrets in the environment, as a deploy job has them: none may reach a snapshot.
  const secrets = canaries(orgs);
  const saved = { ...process.env };
  Object.assign(process.env, secrets);
  let run: ReturnType<typeof synth>;
  try {
    run = synth(REPO, undefined, {});
  } finally {
    process.env = saved;
  }

  test('synthesizes every org', () => {
    expect(run.stderr.filter((l) => l.includes(': error: '))).toEqual([]);
    expect(run.code).toBe(0);
  });

  describe.each(orgs)('org %s', (org) => {
    test('cdk.tf.json is as reviewed (changed on purpose? npm test -- -u, then read and commit the .snap diff)', () => {
      if (run.code !== 0) throw new Error(`synth stopped, so there is no stack to compare; fix these first (\`npm run validate\` lists them):\n${run.stderr.join('\n')}`);
      const text = run.stackText(org);
      // Nothing of this machine in it: the same bytes wherever the tests run.
      for (const local of [REPO, run.outdir, os.tmpdir(), fs.realpathSync(os.tmpdir()), os.homedir()]) if (local.length > 1) expect(text).not.toContain(local);
      for (const [name, value] of Object.entries(secrets)) expect([name, text.includes(value)]).toEqual([name, false]);
      expect(`\n${JSON.stringify(JSON.parse(text), null, 2)}\n`).toMatchSnapshot();
    });
  });
});
