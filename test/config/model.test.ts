/** The monitor file model and routing: what a user pastes is what Datadog gets, plus Torq. */
import { parseMonitor } from '../../src/config/monitor';
import { routeMessage } from '../../src/config/routing';
import { monitorConfig } from '../../src/constructs/monitor';
import { escapeTerraform, escapeTerraformDeep } from '../../src/constructs/escape';

describe('monitor files', () => {
  const exported = {
    id: 123456,
    name: 'CPU',
    type: 'metric alert',
    query: 'avg(last_5m):avg:system.cpu.user{*} > 90',
    message: 'hot',
    tags: ['a:b', 'a:b'],
    priority: '2',
    created: '2024-01-01',
    overall_state: 'OK',
    options: {
      thresholds: { critical: '90', warning: 80, period: { digit: 5 }, comparison: '>' },
      renotify_interval: '0',
      notify_no_data: 'false',
      no_data_timeframe: null,
      silenced: {},
      locked: false,
      timeAggregator: undefined,
    },
  };

  test('an API export: server fields named and dropped, UI leftovers named (provider 3.82.0 cannot express them) and dropped, strings coerced, duplicates merged', () => {
    const r = parseMonitor(exported, 'monitors/cpu.json');
    expect(r.findings.map((f) => [f.path, f.severity])).toEqual([
      ['$.options.thresholds.period', 'warning'],
      ['$.options.thresholds.comparison', 'warning'],
      ['$.id', 'warning'],
      ['$.created', 'warning'],
      ['$.overall_state', 'warning'],
    ]);
    expect(r.findings[1].message).toMatch(/^comparison ">" is a leftover of Datadog's monitor editor that provider 3\.82\.0 cannot express/);
    expect(r.findings[2].message).toBe(
      "id 123456 is owned by Datadog (a field of the monitor's export, not of its definition); it is stripped on synth (expected no id in a monitor under code)",
    );
    expect(r.monitor).toEqual({
      id: 'cpu',
      file: 'monitors/cpu.json',
      definitionPath: '$',
      definition: {
        name: 'CPU',
        type: 'metric alert',
        query: 'avg(last_5m):avg:system.cpu.user{*} > 90',
        message: 'hot',
        tags: ['a:b'],
        priority: 2,
        options: { thresholds: { critical: 90, warning: 80 }, renotify_interval: 0, notify_no_data: false },
      },
    });
  });

  test('an integration asset: the definition is read, its tags and paths kept', () => {
    const { id: _id, ...definition } = exported;
    const r = parseMonitor(
      { version: 2, title: 'T', description: 'D', tags: ['integration:x'], definition: { ...definition, tags: undefined } },
      'monitors/x.json',
    );
    expect(r.findings.map((f) => f.path)).toEqual([
      '$.definition.options.thresholds.period',
      '$.definition.options.thresholds.comparison',
      '$.definition.created',
      '$.definition.overall_state',
    ]);
    expect(r.monitor?.definitionPath).toBe('$.definition');
    expect(r.monitor?.definition.tags).toEqual(['integration:x']);
  });

  test('a wrong type is reported at its path in the file as written', () => {
    const r = parseMonitor({ definition: { name: 'x', type: 'query alert', query: 'q > 1', options: { thresholds: { critical: [1] } } } }, 'm.json');
    expect(r.findings).toEqual([
      { file: 'm.json', path: '$.definition.options.thresholds.critical', severity: 'error', message: 'expected a number, found [1]' },
    ]);
  });
});

describe('routing to Torq', () => {
  test('every transition: the mention after a space, once, replacing any mention that says another routing', () => {
    expect(routeMessage('Disk full @webhook-torq @slack-ops', ['torq'], 'torq', ['alert'])).toBe(
      'Disk full @slack-ops\n\n{{#is_alert}} @webhook-torq{{/is_alert}}',
    );
    // The block the mention leaves empty goes with it (issue 30): no `{{#is_alert}}{{/is_alert}}` left behind.
    expect(routeMessage('Disk full {{#is_alert}} @webhook-torq{{/is_alert}}', ['torq'], 'torq', 'all')).toBe('Disk full\n\n @webhook-torq');
    // A service check's mention right after a block tag, once rendered after a space: already routed on alert, kept byte for byte.
    expect(routeMessage('🌐 {{#is_alert}}@webhook-torq{{/is_alert}}', ['torq'], 'torq', ['alert'])).toBe('🌐 {{#is_alert}}@webhook-torq{{/is_alert}}');
    expect(routeMessage('🌐 {{#is_alert}}@webhook-torq{{/is_alert}}', ['torq'], 'torq', 'all')).toBe('🌐\n\n @webhook-torq');
    // An empty block the author wrote stays; text beside the mention keeps its block.
    expect(routeMessage('Down {{#is_alert}}page @webhook-torq{{/is_alert}} {{#is_recovery}}{{/is_recovery}}', ['torq'], 'torq', 'all')).toBe(
      'Down {{#is_alert}}page{{/is_alert}} {{#is_recovery}}{{/is_recovery}}\n\n @webhook-torq',
    );
    expect(routeMessage('Disk full', ['torq'], 'torq', 'all')).toBe('Disk full\n\n @webhook-torq');
  });

  test('a message whose mentions already say the routing is kept byte for byte (an adopted monitor keeps its live text)', () => {
    expect(routeMessage('Disk full @webhook-torq @slack-ops', ['torq'], 'torq', 'all')).toBe('Disk full @webhook-torq @slack-ops');
    const blocks = '{{#is_alert}}Disk almost full @webhook-torq{{/is_alert}}\n{{#is_recovery}}Fine again @webhook-torq{{/is_recovery}}';
    expect(routeMessage(blocks, ['torq'], 'torq', ['recovery', 'alert'])).toBe(blocks);
    // Not when the mention would be glued once rendered, in another case, or next to another org webhook.
    expect(routeMessage('Disk full{{#is_alert}}@webhook-torq{{/is_alert}}', ['torq'], 'torq', ['alert'])).toBe(
      'Disk full\n\n{{#is_alert}} @webhook-torq{{/is_alert}}',
    );
    expect(routeMessage('Disk full @webhook-Torq', ['torq'], 'torq', 'all')).toBe('Disk full\n\n @webhook-torq');
    expect(routeMessage('Disk full @webhook-torq @webhook-ops', ['torq', 'ops'], 'torq', 'all')).toBe('Disk full\n\n @webhook-torq');
  });

  test('chosen transitions: one block each, in a fixed order', () => {
    expect(routeMessage('x', ['torq'], 'torq', ['recovery', 'alert'])).toBe(
      'x\n\n{{#is_alert}} @webhook-torq{{/is_alert}}{{#is_recovery}} @webhook-torq{{/is_recovery}}',
    );
  });

  test('no webhook: the message only loses its Torq mentions; other webhooks stay', () => {
    expect(routeMessage('x @webhook-torq @webhook-other', ['torq'], undefined, 'all')).toBe('x @webhook-other');
  });

  test('a mention of a longer name is not mistaken for the Torq webhook', () => {
    expect(routeMessage('x @webhook-torq-sec', ['torq'], 'torq', 'all')).toBe('x @webhook-torq-sec\n\n @webhook-torq');
  });
});

describe('datadog_monitor attributes', () => {
  test('thresholds become strings, options map to their attributes, absent ones stay absent', () => {
    const c = monitorConfig({
      name: 'n',
      type: 'query alert',
      query: 'q > 1',
      message: 'm',
      tags: [],
      priority: null,
      options: { thresholds: { critical: 1, warning: 0.5 }, threshold_windows: { trigger_window: 'last_15m' }, renotify_interval: 0, include_tags: false },
    });
    expect(c.monitorThresholds).toEqual({
      critical: '1',
      warning: '0.5',
      criticalRecovery: undefined,
      warningRecovery: undefined,
      ok: undefined,
      unknown: undefined,
    });
    expect(c.monitorThresholdWindows).toEqual({ triggerWindow: 'last_15m', recoveryWindow: undefined });
    expect(c.renotifyInterval).toBe(0);
    expect(c.includeTags).toBe(false);
    expect(c.priority).toBeUndefined();
    // tags is Optional+Computed: an empty list is sent as [] so that it removes live tags (issue 23).
    expect(c.tags).toEqual([]);
    expect(c.notifyNoData).toBeUndefined();
  });

  test('formula monitors: API variables map to event_query blocks', () => {
    const c = monitorConfig({
      name: 'n',
      type: 'log alert',
      query: 'formula("query1").last("5m") > 1',
      message: 'm',
      tags: [],
      priority: 1,
      options: {
        variables: [
          { data_source: 'logs', name: 'query1', indexes: ['*'], compute: { aggregation: 'count' }, group_by: [], search: { query: 'status:error' } },
        ],
      },
    });
    expect(c.variables?.eventQuery).toEqual([
      {
        dataSource: 'logs',
        name: 'query1',
        indexes: ['*'],
        compute: [{ aggregation: 'count', interval: undefined, metric: undefined }],
        groupBy: [],
        search: { query: 'status:error' },
      },
    ]);
  });
});

describe('Terraform escaping', () => {
  test('every ${ and %{ is escaped, already-doubled ones included, keys too', () => {
    expect(escapeTerraform('a ${b} $${c} %{d} {{e}} $F')).toBe('a $${b} $$${c} %%{d} {{e}} $F');
    expect(escapeTerraformDeep({ '${k}': ['${v}', 1, null] })).toEqual({ '$${k}': ['$${v}', 1, null] });
  });
});
