/**
 * Monitor files: Datadog's own monitor JSON, in either of the two shapes users have at hand.
 *  - API / UI export: `{name, type, query, message, tags, priority, options, ...}`
 *  - integration asset: `{version, title, description, tags, definition: {name, type, ...}}`
 * Both normalize to one MonitorDefinition. Real exports carry quirks (numbers as strings, nulls,
 * UI leftovers, server-owned ids) that are accepted and cleaned here, never refused.
 */
import { Finding, FindingSink, jsonPath, show, subPath } from './findings';
import { isObject } from './json';
import { didYouMean } from './suggest';
import { DRAFT_STATUSES, PROVIDER_FACTS, providerFact } from '../datadog/providerFacts';

export type { MonitorOptions, MonitorThresholds, MonitorThresholdWindows } from './monitorOptionTypes';
import type { MonitorOptions, MonitorThresholds, MonitorThresholdWindows } from './monitorOptionTypes';

export interface MonitorDefinition {
  name: string;
  type: string;
  query: string;
  message: string;
  tags: string[];
  /** 1 (highest) to 5, or null for none. */
  priority: number | null;
  options: MonitorOptions;
  restricted_roles?: string[];
  /** `draft` (no notification) or `published`; datadog_monitor defaults to published. */
  draft_status?: 'draft' | 'published';
}

export interface LoadedMonitor {
  /** The catalog id: the file name without `.json`. It is also the Terraform resource id. */
  readonly id: string;
  readonly file: string;
  /** JSONPath of the definition inside the file: `$` (export) or `$.definition` (asset). */
  readonly definitionPath: string;
  readonly definition: MonitorDefinition;
  /**
   * Options and thresholds the file sets but the loader could not read (already reported), as
   * `thresholds.critical` or `evaluation_delay`: rules that need them stay silent, so one mistake
   * gives one finding.
   */
  readonly unreadable?: readonly string[];
}

/**
 * Fields of a monitor export that the API owns (or computes) and never takes back: each is a
 * warning with its JSON path, and none is deployed (synth strips them), as for dashboards.
 * `restricted_roles` is not one of them: it is the user's, but one org's (see
 * sharedCatalogFindings).
 */
export const MONITOR_SERVER_FIELDS = [
  'id',
  'created',
  'created_at',
  'modified',
  'modified_at',
  'creator',
  'org_id',
  'overall_state',
  'overall_state_modified',
  'deleted',
  'multi',
  'matching_downtimes',
  'state',
  'classification',
] as const;

/** Options keys that are UI leftovers or deprecated; dropped on load. */
export const MONITOR_OPTION_LEFTOVERS = ['silenced', 'restriction_query', 'aggregation'] as const;
/** Keys under options.thresholds that the UI leaves behind and the API ignores. */
export const THRESHOLD_LEFTOVERS = ['period', 'comparison', 'timeAggregator'] as const;

/**
 * Option keys that datadog_monitor deploys (src/constructs/monitor.ts maps each): the top-level
 * options of the provider-facts table that the provider sends at all.
 */
export const DEPLOYED_OPTIONS: readonly string[] = PROVIDER_FACTS.filter(
  (f) => f.resource === 'datadog_monitor' && /^options\.[a-z_]+$/.test(f.field) && f.sent !== 'never',
).map((f) => f.field.slice('options.'.length));

/** Catalog ids and dashboard ids become Terraform resource ids. */
export const RESOURCE_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const THRESHOLD_KEYS = ['critical', 'warning', 'critical_recovery', 'warning_recovery', 'ok', 'unknown'] as const;
const NUMERIC_OPTIONS = [
  'no_data_timeframe',
  'new_group_delay',
  'new_host_delay',
  'evaluation_delay',
  'renotify_interval',
  'renotify_occurrences',
  'timeout_h',
] as const;
const BOOLEAN_OPTIONS = [
  'notify_no_data',
  'include_tags',
  'require_full_window',
  'notify_audit',
  'groupby_simple_monitor',
  'enable_logs_sample',
  'enable_samples',
  'locked',
] as const;
const STRING_OPTIONS = ['escalation_message', 'on_missing_data', 'group_retention_duration', 'notification_preset_name'] as const;

/** A number, or a string holding one ("0", "90.5"): real exports have both. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** The catalog id of a monitor file: its base name without `.json`. */
export function monitorIdFromFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.json$/i, '');
}

/** True when a parsed JSON value has the integration-asset shape. */
export function isAssetShape(raw: unknown): raw is { definition: Record<string, unknown> } {
  return isObject(raw) && isObject(raw.definition);
}

/** Where the loader reports: the file's findings, and JSON paths inside the monitor's definition. */
interface Reader {
  readonly sink: FindingSink;
  readonly def: Record<string, unknown>;
  readonly at: (...seg: (string | number)[]) => string;
}

/** name, type, query (required) and message: strings, the first three non-empty. */
function readTexts(r: Reader): Pick<MonitorDefinition, 'name' | 'type' | 'query' | 'message'> {
  const { def, sink, at } = r;
  const str = (key: string, required: boolean): string => {
    const v = def[key];
    if (typeof v === 'string') return v;
    if (v === undefined || v === null) {
      if (required) sink.error(at(key), `required: expected a string, found ${show(v)}`);
      return '';
    }
    sink.error(at(key), `expected a string, found ${show(v)}`);
    return '';
  };
  const name = str('name', true);
  const type = str('type', true);
  const query = str('query', true);
  const message = str('message', false);
  if (name.trim() === '' && typeof def.name === 'string') sink.error(at('name'), 'expected a non-empty name, found ""');
  if (query.trim() === '' && typeof def.query === 'string') sink.error(at('query'), 'expected a non-empty query, found ""');
  if (type === '' && typeof def.type === 'string') sink.error(at('type'), 'expected a monitor type such as "query alert" or "log alert", found ""');
  return { name, type, query, message };
}

/** Tags: the definition's tags, else the asset's top-level tags; each once. */
function readTags(r: Reader, raw: Record<string, unknown>, asset: boolean): string[] {
  const { def, sink, at } = r;
  const tags: string[] = [];
  const rawTags = def.tags ?? (asset ? raw.tags : undefined);
  if (Array.isArray(rawTags)) {
    const tagsAt = (i: number) => (def.tags !== undefined ? at('tags', i) : jsonPath(['tags', i]));
    rawTags.forEach((t, i) => {
      if (typeof t !== 'string') sink.error(tagsAt(i), `expected a tag string such as "team:secops", found ${show(t)}`);
      // A comma separates tags wherever Datadog reads a tag list (queries, the monitor search, tag
      // APIs): https://docs.datadoghq.com/getting_started/tagging/ ("Tags ... cannot contain commas" in the
      // allowed characters: letters, digits, _ - : . /). One entry, one tag.
      else if (t.includes(','))
        sink.error(
          tagsAt(i),
          `tag ${show(t)} contains a comma; expected one tag per entry, e.g. ${t
            .split(',')
            .map((x) => show(x.trim()))
            .join(', ')}`,
        );
      else tags.push(t);
    });
  } else if (rawTags !== undefined && rawTags !== null) {
    sink.error(at('tags'), `expected a list of tag strings, found ${show(rawTags)}`);
  }
  return [...new Set(tags)];
}

function readPriority(r: Reader): number | null {
  const { def, sink, at } = r;
  if (def.priority === undefined || def.priority === null) return null;
  const p = toNumber(def.priority);
  if (p === undefined || !Number.isInteger(p) || p < 1 || p > 5) {
    sink.error(at('priority'), `expected an integer from 1 (highest) to 5, or null, found ${show(def.priority)}`);
    return null;
  }
  return p;
}

/** options.thresholds: numbers (or strings holding one); a "90%" is refused with the plain number. */
function readThresholds(value: Record<string, unknown>, p: string, sink: FindingSink, unreadable: string[]): MonitorThresholds {
  const th: MonitorThresholds = {};
  for (const [tk, tv] of Object.entries(value)) {
    if (tv === null || tv === undefined) continue;
    if ((THRESHOLD_LEFTOVERS as readonly string[]).includes(tk)) {
      // A row of src/datadog/providerFacts.ts: monitor_thresholds has no such attribute (sent 'never').
      if (providerFact('datadog_monitor', `options.thresholds.${tk}`)?.sent === 'never')
        sink.warning(
          subPath(p, tk),
          `${tk} ${show(tv)} is a leftover of Datadog's monitor editor that provider 3.82.0 cannot express (resource_datadog_monitor.go: monitor_thresholds has critical, critical_recovery, ok, unknown, warning and warning_recovery only); synth drops it and the query alone decides (expected no ${tk} in options.thresholds)`,
        );
      continue;
    }
    if (!(THRESHOLD_KEYS as readonly string[]).includes(tk)) {
      sink.error(subPath(p, tk), `unknown threshold ${show(tk)}: expected one of ${THRESHOLD_KEYS.join(', ')}`);
      continue;
    }
    const n = toNumber(tv);
    if (n !== undefined) th[tk as keyof MonitorThresholds] = n;
    else {
      unreadable.push(`thresholds.${tk}`);
      const percent = typeof tv === 'string' ? /^\s*([-+]?\d+(?:\.\d+)?)\s*%\s*$/.exec(tv) : null;
      // Thresholds are plain numbers in the query's unit (Datadog API, MonitorThresholds: numbers).
      if (percent)
        sink.error(
          subPath(p, tk),
          `threshold ${show(tv)} is written with "%"; expected the plain number ${percent[1]} (a threshold is in the query's own unit: write the query as a percentage, e.g. "... * 100 > ${percent[1]}")`,
        );
      else sink.error(subPath(p, tk), `expected a number, found ${show(tv)}`);
    }
  }
  return th;
}

function readThresholdWindows(value: Record<string, unknown>, p: string, sink: FindingSink): MonitorThresholdWindows | undefined {
  const w: MonitorThresholdWindows = {};
  for (const wk of ['trigger_window', 'recovery_window'] as const) {
    const wv = value[wk];
    if (wv === null || wv === undefined) continue;
    if (typeof wv !== 'string') sink.error(subPath(p, wk), `expected a window such as "last_15m", found ${show(wv)}`);
    else w[wk] = wv;
  }
  return w.trigger_window !== undefined || w.recovery_window !== undefined ? w : undefined;
}

/** One option of `options`, typed as the API types it; a wrong type is an error at its path. */
function readOption(options: MonitorOptions, key: string, value: unknown, p: string, sink: FindingSink, unreadable: string[]): void {
  if ((NUMERIC_OPTIONS as readonly string[]).includes(key)) {
    const n = toNumber(value);
    if (n === undefined) {
      sink.error(p, `expected a number, found ${show(value)}`);
      unreadable.push(key);
    } else options[key] = n;
  } else if ((BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
    const b = toBoolean(value);
    if (b === undefined) sink.error(p, `expected true or false, found ${show(value)}`);
    else options[key] = b;
  } else if ((STRING_OPTIONS as readonly string[]).includes(key)) {
    if (typeof value !== 'string') sink.error(p, `expected a string, found ${show(value)}`);
    else options[key] = value;
  } else if (key === 'thresholds') {
    if (!isObject(value)) sink.error(p, `expected an object such as {"critical": 90}, found ${show(value)}`);
    else options.thresholds = readThresholds(value, p, sink, unreadable);
  } else if (key === 'threshold_windows') {
    if (!isObject(value)) sink.error(p, `expected an object {trigger_window, recovery_window}, found ${show(value)}`);
    else {
      const w = readThresholdWindows(value, p, sink);
      if (w) options.threshold_windows = w;
    }
  } else if (key === 'renotify_statuses' || key === 'notify_by') {
    if (!Array.isArray(value) || value.some((x) => typeof x !== 'string')) sink.error(p, `expected a list of strings, found ${show(value)}`);
    else options[key] = [...(value as string[])];
  } else if (key === 'scheduling_options') {
    if (!isObject(value)) sink.error(p, `expected an object, found ${show(value)}`);
    else options.scheduling_options = value;
  } else if (key === 'variables') {
    if (!Array.isArray(value)) sink.error(p, `expected a list of query variables, found ${show(value)}`);
    else options.variables = value;
  } else {
    options[key] = value;
  }
}

function readOptions(r: Reader): { options: MonitorOptions; unreadable: string[] } {
  const { def, sink, at } = r;
  const options: MonitorOptions = {};
  const unreadable: string[] = [];
  const rawOptions = def.options;
  if (rawOptions !== undefined && rawOptions !== null && !isObject(rawOptions)) {
    sink.error(at('options'), `expected an object of monitor options, found ${show(rawOptions)}`);
  }
  const opts = isObject(rawOptions) ? rawOptions : {};
  for (const [key, value] of Object.entries(opts)) {
    if (value === null || value === undefined) continue;
    if ((MONITOR_OPTION_LEFTOVERS as readonly string[]).includes(key)) continue;
    readOption(options, key, value, at('options', key), sink, unreadable);
  }

  // locked false is Datadog's default and never sent (GetOk, src/datadog/providerFacts.ts): a leftover.
  if (options.locked !== true) delete options.locked;
  // With on_missing_data set, notify_no_data false and no_data_timeframe are no-ops that Datadog's
  // own exports carry (the API returns notify_no_data false; no_data_timeframe only applies with
  // notify_no_data true, and provider 3.82.0 never sends it next to on_missing_data). Both are
  // ConflictsWith on_missing_data in datadog_monitor, so written out they would stop plan: they
  // are dropped here. notify_no_data true with on_missing_data is a real contradiction, reported by
  // the validator (src/validate/options.ts).
  if (options.on_missing_data !== undefined && options.notify_no_data !== true) {
    delete options.notify_no_data;
    delete options.no_data_timeframe;
  }
  return { options, unreadable };
}

function readRestrictedRoles(r: Reader): string[] | undefined {
  const { def, sink, at } = r;
  if (Array.isArray(def.restricted_roles)) {
    if (def.restricted_roles.every((x) => typeof x === 'string')) return def.restricted_roles;
    sink.error(at('restricted_roles'), `expected a list of role ids, found ${show(def.restricted_roles)}`);
  } else if (def.restricted_roles !== undefined && def.restricted_roles !== null) {
    // Not dropped in silence: the monitor would deploy with no edit restriction at all.
    sink.error(
      at('restricted_roles'),
      `restricted_roles ${show(def.restricted_roles)} is not a list; expected a list of role ids, e.g. [${show(def.restricted_roles)}] (as it is, it would be ignored and the monitor deployed unrestricted)`,
    );
  }
  return undefined;
}

function readDraftStatus(r: Reader): MonitorDefinition['draft_status'] {
  const { def, sink, at } = r;
  if (def.draft_status === undefined || def.draft_status === null) return undefined;
  if (def.draft_status === 'draft' || def.draft_status === 'published') return def.draft_status;
  // ValidateEnumValue(NewMonitorDraftStatusFromValue): resource_datadog_monitor.go v3.82.0.
  const hint = typeof def.draft_status === 'string' ? didYouMean(def.draft_status, DRAFT_STATUSES) : '';
  sink.error(at('draft_status'), `expected "draft" or "published", found ${show(def.draft_status)}${hint}`);
  return undefined;
}

/**
 * Normalizes one parsed monitor file. Structural problems (a missing name or query, a value of
 * the wrong JSON type) are errors; semantic rules (type, grammar, thresholds, message) are the
 * validator's (src/validate).
 */
export function parseMonitor(raw: unknown, file: string): { monitor?: LoadedMonitor; findings: Finding[] } {
  const sink = new FindingSink(file);
  if (!isObject(raw)) {
    sink.error('$', `expected a monitor object ({name, type, query, message, options}), found ${show(raw)}`);
    return { findings: sink.findings };
  }
  const asset = isAssetShape(raw);
  const definitionPath = asset ? '$.definition' : '$';
  const def = asset ? raw.definition : raw;
  const r: Reader = { sink, def, at: (...seg) => subPath(definitionPath, ...seg) };

  const texts = readTexts(r);
  const tags = readTags(r, raw, asset);
  const priority = readPriority(r);
  const { options, unreadable } = readOptions(r);
  const restricted_roles = readRestrictedRoles(r);
  for (const key of MONITOR_SERVER_FIELDS) {
    if (!(key in def)) continue;
    sink.warning(
      r.at(key),
      `${key} ${show(def[key])} is owned by Datadog (a field of the monitor's export, not of its definition); it is stripped on synth (expected no ${key} in a monitor under code)`,
    );
  }
  const draft_status = readDraftStatus(r);

  const definition: MonitorDefinition = { ...texts, tags, priority, options };
  if (restricted_roles && restricted_roles.length > 0) definition.restricted_roles = restricted_roles;
  if (draft_status !== undefined) definition.draft_status = draft_status;
  const monitor: LoadedMonitor = { id: monitorIdFromFile(file), file, definitionPath, definition, ...(unreadable.length > 0 ? { unreadable } : {}) };
  return { monitor, findings: sink.findings };
}

/**
 * Rules for a file of the shared catalog (`monitors/`), which every org that selects it deploys:
 * role ids (`restricted_roles`) belong to one org, so they are an error there. The per-org way is
 * the org file's `monitors.overrides.<id>.restrictedRoles` (role names or ids, resolved per org).
 */
export function sharedCatalogFindings(m: LoadedMonitor): Finding[] {
  const roles = m.definition.restricted_roles;
  if (!roles || roles.length === 0) return [];
  return [
    {
      file: m.file,
      path: subPath(m.definitionPath, 'restricted_roles'),
      severity: 'error',
      message:
        `restricted_roles ${show(roles)} are role ids of one Datadog org, and this file is in the shared catalog (monitors/), which every org that selects it deploys: ` +
        'in another org these ids name no role (or other roles); expected no restricted_roles in monitors/: restrict who may edit the monitor per org, in the org file, ' +
        `as "monitors": {"overrides": {"${m.id}": {"restrictedRoles": ["<role name or id>"]}}} (monitors.overrides.${m.id}.restrictedRoles)`,
    },
  ];
}
