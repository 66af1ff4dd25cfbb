/**
 * issue 26, item 6: each row of src/datadog/providerFacts.ts (the one table docs/provider-facts.md
 * is generated from), executed. The every-option org (its custom-schedule monitor with
 * notify_no_data included; plus an export's editor leftovers and threshold windows) is applied by the real provider 3.82.0 against
 * the stand-in; each row is an assertion on the requests the provider sent, on what the stand-in
 * then holds, or on a plan. The last test checks that every row of the table was asserted.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Standin, startStandin } from '../standin/server';
import { type JsonObject, text } from '../standin/types';
import { FIXTURES } from './fixtures';
import { Deployment, copyProjectTo, synthInto, tail, workDir } from './harness';
import { planSummary, seedRoles } from './apply';
import { NEVER_ROWS, SENT_OPTION_ROWS, attributeOptions, planActions, rowKey, unescapeTf, valuesAt } from './factsRows';
import { PROVIDER_FACTS, providerFact, sentMonitorOption } from '../../src/datadog/providerFacts';
import { checkProject } from '../../src/validate/project';

/** The rows of the table an assertion below checked (the last test wants every row). */
const asserted = new Set<string>();
const row = (resource: string, field: string) => {
  if (!providerFact(resource, field)) throw new Error(`no row ${resource} ${field} in src/datadog/providerFacts.ts`);
  asserted.add(`${resource} ${field}`);
};

const ORG = 'full';
let standin: Standin;
let deployment: Deployment;
let root: string;
let work: string;

beforeAll(async () => {
  standin = await startStandin();
  work = workDir('facts');
  root = copyProjectTo(path.join(FIXTURES, 'e2e', 'all-options'), path.join(work, 'project'));
  // An export's leftovers provider 3.82.0 cannot express (rows sent 'never').
  fs.writeFileSync(
    path.join(root, 'monitors', 'editor_leftovers.json'),
    JSON.stringify({
      name: '[Torq] Error logs (editor export)',
      type: 'log alert',
      query: 'formula("query1").last("5m") > 10',
      message: 'Too many error logs.',
      tags: [],
      options: {
        thresholds: { critical: 10, comparison: '>', period: { digit: 5, value: 'last_5m' }, timeAggregator: 'avg' },
        variables: [
          {
            data_source: 'logs',
            name: 'query1',
            indexes: ['*'],
            storage: 'hot',
            compute: { aggregation: 'count' },
            group_by: [],
            search: { query: 'status:error' },
          },
        ],
      },
    }),
  );
  fs.writeFileSync(
    path.join(root, 'monitors', 'runs_anomalous.json'),
    JSON.stringify({
      name: '[Torq] Runs anomalous',
      type: 'query alert',
      query: "avg(last_4h):anomalies(avg:torq.workflow.runs{env:prod} by {host}, 'robust', 2, direction='both', alert_window='last_15m', interval=60) >= 1",
      message: 'Runs are anomalous.',
      tags: [],
      options: { thresholds: { critical: 1 }, threshold_windows: { trigger_window: 'last_15m', recovery_window: 'last_30m' } },
    }),
  );
  deployment = synthInto(root, work, standin, [ORG]);
  seedRoles(standin, deployment.stack(ORG));
  const init = await deployment.stack(ORG).init();
  if (init.code !== 0) throw new Error(`init failed:\n${tail(init)}`);
  const apply = await deployment.stack(ORG).apply();
  if (apply.code !== 0) throw new Error(`apply failed:\n${tail(apply)}`);
});
afterAll(async () => standin.close());

function sent(method: string, p: RegExp, where: (b: JsonObject) => boolean = () => true): JsonObject[] {
  return standin.state.requests.filter((r) => r.method === method && p.test(r.path) && where(r.body as JsonObject)).map((r) => r.body as JsonObject);
}
/** The create request of the monitor whose name starts with `name`. */
/** The create request of the monitor whose name is (or, not `exact`, starts with) `name`. */
function createdMonitor(name: string, exact = false): JsonObject {
  const found = sent('POST', /^\/api\/v1\/monitor$/, (b) => (exact ? text(b.name) === name : text(b.name).startsWith(name)));
  if (found.length !== 1) throw new Error(`${found.length} create requests for monitor ${name}`);
  return found[0];
}
const optionsOf = (m: JsonObject) => m.options as JsonObject;

/** A plan of the applied stack with its cdk.tf.json edited (restored afterwards). */
async function planWith(edit: (stack: any) => void) {
  const file = path.join(deployment.stack(ORG).dir, 'cdk.tf.json');
  const original = fs.readFileSync(file, 'utf8');
  try {
    const stack = JSON.parse(original);
    edit(stack);
    fs.writeFileSync(file, JSON.stringify(stack));
    return await deployment.stack(ORG).plan();
  } finally {
    fs.writeFileSync(file, original);
  }
}

let secondPlan: { code: number; stdout: string } | undefined;

test('the plan after apply is empty (the custom-schedule monitor with notify_no_data included)', async () => {
  secondPlan = await deployment.stack(ORG).plan();
  if (secondPlan.code !== 0) throw new Error(`plan after apply: exit ${secondPlan.code}\n${planSummary(secondPlan as any)}`);
  expect([...planActions(secondPlan.stdout).keys()]).toEqual([]);
});

test('notify_no_data beside a custom schedule: synth leaves it out, neither it nor no_data_timeframe is sent, Datadog holds false, the re-plan is empty, and validation warns at the field', () => {
  row('datadog_monitor', 'options.notify_no_data');
  row('datadog_monitor', 'options.no_data_timeframe');
  const o = optionsOf(createdMonitor('[Torq] Nightly runs missing'));
  expect(o.scheduling_options).toBeDefined();
  expect([o.notify_no_data, o.no_data_timeframe]).toEqual([undefined, undefined]);
  const held = [...standin.state.monitors.byId.values()].find((m) => m.name === '[Torq] Nightly runs missing') as JsonObject;
  // Not sent, so not held; the provider reads it back as false (updateMonitorState: GetNotifyNoData).
  expect((held.options as JsonObject).notify_no_data ?? false).toBe(false);
  expect(secondPlan?.code).toBe(0);
  expect(
    checkProject(root)
      .findings.filter((f) => f.file === 'monitors/nightly_runs_missing.json')
      .map((f) => `${f.path}: ${f.severity}: ${f.message}`),
  ).toContainEqual(
    expect.stringMatching(/^\$\.options\.notify_no_data: warning: .*no-data alerts cannot be deployed with a custom schedule by provider 3\.82\.0/),
  );
});

describe('Webhook custom_headers', () => {
  test("a webhook with headers sends them as one JSON object string (never null); with an authHeader, the header holds the secret custom variable's reference", () => {
    row('datadog_webhook', 'custom_headers');
    const ops = sent('POST', /webhooks\/configuration\/webhooks$/, (b) => b.name === 'torq-ops')[0];
    expect(Object.keys(JSON.parse(text(ops.custom_headers))).sort()).toEqual(['X-Env', 'X-Team']);
    const torq = sent('POST', /webhooks\/configuration\/webhooks$/, (b) => b.name === 'torq')[0];
    const variable = sent('POST', /custom-variables$/)[0];
    expect(variable).toMatchObject({ is_secret: true });
    expect(JSON.parse(text(torq.custom_headers))).toEqual({ 'X-Torq-Token': `$${text(variable.name)}` });
  });
  test('payload and encode_as are always sent (Optional+Computed, always written)', () => {
    for (const w of sent('POST', /webhooks\/configuration\/webhooks$/)) {
      expect(typeof w.payload).toBe('string');
      expect(['json', 'form']).toContain(w.encode_as);
    }
  });
});

describe('Monitor types and variables', () => {
  test("a cost alert's variables are sent as cloud_cost queries; another monitor's as event queries with one compute object", () => {
    row('datadog_monitor', 'options.variables');
    expect(optionsOf(createdMonitor('[Torq] AWS cost up')).variables).toEqual([
      { data_source: 'cloud_cost', name: 'query1', query: 'sum:aws.cost.net.amortized{*}', aggregator: 'sum' },
    ]);
    const rum = (optionsOf(createdMonitor('[Torq] RUM errors')).variables as JsonObject[])[0];
    expect(rum).toMatchObject({ data_source: 'rum', name: 'query1', compute: { aggregation: 'count' }, search: { query: '@type:error' } });
  });
  test("type: a type after provider 3.82.0's list (llm-observability alert) fails at plan", async () => {
    row('datadog_monitor', 'type');
    const plan = await planWith((stack) => (stack.resource.datadog_monitor.monitor_tagged.type = 'llm-observability alert'));
    expect(plan.code).toBe(1);
    expect(`${plan.stdout}${plan.stderr}`).toMatch(/llm-observability alert/);
  });
  test('on a plan: query alert -> metric alert is no change (sameValues); another type, tags and scopes in another order, a new service account id', async () => {
    row('datadog_service_account_application_key', 'service_account_id');
    row('datadog_service_account_application_key', 'scopes');
    const plan = await planWith((stack) => {
      const monitors = stack.resource.datadog_monitor;
      monitors.monitor_tagged.type = 'metric alert';
      monitors.monitor_scheduled_errors.tags = [...monitors.monitor_scheduled_errors.tags].reverse();
      monitors.monitor_service_error_logs.type = 'event-v2 alert';
      const key = stack.resource.datadog_service_account_application_key.torq_application_key;
      key.scopes = [...key.scopes].reverse();
      key.service_account_id = '00000000-0000-0000-0000-00000000e2e2';
    });
    expect(plan.code).toBe(2);
    expect(Object.fromEntries(planActions(plan.stdout))).toEqual({
      'datadog_monitor.monitor_service_error_logs': 'must be replaced',
      'datadog_service_account_application_key.torq_application_key': 'must be replaced',
    });
  });
});

describe('Monitor options that 0, false or nothing do not mean', () => {
  test('every top-level option row: the create request holds what the table predicts from what synth wrote (sentMonitorOption)', () => {
    const monitors = deployment.stack(ORG).json().resource.datadog_monitor as Record<string, Record<string, unknown>>;
    const mismatches: string[] = [];
    for (const [id, resource] of Object.entries(monitors)) {
      const request = optionsOf(createdMonitor(unescapeTf(String(resource.name)), true));
      const attributes = attributeOptions(resource);
      for (const fact of SENT_OPTION_ROWS) {
        const name = fact.field.slice('options.'.length);
        const expected = sentMonitorOption(name, String(resource.type), attributes);
        const got = request[name];
        const norm = (v: unknown) => (typeof v === 'string' ? unescapeTf(v) : fact.set && Array.isArray(v) ? [...v].sort() : v);
        if (JSON.stringify(norm(expected)) !== JSON.stringify(norm(got)))
          mismatches.push(`${id} options.${name}: table ${JSON.stringify(expected)}, sent ${JSON.stringify(got)}`);
      }
    }
    expect(mismatches).toEqual([]);
    for (const fact of SENT_OPTION_ROWS) asserted.add(rowKey(fact));
  });
  test("require_full_window: synth writes Datadog's default, false, for a file without it (the provider would send its Default true)", () => {
    expect(optionsOf(createdMonitor('[Torq] Load high')).require_full_window).toBe(false);
    expect(optionsOf(createdMonitor('[Torq] Nightly runs missing')).require_full_window).toBe(false);
  });
  test("new_group_delay 0 is never sent; synth writes new_host_delay 0 so hosts get no delay either (also over a file's 600)", () => {
    const m = optionsOf(createdMonitor('[Torq] CPU high on {{host.name}}'));
    expect('new_group_delay' in m).toBe(false);
    expect(m.new_host_delay).toBe(0);
    expect(optionsOf(createdMonitor('[Torq] Memory low on {{host.name}}')).new_host_delay).toBe(0);
  });
  test('thresholds, threshold_windows and scheduling_options: each set value is sent, a custom schedule as its first recurrence', () => {
    row('datadog_monitor', 'options.thresholds');
    row('datadog_monitor', 'options.threshold_windows');
    row('datadog_monitor', 'options.scheduling_options');
    expect(optionsOf(createdMonitor('[Torq] Errors since the start of the day')).thresholds).toEqual({ critical: 100, warning: 50 });
    expect(optionsOf(createdMonitor('[Torq] Runs anomalous')).threshold_windows).toEqual({ trigger_window: 'last_15m', recovery_window: 'last_30m' });
    expect(optionsOf(createdMonitor('[Torq] Load high')).threshold_windows).toBeUndefined();
    expect(optionsOf(createdMonitor('[Torq] Nightly runs missing')).scheduling_options).toEqual({
      custom_schedule: { recurrences: [{ rrule: 'FREQ=DAILY;INTERVAL=1;BYHOUR=6;BYMINUTE=0', timezone: 'UTC' }] },
    });
  });
  test("rows sent 'never' (no attribute in 3.82.0): in a file, absent from the request, and validation warns at the file's path", () => {
    const files = fs.readdirSync(path.join(root, 'monitors')).map((f) => ({ f, m: JSON.parse(fs.readFileSync(path.join(root, 'monitors', f), 'utf8')) }));
    const findings = checkProject(root).findings.filter((x) => x.severity === 'warning');
    for (const fact of NEVER_ROWS) {
      const carrying = files.filter(({ m }) => valuesAt(m, fact.field).length > 0);
      expect([fact.field, carrying.length > 0]).toEqual([fact.field, true]);
      for (const { f, m } of carrying) {
        expect([fact.field, valuesAt(createdMonitor(m.name), fact.field)]).toEqual([fact.field, []]);
        const pattern = new RegExp(`^\\$\\.${fact.field.replace(/\./g, '\\.').replace('[]', '\\[\\d+\\]')}$`);
        expect([f, fact.field, findings.some((x) => x.file === `monitors/${f}` && pattern.test(x.path))]).toEqual([f, fact.field, true]);
      }
      asserted.add(rowKey(fact));
    }
  });
  test("tags: always the list (a monitor file without tags gets the org's; [] after a removal: changes.e2e.ts)", () => {
    row('datadog_monitor', 'tags');
    for (const m of sent('POST', /^\/api\/v1\/monitor$/)) expect(Array.isArray(m.tags)).toBe(true);
    expect(createdMonitor('[Torq] Nightly runs missing').tags).toEqual(['managed-by:torq-datadog-as-code', 'org:full']);
  });
  test('restricted_roles: omitted, null is sent (which removes live restrictions); named roles are sent as their ids', () => {
    row('datadog_monitor', 'restricted_roles');
    expect(createdMonitor('[Torq] Load high').restricted_roles).toBeNull();
    const standard = [...standin.state.access.roles.values()].find((r) => (r.attributes as JsonObject).name === 'Datadog Standard Role') as JsonObject;
    expect(createdMonitor('[Torq] CPU high on {{host.name}}').restricted_roles).toEqual([standard.id]);
  });
  test('priority: omitted, null is sent; draft_status: omitted, "published"', () => {
    row('datadog_monitor', 'priority');
    row('datadog_monitor', 'draft_status');
    expect(createdMonitor('[Torq] Nightly runs missing').priority).toBeNull();
    expect(createdMonitor('[Torq] Errors since the start of the day').priority).toBe(3);
    const monitors = Object.values<any>(deployment.stack(ORG).json().resource.datadog_monitor);
    const drafts = monitors.filter((m) => m.draft_status !== undefined);
    expect(drafts.length).toBeLessThan(monitors.length);
    for (const m of monitors)
      expect([m.name, createdMonitor(unescapeTf(m.name), true).draft_status]).toEqual([
        m.name,
        m.draft_status ?? providerFact('datadog_monitor', 'draft_status')?.schemaDefault,
      ]);
  });
});

describe('Service account and read-only dashboards', () => {
  test('datadog_service_account.roles is always sent, as role ids', () => {
    row('datadog_service_account', 'roles');
    const body = sent('POST', /^\/api\/v2\/service_accounts$/)[0] as any;
    expect(body.data.attributes).toMatchObject({ email: 'torq-full@example.com', name: 'Torq Full', service_account: true });
    expect(body.data.relationships.roles.data).toHaveLength(2);
  });
  test('a dashboard file with is_read_only true is sent as restricted_roles [the Datadog Admin Role id], without is_read_only; another is sent without it (read back as false: the plan after apply is empty)', () => {
    row('datadog_dashboard_json', 'is_read_only');
    const admin = [...standin.state.access.roles.values()].find((r) => (r.attributes as JsonObject).name === 'Datadog Admin Role') as JsonObject;
    const body = sent('POST', /^\/api\/v1\/dashboard$/, (b) => b.title === 'Torq read-only')[0];
    expect(body.restricted_roles).toEqual([admin.id]);
    expect('is_read_only' in body).toBe(false);
    const others = sent('POST', /^\/api\/v1\/dashboard$/, (b) => b.title !== 'Torq read-only');
    expect(others.length).toBeGreaterThan(0);
    for (const b of others) expect(b.is_read_only).toBeUndefined();
    expect(secondPlan?.code).toBe(0);
  });
});

describe('Roles by exact name', () => {
  test("when the role filter finds only another role, plan stops with the postcondition's message", async () => {
    const other = await startStandin();
    try {
      const d = synthInto(root, workDir('facts-roles'), other, [ORG]);
      for (const role of Object.values<any>(d.stack(ORG).json().data?.datadog_role ?? {})) {
        other.state.ui.addRole(role.filter === 'Torq Operators' ? 'Torq Operators (old)' : String(role.filter));
      }
      expect((await d.stack(ORG).init()).code).toBe(0);
      const plan = await d.stack(ORG).plan();
      expect(plan.code).toBe(1);
      expect(`${plan.stdout}${plan.stderr}`.replace(/\s+/g, ' ')).toContain('No Datadog role is named exactly "Torq Operators"');
    } finally {
      await other.close();
    }
  });
});

test('every row of src/datadog/providerFacts.ts (the table of docs/provider-facts.md) was asserted above', () => {
  expect(PROVIDER_FACTS.map(rowKey).filter((k) => !asserted.has(k))).toEqual([]);
});
