/**
 * A realistic stand-in org for org:import (issue 20), built from @datadog/datadog-api-client's own
 * models and serialized by its ObjectSerializer, so each object has the API's shape and names:
 * 13 monitors (composite, slo, synthetics, log, rum with variables, a cumulative window with a time
 * zone, a custom schedule without on_missing_data, anomaly...), a read-only free-layout dashboard
 * with a group, and two webhooks, one with Authorization and X-Env headers.
 */
import { ObjectSerializer } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/ObjectSerializer';
import { Monitor } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Monitor';
import { MonitorOptions } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/MonitorOptions';
import { Dashboard } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Dashboard';
import { WebhooksIntegration } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/WebhooksIntegration';
import type { FakeDatadog } from './fakeDatadog';

/** Header values and the URL token that must never appear in a file or in the output. */
export const CANARY = 'canary-Auth-3f9d2b7e1a';
export const CANARY_ENV = 'canary-env-prod-8c4e';
export const CANARY_TORQ = 'canary-torq-token-5b1f';
export const CANARY_URL = 'https://hooks.torq.io/v1/webhooks/canary-url-0d6e4a2c';

const TORQ = '\n\n@webhook-torq';

function monitor(
  id: number,
  type: string,
  name: string,
  query: string,
  message: string,
  options: Partial<MonitorOptions> & Record<string, unknown>,
  extra: Partial<Monitor> = {},
): Record<string, unknown> {
  const m = Object.assign(new Monitor(), {
    id,
    type,
    name,
    query,
    message,
    tags: ['team:payments'],
    priority: 3,
    options: Object.assign(new MonitorOptions(), { includeTags: true, newHostDelay: 300, notifyNoData: false, requireFullWindow: false, ...options }),
    created: new Date('2024-01-02T03:04:05Z'),
    modified: new Date('2024-06-07T08:09:10Z'),
    overallState: 'OK',
    ...extra,
  });
  return ObjectSerializer.serialize(m, 'Monitor', '') as Record<string, unknown>;
}

/** The same object with its keys in reverse order, deeply (the API does not promise an order). */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversed(x)]),
    );
  return v;
}

/** The 13 live monitors. */
export function realMonitors(): Record<string, unknown>[] {
  const list = realMonitorsSorted();
  // Key order other than the serializer's (and the provider's): never a change.
  for (const m of list) {
    const o = m.options as Record<string, unknown>;
    for (const k of ['variables', 'scheduling_options', 'threshold_windows']) if (o[k] !== undefined) o[k] = reversed(o[k]);
  }
  return list;
}

function realMonitorsSorted(): Record<string, unknown>[] {
  return [
    monitor(3001, 'query alert', 'Checkout CPU high', 'avg(last_5m):avg:system.cpu.user{service:checkout} > 90', `CPU is {{value}}%.${TORQ}`, {
      thresholds: { critical: 90, warning: 80 },
    }),
    monitor(3002, 'composite', 'Checkout down and CPU high', '3001 && 3013', `Both are alerting.${TORQ}`, {}),
    monitor(3003, 'query alert', 'Daily failed orders', 'sum(last_1d):sum:orders.failed{*}.as_count() > 100', `Too many failed orders today.${TORQ}`, {
      thresholds: { critical: 100 },
      schedulingOptions: { evaluationWindow: { dayStarts: '06:00', timezone: 'Europe/Paris' } },
    }),
    monitor(3004, 'query alert', 'Batch window errors', 'sum(last_1h):sum:batch.errors{*}.as_count() > 5', `Batch errors.${TORQ}`, {
      thresholds: { critical: 5 },
      schedulingOptions: { customSchedule: { recurrences: [{ rrule: 'FREQ=DAILY;INTERVAL=1', timezone: 'America/New_York', start: '2024-01-01T02:00:00' }] } },
    }),
    monitor(3005, 'slo alert', 'Checkout SLO budget', 'error_budget("a1b2c3d4e5f60718293a4b5c6d7e8f90").over("7d") > 75', `Budget burning.${TORQ}`, {
      thresholds: { critical: 75 },
    }),
    monitor(
      3006,
      'synthetics alert',
      '[Synthetics] Checkout page',
      'synthetics("abc-def-ghi").over("*").last("5m").count_by_status()',
      `Checkout page is failing.${TORQ}`,
      {},
    ),
    monitor(
      3007,
      'log alert',
      'Checkout errors in logs',
      'logs("service:checkout status:error").index("*").rollup("count").last("5m") > 50',
      `Errors in logs.${TORQ}`,
      { thresholds: { critical: 50 }, enableLogsSample: true, groupbySimpleMonitor: false, additionalProperties: { default_snapshot_style: 'graph' } },
    ),
    monitor(3008, 'rum alert', 'Checkout RUM errors', 'formula("query1").last("5m") > 10', `RUM errors.${TORQ}`, {
      thresholds: { critical: 10 },
      // Keys in an order other than the provider's: not a change.
      variables: [
        {
          search: { query: '@type:error @service:checkout' },
          name: 'query1',
          indexes: ['*'],
          dataSource: 'rum',
          groupBy: [],
          compute: { aggregation: 'count' },
        },
      ],
    }),
    monitor(
      3009,
      'query alert',
      'Checkout latency anomaly',
      "avg(last_4h):anomalies(avg:trace.http.request.duration{service:checkout}, 'basic', 2) >= 1",
      `Latency is unusual.${TORQ}`,
      {
        thresholds: { critical: 1, criticalRecovery: 0 },
        thresholdWindows: { triggerWindow: 'last_15m', recoveryWindow: 'last_15m' },
      },
    ),
    monitor(3010, 'query alert', 'Checkout requests stopped', 'sum(last_10m):sum:checkout.requests{*}.as_count() < 1', `No checkout requests.${TORQ}`, {
      thresholds: { critical: 1 },
      notifyNoData: true,
    }),
    monitor(
      3011,
      'query alert',
      'Checkout disk full',
      'avg(last_5m):avg:system.disk.in_use{service:checkout} > 0.9',
      '{{#is_alert}}Disk almost full @webhook-torq{{/is_alert}}\n{{#is_recovery}}Disk fine again @webhook-torq{{/is_recovery}}',
      {
        thresholds: { critical: 0.9 },
      },
    ),
    monitor(
      3012,
      'event-v2 alert',
      'Checkout deploy events',
      'events("source:deploy service:checkout").rollup("count").last("1h") > 20',
      `Many deploys.${TORQ}`,
      { thresholds: { critical: 20 } },
    ),
    // Referenced by the composite and the dashboard, notifying only Slack.
    monitor(
      3013,
      'service check',
      'Checkout agent up',
      '"datadog.agent.up".over("service:checkout").by("host").last(2).count_by_status()',
      'Agent down @slack-payments',
      { thresholds: { critical: 1, ok: 1 } },
    ),
  ];
}

/** A read-only free-layout dashboard with a group, an alert graph of 3013, and notes. */
export function realDashboard(): Record<string, unknown> {
  const d = Object.assign(new Dashboard(), {
    id: 'rea-lda-sh1',
    title: 'Torq checkout',
    layoutType: 'free',
    isReadOnly: true,
    description: 'Checkout as Torq sees it',
    authorHandle: 'dana@example.com',
    url: '/dashboard/rea-lda-sh1/torq-checkout',
    widgets: [
      { id: 1, definition: { type: 'note', content: 'Checkout', backgroundColor: 'white' }, layout: { x: 0, y: 0, width: 20, height: 10 } },
      {
        id: 2,
        definition: {
          type: 'group',
          layoutType: 'ordered',
          title: 'Alerts',
          widgets: [{ id: 3, definition: { type: 'alert_graph', alertId: '3013', vizType: 'timeseries', title: 'Agent' } }],
        },
        layout: { x: 20, y: 0, width: 40, height: 30 },
      },
    ],
  });
  return ObjectSerializer.serialize(d, 'Dashboard', '') as Record<string, unknown>;
}

function webhook(name: string, headers: Record<string, string> | undefined): Record<string, unknown> {
  const w = Object.assign(new WebhooksIntegration(), { name, url: CANARY_URL, encodeAs: 'json', customHeaders: headers ? JSON.stringify(headers) : undefined });
  return ObjectSerializer.serialize(w, 'WebhooksIntegration', '') as Record<string, unknown>;
}

/** Serves the realistic org. */
export function serveRealOrg(fake: FakeDatadog): void {
  fake.data.monitors = realMonitors();
  fake.data.dashboardList = [{ id: 'rea-lda-sh1', title: 'Torq checkout' }];
  fake.data.dashboards = { 'rea-lda-sh1': realDashboard() };
  fake.data.webhooks = {
    torq: webhook('torq', { 'X-Torq-Token': CANARY_TORQ }),
    'torq-ops': webhook('torq-ops', { Authorization: `Bearer ${CANARY}`, 'X-Env': CANARY_ENV }),
  };
}

/** The org file: both webhooks, the monitors that notify Torq. */
export const REAL_ORG = {
  description: 'A realistic org (issue 20).',
  site: 'eu1',
  webhooks: [{ name: 'torq' }, { name: 'torq-ops' }],
  monitors: { include: ['*'] },
  health: { notify: ['@slack-payments'], noDataTimeframe: 30 },
  keys: { create: false },
};
