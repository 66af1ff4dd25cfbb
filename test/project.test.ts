/**
 * YOUR project: the org files in orgs/, the catalog in monitors/, dashboards/, service_checks.json
 * and moved.json of this working tree (every other test runs on test/fixtures/project).
 *
 * - The project validates with no errors, as `npm run validate` reports them.
 * - Each org's synthesized stack (cdktf.out/stacks/<org>/cdk.tf.json, as `npm run synth` writes
 *   it) is a snapshot in test/__snapshots__/project.test.ts.snap, one entry per org. After an
 *   edit, `npm test` fails on the orgs the edit changed: read the diff, and if it is what you
 *   meant, run `npm test -- -u` and commit the .snap with your change (the pull request's review
 *   comment tells the same story in words). On CI a missing snapshot is an error: commit it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../src/cli/synth';
import { formatFinding } from '../src/config/findings';
import { checkProject } from '../src/validate/project';
import { REPO, tempDir } from './helpers/project';

const orgFiles = fs.existsSync(path.join(REPO, 'orgs'))
  ? fs.readdirSync(path.join(REPO, 'orgs'), { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name).sort()
  : [];
const orgs = orgFiles.map((f) => f.replace(/\.json$/, ''));

test('your project validates with no errors (npm run validate shows them with their fix)', () => {
  const errors = checkProject(REPO).findings.filter((f) => f.severity === 'error').map(formatFinding);
  expect(errors).toEqual([]);
});

test('your org files that name a $schema point at the committed schema/org.schema.json', () => {
  for (const file of orgFiles) {
    const org = JSON.parse(fs.readFileSync(path.join(REPO, 'orgs', file), 'utf8'));
    if (org.$schema !== undefined) expect([file, org.$schema]).toEqual([file, '../schema/org.schema.json']);
  }
  expect(fs.existsSync(path.join(REPO, 'schema', 'org.schema.json'))).toBe(true);
});

describe('your org stacks (a change you meant? run `npm test -- -u`, read the .snap diff, commit it)', () => {
  // Canary secrets in the environment, as a deploy has them: none may reach a snapshot.
  const canaries: Record<string, string> = { DD_API_KEY: 'canary-dd-api-key-6d1f0a', DD_APP_KEY: 'canary-dd-app-key-93be27' };
  for (const org of orgs) {
    const v = org.replace(/-/g, '_');
    canaries[`TF_VAR_datadog_api_key_${v}`] = `canary-api-key-${v}-51c2`;
    canaries[`TF_VAR_datadog_app_key_${v}`] = `canary-app-key-${v}-7a40`;
    canaries[`TF_VAR_torq_webhook_url_${v}`] = `https://hooks.torq.io/v1/webhooks/canary-${v}-0e19`;
  }
  let outdir = '';
  let stderr: string[] = [];
  let code = -1;
  beforeAll(() => {
    outdir = path.join(tempDir('torq-your-project-'), 'cdktf.out');
    const saved = { ...process.env };
    Object.assign(process.env, canaries);
    stderr = [];
    try {
      // What `npm run synth` runs (main.ts), without the deploy-only CI guard on local state.
      code = runSynth({ root: REPO, outdir, stdout: () => undefined, stderr: (l) => stderr.push(l) });
    } finally {
      process.env = saved;
    }
  });

  const stackText = (org: string): string => {
    expect({ code, stderr: stderr.filter((l) => !l.includes(': warning: ')) }).toEqual({ code: 0, stderr: [] });
    return fs.readFileSync(path.join(outdir, 'stacks', org, 'cdk.tf.json'), 'utf8');
  };

  if (orgs.length === 0) test.skip('no org file in orgs/: nothing to snapshot', () => undefined);
  else
    test.each(orgs)('orgs/%s.json: its synthesized stack', (org) => {
      const text = stackText(org);
      for (const secret of Object.values(canaries)) expect(text).not.toContain(secret);
      // Byte-identical on every machine: no path of this checkout or of the (temp) outdir.
      for (const machinePath of [REPO, fs.realpathSync(REPO), path.dirname(outdir)]) expect(text).not.toContain(machinePath);
      expect(text).toMatchSnapshot();
    });
});
