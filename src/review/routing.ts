/**
 * Every way Torq stops hearing from a monitor, as attention items with their kind: its mention of
 * Torq's webhook gone, re-routed to another webhook, set to draft, fewer transitions, or only
 * transitions the monitor can never have (a warning without a warning threshold). "Torq's webhook"
 * is the one Torq's workflows listen on (see torqWebhookNames in comparers/orgs.ts), not every
 * webhook of the org.
 */
import type { AttentionItem } from './attention';
import { handleWebhook, webhookName } from '../datadog/message';

/** Condition label of a mention outside any `{{#...}}` block: every notification. */
export const ALWAYS = 'always';

/** What routing needs of a monitor (a MonitorView). */
export interface Routed {
  type: string;
  /** handle -> the template conditions it is mentioned under (ALWAYS when unconditional). */
  notifies: Map<string, string[]>;
  thresholds: Record<string, string>;
  options: Record<string, string>;
}

export type Transition = 'alert' | 'warning' | 'no_data' | 'recovery';
const TRANSITIONS: readonly Transition[] = ['alert', 'warning', 'no_data', 'recovery'];
const WORDS: Record<Transition, string> = { alert: 'alerts', warning: 'warnings', no_data: 'no-data alerts', recovery: 'recoveries' };

/** The transitions a template condition lets through (Datadog's `is_*` variables); others (`is_match`, renotify) restrict none. */
const CONDITION_TRANSITIONS: Record<string, readonly Transition[]> = {
  is_alert: ['alert'],
  is_warning: ['warning'],
  is_no_data: ['no_data'],
  is_recovery: ['recovery'],
  is_alert_recovery: ['recovery'],
  is_warning_recovery: ['recovery'],
  is_no_data_recovery: ['recovery'],
  is_alert_to_warning: ['warning'],
};

/** The transitions a condition such as `is_match "env" "prod" and not is_warning` lets through. */
export function transitionsOf(condition: string): Set<Transition> {
  let out = new Set<Transition>(TRANSITIONS);
  if (condition === ALWAYS) return out;
  for (const part of condition.split(' and ')) {
    const negated = part.startsWith('not ');
    const name = (negated ? part.slice(4) : part).split(' ')[0];
    const t = CONDITION_TRANSITIONS[name];
    if (!t) continue;
    out = new Set([...out].filter((x) => (negated ? !t.includes(x) : t.includes(x))));
  }
  return out;
}

/** The given webhook an `@webhook-<name>` handle names (in any case, as synth's routing reads it: message.ts handleWebhook). */
const torqWebhookOf = (handle: string, webhooks: ReadonlySet<string>): string | undefined => handleWebhook(handle.slice(1), webhooks);
const isWebhook = (handle: string): boolean => webhookName(handle.slice(1)) !== undefined;

/** The conditions under which any of the given webhooks is notified (empty: never). */
export function torqConditions(v: Pick<Routed, 'notifies'>, webhooks: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const [h, conds] of v.notifies) {
    if (torqWebhookOf(h, webhooks) !== undefined) conds.forEach((c) => out.add(c));
  }
  return out;
}

function transitionsTo(v: Routed, webhooks: ReadonlySet<string>): Set<Transition> {
  const out = new Set<Transition>();
  for (const c of torqConditions(v, webhooks)) transitionsOf(c).forEach((t) => out.add(t));
  return out;
}

/**
 * The transitions a monitor can have: alerts and recoveries always; warnings only with a warning
 * threshold; no-data alerts only with notify_no_data on.
 */
export function possibleTransitions(v: Routed): Set<Transition> {
  const out = new Set<Transition>(['alert', 'recovery']);
  if (v.thresholds.warning !== undefined) out.add('warning');
  if (v.options.notify_no_data === 'true') out.add('no_data');
  return out;
}

/** `draft_status` absent is `published` (its Default in datadog/resource_datadog_monitor.go, 3.82.0). */
export const isDraft = (v: Routed): boolean => v.options.draft_status === 'draft';

const list = (items: string[]) => items.map((x) => `\`${x}\``).join(', ');
const words = (ts: Iterable<Transition>) => [...ts].map((t) => WORDS[t]).join(', ');

function torqHandles(v: Routed, webhooks: ReadonlySet<string>): string[] {
  return [...v.notifies.keys()].filter((h) => torqWebhookOf(h, webhooks) !== undefined);
}

/** A new monitor that mentions Torq's webhook only on transitions it can never have. */
export function neverNotifiesTorq(v: Routed, webhooks: ReadonlySet<string>): AttentionItem[] {
  const to = transitionsTo(v, webhooks);
  if (to.size === 0 || isDraft(v)) return [];
  const possible = possibleTransitions(v);
  if ([...to].some((t) => possible.has(t))) return [];
  return [
    {
      kind: 'stops-notifying-torq',
      message: `never notifies Torq: it mentions ${list(torqHandles(v, webhooks))} only on ${words(to)}, which this monitor never has (${[...to].map((t) => (t === 'warning' ? 'no warning threshold' : t === 'no_data' ? '`notify_no_data` off' : t)).join(', ')}); set \`notifyOn\` to transitions it has, or give it what they need`,
      short: `never notifies Torq: only on ${words(to)}, which it never has`,
    },
  ];
}

/** What a change does to Torq hearing from a monitor. `webhooks`: Torq's webhook(s). */
export function routingAttention(before: Routed, after: Routed, webhooks: ReadonlySet<string>): AttentionItem[] {
  const cb = torqConditions(before, webhooks);
  if (cb.size === 0 || isDraft(before)) return [];
  const hooks = list(torqHandles(before, webhooks));
  if (isDraft(after)) {
    return [
      {
        kind: 'stops-notifying-torq',
        topic: 'draft',
        message:
          `set to draft (\`draft_status\` \`draft\`): a draft monitor sends no notifications (provider 3.82.0, datadog/resource_datadog_monitor.go, \`draft_status\`), ` +
          `so Torq's workflows behind ${hooks} stop receiving its alerts`,
        short: `set to draft: Torq's workflows behind ${hooks} stop receiving it`,
      },
    ];
  }
  const ca = torqConditions(after, webhooks);
  if (ca.size === 0) {
    const others = [...after.notifies.keys()].filter(isWebhook);
    if (others.length > 0) {
      return [
        {
          kind: 'stops-notifying-torq',
          message: `re-routed: Torq's workflows behind ${hooks} stop receiving this monitor; it now notifies ${list(others)}, which is not the webhook Torq's workflows listen on`,
          short: `re-routed from ${hooks} to ${list(others)}`,
        },
      ];
    }
    return [
      {
        kind: 'stops-notifying-torq',
        message: `stops notifying Torq: the message no longer mentions ${hooks} where Datadog sends notifications`,
        short: `stops notifying Torq (${hooks} gone)`,
      },
    ];
  }
  const tb = transitionsTo(before, webhooks);
  const ta = transitionsTo(after, webhooks);
  const possible = possibleTransitions(after);
  if (![...ta].some((t) => possible.has(t))) return neverNotifiesTorq(after, webhooks);
  const lost = [...tb].filter((t) => !ta.has(t) && possible.has(t));
  if (lost.length > 0) {
    return [
      {
        kind: 'fewer-transitions',
        message: `notifies Torq on fewer transitions: Torq no longer hears of its ${words(lost)} (before ${list([...cb])}, after ${list([...ca])}); it still hears of its ${words([...ta])}`,
        short: `Torq no longer hears of its ${words(lost)}`,
      },
    ];
  }
  if (cb.has(ALWAYS) && !ca.has(ALWAYS)) {
    return [
      {
        kind: 'fewer-transitions',
        message: `notifies Torq on fewer occasions: before ${list([...cb])}, after only ${list([...ca])}`,
        short: `Torq hears of it only ${list([...ca])}`,
      },
    ];
  }
  return [];
}
