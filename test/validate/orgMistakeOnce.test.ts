/**
 * An org file's mistake is reported once, at the org file: a routing webhook the org does not
 * declare is not blamed on every monitor it routes, at lines of a message those files do not hold.
 */
import * as path from 'path';
import { formatFinding } from '../../src/config/findings';
import { checkProject } from '../../src/validate/project';
import { copyProject, editJson, writeJson, readJson } from '../helpers/project';

const errorsOf = (root: string) =>
  checkProject(root)
    .findings.filter((f) => f.severity === 'error')
    .map(formatFinding);

test('"monitors": {"webhook": "torqq"}: one error, at the org file, with "did you mean"', () => {
  const root = copyProject();
  editJson(root, 'orgs/example.json', (o) => {
    o.monitors.webhook = 'torqq';
  });
  expect(errorsOf(root)).toEqual([
    'orgs/example.json: $.monitors.webhook: error: no webhook "torqq" in this org (did you mean "torq"?); expected one of: torq',
  ]);
});

test("an override's webhook the org does not declare: reported at the override only", () => {
  const root = copyProject();
  editJson(root, 'orgs/example.json', (o) => {
    o.monitors.overrides = { ...o.monitors.overrides, host_cpu_high: { ...(o.monitors.overrides?.host_cpu_high ?? {}), webhook: 'torqq' } };
  });
  const errors = errorsOf(root);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(/^orgs\/example\.json: \$\.monitors\.overrides\.host_cpu_high\.webhook: error: .*"torqq"/);
});

test('a mention the monitor file itself writes is still reported at that file', () => {
  const root = copyProject();
  const file = path.join(root, 'monitors/host_cpu_high.json');
  const m = readJson(file);
  writeJson(file, { ...m, message: `${m.message}\nAlso @webhook-torqq` });
  expect(errorsOf(root).filter((e) => e.startsWith('monitors/host_cpu_high.json: $.message: error: @webhook-torqq'))).toHaveLength(1);
});
