/**
 * The review end to end: small git repositories of the package, a base commit, a change in the
 * working tree (or a second commit), and the Markdown a reviewer would read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, review, ReviewResult } from '../../src/cli/review';
import { commitAll, copyProject, editJson, git, makeRepo, removeRepos, writeJson } from './gitRepo';

jest.setTimeout(60000);

afterAll(removeRepos);

/** The environment CI gives: the review must work with CI set (it never deploys). */
const CI_ENV = { ...process.env, CI: 'true' };

function run(dir: string, extra: { head?: string; base?: string; failOnAttention?: boolean } = {}): Promise<ReviewResult> {
  return review({ root: dir, base: extra.base ?? 'HEAD', head: extra.head, failOnAttention: extra.failOnAttention ?? false }, CI_ENV);
}

const NEW_MONITOR = {
  name: '[Torq] Queue backlog on {{queue.name}}',
  type: 'query alert',
  query: 'avg(last_15m):avg:rabbitmq.queue.messages{*} by {queue} > 5000',
  message: '{{#is_alert}}Queue {{queue.name}} holds {{value}} messages.{{/is_alert}}',
  tags: ['integration:torq'],
  priority: 3,
  options: { thresholds: { critical: 5000, warning: 2000 }, notify_no_data: false },
};

describe('review of a pull request', () => {
  test('nothing changed: "No changes", exit 0, and the temporary worktree is gone', async () => {
    const dir = makeRepo();
    const r = await run(dir);
    expect(r.markdown).toContain('No changes');
    expect(r.review.attention).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  });

  test('a monitor added: name, type, query, thresholds and who it notifies', async () => {
    const dir = makeRepo();
    writeJson(dir, 'monitors/queue_backlog.json', NEW_MONITOR);
    const r = await run(dir);
    const md = r.markdown;
    expect(md).toContain('- **example**: 0 to import, 1 to create, 0 to update, 0 to replace, 0 to destroy · monitors: 1 added');
    expect(md).toContain('#### Monitors added (1)');
    expect(md).toContain('**`monitor_queue_backlog`** (`monitors/queue_backlog.json`): `[Torq] Queue backlog on {{queue.name}}`');
    expect(md).toContain('query `avg(last_15m):avg:rabbitmq.queue.messages{*} by {queue} > 5000`');
    expect(md).toContain('thresholds: critical 5000, warning 2000');
    expect(md).toContain('notifies: `@webhook-torq` (always)');
    expect(r.review.attention).toEqual([]);
  });

  test('a monitor removed is listed with what it did', async () => {
    const dir = makeRepo();
    fs.rmSync(path.join(dir, 'monitors/k8s_crashloop.json'));
    const r = await run(dir);
    expect(r.markdown).toContain('- **example**: 0 to import, 0 to create, 0 to update, 0 to replace, 1 to destroy · monitors: 1 removed');
    expect(r.markdown).toContain('#### Monitors removed (1)');
    expect(r.markdown).toMatch(/\*\*`monitor_k8s_crashloop`\*\* \(`monitors\/k8s_crashloop.json`\): `\[Torq\] Pod crash-looping/);
  });

  test('a threshold raised on a ">" query needs attention; --fail-on-attention exits 2', async () => {
    const dir = makeRepo();
    editJson(dir, 'monitors/host_cpu_high.json', (m) => {
      m.query = m.query.replace('> 90', '> 97');
      m.options.thresholds.critical = 97;
    });
    const r = await run(dir, { failOnAttention: true });
    expect(r.markdown).toContain('| threshold critical | `90` | `97` |');
    expect(r.markdown).toContain('| query | `avg(last_10m):avg:system.cpu.user{*} by {host} > 90` | `avg(last_10m):avg:system.cpu.user{*} by {host} > 97` |');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([['threshold-loosened', 'datadog_monitor.monitor_host_cpu_high']]);
    expect(r.markdown).toContain('threshold loosened: critical raised from 90 to 97');
    expect(r.exitCode).toBe(2);
  });

  test('a threshold tightened, a message and tags changed: shown field by field, nothing to attend to', async () => {
    const dir = makeRepo();
    editJson(dir, 'monitors/host_cpu_high.json', (m) => {
      m.query = m.query.replace('> 90', '> 85');
      m.options.thresholds.critical = 85;
      m.message = m.message.replace('is back to normal.', 'is back below {{threshold}}%.');
      m.tags.push('team:sre');
    });
    const r = await run(dir, { failOnAttention: true });
    expect(r.review.attention).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.markdown).toContain('| threshold critical | `90` | `85` |');
    expect(r.markdown).toContain('- {{#is_recovery}}CPU on {{host.name}} is back to normal.{{/is_recovery}}');
    expect(r.markdown).toContain('+ {{#is_recovery}}CPU on {{host.name}} is back below {{threshold}}%.{{/is_recovery}}');
    expect(r.markdown).toContain('| tags (1 added) | `integration:torq, automation:enrich, managed-by:torq-datadog-as-code` | `integration:torq, automation:enrich, team:sre, managed-by:torq-datadog-as-code` |');
  });

  test('routing: a monitor that stops notifying Torq, one that notifies on fewer transitions', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.k8s_crashloop = { webhook: null };
      o.monitors.overrides.auth_failures_spike = { notifyOn: ['alert'] };
    });
    const r = await run(dir);
    expect(r.markdown).toContain('monitors: 2 changed (2 routing changes)');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([
      ['stops-notifying-torq', 'datadog_monitor.monitor_k8s_crashloop'],
      ['fewer-transitions', 'datadog_monitor.monitor_auth_failures_spike'],
    ]);
    expect(r.markdown).toContain('| notifies | `@webhook-torq (always)` | `nobody` |');
    expect(r.markdown).toContain('| notifies | `@webhook-torq (always)` | `@webhook-torq (is_alert)` |');
  });

  test("Torq's health monitor left notifying nobody needs attention", async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.health.notify = [];
    });
    const r = await run(dir);
    expect(r.markdown).toContain('- **example**: 0 to import, 0 to create, 1 to update, 0 to replace, 0 to destroy · health monitors: 1 changed');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([['health-silenced', 'datadog_monitor.health_torq_heartbeat']]);
    expect(r.markdown).toContain("Torq's health monitor no longer notifies anyone (was `@slack-secops-alerts`)");
  });

  test('a renamed monitor file: one rename (not a removal and an addition) and the moved block', async () => {
    const dir = makeRepo();
    git(dir, 'mv', 'monitors/disk_space_low.json', 'monitors/disk_full.json');
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.disk_full = o.monitors.overrides.disk_space_low;
      delete o.monitors.overrides.disk_space_low;
    });
    const r = await run(dir);
    const org = r.review.orgs[0];
    expect(org.monitors.added).toEqual([]);
    expect(org.monitors.removed).toEqual([]);
    expect(r.markdown).toContain('- **example**: 0 to import, 0 to create, 0 to update, 1 to replace, 0 to destroy · monitors: 1 renamed');
    expect(r.markdown).toContain(
      'renamed `monitors/disk_space_low.json` -> `monitors/disk_full.json`: Terraform would destroy and re-create the monitor (new id, lost history and mutes',
    );
    expect(r.markdown).toContain('moved {\n    from = datadog_monitor.monitor_disk_space_low\n    to   = datadog_monitor.monitor_disk_full\n  }');
    expect(r.review.attention.map((a) => a.kind)).toEqual(['replaced']);
    expect(r.markdown).toContain('record the rename in `moved.json` (add `{"monitors":{"disk_space_low":"disk_full"}}`)');
  });

  test('a rename recorded in moved.json: a moved block in the stack, and nothing needs attention', async () => {
    const dir = makeRepo();
    git(dir, 'mv', 'monitors/disk_space_low.json', 'monitors/disk_full.json');
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.disk_full = o.monitors.overrides.disk_space_low;
      delete o.monitors.overrides.disk_space_low;
    });
    writeJson(dir, 'moved.json', { monitors: { disk_space_low: 'disk_full' } });
    const r = await run(dir);
    expect(r.review.orgs[0].renames.map((x) => [x.from, x.to, x.moved])).toEqual([['monitor_disk_space_low', 'monitor_disk_full', true]]);
    expect(r.review.attention).toEqual([]);
    expect(r.markdown).toContain('recorded in moved.json: Terraform moves it in state and re-creates nothing');
  });

  test('a webhook payload changed: compared key by key, the URL shown only as its variable', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.webhooks[0].payload = { body: '$EVENT_MSG', title: '$EVENT_TITLE', metadata: { ALERT_ID: '$ALERT_ID', PRIORITY: '$ALERT_PRIORITY' } };
    });
    const r = await run(dir);
    const md = r.markdown;
    expect(md).toContain('webhooks: webhook_torq changed');
    expect(md).toContain('**`datadog_webhook.webhook_torq`** changed');
    expect(md).toContain('| `payload.metadata.PRIORITY` | `"$PRIORITY"` | `"$ALERT_PRIORITY"` |');
    expect(md).toContain('| `payload.metadata.LOGS_SAMPLE` | `"$LOGS_SAMPLE"` | — |');
    expect(md).toContain('| `payload.date` | `"$DATE"` | — |');
    expect(md).not.toContain('url');
    // Two items since issue 21: the key mapped to another variable (PRIORITY) is one too.
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([
      ['torq-contract', 'datadog_webhook.webhook_torq'],
      ['torq-contract', 'datadog_webhook.webhook_torq'],
    ]);
    expect(r.review.attention[0].message).toBe(
      'webhook `torq` changes what Torq receives: `metadata.PRIORITY` now carries `"$ALERT_PRIORITY"` (was `"$PRIORITY"`). Torq workflows that read this key, or branch on its value, see other values from the next alert on',
    );
    expect(r.review.attention[1].message).toBe(
      'webhook `torq` no longer sends `date`, `id`, `metadata.AGGREG_KEY`, `metadata.ALERT_CYCLE_KEY`, `metadata.ALERT_METRIC`, `metadata.ALERT_QUERY`, `metadata.ALERT_SCOPE`, `metadata.ALERT_STATUS` and 20 more in its payload: Torq workflows that read them get nothing',
    );
  });

  test('a dashboard widget changed, one added: by title', async () => {
    const dir = makeRepo();
    editJson(dir, 'dashboards/torq_overview.json', (d) => {
      d.widgets[0].definition.query = 'sources:torq env:prod';
      d.widgets.push({ definition: { type: 'note', content: 'Runbook: see the wiki' }, layout: { x: 0, y: 80, width: 20, height: 10 } });
    });
    const r = await run(dir);
    expect(r.markdown).toContain('dashboards: 1 changed');
    expect(r.markdown).toContain('- widgets added: `note #3`');
    expect(r.markdown).toContain('Widget `Torq Activity Stream (event_stream)` changed:');
    expect(r.markdown).toContain('| `definition.query` | `"sources:torq"` | `"sources:torq env:prod"` |');
  });

  test('an org added and one removed (from a second commit, with --head)', async () => {
    const dir = makeRepo();
    fs.copyFileSync(path.join(dir, 'orgs/example.json'), path.join(dir, 'orgs/legacy.json'));
    // Remote state: an org CI could deploy (a local-state org's removal is not an item).
    editJson(dir, 'orgs/legacy.json', (o) => {
      o.backend = { type: 's3', bucket: 'acme-tf-state', region: 'eu-west-1' };
    });
    commitAll(dir, 'with legacy');
    git(dir, 'mv', 'orgs/legacy.json', 'orgs/staging.json');
    editJson(dir, 'orgs/staging.json', (o) => {
      o.site = 'eu1';
    });
    commitAll(dir, 'staging instead of legacy');
    const r = await run(dir, { base: 'HEAD~1', head: 'HEAD' });
    expect(r.markdown).toContain('## Datadog changes: `HEAD~1` -> `HEAD`');
    expect(r.markdown).toContain('- **example**: no changes');
    expect(r.markdown).toContain('- **staging**: 0 to import, 14 to create, 0 to update, 0 to replace, 0 to destroy · new org: 8 monitors, 1 health monitor, 1 dashboard, 1 webhook, Torq keys');
    expect(r.markdown).toContain('- **legacy**: org removed');
    const removed = r.review.attention.filter((a) => a.kind === 'org-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0].message).toContain('`npx cdktf destroy legacy`');
  });

  test('a base that predates the package: every org is new', async () => {
    const dir = makeRepo({ withPackage: false });
    copyProject(dir);
    const r = await run(dir);
    expect(r.review.orgs.map((o) => [o.org, o.status])).toEqual([['example', 'added']]);
    expect(r.markdown).toContain('· new org: 8 monitors');
  });

  test('a head that does not synthesize: the error names the file and field, secrets redacted; bad refs are named', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.site = 'https://hooks.torq.io/v1/webhooks/6f1c2d3e-aaaa-bbbb-cccc-0123456789ab';
    });
    const error = await run(dir).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^synth of the head \(the working tree\) failed \(exit 1\):\n.*orgs\/example\.json: \$\.site: error:/s);
    expect(error).toContain('https://hooks.torq.io/<redacted>');
    expect(error).not.toContain('6f1c2d3e');
    await expect(run(dir, { base: 'no-such-branch' })).rejects.toThrow('git ref "no-such-branch" not found');
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  test('the command: --out writes the Markdown, --fail-on-attention exits 2 (found), bad arguments exit 1 (usage)', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.k8s_crashloop = { webhook: null };
    });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-out-')), 'review.md');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--base', 'HEAD', '--out', out, '--fail-on-attention'], dir, CI_ENV)).toBe(2);
      expect(fs.readFileSync(out, 'utf8')).toContain('### Needs attention (1)');
      expect(await main(['--base', 'HEAD', '--out', out], dir, CI_ENV)).toBe(0);
      expect(await main(['--head', 'HEAD'], dir, CI_ENV)).toBe(1);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('--base <git-ref> is required');
      expect(await main(['--base', 'nope'], dir, CI_ENV)).toBe(1);
    } finally {
      stderr.mockRestore();
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});

describe('the Markdown of a fixed change', () => {
  test('snapshot, and the same bytes on a second run', async () => {
    const dir = makeRepo();
    editJson(dir, 'monitors/host_cpu_high.json', (m) => {
      m.query = m.query.replace('> 90', '> 95');
      m.options.thresholds.critical = 95;
      m.message = m.message.replace('is back to normal.', 'is back to normal (below {{threshold}}%).');
      m.tags.push('team:sre');
    });
    editJson(dir, 'monitors/agent_down.json', (m) => {
      m.options.notify_no_data = false;
    });
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.k8s_crashloop = { webhook: null };
    });
    writeJson(dir, 'monitors/queue_backlog.json', NEW_MONITOR);
    git(dir, 'mv', 'monitors/service_error_logs.json', 'monitors/error_logs.json');
    editJson(dir, 'dashboards/torq_overview.json', (d) => {
      d.widgets[1].definition.title = 'Torq timeline';
    });
    const first = await run(dir);
    const second = await run(dir);
    expect(second.markdown).toBe(first.markdown);
    expect(first.markdown).toMatchSnapshot();
  });
});
