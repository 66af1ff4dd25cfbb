import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Monitor, MonitorConfig, MonitorVariables } from '@cdktf/provider-datadog/lib/monitor';
import type { MonitorDefinition, MonitorOptions } from '../config/monitor';
import { escapeTerraform } from './escape';

const num = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});

/** API `options.variables` (formula monitors) to the provider's `variables` block. */
function variables(list: unknown[] | undefined): MonitorVariables | undefined {
  if (!list || list.length === 0) return undefined;
  const eventQuery: NonNullable<MonitorVariables['eventQuery']> = [];
  const cloudCostQuery: NonNullable<MonitorVariables['cloudCostQuery']> = [];
  for (const item of list) {
    const v = asObj(item);
    if (v.data_source === 'cloud_cost') {
      cloudCostQuery.push({ dataSource: 'cloud_cost', name: String(v.name), query: escapeTerraform(String(v.query)), aggregator: v.aggregator === undefined ? undefined : String(v.aggregator) } as never);
      continue;
    }
    const compute = Array.isArray(v.compute) ? v.compute : [v.compute];
    (eventQuery as unknown[]).push({
      dataSource: String(v.data_source),
      name: String(v.name),
      indexes: Array.isArray(v.indexes) ? (v.indexes as string[]) : undefined,
      compute: compute.filter(Boolean).map((c) => {
        const o = asObj(c);
        return { aggregation: String(o.aggregation), interval: o.interval as number | undefined, metric: o.metric as string | undefined };
      }),
      groupBy: Array.isArray(v.group_by)
        ? v.group_by.map((g) => {
            const o = asObj(g);
            const sort = o.sort ? asObj(o.sort) : undefined;
            return {
              facet: String(o.facet),
              limit: o.limit as number | undefined,
              sort: sort ? { aggregation: String(sort.aggregation), metric: sort.metric as string | undefined, order: sort.order as string | undefined } : undefined,
            };
          })
        : undefined,
      search: { query: escapeTerraform(String(asObj(v.search).query ?? '')) },
    });
  }
  return {
    eventQuery: eventQuery.length > 0 ? eventQuery : undefined,
    cloudCostQuery: cloudCostQuery.length > 0 ? cloudCostQuery : undefined,
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
    customSchedule: rec
      ? { recurrence: { rrule: String(rec.rrule), start: rec.start as string | undefined, timezone: String(rec.timezone) } }
      : undefined,
  };
}

/** Maps a monitor definition (API names) onto datadog_monitor's attributes. */
export function monitorConfig(def: MonitorDefinition): MonitorConfig {
  const o = def.options;
  const th = o.thresholds;
  const tw = o.threshold_windows;
  return {
    name: escapeTerraform(def.name),
    type: def.type,
    query: escapeTerraform(def.query),
    message: escapeTerraform(def.message),
    tags: def.tags.length > 0 ? def.tags.map(escapeTerraform) : undefined,
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
    variables: variables(o.variables),
  };
}


export interface TorqMonitorsProps {
  /** Validated monitors, each with its stable catalog id. */
  readonly monitors: readonly { readonly id: string; readonly definition: MonitorDefinition; readonly webhook?: string; readonly restrictedRoleNames?: readonly string[]; readonly file?: string }[];
  /** The id (a Terraform reference) of a role of this org, by name: restrictedRoles given as names. */
  readonly roleId?: (name: string) => string;
  /** Prefix of each resource id: `<prefix>_<catalog id>`. */
  readonly idPrefix: string;
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
      let config = monitorConfig(m.definition);
      if (m.restrictedRoleNames && m.restrictedRoleNames.length > 0) {
        if (!props.roleId) throw new Error(`monitor ${m.id} names roles but the stack resolves no role names`);
        config = { ...config, restrictedRoles: [...(config.restrictedRoles ?? []), ...m.restrictedRoleNames.map(props.roleId)] };
      }
      const monitor = new Monitor(this, m.id, { ...config, dependsOn: dep ? [dep] : undefined });
      monitor.overrideLogicalId(`${props.idPrefix}_${m.id}`);
      // An org's own file (orgs/<org>/monitors/): named in a Terraform JSON comment, which Terraform
      // ignores, so the review can say where the monitor comes from (the catalog's path is implied).
      if (props.idPrefix === 'monitor' && m.file !== undefined && m.file !== `monitors/${m.id}.json`) monitor.addOverride('//.source_file', m.file);
      this.monitors.set(m.id, monitor);
    }
  }
}
