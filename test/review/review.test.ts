/**
 * The review of a pull request: the fixture project as the base, a change in a copy of it as the
 * head, both synthesized in-process, and the Markdown a reviewer would read. What git adds (refs,
 * worktrees, a second commit, a base that does not synthesize, the command) is in revisions.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { editJson, writeJson } from '../helpers/project';
import { Change, moveFile, reviewChange } from './synthesized';

const NEW_MONITOR = {
  name: '[Torq] Queue backlog on {{queue.name}}',
  type: 'query alert',
  query: 'avg(last_15m):avg:rabbitmq.queue.messages{*} by {queue} > 5000',
  message: '{{#is_alert}}Queue {{queue.name}} holds {{value}} messages.{{/is_alert}}',
  tags: ['integration:torq'],
  priority: 3,
  options: { thresholds: { critical: 5000, warning: 2000 }, notify_no_data: false },
};

/** monitors/disk_space_low.json renamed to disk_full.json, its org override with it. */
function renameDiskSpaceLow(dir: string): void {
  moveFile(dir, 'monitors/disk_space_low.json', 'monitors/disk_full.json');
  editJson(dir, 'orgs/example.json', (o) => {
    o.monitors.overrides.disk_full = o.monitors.overrides.disk_space_low;
    delete o.monitors.overrides.disk_space_low;
  });
}

describe('review of a pull request', () => {
  test('a monitor added: name, type, query, thresholds and who it notifies', () => {
    const r = reviewChange({
      head: (dir) => {
        writeJson(path.join(dir, 'monitors/queue_backlog.json'), NEW_MONITOR);
      },
    });
    const md = r.markdown;
    expect(md).toContain('- **example**: 0 to import, 1 to create, 0 to update, 0 to replace, 0 to destroy · monitors: 1 added');
    expect(md).toContain('#### Monitors added (1)');
    expect(md).toContain('**`monitor_queue_backlog`** (`monitors/queue_backlog.json`): `[Torq] Queue backlog on {{queue.name}}`');
    expect(md).toContain('query `avg(last_15m):avg:rabbitmq.queue.messages{*} by {queue} > 5000`');
    expect(md).toContain('thresholds: critical 5000, warning 2000');
    expect(md).toContain('notifies: `@webhook-torq` (always)');
    expect(r.review.attention).toEqual([]);
  });

  test('a monitor removed is listed with what it did', () => {
    const r = reviewChange({
      head: (dir) => {
        fs.rmSync(path.join(dir, 'monitors/k8s_crashloop.json'));
      },
    });
    expect(r.markdown).toContain('- **example**: 0 to import, 0 to create, 0 to update, 0 to replace, 1 to destroy · monitors: 1 removed');
    expect(r.markdown).toContain('#### Monitors removed (1)');
    expect(r.markdown).toMatch(/\*\*`monitor_k8s_crashloop`\*\* \(`monitors\/k8s_crashloop.json`\): `\[Torq\] Pod crash-looping/);
  });

  test('a threshold raised on a ">" query needs attention; --fail-on-attention exits 2', () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'monitors/host_cpu_high.json', (m) => {
          m.query = m.query.replace('> 90', '> 97');
          m.options.thresholds.critical = 97;
        });
      },
      failOnAttention: true,
    });
    expect(r.markdown).toContain('| threshold critical | `90` | `97` |');
    expect(r.markdown).toContain('| query | `avg(last_10m):avg:system.cpu.user{*} by {host} > 90` | `avg(last_10m):avg:system.cpu.user{*} by {host} > 97` |');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([['threshold-loosened', 'datadog_monitor.monitor_host_cpu_high']]);
    expect(r.markdown).toContain('threshold loosened: critical raised from 90 to 97');
    expect(r.exitCode).toBe(2);
  });

  test('a threshold tightened, a message and tags changed: shown field by field, nothing to attend to', () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'monitors/host_cpu_high.json', (m) => {
          m.query = m.query.replace('> 90', '> 85');
          m.options.thresholds.critical = 85;
          m.message = m.message.replace('is back to normal.', 'is back below {{threshold}}%.');
          m.tags.push('team:sre');
        });
      },
      failOnAttention: true,
    });
    expect(r.review.attention).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.markdown).toContain('| threshold critical | `90` | `85` |');
    expect(r.markdown).toContain('- {{#is_recovery}}CPU on {{host.name}} is back to normal.{{/is_recovery}}');
    expect(r.markdown).toContain('+ {{#is_recovery}}CPU on {{host.name}} is back below {{threshold}}%.{{/is_recovery}}');
    expect(r.markdown).toContain(
      '| tags (1 added) | `integration:torq, automation:enrich, managed-by:torq-datadog-as-code` | `integration:torq, automation:enrich, team:sre, managed-by:torq-datadog-as-code` |',
    );
  });

  test('routing: a monitor that stops notifying Torq, one that notifies on fewer transitions', () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'orgs/example.json', (o) => {
          o.monitors.overrides.k8s_crashloop = { webhook: null };
          o.monitors.overrides.auth_failures_spike = { notifyOn: ['alert'] };
        });
      },
    });
    expect(r.markdown).toContain('monitors: 2 changed (2 routing changes)');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([
      ['stops-notifying-torq', 'datadog_monitor.monitor_k8s_crashloop'],
      ['fewer-transitions', 'datadog_monitor.monitor_auth_failures_spike'],
    ]);
    expect(r.markdown).toContain('| notifies | `@webhook-torq (always)` | `nobody` |');
    expect(r.markdown).toContain('| notifies | `@webhook-torq (always)` | `@webhook-torq (is_alert)` |');
  });

  test("Torq's health monitor left notifying nobody needs attention", () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'orgs/example.json', (o) => {
          o.health.notify = [];
        });
      },
    });
    expect(r.markdown).toContain('- **example**: 0 to import, 0 to create, 1 to update, 0 to replace, 0 to destroy · health monitors: 1 changed');
    expect(r.review.attention.map((a) => [a.kind, a.address])).toEqual([['health-silenced', 'datadog_monitor.health_torq_heartbeat']]);
    expect(r.markdown).toContain("Torq's health monitor no longer notifies anyone (was `@slack-secops-alerts`)");
  });

  test('a renamed monitor file: one rename (not a removal and an addition) and the moved block', () => {
    const r = reviewChange({
      head: (dir) => {
        renameDiskSpaceLow(dir);
      },
    });
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

  test('a rename recorded in moved.json: a moved block in the stack, and nothing needs attention', () => {
    const r = reviewChange({
      head: (dir) => {
        renameDiskSpaceLow(dir);
        writeJson(path.join(dir, 'moved.json'), { monitors: { disk_space_low: 'disk_full' } });
      },
    });
    expect(r.review.orgs[0].renames.map((x) => [x.from, x.to, x.moved])).toEqual([['monitor_disk_space_low', 'monitor_disk_full', true]]);
    expect(r.review.attention).toEqual([]);
    expect(r.markdown).toContain('recorded in moved.json: Terraform moves it in state and re-creates nothing');
  });

  test('a webhook payload changed: compared key by key, the URL shown only as its variable', () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'orgs/example.json', (o) => {
          o.webhooks[0].payload = { body: '$EVENT_MSG', title: '$EVENT_TITLE', metadata: { ALERT_ID: '$ALERT_ID', PRIORITY: '$ALERT_PRIORITY' } };
        });
      },
    });
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

  test('a dashboard widget changed, one added: by title', () => {
    const r = reviewChange({
      head: (dir) => {
        editJson(dir, 'dashboards/torq_overview.json', (d) => {
          d.widgets[0].definition.query = 'sources:torq env:prod';
          d.widgets.push({ definition: { type: 'note', content: 'Runbook: see the wiki' }, layout: { x: 0, y: 80, width: 20, height: 10 } });
        });
      },
    });
    expect(r.markdown).toContain('dashboards: 1 changed');
    expect(r.markdown).toContain('- widgets added: `note #3`');
    expect(r.markdown).toContain('Widget `Torq Activity Stream (event_stream)` changed:');
    expect(r.markdown).toContain('| `definition.query` | `"sources:torq"` | `"sources:torq env:prod"` |');
  });
});

describe('the Markdown of a fixed change', () => {
  test('snapshot, and the same bytes on a second run', () => {
    const change: Change = {
      head: (dir) => {
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
        writeJson(path.join(dir, 'monitors/queue_backlog.json'), NEW_MONITOR);
        moveFile(dir, 'monitors/service_error_logs.json', 'monitors/error_logs.json');
        editJson(dir, 'dashboards/torq_overview.json', (d) => {
          d.widgets[1].definition.title = 'Torq timeline';
        });
      },
    };
    const first = reviewChange(change);
    const second = reviewChange(change);
    expect(second.markdown).toBe(first.markdown);
    expect(first.markdown).toMatchSnapshot();
  });
});
