/**
 * Issue 30 on the fidelity fixture: what synth writes for an export's options (require_full_window,
 * new_group_delay 0 beside new_host_delay, locked), and what validation says about what provider
 * 3.82.0 refuses or cannot send (notification_preset_name, evaluation_window.timezone, role ids in
 * a shared-catalog dashboard).
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, editJson, synth, tempDir, writeJson } from '../helpers/project';
import { checkProject } from '../../src/validate/project';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'fidelity');

function copyFixture(): string {
  const dir = tempDir('torq-meaning-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
const findings = (root: string) => checkProject(root).findings.map((f) => `${f.file}: ${f.path}: ${f.severity}: ${f.message}`);

test('synth writes what an export means: require_full_window false when absent, new_host_delay 0 beside new_group_delay 0, locked kept', () => {
  const root = copyFixture();
  editJson(root, 'monitors/tagged.json', (m) => {
    delete m.options.require_full_window;
    m.options.new_group_delay = 0;
    m.options.new_host_delay = 300;
    m.options.locked = true;
  });
  const run = synth(root, ['acme']);
  expect(run.code).toBe(0);
  const monitor = run.stack('acme').resource.datadog_monitor.monitor_tagged;
  expect(monitor.require_full_window).toBe(false);
  expect(monitor.new_host_delay).toBe(0);
  expect(monitor.new_group_delay).toBe(0); // written, never sent by the provider (GetOk)
  expect(monitor.locked).toBe(true);
  expect(findings(root)).toContainEqual(
    expect.stringMatching(
      /^monitors\/tagged\.json: \$\.options\.new_host_delay: warning: new_host_delay 300 has no effect in Datadog next to new_group_delay 0/,
    ),
  );
});

test('locked beside restricted roles from the org file: not written (the provider refuses the pair)', () => {
  const root = copyFixture();
  editJson(root, 'monitors/host_group_delay_zero.json', (m) => {
    m.options.locked = true;
  });
  const run = synth(root, ['acme']);
  expect(run.code).toBe(0);
  const monitor = run.stack('acme').resource.datadog_monitor.monitor_host_group_delay_zero;
  expect(monitor.restricted_roles).toHaveLength(1);
  expect(monitor.locked).toBeUndefined();
});

test('evaluation_window.timezone: a warning at its path; notification_preset_name outside the enum: an error', () => {
  const root = copyFixture();
  editJson(root, 'monitors/tagged.json', (m) => {
    m.options.scheduling_options = { evaluation_window: { day_starts: '06:00', month_starts: 1, timezone: 'Europe/Paris' } };
    m.options.notification_preset_name = 'hide_querys';
  });
  const f = findings(root);
  expect(f).toContainEqual(
    expect.stringMatching(
      /^monitors\/tagged\.json: \$\.options\.scheduling_options\.evaluation_window\.timezone: warning: evaluation_window\.timezone "Europe\/Paris" cannot be deployed: provider 3\.82\.0 has no such attribute .*starts at 06:00 UTC/,
    ),
  );
  expect(f).toContainEqual(
    expect.stringMatching(
      /^monitors\/tagged\.json: \$\.options\.notification_preset_name: error: unknown notification_preset_name "hide_querys" \(did you mean "hide_query"\?\).*expected one of show_all, hide_query, hide_handles, hide_all/,
    ),
  );
});

test("role ids in a shared-catalog dashboard are an error (every org would send them); in an org's own dashboard they are fine", () => {
  const root = copyFixture();
  const roles = ['8f2c1d3e-1111-2222-3333-444455556666'];
  editJson(root, 'dashboards/readonly.json', (d) => {
    d.restricted_roles = roles;
  });
  expect(findings(root)).toContainEqual(
    expect.stringMatching(
      /^dashboards\/readonly\.json: \$\.restricted_roles: error: restricted_roles \["8f2c1d3e-1111-2222-3333-444455556666"\] are role ids of one Datadog org, and this file is in the shared catalog \(dashboards\/\).*dashboards\.overrides\.readonly\.restrictedRoles/,
    ),
  );
  const own = copyFixture();
  const dash = JSON.parse(fs.readFileSync(path.join(own, 'dashboards/readonly.json'), 'utf8'));
  fs.rmSync(path.join(own, 'dashboards/readonly.json'));
  fs.mkdirSync(path.join(own, 'orgs/acme/dashboards'), { recursive: true });
  writeJson(path.join(own, 'orgs/acme/dashboards/own_board.json'), { ...dash, restricted_roles: roles });
  expect(findings(own).filter((l) => l.includes('restricted_roles'))).toEqual([]);
});

test('notify_no_data beside a custom schedule: synth leaves notify_no_data and no_data_timeframe out (the provider sends neither, so written they would re-plan false -> true for ever), and validation says the no-data alert cannot be deployed', () => {
  const root = copyFixture();
  editJson(root, 'monitors/tagged.json', (m) => {
    m.options.notify_no_data = true;
    m.options.no_data_timeframe = 120;
    m.options.scheduling_options = { custom_schedule: { recurrences: [{ rrule: 'FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=0', timezone: 'UTC' }] } };
    delete m.options.on_missing_data;
  });
  const run = synth(root, ['acme']);
  expect(run.code).toBe(0);
  const monitor = run.stack('acme').resource.datadog_monitor.monitor_tagged;
  expect(monitor.scheduling_options).toBeDefined();
  expect(monitor.notify_no_data).toBeUndefined();
  expect(monitor.no_data_timeframe).toBeUndefined();
  expect(findings(root)).toContainEqual(
    expect.stringMatching(
      /^monitors\/tagged\.json: \$\.options\.notify_no_data: warning: notify_no_data is true, but this monitor has a custom_schedule.*no-data alerts cannot be deployed with a custom schedule by provider 3\.82\.0/,
    ),
  );
  expect(findings(root)).toContainEqual(
    expect.stringMatching(/^monitors\/tagged\.json: \$\.options\.no_data_timeframe: warning: no_data_timeframe 120 is not deployed: with a custom_schedule/),
  );
  // Without a custom schedule both are written as the file says.
  const plain = copyFixture();
  editJson(plain, 'monitors/tagged.json', (m) => {
    m.options.notify_no_data = true;
    m.options.no_data_timeframe = 120;
    delete m.options.on_missing_data;
  });
  const written = synth(plain, ['acme']).stack('acme').resource.datadog_monitor.monitor_tagged;
  expect([written.notify_no_data, written.no_data_timeframe]).toEqual([true, 120]);
});
