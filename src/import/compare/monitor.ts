/**
 * What the first apply changes on a live monitor: the live monitor (as the API returns it) against
 * what datadog_monitor 3.82.0 sends for the definition synth deploys, field by field.
 *
 * How each option is sent is data (OPTION_RULES), read in the provider at v3.82.0,
 * datadog/resource_datadog_monitor.go, buildMonitorStruct (create and update build the same
 * options): which options are always sent, which only when set to a non-zero value (GetOk), their
 * provider defaults, what a custom schedule turns off, and which sub-fields reach the API at all
 * (scheduling_options and variables are projected onto the provider's attributes).
 */
import { DEPLOYED_OPTIONS, MONITOR_OPTION_LEFTOVERS, MonitorDefinition, parseMonitor } from '../../config/monitor';
import { analyseRouting, messageBody } from '../normalize';
import { sameMonitorType } from '../stages/twin';
import { brief, canonical, leafDiffs, sameValue } from './canonical';
import { isObject } from '../../config/json';
import type { Json } from '../datadog';

interface OptionRule {
  /** always: sent whatever the file says (with the provider default); set: sent when non-zero/non-empty (GetOk). */
  sent: 'always' | 'set';
  /** Not sent when the monitor has a custom schedule. */
  notWithCustomSchedule?: boolean;
  /** The schema default the provider sends when the file does not set the option. */
  providerDefault?: unknown;
  /** What Datadog assumes when the live monitor does not have the option. */
  datadogDefault?: unknown;
  /** The part of the value the provider's attributes can carry. */
  project?: (v: unknown) => unknown;
}

/** evaluation_window {day_starts, month_starts, hour_starts (only without the other two)}; custom_schedule's first recurrence {rrule, start, timezone}. */
function projectScheduling(v: unknown): unknown {
  if (!isObject(v)) return undefined;
  const out: Json = {};
  if (isObject(v.evaluation_window)) {
    const ew = v.evaluation_window;
    const w: Json = {};
    if (typeof ew.day_starts === 'string' && ew.day_starts !== '') w.day_starts = ew.day_starts;
    if (typeof ew.month_starts === 'number' && ew.month_starts !== 0) w.month_starts = ew.month_starts;
    if (typeof ew.hour_starts === 'number' && w.day_starts === undefined && w.month_starts === undefined) w.hour_starts = ew.hour_starts;
    out.evaluation_window = w;
  }
  const recurrences = isObject(v.custom_schedule) && Array.isArray(v.custom_schedule.recurrences) ? v.custom_schedule.recurrences : [];
  if (isObject(recurrences[0])) {
    const r = recurrences[0];
    out.custom_schedule = { recurrences: [{ rrule: r.rrule, ...(typeof r.start === 'string' && r.start !== '' ? { start: r.start } : {}), timezone: r.timezone }] };
  }
  return out;
}

/** event_query {data_source, name, indexes, compute (its first), group_by {facet, limit, sort}, search.query}; cloud_cost_query {data_source, name, query, aggregator}. */
function projectVariables(v: unknown): unknown {
  if (!Array.isArray(v)) return undefined;
  return v.map((item) => {
    const q: Json = isObject(item) ? item : {};
    if (q.data_source === 'cloud_cost') return { data_source: q.data_source, name: q.name, query: q.query, aggregator: q.aggregator };
    const compute = isObject(Array.isArray(q.compute) ? q.compute[0] : q.compute) ? ((Array.isArray(q.compute) ? q.compute[0] : q.compute) as Json) : {};
    const groupBy = Array.isArray(q.group_by) ? q.group_by.filter(isObject) : [];
    return {
      data_source: q.data_source,
      name: q.name,
      indexes: Array.isArray(q.indexes) ? q.indexes : [],
      compute: { aggregation: compute.aggregation, interval: compute.interval || undefined, metric: compute.metric || undefined },
      group_by: groupBy.map((g) => ({ facet: g.facet, limit: g.limit || undefined, sort: isObject(g.sort) ? { aggregation: g.sort.aggregation, order: g.sort.order, metric: g.sort.metric } : undefined })),
      search: isObject(q.search) ? { query: q.search.query } : undefined,
    };
  });
}

/** datadog_monitor 3.82.0, buildMonitorStruct: how each option of the API reaches it. */
export const OPTION_RULES: Record<string, OptionRule> = {
  thresholds: { sent: 'set' },
  threshold_windows: { sent: 'set' },
  include_tags: { sent: 'always', providerDefault: true, datadogDefault: true },
  notify_no_data: { sent: 'always', notWithCustomSchedule: true, providerDefault: false, datadogDefault: false },
  require_full_window: { sent: 'always', providerDefault: false },
  new_host_delay: { sent: 'always', providerDefault: 300, datadogDefault: 300 },
  no_data_timeframe: { sent: 'always', notWithCustomSchedule: true, providerDefault: 10 },
  new_group_delay: { sent: 'set' },
  evaluation_delay: { sent: 'set' },
  group_retention_duration: { sent: 'set' },
  on_missing_data: { sent: 'set' },
  renotify_interval: { sent: 'set' },
  renotify_occurrences: { sent: 'set' },
  renotify_statuses: { sent: 'set' },
  notify_audit: { sent: 'set' },
  timeout_h: { sent: 'set' },
  escalation_message: { sent: 'set' },
  notify_by: { sent: 'set' },
  groupby_simple_monitor: { sent: 'set' },
  enable_logs_sample: { sent: 'set' },
  enable_samples: { sent: 'set' },
  notification_preset_name: { sent: 'set' },
  scheduling_options: { sent: 'set', project: projectScheduling },
  variables: { sent: 'set', project: projectVariables },
};

const isZero = (v: unknown) => v === undefined || v === null || v === 0 || v === false || v === '' || (Array.isArray(v) && v.length === 0);

/** What the provider sends for an option of the deployed definition (undefined: not sent). */
export function sentOption(key: string, options: Json): unknown {
  const rule = OPTION_RULES[key];
  if (!rule) return undefined;
  const customSchedule = isObject(options.scheduling_options) && options.scheduling_options.custom_schedule !== undefined;
  if (rule.notWithCustomSchedule && customSchedule) return undefined;
  if (key === 'require_full_window' && customSchedule) return false;
  if (key === 'no_data_timeframe' && options.on_missing_data !== undefined) return undefined;
  const value = options[key];
  if (rule.sent === 'set' && isZero(value)) return undefined;
  const v = value === undefined || value === null ? rule.providerDefault : value;
  return rule.project ? rule.project(v) : v;
}

/** Why a known difference happens, appended to its line. */
function explain(key: string, live: Json, deployed: Json): string {
  if (key === 'scheduling_options') {
    const ew = isObject(live.scheduling_options) && isObject(live.scheduling_options.evaluation_window) ? live.scheduling_options.evaluation_window : {};
    if (typeof ew.timezone === 'string') {
      return `: datadog_monitor 3.82.0 has no evaluation_window.timezone, so the window then starts at ${typeof ew.day_starts === 'string' ? ew.day_starts : 'its hour'} UTC, not ${ew.timezone} (nothing in the code can keep the time zone)`;
    }
  }
  if (key === 'no_data_timeframe' && deployed.no_data_timeframe === undefined) {
    return ': datadog_monitor sends its default of 10 minutes where Datadog used twice the evaluation window; set options.no_data_timeframe to keep the live behaviour';
  }
  return '';
}

/** The option lines: each option the provider sends that differs from the live value, and live options it cannot send. */
function optionChanges(lo: Json, dopt: Json, out: string[]): void {
  for (const k of [...new Set([...Object.keys(lo), ...Object.keys(OPTION_RULES)])].sort()) {
    const rule = OPTION_RULES[k];
    if (!rule) {
      if (!DEPLOYED_OPTIONS.includes(k) && !(MONITOR_OPTION_LEFTOVERS as readonly string[]).includes(k) && !isZero(lo[k]) && canonical(lo[k]) !== undefined) {
        // A zero, false or empty value is the API's default: nothing to lose.
        out.push(`options.${k} ${brief(lo[k])}: datadog_monitor 3.82.0 has no attribute for it, so the code cannot hold it and the first apply does not send it`);
      }
      continue;
    }
    const sent = sentOption(k, dopt);
    if (sent === undefined) continue; // not sent: the provider leaves the live value alone
    if (k === 'no_data_timeframe' && sentOption('notify_no_data', dopt) !== true) continue; // only counts with notify_no_data
    let live: unknown = lo[k] === null ? undefined : lo[k];
    if (live === undefined) {
      if (dopt[k] === undefined && rule.datadogDefault === undefined && k !== 'no_data_timeframe') continue; // a provider default over an unknown Datadog default
      live = rule.datadogDefault;
    }
    if (sameValue(live, sent)) continue;
    const whole = `options.${k} from ${brief(canonical(live))} to ${brief(canonical(sent))}`;
    // Too long to read whole: the paths that differ.
    const lines = whole.includes('...') ? leafDiffs(live, sent, `options.${k}`) : [whole];
    lines[0] += explain(k, lo, dopt);
    out.push(...lines);
  }
}

/**
 * The attributes the first apply changes on a live monitor, as "X from A to B" (or a sentence for
 * what the provider cannot express).
 */
export function monitorApplyChanges(raw: Json, deployed: MonitorDefinition, roleNamesDeployed: readonly string[], roleNames: Map<string, string> | undefined, webhooks: readonly string[]): string[] {
  const parsed = parseMonitor(raw, 'live');
  if (!parsed.monitor) return ['the whole monitor (the live monitor does not parse)'];
  const liveDef = parsed.monitor.definition;
  const out: string[] = [];
  const change = (what: string, from: unknown, to: unknown) => out.push(`${what} from ${brief(from)} to ${brief(to)}`);
  if (liveDef.name !== deployed.name) change('name', liveDef.name, deployed.name);
  if (!sameMonitorType(liveDef.type, deployed.type)) out.push(`type from ${brief(liveDef.type)} to ${brief(deployed.type)}: datadog_monitor replaces the monitor (a new id)`);
  if (liveDef.query !== deployed.query) change('query', liveDef.query, deployed.query);
  if (liveDef.message !== deployed.message) {
    const same = messageBody(liveDef.message, webhooks) === messageBody(deployed.message, webhooks) && sameValue(analyseRouting(liveDef.message, webhooks), analyseRouting(deployed.message, webhooks));
    out.push(same ? 'message: the Torq mention moves to the end of the message (the same routing)' : `message from ${brief(liveDef.message)} to ${brief(deployed.message)}`);
  }
  const lt = [...liveDef.tags].sort();
  const dt = [...deployed.tags].sort();
  if (JSON.stringify(lt) !== JSON.stringify(dt)) change('tags', lt, dt);
  if (liveDef.priority !== deployed.priority) change('priority', liveDef.priority, deployed.priority);
  const liveDraft = liveDef.draft_status ?? 'published';
  const deployedDraft = deployed.draft_status ?? 'published';
  if (liveDraft !== deployedDraft) change('draft_status', liveDraft, deployedDraft);
  const liveRoles = [...(liveDef.restricted_roles ?? [])].map((id) => roleNames?.get(id) ?? id).sort();
  const deployedRoles = [...(deployed.restricted_roles ?? []).map((id) => roleNames?.get(id) ?? id), ...roleNamesDeployed].sort();
  if (JSON.stringify(liveRoles) !== JSON.stringify(deployedRoles)) change('restricted_roles', liveRoles, deployedRoles);
  const rawOptions: Json = isObject(raw.options) ? raw.options : {};
  if (rawOptions.locked === true && (deployed.restricted_roles ?? []).length + roleNamesDeployed.length === 0) {
    out.push('options.locked from true to (unset): datadog_monitor sends restricted_roles [], so every role may edit it; set overrides.<id>.restrictedRoles to keep it locked');
  }
  optionChanges(liveDef.options, deployed.options, out);
  return out;
}
