/**
 * `notifyOn` on transitions a monitor never has: Datadog accepts it and Torq is never notified, so
 * synth and validate warn (issue 28), naming the org file, the field and the monitor's file.
 */
import { copyFixture, editJson } from '../review/synthPair';
import { synth } from '../helpers/project';

test('notifyOn ["warning"] on a monitor without a warning threshold, ["no_data"] with notify_no_data off: a warning each; a reachable one: none', () => {
  const dir = copyFixture();
  editJson(dir, 'orgs/dev.json', (o) => {
    o.monitors.overrides = { k8s_crashloop: { notifyOn: ['warning'] }, host_cpu_high: { notifyOn: ['warning'] }, disk_space_low: { notifyOn: ['no_data'] } };
  });
  const run = synth(dir, ['dev'], { PATH: process.env.PATH });
  expect(run.code).toBe(0);
  const warnings = run.stderr.filter((l) => l.includes('never notified'));
  expect(warnings).toEqual([
    expect.stringContaining(
      'orgs/dev.json: $.monitors.overrides.disk_space_low.notifyOn: warning: monitors/disk_space_low.json is routed to Torq only on no_data (notify_no_data is off), so Torq is never notified of it',
    ),
    expect.stringContaining(
      'orgs/dev.json: $.monitors.overrides.k8s_crashloop.notifyOn: warning: monitors/k8s_crashloop.json is routed to Torq only on warning (it has no warning threshold), so Torq is never notified of it; expected a transition it has, such as ["alert", "recovery"]',
    ),
  ]);
});
