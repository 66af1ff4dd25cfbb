/**
 * The round trip's explained differences between a monitor or dashboard file and what Datadog
 * holds after the real provider 3.82.0 applied it (test/e2e/roundtrip.e2e.ts). Three kinds:
 * - `datadog`: a field Datadog sets or defaults on read, meaning what the file meant by leaving it out;
 * - `same meaning`: the provider leaves out a zero, false, empty or null value (or sends its own
 *   default) and Datadog's default for the missing value means the same; or a spelling Datadog
 *   normalizes ("80" -> 80, tag order, a trailing newline); or synth writes what the export means
 *   where the provider could not send the file's own spelling (new_group_delay 0);
 * - `cannot express`: provider 3.82.0 has no attribute for it, so the deployed monitor lacks it.
 *   Each is a row sent 'never' of src/datadog/providerFacts.ts (so docs/provider-facts.md names it),
 *   and the round trip fails unless `npm run validate` warns at the difference's JSON path.
 * Anything else is unexplained and fails the round trip: a synth bug to fix, not a line to add here.
 */
import { Difference, pattern } from './roundtrip';

export type Kind = 'datadog' | 'same meaning' | 'cannot express';

export interface Known {
  kind: Kind;
  name: string;
  /** `cannot express`: the rows of src/datadog/providerFacts.ts (datadog_monitor fields) that document it. */
  rows?: readonly string[];
  test(d: Difference, p: string): boolean;
}

const absent = (v: unknown) => v === undefined;
const isZeroish = (v: unknown) => v === 0 || v === '0' || v === false || v === '' || v === null;
const absentOrFalse = (v: unknown) => v === undefined || v === false;
const hasCustomSchedule = (m: any) => m?.options?.scheduling_options?.custom_schedule !== undefined && m?.options?.scheduling_options?.custom_schedule !== null;
const fileAbsentHeld = (path: string, held: unknown) => (d: Difference, p: string) =>
  p === path && absent(d.file_value) && JSON.stringify(d.held) === JSON.stringify(held);
const fileZeroHeldAbsent = (path: string) => (d: Difference, p: string) => p === path && isZeroish(d.file_value) && absent(d.held);

export const KNOWN: Known[] = [
  { kind: 'datadog', name: "options.silenced {} (Datadog's muting state)", test: fileAbsentHeld('$.options.silenced', {}) },
  { kind: 'datadog', name: "options.notify_audit false (Datadog's default)", test: fileAbsentHeld('$.options.notify_audit', false) },
  { kind: 'datadog', name: 'priority null (none)', test: fileAbsentHeld('$.priority', null) },
  { kind: 'datadog', name: 'restricted_roles null on a monitor (no restriction)', test: fileAbsentHeld('$.restricted_roles', null) },
  { kind: 'datadog', name: 'draft_status "published" (the provider\'s Default, Datadog\'s too)', test: fileAbsentHeld('$.draft_status', 'published') },
  {
    kind: 'datadog',
    name: "is_read_only false on a dashboard (Datadog's default; the provider's prepResource reads a missing one as false too)",
    test: fileAbsentHeld('$.is_read_only', false),
  },
  {
    kind: 'datadog',
    name: 'widget ids (resource_datadog_dashboard_json.go prepResource deletes them: Datadog assigns its own)',
    test: (_d, p) => /^\$(\.widgets\[\*\]\.definition)*\.widgets\[\*\]\.id$/.test(p),
  },
  {
    kind: 'same meaning',
    name: 'is_read_only true deployed as restricted_roles [Datadog Admin Role] (docs/provider-facts.md, Read-only dashboards)',
    test: (d, p) =>
      (p === '$.is_read_only' && d.file_value === true && absent(d.held)) ||
      (p === '$.restricted_roles' && absent(d.file_value) && Array.isArray(d.held) && d.held.length === 1),
  },
  { kind: 'same meaning', name: "options.include_tags true (provider Default true = Datadog's default)", test: fileAbsentHeld('$.options.include_tags', true) },
  {
    kind: 'same meaning',
    name: "options.notify_no_data false (provider Default false = Datadog's default)",
    test: fileAbsentHeld('$.options.notify_no_data', false),
  },
  {
    kind: 'same meaning',
    name: "options.new_host_delay 300 (provider Default 300, always sent = Datadog's default)",
    test: fileAbsentHeld('$.options.new_host_delay', 300),
  },
  {
    kind: 'same meaning',
    name: "options.enable_logs_sample false sent for a log alert (= Datadog's default)",
    test: fileAbsentHeld('$.options.enable_logs_sample', false),
  },
  {
    kind: 'same meaning',
    name: 'options.no_data_timeframe 10 beside notify_no_data true (synth writes 10, validate warns: docs/provider-facts.md)',
    test: fileAbsentHeld('$.options.no_data_timeframe', 10),
  },
  ...[
    'evaluation_delay',
    'no_data_timeframe',
    'renotify_interval',
    'timeout_h',
    'escalation_message',
    'locked',
    'groupby_simple_monitor',
    'enable_logs_sample',
    'restriction_query',
    'threshold_windows',
    'thresholds.warning_recovery',
    'thresholds.critical_recovery',
  ].map((o): Known => ({
    kind: 'same meaning',
    name: `options.${o} 0/false/""/null not sent (GetOk): Datadog's default is the same`,
    test: fileZeroHeldAbsent(`$.options.${o}`),
  })),
  {
    kind: 'same meaning',
    name: 'options.new_group_delay 0 not sent, new_host_delay 0 sent instead (docs/provider-facts.md)',
    test: (d, p) => p === '$.options.new_group_delay' && d.file_value === 0 && absent(d.held),
  },
  {
    kind: 'same meaning',
    name: 'options.new_host_delay 0 where the file says new_group_delay 0, which overrides any new_host_delay in Datadog (synth: no delay for hosts either; validate warns when it replaces a value)',
    test: (d, p) => p === '$.options.new_host_delay' && d.held === 0 && Number(d.fileRoot?.options?.new_group_delay ?? NaN) === 0,
  },
  {
    kind: 'same meaning',
    name: 'options.no_data_timeframe not sent beside on_missing_data (buildMonitorStruct: the two conflict; on_missing_data decides)',
    test: (d, p) => p === '$.options.no_data_timeframe' && absent(d.held) && d.heldRoot?.options?.on_missing_data !== undefined,
  },
  {
    kind: 'same meaning',
    name: 'options.no_data_timeframe not sent without notify_no_data true (its DiffSuppressFunc hides it; Datadog only uses it for no-data alerts)',
    test: (d, p) =>
      p === '$.options.no_data_timeframe' && absent(d.held) && d.fileRoot?.options?.notify_no_data !== true && d.fileRoot?.options?.notify_no_data !== 'true',
  },
  {
    kind: 'same meaning',
    name: 'a number or boolean written as a string ("80", "false") is sent as the value',
    test: (d) => typeof d.file_value === 'string' && (typeof d.held === 'number' || typeof d.held === 'boolean') && d.file_value === String(d.held),
  },
  {
    kind: 'same meaning',
    name: 'message: leading/trailing whitespace trimmed (resource_datadog_monitor.go, message StateFunc strings.TrimSpace)',
    test: (d, p) => p === '$.message' && typeof d.file_value === 'string' && d.file_value.trim() === d.held,
  },
  { kind: 'same meaning', name: 'tags in another order or without repeats (tags is a set: the provider sends them sorted)', test: (_d, p) => p === '$.tags' },
  {
    kind: 'same meaning',
    name: "options.require_full_window false where the file has none (synth writes Datadog's default, false; the provider's Default would be true)",
    test: fileAbsentHeld('$.options.require_full_window', false),
  },
  {
    kind: 'cannot express',
    name: 'options.notify_no_data true beside a custom schedule: buildMonitorStruct sends neither it nor no_data_timeframe, no-data alerts cannot be deployed (synth leaves both out)',
    rows: ['options.notify_no_data', 'options.no_data_timeframe'],
    test: (d, p) =>
      ['$.options.notify_no_data', '$.options.no_data_timeframe'].includes(p) &&
      !isZeroish(d.file_value) &&
      absentOrFalse(d.held) &&
      hasCustomSchedule(d.fileRoot),
  },
  {
    kind: 'cannot express',
    name: 'options.thresholds.comparison/period/timeAggregator (UI leftovers): monitor_thresholds has no such attributes, synth drops them',
    rows: ['options.thresholds.comparison', 'options.thresholds.period', 'options.thresholds.timeAggregator'],
    test: (d, p) => /^\$\.options\.thresholds\.(comparison|period|timeAggregator)$/.test(p) && absent(d.held),
  },
  {
    kind: 'cannot express',
    name: "options.scheduling_options.evaluation_window.timezone: the provider's evaluation_window has day_starts, hour_starts, month_starts only: the window starts in UTC",
    rows: ['options.scheduling_options.evaluation_window.timezone'],
    test: (d, p) => p === '$.options.scheduling_options.evaluation_window.timezone' && absent(d.held),
  },
  {
    kind: 'cannot express',
    name: 'options.variables[*].storage: event_query (getMonitorFormulaQuerySchema) has no storage, synth drops it',
    rows: ['options.variables[].storage'],
    test: (d, p) => p === '$.options.variables[*].storage' && absent(d.held),
  },
];

export function classify(d: Difference): Known | undefined {
  const p = pattern(d.path);
  return KNOWN.find((k) => k.test(d, p));
}
