/**
 * The Datadog webhook facts this package relies on, as data, declared once:
 * the documented webhook variables and the Torq integration's full metadata payload.
 */

/** Every documented Datadog webhook variable (without `$`). `$TAGS[key]` is matched separately. */
export const WEBHOOK_VARIABLES: readonly string[] = [
  'AGGREG_KEY',
  'ALERT_CYCLE_KEY',
  'ALERT_ID',
  'ALERT_METRIC',
  'ALERT_PRIORITY',
  'ALERT_QUERY',
  'ALERT_SCOPE',
  'ALERT_STATUS',
  'ALERT_TITLE',
  'ALERT_TRANSITION',
  'ALERT_TYPE',
  'DATE',
  'EMAIL',
  'EVENT_MSG',
  'EVENT_TITLE',
  'EVENT_TYPE',
  'HOSTNAME',
  'ID',
  'INCIDENT_ATTACHMENTS',
  'INCIDENT_COMMANDER',
  'INCIDENT_CUSTOMER_IMPACT',
  'INCIDENT_FIELDS',
  'INCIDENT_INTEGRATIONS',
  'INCIDENT_MSG',
  'INCIDENT_PUBLIC_ID',
  'INCIDENT_SEVERITY',
  'INCIDENT_STATUS',
  'INCIDENT_TITLE',
  'INCIDENT_TODOS',
  'INCIDENT_URL',
  'INCIDENT_UUID',
  'LAST_UPDATED',
  'LINK',
  'LOGS_SAMPLE',
  'METRIC_NAMESPACE',
  'ORG_ID',
  'ORG_NAME',
  'PRIORITY',
  'SECURITY_RULE_NAME',
  'SECURITY_SIGNAL_ID',
  'SECURITY_SIGNAL_SEVERITY',
  'SECURITY_SIGNAL_TITLE',
  'SECURITY_SIGNAL_MSG',
  'SECURITY_SIGNAL_ATTRIBUTES',
  'SECURITY_RULE_ID',
  'SECURITY_RULE_MATCHED_QUERIES',
  'SECURITY_RULE_QUERY',
  'SECURITY_RULE_GROUP_BY_FIELDS',
  'SECURITY_RULE_TYPE',
  'SNAPSHOT',
  'SYNTHETICS_TEST_NAME',
  'SYNTHETICS_FIRST_FAILING_STEP_NAME',
  'SYNTHETICS_SUMMARY',
  'TAGS',
  'TEXT_ONLY_MSG',
  'USER',
  'USERNAME',
];

/** The 28 metadata keys of the Torq integration's recommended payload, in its order. */
export const TORQ_METADATA_KEYS: readonly string[] = [
  'AGGREG_KEY',
  'ALERT_CYCLE_KEY',
  'ALERT_ID',
  'ALERT_METRIC',
  'ALERT_QUERY',
  'ALERT_SCOPE',
  'ALERT_STATUS',
  'ALERT_TITLE',
  'ALERT_TRANSITION',
  'ALERT_TYPE',
  'EMAIL',
  'EVENT_MSG',
  'EVENT_TITLE',
  'EVENT_TYPE',
  'HOSTNAME',
  'ID',
  'LAST_UPDATED',
  'LINK',
  'METRIC_NAMESPACE',
  'ORG_ID',
  'ORG_NAME',
  'PRIORITY',
  'SNAPSHOT',
  'TAGS',
  'TEXT_ONLY_MSG',
  'USER',
  'USERNAME',
  'LOGS_SAMPLE',
];

/** The integration's full metadata payload: body, title, date, id, then metadata. */
export const TORQ_PAYLOAD: Readonly<Record<string, unknown>> = Object.freeze({
  body: '$EVENT_MSG',
  title: '$EVENT_TITLE',
  date: '$DATE',
  id: '$ID',
  metadata: Object.fromEntries(TORQ_METADATA_KEYS.map((k) => [k, `$${k}`])),
});

/** The payload as the webhook's `payload` string (stable key order, two-space indent). */
export function torqPayloadJson(): string {
  return JSON.stringify(TORQ_PAYLOAD, null, 2);
}

/** A custom webhook variable name: upper-case letters, digits, underscores. */
export const CUSTOM_VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/** A webhook name that Datadog accepts and that `@webhook-<name>` can mention. */
export const WEBHOOK_NAME = /^[A-Za-z0-9_-]+$/;
