/**
 * End to end on the fixture project (test/fixtures/project, a frozen copy of the example): the synthesized JSON holds everything the manual setup of
 * the Torq integration does, with no secret in it, and the same inputs give the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURE_PROJECT as PROJECT, REPO, copyProject, editJson, readJson, synth, writeJson } from '../helpers/project';

// The integration's recommended payload, written out here from the integration's docs (not
// imported from the code), so that a trimmed or reordered payload fails this test.
const METADATA_KEYS = [
  'AGGREG_KEY',
  'ALERT_CYCLE_KEY',
  'ALERT_ID',
  'ALERT_METRIC',
  'ALERT_QUERY',
  'ALERT_SCOPE',
  'ALERT_STATUS',
  'ALERT_TITLE',
  'ALERT_TRANSITION',
  'ALERT_TYPE',
  'EMAIL',
  'EVENT_MSG',
  'EVENT_TITLE',
  'EVENT_TYPE',
  'HOSTNAME',
  'ID',
  'LAST_UPDATED',
  'LINK',
  'METRIC_NAMESPACE',
  'ORG_ID',
  'ORG_NAME',
  'PRIORITY',
  'SNAPSHOT',
  'TAGS',
  'TEXT_ONLY_MSG',
  'USER',
  'USERNAME',
  'LOGS_SAMPLE',
];

const run = synth(PROJECT, ['example']);
const stack = run.code === 0 ? run.stack('example') : undefined;
const catalog = fs.readdirSync(path.join(PROJECT, 'monitors')).filter((f) => f.endsWith('.json'));

describe('the example org', () => {
  test('synthesizes with no credentials and no environment', () => {
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout.join('\n')).toContain('synthesized example (us1)');
  });

  test('has a json webhook named torq with the full metadata payload, exactly', () => {
    const hook = stack.resource.datadog_webhook.webhook_torq;
    expect(hook.name).toBe('torq');
    expect(hook.encode_as).toBe('json');
    const payload = JSON.parse(hook.payload);
    expect(Object.keys(payload)).toEqual(['body', 'title', 'date', 'id', 'metadata']);
    expect(payload.body).toBe('$EVENT_MSG');
    expect(payload.title).toBe('$EVENT_TITLE');
    expect(payload.date).toBe('$DATE');
    expect(payload.id).toBe('$ID');
    expect(Object.keys(payload.metadata)).toEqual(METADATA_KEYS);
    for (const k of METADATA_KEYS) expect(payload.metadata[k]).toBe(`$${k}`);
  });

  test('takes the webhook URL and the Datadog keys from sensitive per-org variables', () => {
    expect(stack.resource.datadog_webhook.webhook_torq.url).toBe('${var.torq_webhook_url_example}');
    for (const v of ['torq_webhook_url_example', 'datadog_api_key_example', 'datadog_app_key_example']) {
      expect(stack.variable[v]).toMatchObject({ type: 'string', sensitive: true });
      expect(stack.variable[v].default).toBeUndefined();
    }
    expect(stack.provider.datadog[0]).toEqual({
      api_url: '${var.datadog_api_url_example}',
      api_key: '${var.datadog_api_key_example}',
      app_key: '${var.datadog_app_key_example}',
    });
  });

  test("takes the API URL from a variable whose default is the org's site, so TF_VAR_datadog_api_url_<org> points a deploy elsewhere", () => {
    expect(stack.variable.datadog_api_url_example).toMatchObject({ type: 'string', default: 'https://api.datadoghq.com/' });
    expect(stack.variable.datadog_api_url_example.sensitive).toBeUndefined();
  });

  test('deploys every catalog monitor, each notifying @webhook-torq after a space and created after the webhook', () => {
    const monitors = stack.resource.datadog_monitor;
    expect(catalog.length).toBeGreaterThanOrEqual(6);
    for (const file of catalog) {
      const id = `monitor_${file.replace(/\.json$/, '')}`;
      expect(monitors[id]).toBeDefined();
      expect(monitors[id].message).toMatch(/ @webhook-torq\b/);
      expect(monitors[id].message).not.toMatch(/\S@webhook-torq/);
      expect(monitors[id].depends_on).toEqual(['datadog_webhook.webhook_torq']);
    }
  });

  test('deploys metric, service check, log and event-v2 monitors with the options and priority of their files', () => {
    const types = new Set<string>();
    for (const file of catalog) {
      const m = readJson(path.join(PROJECT, 'monitors', file));
      const deployed = stack.resource.datadog_monitor[`monitor_${file.replace(/\.json$/, '')}`];
      types.add(m.type);
      expect([file, deployed.type]).toEqual([file, m.type]);
      expect([file, deployed.priority]).toEqual([file, String(m.priority)]);
      for (const option of ['notify_no_data', 'new_group_delay', 'renotify_interval', 'include_tags', 'require_full_window']) {
        if (m.options[option] !== undefined) expect([file, option, deployed[option]]).toEqual([file, option, m.options[option]]);
      }
    }
    // The fixture covers the four kinds of monitor the routing tests above rely on.
    expect([...types].sort()).toEqual(['event-v2 alert', 'log alert', 'query alert', 'service check']);
  });

  test('routes a monitor only on the transitions the org chooses', () => {
    const disk = stack.resource.datadog_monitor.monitor_disk_space_low;
    expect(disk.message).toContain(
      '{{#is_alert}} @webhook-torq{{/is_alert}}{{#is_warning}} @webhook-torq{{/is_warning}}{{#is_recovery}} @webhook-torq{{/is_recovery}}',
    );
    expect(disk.message).not.toContain('{{#is_no_data}} @webhook-torq');
    const events = stack.resource.datadog_monitor.monitor_k8s_warning_events;
    expect(events.message.match(/@webhook-torq/g)).toHaveLength(1);
    expect(events.message).toContain('{{#is_alert}} @webhook-torq{{/is_alert}}');
  });

  test('applies threshold overrides to the thresholds and to the query, and adds org tags', () => {
    const disk = stack.resource.datadog_monitor.monitor_disk_space_low;
    expect(disk.query).toBe('max(last_15m):max:system.disk.in_use{*} by {host,device} > 0.95');
    expect(disk.monitor_thresholds).toEqual({ critical: '0.95', warning: '0.85', critical_recovery: '0.9', warning_recovery: '0.8' });
    expect(disk.tags).toContain('managed-by:torq-datadog-as-code');
    expect(stack.resource.datadog_monitor.monitor_k8s_warning_events.tags).toContain('env:prod');
  });

  test('deploys the Torq dashboard without server-owned fields and with its app link fixed', () => {
    const dash = JSON.parse(stack.resource.datadog_dashboard_json.dashboard_torq_overview.dashboard);
    expect(dash.title).toBe('Torq');
    expect(dash.layout_type).toBe('free');
    expect(dash.widgets.map((w: any) => w.definition.type).sort()).toEqual(['event_stream', 'event_timeline', 'image', 'note', 'note']);
    for (const w of dash.widgets) {
      expect(w.id).toBeUndefined();
      expect(w.layout).toEqual(expect.objectContaining({ x: expect.any(Number), width: expect.any(Number) }));
      if (w.definition.query !== undefined) expect(w.definition.query).toBe('sources:torq');
      if (w.definition.time) expect(w.definition.time).toEqual({ live_span: '1w' });
    }
    expect(dash.is_read_only).toBeUndefined();
    expect(dash.id).toBeUndefined();
    expect(dash.description).toContain('(https://app.torq.io)');
    expect(dash.description).not.toContain('https//');
  });

  test('creates an API key and a service-account application key named Torq, with key values only as sensitive outputs', () => {
    expect(stack.resource.datadog_api_key.torq_api_key.name).toBe('Torq');
    expect(stack.resource.datadog_service_account.torq_service_account).toMatchObject({ name: 'Torq', email: 'torq-automation@example.com' });
    const appKey = stack.resource.datadog_service_account_application_key.torq_application_key;
    expect(appKey.service_account_id).toBe('${datadog_service_account.torq_service_account.id}');
    expect(appKey.scopes).toEqual(['events_read', 'monitors_read', 'monitors_downtime', 'metrics_read', 'timeseries_query']);
    expect(stack.output.torq_api_key).toMatchObject({ sensitive: true, value: '${datadog_api_key.torq_api_key.key}' });
    expect(stack.output.torq_application_key).toMatchObject({ sensitive: true, value: '${datadog_service_account_application_key.torq_application_key.key}' });
  });

  test('turns the declared heartbeat into a service-check monitor that notifies humans, never Torq', () => {
    const sc = readJson(path.join(PROJECT, 'service_checks.json'));
    expect(sc.map((c: any) => c.check)).toContain('torq.heartbeat');
    const hb = stack.resource.datadog_monitor.health_torq_heartbeat;
    expect(hb.type).toBe('service check');
    expect(hb.query).toBe('"torq.heartbeat".over("*").by("workflow").last(2).count_by_status()');
    expect(hb.notify_no_data).toBe(true);
    expect(hb.no_data_timeframe).toBe(30);
    expect(hb.message).toContain('@slack-secops-alerts');
    expect(hb.message).not.toContain('@webhook-');
    expect(hb.depends_on).toBeUndefined();
  });

  test('keeps state in a relative local path', () => {
    expect(stack.terraform.backend).toEqual({ local: { path: '../../../terraform.example.tfstate' } });
    expect(run.stackText('example')).not.toContain(REPO);
    expect(run.stackText('example')).not.toContain(run.outdir);
  });
});

describe('secrets', () => {
  test('a webhook URL, header value or key set in the environment never reaches the output', () => {
    const secrets = {
      TF_VAR_torq_webhook_url_example: 'https://hooks.torq.io/v1/webhooks/3f0e1a5c-6a77-4b7a-9a4e-0d2c3b1e9f11',
      TF_VAR_torq_webhook_header_example: 's3cr3t-header-value',
      TF_VAR_datadog_api_key_example: '0123456789abcdef0123456789abcdef',
      TF_VAR_datadog_app_key_example: '0123456789abcdef0123456789abcdef01234567',
      DD_API_KEY: 'fedcba9876543210fedcba9876543210',
    };
    const saved = { ...process.env };
    Object.assign(process.env, secrets);
    try {
      const root = copyProject();
      editJson(root, 'orgs/example.json', (o) => {
        o.webhooks = [{ name: 'torq', authHeader: 'X-Torq-Token' }];
      });
      const r = synth(root);
      expect(r.code).toBe(0);
      const everything = [r.stackText('example'), ...r.stdout, ...r.stderr, fs.readFileSync(path.join(r.outdir, 'manifest.json'), 'utf8')].join('\n');
      for (const value of Object.values(secrets)) expect(everything).not.toContain(value);
      const s = r.stack('example');
      const custom = s.resource.datadog_webhook_custom_variable.webhook_torq_auth_header;
      expect(custom).toMatchObject({ name: 'TORQ_TORQ_AUTH', is_secret: true, value: '${var.torq_webhook_header_example}' });
      expect(JSON.parse(s.resource.datadog_webhook.webhook_torq.custom_headers)).toEqual({ 'X-Torq-Token': '$TORQ_TORQ_AUTH' });
      expect(s.variable.torq_webhook_header_example.sensitive).toBe(true);
    } finally {
      process.env = saved;
    }
  });
});

describe('determinism and stable ids', () => {
  test('the same inputs give byte-identical cdk.tf.json', () => {
    const again = synth(PROJECT, ['example']);
    expect(again.code).toBe(0);
    expect(again.stackText('example')).toBe(run.stackText('example'));
  });

  test('adding a monitor file adds one resource and leaves every other resource as it was', () => {
    const root = copyProject();
    writeJson(path.join(root, 'monitors', 'aaa_first_in_order.json'), {
      name: 'New monitor',
      type: 'query alert',
      query: 'avg(last_5m):avg:system.load.1{*} > 4',
      message: 'Load is high.',
      options: { thresholds: { critical: 4 } },
    });
    const r = synth(root);
    expect(r.code).toBe(0);
    const before = stack.resource.datadog_monitor;
    const after = r.stack('example').resource.datadog_monitor;
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'monitor_aaa_first_in_order'].sort());
    for (const id of Object.keys(before)) expect(after[id]).toEqual(before[id]);
  });

  test('a renamed monitor file recorded in moved.json keeps its resource: a moved block, the old id gone', () => {
    const root = copyProject();
    fs.renameSync(path.join(root, 'monitors/host_cpu_high.json'), path.join(root, 'monitors/cpu_high.json'));
    writeJson(path.join(root, 'moved.json'), { monitors: { host_cpu_high: 'cpu_high' } });
    const r = synth(root);
    expect(r.code).toBe(0);
    const s = r.stack('example');
    expect(s.moved).toEqual([{ from: 'datadog_monitor.monitor_host_cpu_high', to: 'datadog_monitor.monitor_cpu_high' }]);
    expect(s.resource.datadog_monitor.monitor_host_cpu_high).toBeUndefined();
    const { depends_on: _a, '//': _b, ...before } = stack.resource.datadog_monitor.monitor_host_cpu_high;
    const { depends_on: _c, '//': _d, ...after } = s.resource.datadog_monitor.monitor_cpu_high;
    expect(after).toEqual(before);
    // The fixture's own moved.json records an earlier rename (host_cpu -> host_cpu_high).
    expect(stack.moved).toEqual([{ from: 'datadog_monitor.monitor_host_cpu', to: 'datadog_monitor.monitor_host_cpu_high' }]);
  });

  test('one stack per org file, named after the file, each with its own variables', () => {
    const root = copyProject();
    editJson(root, 'orgs/example.json', () => undefined);
    fs.copyFileSync(path.join(root, 'orgs/example.json'), path.join(root, 'orgs/eu-prod.json'));
    editJson(root, 'orgs/eu-prod.json', (o) => {
      o.site = 'eu1';
    });
    const r = synth(root);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(r.outdir, 'stacks')).sort()).toEqual(['eu-prod', 'example']);
    const eu = r.stack('eu-prod');
    expect(eu.provider.datadog[0].api_url).toBe('${var.datadog_api_url_eu_prod}');
    expect(eu.variable.datadog_api_url_eu_prod.default).toBe('https://api.datadoghq.eu/');
    expect(eu.resource.datadog_webhook.webhook_torq.url).toBe('${var.torq_webhook_url_eu_prod}');
    expect(Object.keys(eu.variable).sort()).toEqual([
      'datadog_api_key_eu_prod',
      'datadog_api_url_eu_prod',
      'datadog_app_key_eu_prod',
      'torq_webhook_url_eu_prod',
    ]);
  });
});

describe('Terraform interpolation', () => {
  test('a role name with ${ in restrictedRoles reaches the datadog_role filter escaped', () => {
    const root = copyProject();
    editJson(
      root,
      'orgs/example.json',
      (o) => (o.monitors.overrides.host_cpu_high = { ...(o.monitors.overrides.host_cpu_high ?? {}), restrictedRoles: ['Ops ${team}'] }),
    );
    const r = synth(root, ['example']);
    expect(r.code).toBe(0);
    const s = r.stack('example');
    const [role] = Object.values(s.data.datadog_role).filter((d: any) => String(d.filter).startsWith('Ops')) as any[];
    expect(role.filter).toBe('Ops $${team}');
  });

  test('a literal ${ or %{ in a message, query, payload or dashboard reaches the JSON escaped', () => {
    const root = copyProject();
    editJson(root, 'monitors/host_cpu_high.json', (m) => {
      m.message = 'Shell says ${HOME} and %{if x}; keep {{value}}.';
    });
    editJson(root, 'orgs/example.json', (o) => {
      o.webhooks = [{ name: 'torq', payload: { text: 'cost ${amount}', body: '$EVENT_MSG' } }];
    });
    editJson(root, 'dashboards/torq_overview.json', (d) => {
      d.description = 'See ${docs}';
    });
    const r = synth(root);
    expect(r.code).toBe(0);
    const s = r.stack('example');
    expect(s.resource.datadog_monitor.monitor_host_cpu_high.message).toContain('Shell says $${HOME} and %%{if x}; keep {{value}}.');
    expect(s.resource.datadog_webhook.webhook_torq.payload).toContain('cost $${amount}');
    expect(s.resource.datadog_dashboard_json.dashboard_torq_overview.dashboard).toContain('See $${docs}');
    expect(r.stackText('example')).not.toMatch(/[^$]\$\{HOME\}/);
  });
});

test("the e2e suite's every-option org (test/fixtures/e2e/all-options) synthesizes, so `npm test` catches a change that breaks it before `npm run test:e2e` does", () => {
  const r = synth(path.join(REPO, 'test', 'fixtures', 'e2e', 'all-options'));
  expect(r.stderr.filter((l) => l.includes(': error: '))).toEqual([]);
  expect(r.code).toBe(0);
  const s = r.stack('full');
  expect(Object.keys(s.resource.datadog_webhook).sort()).toEqual(['webhook_torq', 'webhook_torq-ops']);
  expect(s.variable.datadog_api_url_full.default).toBe('https://api.datadoghq.eu/');
});
