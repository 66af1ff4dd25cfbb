/**
 * Deploy safety: with CI set, synth refuses an org whose state would live on the runner.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseSynthArgs, runSynth } from '../../src/cli/synth';
import { isCi } from '../../src/cli/ciGuard';
import { copyProject } from '../helpers/project';

/** The fixture project's inputs (synth needs no copy of the package's code). */
let root: string;
beforeAll(() => {
  root = copyProject();
});

function synth(env: NodeJS.ProcessEnv): { code: number; stderr: string[]; outdir: string } {
  const outdir = path.join(root, `out-${Math.random().toString(36).slice(2)}`);
  const opts = parseSynthArgs([], { ...env, CDKTF_OUTDIR: outdir }, root);
  if (typeof opts === 'string') throw new Error(opts);
  const stderr: string[] = [];
  const code = runSynth({ ...opts, stdout: () => undefined, stderr: (l) => stderr.push(l) });
  return { code, stderr, outdir };
}

test('CI=true and a local backend: synth stops, naming the org file, $.backend, why and what to set', () => {
  const r = synth({ CI: 'true' });
  expect(r.code).toBe(1);
  expect(r.stderr[0]).toMatch(/^orgs\/example\.json: \$\.backend: error: the backend is \{"type":"local"\} and CI is set \(CI="true"\)/);
  expect(r.stderr[0]).toContain('the next deploy would create a second "torq" webhook, second monitors and a second dashboard');
  expect(r.stderr[0]).toContain('{"type": "s3"');
  expect(r.stderr[1]).toBe('synth stopped: 1 error; nothing was written');
  expect(fs.existsSync(r.outdir)).toBe(false);
});

test('without CI (or CI=false), and with a remote backend on CI, synth runs', () => {
  expect(synth({}).code).toBe(0);
  expect(synth({ CI: 'false' }).code).toBe(0);
  expect(synth({ CI: 'true', TORQ_ALLOW_LOCAL_STATE: '1' }).code).toBe(0);
  const file = path.join(root, 'orgs/example.json');
  const original = fs.readFileSync(file, 'utf8');
  try {
    const org = JSON.parse(original);
    org.backend = { type: 's3', bucket: 'acme-terraform-state', region: 'eu-west-1' };
    fs.writeFileSync(file, JSON.stringify(org));
    const r = synth({ CI: '1' });
    expect(r.stderr).toEqual([]);
    expect(r.code).toBe(0);
    const tf = JSON.parse(fs.readFileSync(path.join(r.outdir, 'stacks/example/cdk.tf.json'), 'utf8'));
    expect(tf.terraform.backend.s3).toMatchObject({ bucket: 'acme-terraform-state', use_lockfile: true });
  } finally {
    fs.writeFileSync(file, original);
  }
});

test('isCi reads the usual values', () => {
  expect([undefined, '', '0', 'false', 'FALSE'].map((v) => isCi({ CI: v }))).toEqual([false, false, false, false, false]);
  expect(['true', '1', 'True', 'yes'].map((v) => isCi({ CI: v }))).toEqual([true, true, true, true]);
});
