import { checkMonitorQuery, validateMessage, validateMonitor } from '../../src/validate';
import { parseMonitor } from '../../src/config/monitor';
import { fixtureNames, readFixture, monitorFindings, loadAndValidate, expectFinding, errorsOf, lines, ORG } from './helpers';
import { checkVariables } from '../../src/validate/providerMonitor';

/**
 * Each bad fixture: the JSONPath of the field at fault, then patterns that the message must match:
 * the value found and what was expected.
 */
const BAD: [string, string, RegExp[], ('error' | 'warning')?][] = [
  ['warning-above-critical', '$.options.thresholds.warning', [/warning threshold 95 must be less than the critical threshold 90 with the > comparator/]],
  [
    'warning-below-critical-lt',
    '$.definition.options.thresholds.warning',
    [/warning threshold 5 must be greater than the critical threshold 10 with the < comparator/],
  ],
  [
    'critical-mismatch',
    '$.options.thresholds.critical',
    [
      /critical threshold 90 does not match the query's threshold `> 200`; expected the same number in both: set the query's threshold to `> 90`, or critical to 200$/,
    ],
  ],
  [
    'warning-without-critical',
    '$.options.thresholds.warning',
    [/warning threshold 80 is set without a critical threshold/, /Alert status is required/, /expected a critical threshold of 90/],
  ],
  [
    'critical-recovery-wrong-side',
    '$.options.thresholds.critical_recovery',
    [/critical_recovery threshold 95 must be less than the critical threshold 90 with the > comparator/],
  ],
  [
    'warning-recovery-wrong-side-lte',
    '$.options.thresholds.warning_recovery',
    [/warning_recovery threshold 15 must be greater than the warning threshold 20 with the <= comparator/],
  ],
  [
    'critical-recovery-equal-gte',
    '$.options.thresholds.critical_recovery',
    [/critical_recovery threshold 3 must be less than the critical threshold 3 with the >= comparator/],
  ],
  ['ok-threshold-on-metric', '$.options.thresholds.ok', [/ok threshold 1 is only for service check monitors/, /"query alert"/]],
  ['timeout-too-long', '$.options.timeout_h', [/timeout_h 48 is out of range; expected 0 to 24 hours/]],
  [
    'service-check-last1-critical3',
    '$.definition.options.thresholds.critical',
    [/critical threshold 3 counts more consecutive check runs than the query keeps \(\.last\(1\)\); expected at most 1/],
  ],
  ['service-check-blank-over', '$.query', [/\.over\(""\) is blank/, /expected \.over\("\*"\)/]],
  ['service-check-last-too-large', '$.query', [/\.last\(150\) .* is out of range; expected a whole number of check runs from 1 to 100/]],
  ['service-check-no-count-by-status', '$.query', [/must end with \.count_by_status\(\); found \.last\(\.\.\.\) at the end/]],
  ['unknown-type-near-miss', '$.type', [/unknown monitor type "metric alrt" \(did you mean "metric alert"\?\); expected one of composite, .*query alert/]],
  ['type-missing', '$.type', [/required: expected a string, found nothing/]],
  ['unknown-type', '$.type', [/unknown monitor type "kubernetes alert"; expected one of composite, event alert, log alert, metric alert/]],
  [
    'log-window-too-long',
    '$.definition.query',
    [/evaluation window \.last\("3d"\) is out of range for a log alert; expected 1d to 2d \(at most 2 days, 2880 minutes\)/],
  ],
  ['log-window-minutes-too-long', '$.query', [/\.last\("4000m"\) is out of range .*expected 1m to 2880m/]],
  ['event-v2-window-too-long', '$.query', [/\.last\("72h"\) is out of range for an event-v2 alert; expected 1h to 48h/]],
  ['log-no-comparison', '$.query', [/does not end with a comparison; expected e\.g\. .*> 10/]],
  ['composite-eleven-monitors', '$.query', [/composite query refers to 11 monitors \(1, 2, .*, 11\); expected at most 10/]],
  ['composite-bad-syntax', '$.query', [/composite query "12345 && && 67890" is not monitor ids joined by && and \|\|/]],
  ['slo-bad-timeframe', '$.query', [/SLO timeframe \.over\("14d"\) is not one of "7d", "30d", "90d"/]],
  ['slo-unknown-function', '$.query', [/starts with "error_budgt" \(did you mean "error_budget"\?\); expected error_budget\(/]],
  [
    'metric-unknown-time-aggregation',
    '$.query',
    [/unknown time aggregation "agv" \(did you mean "avg"\?\) in the query; expected one of avg, sum, max, min, change, pct_change/],
  ],
  [
    'metric-window-out-of-range',
    '$.query',
    [/evaluation window "last_800h" is out of range; expected last_1h to last_730h \(a metric monitor evaluates at most 730 hours, 1 month/],
  ],
  ['metric-window-bad-form', '$.query', [/evaluation window "5m" .* is not of the form last_#m/]],
  [
    'metric-no-comparison',
    '$.query',
    [/query "avg\(last_5m\):avg:torq\.workflow\.failures\{\*\}" does not end with a comparison; expected e\.g\. "\.\.\. > 90"/],
  ],
  ['metric-unbalanced-braces', '$.query', [/the "\{" at character 40 of the query .* is never closed; expected a matching \}/]],
  [
    'metric-no-time-aggregation',
    '$.query',
    [/query "avg:torq\.workflow\.failures\{\*\} > 90" does not start with a time aggregation and window; expected e\.g\. "avg\(last_5m\):/],
  ],
  ['change-bad-timeshift', '$.query', [/timeshift "yesterday" of the change query is not of the form 5m_ago; expected one of 5m_ago, .*1d_ago/]],
  ['space-aggregation-typo', '$.query', [/unknown space aggregation "agv" \(did you mean "avg"\?\)/]],
  ['message-unbalanced-is-alert', '$.message', [/\{\{#is_alert\}\} opened at line 1, column 1 is never closed; expected \{\{\/is_alert\}\}/]],
  [
    'message-misspelled-conditional',
    '$.message',
    [/unknown conditional \{\{#is_alrt\}\} \(did you mean "is_alert"\?\) at line 1, column 1; expected one of is_alert, /],
  ],
  [
    'message-wrong-nesting',
    '$.message',
    [/\{\{\/is_alert\}\} at line 1, column 39 does not close \{\{#is_warning\}\} opened at line 1, column 20; expected \{\{\/is_warning\}\} first/],
  ],
  ['message-close-without-open', '$.message', [/\{\{\/is_recovery\}\} at line 1, column 31 closes nothing; expected a \{\{#is_recovery\}\} before it/]],
  ['message-else-outside-block', '$.message', [/\{\{else\}\} at line 1, column 17 is outside any conditional block/]],
  [
    'message-is-match-without-arguments',
    '$.message',
    [/\{\{#is_match\}\} at line 1, column 1 needs a variable and at least one string; expected e\.g\. \{\{#is_match "host\.name" "db"\}\}/],
  ],
  [
    'message-webhook-glued',
    '$.message',
    [/@webhook-torq at line 1, column 36 is glued to the text before it; expected a space or a line break before @webhook-/],
    'warning',
  ],
  [
    'message-webhook-undeclared',
    '$.message',
    [/@webhook-torqq at line 1, column 28 names no declared webhook \(did you mean "torq"\?\); expected one of torq, torq-prod/],
  ],
  [
    'message-webhook-parentheses',
    '$.message',
    [/@webhook-torq\(prod\) at line 1, column 28 contains parentheses; expected a webhook name of letters, digits, - and _/],
    'warning',
  ],
  ['escalation-message-unbalanced', '$.options.escalation_message', [/\{\{#is_alert\}\} opened at line 1, column 1 is never closed/]],
  [
    'loop-guard-source',
    '$.message',
    [/@webhook-torq is a Torq webhook, but this monitor watches Torq itself \(source:torq\): a failing workflow would trigger itself/],
  ],
  ['loop-guard-sources-any-case', '$.definition.message', [/@webhook-torq-prod is a Torq webhook, but this monitor watches Torq itself \(sources:TORQ\)/]],
  ['loop-guard-heartbeat', '$.message', [/@webhook-torq is a Torq webhook, but this monitor watches Torq itself \(the heartbeat check "torq\.heartbeat"\)/]],
  // Monitor type vs query family (Datadog API, "Create a monitor", Query Types).
  [
    'log-alert-metric-query',
    '$.query',
    [
      /query "avg\(last_5m\):avg:torq\.workflow\.failures\{\*\} > 90" is a metric query, but the monitor is a log alert; expected logs\(\.\.\.\), e\.g\. logs\(/,
      /or type "query alert"/,
    ],
  ],
  [
    'event-v2-logs-query',
    '$.query',
    [/query starts with logs\(\.\.\.\), the query of a log alert, but the monitor is an event-v2 alert; expected events\(\.\.\.\)/, /or type "log alert"/],
  ],
  // Query grammar.
  [
    'metric-malformed-comparator',
    '$.query',
    [
      /malformed comparator "=>" at the end of the query "avg\(last_5m\):avg:torq\.workflow\.failures\{\*\} => 90" \(did you mean ">="\?\); expected one of > >= < <= == !=/,
    ],
  ],
  ['metric-group-by-parentheses', '$.query', [/group-by "by \(workflow\)" in the query .* uses parentheses; expected braces, e\.g\. "by \{host\}"/]],
  ['metric-name-with-space', '$.query', [/metric name "torq\.workflow failures" in the query .* contains a space; expected one metric name/]],
  [
    'anomaly-unknown-algorithm',
    '$.query',
    [/unknown anomaly algorithm "robsut" \(did you mean "robust"\?\) in anomalies\(\); expected one of 'basic', 'agile', 'robust'/],
  ],
  [
    'log-rollup-without-measure',
    '$.query',
    [/\.rollup\("avg"\) needs a measure or facet: "avg" aggregates one; expected e\.g\. \.rollup\("avg", "@duration"\)/],
  ],
  ['slo-blank-id', '$.query', [/the SLO id in error_budget\(""\) is blank in .*; expected the SLO's id/]],
  // Options (provider v3.82.0 resource_datadog_monitor.go, API client MonitorOptions).
  [
    'renotify-statuses-unknown',
    '$.options.renotify_statuses[1]',
    [/unknown renotify status "nodata" \(did you mean "no data"\?\); expected one of "alert", "warn", "no data"/],
  ],
  [
    'on-missing-data-unknown',
    '$.options.on_missing_data',
    [/unknown on_missing_data "show_nodata" \(did you mean "show_no_data"\?\); expected one of default, show_no_data, show_and_notify_no_data, resolve/],
  ],
  [
    'notify-no-data-with-on-missing-data',
    '$.options.notify_no_data',
    [
      /notify_no_data \(true\) cannot be set together with on_missing_data \("show_and_notify_no_data"\): datadog_monitor refuses the pair/,
      /expected only on_missing_data/,
    ],
  ],
  ['evaluation-delay-negative', '$.options.evaluation_delay', [/evaluation_delay -300 is negative; expected a non-negative whole number of seconds/]],
  [
    'notify-by-not-grouped',
    '$.options.notify_by[1]',
    [/notify_by names "region", but the query groups by workflow, env; expected a subset of the query's group-by tags, or \["\*"\]/],
  ],
  [
    'scheduling-hour-starts-out-of-range',
    '$.options.scheduling_options.evaluation_window.hour_starts',
    [/hour_starts 75 is out of range; expected the minute of the hour, a whole number from 0 to 59/],
  ],
  [
    'scheduling-day-starts-format',
    '$.options.scheduling_options.evaluation_window.day_starts',
    [/day_starts "4am" is not a UTC time of day; expected "HH:mm", e\.g\. "04:00"/],
  ],
  [
    'scheduling-custom-schedule-without-on-missing-data',
    '$.options.scheduling_options.custom_schedule',
    [/a metric monitor with a custom_schedule has no on_missing_data; the API client's docs call it required, Datadog accepts it without/],
    'warning',
  ],
  ['group-retention-bad-format', '$.options.group_retention_duration', [/group_retention_duration "2 hours" is not a duration such as "60m", "1h" or "2d"/]],
  ['group-retention-too-long', '$.options.group_retention_duration', [/group_retention_duration "5d" is out of range; expected 1 hour to 72 hours/]],
  [
    'escalation-without-renotify',
    '$.options.escalation_message',
    [/escalation_message is set but renotify_interval is not set, so Datadog never sends it; expected a renotify_interval in minutes/],
    'warning',
  ],
  // Messages and tags.
  ['message-unclosed-variable', '$.message', [/the template tag "\{\{value" at line 1, column 13 is never closed; expected \{\{value\}\}/]],
  [
    'message-variable-not-grouped',
    '$.message',
    [
      /\{\{env\.name\}\} names the tag "env", but the query groups by workflow, so it may render empty; expected one of \{\{workflow\.name\}\}, or env added to the group-by/,
    ],
    'warning',
  ],
  [
    'message-variable-simple-alert',
    '$.message',
    [
      /\{\{workflow\.name\}\} names the tag "workflow", but the query groups by nothing \(a simple alert\), so it may render empty; expected a query grouped by workflow/,
    ],
    'warning',
  ],
  ['message-empty-slack-handle', '$.message', [/@slack- at line 1, column 15 names no slack recipient; expected @slack-<name>/], 'warning'],
  // Wrong types are not dropped in silence: a string restricted_roles would deploy the monitor unrestricted.
  [
    'restricted-roles-string',
    '$.restricted_roles',
    [/restricted_roles "5f9d1c2e-0000-11ee-9a3c-da7ad0900002" is not a list; expected a list of role ids, e\.g\. \["5f9d1c2e-0000-11ee-9a3c-da7ad0900002"\]/],
  ],
  ['tag-with-comma', '$.tags[0]', [/tag "team:secops,service:torq" contains a comma; expected one tag per entry, e\.g\. "team:secops", "service:torq"/]],
  // One mistake, one finding: no "missing critical" after an unreadable one.
  ['critical-percent', '$.options.thresholds.critical', [/threshold "90%" is written with "%"; expected the plain number 90/]],
];

describe('validateMonitor: every bad fixture is reported at its field, with the value and the expectation', () => {
  test('every bad monitor fixture has an expectation (none is silently skipped)', () => {
    expect(
      fixtureNames('bad/monitors')
        .map((f) => f.replace(/^bad\/monitors\/|\.json$/g, ''))
        .sort(),
    ).toEqual(BAD.map(([f]) => f).sort());
  });

  test.each(BAD)('%s -> %s', (...[name, at, patterns, severity]) => {
    expectFinding(loadAndValidate(`bad/monitors/${name}.json`), at, patterns, severity);
  });
});

describe('on_missing_data next to the no-op no-data options of an export', () => {
  test('notify_no_data false and no_data_timeframe are dropped on load, so datadog_monitor never sees the conflicting pair', () => {
    const { monitor } = parseMonitor(readFixture('good/monitors/on-missing-data-with-export-leftovers.json'), 'm.json');
    expect(monitor!.definition.options).toMatchObject({ on_missing_data: 'default' });
    expect(monitor!.definition.options).not.toHaveProperty('notify_no_data');
    expect(monitor!.definition.options).not.toHaveProperty('no_data_timeframe');
  });
  test('notify_no_data true is kept, and reported', () => {
    const { monitor } = parseMonitor(readFixture('bad/monitors/notify-no-data-with-on-missing-data.json'), 'm.json');
    expect(monitor!.definition.options.notify_no_data).toBe(true);
  });
});

describe('validateMonitor: one mistake gives one finding (no follow-on errors)', () => {
  test.each([
    // A critical written "90%" is unreadable, not missing: no "warning without critical".
    ['critical-percent', '$.options.thresholds.critical'],
    // A malformed comparator is not also "does not end with a comparison" or a critical mismatch.
    ['metric-malformed-comparator', '$.query'],
    // A metric query under a log type is not also judged by the log grammar (windows, rollup, comparison).
    ['log-alert-metric-query', '$.query'],
    // An unclosed tag is not also a wrongly nested block.
    ['message-unclosed-variable', '$.message'],
    ['tag-with-comma', '$.tags[0]'],
    // A missing type is not also an unknown type "".
    ['type-missing', '$.type'],
  ])('%s has exactly one finding, at %s', (name, at) => {
    expect(lines(loadAndValidate(`bad/monitors/${name}.json`))).toEqual([
      expect.stringMatching(new RegExp(`^${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: `)),
    ]);
  });

  test('an unclosed {{#is_alert tag is one error, not also "closes nothing" for its {{/is_alert}}', () => {
    const found = validateMessage('{{#is_alert Failing {{/is_alert}} @webhook-torq', '$.message', 'm.json', ORG);
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^the template tag "\{\{#is_alert" at line 1, column 1 is never closed/)]);
  });
});

describe('validateMonitor: the query family of each log-like type', () => {
  const q = (head: string) => `${head}("service:torq").rollup("count").last("5m") > 1`;
  test.each([
    ['log alert', 'logs("service:torq").index("*").rollup("count").last("5m") > 1'],
    ['event-v2 alert', q('events')],
    ['audit alert', q('audits')],
    ['ci-pipelines alert', q('ci-pipelines')],
    ['ci-tests alert', q('ci-tests')],
    ['error-tracking alert', q('error-tracking-traces')],
    ['database-monitoring alert', q('database-monitoring')],
    ['network-performance alert', q('network-performance')],
    ['network-path alert', 'network-path("*").index("netpath-path").rollup("count").last("5m") > 1'],
    ['rum alert', q('rum')],
    ['trace-analytics alert', q('trace-analytics')],
    ['log alert', 'formula("query1 / query2").last("5m") > 1'],
  ])('%s accepts %s', (type, query) => {
    expect(checkMonitorQuery(type, query, 'f', '$.query')).toEqual([]);
  });
  test.each([
    ['rum alert', q('logs'), /query starts with logs\(\.\.\.\), the query of a log alert, but the monitor is a rum alert; expected rum\(\.\.\.\)/],
    [
      'trace-analytics alert',
      q('rum'),
      /query starts with rum\(\.\.\.\), the query of a rum alert, but the monitor is a trace-analytics alert; expected trace-analytics\(\.\.\.\)/,
    ],
    ['log alert', q('log'), /query starts with log\(\.\.\.\) \(did you mean "logs"\?\), which is not a log alert query/],
  ])('%s refuses %s', (type, query, pattern) => {
    const found = checkMonitorQuery(type, query, 'f', '$.query');
    expect(found.map((f) => `${f.severity}: ${f.message}`)).toEqual([expect.stringMatching(new RegExp(`^error: ${pattern.source}`))]);
  });
  test('a head this package does not know is a warning, not an error (Datadog may add query kinds)', () => {
    const found = checkMonitorQuery('log alert', q('logs-v3'), 'f', '$.query');
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('validateMonitor: real-looking exports with quirks have no error, and no warning but for the server-owned fields and the UI leftovers provider 3.82.0 cannot express', () => {
  test.each(fixtureNames('good/monitors'))('%s', (file) => {
    const found = monitorFindings(file);
    const owned = found.filter((f) => f.severity === 'warning' && / is owned by Datadog .*; it is stripped on synth/.test(f.message));
    const leftovers = found.filter(
      (f) => f.severity === 'warning' && /leftover of Datadog's monitor editor that provider 3\.82\.0 cannot express.*synth drops it/.test(f.message),
    );
    expect(lines(found.filter((f) => !owned.includes(f) && !leftovers.includes(f)))).toEqual([]);
    if (file.includes('api-export-with-quirks')) {
      expect(owned.map((f) => f.path).sort()).toEqual(['$.created', '$.creator', '$.id', '$.modified', '$.org_id', '$.overall_state']);
      expect(leftovers.map((f) => f.path).sort()).toEqual([
        '$.options.thresholds.comparison',
        '$.options.thresholds.period',
        '$.options.thresholds.timeAggregator',
      ]);
    }
  });
});

test('options.variables[].storage: a warning at its path (event_query has no storage, synth drops it)', () => {
  const def = {
    name: 'n',
    type: 'log alert',
    query: 'formula("query1").last("5m") > 1',
    message: 'm',
    options: {
      thresholds: { critical: 1 },
      variables: [{ data_source: 'logs', name: 'query1', storage: 'hot', compute: { aggregation: 'count' }, search: { query: '*' } }],
    },
  };
  const found = checkVariables(def as any, 'f.json', '$');
  expect(lines(found)).toEqual([
    expect.stringMatching(
      /^\$\.options\.variables\[0\]\.storage: warning: storage "hot" cannot be deployed: provider 3\.82\.0's event_query has no storage attribute/,
    ),
  ]);
});

describe('validateMonitor: context', () => {
  test('without declared webhooks, @webhook names are not judged, but the loop guard still warns', () => {
    expect(errorsOf(monitorFindings('bad/monitors/message-webhook-undeclared.json', {}))).toEqual([]);
    const found = monitorFindings('bad/monitors/loop-guard-source.json', {});
    expect(errorsOf(found)).toEqual([]);
    expectFinding(found, '$.message', [/@webhook-torq may be a Torq webhook, and this monitor watches Torq itself/], 'warning');
  });

  test('a monitor of Torq events that notifies Slack only is fine', () => {
    const found = monitorFindings('bad/monitors/loop-guard-source.json', { webhooks: ['other'], heartbeatChecks: ORG.heartbeatChecks });
    expect(lines(found).filter((l) => /Torq itself/.test(l))).toEqual([]);
  });

  test('an unknown type stops grammar checks but messages are still checked', () => {
    const found = monitorFindings('bad/monitors/unknown-type.json');
    expect(found.map((f) => f.path)).toEqual(['$.type']);
  });
});

describe('notify_by', () => {
  const monitor = (query: string, notify_by: string[]) =>
    validateMonitor({
      id: 'm',
      file: 'm.json',
      definitionPath: '$',
      definition: { name: 'm', type: 'query alert', query, message: '', tags: [], priority: null, options: { thresholds: { critical: 1 }, notify_by } },
    });
  test.each([
    ['avg(last_5m):avg:a{*} by {kube_cluster_name,kube_namespace} > 1', ['kube_namespace']],
    ['avg(last_5m):avg:a{*} > 1', ['*']],
    ['avg(last_5m):avg:a{*} by {host.name} > 1', ['host.name']],
  ])('%s with %j: no finding', (query, by) => {
    expect(lines(monitor(query, by))).toEqual([]);
  });
  test('a simple alert cannot notify by a tag', () => {
    expect(lines(monitor('avg(last_5m):avg:a{*} > 1', ['host']))).toEqual([
      '$.options.notify_by[0]: error: notify_by names "host", but the query groups by nothing (a simple alert); expected a subset of the query\'s group-by tags, or ["*"]',
    ]);
  });
  test('"*" mixed with tags is a warning (not documented as refused)', () => {
    expect(lines(monitor('avg(last_5m):avg:a{*} by {host} > 1', ['*', 'host'])).map((l) => l.split(':')[0] + ':' + l.split(':')[1])).toEqual([
      '$.options.notify_by: warning',
    ]);
  });
});
