/**
 * moved.json's serviceChecks (issue 28): a renamed service check keeps its health monitor. Each
 * entry must lead from a check that is gone to one service_checks.json has, like a file rename.
 */
import { parseMoved } from '../../src/config/moved';

const current = { monitors: [], dashboards: [], serviceChecks: ['torq.workflow.heartbeat', 'torq.api'] };

test('a rename to a check of service_checks.json is read; one from a check still there, or to a check that is not, is an error at its entry', () => {
  expect(parseMoved({ serviceChecks: { 'torq.heartbeat': 'torq.workflow.heartbeat' } }, 'moved.json', current)).toEqual({
    renames: { monitors: {}, dashboards: {}, serviceChecks: { 'torq.heartbeat': 'torq.workflow.heartbeat' } },
    findings: [],
  });
  expect(
    parseMoved({ serviceChecks: { 'torq.api': 'torq.workflow.heartbeat', 'torq.old': 'torq.workflow.heartbeet' } }, 'moved.json', current).findings.map(
      (f) => `${f.path}: ${f.message}`,
    ),
  ).toEqual([
    '$.serviceChecks["torq.api"]: service_checks.json still has the check "torq.api", so it cannot have been renamed to "torq.workflow.heartbeat"; expected the former name of a check that is gone',
    '$.serviceChecks["torq.old"]: renames "torq.old" to "torq.workflow.heartbeet", but service_checks.json has no check "torq.workflow.heartbeet" (did you mean "torq.workflow.heartbeat"?); expected the current name of a check',
  ]);
});
