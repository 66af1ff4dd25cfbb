/**
 * Needs attention, as data: every item carries its kind where it is made (a comparer, an org-level
 * check), never recovered from its words; the renderer groups and orders by kind, and shortens an
 * item to its `short` form when a comment must be cut.
 */

export type AttentionKind =
  | 'stops-notifying-torq'
  | 'fewer-transitions'
  | 'threshold-loosened'
  | 'replaced'
  | 'org-removed'
  | 'org-renamed'
  | 'webhook-removed'
  | 'backend-changed'
  | 'site-changed'
  | 'new-secret'
  | 'torq-contract'
  | 'torq-power'
  | 'left-in-datadog'
  | 'health-silenced'
  | 'destroyed'
  | 'secret-in-message'
  | 'new-org'
  | 'base-broken'
  // A check (postcondition) the plan found failing: drift's, it blocks the next deploy.
  | 'check-failed'
  | 'other';

/**
 * What an item is about, where another tool may say the same thing better: drift's "set to draft in
 * Datadog" replaces the review comparer's draft item, and its "health monitor no longer alerts on
 * missing data" the comparer's "notify_no_data turned off" (src/drift/report.ts). Data, never words.
 */
export type AttentionTopic = 'draft' | 'no-data-off';

/** What a comparer says: the kind, the sentence a reviewer reads, and a one-line form for a cut comment. */
export interface AttentionItem {
  kind: AttentionKind;
  /** What it is about, for a tool that says the same thing in its own words (see AttentionTopic). */
  topic?: AttentionTopic;
  message: string;
  /** At most a line: what the item is about, for a comment that must be shortened (defaults to the message, clipped). */
  short?: string;
  /** HCL for the reviewer, such as a `moved` block. */
  hcl?: string;
}

export interface Attention extends AttentionItem {
  org: string;
  /** `datadog_monitor.monitor_host_cpu_high`, when it is about one resource. */
  address?: string;
}

/** The riskiest first: the order of Needs attention within an org. */
export const ATTENTION_ORDER: readonly AttentionKind[] = [
  'base-broken',
  'check-failed',
  'new-org',
  'org-renamed',
  'org-removed',
  'backend-changed',
  'site-changed',
  'secret-in-message',
  'destroyed',
  'stops-notifying-torq',
  'health-silenced',
  'webhook-removed',
  'replaced',
  'torq-contract',
  'torq-power',
  'left-in-datadog',
  'fewer-transitions',
  'threshold-loosened',
  'new-secret',
  'other',
];

/** A heading per kind, for a Needs attention list grouped by kind (a comment that must be shortened). */
export const ATTENTION_TITLES: Readonly<Record<AttentionKind, string>> = {
  'base-broken': 'The base does not synthesize',
  'check-failed': 'Failed checks (they block the next deploy)',
  'new-org': 'New orgs',
  'org-renamed': 'Org files renamed',
  'org-removed': 'Orgs removed',
  'backend-changed': 'State backend changed',
  'site-changed': 'Datadog site changed',
  'secret-in-message': 'A secret in a monitor message',
  destroyed: 'Destroyed in Datadog',
  'stops-notifying-torq': 'Torq stops hearing from these monitors',
  'health-silenced': "Torq's health monitor notifies nobody",
  'webhook-removed': 'Webhooks removed',
  replaced: 'Destroyed and re-created (new id, lost history and mutes)',
  'torq-contract': 'What Torq receives changes',
  'torq-power': "Torq's power widened",
  'left-in-datadog': 'Left in Datadog',
  'fewer-transitions': 'Torq hears of fewer transitions',
  'threshold-loosened': 'Alerts later or less',
  'new-secret': 'New secrets for the deploy',
  other: 'Other',
};
