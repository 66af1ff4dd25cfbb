/**
 * The package's naming scheme, written once: the Terraform names of the resources synth writes,
 * the files they come from, and the keys of an org file's `adopt.changes`. Synth builds them,
 * the review, drift and org:import read them back: all of them through here.
 */

/** Terraform resource types of what the package deploys. */
export const MONITOR_TYPE = 'datadog_monitor';
export const DASHBOARD_TYPE = 'datadog_dashboard_json';
export const WEBHOOK_TYPE = 'datadog_webhook';

/** The prefix of a monitor's resource name: a catalog or org-own monitor, or a health monitor (service_checks.json). */
export type MonitorPrefix = 'monitor' | 'health';

/** `monitor_<id>` (a file monitors/<id>.json or orgs/<org>/monitors/<id>.json), `health_<id>`. */
export function monitorName(id: string, prefix: MonitorPrefix = 'monitor'): string {
  return `${prefix}_${id}`;
}

/** `dashboard_<id>` (a file dashboards/<id>.json or orgs/<org>/dashboards/<id>.json). */
export function dashboardName(id: string): string {
  return `dashboard_${id}`;
}

/** `webhook_<name>`: the datadog_webhook a monitor mentions as `@webhook-<name>`. */
export function webhookName(name: string): string {
  return `webhook_${name}`;
}

/** `webhook_<name>_auth_header`: the Terraform variable of a webhook's secret header. */
export function webhookAuthHeaderName(name: string): string {
  return `${webhookName(name)}_auth_header`;
}

/** `datadog_monitor.monitor_<id>`. */
export function address(type: string, name: string): string {
  return `${type}.${name}`;
}

/** True for the resource name of a health monitor (Torq's own, from service_checks.json). */
export function isHealthMonitorName(name: string): boolean {
  return name.startsWith('health_');
}

/** The id in a monitor or dashboard resource name (`monitor_cpu`, `health_cpu` -> `cpu`), else the name as it is. */
export function catalogIdOf(type: string, name: string): string {
  const prefix = type === DASHBOARD_TYPE ? /^dashboard_/ : /^(monitor|health)_/;
  return name.replace(prefix, '');
}

export const SERVICE_CHECKS_FILE = 'service_checks.json';

/** `monitors/<id>.json`: a catalog monitor's file. */
export function catalogMonitorFile(id: string): string {
  return `monitors/${id}.json`;
}

/** `dashboards/<id>.json`: a catalog dashboard's file. */
export function catalogDashboardFile(id: string): string {
  return `dashboards/${id}.json`;
}

/** `orgs/<org>.json`: an org file. */
export function orgFile(org: string): string {
  return `orgs/${org}.json`;
}

/** `orgs/<org>/monitors/<id>.json`: an org's own monitor. */
export function orgMonitorFile(org: string, id: string): string {
  return `orgs/${org}/monitors/${id}.json`;
}

/** `orgs/<org>/dashboards/<id>.json`: an org's own dashboard. */
export function orgDashboardFile(org: string, id: string): string {
  return `orgs/${org}/dashboards/${id}.json`;
}

/**
 * The file a resource comes from, from its name: `monitor_<id>` -> `monitors/<id>.json`,
 * `health_*` -> service_checks.json, `dashboard_<id>` -> `dashboards/<id>.json`, webhooks and keys
 * -> the org file. An org's own monitor or dashboard names its file itself (`file`).
 */
export function sourceFileOf(type: string, name: string, org: string, file?: string): string | undefined {
  if (file !== undefined) return file;
  if (type === MONITOR_TYPE && name.startsWith('monitor_')) return catalogMonitorFile(name.slice('monitor_'.length));
  if (type === MONITOR_TYPE && isHealthMonitorName(name)) return SERVICE_CHECKS_FILE;
  if (type === DASHBOARD_TYPE && name.startsWith('dashboard_')) return catalogDashboardFile(name.slice('dashboard_'.length));
  if (type.startsWith(WEBHOOK_TYPE) || type.startsWith('datadog_api_key') || type.startsWith('datadog_service_account')) return orgFile(org);
  return undefined;
}

/** What a key of `adopt.changes` names: a monitor's catalog id, `dashboard:<id>`, `webhook:<name>`. */
export interface AdoptChangesKey {
  section: 'monitors' | 'dashboards' | 'webhooks';
  id: string;
}

/** The key of `adopt.changes` for an adopted resource. */
export function adoptChangesKey(section: AdoptChangesKey['section'], id: string): string {
  return section === 'dashboards' ? `dashboard:${id}` : section === 'webhooks' ? `webhook:${id}` : id;
}

export function parseAdoptChangesKey(key: string): AdoptChangesKey {
  if (key.startsWith('dashboard:')) return { section: 'dashboards', id: key.slice('dashboard:'.length) };
  if (key.startsWith('webhook:')) return { section: 'webhooks', id: key.slice('webhook:'.length) };
  return { section: 'monitors', id: key };
}

/** The resource address an `adopt.changes` key is about. */
export function adoptChangesAddress(key: string): string {
  const k = parseAdoptChangesKey(key);
  if (k.section === 'dashboards') return address(DASHBOARD_TYPE, dashboardName(k.id));
  if (k.section === 'webhooks') return address(WEBHOOK_TYPE, webhookName(k.id));
  return address(MONITOR_TYPE, monitorName(k.id));
}
