import { fixtureNames, monitorFindings, expectFinding, errorsOf, lines, ORG } from './helpers';

/**
 * Each bad fixture: the JSONPath of the field at fault, then patterns that the message must match:
 * the value found and what was expected.
 */
const BAD: [string, string, RegExp[]][] = [
  ['warning-above-critical', '$.options.thresholds.warning', [/warning threshold 95 must be less than the critical threshold 90 with the > comparator/]],
  ['warning-below-critical-lt', '$.definition.options.thresholds.warning', [/warning threshold 5 must be greater than the critical threshold 10 with the < comparator/]],
  ['critical-mismatch', '$.options.thresholds.critical', [/^critical threshold 90 does not match the query's threshold `> 200`; expected the two equal: set the query's threshold to `> 90` \("query": "avg\(last_5m\):avg:torq\.workflow\.failures\{\*\} > 90"\), or critical to 200 \("critical": 200\)$/]],
  ['warning-without-critical', '$.options.thresholds.warning', [/warning threshold 80 is set without a critical threshold/, /Alert status is required/, /expected a critical threshold of 90/]],
  ['critical-recovery-wrong-side', '$.options.thresholds.critical_recovery', [/critical_recovery threshold 95 must be less than the critical threshold 90 with the > comparator/]],
  ['warning-recovery-wrong-side-lte', '$.options.thresholds.warning_recovery', [/warning_recovery threshold 15 must be greater than the warning threshold 20 with the <= comparator/]],
  ['critical-recovery-equal-gte', '$.options.thresholds.critical_recovery', [/critical_recovery threshold 3 must be less than the critical threshold 3 with the >= comparator/]],
  ['ok-threshold-on-metric', '$.options.thresholds.ok', [/ok threshold 1 is only for service check monitors/, /"query alert"/]],
  ['timeout-too-long', '$.options.timeout_h', [/timeout_h 48 is out of range; expected 0 to 24 hours/]],
  ['service-check-last1-critical3', '$.definition.options.thresholds.critical', [/critical threshold 3 counts more consecutive check runs than the query keeps \(\.last\(1\)\); expected at most 1/]],
  ['service-check-blank-over', '$.query', [/\.over\(""\) is blank/, /expected \.over\("\*"\)/]],
  ['service-check-last-too-large', '$.query', [/\.last\(150\) .* is out of range; expected a whole number of check runs from 1 to 100/]],
  ['service-check-no-count-by-status', '$.query', [/must end with \.count_by_status\(\); found \.last\(\.\.\.\) at the end/]],
  ['unknown-type-near-miss', '$.type', [/unknown monitor type "metric alrt" \(did you mean "metric alert"\?\); expected one of composite, .*query alert/]],
  ['unknown-type', '$.type', [/unknown monitor type "kubernetes alert"; expected one of composite, event alert, log alert, metric alert/]],
  ['log-window-too-long', '$.definition.query', [/evaluation window \.last\("3d"\) is out of range for a log alert; expected 1d to 2d \(at most 2 days, 2880 minutes\)/]],
  ['log-window-minutes-too-long', '$.query', [/\.last\("4000m"\) is out of range .*expected 1m to 2880m/]],
  ['event-v2-window-too-long', '$.query', [/\.last\("72h"\) is out of range for an event-v2 alert; expected 1h to 48h/]],
  ['log-no-comparison', '$.query', [/does not end with a comparison; expected e\.g\. .*> 10/]],
  ['composite-eleven-monitors', '$.query', [/composite query refers to 11 monitors \(1, 2, .*, 11\); expected at most 10/]],
  ['composite-bad-syntax', '$.query', [/composite query "12345 && && 67890" is not monitor ids joined by && and \|\|/]],
  ['slo-bad-timeframe', '$.query', [/SLO timeframe \.over\("14d"\) is not one of "7d", "30d", "90d"/]],
  ['slo-unknown-function', '$.query', [/starts with "error_budgt" \(did you mean "error_budget"\?\); expected error_budget\(/]],
  ['metric-unknown-time-aggregation', '$.query', [/unknown time aggregation "agv" \(did you mean "avg"\?\) in the query; expected one of avg, sum, max, min, change, pct_change/]],
  ['metric-window-out-of-range', '$.query', [/evaluation window "last_200h" is out of range; expected last_1h to last_168h/]],
  ['metric-window-bad-form', '$.query', [/evaluation window "5m" .* is not of the form last_#m/]],
  ['metric-no-comparison', '$.query', [/query "avg\(last_5m\):avg:torq\.workflow\.failures\{\*\}" does not end with a comparison; expected e\.g\. "\.\.\. > 90"/]],
  ['metric-unbalanced-braces', '$.query', [/the "\{" at character 40 of the query .* is never closed; expected a matching \}/]],
  ['metric-no-time-aggregation', '$.query', [/query "avg:torq\.workflow\.failures\{\*\} > 90" does not start with a time aggregation and window; expected e\.g\. "avg\(last_5m\):/]],
  ['change-bad-timeshift', '$.query', [/timeshift "yesterday" of the change query is not of the form 5m_ago; expected one of 5m_ago, .*1d_ago/]],
  ['space-aggregation-typo', '$.query', [/unknown space aggregation "agv" \(did you mean "avg"\?\)/]],
  ['message-unbalanced-is-alert', '$.message', [/\{\{#is_alert\}\} opened at line 1, column 1 is never closed; expected \{\{\/is_alert\}\}/]],
  ['message-misspelled-conditional', '$.message', [/unknown conditional \{\{#is_alrt\}\} \(did you mean "is_alert"\?\) at line 1, column 1; expected one of is_alert, /]],
  ['message-wrong-nesting', '$.message', [/\{\{\/is_alert\}\} at line 1, column 39 does not close \{\{#is_warning\}\} opened at line 1, column 20; expected \{\{\/is_warning\}\} first/]],
  ['message-close-without-open', '$.message', [/\{\{\/is_recovery\}\} at line 1, column 31 closes nothing; expected a \{\{#is_recovery\}\} before it/]],
  ['message-else-outside-block', '$.message', [/\{\{else\}\} at line 1, column 17 is outside any conditional block/]],
  ['message-is-match-without-arguments', '$.message', [/\{\{#is_match\}\} at line 1, column 1 needs a variable and at least one string; expected e\.g\. \{\{#is_match "host\.name" "db"\}\}/]],
  ['message-webhook-glued', '$.message', [/@webhook-torq at line 1, column 36 is glued to the text before it; expected a space or a line break before @webhook-/]],
  ['message-webhook-undeclared', '$.message', [/@webhook-torqq at line 1, column 28 names no declared webhook \(did you mean "torq"\?\); expected one of torq, torq-prod/]],
  ['message-webhook-parentheses', '$.message', [/@webhook-torq\(prod\) at line 1, column 28 contains parentheses; expected a webhook name of letters, digits, - and _/]],
  ['escalation-message-unbalanced', '$.options.escalation_message', [/\{\{#is_alert\}\} opened at line 1, column 1 is never closed/]],
  ['loop-guard-source', '$.message', [/@webhook-torq is a Torq webhook, but this monitor watches Torq itself \(source:torq\): a failing workflow would trigger itself/]],
  ['loop-guard-sources-any-case', '$.definition.message', [/@webhook-torq-prod is a Torq webhook, but this monitor watches Torq itself \(sources:TORQ\)/]],
  ['loop-guard-heartbeat', '$.message', [/@webhook-torq is a Torq webhook, but this monitor watches Torq itself \(the heartbeat check "torq\.heartbeat"\)/]],
];

describe('validateMonitor: every bad fixture is reported at its field, with the value and the expectation', () => {
  test('every bad monitor fixture has an expectation (none is silently skipped)', () => {
    expect(fixtureNames('bad/monitors').map((f) => f.replace(/^bad\/monitors\/|\.json$/g, '')).sort()).toEqual(BAD.map(([f]) => f).sort());
  });

  test.each(BAD)('%s -> %s', (name, at, patterns) => {
    expectFinding(monitorFindings(`bad/monitors/${name}.json`), at, patterns);
  });
});

describe('validateMonitor: real-looking exports with quirks have no error and no warning', () => {
  test.each(fixtureNames('good/monitors'))('%s', (file) => {
    expect(lines(monitorFindings(file))).toEqual([]);
  });
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
