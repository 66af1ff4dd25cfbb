/**
 * Bad input stops synth before anything is written, with every problem as
 * `file: json.path: error: message` naming the value found and what was expected. Exit code 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyProject, editJson, replaceJson, synth, writeJson } from '../helpers/project';

interface Case {
  name: string;
  setup: (root: string) => void;
  /** The expected line's start: `<file>: <json.path>: error: `. */
  at: string;
  /** Fragments the message must contain: the value found and the expectation. */
  says: string[];
}

const org = (edit: (o: any) => void) => (root: string) => editJson(root, 'orgs/example.json', edit);

const cases: Case[] = [
  {
    name: 'an unknown site',
    setup: org((o) => (o.site = 'us2')),
    at: 'orgs/example.json: $.site: error: ',
    says: ['"us2"', 'us1', 'eu1', 'us1-fed'],
  },
  {
    name: 'a misspelled field, with a suggestion',
    setup: org((o) => (o.webhoks = [])),
    at: 'orgs/example.json: $.webhoks: error: ',
    says: ['unknown field "webhoks"', 'did you mean "webhooks"'],
  },
  {
    name: 'a webhook name with a space',
    setup: org((o) => (o.webhooks = [{ name: 'torq prod' }])),
    at: 'orgs/example.json: $.webhooks[0].name: error: ',
    says: ['"torq prod"', 'letters, digits, "-" or "_"'],
  },
  {
    name: 'two webhooks with one name',
    setup: org((o) => (o.webhooks = [{ name: 'torq' }, { name: 'torq' }])),
    at: 'orgs/example.json: $.webhooks[1].name: error: ',
    says: ['duplicate webhook name "torq"'],
  },
  {
    name: 'an override for a monitor that does not exist',
    setup: org((o) => (o.monitors.overrides.disk_space_lo = { priority: 1 })),
    at: 'orgs/example.json: $.monitors.overrides.disk_space_lo: error: ',
    says: ['"disk_space_lo"', 'did you mean "disk_space_low"', 'monitors/<id>.json'],
  },
  {
    name: 'a route to a webhook the org does not declare',
    setup: org((o) => (o.monitors.overrides.host_cpu_high = { webhook: 'torq-sec' })),
    at: 'orgs/example.json: $.monitors.overrides.host_cpu_high.webhook: error: ',
    says: ['"torq-sec"', 'expected one of: torq'],
  },
  {
    name: 'an unknown transition',
    setup: org((o) => (o.monitors.notifyOn = ['alert', 'recovered'])),
    at: 'orgs/example.json: $.monitors.notifyOn',
    says: ['"recovered"'],
  },
  {
    name: 'an include that names no monitor',
    setup: org((o) => (o.monitors.include = ['host_cpu_hgh'])),
    at: 'orgs/example.json: $.monitors.include[0]: error: ',
    says: ['"host_cpu_hgh"', 'did you mean "host_cpu_high"'],
  },
  {
    name: 'a health handle without @',
    setup: org((o) => (o.health.notify = ['slack-secops'])),
    at: 'orgs/example.json: $.health.notify[0]: error: ',
    says: ['"slack-secops"', '@-handle'],
  },
  {
    name: 'keys without a service-account email',
    setup: org((o) => delete o.keys.serviceAccountEmail),
    at: 'orgs/example.json: $.keys.serviceAccountEmail: error: ',
    says: ['found nothing', 'torq-automation@example.com'],
  },
  {
    name: 'an s3 backend without a bucket',
    setup: org((o) => (o.backend = { type: 's3', region: 'eu-west-1' })),
    at: 'orgs/example.json: $.backend.bucket: error: ',
    says: ['expected string', 'found nothing'],
  },
  {
    name: 'an org file that is not JSON',
    setup: (root) => fs.writeFileSync(path.join(root, 'orgs/example.json'), '{\n  "site": "us1",\n}\n'),
    at: 'orgs/example.json: $: error: invalid JSON at line 3, column 1',
    says: ['trailing comma', 'expected another "key" or no comma before }'],
  },
  {
    name: 'an org file name that cannot name a stack',
    setup: (root) => fs.renameSync(path.join(root, 'orgs/example.json'), path.join(root, 'orgs/Prod EU.json')),
    at: 'orgs/Prod EU.json: $: error: ',
    says: ['"Prod EU"', 'lower-case letters'],
  },
  {
    name: 'a monitor without a query',
    setup: (root) => editJson(root, 'monitors/host_cpu_high.json', (m) => delete m.query),
    at: 'monitors/host_cpu_high.json: $.query: error: ',
    says: ['required', 'found nothing'],
  },
  {
    name: 'a threshold that is not a number',
    setup: (root) => editJson(root, 'monitors/host_cpu_high.json', (m) => (m.options.thresholds.critical = 'ninety')),
    at: 'monitors/host_cpu_high.json: $.options.thresholds.critical: error: ',
    says: ['"ninety"', 'expected a number'],
  },
  {
    name: 'a priority out of range in an integration-asset file',
    setup: (root) => replaceJson(root, 'monitors/host_cpu_high.json', (m) => ({ version: 2, title: 't', description: 'd', definition: { ...m, priority: 7 } })),
    at: 'monitors/host_cpu_high.json: $.definition.priority: error: ',
    says: ['7', 'from 1 (highest) to 5'],
  },
  {
    name: 'a critical override on a query without a threshold',
    setup: (root) => {
      writeJson(path.join(root, 'monitors/composite_x.json'), { name: 'c', type: 'composite', query: '1 && 2', message: 'm' });
      editJson(root, 'orgs/example.json', (o) => (o.monitors.overrides.composite_x = { thresholds: { critical: 3 } }));
    },
    at: 'orgs/example.json: $.monitors.overrides.composite_x.thresholds.critical: error: ',
    says: ['"1 && 2"', 'expected a query such as "... > 90"'],
  },
  {
    name: 'a dashboard that is a list',
    setup: (root) => writeJson(path.join(root, 'dashboards/torq_overview.json'), []),
    at: 'dashboards/torq_overview.json: $: error: ',
    says: ['[]', '{title, layout_type, widgets}'],
  },
  {
    name: 'service-check metadata that is not a list',
    setup: (root) => writeJson(path.join(root, 'service_checks.json'), { check: 'torq.heartbeat' }),
    at: 'service_checks.json: $: error: ',
    says: ['"check":"torq.heartbeat"', 'expected a JSON array'],
  },
  {
    name: 'a service check without a check name',
    setup: (root) => editJson(root, 'service_checks.json', (l) => delete l[0].check),
    at: 'service_checks.json: $[0].check: error: ',
    says: ['"check" is missing', 'expected exactly agent_version, integration, check, statuses, groups, name, description'],
  },
  {
    name: 'two orgs whose variables would collide',
    setup: (root) => {
      fs.copyFileSync(path.join(root, 'orgs/example.json'), path.join(root, 'orgs/eu-prod.json'));
      fs.copyFileSync(path.join(root, 'orgs/example.json'), path.join(root, 'orgs/eu_prod.json'));
    },
    at: 'orgs/eu_prod.json: $: error: ',
    says: ['"datadog_api_key_eu_prod"', 'orgs/eu-prod.json'],
  },
  {
    name: 'one existing monitor adopted by two catalog monitors',
    setup: org((o) => (o.adopt = { monitors: { agent_down: 1234, host_cpu_high: '1234' } })),
    at: 'orgs/example.json: $.adopt.monitors.host_cpu_high: error: ',
    says: ['monitor 1234', '"agent_down" adopts too'],
  },
  {
    name: 'a recorded rename to a file that does not exist',
    setup: (root) => writeJson(path.join(root, 'moved.json'), { monitors: { old_disk: 'disk_space_lo' } }),
    at: 'moved.json: $.monitors.old_disk: error: ',
    says: ['"disk_space_lo"', 'did you mean "disk_space_low"', 'monitors/'],
  },
  // The validation rules (src/validate) run on every synth, over what each org deploys.
  {
    name: 'a warning threshold above critical with >',
    setup: (root) => editJson(root, 'monitors/host_cpu_high.json', (m) => (m.options.thresholds.warning = 95)),
    at: 'monitors/host_cpu_high.json: $.options.thresholds.warning: error: ',
    says: ['95', '90', '>'],
  },
  {
    name: 'an override that puts warning above critical, blamed on the org that made it',
    setup: org((o) => (o.monitors.overrides.host_cpu_high = { thresholds: { critical: 70 } })),
    at: 'monitors/host_cpu_high.json: $.options.thresholds.warning: error: ',
    says: ['80', '70', 'as deployed to orgs/example.json, with its overrides for "host_cpu_high"'],
  },
  {
    name: "an org's query override that drops the threshold, checked as the org deploys it",
    setup: org((o) => (o.monitors.overrides.host_cpu_high = { query: 'avg(last_10m):avg:system.cpu.user{env:prod} by {host}' })),
    at: 'monitors/host_cpu_high.json: $.query: error: ',
    says: ['{env:prod}', 'as deployed to orgs/example.json, with its overrides for "host_cpu_high"'],
  },
  {
    name: "an org's message override with an unbalanced block, checked as the org deploys it",
    setup: org((o) => (o.monitors.overrides.host_cpu_high = { message: 'CPU high {{#is_alert}}' })),
    at: 'monitors/host_cpu_high.json: $.message: error: ',
    says: ['{{#is_alert}}', 'as deployed to orgs/example.json, with its overrides for "host_cpu_high"'],
  },
  {
    name: "a monitor of Torq's own events that would notify Torq",
    setup: (root) =>
      writeJson(path.join(root, 'monitors/torq_events.json'), {
        name: 'Torq failures',
        type: 'event-v2 alert',
        query: 'events("source:torq status:error").rollup("count").last("5m") > 0',
        message: 'Torq workflows fail.',
        options: { thresholds: { critical: 0 } },
      }),
    at: 'monitors/torq_events.json: $.message: error: ',
    says: ['torq'],
  },
  {
    name: 'an unbalanced {{#is_alert}} block',
    setup: (root) => editJson(root, 'monitors/agent_down.json', (m) => (m.message = '{{#is_alert}}down')),
    at: 'monitors/agent_down.json: $.message: error: ',
    says: ['{{#is_alert}}', '{{/is_alert}}'],
  },
];

describe('bad input stops synth with a precise message and writes nothing', () => {
  test.each(cases)('$name', ({ setup, at, says }) => {
    const root = copyProject();
    setup(root);
    const r = synth(root);
    expect(r.code).toBe(1);
    expect(fs.existsSync(r.outdir)).toBe(false);
    const line = r.stderr.find((l) => l.startsWith(at));
    if (line === undefined) throw new Error(`no line starting with ${JSON.stringify(at)} in:\n${r.stderr.join('\n')}`);
    for (const s of says) expect(line).toContain(s);
    expect(r.stderr[r.stderr.length - 1]).toMatch(/^synth stopped: \d+ errors?; nothing was written$/);
    expect(r.stderr.join('\n')).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  test('lists every problem of a run, not only the first', () => {
    const root = copyProject();
    org((o) => {
      o.site = 'mars';
      o.tags = ['has space'];
    })(root);
    editJson(root, 'monitors/agent_down.json', (m) => (m.options.renotify_interval = 'often'));
    const r = synth(root);
    expect(r.code).toBe(1);
    const errors = r.stderr.filter((l) => l.includes(': error: '));
    expect(errors.map((l) => l.split(': error: ')[0])).toEqual([
      'monitors/agent_down.json: $.options.renotify_interval',
      'orgs/example.json: $.site',
      'orgs/example.json: $.tags[0]',
    ]);
  });

  test('a synth that succeeds after a failed one leaves no trace of the failure', () => {
    const root = copyProject();
    org((o) => (o.site = 'mars'))(root);
    expect(synth(root).code).toBe(1);
    org((o) => (o.site = 'us1'))(root);
    expect(synth(root).code).toBe(0);
  });
});
