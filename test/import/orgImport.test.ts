/**
 * org:import end to end against a local fake of the Datadog API: read, write the catalog and the
 * org file, then load and synth; secrets, retries, bad keys, a second run.
 */
import { describeChange, type RecordedChange } from '../../src/config/fieldChange';
import * as fs from 'fs';
import * as path from 'path';
import { parseOrgImportArgs, runOrgImport } from '../../src/cli/orgImport';
import { API_KEY, APP_KEY, FakeDatadog, fixtureSecrets, startFakeDatadog } from './fakeDatadog';
import { FIXTURE_PROJECT, copyProject, readJson, snapshotTree, synthProject, writeJson } from './helpers';

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
  sleeps: number[];
}

/** A project with the bundled catalog and a new org "acme" on eu1, as org:new writes it. */
function acmeProject(): string {
  const root = copyProject();
  writeJson(path.join(root, 'orgs/acme.json'), {
    description: 'The acme Datadog org (eu1).',
    site: 'eu1',
    webhooks: [{ name: 'torq' }],
    monitors: { include: ['*'] },
    health: { notify: ['@slack-secops'], noDataTimeframe: 30 },
    tags: ['managed-by:torq-datadog-as-code'],
    keys: { create: false },
  });
  return root;
}

async function runImport(root: string, fake: FakeDatadog, argv: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  const run: Run = { code: -1, stdout: [], stderr: [], sleeps: [] };
  const args = parseOrgImportArgs(['acme', ...argv], root);
  if (typeof args === 'string') throw new Error(args);
  run.code = await runOrgImport(
    args,
    { stdout: (l) => run.stdout.push(l), stderr: (l) => run.stderr.push(l) },
    {
      env: { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_HOST: fake.url, ...env },
      sleep: (ms) => {
        run.sleeps.push(ms);
        return Promise.resolve();
      },
      monitorPageSize: 2,
      dashboardPageSize: 2,
    },
  );
  return run;
}

let fake: FakeDatadog;
beforeEach(async () => {
  fake = await startFakeDatadog();
});
afterEach(async () => {
  await fake.close();
});

describe('org:import', () => {
  test('writes the monitors that notify Torq, what they refer to, the Torq dashboards, and what to adopt', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake);
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(0);

    const org = readJson(path.join(root, 'orgs/acme.json'));
    // adopt.changes is data ({field, before, after, note}); compared here as the lines it renders to.
    org.adopt.changes = Object.fromEntries(Object.entries(org.adopt.changes as Record<string, RecordedChange[]>).map(([k, v]) => [k, v.map(describeChange)]));
    expect(org.adopt).toEqual({
      monitors: {
        agent_down_on: 1002,
        disk_usage_high: 1004,
        host_cpu_high: 1001,
        torq_agent_down_while_cpu_is_high: 1003,
        torq_failed_logins_from: 1006,
      },
      dashboards: { torq_overview: 'abc-def-ghi', torq_remediation: 'stu-vwx-yz1' },
      webhooks: ['torq'],
      // What the first apply changes, for the review: the org's own tags (its choice in orgs/acme.json),
      // the catalog dashboard that the org's differs from (the file is kept, so deploying changes the
      // org's dashboard to it), and the webhook's auth header, whose value then comes from a secret
      // custom variable. Mentions that already say the routing keep their message as written (issue 20).
      changes: {
        agent_down_on: ['tags from ["integration:torq"] to ["integration:torq","managed-by:torq-datadog-as-code"]'],
        'dashboard:torq_overview': [
          'description from "...dashboard.\\n\\n###For full visibility into " to "...dashboard.\\n\\n### Use tags on events to se": they differ at character 80',
          'widgets from 2 item(s) to 5 item(s)',
        ],
        disk_usage_high: ['tags from [] to ["managed-by:torq-datadog-as-code"]'],
        host_cpu_high: ['tags from ["integration:torq","team:secops"] to ["integration:torq","managed-by:torq-datadog-as-code","team:secops"]'],
        // The log alert's new_group_delay 0 cannot be sent: new_host_delay goes as 0 instead (the same no delay).
        torq_failed_logins_from: [
          'options.new_host_delay from 300 to 0: new_group_delay 0, which overrides it in Datadog, is never sent by datadog_monitor (GetOk), so synth sends new_host_delay 0: new groups are still evaluated at once',
        ],
        torq_agent_down_while_cpu_is_high: ['tags from ["integration:torq"] to ["integration:torq","managed-by:torq-datadog-as-code"]'],
        'webhook:torq': ['custom_headers: X-Torq-Token from TF_VAR_torq_webhook_header_acme_torq_x_torq_token (sensitive; set each to the live value)'],
      },
    });
    // 1005 mentions no Torq webhook and nothing imported refers to it; 1007 is a synthetics test's.
    expect(fs.existsSync(path.join(root, 'orgs/acme/monitors/api_latency_p99.json'))).toBe(false);
    expect(run.stdout.join('\n')).toMatch(/monitor 1007 "\[Synthetics\] Login page" not imported: a synthetics alert belongs to its synthetics test/);

    expect(readJson(path.join(root, 'orgs/acme/monitors/agent_down_on.json'))).toEqual({
      name: 'Agent down on {{host.name}}',
      type: 'service check',
      query: '"datadog.agent.up".over("*").by("host").last(2).count_by_status()',
      // An org's own file keeps the live message, mentions included, when they say the routing (synth leaves it as it is).
      message: fake.data.monitors.find((m) => m.id === 1002).message,
      tags: ['integration:torq'],
      options: {
        include_tags: true,
        new_group_delay: 60,
        new_host_delay: 300,
        no_data_timeframe: 2,
        notify_audit: false,
        notify_no_data: true,
        renotify_interval: 0,
        thresholds: { critical: 1, warning: 1, ok: 1 },
      },
    });
    // 1001 has the name of the bundled host_cpu_high: it adopts that catalog monitor, whose file is kept.
    expect(fs.readFileSync(path.join(root, 'monitors/host_cpu_high.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(FIXTURE_PROJECT, 'monitors/host_cpu_high.json'), 'utf8'),
    );
    expect(run.stdout.join('\n')).toMatch(
      /monitors\/host_cpu_high\.json\s+differs\s+<- monitor 1001 "\[Torq\] High CPU on \{\{host\.name\}\}"[^\n]*\n\s+differs in query, message, tags, /,
    );
    // The composite names its sub-monitors by catalog id, not by this org's ids.
    expect(readJson(path.join(root, 'orgs/acme/monitors/torq_agent_down_while_cpu_is_high.json')).query).toBe(
      '${monitor.agent_down_on} && !${monitor.host_cpu_high}',
    );
    // Server-owned fields, role ids of this org, options datadog_monitor does not deploy, and the org's own tags stay out.
    const logins = readJson(path.join(root, 'orgs/acme/monitors/torq_failed_logins_from.json'));
    expect(Object.keys(logins)).toEqual(['name', 'type', 'query', 'message', 'tags', 'priority', 'options']);
    expect(logins.tags).toEqual(['integration:torq', 'security:auth']);
    expect(logins.options).not.toHaveProperty('min_failure_duration');
    expect(logins.options).not.toHaveProperty('aggregation');
    expect(logins.options).not.toHaveProperty('silenced');

    const dash = readJson(path.join(root, 'orgs/acme/dashboards/torq_remediation.json'));
    expect(dash.widgets[0].definition.alert_id).toBe('${monitor.torq_agent_down_while_cpu_is_high}');
    expect(dash.widgets[1].definition.widgets[0].definition.alert_id).toBe('${monitor.disk_usage_high}');
    expect(JSON.stringify(dash)).not.toMatch(/"id"|author_|created_at|modified_at|"url"|is_read_only|restricted_roles/);
  });

  test('the imported org synthesizes: import blocks carry its ids, references point at its own resources, routing is reproduced', async () => {
    const root = acmeProject();
    expect((await runImport(root, fake)).code).toBe(0);
    const { stack } = synthProject(root, ['acme', 'example']);
    const acme = stack('acme');
    expect(acme.import).toEqual([
      { to: 'datadog_webhook.webhook_torq', id: 'torq' },
      // The catalog's monitor first, then the org's own (orgs/acme/monitors/), each in file order.
      { to: 'datadog_monitor.monitor_host_cpu_high', id: '1001' },
      { to: 'datadog_monitor.monitor_agent_down_on', id: '1002' },
      { to: 'datadog_monitor.monitor_disk_usage_high', id: '1004' },
      { to: 'datadog_monitor.monitor_torq_agent_down_while_cpu_is_high', id: '1003' },
      { to: 'datadog_monitor.monitor_torq_failed_logins_from', id: '1006' },
      { to: 'datadog_dashboard_json.dashboard_torq_overview', id: 'abc-def-ghi' },
      { to: 'datadog_dashboard_json.dashboard_torq_remediation', id: 'stu-vwx-yz1' },
    ]);
    const monitors = acme.resource.datadog_monitor;
    expect(monitors.monitor_torq_agent_down_while_cpu_is_high.query).toBe(
      '${datadog_monitor.monitor_agent_down_on.id} && !${datadog_monitor.monitor_host_cpu_high.id}',
    );
    const remediation = JSON.parse(acme.resource.datadog_dashboard_json.dashboard_torq_remediation.dashboard);
    expect(remediation.widgets[0].definition.alert_id).toBe('${datadog_monitor.monitor_torq_agent_down_while_cpu_is_high.id}');
    expect(remediation.widgets[2].definition.content).toContain('$${not_a_reference}');

    // Routing: 1002 notified Torq on alert and recovery only, with mentions that say so where they
    // are: its message is kept byte for byte (issue 20), not rewritten to move them.
    expect(monitors.monitor_agent_down_on.message).toBe(fake.data.monitors.find((m) => m.id === 1002).message);
    // The composite notified on every transition, 1006 on alert only: their messages, as written, say so.
    const liveMessage = (id: number) => fake.data.monitors.find((m) => m.id === id).message;
    expect(monitors.monitor_torq_agent_down_while_cpu_is_high.message).toBe(liveMessage(1003));
    expect(monitors.monitor_torq_failed_logins_from.message).toBe(liveMessage(1006));
    // 1004 came in for the dashboard; it never notified Torq and still does not.
    expect(monitors.monitor_disk_usage_high.message).not.toContain('@webhook-torq');
    expect(monitors.monitor_disk_usage_high.message).toContain('@slack-ops-alerts');
    const org = readJson(path.join(root, 'orgs/acme.json'));
    expect(org.monitors.notifyOn).toBe('all');
    const live = fake.data.monitors.find((m) => m.id === 1001);
    // Live wins fully: synth reproduces the twin's query, message and tags exactly.
    expect([monitors.monitor_host_cpu_high.query, monitors.monitor_host_cpu_high.message]).toEqual([live.query, live.message]);
    expect([...monitors.monitor_host_cpu_high.tags].sort()).toEqual([...live.tags, 'managed-by:torq-datadog-as-code'].sort());
    expect(org.monitors.overrides).toEqual({
      // Mentions that already say the routing stay where the message has them, in its own file
      // (synth keeps such a message byte for byte); the org file says the routing they express.
      agent_down_on: { notifyOn: ['alert', 'recovery'] },
      disk_usage_high: { webhook: null },
      // The live twin of the catalog's host_cpu_high keeps its own values (live wins by default).
      // Its scope, its message (mention mid-text: kept as written, routing itself), the catalog tag
      // and option it lacks: all this org's.
      host_cpu_high: {
        query: live.query,
        message: live.message,
        thresholds: { critical_recovery: null },
        tags: ['team:secops'],
        removeTags: ['automation:enrich'],
        options: { evaluation_delay: null, new_group_delay: 60, new_host_delay: 300, notification_preset_name: 'show_all' },
        routing: 'message',
      },
      // Its edit restriction is this org's, never the shared catalog's (no role names readable: the id).
      torq_failed_logins_from: { notifyOn: ['alert'], restrictedRoles: ['5e0f7a2c-0000-11ee-9c4b-da7ad0900002'] },
    });
    expect(monitors.monitor_torq_failed_logins_from.restricted_roles).toEqual(['5e0f7a2c-0000-11ee-9c4b-da7ad0900002']);
    // The webhook is adopted with the integration's payload: nothing to write about it but its header's name.
    expect(org.webhooks).toEqual([{ name: 'torq', headers: [{ name: 'X-Torq-Token' }] }]);

    // Another org deploys none of acme's own monitors and dashboards, and imports nothing.
    const example = stack('example');
    expect(example.import).toBeUndefined();
    for (const id of ['monitor_agent_down_on', 'monitor_disk_usage_high', 'monitor_torq_agent_down_while_cpu_is_high', 'monitor_torq_failed_logins_from']) {
      expect([id, id in monitors, id in example.resource.datadog_monitor]).toEqual([id, true, false]);
    }
    expect(example.resource.datadog_dashboard_json.dashboard_torq_remediation).toBeUndefined();
  });

  test('a second run changes no file', async () => {
    const root = acmeProject();
    expect((await runImport(root, fake)).code).toBe(0);
    const first = snapshotTree(root);
    const again = await runImport(root, fake);
    expect(again.code).toBe(0);
    expect(again.stdout[again.stdout.length - 1]).toBe('no file changed');
    expect(snapshotTree(root)).toEqual(first);
  });

  test('nothing secret lands in a file, in the output or in the synthesized stack', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake);
    expect(run.code).toBe(0);
    const { text } = synthProject(root, ['acme']);
    const haystacks = [...snapshotTree(root).values(), run.stdout.join('\n'), run.stderr.join('\n'), text('acme')];
    for (const secret of fixtureSecrets()) {
      for (const h of haystacks) expect(h.includes(secret)).toBe(false);
    }
  });

  test('reads with the keys, only with GET, monitors by id_offset (the last id seen) until an empty answer', async () => {
    const root = acmeProject();
    await runImport(root, fake);
    expect(fake.requests.length).toBeGreaterThan(0);
    expect(new Set(fake.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(fake.requests.every((r) => r.apiKey === API_KEY && r.appKey === APP_KEY)).toBe(true);
    const pages = fake.requests.filter((r) => r.path === '/api/v1/monitor').map((r) => r.query);
    expect(pages).toEqual([
      '?id_offset=0&page=0&page_size=2',
      '?id_offset=1002&page=0&page_size=2',
      '?id_offset=1004&page=0&page_size=2',
      '?id_offset=1006&page=0&page_size=2',
      '?id_offset=1007&page=0&page_size=2',
    ]);
    const lists = fake.requests.filter((r) => r.path === '/api/v1/dashboard').map((r) => r.query);
    expect(lists).toEqual(['?count=2&start=0', '?count=2&start=2']);
    // Only the Torq dashboards are read in full.
    expect(
      fake.requests
        .filter((r) => r.path.startsWith('/api/v1/dashboard/'))
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/api/v1/dashboard/abc-def-ghi', '/api/v1/dashboard/stu-vwx-yz1']);
  });

  test('a 429 waits for its Retry-After and a 500 is retried, then the import succeeds', async () => {
    fake.faults.push({ path: '/api/v1/monitor', query: 'id_offset=1002', status: 429, retryAfter: '3', times: 1 });
    fake.faults.push({ path: '/api/v1/dashboard/stu-vwx-yz1', status: 500, times: 1 });
    const root = acmeProject();
    const run = await runImport(root, fake);
    expect(run.code).toBe(0);
    expect(run.sleeps).toEqual([3000, 500]);
    expect(fake.requests.filter((r) => r.status === 429 || r.status === 500)).toHaveLength(2);
    expect(run.stderr.join('\n')).toMatch(/rate limit \(429\) on GET \/api\/v1\/monitor\?id_offset=1002&page=0&page_size=2: waiting 3\.0 s as it asked/);
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt.dashboards.torq_remediation).toBe('stu-vwx-yz1');
  });

  test('a server that keeps failing gives up after bounded retries and writes nothing', async () => {
    fake.faults.push({ path: '/api/v1/dashboard', status: 503, times: Infinity });
    const root = acmeProject();
    const before = snapshotTree(root);
    const run = await runImport(root, fake);
    expect(run.code).toBe(1);
    expect(run.sleeps).toEqual([500, 1000, 2000]);
    expect(run.stderr.join('\n')).toMatch(/Datadog answered 503 reading the dashboard list after retries/);
    expect(run.stderr[run.stderr.length - 1]).toBe('org:import stopped; nothing was written');
    expect(snapshotTree(root)).toEqual(before);
  });

  test('wrong keys (403) give a clear error naming the keys and the site, and write nothing', async () => {
    const root = acmeProject();
    const before = snapshotTree(root);
    const run = await runImport(root, fake, [], { DD_APP_KEY: 'not-the-right-key-123' });
    expect(run.code).toBe(1);
    const err = run.stderr.join('\n');
    expect(err).toMatch(/Datadog refused the keys \(403 Forbidden: Forbidden\)/);
    expect(err).toContain('expected DD_API_KEY and DD_APP_KEY to be an API key and an application key of this org on site eu1');
    expect(err).not.toContain('not-the-right-key-123');
    expect(err).not.toContain(API_KEY);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(snapshotTree(root)).toEqual(before);
  });

  test('missing keys are a usage error that names the variables', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake, [], { DD_API_KEY: '' });
    expect(run.code).toBe(1);
    expect(run.stderr.join('\n')).toMatch(/DD_API_KEY is not set; expected an API key and an application key of the org "acme"/);
    expect(fake.requests).toHaveLength(0);
  });

  test('--no-dashboards --no-webhooks read and adopt monitors only', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake, ['--no-dashboards', '--no-webhooks']);
    expect(run.code).toBe(0);
    expect(fake.requests.every((r) => ['/api/v1/monitor', '/api/v1/org', '/api/v2/roles'].includes(r.path))).toBe(true);
    const org = readJson(path.join(root, 'orgs/acme.json'));
    expect(Object.keys(org.adopt)).toEqual(['monitors', 'changes']);
    // Without the dashboard, the disk monitor is not needed.
    expect(org.adopt.monitors).not.toHaveProperty('disk_usage_high');
    expect(fs.existsSync(path.join(root, 'orgs/acme/dashboards/torq_remediation.json'))).toBe(false);
  });

  test('--monitors selects by tag or name; what a composite needs comes along', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake, ['--monitors', 'tag:security:auth', '--monitors', 'name:agent down while', '--no-dashboards']);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/acme.json'));
    expect(Object.keys(org.adopt.monitors).sort()).toEqual(['agent_down_on', 'host_cpu_high', 'torq_agent_down_while_cpu_is_high', 'torq_failed_logins_from']);
    expect(run.stdout.join('\n')).toMatch(/imported because it is referenced by composite 1003/);
  });

  test('--dashboards picks dashboards by title, and brings the monitors they show', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake, ['--dashboards', 'team', '--monitors', 'id:1001']);
    expect(run.code).toBe(0);
    const adopt = readJson(path.join(root, 'orgs/acme.json')).adopt;
    expect(adopt.dashboards).toEqual({ team_overview: 'jkl-mno-pqr' });
    expect(adopt.monitors).toEqual({ api_latency_p99: 1005, host_cpu_high: 1001 });
    expect(readJson(path.join(root, 'orgs/acme/dashboards/team_overview.json')).widgets[0].definition.alert_id).toBe('${monitor.api_latency_p99}');
  });

  test('a catalog file that differs from the org is kept unless --overwrite', async () => {
    const root = acmeProject();
    const bundled = fs.readFileSync(path.join(root, 'dashboards/torq_overview.json'), 'utf8');
    const run = await runImport(root, fake);
    expect(run.stdout.join('\n')).toMatch(/dashboards\/torq_overview\.json\s+differs\s+<- dashboard abc-def-ghi "Torq"/);
    expect(fs.readFileSync(path.join(root, 'dashboards/torq_overview.json'), 'utf8')).toBe(bundled);
    const over = await runImport(root, fake, ['--overwrite']);
    expect(over.code).toBe(0);
    // The org's version, its quirks normalised away ("60" as a number, UI leftovers and nulls gone).
    expect(readJson(path.join(root, 'monitors/host_cpu_high.json'))).toEqual({
      name: '[Torq] High CPU on {{host.name}}',
      type: 'query alert',
      query: 'avg(last_10m):avg:system.cpu.user{env:prod} by {host} > 90',
      message: '{{#is_alert}}CPU on {{host.name}} is {{value}}%.{{/is_alert}}\n{{#is_recovery}}CPU on {{host.name}} is back to normal.{{/is_recovery}}',
      tags: ['integration:torq', 'team:secops'],
      priority: 3,
      options: {
        include_tags: true,
        new_group_delay: 60,
        new_host_delay: 300,
        notification_preset_name: 'show_all',
        notify_audit: false,
        notify_no_data: false,
        renotify_interval: 60,
        require_full_window: false,
        thresholds: { critical: 90, warning: 80 },
      },
    });
    const taken = readJson(path.join(root, 'dashboards/torq_overview.json'));
    expect(taken.description).toContain('(https//app.torq.io)');
    expect(taken).not.toHaveProperty('author_name');
    // And the overwritten file is stable too.
    const snap = snapshotTree(root);
    expect((await runImport(root, fake, ['--overwrite'])).stdout.pop()).toBe('no file changed');
    expect(snapshotTree(root)).toEqual(snap);
  });

  test('a monitor that no longer exists keeps its adopt entry unless --prune, and --dry-run writes nothing', async () => {
    const root = acmeProject();
    expect((await runImport(root, fake)).code).toBe(0);
    fake.data.monitors = fake.data.monitors.filter((m) => m.id !== 1006);
    const kept = await runImport(root, fake);
    expect(kept.code).toBe(0);
    expect(kept.stdout.join('\n')).toContain(
      'the org does not have 1 adopted resource(s): adopt.monitors.torq_failed_logins_from (monitor 1006); their adopt entries are kept (--prune removes them',
    );
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt.monitors.torq_failed_logins_from).toBe(1006);
    const before = snapshotTree(root);
    const dry = await runImport(root, fake, ['--dry-run', '--prune']);
    expect(dry.code).toBe(0);
    expect(dry.stdout.join('\n')).toMatch(
      /--prune: removed 1 adopt entry whose resource the org no longer has \(deploying creates them\): adopt\.monitors\.torq_failed_logins_from \(monitor 1006\)/,
    );
    expect(dry.stdout[dry.stdout.length - 1]).toMatch(/^dry run: 1 file\(s\) would change: orgs\/acme\.json; nothing was written$/);
    expect(snapshotTree(root)).toEqual(before);
  });

  test('the header the webhook sends is declared by name, and its variable is printed', async () => {
    const root = acmeProject();
    const run = await runImport(root, fake, ['--no-dashboards']);
    expect(run.code).toBe(0);
    const out = run.stdout.join('\n');
    // As webhooks[].headers, not authHeader: its custom_headers is then sensitive, so the first plan
    // shows "(sensitive value)" instead of the live header value it replaces (issue 20).
    expect(out).toContain('header(s) X-Torq-Token (names only; each value goes in a sensitive Terraform variable, below)');
    expect(out).toMatch(
      /^ {2}TF_VAR_torq_webhook_header_acme_torq_x_torq_token {2}the value of the X-Torq-Token header of webhook "torq" {2}\(GitHub secret TORQ_WEBHOOK_HEADER_TORQ_X_TORQ_TOKEN, and a mapping in \.github\/workflows\/deploy\.yml and drift\.yml\)$/m,
    );
    const stack = synthProject(root, ['acme']).stack('acme');
    expect(stack.variable.torq_webhook_header_acme_torq_x_torq_token.sensitive).toBe(true);
    expect(stack.resource.datadog_webhook.webhook_torq.custom_headers).toBe('${jsonencode({"X-Torq-Token" = var.torq_webhook_header_acme_torq_x_torq_token})}');
  });

  test('a Content-Type header is not taken for an auth header', async () => {
    fake.data.webhooks.torq.custom_headers = '{"Content-Type": "application/json"}';
    const root = acmeProject();
    const run = await runImport(root, fake, ['--no-dashboards']);
    expect(run.code).toBe(0);
    expect(run.stdout.join('\n')).toContain('header(s) Content-Type not kept (encode_as sets the content type)');
    expect(readJson(path.join(root, 'orgs/acme.json')).webhooks).toEqual([{ name: 'torq' }]);
  });

  test('two monitors with the same name get distinct, stable files', async () => {
    const twin = { ...fake.data.monitors.find((m) => m.id === 1002), id: 1008, message: 'Same name, other team. @webhook-torq' };
    fake.data.monitors.push(twin);
    const root = acmeProject();
    expect((await runImport(root, fake, ['--no-dashboards'])).code).toBe(0);
    const adopt = readJson(path.join(root, 'orgs/acme.json')).adopt.monitors;
    expect(adopt.agent_down_on).toBe(1002);
    expect(adopt.agent_down_on_1008).toBe(1008);
    const snap = snapshotTree(root);
    expect((await runImport(root, fake, ['--no-dashboards'])).stdout.pop()).toBe('no file changed');
    expect(snapshotTree(root)).toEqual(snap);
  });

  test('a monitor the API returns without a query is reported, not imported', async () => {
    fake.data.monitors.push({ id: 1009, type: 'query alert', name: 'Half-deleted', query: null, message: '@webhook-torq', options: {} });
    const root = acmeProject();
    const run = await runImport(root, fake, ['--no-dashboards']);
    expect(run.code).toBe(0);
    expect(run.stdout.join('\n')).toContain(
      'note: monitor 1009 "Half-deleted" not imported: the API returned it with $.query: required: expected a string, found null',
    );
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt.monitors).not.toHaveProperty('half_deleted');
  });

  test('a webhook the org does not have is created, not adopted', async () => {
    fake.data.webhooks = {};
    const root = acmeProject();
    const run = await runImport(root, fake, ['--no-dashboards']);
    expect(run.code).toBe(0);
    expect(run.stdout.join('\n')).toContain('torq: not in the org; deploying creates it');
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt).not.toHaveProperty('webhooks');
  });

  test('an org that does not exist yet is named with the command that creates it', async () => {
    const root = copyProject();
    const run = await runImport(root, fake);
    expect(run.code).toBe(1);
    expect(run.stderr[0]).toBe('orgs/acme.json: $: error: no such org; expected an org file: create it first with npm run org:new -- acme --site <site>');
  });
});
