/**
 * Routing a monitor to Torq: the `@webhook-<name>` mention in its message, on every transition or
 * only on chosen ones, each inside its `{{#is_...}}` block. Routing is owned by the org file, so a
 * mention of a Torq webhook already in the catalog message is replaced, never doubled.
 */
import { TRANSITIONS, Transition } from './org';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Removes mentions of the given webhooks (and the space before them) from a message. */
export function stripWebhookMentions(message: string, webhooks: readonly string[]): string {
  let out = message;
  for (const name of webhooks) {
    // Datadog's handles are matched in any case: `@webhook-Torq` routes to `torq` too, so it is replaced too.
    out = out.replace(new RegExp(`[ \\t]*(?<![A-Za-z0-9_-])@webhook-${escapeRegExp(name)}(?![A-Za-z0-9_-])`, 'gi'), '');
  }
  return out;
}

/** The text that routes to a webhook: the mention, preceded by a space. */
export function torqMention(webhook: string, notifyOn: 'all' | readonly Transition[]): string {
  if (notifyOn === 'all') return ` @webhook-${webhook}`;
  const order = Object.keys(TRANSITIONS) as Transition[];
  return order
    .filter((t) => notifyOn.includes(t))
    .map((t) => `{{#${TRANSITIONS[t]}}} @webhook-${webhook}{{/${TRANSITIONS[t]}}}`)
    .join('');
}

/** The monitor's message with its Torq routing: the catalog text, a blank line, the mention. */
export function routeMessage(
  message: string,
  allWebhooks: readonly string[],
  webhook: string | undefined,
  notifyOn: 'all' | readonly Transition[],
): string {
  const body = stripWebhookMentions(message, allWebhooks).trimEnd();
  if (webhook === undefined) return body;
  const mention = torqMention(webhook, notifyOn);
  return body === '' ? mention : `${body}\n\n${mention}`;
}

/** The comparator and threshold at the end of a monitor query (`... > 90`), if it has one. */
const TRAILING_COMPARISON = /(<=|>=|==|!=|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*$/i;

export function trailingThreshold(query: string): { comparator: string; threshold: number } | undefined {
  const m = TRAILING_COMPARISON.exec(query);
  return m ? { comparator: m[1], threshold: Number(m[2]) } : undefined;
}

/** The query with its trailing threshold replaced, keeping its comparator. */
export function withQueryThreshold(query: string, threshold: number): string | undefined {
  if (!TRAILING_COMPARISON.test(query)) return undefined;
  return query.replace(TRAILING_COMPARISON, (_all, op: string) => `${op} ${threshold}`);
}
