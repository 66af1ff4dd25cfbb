/**
 * Enums provider 3.82.0 validates (resource_datadog_monitor.go, resourceDatadogMonitor's schema:
 * `ValidateDiagFunc: validators.ValidateEnumValue(datadogV1.New<Enum>FromValue)`), with their values
 * in datadog-api-client-go v2.51.0 (the provider's go.mod), that this package had not checked.
 *
 * TODO(merge with h-facts): these belong in src/datadog/providerFacts.ts, the one table of provider
 * facts, with the other ValidateEnumValue lists (PROVIDER_MONITOR_TYPES and the formula enums in
 * src/validate/providerMonitor.ts, RENOTIFY_STATUSES in src/validate/options.ts); move them there
 * when it lands. test/validate/providerEnums.test.ts maps every ValidateEnumValue of the provider's
 * monitor schema to the list that checks it.
 */

/** notification_preset_name: MonitorOptionsNotificationPresets (model_monitor_options_notification_presets.go). */
export const NOTIFICATION_PRESETS = ['show_all', 'hide_query', 'hide_handles', 'hide_all'] as const;

/** draft_status: MonitorDraftStatus (model_monitor_draft_status.go). */
export const DRAFT_STATUSES = ['draft', 'published'] as const;
