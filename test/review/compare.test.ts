/**
 * The review's judgement on small hand-written synth outputs (no git, no synth): routing,
 * loosened thresholds, replacements, deployment changes and secrets.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, parseReviewArgs } from '../../src/cli/review';
import { compareStacks } from '../../src/review/compare';
import { renderMarkdown } from '../../src/review/markdown';
import { mentions } from '../../src/review/monitor';
import type { StackJson, Stacks } from '../../src/review/stacks';
import { redact } from '../../src/review/text';

type Obj = Record<string, unknown>;

function monitor(overrides: Obj = {}): Obj {
  return {
    '//': { metadata: { path: 'example/monitors/m', uniqueId: 'monitor_m' } },
    name: '[Torq] Errors on {{service.name}}',
    type: 'query alert',
    query: 'avg(last_5m):avg:trace.http.request.errors{*} by {service} > 10',
    message: 'Errors are high.\n\n @webhook-torq',
    monitor_thresholds: { critical: '10', warning: '5' },
    notify_no_data: false,
    tags: ['integration:torq'],
    priority: '3',
    ...overrides,
  };
}

function stack(resources: Record<string, Record<string, Obj>>, extra: Partial<StackJson> = {}): StackJson {
  return {
    provider: { datadog: [{ api_url: 'https://api.datadoghq.com/', api_key: '${var.datadog_api_key_example}', app_key: '${var.datadog_app_key_example}' }] },
    terraform: { backend: { s3: { bucket: 'state', key: 'torq-datadog/example.tfstate', region: 'eu-west-1', use_lockfile: true } } },
    variable: { datadog_api_key_example: { sensitive: true }, datadog_app_key_example: { sensitive: true }, torq_webhook_url_example: { sensitive: true } },
    resource: {
      datadog_webhook: { webhook_torq: { name: 'torq', url: '${var.torq_webhook_url_example}', encode_as: 'json', payload: '{"body":"$EVENT_MSG"}' } },
      ...resources,
    },
    ...extra,
  };
}

const one = (s: StackJson): Stacks => new Map([['example', s]]);
const md = (base: StackJson, head: StackJson) => renderMarkdown(compareStacks(one(base), one(head)), { baseLabel: 'main', headLabel: 'pr' });
const attention = (base: StackJson, head: StackJson) => compareStacks(one(base), one(head)).attention.map((a) => `${a.kind}: ${a.message}`);

describe('mentions: who a message notifies, on which transitions', () => {
  test('unconditional, inside blocks, negated, else, nested; comments and glued mentions do not notify', () => {
    const text = [
      'Disk full. @slack-ops',
      '{{#is_alert}} @webhook-torq @pagerduty-sre{{/is_alert}}',
      '{{^is_warning}} @ops@example.com.{{else}} @teams-infra{{/is_warning}}',
      '{{#is_match "env" "prod"}}{{#is_recovery}} @webhook-torq{{/is_recovery}}{{/is_match}}',
      // A block tag renders nothing: after the space before it, @webhook-alert notifies on alert; glued to a word it does not.
      '{{!-- @webhook-old --}} {{#is_alert}}@webhook-alert{{/is_alert}} x{{#is_alert}}@webhook-glued{{/is_alert}}',
    ].join('\n');
    expect(Object.fromEntries(mentions(text))).toEqual({
      '@slack-ops': ['always'],
      '@webhook-torq': ['is_alert', 'is_match "env" "prod" and is_recovery'],
      '@pagerduty-sre': ['is_alert'],
      '@ops@example.com': ['not is_warning'],
      '@teams-infra': ['is_warning'],
      '@webhook-alert': ['is_alert'],
    });
  });
});

describe('needs attention', () => {
  test('thresholds: ">" raised and "<" lowered loosen; the opposite tightens; service checks count runs', () => {
    const gt = monitor();
    expect(
      attention(
        stack({ datadog_monitor: { monitor_m: gt } }),
        stack({ datadog_monitor: { monitor_m: monitor({ monitor_thresholds: { critical: '10', warning: '8' } }) } }),
      ),
    ).toEqual(['threshold-loosened: threshold loosened: warning raised from 5 to 8; the query alerts above it (`>`), so it now alerts later']);
    const lt = (c: string) => monitor({ query: `avg(last_5m):avg:system.mem.pct_usable{*} < ${c}`, monitor_thresholds: { critical: c } });
    expect(attention(stack({ datadog_monitor: { monitor_m: lt('0.2') } }), stack({ datadog_monitor: { monitor_m: lt('0.1') } }))).toEqual([
      'threshold-loosened: threshold loosened: critical lowered from 0.2 to 0.1; the query alerts below it (`<`), so it now alerts later',
    ]);
    expect(attention(stack({ datadog_monitor: { monitor_m: lt('0.1') } }), stack({ datadog_monitor: { monitor_m: lt('0.2') } }))).toEqual([]);
    const sc = (c: string) =>
      monitor({
        type: 'service check',
        query: '"torq.heartbeat".over("*").by("workflow").last(4).count_by_status()',
        monitor_thresholds: { critical: c, ok: '1' },
      });
    expect(attention(stack({ datadog_monitor: { monitor_m: sc('1') } }), stack({ datadog_monitor: { monitor_m: sc('3') } }))).toEqual([
      'threshold-loosened: threshold loosened: critical now needs 3 consecutive runs in that status instead of 1',
    ]);
    expect(
      attention(
        stack({ datadog_monitor: { monitor_m: monitor() } }),
        stack({ datadog_monitor: { monitor_m: monitor({ monitor_thresholds: { critical: '10' } }) } }),
      ),
    ).toEqual(['threshold-loosened: threshold loosened: the warning threshold (5) was removed, so the monitor never warns']);
  });

  test('the query threshold counts when monitor_thresholds has no critical; a comparator that flips is flagged', () => {
    const q = (op: string, n: number) =>
      monitor({ query: `events("sources:torq status:error").rollup("count").last("5m") ${op} ${n}`, monitor_thresholds: undefined });
    const one = (a: Obj, b: Obj) => attention(stack({ datadog_monitor: { monitor_m: a } }), stack({ datadog_monitor: { monitor_m: b } }));
    expect(one(q('>', 5), q('>', 10))).toEqual([
      'threshold-loosened: threshold loosened: critical raised from 5 to 10; the query alerts above it (`>`), so it now alerts later',
    ]);
    expect(one(q('>', 5), q('>=', 5))).toEqual([]);
    expect(one(q('>', 5), q('<', 5))).toEqual([
      "threshold-loosened: alert condition changed: the query's comparator went from `>` to `<`; check every threshold",
    ]);
  });

  test('a monitor type change re-creates it, except metric alert <-> query alert', () => {
    const base = stack({ datadog_monitor: { monitor_m: monitor() } });
    expect(attention(base, stack({ datadog_monitor: { monitor_m: monitor({ type: 'metric alert' }) } }))).toEqual([]);
    expect(attention(base, stack({ datadog_monitor: { monitor_m: monitor({ type: 'log alert' }) } }))[0]).toMatch(
      /^replaced: Terraform would destroy and re-create this monitor .*type changed from `query alert` to `log alert`/,
    );
  });

  test('deployment: a new backend, a new site, a new secret, a removed webhook still mentioned', () => {
    const base = stack({ datadog_monitor: { monitor_m: monitor() } });
    const head = stack(
      { datadog_monitor: { monitor_m: monitor() } },
      {
        terraform: { backend: { cloud: { organization: 'acme', workspaces: { name: 'torq-datadog-example' } } } },
        provider: { datadog: [{ api_url: 'https://api.datadoghq.eu/' }] },
        variable: { ...base.variable, torq_webhook_header_example: { sensitive: true } },
      },
    );
    head.resource!.datadog_webhook = {};
    const items = attention(base, head);
    expect(items).toEqual([
      expect.stringMatching(
        /^backend-changed: the state backend changed \(`s3 state\/torq-datadog\/example.tfstate` -> `cloud acme workspace torq-datadog-example`\): migrate the state/,
      ),
      expect.stringMatching(/^site-changed: the org's Datadog site changed \(`https:\/\/api.datadoghq.com\/` -> `https:\/\/api.datadoghq.eu\/`\)/),
      'webhook-removed: webhook `torq` would be deleted from Datadog, yet `monitor_m` still mentions `@webhook-torq` and would notify nothing',
      "new-secret: the deploy needs a new secret: `TF_VAR_torq_webhook_header_example` (set it in the org's deploy environment before merging)",
    ]);
  });
});

test("deployment: the site read from datadog_api_url_<org>'s default (the synthesized provider block); the URL variable is no new secret", () => {
  const viaVariable = (url: string) =>
    stack(
      { datadog_monitor: { monitor_m: monitor() } },
      {
        provider: { datadog: [{ api_url: '${var.datadog_api_url_example}' }] },
        variable: { ...stack({}).variable, datadog_api_url_example: { type: 'string', default: url } },
      },
    );
  expect(attention(viaVariable('https://api.datadoghq.com/'), viaVariable('https://api.datadoghq.com/'))).toEqual([]);
  expect(attention(viaVariable('https://api.datadoghq.com/'), viaVariable('https://api.datadoghq.eu/'))).toEqual([
    expect.stringMatching(/^site-changed: the org's Datadog site changed \(`https:\/\/api.datadoghq.com\/` -> `https:\/\/api.datadoghq.eu\/`\)/),
  ]);
  // A stack from before the variable: the literal URL and the variable's default are the same site.
  expect(attention(stack({ datadog_monitor: { monitor_m: monitor() } }), viaVariable('https://api.datadoghq.com/'))).toEqual([]);
});

describe('long values', () => {
  test('a long query changed at its end: the table cells show where it differs', () => {
    const long = (n: number) =>
      `sum(last_5m):${Array.from({ length: 12 }, (_, i) => `sum:app.requests.errors{service:svc-${i}}.as_count()`).join(' + ')} > ${n}`;
    const text = md(
      stack({ datadog_monitor: { monitor_m: monitor({ query: long(10) }) } }),
      stack({ datadog_monitor: { monitor_m: monitor({ query: long(20) }) } }),
    );
    const row = text.split('\n').find((l) => l.startsWith('| query |'))!;
    // The changed part is in bold within its context, whole numbers (`10`, not `1`).
    expect(row).toMatch(/\| `…[^`]*> ` \*\*`10`\*\* \| `…[^`]*> ` \*\*`20`\*\* \|$/);
    expect(row.length).toBeLessThan(400);
  });
});

describe('what Torq relies on', () => {
  test("deleting Torq's keys and narrowing its application key's scopes need attention", () => {
    const access = (scopes: string[]) => ({
      datadog_api_key: { torq_api_key: { name: 'Torq' } },
      datadog_service_account_application_key: {
        torq_application_key: { name: 'Torq', scopes, service_account_id: '${datadog_service_account.torq_service_account.id}' },
      },
    });
    const base = stack(access(['events_read', 'monitors_read', 'monitors_downtime']));
    expect(attention(base, stack(access(['events_read', 'monitors_read'])))).toEqual([
      "torq-contract: Torq's application key loses `monitors_downtime`: Torq steps that need it will be refused",
    ]);
    // A scope added widens what Torq may do (issue 21): in Needs attention too.
    expect(attention(base, stack(access(['events_read', 'monitors_read', 'monitors_downtime', 'metrics_read'])))).toEqual([
      "torq-power: Torq's application key gains `metrics_read`: Torq's workflows may do more in Datadog with it; check that they need it",
    ]);
    expect(attention(base, stack({}))).toEqual([
      "torq-contract: Torq's API key would be deleted from Datadog: Torq's Datadog steps that use it stop working until a new one is pasted into Torq",
      "torq-contract: Torq's application key would be deleted from Datadog: Torq's Datadog steps that use it stop working until a new one is pasted into Torq",
    ]);
  });
});

describe('messages', () => {
  test('the message diff keeps blank lines as written', () => {
    const text = md(
      stack({ datadog_monitor: { monitor_m: monitor({ message: 'Line one.\n\n\n\nLine two.\n\n @webhook-torq' }) } }),
      stack({ datadog_monitor: { monitor_m: monitor({ message: 'Line one.\n\n\n\nLine 2.\n\n @webhook-torq' }) } }),
    );
    expect(text).toContain('```diff\n  Line one.\n\n\n\n- Line two.\n+ Line 2.\n\n   @webhook-torq\n```');
  });
});

describe('dashboards', () => {
  const dash = (title: string, widgets: Obj[]) => ({ dashboard: JSON.stringify({ title, layout_type: 'ordered', widgets }) });
  const note = (content: string) => ({ definition: { type: 'note', content } });
  const stream = (query: string) => ({ definition: { type: 'event_stream', title: 'Torq events', query } });

  test('a renamed dashboard file is one rename with a moved block; widgets compare by title, untitled ones by type and position', () => {
    const base = stack({ datadog_dashboard_json: { dashboard_torq: dash('Torq', [stream('sources:torq'), note('a'), note('b')]) } });
    const renamed = stack({ datadog_dashboard_json: { dashboard_torq_ops: dash('Torq', [stream('sources:torq'), note('a'), note('b')]) } });
    const r = compareStacks(one(base), one(renamed));
    expect(r.orgs[0].dashboards).toEqual({ added: [], removed: [], changed: [] });
    expect(r.attention.map((a) => [a.kind, a.hcl])).toEqual([
      ['replaced', 'moved {\n  from = datadog_dashboard_json.dashboard_torq\n  to   = datadog_dashboard_json.dashboard_torq_ops\n}'],
    ]);
    expect(r.attention[0].message).toMatch(
      /^renamed `dashboards\/torq\.json` -> `dashboards\/torq_ops\.json`: Terraform would destroy and re-create the dashboard \(new id and URL\)/,
    );

    const edited = stack({ datadog_dashboard_json: { dashboard_torq: dash('Torq', [stream('sources:torq env:prod'), note('a'), note('B')]) } });
    const text = md(base, edited);
    expect(text).toContain('Widget `Torq events (event_stream)` changed:');
    expect(text).toContain('| `definition.query` | `"sources:torq"` | `"sources:torq env:prod"` |');
    expect(text).toContain('Widget `note #2` changed:');
    expect(compareStacks(one(base), one(edited)).attention).toEqual([]);
  });
});

describe('orgs', () => {
  const S3 = { terraform: { backend: { s3: { bucket: 'acme-tf-state', key: 'torq-datadog/legacy.tfstate', region: 'eu-west-1' } } } };
  test('an org file renamed (same site, same webhooks) is flagged: the new stack has empty state', () => {
    const s = stack({ datadog_monitor: { monitor_m: monitor() } }, S3);
    const review = compareStacks(new Map([['legacy', s]]), new Map([['prod', s]]));
    expect(review.orgs.map((o) => [o.org, o.status])).toEqual([
      ['legacy', 'removed'],
      ['prod', 'added'],
    ]);
    expect(review.attention.map((a) => `${a.org} ${a.kind}`)).toEqual(['legacy org-removed', 'legacy destroyed', 'prod new-org', 'prod org-renamed']);
    expect(review.attention[3].message).toMatch(/^`orgs\/legacy\.json` looks renamed to `orgs\/prod\.json` \(same site, same webhooks\)/);
    const eu = stack({}, { provider: { datadog: [{ api_url: 'https://api.datadoghq.eu/' }] } });
    expect(compareStacks(new Map([['legacy', s]]), new Map([['prod', eu]])).attention.map((a) => a.kind)).toEqual(['org-removed', 'destroyed', 'new-org']);
  });

  test("replacing an org CI never deployed (local state, nothing adopted: the template's example) is neither a removal nor a rename to worry about", () => {
    const local = stack({ datadog_monitor: { monitor_m: monitor() } }, { terraform: { backend: { local: { path: 'terraform.example.tfstate' } } } });
    const review = compareStacks(new Map([['example', local]]), new Map([['acme', stack({ datadog_monitor: { monitor_m: monitor() } }, S3)]]));
    expect(review.orgs.map((o) => [o.org, o.status])).toEqual([
      ['acme', 'added'],
      ['example', 'removed'],
    ]);
    expect(review.attention.map((a) => `${a.org} ${a.kind}`)).toEqual(['acme new-org']);
    // The same org, with remote state: it was deployable, so its removal is an item again.
    expect(compareStacks(new Map([['example', stack({ datadog_monitor: { monitor_m: monitor() } }, S3)]]), new Map()).attention.map((a) => a.kind)).toEqual([
      'org-removed',
      'destroyed',
    ]);
  });
});

describe('secrets and GitHub mentions', () => {
  test('webhook URLs and header values are shown as their variables; literal secrets are redacted everywhere', () => {
    const base = stack({ datadog_monitor: { monitor_m: monitor() } });
    const head = stack({
      datadog_monitor: {
        monitor_m: monitor({
          message: 'Call https://hooks.torq.io/v1/webhooks/0f8e2c1a-1111-2222-3333-444455556666 with key 0123456789abcdef0123456789abcdef\n\n @webhook-torq',
        }),
      },
      datadog_webhook: {
        webhook_torq: {
          name: 'torq',
          url: 'https://hooks.torq.io/v1/webhooks/0f8e2c1a-aaaa-bbbb-cccc-ddddeeeeffff',
          custom_headers: '{"X-Torq-Token":"$TORQ_TORQ_AUTH"}',
          encode_as: 'json',
          payload: '{"body":"$EVENT_MSG"}',
        },
      },
      datadog_webhook_custom_variable: { webhook_torq_auth_header: { name: 'TORQ_TORQ_AUTH', value: '${var.torq_webhook_header_example}', is_secret: true } },
    });
    const text = md(base, head);
    expect(text).not.toMatch(/0f8e2c1a|0123456789abcdef0123456789abcdef/);
    expect(text).toContain('https://hooks.torq.io/<redacted>');
    expect(text).toContain('| `url` | `"from variable torq_webhook_url_example"` | `"(a literal value, not shown)"` |');
    expect(text).toContain('`"headers X-Torq-Token (values not shown)"`');
    expect(text).toContain('`"from variable torq_webhook_header_example"`');
    expect(redact('key=abcdefabcdefabcdefabcdefabcdefabcdefabcd end')).toBe('key=<redacted> end');
  });

  test('every @-handle is inside code, so GitHub never pings a user or team', () => {
    const base = stack({ datadog_monitor: { monitor_m: monitor() } });
    const head = stack({
      datadog_monitor: {
        monitor_m: monitor({ message: 'Page @pagerduty-sre and @octocat <b>now</b>\n\n{{#is_alert}} @webhook-torq{{/is_alert}}' }),
        monitor_n: monitor({ name: 'New @team-x', message: '@slack-new @webhook-torq' }),
      },
    });
    const text = md(base, head);
    const outsideCode = text.replace(/```[\s\S]*?```/g, '').replace(/(`+)[\s\S]*?\1/g, '');
    expect(text).toContain('@octocat');
    expect(outsideCode).not.toContain('@');
    expect(outsideCode).not.toContain('<b>');
  });
});

describe('the command on two synth outputs (--base-outdir/--head-outdir)', () => {
  test('compares existing cdktf.out folders; refuses mixed or incomplete arguments', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-outdirs-'));
    const write = (side: string, s: StackJson) => {
      fs.mkdirSync(path.join(tmp, side, 'stacks/example'), { recursive: true });
      fs.writeFileSync(path.join(tmp, side, 'stacks/example/cdk.tf.json'), JSON.stringify(s));
    };
    write('base', stack({ datadog_monitor: { monitor_m: monitor() } }));
    write('head', stack({ datadog_monitor: { monitor_m: monitor({ message: 'Errors are high.' }) } }));
    const out = path.join(tmp, 'review.md');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--base-outdir', 'base', '--head-outdir', 'head', '--out', out, '--fail-on-attention'], tmp, {})).toBe(2);
      const text = fs.readFileSync(out, 'utf8');
      expect(text).toContain('## Datadog changes: `base` -> `head`');
      expect(text).toContain('stops notifying Torq');
      expect(await main(['--base-outdir', 'base', '--head-outdir', 'nowhere'], tmp, {})).toBe(1);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('no stacks/ folder; expected a synth output such as cdktf.out');
    } finally {
      stderr.mockRestore();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    expect(parseReviewArgs(['--base-outdir', 'a'], '/')).toMatch(/^--base-outdir and --head-outdir go together/);
    expect(parseReviewArgs(['--base', 'main', '--base-outdir', 'a', '--head-outdir', 'b'], '/')).toMatch(/^give either git refs/);
    expect(parseReviewArgs(['--base'], '/')).toMatch(/^--base needs a value/);
    expect(parseReviewArgs(['--bsae', 'main'], '/')).toMatch(/^unknown option "--bsae" \(did you mean "--base"\?\)/);
  });
});
