/** The one reader of a query's trailing comparison, used by synth, import, the review and validation. */
import { malformedComparator, parseQueryComparison, withQueryThreshold } from '../../src/datadog/query';

test('thresholds at the end of a query are found and replaced, the comparator kept', () => {
  expect(parseQueryComparison('avg(last_5m):avg:a{*} by {h} >= -1.5')).toMatchObject({ comparator: '>=', threshold: -1.5 });
  expect(parseQueryComparison('1 && 2')).toBeUndefined();
  expect(withQueryThreshold('logs("x").index("*").rollup("count").last("5m") > 50', 80)).toBe('logs("x").index("*").rollup("count").last("5m") > 80');
});

test('`=> 90` is a malformed operator, not a `>` threshold: no threshold to read or replace (routing once read `> 90`)', () => {
  const q = 'avg(last_5m):avg:system.cpu.user{*} => 90';
  expect(parseQueryComparison(q)).toBeUndefined();
  expect(malformedComparator(q)).toBe('=>');
  expect(withQueryThreshold(q, 95)).toBeUndefined();
});
