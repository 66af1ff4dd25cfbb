/**
 * Offline validation rules over the user's files: pure functions from parsed JSON (or a loaded
 * model) to findings. Nothing here reads files or the environment.
 *
 * The rule of the house (README.md in this folder): an error is only what the Datadog API or
 * provider 3.82.0 refuses, with its source in a comment (API spec, documented limit, provider
 * file+function); what Datadog accepts but is probably a mistake is a warning, and so is a value
 * the API client's schema forbids but Datadog stores; a near miss of a known value is a typo,
 * so an error (config/suggest.ts nearMiss), while a far unknown value is a warning.
 */
export { validateMonitor, watchesTorq } from './monitor';
export { validateMessage, webhookMentions, templateTags, MESSAGE_CONDITIONALS, HANDLEBARS_BLOCKS } from './message';
export type { MonitorContext, WebhookMention } from './message';
export { validateWebhook, WEBHOOK_ENCODINGS } from './webhook';
export type { WebhookInput } from './webhook';
export { validateDashboard, UNMODELLED_WIDGET_TYPES } from './dashboard';
export { stripDashboardServerFields, DASHBOARD_SERVER_FIELDS } from '../config/dashboard';
export { validateServiceChecks, SERVICE_CHECK_ATTRIBUTES, SERVICE_CHECK_STATUSES } from './serviceChecks';
export {
  MONITOR_TYPES,
  EVENT_PLATFORM_TYPES,
  TIME_AGGREGATIONS,
  SPACE_AGGREGATIONS,
  CHANGE_TIMESHIFTS,
  parseQueryComparison,
  parseMetricQuery,
  parseServiceCheckQuery,
  compositeOperands,
  checkMonitorQuery,
} from './query';
export type { Comparator, QueryComparison, MetricQuery, ServiceCheckQuery } from './query';
export { checkThresholds, MAX_TIMEOUT_H } from './thresholds';
export { parseJson } from '../config/json';
export type { JsonResult } from '../config/json';
