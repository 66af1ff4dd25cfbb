/**
 * The Torq-aware drift report, one kind of drift at a time (issue 22, items 2 to 4): what lands
 * under Needs attention, with its two ways out, and what is only listed.
 */
import { parsePlan } from '../../src/drift/plan';
import { driftReport } from '../../src/drift/report';
import { CANARIES, driftOf, fixture, PlanDoc } from './helpers';

const report = (doc: PlanDoc, org = 'example') => driftReport(parsePlan(doc, 'plan.json'), org, { maxChars: 0 });

/** The Needs attention lines of a report (empty when there is no such section). */
function attention(markdown: string): string[] {
  const m = /### Needs attention \(\d+\)\n\n([\s\S]*?)\n\n###/.exec(markdown);
  return m ? m[1].split('\n').filter((l) => l.startsWith('- ')) : [];
}

const KEEP_CODE = 'keep the code: the next deploy (a merge to main, or `npx cdktf deploy example`) reverts it';

test('a routed monitor that lost its @webhook-torq mention: attention, with the command that keeps it and the deploy that reverts it', () => {
  const r = report(driftOf('datadog_monitor.monitor_agent_down'));
  expect(r.drifted).toBe(1);
  const items = attention(r.markdown);
  expect(items).toHaveLength(1);
  expect(items[0]).toContain('`datadog_monitor.monitor_agent_down`: stops notifying Torq: the message no longer mentions `@webhook-torq`');
  expect(items[0]).toContain('Keep the live value: `npm run org:import -- example --monitors id:41000002` writes it into the code, as adoption does');
  expect(items[0]).toContain(KEEP_CODE);
  // The details show the routing and the message, old and new.
  expect(r.markdown).toContain('| notifies | `@webhook-torq (always)` | `@slack-secops-alerts (always)` |');
  expect(r.markdown).toContain('-  @webhook-torq\n+  @slack-secops-alerts');
});

test('the webhook names come from the state, else the configuration, else the default `torq`', () => {
  const doc = driftOf('datadog_monitor.monitor_agent_down');
  const stripped = { ...doc, prior_state: { format_version: '1.0', values: { root_module: {} } } };
  expect(attention(report(stripped).markdown)[0]).toContain('stops notifying Torq');
  const bare = {
    ...stripped,
    configuration: { root_module: { variables: (doc.configuration as { root_module: { variables: unknown } }).root_module.variables } },
  };
  expect(attention(report(bare).markdown)[0]).toContain('stops notifying Torq');
});

test('routing narrowed to fewer transitions', () => {
  const [item] = attention(report(driftOf('datadog_monitor.monitor_disk_space_low')).markdown);
  expect(item).toContain(
    'notifies Torq on fewer transitions: Torq no longer hears of its recoveries, warnings (before `is_alert`, `is_recovery`, `is_warning`, after `is_alert`); it still hears of its alerts',
  );
  expect(item).toContain('--monitors id:41000004');
});

test('a threshold loosened in the UI', () => {
  const r = report(driftOf('datadog_monitor.monitor_host_cpu_high'));
  const [item] = attention(r.markdown);
  expect(item).toContain('threshold loosened: critical raised from 90 to 97; the query alerts above it (`>`), so it now alerts later');
  expect(r.markdown).toContain('| threshold critical | `90` | `97` |');
});

test('a managed monitor deleted live: both ways out (keep it deleted, or the deploy re-creates it)', () => {
  const r = report(driftOf('datadog_monitor.monitor_k8s_crashloop'));
  const [item] = attention(r.markdown);
  expect(item).toContain('Torq-routed monitor `[Torq] Pod crash-looping: {{pod_name.name}} in {{kube_namespace.name}}` (id 41000007) was deleted in Datadog');
  expect(item).toContain('Keep it deleted: add `k8s_crashloop` to `monitors.exclude` in orgs/example.json');
  expect(item).toContain('re-creates it (with a new id');
});

test('a monitor set to draft', () => {
  const [item] = attention(report(driftOf('datadog_monitor.monitor_service_error_logs')).markdown);
  expect(item).toContain(
    '(id 41000009) was set to draft in Datadog: a draft monitor sends no notification, so Torq (and everyone it notifies) hears nothing from it',
  );
  // Said once: drift's words supersede the review comparer's own draft item.
  expect(item).not.toContain('set to draft (`draft_status`');
  expect(item).toContain('--monitors id:41000009');
});

test('the webhook: URL changed (never shown), headers added (names only), payload keys dropped', () => {
  const r = report(driftOf('datadog_webhook.webhook_torq'));
  const [item] = attention(r.markdown);
  expect(item).toContain('webhook `torq`: its URL was changed in Datadog (value not shown)');
  expect(item).toContain('webhook `torq` now sends the header `Authorization` to Torq (value not shown)');
  expect(item.indexOf('its URL was changed')).toBeLessThan(item.indexOf('no longer sends'));
  expect(item).toContain('webhook `torq` no longer sends `metadata.ALERT_ID`, `metadata.TAGS` in its payload: Torq workflows that read them get nothing');
  expect(item).toContain('webhook `torq` now also sends `metadata.EXTRA` (`"$EVENT_TYPE"`) in its payload');
  expect(item).toContain(
    "the GitHub environment `example`'s secrets (TORQ_WEBHOOK_URL; TORQ_WEBHOOK_HEADER for an `authHeader`, TORQ_WEBHOOK_HEADER_<WEBHOOK>_<HEADER> for each of `headers`",
  );
  expect(r.markdown).toContain('| `url` | `"(sensitive)"` | `"(sensitive, changed)"` |');
  expect(r.markdown).toContain('| `custom_headers.Authorization` | — | `"(sensitive, changed)"` |');
});

test("the webhook: a header's value changed under the same name, or every header removed", () => {
  const doc = driftOf('datadog_webhook.webhook_torq');
  const change = doc.resource_drift![0].change as Record<string, Record<string, unknown>>;
  change.before = { ...change.before, custom_headers: '{"Authorization":"Bearer CANARY_OLD_HEADER"}', url: change.after.url, payload: change.after.payload };
  const revalued = report(doc);
  const [item] = attention(revalued.markdown);
  expect(item).toContain('webhook `torq`: the value of its header `Authorization` was changed in Datadog (not shown)');
  expect(revalued.markdown).toContain('| `custom_headers.Authorization` | `"(sensitive)"` | `"(sensitive, changed)"` |');
  change.after = { ...change.after, custom_headers: null };
  const removed = report(doc);
  expect(attention(removed.markdown)[0]).toContain(
    'webhook `torq`: its custom headers `Authorization` were removed in Datadog: a Torq trigger that requires them refuses every alert',
  );
  for (const r of [revalued, removed]) expect(r.markdown).not.toMatch(/CANARY/);
});

test("Torq's keys and service account: deleted, rotated, scopes lost, disabled", () => {
  const r = report(
    driftOf('datadog_api_key.torq_api_key', 'datadog_service_account_application_key.torq_application_key', 'datadog_service_account.torq_service_account'),
  );
  const items = attention(r.markdown);
  expect(items).toHaveLength(3);
  expect(items[0]).toContain("`datadog_api_key.torq_api_key`: Torq's API key was deleted in Datadog: Torq's Datadog steps that use it fail. Keep the code:");
  expect(items[0]).toContain("paste the new key into Torq's Datadog integration");
  expect(items.join('\n')).toContain("Torq's service account was changed in Datadog: it was disabled: its application keys stop working");
  expect(items.join('\n')).toContain("Torq's application key loses `monitors_downtime`: Torq steps that need it will be refused");
  expect(items.join('\n')).toContain(
    "Torq's application key was changed in Datadog: its key value changed (rotated or re-created; value not shown): unless the new key was pasted into Torq, Torq's Datadog steps that use it fail",
  );
  // A deploy sends no key value: the way out of a rotation is Torq's copy, and the deploy still reverts the scopes.
  expect(items.join('\n')).toContain('the next deploy records it in the state and reverts its `scopes`');
  expect(items.join('\n')).not.toMatch(/torq_application_key`: [^\n]*Keep the live value: change orgs/);
});

test('cosmetic drift (a name edit, tags added in the UI) is listed, not flagged', () => {
  const r = report(driftOf('datadog_monitor.monitor_k8s_warning_events'));
  expect(r.drifted).toBe(1);
  expect(r.attention).toBe(0);
  expect(r.markdown).not.toContain('Needs attention');
  expect(r.markdown).toContain(
    '| name | `[Torq] Kubernetes warning events in {{kube_namespace.name}}` | `[Torq] K8s warning events in {{kube_namespace.name}}` |',
  );
  expect(r.markdown).toMatch(/tags \(2 added\)/);
});

test('the whole drift fixture: every kind at once, the riskiest first', () => {
  const r = report(fixture('drift.json'));
  expect(r.drifted).toBe(10);
  const items = attention(r.markdown);
  expect(items).toHaveLength(9);
  expect(items[0]).toContain('was deleted in Datadog: the Torq workflow');
  expect(items[items.length - 1]).toContain('threshold loosened');
});

test("a clean plan: no drift, said in the review's format", () => {
  const r = report(fixture('clean.json'));
  expect([r.drifted, r.attention]).toEqual([0, 0]);
  expect(r.markdown).toBe(
    '## Datadog changes: `Terraform state` -> `Datadog at 2026-12-02T06:00:12Z`\n\nNo drift: Datadog matches the Terraform state of org `example`, for every resource the state manages.\n',
  );
});

test('the summary line counts what changed and what was deleted outside Terraform; deleted resources are said to be re-created by a deploy', () => {
  const r = report(fixture('drift.json'));
  expect(r.markdown).toContain('- **example**: 8 changed outside Terraform, 2 deleted outside Terraform · monitors: 1 removed, 5 changed (2 routing changes)');
  expect(r.markdown).toContain('Deleted in Datadog, not by Terraform: the next deploy re-creates them');
  expect(r.markdown).not.toMatch(/Terraform deletes these|to import|to destroy/);
  expect(r.changes.map((c) => c.action)).toEqual(expect.arrayContaining(['changed-outside', 'deleted-outside']));
});

test('sensitive values never appear: not the URL, header, keys, a tag marked sensitive, nor the variables', () => {
  const r = report(fixture('drift.json'));
  for (const c of CANARIES) expect({ canary: c, found: r.markdown.includes(c) }).toEqual({ canary: c, found: false });
  for (const s of ['monitor_k8s_warning_events', 'webhook_torq']) expect(r.markdown).toContain(s);
  expect(r.markdown).toContain('(sensitive, changed)');
});

test('any attribute the plan marks sensitive is masked, even one the report does not know', () => {
  const doc = driftOf('datadog_monitor.monitor_host_cpu_high');
  const change = doc.resource_drift![0].change as Record<string, unknown>;
  (change.after as Record<string, unknown>).query = 'avg(last_10m):avg:system.cpu.user{secret:CANARY_QUERY_SECRET} by {host} > 97';
  change.before_sensitive = { query: true };
  const r = report(doc);
  expect(r.markdown).not.toContain('CANARY_QUERY_SECRET');
  expect(r.markdown).toContain('| query | `(sensitive)` | `(sensitive, changed)` |');
});

describe("Torq's health monitor", () => {
  /** A drift entry of the health monitor, from the clean plan's state, with `live` applied to Datadog's side. */
  function healthDrift(live: (v: Record<string, unknown>) => Record<string, unknown> | null): PlanDoc {
    const doc = fixture('clean.json');
    const state = (doc.prior_state as { values: { root_module: { resources: Record<string, unknown>[] } } }).values.root_module.resources;
    const r = state.find((x) => x.address === 'datadog_monitor.health_torq_heartbeat')!;
    const before = r.values as Record<string, unknown>;
    const after = live(JSON.parse(JSON.stringify(before)) as Record<string, unknown>);
    const change = {
      actions: [after ? 'update' : 'delete'],
      before,
      after,
      after_unknown: {},
      before_sensitive: r.sensitive_values,
      after_sensitive: after ? r.sensitive_values : false,
    };
    doc.resource_drift = [{ address: r.address, mode: 'managed', type: r.type, name: r.name, provider_name: r.provider_name, change }];
    return doc;
  }

  test('its notification removed in the UI: nobody hears when Torq stops reporting (the comparer says it)', () => {
    const [item] = attention(report(healthDrift((v) => ({ ...v, message: String(v.message).replace('@slack-secops-alerts', '') }))).markdown);
    expect(item).toContain("Torq's health monitor no longer notifies anyone (was `@slack-secops-alerts`)");
    expect(item).toContain('Keep the live value: change service_checks.json or `health` in orgs/example.json to match');
  });

  test('deleted in Datadog', () => {
    const [item] = attention(report(healthDrift(() => null)).markdown);
    expect(item).toContain("Torq's health monitor `[Torq] Heartbeat` (id 41000001) was deleted in Datadog: if Torq stops reporting, nobody hears about it");
    expect(item).toContain('remove its check from service_checks.json');
  });
});
