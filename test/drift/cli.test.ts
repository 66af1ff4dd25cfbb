/**
 * `npm run drift`: exit 0 no drift, 2 drift, 1 no report (a bad file, another org's plan, a usage
 * mistake), with the message on stderr and nothing on stdout; once through scripts/run.js, as a
 * person or the workflow runs it.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { main } from '../../src/cli/drift';
import { CANARIES, FIXTURES, fixture, tempDir, writePlan } from './helpers';

const REPO = path.resolve(__dirname, '../..');
const dir = tempDir();

function run(argv: string[], cwd = FIXTURES): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, cwd, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

test('a clean plan: exit 0, a report that says so', () => {
  const r = run(['--org', 'example', '--plan', 'clean.json']);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('drift: no drift in example\n');
  expect(r.stdout).toMatch(/^## /);
});

test('drift: exit 2, the report on stdout, a count on stderr, no secret anywhere', () => {
  const r = run(['--org', 'example', '--plan', 'drift.json']);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('drift: 10 drifted resource(s) in example, 9 item(s) need attention\n');
  expect(r.stdout).toContain('### Needs attention (9)');
  for (const c of CANARIES) expect(r.stdout + r.stderr).not.toContain(c);
});

test('--out writes the report to a file (folders made), and says where', () => {
  const out = path.join(dir(), 'reports', 'drift.md');
  const r = run(['--org', 'example', '--plan', path.join(FIXTURES, 'drift.json'), '--out', out]);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^drift: wrote .*reports\/drift\.md \(10 drifted resource\(s\) in example, 9 item\(s\) need attention\)\n$/);
  expect(fs.readFileSync(out, 'utf8')).toContain('### Needs attention (9)');
});

describe('exit 1: no report, a message naming what was expected, nothing on stdout', () => {
  test.each([
    ['a missing file', ['--org', 'example', '--plan', 'missing.json'], 'drift: missing.json: no such file; expected the JSON of a saved refresh-only plan'],
    ['a state file', ['--org', 'example', '--plan', 'stored-state.json'], 'drift: stored-state.json: $: this is a Terraform state file'],
    ['the JSON of a state', ['--org', 'example', '--plan', 'state-show.json'], 'drift: state-show.json: $: this is the JSON of a Terraform state'],
    [
      "another org's plan",
      ['--org', 'example', '--plan', 'other-org.json'],
      "drift: other-org.json: $.configuration.root_module.variables: this is a plan of another org's stack",
    ],
    ['no --org', ['--plan', 'drift.json'], 'drift: --org <org> is required'],
    ['no --plan', ['--org', 'example'], 'drift: --plan <plan.json> is required'],
    ['--plan without its value', ['--org', 'example', '--plan'], 'drift: --plan needs a value'],
    ['an unknown option', ['--org', 'example', '--plna', 'x.json'], 'drift: unknown option "--plna" (did you mean "--plan"?)'],
    ['a stray argument', ['example', '--plan', 'drift.json'], 'drift: unexpected argument "example"; the org is given as --org example'],
  ])('%s', (_what, argv, message) => {
    const r = run(argv);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 1, stdout: '' });
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('text that is not JSON, and another format', () => {
    const notJson = writePlan(dir(), 'plan.txt', 'No changes. Your infrastructure still matches the configuration.\n');
    expect(run(['--org', 'example', '--plan', notJson]).stderr).toMatch(/plan\.txt: \$: invalid JSON at line 1, column 1/);
    const other = writePlan(dir(), 'monitor.json', fixture('drift.json').resource_drift![0]);
    const r = run(['--org', 'example', '--plan', other]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/monitor\.json: \$\.format_version: missing: this JSON is not Terraform's JSON output format/);
    expect(r.stderr).not.toContain('CANARY');
  });
});

test('through scripts/run.js, as the workflow runs it: exit codes 2, 0 and 1 reach the shell', async () => {
  // A private copy of scripts/run.js bundles into its own .build/, away from other test files.
  fs.mkdirSync(path.join(dir(), 'scripts'), { recursive: true });
  const runJs = path.join(dir(), 'scripts', 'run.js');
  fs.copyFileSync(path.join(REPO, 'scripts', 'run.js'), runJs);
  if (!fs.existsSync(path.join(dir(), 'node_modules'))) fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir(), 'node_modules'), 'dir');
  const exec = async (args: string[]) => {
    try {
      await promisify(execFile)(process.execPath, [runJs, path.join(REPO, 'src/cli/drift.ts'), ...args], { cwd: FIXTURES });
      return 0;
    } catch (e) {
      return (e as { code?: number }).code;
    }
  };
  expect(await exec(['--org', 'example', '--plan', 'drift.json'])).toBe(2);
  expect(await exec(['--org', 'example', '--plan', 'clean.json'])).toBe(0);
  expect(await exec(['--org', 'example', '--plan', 'other-org.json'])).toBe(1);
});
