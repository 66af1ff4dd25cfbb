/**
 * What Terraform will do, from two hand-written synth outputs (no git, no synth): the provider's
 * force-new rules, imports, moves, the plan line, grouping of alike changes, and the size limit.
 */
import { compareStacks, planLine } from '../../src/review/compare';
import { renderMarkdown } from '../../src/review/markdown';
import { REPLACE_RULES } from '../../src/review/provider';
import type { StackJson, Stacks } from '../../src/review/stacks';

type Obj = Record<string, unknown>;

function monitor(overrides: Obj = {}): Obj {
  return {
    name: '[Torq] Errors on {{service.name}}',
    type: 'query alert',
    query: 'avg(last_5m):avg:trace.http.request.errors{*} by {service} > 10',
    message: 'Errors are high.\n\n @webhook-torq',
    monitor_thresholds: { critical: '10' },
    tags: ['integration:torq'],
    ...overrides,
  };
}

function stack(resources: Record<string, Record<string, Obj>>, extra: Partial<StackJson> = {}): StackJson {
  return {
    provider: { datadog: [{ api_url: 'https://api.datadoghq.com/' }] },
    terraform: { backend: { s3: { bucket: 'state', key: 'torq-datadog/example.tfstate', region: 'eu-west-1' } } },
    resource: { datadog_webhook: { webhook_torq: { name: 'torq', url: '${var.torq_webhook_url_example}' } }, ...resources },
    ...extra,
  };
}

const one = (s: StackJson): Stacks => new Map([['example', s]]);
const actions = (base: StackJson, head: StackJson) => compareStacks(one(base), one(head)).orgs[0].actions.map((a) => `${a.action} ${a.address}`);

describe("the provider's rules", () => {
  test('each rule names its source file in provider 3.82.0', () => {
    expect(REPLACE_RULES.map((r) => `${r.type}.${r.attribute}`)).toEqual([
      'datadog_monitor.type',
      'datadog_service_account_application_key.service_account_id',
    ]);
    for (const r of REPLACE_RULES) expect(r.source).toMatch(/^datadog\/.*\.go/);
  });

  test('metric alert <-> query alert is no change at all; another type change is a replace', () => {
    const q = stack({ datadog_monitor: { monitor_m: monitor() } });
    const m = stack({ datadog_monitor: { monitor_m: monitor({ type: 'metric alert' }) } });
    expect(actions(q, m)).toEqual([]);
    expect(compareStacks(one(q), one(m)).attention).toEqual([]);
    const logs = stack({
      datadog_monitor: { monitor_m: monitor({ type: 'log alert', query: 'logs("status:error").index("*").rollup("count").last("5m") > 10' }) },
    });
    expect(actions(q, logs)).toEqual(['replace datadog_monitor.monitor_m']);
  });

  test('set-typed attributes (providerFacts): tags in another order are no change; another tag is', () => {
    const ab = stack({ datadog_monitor: { monitor_m: monitor({ tags: ['a:1', 'b:2'] }) } });
    const ba = stack({ datadog_monitor: { monitor_m: monitor({ tags: ['b:2', 'a:1'] }) } });
    expect(actions(ab, ba)).toEqual([]);
    expect(actions(ab, stack({ datadog_monitor: { monitor_m: monitor({ tags: ['a:1', 'c:3'] }) } }))).toEqual(['update datadog_monitor.monitor_m']);
  });

  test('the application key is replaced when its service account is, or changes; updated in place otherwise', () => {
    const access = (sa: Obj, key: Obj) =>
      stack({
        datadog_service_account: { access_service_account: { email: 'torq@example.com', name: 'Torq', ...sa } },
        datadog_service_account_application_key: {
          access_application_key: { name: 'Torq', service_account_id: '${datadog_service_account.access_service_account.id}', ...key },
        },
      });
    expect(actions(access({}, {}), access({ name: 'Torq automation' }, {}))).toEqual(['update datadog_service_account.access_service_account']);
    expect(actions(access({}, {}), access({}, { name: 'Torq 2' }))).toEqual(['update datadog_service_account_application_key.access_application_key']);
    expect(actions(access({}, {}), access({}, { service_account_id: 'a-literal-id' }))).toEqual([
      'replace datadog_service_account_application_key.access_application_key',
    ]);
  });
});

describe('actions and the plan line', () => {
  test('import, create, update, replace, destroy and move, counted as plan counts them', () => {
    const base = stack({
      datadog_monitor: {
        monitor_a: monitor(),
        monitor_b: monitor({ name: 'b' }),
        monitor_c: monitor({
          name: 'c',
          type: 'service check',
          query: '"http.can_connect".over("*").by("url").last(3).count_by_status()',
          message: 'Down. @slack-ops',
        }),
        monitor_old: monitor({ name: 'old' }),
      },
    });
    const head = stack(
      {
        datadog_monitor: {
          monitor_a: monitor({ priority: '1' }),
          monitor_b: monitor({ name: 'b', type: 'log alert' }),
          monitor_new: monitor({ name: 'new' }),
          monitor_adopted: monitor({ name: 'adopted' }),
          monitor_renamed: monitor({ name: 'old' }),
        },
      },
      {
        import: [{ to: 'datadog_monitor.monitor_adopted', id: '12345' }],
        moved: [{ from: 'datadog_monitor.monitor_old', to: 'datadog_monitor.monitor_renamed' }],
      },
    );
    const review = compareStacks(one(base), one(head));
    expect(review.orgs[0].actions.map((a) => `${a.action} ${a.address}`)).toEqual([
      'update datadog_monitor.monitor_a',
      'import datadog_monitor.monitor_adopted',
      'replace datadog_monitor.monitor_b',
      'destroy datadog_monitor.monitor_c',
      'create datadog_monitor.monitor_new',
      'move datadog_monitor.monitor_renamed',
    ]);
    expect(planLine(review.orgs[0].actions)).toBe('1 to import, 1 to create, 1 to update, 1 to replace, 1 to destroy, 1 to move');
    expect(renderMarkdown(review, { baseLabel: 'main', headLabel: 'pr' })).toContain(
      '- **example**: 1 to import, 1 to create, 1 to update, 1 to replace, 1 to destroy, 1 to move · ',
    );
  });

  test('a monitor excluded by one org (still deployed by another) is named as excluded, not as deleted', () => {
    const both = stack({ datadog_monitor: { monitor_a: monitor() } });
    const none = stack({});
    const review = compareStacks(
      new Map([
        ['eu', both],
        ['us', both],
      ]),
      new Map([
        ['eu', none],
        ['us', both],
      ]),
    );
    expect(review.attention.map((a) => `${a.org} ${a.kind} ${a.address}`)).toEqual(['eu destroyed datadog_monitor.monitor_a']);
    expect(review.attention[0].message).toContain(
      "`monitors/a.json` is no longer selected by this org's `monitors.include`/`monitors.exclude` (still deployed by `us`)",
    );
  });
});

describe('alerts that fire later', () => {
  const change = (before: Obj, after: Obj) =>
    compareStacks(
      one(stack({ datadog_monitor: { monitor_m: monitor(before) } })),
      one(stack({ datadog_monitor: { monitor_m: monitor(after) } })),
    ).attention.map((a) => a.message);

  test('a longer window, an aggregation that needs more of the window, require_full_window turned on', () => {
    expect(change({}, { query: 'avg(last_1h):avg:trace.http.request.errors{*} by {service} > 10' })).toEqual([
      'alerts later: the evaluation window grew from `last_5m` to `last_1h`, so a problem must last longer (and shows up diluted) before the monitor alerts',
    ]);
    expect(change({}, { query: 'min(last_5m):avg:trace.http.request.errors{*} by {service} > 10' })).toEqual([
      'alerts later: the time aggregation changed from `avg` to `min`; with `>` it needs more of the window past the threshold before it alerts',
    ]);
    // The other way round alerts sooner: nothing to flag.
    expect(change({}, { query: 'max(last_5m):avg:trace.http.request.errors{*} by {service} > 10' })).toEqual([]);
    expect(change({}, { query: 'avg(last_1m):avg:trace.http.request.errors{*} by {service} > 10' })).toEqual([]);
    expect(change({ require_full_window: false }, { require_full_window: true })).toEqual([
      'alerts later: require_full_window turned on, so the monitor waits for a full window of data and stays silent on sparse metrics',
    ]);
    // Removing `false` turns it on too: the provider's default is true.
    expect(change({ require_full_window: false }, {})).toEqual([
      'alerts later: require_full_window turned on (removed: the provider defaults it to true), so the monitor waits for a full window of data and stays silent on sparse metrics',
    ]);
    expect(change({}, { require_full_window: true })).toEqual([]);
  });
});

describe('the Markdown', () => {
  const many = (n: number, edit: (i: number) => Obj) =>
    stack({
      datadog_monitor: Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`monitor_m${String(i).padStart(2, '0')}`, monitor({ name: `m${i}`, ...edit(i) })]),
      ),
    });

  test('30 monitors with the same change: one line, and one attention item listing them', () => {
    const base = many(30, () => ({}));
    const head = many(30, () => ({ tags: ['integration:torq', 'team:platform'], message: 'Errors are high.\n\n{{#is_alert}} @webhook-torq{{/is_alert}}' }));
    const text = renderMarkdown(compareStacks(one(base), one(head)), { baseLabel: 'main', headLabel: 'pr' });
    expect(text).toContain(
      '- 30 monitors: notifies `@webhook-torq (always)` → `@webhook-torq (is_alert)`; tag `team:platform` added; message: removed line ` @webhook-torq`, added line `{{#is_alert}} @webhook-torq{{/is_alert}}`',
    );
    expect(text).not.toContain('**`monitor_m00`**: ');
    const attention = text.slice(text.indexOf('### Needs attention'), text.indexOf('\n### ', text.indexOf('### Needs attention') + 1));
    expect(attention).toContain('### Needs attention (1)');
    expect(attention).toContain('30 resources (`datadog_monitor.monitor_m00`');
  });

  test('no empty rows: an empty list and an absent one are the same', () => {
    const dash = (d: Obj) =>
      stack({ datadog_dashboard_json: { dashboard_d: { dashboard: JSON.stringify({ title: 'D', layout_type: 'ordered', widgets: [], ...d }) } } });
    const review = compareStacks(one(dash({ template_variables: [] })), one(dash({})));
    expect(review.orgs[0].status).toBe('unchanged');
    const gen = compareStacks(
      one(stack({ datadog_webhook: { webhook_torq: { name: 'torq', custom_headers: {} } } })),
      one(stack({ datadog_webhook: { webhook_torq: { name: 'torq' } } })),
    );
    expect(renderMarkdown(gen, { baseLabel: 'a', headLabel: 'b' })).not.toContain('(empty)');
  });

  test('too long for a comment: details are shortened, every Needs attention item stays', () => {
    const base = many(60, () => ({}));
    const head = many(60, (i) => ({
      query: `avg(last_5m):avg:trace.http.request.errors{service:s${i}} by {service} > ${20 + i}`,
      monitor_thresholds: { critical: String(20 + i) },
      message: `Errors on service ${i} are high: ${'details '.repeat(40)}\n\n @webhook-torq`,
    }));
    const review = compareStacks(one(base), one(head));
    expect(review.attention).toHaveLength(60);
    const full = renderMarkdown(review, { baseLabel: 'main', headLabel: 'pr', maxChars: 0 });
    const short = renderMarkdown(review, { baseLabel: 'main', headLabel: 'pr', maxChars: 15000 });
    expect(full.length).toBeGreaterThan(15000);
    expect(short.length).toBeLessThanOrEqual(15000);
    expect(short).toContain(
      '_Cut to fit a pull-request comment: the full definitions, message diffs and field tables. Every item that needs attention is listed.',
    );
    for (let i = 0; i < 60; i++) expect(short).toContain(`critical raised from 10 to ${20 + i};`);
  });
});
