/**
 * The review of a repository with four orgs and an ordered dashboard (test/fixtures/review/four-orgs):
 * what a reviewer must not miss is in Needs attention, named by monitor and by what Terraform does
 * to it, and a change deployed identically by several orgs is shown once.
 */
import * as fs from 'fs';
import * as path from 'path';
import { review, ReviewResult } from '../../src/cli/review';
import { editJson, writeJson } from '../helpers/project';
import { commitAll, editJson as editRepoJson, git, makeRepo, removeRepos } from '../helpers/gitRepo';
import { moveFile, reviewChange } from './synthesized';
import { attentionOf } from './synthPair';

jest.setTimeout(90000);
afterAll(removeRepos);

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'review', 'four-orgs');
const CI_ENV = { ...process.env, CI: 'true' };
const ORGS = ['dev', 'prod-eu', 'prod-us', 'staging'];

function run(dir: string, base = 'HEAD', head?: string): Promise<ReviewResult> {
  return review({ root: dir, base, head, failOnAttention: false }, CI_ENV);
}

describe('a pull request against four orgs', () => {
  let r: ReviewResult;
  let md: string;
  let attention: string;

  beforeAll(() => {
    r = reviewChange({
      inputs: FIXTURE,
      head: (dir) => {
        // A Torq-routed monitor deleted.
        fs.rmSync(path.join(dir, 'monitors/k8s_crashloop.json'));
        // A monitor renamed and edited at once (its name and its threshold).
        moveFile(dir, 'monitors/disk_space_low.json', 'monitors/disk_usage_high.json');
        editJson(dir, 'monitors/disk_usage_high.json', (m) => {
          m.name = m.name.replace('Low disk space', 'Disk usage high');
          m.query = m.query.replace('> 0.9', '> 0.92');
          m.options.thresholds.critical = 0.92;
        });
        // A type changed: a log alert becomes a query alert.
        editJson(dir, 'monitors/service_error_logs.json', (m) => {
          m.type = 'query alert';
          m.query = 'sum(last_5m):sum:trace.http.request.errors{*} by {service}.as_count() > 50';
          m.options.thresholds = { critical: 50 };
        });
        // A one-monitor catalog change, deployed by all four orgs; and a longer evaluation window.
        editJson(dir, 'monitors/host_cpu_high.json', (m) => {
          m.tags.push('team:platform');
          m.query = m.query.replace('last_10m', 'last_1h');
        });
        // A new org.
        writeJson(path.join(dir, 'orgs/prod-ap.json'), {
          ...JSON.parse(fs.readFileSync(path.join(dir, 'orgs/dev.json'), 'utf8')),
          description: 'Production, Japan',
          site: 'ap1',
        });
        // The ordered dashboard's widgets reordered.
        editJson(dir, 'dashboards/torq_runbook.json', (d) => {
          d.widgets = [d.widgets[1], d.widgets[0], d.widgets[2]];
        });
      },
    });
    md = r.markdown;
    attention = attentionOf(md);
    if (process.env.REVIEW_DUMP) fs.writeFileSync(process.env.REVIEW_DUMP, md);
  });

  test('every org gets a plan line', () => {
    for (const org of ORGS) expect(md).toMatch(new RegExp(`^- \\*\\*${org}\\*\\*: 0 to import, 0 to create, 2 to update, 2 to replace, 1 to destroy · `, 'm'));
    expect(md).toMatch(/^- \*\*prod-ap\*\*: 0 to import, \d+ to create, 0 to update, 0 to replace, 0 to destroy · new org/m);
  });

  test('a Torq-routed monitor deleted: named, with its destruction, once for the four orgs', () => {
    const lines = attention.split('\n').filter((l) => l.includes('monitor_k8s_crashloop'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`**${ORGS.join(', ')}**`);
    expect(lines[0]).toContain(
      'Torq-routed monitor `[Torq] Pod crash-looping: {{pod_name.name}} in {{kube_namespace.name}}` will be destroyed: `monitors/k8s_crashloop.json` is gone',
    );
  });

  test('a monitor renamed and edited at once: a replacement, with the moved.json line to add', () => {
    const org = r.review.orgs.find((o) => o.org === 'prod-us')!;
    expect(org.renames.map((x) => [x.from, x.to, !!x.change])).toEqual([['monitor_disk_space_low', 'monitor_disk_usage_high', true]]);
    expect(org.monitors.added.map((v) => v.id)).toEqual([]);
    expect(attention).toContain(
      'renamed and edited `monitors/disk_space_low.json` -> `monitors/disk_usage_high.json`: Terraform would destroy and re-create the monitor (new id, lost history and mutes, links to it break); record the rename in `moved.json` (add `{"monitors":{"disk_space_low":"disk_usage_high"}}`)',
    );
    expect(attention).toContain(
      '`terraform -chdir=cdktf.out/stacks/<org> state mv datadog_monitor.monitor_disk_space_low datadog_monitor.monitor_disk_usage_high`',
    );
    // One item for the four orgs, not four.
    expect(attention.split('\n').filter((l) => l.includes('renamed and edited'))).toHaveLength(1);
  });

  test('a type changed: the replacement is named, with the force-new attribute from the provider', () => {
    const line = attention.split('\n').find((l) => l.includes('monitor_service_error_logs'))!;
    expect(line).toContain(`**${ORGS.join(', ')}**`);
    expect(line).toContain(
      'Terraform would destroy and re-create this monitor (new id, lost history and mutes): its type changed from `log alert` to `query alert`',
    );
    const action = r.review.orgs.find((o) => o.org === 'dev')!.actions.find((a) => a.address === 'datadog_monitor.monitor_service_error_logs')!;
    expect(action.action).toBe('replace');
    expect(action.reason).toContain('datadog/resource_datadog_monitor.go');
  });

  test('a new org: its GitHub environment secrets, and its local backend the CI deploy refuses', () => {
    const line = attention.split('\n').find((l) => l.startsWith('- **prod-ap**') && l.includes('new org'))!;
    expect(line).toContain('create the GitHub environment `prod-ap`');
    for (const pair of [
      '`DATADOG_API_KEY` -> `TF_VAR_datadog_api_key_prod_ap`',
      '`DATADOG_APP_KEY` -> `TF_VAR_datadog_app_key_prod_ap`',
      '`TORQ_WEBHOOK_URL` -> `TF_VAR_torq_webhook_url_prod_ap`',
    ]) {
      expect(line).toContain(pair);
    }
    // The API URL variable has a default (the site's): no secret to create for it.
    expect(line).not.toContain('datadog_api_url');
    // The state path from the project root, not from the stack folder (../../../terraform.prod-ap.tfstate).
    expect(line).toContain('its state backend is local terraform.prod-ap.tfstate,');
    expect(line).toContain('which the CI deploy refuses');
  });

  test('a longer evaluation window needs attention', () => {
    expect(attention).toContain('alerts later: the evaluation window grew from `last_10m` to `last_1h`');
  });

  test('a one-monitor catalog change appears once, not once per org', () => {
    // Once as a change (the new org prod-ap lists it among its added monitors, as it should).
    expect(md.split('**`monitor_host_cpu_high`**: ').length - 1).toBe(1);
    const attentionLines = attention.split('\n').filter((l) => l.includes('monitor_host_cpu_high'));
    expect(attentionLines).toHaveLength(1);
    expect(md).toContain(`### The same in 4 orgs: ${ORGS.map((o) => `\`${o}\``).join(', ')}`);
  });

  test('reordering the widgets of an ordered dashboard is a change', () => {
    expect(md).toContain('- widgets reordered (the layout is `ordered`');
    for (const org of r.review.orgs.filter((o) => ORGS.includes(o.org)))
      expect(org.dashboards.changed.map((c) => c.after.id)).toEqual(['dashboard_torq_runbook']);
  });

  test('each org has its details in a collapsible block; no empty rows', () => {
    expect(md).toContain('<details>');
    expect(md).toMatch(/^### prod-ap \(added\)\n\n<details>/m);
    expect(md).not.toContain('| (empty) |');
    expect(md).not.toMatch(/\[\] → —|`\[\]` \| — \|/);
  });
});

describe('a base that does not synthesize', () => {
  test('the head is reviewed against the last revision before it that synthesizes, and the review says why', async () => {
    const dir = makeRepo({ inputs: FIXTURE });
    editRepoJson(dir, 'orgs/dev.json', (o) => {
      o.site = 'nowhere';
    });
    commitAll(dir, 'a broken org file');
    const good = git(dir, 'rev-parse', 'HEAD~1').trim().slice(0, 12);
    editRepoJson(dir, 'orgs/dev.json', (o) => {
      o.site = 'us5';
    });
    editRepoJson(dir, 'monitors/host_cpu_high.json', (m) => {
      m.tags.push('team:platform');
    });
    const r = await run(dir);
    expect(r.markdown).toContain(
      `**The base \`HEAD\` does not synthesize**, so the head is reviewed against \`${good}\`, the last revision before it that synthesizes`,
    );
    expect(r.markdown).toContain('orgs/dev.json: $.site: error:');
    expect(r.markdown).toContain(`## Datadog changes: \`${good}\` -> \`working tree\``);
    expect(r.review.orgs.map((o) => [o.org, o.status])).toEqual(ORGS.map((o) => [o, 'changed']));
    expect(r.review.attention[0].kind).toBe('base-broken');
  });

  test('with no revision before it that synthesizes: the head as all new', async () => {
    const dir = makeRepo({ inputs: FIXTURE });
    editRepoJson(dir, 'orgs/dev.json', (o) => {
      o.site = 'nowhere';
    });
    git(dir, 'add', '-A');
    git(dir, 'commit', '--quiet', '--amend', '-m', 'a broken first commit');
    editRepoJson(dir, 'orgs/dev.json', (o) => {
      o.site = 'us5';
    });
    const r = await run(dir);
    expect(r.markdown).toContain('and no recent revision before it does either, so every org of the head is reviewed as new');
    expect(r.review.orgs.every((o) => o.status === 'added')).toBe(true);
    expect(r.review.attention[0].message).toContain('this review shows the head as all new');
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });
});
