/**
 * Issue 30's round trip: an export -> synth (monitorConfig) -> what provider 3.82.0 sends
 * (buildMonitorStruct, as the provider-facts table states it) -> what Datadog then holds (a PUT
 * replaces options whole: an option not sent takes Datadog's default). Every option the export
 * carries must mean the same after the trip, or validation must warn at its JSON path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseMonitor } from '../../src/config/monitor';
import { monitorConfig } from '../../src/constructs/monitor';
import { isZero, MONITOR_SENT_OPTIONS, monitorOption, sentMonitorOption } from '../../src/datadog/providerFacts';
import { sameValue } from '../../src/import/compare/canonical';
import { validateMonitor } from '../../src/validate';
import { corpusDescribe } from '../helpers/corpus';

type Obj = Record<string, unknown>;
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** datadog_monitor's attribute names for the options that have another name in the API. */
const RENAMED: Record<string, string> = { monitor_thresholds: 'thresholds', monitor_threshold_windows: 'threshold_windows' };

/** The options Datadog holds after the provider sends the synthesized monitor. */
function heldAfterApply(exported: Obj): { held: Obj; findings: string[]; options: Obj; type: string } {
  const parsed = parseMonitor(exported, 'monitors/x.json');
  const m = parsed.monitor!;
  const config = monitorConfig(m.definition) as unknown as Obj;
  const attrs: Obj = {};
  for (const [k, v] of Object.entries(config)) if (v !== undefined) attrs[RENAMED[snake(k)] ?? snake(k)] = v;
  const held: Obj = {};
  for (const k of MONITOR_SENT_OPTIONS) {
    const sent = sentMonitorOption(k, m.definition.type, attrs);
    const v = sent ?? monitorOption(k).datadogDefault;
    if (v !== undefined) held[k] = v;
  }
  const findings = [...parsed.findings, ...validateMonitor(m, { webhooks: ['torq'] })].map((f) => `${f.path}: ${f.severity}: ${f.message}`);
  return { held, findings, options: m.definition.options, type: m.definition.type };
}

/** Options whose meaning is lost on the way, not counting those validation warns about at their path. */
function lostWithoutWarning(exported: Obj): string[] {
  const { held, findings, options, type } = heldAfterApply(exported);
  const meant = (k: string) => options[k] ?? monitorOption(k).datadogDefault;
  const warned = (k: string) => findings.some((f) => f.startsWith(`$.options.${k}`));
  const out: string[] = [];
  // new_group_delay and new_host_delay mean one thing together: the delay of a new group.
  const delay = (o: Obj) => (o.new_group_delay !== undefined ? o.new_group_delay : (o.new_host_delay ?? 300));
  if (!sameValue(delay(options), delay(held)) && !warned('new_group_delay') && !warned('new_host_delay'))
    out.push(`new group delay: ${JSON.stringify(delay(options))} -> ${JSON.stringify(delay(held))}`);
  for (const k of MONITOR_SENT_OPTIONS) {
    if (k === 'new_group_delay' || k === 'new_host_delay' || k === 'thresholds' || k === 'threshold_windows' || k === 'variables' || k === 'scheduling_options')
      continue;
    const f = monitorOption(k);
    if (f.onlyForTypes && !f.onlyForTypes.includes(type)) continue; // ignored by Datadog for other types
    if (k === 'no_data_timeframe' && meant('notify_no_data') !== true) continue; // only counts with notify_no_data
    // 0, false, "" and [] are what an absent option means to Datadog (GetOk never sends them).
    const norm = (v: unknown) => (isZero(v) ? null : v);
    if (!sameValue(norm(meant(k)), norm(held[k])) && !warned(k)) out.push(`${k}: ${JSON.stringify(meant(k))} -> ${JSON.stringify(held[k])}`);
  }
  const ew = (options.scheduling_options as Obj | undefined)?.evaluation_window as Obj | undefined;
  if (ew?.timezone !== undefined && !warned('scheduling_options.evaluation_window.timezone'))
    out.push('scheduling_options.evaluation_window.timezone: dropped');
  return out;
}

const EXPORT: Obj = {
  name: 'Queue depth',
  type: 'query alert',
  query: 'avg(last_5m):avg:queue.depth{*} by {host} > 100',
  message: 'Queue deep @webhook-torq',
  tags: ['team:secops'],
  options: {
    thresholds: { critical: 100 },
    new_group_delay: 0,
    new_host_delay: 300,
    renotify_interval: 30,
    renotify_occurrences: 5,
    renotify_statuses: ['alert'],
    escalation_message: 'still deep',
    notify_no_data: true,
    no_data_timeframe: 20,
    include_tags: false,
    notify_audit: true,
    timeout_h: 2,
    evaluation_delay: 60,
    locked: true,
    notification_preset_name: 'hide_query',
    scheduling_options: { evaluation_window: { day_starts: '04:00', timezone: 'Europe/Paris' } },
  },
};

test('an export carrying every option keeps each through synth and apply, or validation warns at its path', () => {
  expect(lostWithoutWarning(EXPORT)).toEqual([]);
  const { held, findings } = heldAfterApply(EXPORT);
  // require_full_window absent means Datadog's false, not the provider's true.
  expect(held.require_full_window).toBe(false);
  // new_group_delay 0 cannot be sent, so new_host_delay goes as 0: no delay, as the export means.
  expect(held.new_host_delay).toBe(0);
  expect(held.new_group_delay).toBeUndefined();
  expect(findings).toContainEqual(
    expect.stringMatching(/^\$\.options\.new_host_delay: warning: new_host_delay 300 has no effect in Datadog next to new_group_delay 0/),
  );
  expect(findings).toContainEqual(
    expect.stringMatching(
      /^\$\.options\.scheduling_options\.evaluation_window\.timezone: warning: evaluation_window\.timezone "Europe\/Paris" cannot be deployed/,
    ),
  );
  // locked is kept.
  expect(held.locked).toBe(true);
});

test('without the rules the trip would lose options: the check itself can fail', () => {
  // A monitor whose export says require_full_window true must keep it; one that says locked false keeps nothing extra.
  expect(heldAfterApply({ ...EXPORT, options: { require_full_window: true } }).held.require_full_window).toBe(true);
  expect(lostWithoutWarning({ ...EXPORT, options: { locked: false } })).toEqual([]);
  // locked next to restricted_roles: dropped (the provider refuses the pair), with a warning at options.locked.
  const both = heldAfterApply({ ...EXPORT, restricted_roles: ['1b2c3d4e-0000-0000-0000-000000000000'], options: { locked: true } });
  expect(both.held.locked).toBeUndefined();
  expect(both.findings).toContainEqual(expect.stringMatching(/^\$\.options\.locked: warning: locked true is not deployed next to restricted_roles/));
});

const corpus = path.resolve(__dirname, '../../../shared/corpus/integrations-extras');
corpusDescribe('the shared corpus of integration monitors', corpus, () => {
  const files = fs.existsSync(corpus)
    ? fs.readdirSync(corpus).flatMap((i) => {
        const dir = path.join(corpus, i, 'assets', 'monitors');
        return fs.existsSync(dir)
          ? fs
              .readdirSync(dir)
              .filter((f) => f.endsWith('.json'))
              .map((f) => path.join(dir, f))
          : [];
      })
    : [];
  test('each monitor keeps every option through synth and apply, or validation warns at its path', () => {
    expect(files.length).toBeGreaterThan(0);
    const lost: string[] = [];
    for (const f of files) {
      const raw = JSON.parse(fs.readFileSync(f, 'utf8')) as Obj;
      const exported = (raw.definition as Obj | undefined) ?? raw;
      if (!parseMonitor(exported, 'x').monitor) continue;
      for (const l of lostWithoutWarning(exported)) lost.push(`${path.relative(corpus, f)}: ${l}`);
    }
    expect(lost).toEqual([]);
  });
});
