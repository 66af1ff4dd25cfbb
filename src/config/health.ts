/**
 * Torq's own health: each declared service check becomes a service-check monitor that notifies
 * the org's humans (never Torq, which could not report its own silence).
 */
import type { MonitorDefinition } from './monitor';
import type { ServiceCheckModel } from './model';

export interface HealthSettings {
  notify: readonly string[];
  noDataTimeframe: number;
}

/** How many recent check runs a health monitor looks at. */
export const HEALTH_CHECK_RUNS = 2;

export function healthMonitorQuery(check: ServiceCheckModel): string {
  const by = check.groups.length > 0 ? check.groups.map((g) => JSON.stringify(g)).join(',') : '"*"';
  return `${JSON.stringify(check.check)}.over("*").by(${by}).last(${HEALTH_CHECK_RUNS}).count_by_status()`;
}

export function healthMonitorDefinition(check: ServiceCheckModel, health: HealthSettings, tags: readonly string[]): MonitorDefinition {
  const where = check.groups.map((g) => `{{${g}.name}}`).join(' ');
  const scope = where === '' ? '' : ` (${where})`;
  const lines = [`${check.description}`, '', `{{#is_alert}}Torq reported ${check.check} CRITICAL${scope}: {{check_message}}{{/is_alert}}`];
  if (check.statuses.includes('warning')) lines.push(`{{#is_warning}}Torq reported ${check.check} WARNING${scope}: {{check_message}}{{/is_warning}}`);
  lines.push(
    `{{#is_no_data}}No ${check.check} from Torq${scope} for ${health.noDataTimeframe} minutes: the Torq workflow that reports it is not running, or cannot reach Datadog.{{/is_no_data}}`,
    `{{#is_recovery}}${check.check} is OK again${scope}.{{/is_recovery}}`,
  );
  if (health.notify.length > 0) lines.push('', health.notify.join(' '));
  const thresholds: MonitorDefinition['options']['thresholds'] = { critical: 1, ok: 1 };
  if (check.statuses.includes('warning')) thresholds.warning = 1;
  return {
    name: `[Torq] ${check.name}`,
    type: 'service check',
    query: healthMonitorQuery(check),
    message: lines.join('\n'),
    tags: [...new Set(['integration:torq', 'torq:health', ...tags])],
    priority: 2,
    options: {
      thresholds,
      notify_no_data: true,
      no_data_timeframe: health.noDataTimeframe,
      new_group_delay: 60,
      renotify_interval: 0,
      include_tags: true,
      notify_audit: false,
    },
  };
}
