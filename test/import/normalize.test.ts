/** The pieces of org:import that decide file names, routing and stability. */
import { analyseRouting, catalogIdFor, messageBody, normalizeDashboard, normalizeMonitor, slugify } from '../../src/import/normalize';
import { baseUrlFromHost } from '../../src/import/api';
import { retryAfterMs } from '../../src/import/datadog';
import { parseMonitorFilter } from '../../src/import/importOrg';
import * as path from 'path';
import { loadCatalog, loadProject } from '../../src/config/project';
import { fixture } from './fakeDatadog';
import { FIXTURE_PROJECT, readJson } from './helpers';

const HOOKS = ['torq', 'torq-sec'];

describe('routing read back from a message', () => {
  test.each([
    ['a mention outside any block notifies on every transition', 'CPU high.\n\n@webhook-torq', 'all'],
    ['one block per transition', '{{#is_alert}}a @webhook-torq{{/is_alert}}{{#is_recovery}} @webhook-torq{{/is_recovery}}', ['alert', 'recovery']],
    [
      'transitions come out in the package order',
      '{{#is_no_data}}@webhook-torq{{/is_no_data}}{{#is_warning}}@webhook-torq{{/is_warning}}',
      ['warning', 'no_data'],
    ],
    ['a mention anywhere outside blocks wins', '{{#is_alert}}@webhook-torq{{/is_alert}} @webhook-torq', 'all'],
  ])('%s', (_name, message, expected) => {
    const r = analyseRouting(message, HOOKS);
    expect(r.webhook).toBe('torq');
    expect(r.notifyOn).toEqual(expected);
    expect(r.notes).toEqual([]);
  });

  test('what the org file cannot say exactly is not exact, and said (the importer then keeps the message as written)', () => {
    expect(analyseRouting('{{#is_alert}}@webhook-torq{{/is_alert}}', HOOKS).exact).toBe(true);
    const neg = analyseRouting('{{^is_recovery}}@webhook-torq{{/is_recovery}}', HOOKS);
    expect(neg.exact).toBe(false);
    expect(neg.notes).toEqual(['{{^is_recovery}} around @webhook-torq is not exactly notifyOn all but recovery']);
    const otherCase = analyseRouting('@webhook-Torq', HOOKS);
    expect([otherCase.webhook, otherCase.exact]).toEqual(['torq', false]);
    const elseBranch = analyseRouting('{{#is_alert}}page{{else}}@webhook-torq{{/is_alert}}', HOOKS);
    expect(elseBranch.notifyOn).toEqual(['warning', 'no_data', 'recovery']);
    const match = analyseRouting('{{#is_match "env" "prod"}}@webhook-torq{{/is_match}}', HOOKS);
    expect(match.notifyOn).toBe('all');
    expect(match.exact).toBe(false);
    expect(match.notes[0]).toMatch(/the condition \{\{#is_match "env" "prod"\}\} around @webhook-torq cannot be expressed in the org file/);
  });

  test("only the org's webhooks are routing; the first one mentioned is kept", () => {
    expect(analyseRouting('@webhook-pagerduty-bridge @slack-x', HOOKS)).toEqual({ webhook: undefined, notifyOn: 'all', notes: [], exact: true });
    expect(analyseRouting('@webhook-torqx', HOOKS).webhook).toBeUndefined();
    const two = analyseRouting('@webhook-torq-sec and @webhook-torq', HOOKS);
    expect(two.webhook).toBe('torq-sec');
    expect(two.notes[0]).toMatch(/mentions @webhook-torq-sec and @webhook-torq; the org file routes a monitor to one Torq webhook/);
  });

  test('the message body loses the mentions and the blocks they leave empty, nothing else', () => {
    expect(
      messageBody(
        '{{#is_alert}}CPU {{value}} @webhook-torq{{/is_alert}}\n{{#is_recovery}} @webhook-torq {{/is_recovery}}\n\n\n@slack-ops @webhook-other',
        HOOKS,
      ),
    ).toBe('{{#is_alert}}CPU {{value}}{{/is_alert}}\n\n@slack-ops @webhook-other');
    expect(messageBody('{{#is_alert}}{{#is_match "env" "prod"}}\n@webhook-torq\n{{/is_match}}{{/is_alert}}', HOOKS)).toBe('');
    // An empty block the author wrote is theirs: only the blocks the strip empties go.
    expect(messageBody('Disk full {{#is_warning}}{{/is_warning}} {{#is_alert}}@webhook-torq{{/is_alert}}', HOOKS)).toBe(
      'Disk full {{#is_warning}}{{/is_warning}}',
    );
  });
});

describe('file names', () => {
  test('slugs drop template variables and odd characters, and stay short', () => {
    expect(slugify('[Torq] High CPU on {{host.name}}')).toBe('torq_high_cpu_on');
    expect(slugify('Café — latency > 2s')).toBe('cafe_latency_2s');
    const long = slugify('A very long monitor name that goes on and on about the many things it watches in production');
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toBe('a_very_long_monitor_name_that_goes_on_and_on_about_the_many');
    expect(catalogIdFor('{{host.name}}', 'monitor', 42)).toBe('monitor_42');
    expect(catalogIdFor('5xx errors', 'monitor', 42)).toBe('monitor_5xx_errors');
    expect(catalogIdFor('???', 'dashboard', 'abc-def-ghi')).toBe('dashboard_abc_def_ghi');
  });
});

describe('stability', () => {
  test('normalizing a written monitor file again gives the same file (every fixture monitor)', () => {
    for (const m of fixture('monitors.json').filter((x: any) => x.type !== 'synthetics alert')) {
      const ctx = { webhooks: HOOKS, catalogIdOf: (id: number) => `m${id}` };
      const once = normalizeMonitor(m, 'api', ctx);
      if ('error' in once) throw new Error(once.error);
      const twice = normalizeMonitor(once.file, 'file', { webhooks: HOOKS, catalogIdOf: () => undefined });
      if ('error' in twice) throw new Error(twice.error);
      expect(JSON.stringify(twice.file)).toBe(JSON.stringify(once.file));
    }
  });

  test('normalizing a written dashboard again gives the same file, whatever the key order of the answer', () => {
    const raw = fixture('dashboard-stu-vwx-yz1.json');
    const reversed = Object.fromEntries(Object.entries(raw).reverse());
    const once = normalizeDashboard(raw, (id) => (id === 1003 ? 'composite' : undefined));
    expect(JSON.stringify(normalizeDashboard(reversed, (id) => (id === 1003 ? 'composite' : undefined)).file)).toBe(JSON.stringify(once.file));
    expect(JSON.stringify(normalizeDashboard(once.file, () => undefined).file)).toBe(JSON.stringify(once.file));
    expect(once.unmapped).toEqual([1004]);
  });
});

describe('API plumbing', () => {
  test('Retry-After in seconds or as a date, else X-RateLimit-Reset', () => {
    expect(retryAfterMs({ 'retry-after': '7' })).toBe(7000);
    expect(retryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 08:00:10 GMT' }, Date.parse('Sat, 28 Nov 2026 08:00:00 GMT'))).toBe(10000);
    expect(retryAfterMs({ 'x-ratelimit-reset': '4' })).toBe(4000);
    expect(retryAfterMs({})).toBeUndefined();
  });

  test('DD_HOST takes the forms the Terraform provider takes', () => {
    expect(baseUrlFromHost('https://api.datadoghq.eu/')).toBe('https://api.datadoghq.eu');
    expect(baseUrlFromHost('api.us5.datadoghq.com')).toBe('https://api.us5.datadoghq.com');
    expect(baseUrlFromHost('http://127.0.0.1:8126')).toBe('http://127.0.0.1:8126');
    expect(baseUrlFromHost('https://proxy.internal/datadog/api/')).toBe('https://proxy.internal/datadog');
    expect(baseUrlFromHost('ftp://x')).toEqual({ error: 'DD_HOST "ftp://x" uses ftp; expected http or https' });
  });

  test('--monitors filters', () => {
    expect(parseMonitorFilter('webhook')).toEqual({ kind: 'webhook' });
    expect(parseMonitorFilter('tag:team:secops')).toEqual({ kind: 'tag', tag: 'team:secops' });
    expect(parseMonitorFilter('id:1, 2')).toEqual({ kind: 'id', ids: [1, 2] });
    expect(parseMonitorFilter('id:1,x')).toBe('expected monitor ids after "id:", such as "id:123,456", found "id:1,x"');
    expect(parseMonitorFilter('[Torq]')).toEqual({ kind: 'name', text: '[Torq]' });
  });
});

describe('reading back what this package deployed', () => {
  test('every routed monitor of the example org reads back as its catalog file and its org-file routing', () => {
    const { project } = loadProject(FIXTURE_PROJECT, { orgs: ['example'] });
    const org = project!.orgs[0];
    const orgFile = readJson(path.join(FIXTURE_PROJECT, 'orgs/example.json'));
    const catalog = loadCatalog(FIXTURE_PROJECT).catalog;
    const ctx = { webhooks: org.webhooks.map((w) => w.name), catalogIdOf: () => undefined };
    for (const m of org.monitors) {
      // What Datadog returns after a deploy: the synthesized definition (routed message, org tags).
      const deployed = normalizeMonitor({ ...m.definition, id: 1, created: 'x' }, 'api', {
        ...ctx,
        synthTags: [...org.tags, ...(orgFile.monitors.overrides[m.id]?.tags ?? [])],
      });
      const file = normalizeMonitor(catalog.monitors.find((c) => c.id === m.id)!.definition as any, 'file', ctx);
      if ('error' in deployed || 'error' in file) throw new Error(`${m.id} did not normalize`);
      expect([m.id, deployed.file.message]).toEqual([m.id, file.file.message]);
      expect([m.id, deployed.file.tags]).toEqual([m.id, file.file.tags]);
      const expected = orgFile.monitors.overrides[m.id]?.notifyOn ?? orgFile.monitors.notifyOn;
      expect([m.id, deployed.routing]).toEqual([m.id, { webhook: 'torq', notifyOn: expected, notes: [], exact: true }]);
    }
  });
});
