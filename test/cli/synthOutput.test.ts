/**
 * What synth leaves in cdktf.out, and how its output reads under cdktf-cli.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthMain } from '../../src/cli/synth';
import { editJson, tempDir } from '../helpers/project';
import { snapshotTree } from '../import/helpers';

const FIXTURE = path.resolve(__dirname, '../fixtures/cli/pasted');

/** Two orgs (acme, beta) whose only findings are warnings: the pasted export, cleaned of its errors. */
function project(): string {
  const root = tempDir('torq-synth-out-');
  fs.cpSync(FIXTURE, root, { recursive: true });
  editJson(root, 'monitors/exported.json', (m) => {
    delete m.restricted_roles;
    m.message = 'Disk is almost full. @webhook-torq';
  });
  return root;
}

function run(root: string, argv: string[] = [], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = synthMain(argv, env, root, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const files = (dir: string) => [...snapshotTree(dir).keys()].sort();

test('a full synth leaves only the stacks of existing orgs; with --org the others stay', () => {
  const root = project();
  expect(run(root).code).toBe(0);
  const out = path.join(root, 'cdktf.out');
  expect(files(out)).toEqual(['manifest.json', 'stacks/acme/cdk.tf.json', 'stacks/beta/cdk.tf.json']);

  fs.rmSync(path.join(root, 'orgs/beta.json'));
  const one = run(root, ['--org', 'acme']);
  expect(one.code).toBe(0);
  expect(files(out)).toEqual(['manifest.json', 'stacks/acme/cdk.tf.json', 'stacks/beta/cdk.tf.json']);

  const full = run(root);
  expect(full.code).toBe(0);
  expect(full.stdout).toContain('removed cdktf.out/stacks/beta: no org file orgs/beta.json');
  expect(files(out)).toEqual(['manifest.json', 'stacks/acme/cdk.tf.json']);
});

test('a stale stack folder that holds a Terraform state file is kept, with a warning', () => {
  const root = project();
  fs.mkdirSync(path.join(root, 'cdktf.out/stacks/gone'), { recursive: true });
  fs.writeFileSync(path.join(root, 'cdktf.out/stacks/gone/terraform.gone.tfstate'), '{}');
  const r = run(root);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('cdktf.out/stacks/gone: $: warning: no org file orgs/gone.json, but the folder holds a Terraform state file, so it is kept');
  expect(fs.existsSync(path.join(root, 'cdktf.out/stacks/gone/terraform.gone.tfstate'))).toBe(true);
});

test('the manifest names only files that exist', () => {
  const root = project();
  expect(run(root).code).toBe(0);
  const out = path.join(root, 'cdktf.out');
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.stacks).sort()).toEqual(['acme', 'beta']);
  for (const stack of Object.values<Record<string, unknown>>(manifest.stacks)) {
    for (const [key, value] of Object.entries(stack)) {
      if (/(Path|Directory)$/.test(key) && key !== 'constructPath')
        expect({ key, exists: fs.existsSync(path.join(out, value as string)) }).toEqual({ key, exists: true });
    }
    expect(stack).not.toHaveProperty('stackMetadataPath');
  }
});

test('under cdktf-cli warnings go to stdout (it labels stderr [ERROR]); errors stay on stderr', () => {
  const root = project();
  const plain = run(root);
  expect(plain.stderr).toMatch(/^monitors\/exported\.json: \$\.created: warning: /);
  expect(plain.stdout).not.toContain(': warning: ');

  // cdktf-cli 0.21 sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app it runs.
  const cli = run(root, [], { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true', CDKTF_OUTDIR: path.join(root, 'cdktf.out') });
  expect(cli.code).toBe(0);
  expect(cli.stderr).toBe('');
  expect(cli.stdout.split('\n').filter((l) => l.includes(': warning: '))).toEqual(plain.stderr.trimEnd().split('\n'));

  editJson(root, 'orgs/acme.json', (o) => {
    o.site = 'eu';
  });
  const bad = run(root, [], { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^orgs\/acme\.json: \$\.site: error: .*\(did you mean "eu1"\?\), found "eu"\nsynth stopped: 1 error; nothing was written\n$/);
  expect(bad.stdout).toMatch(/: warning: /);
});

test('an output folder that cannot be written is a finding naming it, exit 1, not a stack trace', () => {
  const root = project();
  fs.writeFileSync(path.join(root, 'out'), 'a file, not a folder\n');
  const r = run(root, ['--outdir', 'out']);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toContain(
    'out/stacks: $: error: cannot write the stacks there (ENOTDIR); expected the output folder (out, set by --outdir or CDKTF_OUTDIR) to be a folder this user can write\n',
  );
  expect(r.stderr).toMatch(/synth stopped: the output folder cannot be written\n$/);
});
