/**
 * YOUR PROJECT: the orgs/, monitors/, dashboards/, service_checks.json and moved.json of this
 * working tree (every other test runs on the fixture project under test/fixtures/).
 *
 * - It validates with no errors (the same checks as `npm run synth` and `npm run validate`).
 * - Each org's synthesized stack (cdktf.out/stacks/<org>/cdk.tf.json, pretty-printed) is a
 *   snapshot in test/__snapshots__/project.test.ts.snap, one entry per org file. After an edit
 *   that you mean, run `npm test -- -u`, read the .snap diff (it shows what changes in which
 *   org) and the review comment of the pull request, and commit both.
 *
 * With CI set (GitHub Actions), jest writes no snapshot: a new org's snapshot must be committed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../src/cli/synth';
import { formatFinding } from '../src/config/findings';
import { checkProject } from '../src/validate/project';
import { REPO, tempDir } from './helpers/project';

const ORGS = path.join(REPO, 'orgs');
const orgs = fs.existsSync(ORGS)
  ? fs
      .readdirSync(ORGS)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
  : [];

/** Canary secrets in the environment, as a deploy job would have them: none may reach a snapshot. */
function canaries(): Record<string, string> {
  const env: Record<string, string> = { DD_API_KEY: 'canary0api0key0fedcba9876543210', DD_APP_KEY: 'canary0app0key0fedcba987654321001234567' };
  for (const org of orgs) {
    const o = org.replace(/[^A-Za-z0-9_]/g, '_');
    env[`TF_VAR_datadog_api_key_${o}`] = `canary-api-key-${o}-0123456789abcdef`;
    env[`TF_VAR_datadog_app_key_${o}`] = `canary-app-key-${o}-0123456789abcdef`;
    env[`TF_VAR_torq_webhook_url_${o}`] = `https://hooks.torq.io/v1/webhooks/canary-${o}-3f0e1a5c-6a77-4b7a`;
    env[`TF_VAR_torq_webhook_header_${o}`] = `canary-header-${o}-s3cr3t`;
  }
  return env;
}

let outdir = '';
const stderr: string[] = [];
let code = -1;
const secrets = canaries();

beforeAll(() => {
  outdir = path.join(tempDir('torq-your-project-'), 'cdktf.out');
  const saved = { ...process.env };
  Object.assign(process.env, secrets);
  try {
    // What `npm run synth` runs, in-process; without the CI guard (this checks, it never deploys).
    code = runSynth({ root: REPO, outdir, stdout: () => undefined, stderr: (l) => stderr.push(l) });
  } finally {
    process.env = saved;
  }
});

describe('your project', () => {
  test('validates with no errors (`npm run validate` lists every finding)', () => {
    const errors = checkProject(REPO).findings.filter((f) => f.severity === 'error').map(formatFinding);
    expect(errors).toEqual([]);
    expect(stderr.filter((l) => l.includes(': error: ') || l.startsWith('synth stopped'))).toEqual([]);
    expect(code).toBe(0);
  });

  if (orgs.length === 0) {
    test.skip('has no org file in orgs/: no stack to snapshot', () => undefined);
    return;
  }

  test.each(orgs)('orgs/%s.json: the synthesized stack is the reviewed snapshot (changed on purpose? `npm test -- -u`, read the .snap diff, commit it)', (org) => {
    if (code !== 0) throw new Error(`synth stopped, so there is no stack to compare; fix these first (\`npm run validate\` lists them):\n${stderr.join('\n')}`);
    const file = path.join(outdir, 'stacks', org, 'cdk.tf.json');
    const text = JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')), null, 2);
    // Byte-identical on every machine and free of secrets, or it could not be committed.
    for (const machinePath of [REPO, outdir, os.tmpdir(), fs.realpathSync(os.tmpdir()), os.homedir()]) {
      if (machinePath.length > 1) expect(text).not.toContain(machinePath);
    }
    for (const [name, value] of Object.entries(secrets)) expect([name, text.includes(value)]).toEqual([name, false]);
    expect(text).toMatchSnapshot();
  });

  test('each org file\'s $schema, where set, points at a file that exists', () => {
    for (const org of orgs) {
      const schema = JSON.parse(fs.readFileSync(path.join(ORGS, `${org}.json`), 'utf8')).$schema;
      if (typeof schema === 'string' && !/^[a-z]+:/i.test(schema)) expect([org, fs.existsSync(path.resolve(ORGS, schema))]).toEqual([org, true]);
    }
  });
});
