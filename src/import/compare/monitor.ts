/**
 * What the first apply changes on a live monitor: the live monitor (as the API returns it) against
 * what datadog_monitor 3.82.0 sends for the definition synth deploys, field by field, as typed
 * field changes (src/config/fieldChange.ts).
 *
 * How each option is sent is the provider-facts table (src/datadog/providerFacts.ts, read in
 * datadog/resource_datadog_monitor.go, buildMonitorStruct): which options are always sent, which
 * only when non-zero (GetOk), their defaults, what a custom schedule turns off. What synth writes
 * for an option the file lacks is synthOptions (src/constructs/monitor.ts). A monitor update (PUT)
 * replaces `options` whole (the cassettes TestAccDatadogMonitor_Updated and _UpdatedToRemoveTags:
 * new_group_delay, renotify_occurrences and renotify_statuses not sent are absent from the answer),
 * so an option the provider does not send is cleared, not kept.
 */
import type { FieldChange } from '../../config/fieldChange';
import { DEPLOYED_OPTIONS, MONITOR_OPTION_LEFTOVERS, MonitorDefinition, parseMonitor } from '../../config/monitor';
import { synthOptions } from '../../constructs/monitor';
import { isZero, MONITOR_SENT_OPTIONS, monitorOption, providerFact, sameMonitorType, sentMonitorOption } from '../../datadog/providerFacts';
import { analyseRouting, messageBody } from '../normalize';
import { brief, canonical, leafDiffs, sameValue } from './canonical';
import { isObject } from '../../config/json';
import type { Json } from '../datadog';

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
    out.custom_schedule = {
      recurrences: [{ rrule: r.rrule, ...(typeof r.start === 'string' && r.start !== '' ? { start: r.start } : {}), timezone: r.timezone }],
    };
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
      group_by: groupBy.map((g) => ({
        facet: g.facet,
        limit: g.limit || undefined,
        sort: isObject(g.sort) ? { aggregation: g.sort.aggregation, order: g.sort.order, metric: g.sort.metric } : undefined,
      })),
      search: isObject(q.search) ? { query: q.search.query } : undefined,
    };
  });
}

/** The part of an option's value the provider's attributes carry (scheduling_options and variables are projected). */
const PROJECT: Record<string, (v: unknown) => unknown> = { scheduling_options: projectScheduling, variables: projectVariables };

/** What the provider sends for an option of the deployed definition (undefined: not sent). */
export function sentOption(key: string, type: string, options: Json): unknown {
  const v = sentMonitorOption(key, type, options);
  return v !== undefined && PROJECT[key] ? PROJECT[key](v) : v;
}

/** Why a known difference happens. */
function explain(key: string, live: Json, deployed: Json, sent: unknown): string | undefined {
  if (key === 'scheduling_options') {
    const ew = isObject(live.scheduling_options) && isObject(live.scheduling_options.evaluation_window) ? live.scheduling_options.evaluation_window : {};
    if (typeof ew.timezone === 'string') {
      return `datadog_monitor 3.82.0 has no evaluation_window.timezone, so the window then starts at ${typeof ew.day_starts === 'string' ? ew.day_starts : 'its hour'} UTC, not ${ew.timezone} (nothing in the code can keep the time zone)`;
    }
  }
  if (key === 'no_data_timeframe' && deployed.no_data_timeframe === undefined) {
    return `datadog_monitor sends its default of ${String(monitorOption('no_data_timeframe').schemaDefault)} minutes where Datadog used twice the evaluation window; set options.no_data_timeframe to keep the live behaviour`;
  }
  if (key === 'new_host_delay' && deployed.new_group_delay === 0) {
    return 'new_group_delay 0, which overrides it in Datadog, is never sent by datadog_monitor (GetOk), so synth sends new_host_delay 0: new groups are still evaluated at once';
  }
  const schedule = isObject(deployed.scheduling_options) ? deployed.scheduling_options.custom_schedule : undefined;
  if (sent === undefined && (key === 'notify_no_data' || key === 'no_data_timeframe') && schedule !== undefined && schedule !== null) {
    // buildMonitorStruct sends neither beside a custom schedule; synth leaves both out (src/constructs/monitor.ts, synthOptions).
    return 'datadog_monitor sends neither notify_no_data nor no_data_timeframe beside a custom schedule, and an update replaces options whole, so Datadog clears it: no-data alerts cannot be deployed with a custom schedule by provider 3.82.0';
  }
  if (sent === undefined) {
    return 'datadog_monitor does not send it (the file does not set it, or sets 0/false, which the provider never sends), and an update replaces options whole, so Datadog clears it';
  }
  return undefined;
}

/** The option changes: each option the provider sends that differs from the live value, live options it clears, and live options it cannot send. */
function optionChanges(lo: Json, dopt: Json, fileOptions: Json, type: string, out: FieldChange[]): void {
  for (const k of [...new Set([...Object.keys(lo), ...MONITOR_SENT_OPTIONS])].sort()) {
    if (!MONITOR_SENT_OPTIONS.includes(k)) {
      if (!DEPLOYED_OPTIONS.includes(k) && !(MONITOR_OPTION_LEFTOVERS as readonly string[]).includes(k) && !isZero(lo[k]) && canonical(lo[k]) !== undefined) {
        // A zero, false or empty value is the API's default: nothing to lose.
        out.push({
          field: `options.${k}`,
          before: brief(lo[k]),
          note: 'datadog_monitor 3.82.0 has no attribute for it, so the code cannot hold it and an update clears it',
        });
      }
      continue;
    }
    const fact = monitorOption(k);
    const sent = sentOption(k, type, dopt);
    if (k === 'no_data_timeframe' && sentOption('notify_no_data', type, dopt) !== true && lo.notify_no_data !== true) continue; // only counts with notify_no_data
    let live: unknown = lo[k] === null ? undefined : lo[k];
    if (live === undefined) live = fact.datadogDefault;
    if (sent === undefined) {
      // Not sent: cleared by the update, which matters only for a live value that is not Datadog's default.
      if (live === undefined || isZero(live) || sameValue(live, fact.datadogDefault) || (PROJECT[k] && canonical(PROJECT[k](live)) === undefined)) continue;
    } else if (live === undefined && dopt[k] === undefined && fact.schemaDefault !== undefined) {
      // The provider's default over a live monitor without the option, whose Datadog default is unknown.
      if (k !== 'no_data_timeframe') continue;
    }
    if (sent !== undefined && sameValue(live, sent)) continue;
    const note = explain(k, lo, fileOptions, sent);
    const whole: FieldChange = {
      field: `options.${k}`,
      before: live === undefined ? undefined : brief(canonical(live)),
      after: sent === undefined ? undefined : brief(canonical(sent)),
    };
    // Too long to read whole: the paths that differ.
    const lines = `${whole.before ?? ''}${whole.after ?? ''}`.includes('...') && sent !== undefined ? leafDiffs(live, sent, `options.${k}`) : [whole];
    if (note !== undefined && lines.length > 0) lines[0] = { ...lines[0], note };
    out.push(...lines);
  }
}

/**
 * The fields the first apply changes on a live monitor (or, for what the provider cannot express,
 * the field with a note).
 */
export function monitorApplyChanges(
  raw: Json,
  deployed: MonitorDefinition,
  roleNamesDeployed: readonly string[],
  roleNames: Map<string, string> | undefined,
  webhooks: readonly string[],
): FieldChange[] {
  const parsed = parseMonitor(raw, 'live');
  if (!parsed.monitor) return [{ field: 'the whole monitor', note: 'the live monitor does not parse' }];
  const liveDef = parsed.monitor.definition;
  const out: FieldChange[] = [];
  const change = (field: string, from: unknown, to: unknown, note?: string) =>
    out.push({ field, before: brief(from), after: brief(to), ...(note === undefined ? {} : { note }) });
  if (liveDef.name !== deployed.name) change('name', liveDef.name, deployed.name);
  if (!sameMonitorType(liveDef.type, deployed.type)) change('type', liveDef.type, deployed.type, 'datadog_monitor replaces the monitor (a new id)');
  if (liveDef.query !== deployed.query) change('query', liveDef.query, deployed.query);
  if (liveDef.message !== deployed.message) {
    const same =
      messageBody(liveDef.message, webhooks) === messageBody(deployed.message, webhooks) &&
      sameValue(analyseRouting(liveDef.message, webhooks), analyseRouting(deployed.message, webhooks));
    if (same) out.push({ field: 'message', note: 'the Torq mention moves to the end of the message (the same routing)' });
    else change('message', liveDef.message, deployed.message);
  }
  const lt = [...liveDef.tags].sort();
  const dt = [...deployed.tags].sort();
  if (JSON.stringify(lt) !== JSON.stringify(dt)) change('tags', lt, dt);
  if (liveDef.priority !== deployed.priority) change('priority', liveDef.priority, deployed.priority);
  const published = providerFact('datadog_monitor', 'draft_status')?.schemaDefault;
  const liveDraft = liveDef.draft_status ?? published;
  const deployedDraft = deployed.draft_status ?? published;
  if (liveDraft !== deployedDraft) change('draft_status', liveDraft, deployedDraft);
  const liveRoles = [...(liveDef.restricted_roles ?? [])].map((id) => roleNames?.get(id) ?? id).sort();
  const deployedRoles = [...(deployed.restricted_roles ?? []).map((id) => roleNames?.get(id) ?? id), ...roleNamesDeployed].sort();
  if (JSON.stringify(liveRoles) !== JSON.stringify(deployedRoles)) change('restricted_roles', liveRoles, deployedRoles);
  const lo: Json = { ...(liveDef.options as Json) };
  const dopt = synthOptions(deployed, deployedRoles.length > 0) as Json;
  if (lo.locked === true && dopt.locked !== true) {
    const note =
      deployedRoles.length > 0
        ? 'the deployed monitor names restricted roles, which replace locked (datadog_monitor refuses both); those roles may edit it'
        : 'the code does not set locked, so it is not sent and the update clears it: anyone may then edit the monitor; set options.locked true (or restrictedRoles) to keep it restricted';
    out.push({ field: 'options.locked', before: 'true', after: '(none)', note });
  }
  delete lo.locked;
  delete dopt.locked;
  optionChanges(lo, dopt, deployed.options, deployed.type, out);
  return out;
}
