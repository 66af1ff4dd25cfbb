/**
 * Rules over a monitor's options (`options.*`), each with the Datadog document or the provider
 * source (terraform-provider-datadog v3.82.0, datadog/resource_datadog_monitor.go) it encodes.
 * Values are as the loader cleaned them (numbers from strings, nulls dropped).
 */
import { Finding, show, subPath } from '../config/findings';
import type { MonitorDefinition } from '../config/monitor';
import { didYouMean } from '../config/suggest';
import { EVENT_PLATFORM_TYPES } from './query';
import { isMetricMonitor, NOTIFICATION_PRESETS, ON_MISSING_DATA, RENOTIFY_STATUSES } from '../datadog/providerFacts';
import { isObject } from '../config/json';

/**
 * group_retention_duration: "The minimum value is one hour, and the maximum value is 72 hours.
 * Example values are: 60m, 1h, and 2d. This option is only available for APM Trace Analytics,
 * Audit Trail, CI, Error Tracking, Event, Logs, and RUM monitors." (resource_datadog_monitor.go
 * v3.82.0 and the API client's MonitorOptions).
 */
const GROUP_RETENTION = /^(\d+)(m|h|d)$/;
const GROUP_RETENTION_MINUTES = { min: 60, max: 72 * 60 };
const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** Options that are a number of seconds and must not be negative ("a non-negative integer": API client MonitorOptions, provider schema). */
const NON_NEGATIVE = ['evaluation_delay', 'new_group_delay', 'new_host_delay', 'renotify_interval', 'renotify_occurrences', 'no_data_timeframe'] as const;

/** Splits a group-by list (`"a,b"`, `"a", "b"`) into keys. */
function keys(list: string): string[] {
  return list
    .split(',')
    .map((k) =>
      k
        .trim()
        .replace(/^["']|["']$/g, '')
        .trim(),
    )
    .filter((k) => k !== '');
}

/**
 * The keys a monitor's query groups by (multi alert), [] for a simple alert, or undefined when this
 * package cannot tell (formulas without variables, service checks, composites, unmodelled types).
 */
export function queryGroups(def: Pick<MonitorDefinition, 'type' | 'query' | 'options'>): string[] | undefined {
  const q = def.query;
  if (/^\s*formula\s*\(/.test(q)) {
    const vars = def.options.variables;
    if (!Array.isArray(vars) || vars.length === 0) return undefined;
    const out: string[] = [];
    for (const v of vars) {
      if (!isObject(v)) return undefined;
      if (v.group_by === undefined) continue;
      if (!Array.isArray(v.group_by)) return undefined;
      for (const g of v.group_by) if (isObject(g) && typeof g.facet === 'string') out.push(g.facet);
    }
    return out;
  }
  if (isMetricMonitor(def.type)) {
    // `by {a,b}` anywhere (several metrics, functions), outside quoted strings.
    const text = q.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    if (!/^\s*[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(text)) return undefined;
    const out: string[] = [];
    for (const m of text.matchAll(/(?:^|[^A-Za-z0-9_.])by\s*\{([^{}]*)\}/g)) out.push(...keys(m[1]));
    return [...new Set(out)];
  }
  if ((EVENT_PLATFORM_TYPES as readonly string[]).includes(def.type)) {
    if (!/^\s*[A-Za-z_][A-Za-z0-9_-]*\s*\(/.test(q)) return undefined;
    const out: string[] = [];
    for (const m of q.matchAll(/\.\s*by\s*\(([^()]*)\)/g)) out.push(...keys(m[1]));
    return [...new Set(out)];
  }
  return undefined;
}

/** True when a template or notify_by key names one of the query's group-by keys (`host` and `host.name`, `@a.b` and `a.b`). */
export function isGroupKey(key: string, groups: readonly string[]): boolean {
  const k = key.replace(/^@/, '');
  return groups.some((g0) => {
    const g = g0.replace(/^@/, '');
    return g === k || g.startsWith(`${k}.`) || k.startsWith(`${g}.`);
  });
}

export function checkOptions(def: MonitorDefinition, file: string, definitionPath: string): Finding[] {
  const out: Finding[] = [];
  const o = def.options;
  const at = (...seg: (string | number)[]) => subPath(definitionPath, 'options', ...seg);
  const error = (path: string, message: string) => out.push({ file, path, severity: 'error', message });
  const warning = (path: string, message: string) => out.push({ file, path, severity: 'warning', message });

  // renotify_statuses: the provider's ValidateEnumValue refuses any other value at plan.
  o.renotify_statuses?.forEach((v, i) => {
    if (!(RENOTIFY_STATUSES as readonly string[]).includes(v)) {
      error(
        at('renotify_statuses', i),
        `unknown renotify status ${show(v)}${didYouMean(v, RENOTIFY_STATUSES)}; expected one of ${RENOTIFY_STATUSES.map((s) => show(s)).join(', ')}`,
      );
    }
  });

  // notification_preset_name: ValidateEnumValue(NewMonitorOptionsNotificationPresetsFromValue) refuses any other value at plan.
  if (o.notification_preset_name !== undefined && !(NOTIFICATION_PRESETS as readonly string[]).includes(o.notification_preset_name)) {
    const v = o.notification_preset_name;
    error(
      at('notification_preset_name'),
      `unknown notification_preset_name ${show(v)}${didYouMean(v, NOTIFICATION_PRESETS)}; expected one of ${NOTIFICATION_PRESETS.join(', ')} (datadog_monitor refuses any other value at plan)`,
    );
  }

  if (o.on_missing_data !== undefined && !(ON_MISSING_DATA as readonly string[]).includes(o.on_missing_data)) {
    error(
      at('on_missing_data'),
      `unknown on_missing_data ${show(o.on_missing_data)}${didYouMean(o.on_missing_data, ON_MISSING_DATA)}; expected one of ${ON_MISSING_DATA.join(', ')}`,
    );
  }

  // resource_datadog_monitor.go v3.82.0: notify_no_data and no_data_timeframe are ConflictsWith
  // on_missing_data, so plan stops with "conflicts with" when both are in the configuration,
  // whatever their values. The loader drops the no-op forms (notify_no_data false, and
  // no_data_timeframe without notify_no_data true) that Datadog's exports carry; what is left
  // (notify_no_data true) asks for two no-data behaviours at once.
  if (o.on_missing_data !== undefined) {
    for (const k of ['notify_no_data', 'no_data_timeframe'] as const) {
      if (o[k] !== undefined) {
        error(
          at(k),
          `${k} (${show(o[k])}) cannot be set together with on_missing_data (${show(o.on_missing_data)}): datadog_monitor refuses the pair ("conflicts with on_missing_data"); expected only on_missing_data (show_and_notify_no_data notifies on missing data), or remove on_missing_data`,
        );
      }
    }
  }

  for (const k of NON_NEGATIVE) {
    const v = o[k];
    if (typeof v === 'number' && v < 0) {
      error(
        at(k),
        `${k} ${v} is negative; expected a non-negative whole number${k === 'renotify_interval' || k === 'no_data_timeframe' ? ' of minutes' : k === 'renotify_occurrences' ? '' : ' of seconds'}`,
      );
    }
  }

  // API client MonitorOptions.escalationMessage: "Not applicable if renotify_interval is None".
  // Datadog accepts the monitor (UI exports keep the text after renotification is turned off), so
  // this is a warning: the message is never sent.
  if (o.escalation_message !== undefined && o.escalation_message.trim() !== '' && !(typeof o.renotify_interval === 'number' && o.renotify_interval > 0)) {
    warning(
      at('escalation_message'),
      `escalation_message is set but renotify_interval is ${o.renotify_interval === undefined ? 'not set' : show(o.renotify_interval)}, so Datadog never sends it; expected a renotify_interval in minutes (e.g. 60), or no escalation_message`,
    );
  }

  if (o.group_retention_duration !== undefined) {
    const g = o.group_retention_duration;
    const m = GROUP_RETENTION.exec(g.trim());
    const minutes = m ? Number(m[1]) * UNIT_MINUTES[m[2]] : NaN;
    if (!m)
      error(
        at('group_retention_duration'),
        `group_retention_duration ${show(g)} is not a duration such as "60m", "1h" or "2d"; expected a whole number followed by m, h or d`,
      );
    else if (minutes < GROUP_RETENTION_MINUTES.min || minutes > GROUP_RETENTION_MINUTES.max) {
      error(
        at('group_retention_duration'),
        `group_retention_duration ${show(g)} is out of range; expected 1 hour to 72 hours (60m to 4320m, 1h to 72h, or 1d to 3d)`,
      );
    }
    if (!(EVENT_PLATFORM_TYPES as readonly string[]).includes(def.type)) {
      warning(
        at('group_retention_duration'),
        `group_retention_duration applies only to APM Trace Analytics, Audit Trail, CI, Error Tracking, Event, Logs and RUM monitors; this monitor is a ${show(def.type)}: expected no group_retention_duration`,
      );
    }
  }

  // notify_by: "Tags mentioned in notify_by must be a subset of the grouping tags in the query ...
  // Setting notify_by to [*] configures the monitor to notify as a simple-alert." (provider v3.82.0).
  if (o.notify_by !== undefined && o.notify_by.length > 0) {
    const groups = queryGroups(def);
    if (o.notify_by.includes('*') && o.notify_by.length > 1) {
      // Not documented as refused: a warning.
      warning(
        at('notify_by'),
        `notify_by ${show(o.notify_by)} mixes "*" with tags; expected ["*"] alone (one notification for the whole monitor) or only tags the query groups by`,
      );
    } else if (groups !== undefined) {
      o.notify_by.forEach((t, i) => {
        if (t === '*' || isGroupKey(t, groups)) return;
        const by = groups.length === 0 ? 'the query groups by nothing (a simple alert)' : `the query groups by ${groups.join(', ')}`;
        error(at('notify_by', i), `notify_by names ${show(t)}, but ${by}${didYouMean(t, groups)}; expected a subset of the query's group-by tags, or ["*"]`);
      });
    }
  }

  checkScheduling(o.scheduling_options, def, at, error, warning);
  return out;
}

/**
 * scheduling_options (resource_datadog_monitor.go v3.82.0 and the API client's
 * MonitorOptionsSchedulingOptionsEvaluationWindow / MonitorOptionsCustomScheduleRecurrence):
 * evaluation_window.hour_starts "must be between 0 and 59", and "if hour_starts is set, no other
 * fields may be set"; day_starts is "HH:mm" in UTC; month_starts "must be a value of 1";
 * custom_schedule.recurrence "Length must be 1", with a required rrule and a required
 * timezone; on_missing_data "is also required for metric monitors that use
 * scheduling_options.custom_schedule".
 */
function checkScheduling(
  so: Record<string, unknown> | undefined,
  def: MonitorDefinition,
  at: (...seg: (string | number)[]) => string,
  error: (path: string, message: string) => void,
  warning: (path: string, message: string) => void,
): void {
  if (!so) return;
  const ew = so.evaluation_window;
  if (ew !== undefined && ew !== null) {
    const p = (...seg: string[]) => at('scheduling_options', 'evaluation_window', ...seg);
    if (!isObject(ew)) error(p(), `expected an object such as {"hour_starts": 0} or {"day_starts": "04:00", "month_starts": 1}, found ${show(ew)}`);
    else {
      const hour = ew.hour_starts;
      if (hour !== undefined && hour !== null) {
        if (typeof hour !== 'number' || !Number.isInteger(hour) || hour < 0 || hour > 59) {
          error(p('hour_starts'), `hour_starts ${show(hour)} is out of range; expected the minute of the hour, a whole number from 0 to 59`);
        }
        for (const k of ['day_starts', 'month_starts']) {
          if (ew[k] !== undefined && ew[k] !== null)
            error(p(k), `${k} cannot be set together with hour_starts (an hourly cumulative window); expected hour_starts alone, or ${k} without hour_starts`);
        }
      }
      const day = ew.day_starts;
      if (day !== undefined && day !== null && (typeof day !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(day))) {
        error(p('day_starts'), `day_starts ${show(day)} is not a UTC time of day; expected "HH:mm", e.g. "04:00"`);
      }
      const month = ew.month_starts;
      if (month !== undefined && month !== null && month !== 1) {
        error(p('month_starts'), `month_starts ${show(month)} is not supported; expected 1 (a monthly cumulative window starts on the first day of the month)`);
      }
    }
  }
  const cs = so.custom_schedule;
  if (cs !== undefined && cs !== null) {
    const p = (...seg: (string | number)[]) => at('scheduling_options', 'custom_schedule', ...seg);
    const recurrences = isObject(cs) ? cs.recurrences : undefined;
    if (!Array.isArray(recurrences) || recurrences.length !== 1) {
      error(
        isObject(cs) ? p('recurrences') : p(),
        `expected exactly one recurrence, {"recurrences": [{"rrule": "FREQ=DAILY;INTERVAL=1", "timezone": "UTC"}]}, found ${show(isObject(cs) ? recurrences : cs)}`,
      );
    } else {
      const r: unknown = recurrences[0];
      if (!isObject(r)) error(p('recurrences', 0), `expected a recurrence {rrule, timezone, start}, found ${show(r)}`);
      else {
        if (typeof r.rrule !== 'string' || !/^\s*(RRULE:)?FREQ=/i.test(r.rrule)) {
          error(p('recurrences', 0, 'rrule'), `rrule ${show(r.rrule)} is not a recurrence rule; expected e.g. "FREQ=DAILY;INTERVAL=1" (RFC 5545)`);
        }
        if (typeof r.timezone !== 'string' || r.timezone.trim() === '') {
          error(p('recurrences', 0, 'timezone'), `required: a tz database time zone such as "UTC" or "America/New_York", found ${show(r.timezone)}`);
        }
        if (r.start !== undefined && r.start !== null && (typeof r.start !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(r.start))) {
          error(
            p('recurrences', 0, 'start'),
            `start ${show(r.start)} is not a local date and time; expected "YYYY-MM-DDThh:mm:ss", e.g. "2024-01-01T09:00:00"`,
          );
        }
      }
    }
    // The API client calls on_missing_data "required for metric monitors that use
    // scheduling_options.custom_schedule", but Datadog creates one without it: the provider's
    // recording TestAccDatadogMonitor_SchedulingOptionsCustomSchedule.yaml (v3.82.0, cassettes)
    // POSTs a metric alert with a custom_schedule and no on_missing_data, answered 200, and GET
    // returns it so. Hence a warning.
    if (isMetricMonitor(def.type) && def.options.on_missing_data === undefined) {
      warning(
        at('scheduling_options', 'custom_schedule'),
        `a metric monitor with a custom_schedule has no on_missing_data; the API client's docs call it required, Datadog accepts it without; expected options.on_missing_data, e.g. "default", to choose what missing data does`,
      );
    }
  }
}
