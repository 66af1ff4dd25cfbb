/**
 * One table of what the Datadog provider 3.82.0 (terraform-provider-datadog v3.82.0, pinned by
 * @cdktf/provider-datadog 12.15.2) does with an attribute: its schema default, what it sends when
 * the attribute is absent or zero, ForceNew, set-typed (order means nothing), value aliases
 * (DiffSuppressFunc) and the enums it validates. Each row cites the provider file and function it
 * was read in. Synth, validate, import, the review and drift read these rows; nothing else in the
 * package states a provider default. docs/provider-facts.md's table is generated from it
 * (`npm run docs:facts`, checked by test/datadog/providerFacts.test.ts).
 */

/** How buildMonitorStruct (or the resource's request builder) puts an attribute in the request. */
export type Sent =
  /** Always in the request: the file's value, else the schema default. */
  | 'always'
  /** Only when set to a non-zero value (SDKv2 GetOk: 0, false, "" and [] are never sent). */
  | 'non-zero'
  /** Plugin-framework attribute: sent when set, never when null. */
  | 'not-null'
  /** The provider has no attribute for it: never sent. */
  | 'never';

export interface ProviderFact {
  resource: 'datadog_monitor' | 'datadog_dashboard_json' | 'datadog_webhook' | 'datadog_service_account' | 'datadog_service_account_application_key';
  /** The field as the API names it (`options.require_full_window`), or the provider attribute. */
  field: string;
  sent: Sent;
  /** The schema Default the provider sends when the configuration does not set the attribute. */
  schemaDefault?: unknown;
  /** What Datadog's API assumes when a monitor does not carry the field (how an export without it reads). */
  datadogDefault?: unknown;
  /** Not sent when the monitor has a custom schedule. */
  notWithCustomSchedule?: boolean;
  /** Only sent for these monitor types. */
  onlyForTypes?: readonly string[];
  /** A change destroys and re-creates the resource (ForceNew / RequiresReplace). */
  forceNew?: boolean;
  /** A set: order means nothing. */
  set?: boolean;
  /** Pairs of values the provider treats as the same (DiffSuppressFunc). */
  sameValues?: readonly (readonly [string, string])[];
  /** The only values the provider (or the API client it calls) accepts. */
  values?: readonly string[];
  /** What it means for a user, one sentence. */
  note: string;
  /** Where provider 3.82.0 says so: file, function. */
  source: string;
}

const MONITOR = 'datadog/resource_datadog_monitor.go';
const BUILD = `${MONITOR}, buildMonitorStruct`;
const SCHEMA = `${MONITOR}, resourceDatadogMonitor (schema)`;

/**
 * The monitor types provider 3.82.0 accepts: `type` has ValidateEnumValue(NewMonitorTypeFromValue)
 * of datadog-api-client-go v2.51.0 (its go.mod), whose list ends at "cost alert".
 */
export const PROVIDER_MONITOR_TYPES = [
  'composite',
  'event alert',
  'log alert',
  'metric alert',
  'process alert',
  'query alert',
  'rum alert',
  'service check',
  'synthetics alert',
  'trace-analytics alert',
  'slo alert',
  'event-v2 alert',
  'audit alert',
  'ci-pipelines alert',
  'ci-tests alert',
  'error-tracking alert',
  'database-monitoring alert',
  'network-performance alert',
  'cost alert',
] as const;

/** datadog-api-client-go v2.51.0 MonitorRenotifyStatusType (ValidateEnumValue on renotify_statuses). */
export const RENOTIFY_STATUSES = ['alert', 'warn', 'no data'] as const;
/** datadog-api-client-go v2.51.0 OnMissingDataOption (the provider casts to it; the API refuses others). */
export const ON_MISSING_DATA = ['default', 'show_no_data', 'show_and_notify_no_data', 'resolve'] as const;
/** datadog-api-client-go v2.51.0 MonitorOptionsNotificationPresets (ValidateEnumValue on notification_preset_name). */
export const NOTIFICATION_PRESETS = ['show_all', 'hide_query', 'hide_handles', 'hide_all'] as const;
/** datadog-api-client-go v2.51.0 MonitorDraftStatus (ValidateEnumValue on draft_status). */
export const DRAFT_STATUSES = ['draft', 'published'] as const;

export const PROVIDER_FACTS: readonly ProviderFact[] = [
  // datadog_monitor, top level
  {
    resource: 'datadog_monitor',
    field: 'type',
    sent: 'always',
    forceNew: true,
    sameValues: [['metric alert', 'query alert']],
    values: PROVIDER_MONITOR_TYPES,
    note: 'a change re-creates the monitor (a new id), except metric alert <-> query alert, Datadog\'s two names for one type; types newer than "cost alert" fail at plan',
    source: `${SCHEMA} (type: ForceNew, DiffSuppressFunc, ValidateEnumValue(NewMonitorTypeFromValue)); datadog/fwprovider/resource_datadog_monitor.go (RequiresReplaceIf, same exception)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'tags',
    sent: 'always',
    set: true,
    note: 'Optional+Computed: omitted, the live tags stay; synth always writes the list, [] to remove every tag',
    source: `${BUILD} (SetTags of the sorted set, [] when empty)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'restricted_roles',
    sent: 'always',
    set: true,
    note: 'Optional only: omitted, the provider sends null, which lifts the live restriction',
    source: `${BUILD} (SetRestrictedRoles(nil) when unset)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'priority',
    sent: 'always',
    note: 'omitted, null is sent: the live priority is removed',
    source: `${BUILD} (SetPriorityNil)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'draft_status',
    sent: 'always',
    schemaDefault: 'published',
    datadogDefault: 'published',
    values: DRAFT_STATUSES,
    note: 'omitted, "published"',
    source: `${SCHEMA} (draft_status Default, ValidateEnumValue(NewMonitorDraftStatusFromValue))`,
  },
  // datadog_monitor options: PUT replaces options whole, so an option not sent is cleared.
  {
    resource: 'datadog_monitor',
    field: 'options.thresholds',
    sent: 'non-zero',
    note: 'each threshold sent when set (a string: "0" is sent)',
    source: `${BUILD} (GetOk on monitor_thresholds.0.*)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.threshold_windows',
    sent: 'non-zero',
    note: 'sent when set',
    source: `${BUILD} (GetOk on monitor_threshold_windows.0.*)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.include_tags',
    sent: 'always',
    schemaDefault: true,
    datadogDefault: true,
    note: 'omitted, true',
    source: `${SCHEMA} (include_tags Default true); ${BUILD} (SetIncludeTags)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.notify_no_data',
    sent: 'always',
    schemaDefault: false,
    datadogDefault: false,
    notWithCustomSchedule: true,
    note: 'not sent at all with a custom schedule: the no-data alert cannot be deployed, Datadog holds false; synth leaves it out there (no endless false -> true diff) and validate warns at the field',
    source: `${BUILD} (SetNotifyNoData only without custom_schedule)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.require_full_window',
    sent: 'always',
    schemaDefault: true,
    datadogDefault: false,
    note: "omitted, the provider sends true while Datadog's own default (an export without the key) is false: synth writes false when the file has none; false is sent with a custom schedule",
    source: `${SCHEMA} (require_full_window Default true); ${BUILD} (SetRequireFullWindow, false with custom_schedule)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.new_host_delay',
    sent: 'always',
    schemaDefault: 300,
    datadogDefault: 300,
    note: 'omitted, 300; synth writes 0 when the file says new_group_delay 0, which the provider cannot send',
    source: `${SCHEMA} (new_host_delay Default 300, Deprecated); ${BUILD} (SetNewHostDelay, "Don't check with GetOk")`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.new_group_delay',
    sent: 'non-zero',
    note: "0 is never sent; in Datadog's API any new_group_delay, 0 too, overrides new_host_delay",
    source: `${SCHEMA} (comment above new_group_delay); ${BUILD} (GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.evaluation_delay',
    sent: 'non-zero',
    note: 'Optional+Computed and 0 never sent: synth writes 0 so the plan shows a live delay that is removed',
    source: `${SCHEMA} (evaluation_delay Computed); ${BUILD} (GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.no_data_timeframe',
    sent: 'non-zero',
    schemaDefault: 10,
    notWithCustomSchedule: true,
    note: "Default 10 (Datadog's own: 2x the evaluation window); sent only beside notify_no_data true (its DiffSuppressFunc hides it, the Default included, while notify_no_data is false); not sent with on_missing_data or a custom schedule (synth leaves it out there)",
    source: `${SCHEMA} (no_data_timeframe Default defaultNoDataTimeframeMinutes, DiffSuppressFunc); ${BUILD}`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.on_missing_data',
    sent: 'non-zero',
    values: ON_MISSING_DATA,
    note: 'conflicts with notify_no_data and no_data_timeframe',
    source: `${SCHEMA} (on_missing_data ConflictsWith); ${BUILD} (GetOk, OnMissingDataOption)`,
  },
  { resource: 'datadog_monitor', field: 'options.group_retention_duration', sent: 'non-zero', note: 'sent when set', source: `${BUILD} (GetOk)` },
  { resource: 'datadog_monitor', field: 'options.renotify_interval', sent: 'non-zero', note: 'sent when set', source: `${BUILD} (GetOk)` },
  { resource: 'datadog_monitor', field: 'options.renotify_occurrences', sent: 'non-zero', note: 'sent when set', source: `${BUILD} (GetOk)` },
  {
    resource: 'datadog_monitor',
    field: 'options.renotify_statuses',
    sent: 'non-zero',
    set: true,
    values: RENOTIFY_STATUSES,
    note: 'a set; sent when non-empty',
    source: `${SCHEMA} (TypeSet, ValidateEnumValue(NewMonitorRenotifyStatusTypeFromValue)); ${BUILD} (GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.notify_audit',
    sent: 'non-zero',
    datadogDefault: false,
    note: "false is never sent (Datadog's default)",
    source: `${BUILD} (GetOk)`,
  },
  { resource: 'datadog_monitor', field: 'options.timeout_h', sent: 'non-zero', note: 'sent when set', source: `${BUILD} (GetOk)` },
  { resource: 'datadog_monitor', field: 'options.escalation_message', sent: 'non-zero', note: 'sent when non-empty', source: `${BUILD} (GetOk)` },
  {
    resource: 'datadog_monitor',
    field: 'options.locked',
    sent: 'non-zero',
    note: 'deprecated, still sent when true; conflicts with restricted_roles: synth writes it only for a monitor with no restricted roles',
    source: `${SCHEMA} (locked Deprecated, ConflictsWith restricted_roles); ${BUILD} (GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.notify_by',
    sent: 'non-zero',
    set: true,
    note: 'a set (sent sorted)',
    source: `${SCHEMA} (TypeSet); ${BUILD} (GetOk, sort.Strings)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.notification_preset_name',
    sent: 'non-zero',
    values: NOTIFICATION_PRESETS,
    note: 'another value fails at plan',
    source: `${SCHEMA} (ValidateEnumValue(NewMonitorOptionsNotificationPresetsFromValue)); ${BUILD} (GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.enable_logs_sample',
    sent: 'always',
    schemaDefault: false,
    onlyForTypes: ['log alert'],
    note: 'log alerts only (false when unset); ignored for other types',
    source: `${BUILD} (MONITORTYPE_LOG_ALERT)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.groupby_simple_monitor',
    sent: 'non-zero',
    onlyForTypes: ['log alert'],
    note: 'log alerts only',
    source: `${BUILD} (MONITORTYPE_LOG_ALERT, GetOk)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.enable_samples',
    sent: 'always',
    schemaDefault: false,
    onlyForTypes: ['ci-pipelines alert', 'ci-tests alert'],
    note: 'CI monitors only (false when unset); ignored for other types',
    source: `${BUILD} (MONITORTYPE_CI_PIPELINES_ALERT, MONITORTYPE_CI_TESTS_ALERT)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.scheduling_options',
    sent: 'non-zero',
    note: 'evaluation_window (day_starts, month_starts, or hour_starts alone) and the first custom_schedule recurrence',
    source: `${BUILD} (GetOk on scheduling_options)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.scheduling_options.evaluation_window.timezone',
    sent: 'never',
    note: 'no such attribute: the window starts in UTC (validate warns at the field)',
    source: `${SCHEMA} (evaluation_window has day_starts, month_starts, hour_starts only)`,
  },
  ...(['comparison', 'period', 'timeAggregator'] as const).map((k): ProviderFact => ({
    resource: 'datadog_monitor',
    field: `options.thresholds.${k}`,
    sent: 'never',
    note: "a UI leftover of Datadog's exports: monitor_thresholds has no such attribute, so synth drops it (validate warns at the field)",
    source: `${SCHEMA} (monitor_thresholds has critical, critical_recovery, ok, unknown, warning, warning_recovery only)`,
  })),
  {
    resource: 'datadog_monitor',
    field: 'options.variables[].storage',
    sent: 'never',
    note: 'event_query has no storage attribute: synth drops it, so the query reads the default storage tier (validate warns at the field)',
    source: `${MONITOR}, getMonitorFormulaQuerySchema (event_query: data_source, name, indexes, compute, search, group_by only)`,
  },
  {
    resource: 'datadog_monitor',
    field: 'options.variables',
    sent: 'non-zero',
    note: 'event_query (compute: its first element) or cloud_cost_query',
    source: `${MONITOR}, getMonitorFormulaQuerySchema, buildMonitorFormulaAndFunctionEventQuery`,
  },
  // Other resources
  {
    resource: 'datadog_dashboard_json',
    field: 'is_read_only',
    sent: 'not-null',
    schemaDefault: false,
    note: 'sent only when the JSON has it; read back, it is deleted when restricted_roles is a list, otherwise a missing one is false, so neither shows a diff',
    source: 'datadog/resource_datadog_dashboard_json.go, prepResource, updateDashboardJSONState',
  },
  {
    resource: 'datadog_webhook',
    field: 'custom_headers',
    sent: 'not-null',
    note: 'sent only when not null: omitted, the live headers stay; synth writes "{}" for none',
    source: 'datadog/fwprovider/resource_datadog_webhook.go, buildWebhookRequestBody, buildWebhookUpdateRequestBody',
  },
  {
    resource: 'datadog_service_account',
    field: 'roles',
    sent: 'always',
    set: true,
    note: 'a set; synth always writes it, [] included',
    source: 'datadog/fwprovider/resource_datadog_service_account.go (roles: SetAttribute)',
  },
  {
    resource: 'datadog_service_account_application_key',
    field: 'service_account_id',
    sent: 'always',
    forceNew: true,
    note: 'a change re-creates the key (a new secret)',
    source: 'datadog/fwprovider/resource_datadog_service_account_application_key.go (service_account_id: RequiresReplace)',
  },
  {
    resource: 'datadog_service_account_application_key',
    field: 'scopes',
    sent: 'not-null',
    set: true,
    note: 'a set: order means nothing',
    source: 'datadog/fwprovider/resource_datadog_service_account_application_key.go (scopes: SetAttribute)',
  },
];

/** The row of a resource's field (`options.require_full_window`), if the table has one. */
export function providerFact(resource: string, field: string): ProviderFact | undefined {
  return PROVIDER_FACTS.find((f) => f.resource === resource && f.field === field);
}

/** The row of a monitor option (`require_full_window`); throws for a name the table lacks (a typo in code). */
export function monitorOption(name: string): ProviderFact {
  const f = providerFact('datadog_monitor', `options.${name}`);
  if (!f) throw new Error(`providerFacts: no row for datadog_monitor options.${name}`);
  return f;
}

/** The monitor options the table knows the provider sends (top-level option names). */
export const MONITOR_SENT_OPTIONS: readonly string[] = PROVIDER_FACTS.filter(
  (f) => f.resource === 'datadog_monitor' && f.sent !== 'never' && /^options\.[a-z_]+$/.test(f.field),
).map((f) => f.field.slice('options.'.length));

/** A resource's set-typed attributes, by provider attribute name (`tags`, `renotify_statuses`): their order means nothing. */
export function orderFreeAttributes(resource: string): string[] {
  return PROVIDER_FACTS.filter((f) => f.resource === resource && f.set).map((f) => f.field.replace(/^options\./, ''));
}

/** Two lists with the same members (a set-typed attribute that only changed order). */
export function sameMembers(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const key = (l: unknown[]) => JSON.stringify(l.map((x) => JSON.stringify(x)).sort());
  return key(a) === key(b);
}

/** Two values of an attribute the provider sees as the same (after its diff suppression). */
export function sameToProvider(resource: string, field: string, before: unknown, after: unknown): boolean {
  if (before === after) return true;
  const pairs = providerFact(resource, field)?.sameValues ?? [];
  return pairs.some((pair) => pair.includes(before as string) && pair.includes(after as string));
}

/** A metric monitor: "metric alert" or "query alert", Datadog's two names for one type. */
export function isMetricMonitor(type: unknown): boolean {
  return sameMonitorType(type, 'metric alert');
}

/** Monitor types datadog_monitor updates in place: the same, or metric alert and query alert. */
export function sameMonitorType(a: unknown, b: unknown): boolean {
  return sameToProvider('datadog_monitor', 'type', a, b);
}

/** The value of a top-level monitor option the provider puts in the request, or undefined when it sends none. */
export function sentMonitorOption(name: string, type: string, options: Record<string, unknown>): unknown {
  const f = providerFact('datadog_monitor', `options.${name}`);
  if (!f || f.sent === 'never') return undefined;
  if (f.onlyForTypes && !f.onlyForTypes.includes(type)) return undefined;
  const so = options.scheduling_options;
  const customSchedule =
    typeof so === 'object' &&
    so !== null &&
    (so as Record<string, unknown>).custom_schedule !== undefined &&
    (so as Record<string, unknown>).custom_schedule !== null;
  // buildMonitorStruct: with a custom schedule, require_full_window is sent as false.
  if (name === 'require_full_window' && customSchedule) return false;
  if (f.notWithCustomSchedule && customSchedule) return undefined;
  // buildMonitorStruct: no_data_timeframe is not sent next to on_missing_data. Nor without
  // notify_no_data true: its DiffSuppressFunc (resourceDatadogMonitor schema) suppresses every
  // change, the Default 10 on create included, while notify_no_data is false, so GetOk finds nothing
  // (the e2e suite's recorded requests: test/e2e/facts.e2e.ts).
  if (name === 'no_data_timeframe' && (options.on_missing_data !== undefined || options.notify_no_data !== true)) return undefined;
  const value = options[name] ?? f.schemaDefault;
  if (f.sent === 'non-zero' && isZero(value)) return undefined;
  return value;
}

/** SDKv2 GetOk's zero values: never sent by a `non-zero` attribute. */
export function isZero(v: unknown): boolean {
  return v === undefined || v === null || v === 0 || v === false || v === '' || (Array.isArray(v) && v.length === 0);
}
