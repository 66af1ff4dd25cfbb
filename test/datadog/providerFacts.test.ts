/**
 * The provider-facts table: docs/provider-facts.md holds it as generated, each row cites a provider
 * file and function that exist at v3.82.0 (checked when the provider source is on this machine),
 * and no second copy of a fact lives elsewhere in src/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { withFacts } from '../../src/cli/factsDoc';
import { PROVIDER_FACTS, isMetricMonitor, orderFreeAttributes, sameMembers, sameMonitorType, sentMonitorOption } from '../../src/datadog/providerFacts';

const REPO = path.resolve(__dirname, '../..');
const PROVIDER_SRC = '/tmp/tfpd-src';

test('docs/provider-facts.md holds the table exactly as npm run docs:facts generates it', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs/provider-facts.md'), 'utf8');
  const generated = withFacts(doc);
  expect(generated).toBeDefined();
  expect(doc).toBe(generated);
  for (const f of PROVIDER_FACTS) expect(doc).toContain(`| \`${f.resource}\` | \`${f.field}\` |`);
  expect(doc).toContain('options.scheduling_options.evaluation_window.timezone');
});

test('each row cites a provider file (and the code it names exists there, when the provider source is present)', () => {
  for (const f of PROVIDER_FACTS) expect([f.field, f.source]).toEqual([f.field, expect.stringMatching(/^datadog\/[\w/]+\.go/)]);
  if (!fs.existsSync(PROVIDER_SRC)) {
    console.warn(`provider source absent (${PROVIDER_SRC}): cited functions not checked`);
    return;
  }
  for (const f of PROVIDER_FACTS) {
    for (const m of f.source.matchAll(/(datadog\/[\w/]+\.go), (\w+)/g)) {
      const text = fs.readFileSync(path.join(PROVIDER_SRC, m[1]), 'utf8');
      expect([f.field, m[2], text.includes(m[2])]).toEqual([f.field, m[2], true]);
    }
  }
});

test('what the provider sends: defaults, GetOk, custom schedules, type-only options', () => {
  expect(sentMonitorOption('require_full_window', 'query alert', {})).toBe(true);
  expect(sentMonitorOption('require_full_window', 'query alert', { scheduling_options: { custom_schedule: {} } })).toBe(false);
  expect(sentMonitorOption('new_group_delay', 'query alert', { new_group_delay: 0 })).toBeUndefined();
  expect(sentMonitorOption('new_host_delay', 'query alert', {})).toBe(300);
  expect(sentMonitorOption('enable_logs_sample', 'log alert', {})).toBe(false);
  expect(sentMonitorOption('enable_logs_sample', 'query alert', { enable_logs_sample: true })).toBeUndefined();
  expect(sentMonitorOption('locked', 'query alert', { locked: true })).toBe(true);
});

test('aliases and sets: metric alert is query alert; tags and renotify_statuses are order-free', () => {
  expect(sameMonitorType('metric alert', 'query alert')).toBe(true);
  expect(sameMonitorType('metric alert', 'log alert')).toBe(false);
  expect(isMetricMonitor('query alert')).toBe(true);
  expect(orderFreeAttributes('datadog_monitor')).toEqual(expect.arrayContaining(['tags', 'restricted_roles', 'renotify_statuses', 'notify_by']));
  expect(orderFreeAttributes('datadog_service_account_application_key')).toEqual(['scopes']);
  expect(sameMembers(['a', 'b'], ['b', 'a'])).toBe(true);
  expect(sameMembers(['a', 'a'], ['a', 'b'])).toBe(false);
});

test("no second copy of a provider fact in src/: the alias, the trailing-threshold regex, require_full_window's default", () => {
  const files: string[] = [];
  const walk = (d: string) =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') && files.push(path.join(d, e.name))));
  walk(path.join(REPO, 'src'));
  const offenders: string[] = [];
  for (const f of files) {
    const rel = path.relative(REPO, f);
    if (rel.startsWith('src/datadog/') || rel === 'src/perf/workload.ts') continue;
    const text = fs.readFileSync(f, 'utf8');
    if (/'(metric|query) alert'\s*(\|\||&&|===|,)\s*[\w.]*\s*[=!]*\s*'(query|metric) alert'/.test(text) || /=== 'query alert'/.test(text))
      offenders.push(`${rel}: metric alert = query alert`);
    if (/\(>=\|<=\|==\|!=\|>\|<\)|\(<=\|>=\|==\|!=\|<\|>\)/.test(text) && !rel.endsWith('queryText.ts')) offenders.push(`${rel}: a trailing-threshold regex`);
    if (/require_full_window\s*\?\?\s*['"]?(true|false)/.test(text)) offenders.push(`${rel}: require_full_window's default`);
  }
  expect(offenders).toEqual([]);
});
