import * as path from 'path';
import { Finding } from '../../src/config/findings';
import { kindFromPath, kindFromShape, OrgValidator, runValidate } from '../../src/cli/validate';

const cliFixtures = path.resolve(__dirname, '../fixtures/validate/cli');

async function run(argv: string[], cwd = cliFixtures, org?: OrgValidator) {
  let stdout = '';
  let stderr = '';
  const code = await runValidate(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd }, org ? { org } : {});
  return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

/** A stand-in for the lead's org loader: webhooks and heartbeat checks straight from the file. */
const orgHook: OrgValidator = (raw, file) => {
  const o = raw as { webhooks?: string[]; heartbeatChecks?: string[] };
  const findings: Finding[] = o.webhooks ? [] : [{ file, path: '$.webhooks', severity: 'error', message: 'missing' }];
  return { findings, context: { webhooks: o.webhooks, heartbeatChecks: o.heartbeatChecks } };
};

describe('validate CLI', () => {
  test('walks a project folder, prints sorted findings relative to cwd and a summary, exits 1 on errors', async () => {
    const r = await run(['project']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([
      'project/dashboards/broken.json: $: error: invalid JSON at line 6, column 1: unexpected end of the text; expected a value',
      'project/monitors/torq_failures.json: $.options.thresholds.warning: error: warning threshold 8 must be less than the critical threshold 5 with the > comparator',
      'project/orgs/acme.json: $: warning: org files are not validated by this command yet (no org loader is connected); expected to be checked by synth',
      '5 files checked: 2 errors, 1 warning',
    ]);
  });

  test('with the org hook connected, monitors are checked against the webhooks and heartbeat checks it declares', async () => {
    const r = await run(['project/orgs', 'project/monitors'], cliFixtures, orgHook);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^project\/monitors\/torq_heartbeat\.json: \$\.message: error: @webhook-torq-prod at line 1, column 14 names no declared webhook; expected one of torq/),
      ]),
    );
    expect(r.lines.join('\n')).not.toContain('org files are not validated');
  });

  test('the loop guard fires through the CLI when the org declares the heartbeat check', async () => {
    const hook: OrgValidator = () => ({ findings: [], context: { webhooks: ['torq', 'torq-prod'], heartbeatChecks: ['torq.heartbeat'] } });
    const r = await run(['project/monitors/torq_heartbeat.json'], cliFixtures, hook);
    expect(r.code).toBe(0); // no org file named: no context
    const r2 = await run(['project/orgs', 'project/monitors/torq_heartbeat.json'], cliFixtures, hook);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toMatch(/@webhook-torq-prod is a Torq webhook, but this monitor watches Torq itself \(the heartbeat check "torq\.heartbeat"\)/);
  });

  test('--json prints the findings as a JSON array', async () => {
    const r = await run(['project/monitors', '--json']);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout) as Finding[];
    expect(found).toEqual([
      {
        file: 'project/monitors/torq_failures.json',
        path: '$.options.thresholds.warning',
        severity: 'error',
        message: 'warning threshold 8 must be less than the critical threshold 5 with the > comparator',
      },
    ]);
  });

  test('a file outside the known folders is classified by its shape; an unknown named file is an error, not a crash', async () => {
    const r = await run(['loose-monitor.json', 'package-like.json']);
    expect(r.lines).toEqual([
      'loose-monitor.json: $.options.thresholds.critical: error: critical threshold 10 does not match the threshold in the query (100); expected 100',
      expect.stringMatching(/^package-like\.json: \$: error: cannot tell what this file is \(found \{"name":"not-a-datadog-file","version":"1\.0\.0"\}\); expected a monitor/),
      '2 files checked: 2 errors, 0 warnings',
    ]);
  });

  test('a clean file exits 0 with a summary', async () => {
    const r = await run(['project/service_checks.json']);
    expect(r).toMatchObject({ code: 0, stdout: '1 file checked: no problems\n' });
  });

  test('an empty file is an error, not a crash', async () => {
    const r = await run(['empty.json']);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe('empty.json: $: error: the file is empty; expected a JSON document');
  });

  test('a missing path is an error finding, not a stack trace', async () => {
    const r = await run(['nope/monitors']);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe('nope/monitors: $: error: cannot read "nope/monitors" (ENOENT); expected an existing file or folder');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown option prints the usage and exits 2', async () => {
    const r = await run(['--jsno']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^unknown option --jsno\nusage: validate/);
  });

  test('with no path, the project layout under cwd is checked', async () => {
    const r = await run([], path.join(cliFixtures, 'project'));
    expect(r.lines[r.lines.length - 1]).toBe('5 files checked: 2 errors, 1 warning');
    expect(r.lines[0]).toMatch(/^dashboards\/broken\.json: /);
  });

  test('kinds come from the folder, the name, then the shape', () => {
    expect(kindFromPath('a/monitors/x.json')).toBe('monitor');
    expect(kindFromPath('a/dashboards/sub/x.json')).toBe('dashboard');
    expect(kindFromPath('orgs/acme.json')).toBe('org');
    expect(kindFromPath('assets/service_checks.json')).toBe('service-checks');
    expect(kindFromPath('x.json')).toBeUndefined();
    expect(kindFromShape({ definition: { type: 'query alert' } })).toBe('monitor');
    expect(kindFromShape({ widgets: [], layout_type: 'free' })).toBe('dashboard');
    expect(kindFromShape([{ check: 'a' }])).toBe('service-checks');
    expect(kindFromShape({ name: 'x' })).toBeUndefined();
  });
});
