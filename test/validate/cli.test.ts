import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Finding } from '../../src/config/findings';
import { kindFromPath, kindFromShape, OrgValidator, runValidate } from '../../src/cli/validate';
import { copyProject, readJson, writeJson } from '../helpers/project';

const cliFixtures = path.resolve(__dirname, '../fixtures/validate/cli');

async function run(argv: string[], cwd = cliFixtures, org?: OrgValidator) {
  let stdout = '';
  let stderr = '';
  const code = await runValidate(
    argv,
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd },
    org ? { org } : undefined,
  );
  return { code, stdout, stderr, lines: stdout.trimEnd().split('\n') };
}

describe('validate CLI', () => {
  test('walks a project folder, prints sorted findings relative to cwd and a summary, exits 1 on errors', async () => {
    const r = await run(['project']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.lines).toEqual([
      'project/dashboards/broken.json: $: error: invalid JSON at line 6, column 1: unexpected end of the text; expected a value',
      'project/monitors/torq_failures.json: $.options.thresholds.warning: error: warning threshold 8 must be less than the critical threshold 5 with the > comparator; expected a warning less than 5 (it fires before critical)',
      'project/monitors/torq_heartbeat.json: $.message: error: @webhook-torq is a Torq webhook, but this monitor watches Torq itself (the heartbeat check "torq.heartbeat"): a failing workflow would trigger itself in a loop; expected no Torq webhook in a monitor of Torq\'s own events or heartbeat (orgs/acme.json routes it to Torq: set "monitors.overrides.torq_heartbeat.webhook" to null there, or exclude it)',
      'project/monitors/torq_heartbeat.json: $.message: warning: @webhook-torq-prod at line 1, column 14 names no declared webhook; expected one of torq, or the name in externalWebhooks of the org file when the webhook exists in Datadog outside this project (org:import records those it finds); a webhook that does not exist is never notified (Datadog accepts the monitor)',
      'project/orgs/acme.json: $.health.notify: warning: no one hears about Torq\'s health: the service-check monitors will alert no one; expected @-handles such as ["@slack-secops"]',
      '5 files checked: 3 errors, 2 warnings',
    ]);
  });

  test('monitors are checked against the webhooks and heartbeat checks the orgs declare', async () => {
    const r = await run(['project/orgs', 'project/monitors'], cliFixtures);
    expect(r.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^project\/monitors\/torq_heartbeat\.json: \$\.message: warning: @webhook-torq-prod at line 1, column 14 names no declared webhook; expected one of torq/,
        ),
      ]),
    );
  });

  test("a file of a project, named alone, gets the findings the project check gives it (its orgs' webhooks, as each org deploys it)", async () => {
    const whole = await run(['project']);
    for (const file of ['project/monitors/torq_heartbeat.json', 'project/monitors/torq_failures.json', 'project/dashboards/broken.json']) {
      const alone = await run([file]);
      expect(alone.lines.slice(0, -1)).toEqual(whole.lines.filter((l) => l.startsWith(`${file}: `)));
      expect(alone.lines.slice(0, -1).length).toBeGreaterThan(0);
    }
    // From inside the project too, and whatever hook an org file would bring: the project decides.
    const hook: OrgValidator = () => ({ findings: [], context: { webhooks: ['torq', 'torq-prod'], heartbeatChecks: [] } });
    const inside = await run(['monitors/torq_heartbeat.json'], path.join(cliFixtures, 'project'), hook);
    expect(inside.lines).toEqual([
      ...whole.lines.filter((l) => l.startsWith('project/monitors/torq_heartbeat.json: ')).map((l) => l.slice('project/'.length)),
      '1 file checked: 1 error, 1 warning',
    ]);
  });

  test('the loop guard fires through the CLI for a monitor outside any project when a named org declares the heartbeat check', async () => {
    const hook: OrgValidator = () => ({ findings: [], context: { webhooks: ['torq', 'torq-prod'], heartbeatChecks: ['torq.heartbeat'] } });
    const loose = path.join(cliFixtures, 'project/monitors/torq_heartbeat.json');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-validate-loose-'));
    try {
      fs.copyFileSync(loose, path.join(dir, 'heartbeat.json'));
      expect((await run(['heartbeat.json'], dir, hook)).code).toBe(0); // no org file named: no context
      const r2 = await run([path.join(cliFixtures, 'project/orgs'), 'heartbeat.json'], dir, hook);
      expect(r2.code).toBe(1);
      expect(r2.stdout).toMatch(/@webhook-torq-prod is a Torq webhook, but this monitor watches Torq itself \(the heartbeat check "torq\.heartbeat"\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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
        message:
          'warning threshold 8 must be less than the critical threshold 5 with the > comparator; expected a warning less than 5 (it fires before critical)',
      },
      expect.objectContaining({ file: 'project/monitors/torq_heartbeat.json', path: '$.message', severity: 'error' }),
      expect.objectContaining({ file: 'project/monitors/torq_heartbeat.json', path: '$.message', severity: 'warning' }),
    ]);
  });

  test('a file outside the known folders is classified by its shape; an unknown named file is an error, not a crash', async () => {
    const r = await run(['loose-monitor.json', 'package-like.json']);
    expect(r.lines).toEqual([
      "loose-monitor.json: $.options.thresholds.critical: error: critical threshold 10 does not match the query's threshold `> 100`; expected the same number in both: set the query's threshold to `> 10`, or critical to 100",
      expect.stringMatching(
        /^package-like\.json: \$: error: cannot tell what this file is \(found \{"name":"not-a-datadog-file","version":"1\.0\.0"\}\); expected a monitor/,
      ),
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

  test('an unknown option prints the usage and exits 1', async () => {
    const r = await run(['--jsno']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(
      /^validate: unknown option "--jsno" \(did you mean "--json"\?\); expected one of: --json, --help, -h\nusage: npm run validate -- /,
    );
  });

  test('with no path, the project under cwd is checked as synth checks it, each monitor in its org', async () => {
    const r = await run([], path.join(cliFixtures, 'project'));
    expect(r.code).toBe(1);
    expect(r.lines[r.lines.length - 1]).toBe('5 files checked: 3 errors, 2 warnings');
    expect(r.lines[0]).toMatch(/^dashboards\/broken\.json: \$: error: invalid JSON at line 6/);
    // The org routes every monitor to its webhook "torq": the heartbeat monitor would loop.
    expect(r.lines).toContainEqual(
      expect.stringMatching(
        /^monitors\/torq_heartbeat\.json: \$\.message: error: @webhook-torq is a Torq webhook.*set "monitors\.overrides\.torq_heartbeat\.webhook" to null/,
      ),
    );
    expect(r.lines).toContainEqual(
      expect.stringMatching(/^monitors\/torq_heartbeat\.json: \$\.message: warning: @webhook-torq-prod .*names no declared webhook; expected one of torq/),
    );
    expect(r.lines).toContainEqual(expect.stringMatching(/^orgs\/acme\.json: \$\.health\.notify: warning: /));
  });

  test('an org file named on the command line is checked against its own project', async () => {
    const r = await run([path.join('project', 'orgs', 'acme.json')], cliFixtures);
    expect(r.code).toBe(1);
    expect(r.lines).toContainEqual(
      expect.stringMatching(/^project\/monitors\/torq_failures\.json: \$\.options\.thresholds\.warning: error: warning threshold 8/),
    );
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

test('a pasted monitor with @webhook-torqq and avalanche_window: the file alone gets the error and the warning the project check gives (issue: 0 errors alone)', async () => {
  const root = copyProject();
  const m = readJson(path.join(root, 'monitors/host_cpu_high.json'));
  writeJson(path.join(root, 'monitors/pasted.json'), {
    ...m,
    name: 'Pasted',
    message: 'Pasted from the UI @webhook-torqq',
    options: { ...m.options, avalanche_window: 10 },
  });
  const alone = await run(['monitors/pasted.json'], root);
  const whole = await run([], root);
  expect(alone.code).toBe(1);
  expect(alone.lines.slice(0, -1)).toEqual(whole.lines.filter((l) => l.startsWith('monitors/pasted.json: ')));
  expect(alone.lines.join('\n')).toMatch(/monitors\/pasted\.json: \$\.message: error: @webhook-torqq .*names no declared webhook \(did you mean "torq"\?\)/);
  expect(alone.lines.join('\n')).toMatch(/monitors\/pasted\.json: \$\.options\.avalanche_window: warning: /);
});

describe('a loose monitor file (outside any project) gets the option checks a project file gets', () => {
  test('a near-miss option key is an error with "did you mean", and an unknown preset is said once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loose-'));
    writeJson(path.join(dir, 'cpu.json'), {
      name: 'CPU high',
      type: 'metric alert',
      query: 'avg(last_5m):avg:system.cpu.user{*} > 90',
      message: 'CPU high @webhook-torq',
      options: { thresholds: { critical: 90 }, notify_no_dta: true, notification_preset_name: 'hide_handle' },
    });
    const r = await run(['cpu.json'], dir);
    expect(r.code).toBe(1);
    const errors = r.lines.filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      expect.stringMatching(
        /^cpu\.json: \$\.options\.notification_preset_name: error: unknown notification_preset_name "hide_handle" \(did you mean "hide_handles"\?\)/,
      ),
      expect.stringMatching(/^cpu\.json: \$\.options\.notify_no_dta: error: unknown option "notify_no_dta" \(did you mean "notify_no_data"\?\)/),
    ]);
  });
});
