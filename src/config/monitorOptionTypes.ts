/**
 * The shape of a monitor's options once loaded (config/monitor.ts): the API's names, cleaned of
 * nulls and UI leftovers. Types only; monitor.ts re-exports them.
 */

export interface MonitorThresholds {
  critical?: number;
  warning?: number;
  critical_recovery?: number;
  warning_recovery?: number;
  ok?: number;
  unknown?: number;
}

export interface MonitorThresholdWindows {
  trigger_window?: string;
  recovery_window?: string;
}

/** Monitor options as the API names them (snake_case), cleaned of nulls and UI leftovers. */
export interface MonitorOptions {
  thresholds?: MonitorThresholds;
  threshold_windows?: MonitorThresholdWindows;
  notify_no_data?: boolean;
  no_data_timeframe?: number;
  new_group_delay?: number;
  new_host_delay?: number;
  evaluation_delay?: number;
  renotify_interval?: number;
  renotify_occurrences?: number;
  renotify_statuses?: string[];
  escalation_message?: string;
  include_tags?: boolean;
  require_full_window?: boolean;
  notify_audit?: boolean;
  timeout_h?: number;
  on_missing_data?: string;
  group_retention_duration?: string;
  notify_by?: string[];
  groupby_simple_monitor?: boolean;
  enable_logs_sample?: boolean;
  enable_samples?: boolean;
  notification_preset_name?: string;
  /** Deprecated in Datadog and the provider, still sent (src/datadog/providerFacts.ts). */
  locked?: boolean;
  scheduling_options?: Record<string, unknown>;
  variables?: unknown[];
  /** Anything else the API returned that this package does not model; kept for validation. */
  [other: string]: unknown;
}
