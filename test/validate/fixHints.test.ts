/**
 * Errors that say how to fix them. A critical threshold that disagrees with the query's gets one
 * error that offers both consistent edits with their exact text, whichever side was edited, in a
 * catalog file or through an org file; an org file keyed by a renamed monitor is told the new name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyProject, editJson, synth, writeJson } from '../helpers/project';

const FILE = 'monitors/host_cpu_high.json'; // query "... by {host} > 90", critical 90

function errors(root: string): string[] {
  const r = synth(root);
  expect(r.code).toBe(1);
  return r.stderr.filter((l) => l.includes(': error: '));
}

describe('critical threshold vs the query', () => {
  test('critical raised without the query: set the query to `> 95`, or critical to 90', () => {
    const root = copyProject();
    editJson(root, FILE, (m) => (m.options.thresholds.critical = 95));
    expect(errors(root)).toEqual([
      "monitors/host_cpu_high.json: $.options.thresholds.critical: error: critical threshold 95 does not match the query's threshold `> 90`; expected the same number in both: set the query's threshold to `> 95`, or critical to 90",
    ]);
  });

  test('the query raised without critical: the reverse pair of edits', () => {
    const root = copyProject();
    editJson(root, FILE, (m) => (m.query = m.query.replace(/> 90$/, '> 95')));
    expect(errors(root)).toEqual([
      "monitors/host_cpu_high.json: $.options.thresholds.critical: error: critical threshold 90 does not match the query's threshold `> 95`; expected the same number in both: set the query's threshold to `> 90`, or critical to 95",
    ]);
  });

  test('both raised together is the routine edit, and it synthesizes', () => {
    const root = copyProject();
    editJson(root, FILE, (m) => {
      m.query = m.query.replace(/> 90$/, '> 95');
      m.options.thresholds.critical = 95;
    });
    expect(synth(root).code).toBe(0);
  });

  test('an org file that sets critical through options (not thresholds) is pointed at its own line, with both fixes', () => {
    const root = copyProject();
    editJson(root, 'orgs/example.json', (o) => (o.monitors.overrides.host_cpu_high = { options: { thresholds: { critical: 95, critical_recovery: 75 } } }));
    expect(errors(root)).toEqual([
      "orgs/example.json: $.monitors.overrides.host_cpu_high.options.thresholds.critical: error: critical threshold 95 does not match the threshold of the query in monitors/host_cpu_high.json (`> 90`); expected the same number in both: set $.monitors.overrides.host_cpu_high.thresholds.critical to 95 instead (it sets the query's threshold to `> 95` as well), or critical here to 90",
    ]);
    // The first fix it offers works.
    editJson(
      root,
      'orgs/example.json',
      (o) => (o.monitors.overrides.host_cpu_high = { thresholds: { critical: 95 }, options: { thresholds: { critical_recovery: 75 } } }),
    );
    expect(synth(root).code).toBe(0);
  });

  test("the reverse through an org file: the catalog file raised to 95 in both places, the org's options still at 90", () => {
    const root = copyProject();
    editJson(root, FILE, (m) => {
      m.query = m.query.replace(/> 90$/, '> 95');
      m.options.thresholds.critical = 95;
    });
    editJson(root, 'orgs/example.json', (o) => (o.monitors.overrides.host_cpu_high = { options: { thresholds: { critical: 90, critical_recovery: 75 } } }));
    expect(errors(root)).toEqual([
      "orgs/example.json: $.monitors.overrides.host_cpu_high.options.thresholds.critical: error: critical threshold 90 does not match the threshold of the query in monitors/host_cpu_high.json (`> 95`); expected the same number in both: set $.monitors.overrides.host_cpu_high.thresholds.critical to 90 instead (it sets the query's threshold to `> 90` as well), or critical here to 95",
    ]);
  });

  test('a catalog file that disagrees with itself is blamed on the catalog file, also in an org that overrides the monitor', () => {
    const root = copyProject();
    editJson(root, FILE, (m) => (m.options.thresholds.critical = 95));
    editJson(root, 'orgs/example.json', (o) => (o.monitors.overrides.host_cpu_high = { tags: ['team:sre'] }));
    expect(errors(root)).toEqual([
      expect.stringMatching(
        /^monitors\/host_cpu_high\.json: \$\.options\.thresholds\.critical: error: critical threshold 95 does not match the query's threshold `> 90`; .* \(as deployed to orgs\/example\.json, with its overrides for "host_cpu_high"\)$/,
      ),
    ]);
  });

  test('an org file override of thresholds.critical rewrites the query too: no error', () => {
    const root = copyProject();
    editJson(root, 'orgs/example.json', (o) => (o.monitors.overrides.host_cpu_high = { thresholds: { critical: 95 } }));
    const r = synth(root, ['example']);
    expect(r.code).toBe(0);
    expect(r.stack('example').resource.datadog_monitor.monitor_host_cpu_high.query).toMatch(/> 95$/);
  });
});

describe('a monitor file renamed in moved.json', () => {
  test('an org file still keyed by the old name is told where the monitor went', () => {
    const root = copyProject();
    fs.renameSync(path.join(root, 'monitors/disk_space_low.json'), path.join(root, 'monitors/disk_full.json'));
    writeJson(path.join(root, 'moved.json'), { monitors: { disk_space_low: 'disk_full' } });
    editJson(root, 'orgs/example.json', (o) => {
      o.monitors.overrides.disk_space_low = { priority: 2 };
      o.adopt = { monitors: { disk_space_low: 123 } };
    });
    expect(errors(root)).toEqual([
      'orgs/example.json: $.adopt.monitors.disk_space_low: error: adopts a monitor file that no longer exists: "disk_space_low" was renamed to "disk_full" in moved.json; expected this entry under adopt.monitors.disk_full',
      'orgs/example.json: $.monitors.overrides.disk_space_low: error: override for a monitor file that no longer exists: "disk_space_low" was renamed to "disk_full" in moved.json; expected this entry under monitors.overrides.disk_full',
    ]);
  });
});
