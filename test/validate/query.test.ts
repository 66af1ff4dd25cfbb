import { checkMonitorQuery, compositeOperands, parseMetricQuery, parseQueryComparison, parseServiceCheckQuery, watchesTorq } from '../../src/validate';

describe('parseQueryComparison: the comparator and threshold at the end of any monitor query', () => {
  test.each([
    ['avg(last_5m):avg:system.cpu.user{*} > 90', '>', 90],
    ['sum(last_1h):sum:a{*}.as_count() >= 1e3', '>=', 1000],
    ['avg(last_5m):avg:a{*} <= -0.5', '<=', -0.5],
    ['logs("status:error").index("*").rollup("count").last("5m") < 10', '<', 10],
    ['error_budget("abc").over("7d") > 75', '>', 75],
    ['events("a > 3").rollup("count").last("5m") == 0', '==', 0],
    ["avg(last_4h):anomalies(avg:a{*}, 'basic', 2, direction='above') >= 1  ", '>=', 1],
  ])('%s', (query, comparator, threshold) => {
    expect(parseQueryComparison(query)).toMatchObject({ comparator, threshold });
  });

  test.each(['"check".over("*").last(2).count_by_status()', '123 && 456', 'avg(last_5m):avg:a{*}', ''])('%j has none', (q) => {
    expect(parseQueryComparison(q)).toBeUndefined();
  });
});

describe('parseMetricQuery', () => {
  test('splits a plain metric query', () => {
    expect(parseMetricQuery('avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 90')).toEqual({
      timeAggregation: 'avg',
      window: 'last_5m',
      body: 'avg:system.cpu.user{env:prod} by {host}',
      comparator: '>',
      threshold: 90,
    });
  });
  test('splits a change query', () => {
    expect(parseMetricQuery('pct_change(avg(last_5m),last_5m):avg:a{*} > 50')).toMatchObject({
      timeAggregation: 'pct_change',
      changeAggregation: 'avg',
      window: 'last_5m',
      timeshift: 'last_5m',
      threshold: 50,
    });
  });
  test('is undefined for what is not a metric query', () => {
    expect(parseMetricQuery('avg:a{*} > 1')).toBeUndefined();
    expect(parseMetricQuery('logs("x").last("5m") > 1')).toBeUndefined();
  });
});

describe('parseServiceCheckQuery and compositeOperands', () => {
  test('a service check query', () => {
    expect(parseServiceCheckQuery('"torq.can_connect".over("env:prod").exclude("host:a").by("host").last(3).count_by_status()')).toEqual({
      check: 'torq.can_connect',
      over: 'env:prod',
      by: 'host',
      last: 3,
    });
  });
  test('composite operands, with references', () => {
    expect(compositeOperands('${datadog_monitor.a.id} && !(123 || torq_failures)')).toEqual(['${datadog_monitor.a.id}', '123', 'torq_failures']);
    expect(compositeOperands('123 &&')).toBeUndefined();
    expect(compositeOperands('(123 || 456')).toBeUndefined();
  });
});

describe('checkMonitorQuery: no false errors on grammar it does not model', () => {
  test.each([
    ['query alert', "avg(last_1h):outliers(avg:system.load.1{*} by {host}, 'DBSCAN', 3.0) > 0"],
    ['query alert', 'sum(current_1mo):sum:aws.billing.estimated_charges{*}.as_count() > 1000'],
    ['query alert', 'avg(last_5m):week_before(avg:system.load.1{*}) - avg:system.load.1{*} > 2'],
    ['query alert', 'max(last_1w):max:torq.queue.age{*} by {queue} > 3600'],
    ['metric alert', 'avg(last_2d):avg:torq.runs{service:a,!env:staging} by {workflow} < 1'],
    ['query alert', 'avg(last_10m):p99.9:torq.latency{*} > 2'],
    ['log alert', 'logs("service:torq @http.status_code:[500 TO 599]").index("main","archive").rollup("count").by("@http.url_details.path").last("1h") > 10'],
    ['log alert', 'logs("message:\\"a (b\\"").index("*").rollup("count").last("30m") > 1'],
    ['ci-pipelines alert', 'ci-pipelines("ci_level:pipeline @ci.status:error").rollup("count").by("@ci.pipeline.name").last("15m") > 3'],
    ['audit alert', 'audits("@evt.name:\\"Request\\"").rollup("count").last("5m") > 100'],
    ['error-tracking alert', 'error-tracking-rum("service:torq").rollup("count").by("@issue.id").last("1h") > 0'],
    ['slo alert', 'burn_rate("abc").over("7d").long_window("6h").short_window("30m") > 6'],
    ['composite', '(1 || 2) && !3'],
    ['service check', '"ntp.in_sync".by("*").last(2).count_by_status()'],
    ['service check', '"ntp.in_sync".over("*").last(2).count_by_status()'],
    ['query alert', 'formula("query1 / query2 * 100").last("5m") > 10'],
    ['synthetics alert', 'anything at all'],
    ['cost alert', 'formula("a").last("7d").change() > 10'],
    ['data-quality alert', 'whatever(query) > 1'],
    // Evaluation windows up to 730 hours / 1 month (https://docs.datadoghq.com/monitors/configuration/).
    ['query alert', 'avg(last_1mo):avg:torq.runs{*} > 1'],
    ['query alert', 'avg(last_730h):avg:torq.runs{*} > 1'],
    ['query alert', 'avg(last_43800m):avg:torq.runs{*} > 1'],
    ['query alert', 'sum(last_30d):sum:torq.runs{*}.as_count() > 1'],
    ['query alert', 'sum(last_4w):sum:torq.runs{*}.as_count() > 1'],
    // Parentheses inside a tag scope are not a group-by; spaces inside a scope are not in a metric name.
    ['query alert', 'sum(last_5m):max:cb.state{state IN (open,half_open,forced_open)} by {name,state} / max:kubernetes.pods.running{*} * 100 >= 50'],
    [
      'query alert',
      "avg(last_1d):anomalies(avg:a.b{*} by {host}.as_count().fill(zero, 0).rollup(sum, 900), 'robust', 2, direction='below', alert_window='last_1h') >= 0.5",
    ],
    ['query alert', "avg(last_4h):anomalies(avg:a{*} + avg:b{*}, 'agile', 2) >= 1"],
    ['query alert', 'avg(last_5m):avg:torq.runs{*} != -1'],
    ['log alert', 'logs("a").index("*").rollup("cardinality", "@usr.id").last("5m") > 1'],
    ['trace-analytics alert', 'trace-analytics("env:prod").rollup("pc75", "@duration").last("15m") > 20000000000'],
    ['rum alert', 'rum("@type:view").rollup("pc75", "@view.largest_contentful_paint").last("30m") > 4000'],
    ['error-tracking alert', 'error-tracking("service:a").source("all").new().rollup("count").by("@issue.id").last("1h") > 0'],
  ])('%s: %s', (type, query) => {
    expect(checkMonitorQuery(type, query, 'f', '$.query').filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('watchesTorq: the loop guard trigger', () => {
  test.each([
    ['events("source:torq").rollup("count").last("5m") > 0', 'source:torq'],
    ['events("SOURCES:Torq status:error").rollup("count").last("5m") > 0', 'SOURCES:Torq'],
    ['sum(last_5m):sum:torq.runs{source:torq}.as_count() > 1', 'source:torq'],
  ])('%s watches Torq', (q, what) => {
    expect(watchesTorq(q)).toBe(what);
  });
  test.each([
    'events("status:error -source:torq").rollup("count").last("5m") > 0',
    'events("status:error NOT source:torq").rollup("count").last("5m") > 0',
    'events("source:torque source:torq-ci").rollup("count").last("5m") > 0',
    'avg(last_5m):avg:torq.workflow.failures{*} > 1',
  ])('%s does not', (q) => {
    expect(watchesTorq(q)).toBeUndefined();
  });
  test('a heartbeat check is matched by its name, not a prefix of it', () => {
    expect(watchesTorq('"torq.heartbeat".over("*").last(2).count_by_status()', ['torq.heartbeat'])).toBe('the heartbeat check "torq.heartbeat"');
    expect(watchesTorq('"torq.heartbeat_v2".over("*").last(2).count_by_status()', ['torq.heartbeat'])).toBeUndefined();
  });
});

describe('checkMonitorQuery: metric windows beyond 730 hours / 1 month are refused', () => {
  test.each(['last_731h', 'last_43801m', 'last_31d', 'last_5w', 'last_2mo', 'last_1y'])('%s', (w) => {
    const found = checkMonitorQuery('query alert', `avg(${w}):avg:torq.runs{*} > 1`, 'f', '$.query');
    expect(found.map((f) => `${f.severity}: ${f.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^error: evaluation window "${w}" .*(730 hours|last_1mo)`)),
    ]);
  });
});

describe('parseQueryComparison: a malformed operator is no comparison', () => {
  test.each(['avg(last_5m):avg:a{*} => 90', 'avg(last_5m):avg:a{*} =< 90', 'avg(last_5m):avg:a{*} = 90', 'avg(last_5m):avg:a{*} <> 90'])('%s', (q) => {
    expect(parseQueryComparison(q)).toBeUndefined();
    expect(checkMonitorQuery('query alert', q, 'f', '$.query').map((f) => f.message)).toEqual([
      expect.stringMatching(/^malformed comparator "[=<>]+" at the end of the query/),
    ]);
  });
});

test('a threshold written with "%" in the query is named as such, once', () => {
  expect(checkMonitorQuery('query alert', 'avg(last_5m):avg:torq.failure_rate{*} > 90%', 'f', '$.query').map((f) => f.message)).toEqual([
    'the threshold "90%" at the end of the query "avg(last_5m):avg:torq.failure_rate{*} > 90%" is written with "%"; expected the plain number 90 (a threshold is in the query\'s own unit)',
  ]);
});
