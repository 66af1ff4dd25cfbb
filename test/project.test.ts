/**
 * YOUR project: the org files in orgs/, the catalog in monitors/, dashboards/, service_checks.json
 * and moved.json of this working tree (every other test runs on test/fixtures/project).
 *
 * - The project validates with no errors, as `npm run validate` reports them.
 * - Each org's synthesized stack (cdktf.out/stacks/<org>/cdk.tf.json, as `npm run synth` writes
 *   it) is a snapshot file of its own, keyed by the org's name: test/__snapshots__/orgs/<org>.tf.json.
 *   After an edit, this suite fails on the orgs the edit changed: read the diff, and if it is what
 *   you meant, run `npx jest test/project.test.ts -u` and commit the files with your change (the
 *   pull request's review comment tells the same story in words). A new org's file is written and
 *   a removed org's file is deleted on a local run, as a new org and a removed org are meant (so
 *   replacing the example org keeps `npm test` green); on CI (`--ci`, CI=true) nothing is written,
 *   so a missing or leftover file fails: commit what the local run wrote.
 */
import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../src/cli/synth';
import { formatFinding } from '../src/config/findings';
import { checkProject } from '../src/validate/project';
import { REPO, tempDir } from './helpers/project';

const orgFiles = fs.existsSync(path.join(REPO, 'orgs'))
  ? fs
      .readdirSync(path.join(REPO, 'orgs'), { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => e.name)
      .sort()
  : [];
const orgs = orgFiles.map((f) => f.replace(/\.json$/, ''));

test('your project validates with no errors (npm run validate shows them with their fix)', () => {
  const errors = checkProject(REPO)
    .findings.filter((f) => f.severity === 'error')
    .map(formatFinding);
  expect(errors).toEqual([]);
});

test('your org files that name a $schema point at the committed schema/org.schema.json', () => {
  for (const file of orgFiles) {
    const org = JSON.parse(fs.readFileSync(path.join(REPO, 'orgs', file), 'utf8'));
    if (org.$schema !== undefined) expect([file, org.$schema]).toEqual([file, '../schema/org.schema.json']);
  }
  expect(fs.existsSync(path.join(REPO, 'schema', 'org.schema.json'))).toBe(true);
});

/** Where an org's snapshot lives: one file per org, named after it, so orgs come and go freely. */
const SNAPSHOTS = path.join(REPO, 'test', '__snapshots__', 'orgs');
const snapshotFile = (org: string) => path.join(SNAPSHOTS, `${org}.tf.json`);
const RERUN = 'npx jest test/project.test.ts';

/** Jest's snapshot mode for this run: 'all' with -u, 'none' with --ci (CI=true), else 'new'. */
function snapshotMode(): 'all' | 'new' | 'none' {
  const state = expect.getState().snapshotState as unknown as { _updateSnapshot?: 'all' | 'new' | 'none' } | undefined;
  return state?._updateSnapshot ?? 'new';
}

describe(`your org stacks (a change you meant? run \`${RERUN} -u\`, read the diff of test/__snapshots__/orgs, commit it)`, () => {
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
      const file = snapshotFile(org);
      const rel = path.relative(REPO, file);
      const mode = snapshotMode();
      if (!fs.existsSync(file)) {
        if (mode === 'none')
          throw new Error(
            `${rel}: no snapshot of orgs/${org}.json; on CI nothing is written: run \`${RERUN}\` on your machine (it writes the file) and commit it`,
          );
        fs.mkdirSync(SNAPSHOTS, { recursive: true });
        fs.writeFileSync(file, text);
        return;
      }
      const saved = fs.readFileSync(file, 'utf8');
      if (saved === text) return;
      if (mode === 'all') {
        fs.writeFileSync(file, text);
        return;
      }
      const hint = `${rel} differs from what orgs/${org}.json synthesizes; a change you meant? run \`${RERUN} -u\` and commit the file`;
      expect({ hint, stack: text }).toEqual({ hint, stack: saved });
    });

  test('no snapshot is left of an org that has no org file any more', () => {
    const left = fs.existsSync(SNAPSHOTS)
      ? fs.readdirSync(SNAPSHOTS).filter((f) => f.endsWith('.tf.json') && !orgs.includes(f.slice(0, -'.tf.json'.length)))
      : [];
    if (snapshotMode() !== 'none') {
      // A removed (or replaced) org's snapshot goes with it, as its org file did.
      for (const f of left) fs.rmSync(path.join(SNAPSHOTS, f));
      return;
    }
    expect(
      left.map(
        (f) => `test/__snapshots__/orgs/${f}: orgs/${f.slice(0, -'.tf.json'.length)}.json is gone; delete the snapshot with it (a local \`${RERUN}\` does)`,
      ),
    ).toEqual([]);
  });
});
