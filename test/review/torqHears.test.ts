/**
 * Every way Torq stops hearing from a monitor, and the other cases a reviewer must not miss
 * (issue 28), each on two synth outputs of the four-org fixture project (test/fixtures/review/four-orgs):
 * the review command's own function on `--base-outdir`/`--head-outdir`, asserting on the Markdown
 * a reviewer reads and on the exit code of --fail-on-attention.
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareStacks } from '../../src/review/compare';
import { renderMarkdown } from '../../src/review/markdown';
import type { Stacks } from '../../src/review/stacks';
import { copyFixture, editJson, reviewEdit, synthStacks } from './synthPair';

const OTHERS = ['prod-eu', 'prod-us', 'staging'];
const lines = (attention: string, needle: string) => attention.split('\n').filter((l) => l.includes(needle));

describe('Torq stops hearing from a monitor', () => {
  test('a monitor set to draft in one org: Needs attention, and --fail-on-attention exits 2', async () => {
    const { result, attention } = await reviewEdit((dir) =>
      editJson(dir, 'orgs/dev.json', (o) => {
        o.monitors.overrides = { host_cpu_high: { draftStatus: 'draft' } };
      }),
    );
    expect(lines(attention, 'monitor_host_cpu_high')).toEqual([
      "- **dev** · `datadog_monitor.monitor_host_cpu_high`: set to draft (`draft_status` `draft`): a draft monitor sends no notifications (provider 3.82.0, datadog/resource_datadog_monitor.go, `draft_status`), so Torq's workflows behind `@webhook-torq` stop receiving its alerts",
    ]);
    expect(result.review.attention.map((a) => a.kind)).toEqual(['stops-notifying-torq']);
    expect(result.exitCode).toBe(2);
  });

  test("every monitor re-routed to another webhook: one item, Torq's workflows behind `torq` stop receiving them", async () => {
    const { result, attention } = await reviewEdit((dir) =>
      editJson(dir, 'orgs/dev.json', (o) => {
        o.webhooks.push({ name: 'torq-sandbox' });
        o.monitors.webhook = 'torq-sandbox';
      }),
    );
    const rerouted = lines(attention, 're-routed');
    expect(rerouted).toHaveLength(1);
    expect(rerouted[0]).toMatch(
      /^- \*\*dev\*\* · 5 resources \(`datadog_monitor.monitor_agent_down`, .*\): re-routed: Torq's workflows behind `@webhook-torq` stop receiving this monitor; it now notifies `@webhook-torq-sandbox`, which is not the webhook Torq's workflows listen on$/,
    );
    expect(attention).toContain('the deploy needs a new secret: `TF_VAR_torq_webhook_url_dev_torq_sandbox`');
    expect(result.exitCode).toBe(2);
  });

  test('notifyOn narrowed: what Torq loses (recoveries), not what remains', async () => {
    const { attention } = await reviewEdit((dir) =>
      editJson(dir, 'orgs/dev.json', (o) => {
        o.monitors.overrides = { k8s_crashloop: { notifyOn: ['alert'] } };
      }),
    );
    expect(lines(attention, 'monitor_k8s_crashloop')).toEqual([
      '- **dev** · `datadog_monitor.monitor_k8s_crashloop`: notifies Torq on fewer transitions: Torq no longer hears of its recoveries (before `always`, after `is_alert`); it still hears of its alerts',
    ]);
  });

  test('notifyOn ["warning"] on a monitor without a warning threshold: Torq is never notified', async () => {
    const { attention } = await reviewEdit((dir) =>
      editJson(dir, 'orgs/dev.json', (o) => {
        o.monitors.overrides = { k8s_crashloop: { notifyOn: ['warning'] } };
      }),
    );
    expect(lines(attention, 'monitor_k8s_crashloop')).toEqual([
      expect.stringContaining(
        '`datadog_monitor.monitor_k8s_crashloop`: never notifies Torq: it mentions `@webhook-torq` only on warnings, which this monitor never has (no warning threshold)',
      ),
    ]);
  });

  test('a Torq URL or a key in a message (one synth refuses, so pasted into the synthesized JSON): flagged and redacted', () => {
    const url = 'https://hooks.torq.io/v1/webhooks/6f1c2d3e-1111-2222-3333-444455556666';
    const base = synthStacks(copyFixture());
    const head: Stacks = new Map([...base].map(([org, s]) => [org, JSON.parse(JSON.stringify(s))]));
    for (const s of head.values())
      (s.resource!.datadog_monitor.monitor_k8s_crashloop as { message: string }).message += `\nTorq: ${url} key 0123456789abcdef0123456789abcdef`;
    const review = compareStacks(base, head);
    expect(review.attention.map((a) => `${a.org} ${a.kind}`)).toEqual([
      'dev secret-in-message',
      'prod-eu secret-in-message',
      'prod-us secret-in-message',
      'staging secret-in-message',
    ]);
    const md = renderMarkdown(review, { baseLabel: 'main', headLabel: 'pr', maxChars: 0 });
    expect(md).toContain(
      "- **dev, prod-eu, prod-us, staging** · `datadog_monitor.monitor_k8s_crashloop`: its message holds a Torq trigger URL and a 32-hex key (an API key) (redacted here): Datadog shows a monitor's message to everyone who can read monitors",
    );
    expect(md).not.toContain('6f1c2d3e-1111');
    expect(md).not.toContain('0123456789abcdef0123456789abcdef');
  });
});

describe('no change to Terraform, no change in the review', () => {
  test("set-typed attributes reordered (a monitor's tags, the app key's scopes): no update in any org", async () => {
    const { result } = await reviewEdit(
      (dir) => {
        editJson(dir, 'monitors/host_cpu_high.json', (m) => m.tags.reverse());
        editJson(dir, 'orgs/prod-us.json', (o) => {
          o.keys.scopes = o.keys.scopes ? [...o.keys.scopes].reverse() : undefined;
        });
      },
      { dir: prepared((dir) => editJson(dir, 'orgs/prod-us.json', (o) => (o.keys.scopes = ['monitors_read', 'events_read', 'monitors_write']))) },
    );
    expect(result.review.orgs.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(result.markdown).toContain('No changes: the 4 orgs');
    expect(result.exitCode).toBe(0);
  });

  test('`query alert` -> `metric alert` (the provider suppresses it): no changed monitor', async () => {
    const { result } = await reviewEdit((dir) => editJson(dir, 'monitors/host_cpu_high.json', (m) => (m.type = 'metric alert')));
    expect(result.review.orgs.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });
});

describe('renames and moves', () => {
  test("a renamed service check: the advice works, and Torq's heartbeat workflow must send the new name", async () => {
    const rename = (dir: string) => editJson(dir, 'service_checks.json', (s) => (s[0].check = 'torq.workflow.heartbeat'));
    const { attention } = await reviewEdit(rename);
    const items = lines(attention, 'health_torq_workflow_heartbeat').filter((l) => l.startsWith('- '));
    expect(items.join('\n')).not.toContain('`service_checks.json` -> `service_checks.json`');
    expect(items).toEqual([
      expect.stringContaining(
        'renamed service check `torq.heartbeat` -> `torq.workflow.heartbeat` (`service_checks.json`): Terraform would destroy and re-create Torq\'s health monitor (new id, lost history and mutes); record the rename in `moved.json` (add `{"serviceChecks":{"torq.heartbeat":"torq.workflow.heartbeat"}}`)',
      ),
      expect.stringContaining(
        "service check `torq.heartbeat` renamed to `torq.workflow.heartbeat`: Torq's heartbeat workflow must now send `torq.workflow.heartbeat` (its Datadog step that submits the check), since Torq's health monitor watches only the new name; until it does, the health monitor sees no data and alerts on it",
      ),
    ]);
    expect(items[0]).toContain('**dev, prod-eu, prod-us, staging**');
    expect(attention).toContain('to   = datadog_monitor.health_torq_workflow_heartbeat');
    // The advice, followed: synth accepts moved.json's entry, nothing is re-created, and the workflow item stays.
    const followed = await reviewEdit((dir) => {
      rename(dir);
      fs.writeFileSync(path.join(dir, 'moved.json'), JSON.stringify({ serviceChecks: { 'torq.heartbeat': 'torq.workflow.heartbeat' } }));
    });
    expect(followed.result.review.orgs.map((o) => o.actions.filter((a) => a.address.startsWith('datadog_monitor.health_')).map((a) => a.action))).toEqual([
      ['move'],
      ['move'],
      ['move'],
      ['move'],
    ]);
    expect(followed.result.review.attention.map((a) => a.kind)).toEqual(['torq-contract', 'torq-contract', 'torq-contract', 'torq-contract']);
    expect(followed.attention).toContain("Torq's heartbeat workflow must now send `torq.workflow.heartbeat`");
  });

  test("a catalog monitor moved into one org's own folder: one item for every other org, not blaming include/exclude", async () => {
    const { result, attention } = await reviewEdit((dir) => {
      fs.mkdirSync(path.join(dir, 'orgs/dev/monitors'), { recursive: true });
      fs.renameSync(path.join(dir, 'monitors/k8s_crashloop.json'), path.join(dir, 'orgs/dev/monitors/k8s_crashloop.json'));
    });
    const items = lines(attention, 'monitor_k8s_crashloop');
    expect(items).toHaveLength(1);
    expect(items[0]).toContain(`**${OTHERS.join(', ')}**`);
    expect(items[0]).toContain('`monitors/k8s_crashloop.json` moved to `orgs/dev/monitors/k8s_crashloop.json`, which only `dev` deploys');
    expect(items[0]).not.toContain('include');
    expect(result.review.orgs.find((o) => o.org === 'dev')?.status).toBe('unchanged');
  });
});

describe('dashboards and orgs', () => {
  test('a dashboard destroyed in one org is under Needs attention; a template variable is shown by its name', async () => {
    const { result, attention } = await reviewEdit((dir) => {
      editJson(dir, 'orgs/staging.json', (o) => (o.dashboards = { exclude: ['torq_runbook'] }));
    });
    expect(lines(attention, 'dashboard_torq_runbook')).toEqual([
      "- **staging** · `datadog_dashboard_json.dashboard_torq_runbook`: dashboard `Torq runbook` will be deleted from Datadog: `dashboards/torq_runbook.json` is no longer selected by this org's `dashboards.include`/`dashboards.exclude` (still deployed by `dev`, `prod-eu`, `prod-us`). Its URL stops working, and the people and screens that use it lose it",
    ]);
    expect(result.exitCode).toBe(2);
    const vars = await reviewEdit(
      (dir) => editJson(dir, 'dashboards/torq_runbook.json', (d) => (d.template_variables = [{ name: 'env', prefix: 'env', default: 'staging' }])),
      {
        dir: prepared((dir) =>
          editJson(dir, 'dashboards/torq_runbook.json', (d) => (d.template_variables = [{ name: 'env', prefix: 'env', default: 'prod' }])),
        ),
      },
    );
    expect(vars.result.markdown).toContain('| `template_variables.env.default` | `"prod"` | `"staging"` |');
    expect(vars.result.markdown).not.toContain('template_variables[0]');
  });

  test('an org removed with keys.create false: no keys said to leave', async () => {
    const { result } = await reviewEdit((dir) => fs.rmSync(path.join(dir, 'orgs/dev.json')));
    const line = result.markdown.split('\n').find((l) => l.startsWith('- **dev**'));
    expect(line).toBe("- **dev**: org removed: its 5 monitors, 1 health monitor, 1 dashboard and 1 webhook resource leave this package's control");
    expect(result.markdown).not.toMatch(/keys (stay|leave)/);
  });
});

/** A copy of the fixture with an edit made before the base synth. */
function prepared(edit: (dir: string) => void): string {
  const dir = copyFixture();
  edit(dir);
  return dir;
}
