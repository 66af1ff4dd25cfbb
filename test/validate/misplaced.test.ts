import * as path from 'path';
import { loadCatalog } from '../../src/config/project';
import { formatFinding } from '../../src/config/findings';
import { runValidate } from '../../src/cli/validate';
import { fixtures } from './helpers';

/**
 * A dashboard saved into monitors/ (or a monitor into dashboards/) is named for what it is, with one
 * error, instead of the field errors of the kind its folder expects.
 */
const root = path.join(fixtures, 'misplaced');
const DASHBOARD_IN_MONITORS =
  /^monitors\/torq_overview\.json: \$: error: this file looks like a dashboard "Torq overview" \(it has widgets and a layout_type\), not a monitor; expected it in dashboards\//;
const MONITOR_IN_DASHBOARDS =
  /^dashboards\/torq_failures\.json: \$: error: this file looks like a monitor "Torq workflow failures" \(it has a type and a query\), not a dashboard; expected it in monitors\//;

test('the catalog loader names a misplaced file, once, and loads neither', () => {
  const { catalog, findings } = loadCatalog(root);
  expect(findings.map(formatFinding)).toEqual([expect.stringMatching(DASHBOARD_IN_MONITORS), expect.stringMatching(MONITOR_IN_DASHBOARDS)]);
  expect(catalog.monitors).toEqual([]);
  expect(catalog.dashboards).toEqual([]);
});

test('npm run validate on the folders says the same', async () => {
  let stdout = '';
  const code = await runValidate(['monitors', 'dashboards'], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true }, cwd: root }, {});
  expect(code).toBe(1);
  expect(stdout.trimEnd().split('\n')).toEqual([
    expect.stringMatching(MONITOR_IN_DASHBOARDS),
    expect.stringMatching(DASHBOARD_IN_MONITORS),
    '2 files checked: 2 errors, 0 warnings',
  ]);
});
