/** The naming scheme, written once: what synth builds, the review, drift and org:import read back. */
import {
  adoptChangesAddress,
  adoptChangesKey,
  catalogIdOf,
  DASHBOARD_TYPE,
  dashboardName,
  MONITOR_TYPE,
  monitorName,
  orgDashboardFile,
  orgMonitorFile,
  parseAdoptChangesKey,
  sourceFileOf,
  webhookAuthHeaderName,
  webhookName,
} from '../../src/datadog/naming';

test('resource names and the files they come from', () => {
  expect([monitorName('cpu_high'), monitorName('agent', 'health'), dashboardName('overview'), webhookName('torq'), webhookAuthHeaderName('torq')]).toEqual([
    'monitor_cpu_high',
    'health_agent',
    'dashboard_overview',
    'webhook_torq',
    'webhook_torq_auth_header',
  ]);
  expect(sourceFileOf(MONITOR_TYPE, 'monitor_cpu_high', 'prod')).toBe('monitors/cpu_high.json');
  expect(sourceFileOf(MONITOR_TYPE, 'health_agent', 'prod')).toBe('service_checks.json');
  expect(sourceFileOf(DASHBOARD_TYPE, 'dashboard_overview', 'prod')).toBe('dashboards/overview.json');
  expect(sourceFileOf('datadog_webhook', 'webhook_torq', 'prod')).toBe('orgs/prod.json');
  expect(sourceFileOf(MONITOR_TYPE, 'monitor_own', 'prod', orgMonitorFile('prod', 'own'))).toBe('orgs/prod/monitors/own.json');
  expect(orgDashboardFile('prod', 'board')).toBe('orgs/prod/dashboards/board.json');
  expect([catalogIdOf(MONITOR_TYPE, 'monitor_cpu'), catalogIdOf(MONITOR_TYPE, 'health_agent'), catalogIdOf(DASHBOARD_TYPE, 'dashboard_x')]).toEqual([
    'cpu',
    'agent',
    'x',
  ]);
});

test('adopt.changes keys round-trip and name the address the review shows', () => {
  for (const [section, id] of [
    ['monitors', 'cpu_high'],
    ['dashboards', 'overview'],
    ['webhooks', 'torq'],
  ] as const) {
    expect(parseAdoptChangesKey(adoptChangesKey(section, id))).toEqual({ section, id });
  }
  expect(['cpu_high', 'dashboard:overview', 'webhook:torq'].map(adoptChangesAddress)).toEqual([
    'datadog_monitor.monitor_cpu_high',
    'datadog_dashboard_json.dashboard_overview',
    'datadog_webhook.webhook_torq',
  ]);
});
