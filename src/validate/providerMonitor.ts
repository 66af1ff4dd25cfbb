/**
 * What provider 3.82.0 (terraform-provider-datadog v3.82.0, datadog/resource_datadog_monitor.go)
 * refuses or silently changes in a monitor that Datadog's API itself would take: the monitor type
 * enum, the shape of formula `variables`, and the no-data options a custom schedule drops. Each
 * rule cites the function it encodes; docs/provider-facts.md says the same for users.
 */
import { Finding, show, subPath } from '../config/findings';
import type { MonitorDefinition } from '../config/monitor';
import { didYouMean } from '../config/suggest';
import { MONITOR_TYPES } from './query';
import { PROVIDER_MONITOR_TYPES, monitorOption } from '../datadog/providerFacts';
import { isObject } from '../config/json';

/**
 * The monitor type rule: a type provider 3.82.0 refuses at plan is an error, with the reason when
 * Datadog's API knows it (a newer type) and "did you mean" for a near miss. True when the type is
 * one the provider takes (then the other rules can judge the monitor).
 */
export function checkProviderMonitorType(type: string, file: string, at: string, out: Finding[]): boolean {
  if ((PROVIDER_MONITOR_TYPES as readonly string[]).includes(type)) return true;
  if (type === '') return false; // missing, not a string, or "": the loader reports it, once
  const newer = (MONITOR_TYPES as readonly string[]).includes(type);
  const message = newer
    ? `monitor type ${show(type)} is newer than the Datadog provider this package pins (3.82.0): its type check (resource_datadog_monitor.go, ValidateEnumValue of datadog-api-client-go v2.51.0's MonitorType, which ends at "cost alert") refuses it at plan, so no apply can create it; expected one of ${PROVIDER_MONITOR_TYPES.join(', ')} (keep this monitor out of the org with monitors.exclude until the provider is upgraded)`
    : `unknown monitor type ${show(type)}${didYouMean(type, PROVIDER_MONITOR_TYPES)}; expected one of ${PROVIDER_MONITOR_TYPES.join(', ')}`;
  out.push({ file, path: at, severity: 'error', message });
  return false;
}

/* Enums of getMonitorFormulaQuerySchema (resource_datadog_monitor.go v3.82.0), as its docs list them. */
/** event_query.data_source: MonitorFormulaAndFunctionEventsDataSource. */
export const EVENT_DATA_SOURCES = ['rum', 'ci_pipelines', 'ci_tests', 'audit', 'events', 'logs', 'spans', 'database_queries', 'network'] as const;
/** event_query.compute.aggregation and group_by.sort.aggregation: MonitorFormulaAndFunctionEventAggregation. */
export const EVENT_AGGREGATIONS = ['count', 'cardinality', 'median', 'pc75', 'pc90', 'pc95', 'pc98', 'pc99', 'sum', 'min', 'max', 'avg'] as const;
/** cloud_cost_query.data_source: MonitorFormulaAndFunctionCostDataSource. */
export const COST_DATA_SOURCES = ['metrics', 'cloud_cost', 'datadog_usage'] as const;
/** cloud_cost_query.aggregator: MonitorFormulaAndFunctionCostAggregator. */
export const COST_AGGREGATORS = ['avg', 'sum', 'max', 'min', 'last', 'area', 'l2norm', 'percentile', 'stddev'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

type Obj = Record<string, unknown>;

interface Out {
  error(path: string, message: string): void;
  warning(path: string, message: string): void;
}

function oneOf(v: unknown, values: readonly string[], what: string, path: string, out: Out): void {
  if (typeof v === 'string' && values.includes(v)) return;
  if (v === undefined || v === null)
    out.error(path, `required: ${what}, one of ${values.join(', ')}; found none (datadog_monitor's schema requires it, so plan stops)`);
  else
    out.error(
      path,
      `${what} ${show(v)}${typeof v === 'string' ? didYouMean(v, values) : ''} is not one provider 3.82.0 takes (its ValidateEnumValue refuses it at plan); expected one of ${values.join(', ')}`,
    );
}

/**
 * The API's compute is one object; the provider's `compute` is a Required list of which
 * buildMonitorFormulaAndFunctionEventQuery reads only the first element (computeList[0]).
 */
function checkCompute(c: unknown, p: (...seg: (string | number)[]) => string, out: Out): void {
  const list = Array.isArray(c) ? c : c === undefined || c === null ? [] : [c];
  if (list.length === 0) {
    out.error(
      p('compute'),
      `required: the compute of an event query, e.g. {"aggregation": "count"}; found none (event_query.compute is Required in provider 3.82.0, and buildMonitorFormulaAndFunctionEventQuery reads its first element)`,
    );
    return;
  }
  if (list.length > 1)
    out.error(
      p('compute'),
      `${list.length} computes; expected one object (the API's compute is one object, and provider 3.82.0 sends only the first: buildMonitorFormulaAndFunctionEventQuery reads computeList[0])`,
    );
  const first: unknown = list[0];
  const at = Array.isArray(c) ? (...seg: (string | number)[]) => p('compute', 0, ...seg) : (...seg: (string | number)[]) => p('compute', ...seg);
  if (!isObject(first)) out.error(at(), `expected a compute object such as {"aggregation": "count"}, found ${show(first)}`);
  else oneOf(first.aggregation, EVENT_AGGREGATIONS, 'aggregation', at('aggregation'), out);
}

function checkEventQuery(v: Obj, p: (...seg: (string | number)[]) => string, out: Out): void {
  checkCompute(v.compute, p, out);
  const search = v.search;
  if (!isObject(search) || typeof search.query !== 'string') {
    out.error(
      p('search'),
      `required: the search of an event query, {"query": "..."}; found ${show(search)} (event_query.search is Required, MinItems 1, in provider 3.82.0)`,
    );
  }
  if (v.group_by !== undefined && v.group_by !== null) {
    if (!Array.isArray(v.group_by)) out.error(p('group_by'), `expected a list of {facet, limit, sort}, found ${show(v.group_by)}`);
    else {
      v.group_by.forEach((g, j) => {
        if (!isObject(g) || typeof g.facet !== 'string') {
          out.error(p('group_by', j), `expected {"facet": "...", ...} (facet is Required), found ${show(g)}`);
          return;
        }
        if (isObject(g.sort)) {
          oneOf(g.sort.aggregation, EVENT_AGGREGATIONS, 'sort aggregation', p('group_by', j, 'sort', 'aggregation'), out);
          if (g.sort.order !== undefined && g.sort.order !== null) oneOf(g.sort.order, SORT_ORDERS, 'sort order', p('group_by', j, 'sort', 'order'), out);
        }
      });
    }
  }
}

/**
 * options.variables of a formula monitor. Provider 3.82.0 models two kinds only
 * (getMonitorFormulaQuerySchema): event_query (data_source in the events enum, compute and search
 * required) and cloud_cost_query (data_source, query and aggregator required); updateMonitorState
 * reads every variable of a "cost alert" as a cost query and every other monitor's as event
 * queries, so a variable of the other kind would never read back as written. Anything else (a
 * metrics variable of a formula metric monitor) cannot be expressed at all.
 */
export function checkVariables(def: MonitorDefinition, file: string, definitionPath: string): Finding[] {
  const found: Finding[] = [];
  const out: Out = {
    error: (path, message) => found.push({ file, path, severity: 'error', message }),
    warning: (path, message) => found.push({ file, path, severity: 'warning', message }),
  };
  const vars = def.options.variables;
  if (!Array.isArray(vars)) return found;
  const cost = def.type === 'cost alert';
  vars.forEach((v, i) => {
    const p = (...seg: (string | number)[]) => subPath(definitionPath, 'options', 'variables', i, ...seg);
    if (!isObject(v)) {
      out.error(p(), `expected a query variable object ({data_source, name, ...}), found ${show(v)}`);
      return;
    }
    if (typeof v.name !== 'string' || v.name === '')
      out.error(p('name'), `required: the variable's name, used in the formula (e.g. "query1"); found ${show(v.name)}`);
    if (cost) {
      oneOf(v.data_source, COST_DATA_SOURCES, 'data_source of a cost query', p('data_source'), out);
      if (typeof v.query !== 'string' || v.query === '') out.error(p('query'), `required: the cost query, found ${show(v.query)}`);
      oneOf(v.aggregator, COST_AGGREGATORS, 'aggregator (cloud_cost_query.aggregator is Required in provider 3.82.0)', p('aggregator'), out);
      return;
    }
    if (
      typeof v.data_source === 'string' &&
      !(EVENT_DATA_SOURCES as readonly string[]).includes(v.data_source) &&
      didYouMean(v.data_source, EVENT_DATA_SOURCES) === ''
    ) {
      out.error(
        p('data_source'),
        `a ${show(v.data_source)} variable cannot be deployed with provider 3.82.0: datadog_monitor's variables hold event queries (data_source ${EVENT_DATA_SOURCES.join(', ')}) and, on a "cost alert" monitor only, cloud cost queries (resource_datadog_monitor.go, getMonitorFormulaQuerySchema); expected an event query, or this monitor kept out of code (monitors.exclude)`,
      );
      return;
    }
    oneOf(v.data_source, EVENT_DATA_SOURCES, 'data_source of an event query', p('data_source'), out);
    checkEventQuery(v, p, out);
    // A row of src/datadog/providerFacts.ts: event_query has no storage (sent 'never').
    if (v.storage !== undefined && v.storage !== null && monitorOption('variables[].storage').sent === 'never')
      out.warning(
        p('storage'),
        `storage ${show(v.storage)} cannot be deployed: provider 3.82.0's event_query has no storage attribute (resource_datadog_monitor.go, getMonitorFormulaQuerySchema), so synth drops it and the query reads Datadog's default storage tier; expected no storage, or this monitor kept out of code (monitors.exclude) if it must read ${show(v.storage)}`,
      );
  });
  return found;
}

/**
 * No-data options a custom schedule drops. buildMonitorStruct (resource_datadog_monitor.go
 * v3.82.0) sends notify_no_data and no_data_timeframe only when the monitor has no
 * scheduling_options.custom_schedule: with one, neither reaches Datadog, so the no-data alert the
 * file asks for never exists. Datadog and the provider accept the monitor, so by the rule of the
 * house this is a warning (an error is what they refuse). Metric monitors with a custom schedule
 * need on_missing_data, which conflicts with notify_no_data (errors in options.ts), so this is
 * about the other types. Also: notify_no_data without no_data_timeframe gets the provider's
 * Default of 10 minutes (defaultNoDataTimeframeMinutes), not the API's own default for an omitted
 * value ("2x the evaluation timeframe ... for query alerts, and 24 hours ... for service checks",
 * MonitorOptions.no_data_timeframe): synth writes the 10 it sends, and says so.
 */
const NO_DATA_DEFAULT = String(monitorOption('no_data_timeframe').schemaDefault);

export function checkNoData(def: MonitorDefinition, file: string, definitionPath: string): Finding[] {
  const o = def.options;
  const at = (...seg: string[]) => subPath(definitionPath, 'options', ...seg);
  const out: Finding[] = [];
  const customSchedule = isObject(o.scheduling_options) && o.scheduling_options.custom_schedule !== undefined && o.scheduling_options.custom_schedule !== null;
  if (customSchedule && o.notify_no_data === true) {
    out.push({
      file,
      path: at('notify_no_data'),
      severity: 'warning',
      message: `notify_no_data is true, but this monitor has a custom_schedule, and provider 3.82.0 then sends neither notify_no_data nor no_data_timeframe (resource_datadog_monitor.go, buildMonitorStruct): the no-data alert never exists in Datadog: no-data alerts cannot be deployed with a custom schedule by provider 3.82.0, so synth leaves notify_no_data and no_data_timeframe out (Datadog holds notify_no_data false, and the plan stays empty); expected no custom_schedule on a monitor that must alert on missing data, or notify_no_data removed`,
    });
    if (o.no_data_timeframe !== undefined && o.no_data_timeframe !== null) {
      out.push({
        file,
        path: at('no_data_timeframe'),
        severity: 'warning',
        message: `no_data_timeframe ${show(o.no_data_timeframe)} is not deployed: with a custom_schedule provider 3.82.0 does not send it (resource_datadog_monitor.go, buildMonitorStruct), and it only counts beside notify_no_data, which is not deployed either (see options.notify_no_data); expected no no_data_timeframe on a monitor with a custom schedule`,
      });
    }
  } else if (o.notify_no_data === true && o.no_data_timeframe === undefined && o.on_missing_data === undefined) {
    out.push({
      file,
      path: at('notify_no_data'),
      severity: 'warning',
      message: `notify_no_data is true without no_data_timeframe: provider 3.82.0 sends its default, ${NO_DATA_DEFAULT} minutes (resource_datadog_monitor.go, no_data_timeframe Default), not Datadog's default for an omitted value (2x the evaluation window for query alerts, 24 hours for service checks); synth writes no_data_timeframe ${NO_DATA_DEFAULT}; expected no_data_timeframe set to the minutes you mean`,
    });
  }
  return out;
}

/**
 * Options of an export that provider 3.82.0 cannot send as the export means (src/datadog/providerFacts.ts):
 * - new_group_delay 0 is never sent (GetOk) while new_host_delay always is; in Datadog's API any
 *   new_group_delay, 0 too, overrides new_host_delay, so synth writes new_host_delay 0 (buildMonitorStruct);
 * - evaluation_window.timezone has no attribute: the window starts in UTC;
 * - locked conflicts with restricted_roles (ConflictsWith): synth drops it next to them.
 * Warnings: Datadog and the provider accept the monitor.
 */
export function checkUnsendableOptions(def: MonitorDefinition, file: string, definitionPath: string): Finding[] {
  const o = def.options;
  const at = (...seg: string[]) => subPath(definitionPath, 'options', ...seg);
  const out: Finding[] = [];
  const warning = (path: string, message: string) => out.push({ file, path, severity: 'warning', message });
  if (o.new_group_delay === 0 && o.new_host_delay !== undefined && o.new_host_delay !== 0) {
    warning(
      at('new_host_delay'),
      `new_host_delay ${o.new_host_delay} has no effect in Datadog next to new_group_delay 0, which overrides it, but provider 3.82.0 never sends new_group_delay 0 (resource_datadog_monitor.go, buildMonitorStruct: GetOk) and always sends new_host_delay; synth writes new_host_delay 0 so that new groups are evaluated at once, as the export means; expected new_group_delay 0 alone (or a non-zero new_group_delay)`,
    );
  }
  const so = o.scheduling_options;
  const ew = isObject(so) && isObject(so.evaluation_window) ? so.evaluation_window : undefined;
  // A row of the provider-facts table: sent 'never' (no attribute).
  if (ew && ew.timezone !== undefined && ew.timezone !== null && monitorOption('scheduling_options.evaluation_window.timezone').sent === 'never') {
    warning(
      at('scheduling_options', 'evaluation_window', 'timezone'),
      `evaluation_window.timezone ${show(ew.timezone)} cannot be deployed: provider 3.82.0 has no such attribute (resource_datadog_monitor.go: evaluation_window has day_starts, month_starts and hour_starts only), so the window starts at ${typeof ew.day_starts === 'string' ? `${ew.day_starts} ` : ''}UTC, not in ${show(ew.timezone)}; expected day_starts written in UTC and no timezone (see docs/provider-facts.md)`,
    );
  }
  if (o.locked === true && (def.restricted_roles ?? []).length > 0) {
    warning(
      at('locked'),
      `locked true is not deployed next to restricted_roles: provider 3.82.0 refuses the pair (resource_datadog_monitor.go, locked ConflictsWith restricted_roles), and the roles already say who may edit the monitor; expected no locked (restricted_roles alone)`,
    );
  }
  return out;
}
