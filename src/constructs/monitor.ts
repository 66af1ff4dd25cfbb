import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Monitor, MonitorConfig, MonitorVariables } from '@cdktf/provider-datadog/lib/monitor';
import type { MonitorDefinition, MonitorOptions } from '../config/monitor';
import { escapeTerraform } from './escape';
import { monitorOption } from '../datadog/providerFacts';
import { textOf } from '../config/json';
import { catalogMonitorFile, MonitorPrefix, monitorName } from '../datadog/naming';

const num = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/**
 * API `options.variables` (formula monitors) to the provider's `variables` block, in the shapes
 * provider 3.82.0 takes (src/validate/providerMonitor.ts checkVariables refuses the others before
 * synth): a "cost alert"'s variables are cloud_cost_query (updateMonitorState reads them back so),
 * every other monitor's are event_query, whose `compute` is a list of the API's one compute object
 * (buildMonitorFormulaAndFunctionEventQuery reads its first element).
 */
function variables(type: string, list: unknown[] | undefined): MonitorVariables | undefined {
  if (!list || list.length === 0) return undefined;
  if (type === 'cost alert') {
    return {
      cloudCostQuery: list.map((item) => {
        const v = asObj(item);
        return { dataSource: String(v.data_source), name: String(v.name), query: escapeTerraform(String(v.query)), aggregator: String(v.aggregator) };
      }),
    };
  }
  return {
    eventQuery: list.map((item) => {
      const v = asObj(item);
      const compute = asObj(Array.isArray(v.compute) ? v.compute[0] : v.compute);
      return {
        dataSource: String(v.data_source),
        name: String(v.name),
        indexes: Array.isArray(v.indexes) ? (v.indexes as string[]) : undefined,
        compute: [{ aggregation: String(compute.aggregation), interval: compute.interval as number | undefined, metric: compute.metric as string | undefined }],
        groupBy: Array.isArray(v.group_by)
          ? v.group_by.map((g) => {
              const o = asObj(g);
              const sort = o.sort ? asObj(o.sort) : undefined;
              return {
                facet: String(o.facet),
                limit: o.limit as number | undefined,
                sort: sort
                  ? { aggregation: String(sort.aggregation), metric: sort.metric as string | undefined, order: sort.order as string | undefined }
                  : undefined,
              };
            })
          : undefined,
        search: { query: escapeTerraform(textOf(asObj(v.search).query)) },
      };
    }),
  };
}

function schedulingOptions(s: MonitorOptions['scheduling_options']): MonitorConfig['schedulingOptions'] {
  if (!s) return undefined;
  const ew = s.evaluation_window ? asObj(s.evaluation_window) : undefined;
  const cs = s.custom_schedule ? asObj(s.custom_schedule) : undefined;
  const rec = cs && Array.isArray(cs.recurrences) ? asObj(cs.recurrences[0]) : undefined;
  return {
    evaluationWindow: ew
      ? { dayStarts: ew.day_starts as string | undefined, hourStarts: ew.hour_starts as number | undefined, monthStarts: ew.month_starts as number | undefined }
      : undefined,
    customSchedule: rec ? { recurrence: { rrule: String(rec.rrule), start: rec.start as string | undefined, timezone: String(rec.timezone) } } : undefined,
  };
}

/**
 * The options synth writes for a monitor, so that what provider 3.82.0 sends means what the file
 * (a Datadog export) means. Each rule is a row of src/datadog/providerFacts.ts:
 * - require_full_window: absent in an export means Datadog's default, false; the provider would
 *   send its schema default, true (always sent), so synth writes false.
 * - new_host_delay: new_group_delay 0 is never sent (GetOk) while new_host_delay (default 300) always
 *   is; in Datadog's API any new_group_delay, 0 too, overrides new_host_delay. So a file with
 *   new_group_delay 0 means "no delay", and synth writes new_host_delay 0 whatever the file's
 *   new_host_delay (validation warns when that replaces a value).
 * - no_data_timeframe: with notify_no_data on and none given, the provider's Default, 10, written
 *   out so the JSON shows it (validation warns: Datadog's own default differs). Not sent with
 *   on_missing_data or a custom schedule.
 * - notify_no_data, no_data_timeframe beside a custom schedule: buildMonitorStruct sends neither, so
 *   Datadog holds notify_no_data false and no timeframe; writing the file's true (and its timeframe)
 *   would show `notify_no_data false -> true` on every plan, for ever. Synth leaves both out (the
 *   provider's default false, which suppresses the timeframe's diff) and validation warns at
 *   options.notify_no_data that the no-data alert cannot be deployed.
 * - evaluation_delay: Optional+Computed and 0 never sent: 0 so the plan shows a live delay removed.
 * - locked: kept when the monitor has no restricted roles (it conflicts with restricted_roles).
 * Used by the construct and by org:import's comparer (src/import/compare/monitor.ts).
 */
export function synthOptions(def: Pick<MonitorDefinition, 'options'>, hasRestrictedRoles: boolean): MonitorOptions {
  const o: MonitorOptions = { ...def.options };
  if (o.require_full_window === undefined) o.require_full_window = monitorOption('require_full_window').datadogDefault as boolean;
  if (o.new_group_delay === 0) o.new_host_delay = 0;
  if (o.no_data_timeframe === undefined && o.notify_no_data === true && o.on_missing_data === undefined && !hasCustomSchedule(o)) {
    o.no_data_timeframe = monitorOption('no_data_timeframe').schemaDefault as number;
  }
  if (hasCustomSchedule(o)) {
    for (const name of ['notify_no_data', 'no_data_timeframe'] as const) if (monitorOption(name).notWithCustomSchedule) delete o[name];
  }
  o.evaluation_delay = o.evaluation_delay ?? 0;
  if (o.locked !== true || hasRestrictedRoles) delete o.locked;
  return o;
}

function hasCustomSchedule(o: MonitorOptions): boolean {
  const so = o.scheduling_options;
  return !!so && so.custom_schedule !== undefined && so.custom_schedule !== null;
}

/** Maps a monitor definition (API names) onto datadog_monitor's attributes. */
export function monitorConfig(def: MonitorDefinition, hasRoleNames = false): MonitorConfig {
  const o = synthOptions(def, hasRoleNames || (def.restricted_roles ?? []).length > 0);
  const th = o.thresholds;
  const tw = o.threshold_windows;
  return {
    name: escapeTerraform(def.name),
    type: def.type,
    query: escapeTerraform(def.query),
    message: escapeTerraform(def.message),
    // tags is Optional+Computed (resource_datadog_monitor.go): omitted, it keeps the live tags;
    // an empty list is sent as [] and removes them (buildMonitorStruct always sends the set).
    tags: def.tags.map(escapeTerraform),
    priority: def.priority === null ? undefined : String(def.priority),
    restrictedRoles: def.restricted_roles,
    draftStatus: def.draft_status,
    monitorThresholds:
      th && Object.keys(th).length > 0
        ? {
            critical: num(th.critical),
            warning: num(th.warning),
            criticalRecovery: num(th.critical_recovery),
            warningRecovery: num(th.warning_recovery),
            ok: num(th.ok),
            unknown: num(th.unknown),
          }
        : undefined,
    monitorThresholdWindows: tw ? { triggerWindow: tw.trigger_window, recoveryWindow: tw.recovery_window } : undefined,
    notifyNoData: o.notify_no_data,
    noDataTimeframe: o.no_data_timeframe,
    newGroupDelay: o.new_group_delay,
    newHostDelay: o.new_host_delay,
    evaluationDelay: o.evaluation_delay,
    locked: o.locked,
    renotifyInterval: o.renotify_interval,
    renotifyOccurrences: o.renotify_occurrences,
    renotifyStatuses: o.renotify_statuses,
    escalationMessage: o.escalation_message === undefined ? undefined : escapeTerraform(o.escalation_message),
    includeTags: o.include_tags,
    requireFullWindow: o.require_full_window,
    notifyAudit: o.notify_audit,
    timeoutH: o.timeout_h,
    onMissingData: o.on_missing_data,
    groupRetentionDuration: o.group_retention_duration,
    notifyBy: o.notify_by,
    groupbySimpleMonitor: o.groupby_simple_monitor,
    enableLogsSample: o.enable_logs_sample,
    enableSamples: o.enable_samples,
    notificationPresetName: o.notification_preset_name,
    schedulingOptions: schedulingOptions(o.scheduling_options),
    variables: variables(def.type, o.variables),
  };
}

export interface TorqMonitorsProps {
  /** Validated monitors, each with its stable catalog id. */
  readonly monitors: readonly {
    readonly id: string;
    readonly definition: MonitorDefinition;
    readonly webhook?: string;
    readonly restrictedRoleNames?: readonly string[];
    readonly file?: string;
  }[];
  /** The id (a Terraform reference) of a role of this org, by name: restrictedRoles given as names. */
  readonly roleId?: (name: string) => string;
  /** Prefix of each resource id: `<prefix>_<catalog id>`. */
  readonly idPrefix: MonitorPrefix;
  /** The resources a monitor that notifies a webhook must wait for, by webhook name. */
  readonly webhooks?: ReadonlyMap<string, ITerraformDependable>;
}

/**
 * A set of datadog_monitor resources. Each resource id comes from the monitor's catalog id (its
 * file name), never from its position, so adding or reordering files replaces nothing. A monitor
 * that notifies a Torq webhook depends on it, so apply creates the webhook first.
 */
export class TorqMonitors extends Construct {
  readonly monitors = new Map<string, Monitor>();
  constructor(scope: Construct, id: string, props: TorqMonitorsProps) {
    super(scope, id);
    for (const m of props.monitors) {
      const dep = m.webhook === undefined ? undefined : props.webhooks?.get(m.webhook);
      let config = monitorConfig(m.definition, (m.restrictedRoleNames ?? []).length > 0);
      if (m.restrictedRoleNames && m.restrictedRoleNames.length > 0) {
        if (!props.roleId) throw new Error(`monitor ${m.id} names roles but the stack resolves no role names`);
        config = { ...config, restrictedRoles: [...(config.restrictedRoles ?? []), ...m.restrictedRoleNames.map(props.roleId)] };
      }
      const monitor = new Monitor(this, m.id, { ...config, dependsOn: dep ? [dep] : undefined });
      monitor.overrideLogicalId(monitorName(m.id, props.idPrefix));
      // An org's own file (orgs/<org>/monitors/): named in a Terraform JSON comment, which Terraform
      // ignores, so the review can say where the monitor comes from (the catalog's path is implied).
      if (props.idPrefix === 'monitor' && m.file !== undefined && m.file !== catalogMonitorFile(m.id)) monitor.addOverride('//.source_file', m.file);
      this.monitors.set(m.id, monitor);
    }
  }
}
