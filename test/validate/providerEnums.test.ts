/**
 * Every enum provider 3.82.0 validates on datadog_monitor (ValidateEnumValue in
 * resource_datadog_monitor.go) is checked here, with the values of datadog-api-client-go v2.51.0:
 * a new ValidateEnumValue, or a list that drifts from the Go enum, fails this suite. The provider
 * source and the Go module are on the team's machines only: where absent, the suite is skipped and
 * says so.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseMonitor } from '../../src/config/monitor';
import { DRAFT_STATUSES, NOTIFICATION_PRESETS, PROVIDER_MONITOR_TYPES, RENOTIFY_STATUSES } from '../../src/datadog/providerFacts';
import { validateMonitor } from '../../src/validate';
import { COST_AGGREGATORS, COST_DATA_SOURCES, EVENT_AGGREGATIONS, EVENT_DATA_SOURCES, SORT_ORDERS } from '../../src/validate/providerMonitor';

/** Each ValidateEnumValue constructor of the monitor schema, and the list that checks it. */
const OURS: Record<string, readonly string[]> = {
  MonitorType: PROVIDER_MONITOR_TYPES,
  MonitorRenotifyStatusType: RENOTIFY_STATUSES,
  MonitorOptionsNotificationPresets: NOTIFICATION_PRESETS,
  MonitorDraftStatus: DRAFT_STATUSES,
  MonitorFormulaAndFunctionEventsDataSource: EVENT_DATA_SOURCES,
  MonitorFormulaAndFunctionEventAggregation: EVENT_AGGREGATIONS,
  QuerySortOrder: SORT_ORDERS,
  MonitorFormulaAndFunctionCostDataSource: COST_DATA_SOURCES,
  MonitorFormulaAndFunctionCostAggregator: COST_AGGREGATORS,
};

const MIRROR = '/work/.mirror/DataDog+terraform-provider-datadog/repo';
const GO_CLIENT = '/root/go/pkg/mod/github.com/!data!dog/datadog-api-client-go/v2@v2.51.0/api/datadogV1';

function providerMonitorSource(): string | undefined {
  if (fs.existsSync('/tmp/tfpd-src/datadog/resource_datadog_monitor.go')) return fs.readFileSync('/tmp/tfpd-src/datadog/resource_datadog_monitor.go', 'utf8');
  if (!fs.existsSync(MIRROR)) return undefined;
  return execFileSync('git', ['--git-dir', MIRROR, 'show', 'v3.82.0:datadog/resource_datadog_monitor.go'], { encoding: 'utf8' });
}

/** The Go enum's values: `X MonitorType = "query alert"` lines of its model file. */
function goEnum(name: string): string[] {
  const file = path.join(GO_CLIENT, `model_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}.go`);
  return [...fs.readFileSync(file, 'utf8').matchAll(new RegExp(`^\\s+\\w+\\s+${name} = "([^"]*)"`, 'gm'))].map((m) => m[1]);
}

const source = providerMonitorSource();
const present = source !== undefined && fs.existsSync(GO_CLIENT);
(present ? describe : describe.skip)('provider 3.82.0 enums on datadog_monitor', () => {
  const validated = [...new Set([...(source ?? '').matchAll(/ValidateEnumValue\(datadogV1\.New(\w+)FromValue\)/g)].map((m) => m[1]))].sort();

  test('every ValidateEnumValue of the monitor schema has a list here', () => {
    expect(validated).toEqual(Object.keys(OURS).sort());
  });

  test.each(Object.keys(OURS))('%s: our list is the Go enum of datadog-api-client-go v2.51.0', (name) => {
    expect([...OURS[name]].sort()).toEqual(goEnum(name).sort());
  });
});
if (!present)
  test.skip('provider source or datadog-api-client-go v2.51.0 absent (/tmp/tfpd-src, the mirror, the Go module cache): the enum lists are not compared with the provider here', () =>
    undefined);

const monitor = (extra: Record<string, unknown>, options: Record<string, unknown> = {}) => {
  const { monitor: m, findings } = parseMonitor(
    { name: 'n', type: 'metric alert', query: 'avg(last_5m):avg:torq.runs{*} > 1', message: 'm', options, ...extra },
    'm.json',
  );
  return [...findings, ...(m ? validateMonitor(m) : [])];
};

test('notification_preset_name "hide_handle" is an error (did you mean "hide_handles"); the four values are clean', () => {
  expect(monitor({}, { notification_preset_name: 'hide_handle' })).toContainEqual(
    expect.objectContaining({
      path: '$.options.notification_preset_name',
      severity: 'error',
      message: expect.stringContaining('(did you mean "hide_handles"?)'),
    }),
  );
  expect(monitor({}, { notification_preset_name: 'hide_everything' })).toContainEqual(
    expect.objectContaining({ path: '$.options.notification_preset_name', severity: 'error' }),
  );
  for (const v of NOTIFICATION_PRESETS) expect(monitor({}, { notification_preset_name: v }).filter((f) => f.severity === 'error')).toEqual([]);
});

test('draft_status "publishd" is an error with "did you mean"', () => {
  expect(monitor({ draft_status: 'publishd' })).toContainEqual(
    expect.objectContaining({ path: '$.draft_status', severity: 'error', message: expect.stringContaining('(did you mean "published"?)') }),
  );
});
