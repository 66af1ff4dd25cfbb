/**
 * Routing a monitor to Torq: the `@webhook-<name>` mention in its message, on every transition or
 * only on chosen ones, each inside its `{{#is_...}}` block. Routing is owned by the org file, so a
 * mention of a Torq webhook already in the catalog message is replaced, never doubled.
 */
import { TRANSITIONS, Transition } from './org';

export type NotifyOn = 'all' | Transition[];

const TRANSITION_ORDER = Object.keys(TRANSITIONS) as Transition[];

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

/**
 * The monitor's message with its Torq routing: the catalog text, a blank line, the mention. A
 * message whose mentions already say exactly this routing (this webhook, these transitions, no
 * other org webhook) is kept as written, byte for byte: moving a mention changes nothing Datadog
 * does, and an adopted monitor's first apply would otherwise rewrite its message.
 */
export function routeMessage(
  message: string,
  allWebhooks: readonly string[],
  webhook: string | undefined,
  notifyOn: 'all' | readonly Transition[],
): string {
  if (webhook !== undefined && alreadyRouted(message, allWebhooks, webhook, notifyOn)) return message;
  const body = stripWebhookMentions(message, allWebhooks).trimEnd();
  if (webhook === undefined) return body;
  const mention = torqMention(webhook, notifyOn);
  return body === '' ? mention : `${body}\n\n${mention}`;
}

function alreadyRouted(message: string, allWebhooks: readonly string[], webhook: string, notifyOn: 'all' | readonly Transition[]): boolean {
  // Every mention must stand after a space or at a line start, as the ones synth writes do: after
  // `}}` it would be glued to the text before its block once Datadog renders the template.
  for (const m of message.matchAll(/(?<![A-Za-z0-9_-])@webhook-/gi)) {
    const before = m.index === 0 ? '\n' : message[m.index - 1];
    if (!/\s/.test(before)) return false;
  }
  const r = analyseRouting(message, allWebhooks);
  if (!r.exact || r.webhook !== webhook) return false;
  const want = notifyOn === 'all' ? 'all' : TRANSITION_ORDER.filter((t) => notifyOn.includes(t)).join(',');
  const have = r.notifyOn === 'all' ? 'all' : r.notifyOn.join(',');
  // `all` as every transition listed is the same routing to Datadog, but not to the org file.
  return want === have;
}

// ---------------------------------------------------------------------------------------------
// Routing read back from a message: which transitions its Torq mentions fire on.

/** The transition sets of the template blocks this package can express, and near equivalents. */
const EXACT_BLOCKS: Record<string, Transition[]> = {
  is_alert: ['alert'],
  is_warning: ['warning'],
  is_no_data: ['no_data'],
  is_recovery: ['recovery'],
};
const NEAR_BLOCKS: Record<string, Transition[]> = {
  is_alert_recovery: ['recovery'],
  is_warning_recovery: ['recovery'],
  is_no_data_recovery: ['recovery'],
  is_alert_to_warning: ['warning'],
  is_warning_to_alert: ['alert'],
};

export interface Routing {
  /** The org webhook the message mentions (the first one, in the org's order), if any. */
  webhook?: string;
  notifyOn: NotifyOn;
  /** Where the org file cannot say exactly what the message said. */
  notes: string[];
  /** True when monitors.notifyOn/overrides say exactly what the message said; else the message keeps its mentions as written. */
  exact: boolean;
}

const MENTION_CHARS = 'A-Za-z0-9_-';
const TEMPLATE_TOKEN = new RegExp(
  `\\{\\{\\s*([#^/])\\s*([A-Za-z_][A-Za-z0-9_.]*)([^}]*)\\}\\}|\\{\\{\\s*else\\s*\\}\\}|(?<![${MENTION_CHARS}])@webhook-([${MENTION_CHARS}]+)`,
  'g',
);

interface OpenBlock {
  name: string;
  negated: boolean;
  text: string;
}

/** The routing a message's mentions of the org's webhooks express. */
export function analyseRouting(message: string, orgWebhooks: readonly string[]): Routing {
  const stack: OpenBlock[] = [];
  const notes = new Set<string>();
  const mentioned: string[] = [];
  let all = false;
  const union = new Set<Transition>();
  for (const m of message.matchAll(TEMPLATE_TOKEN)) {
    const [text, kind, name, , webhook] = m;
    if (webhook !== undefined) {
      const canonical = orgWebhooks.find((w) => w.toLowerCase() === webhook.toLowerCase());
      if (canonical === undefined) continue;
      if (canonical !== webhook) notes.add(`@webhook-${webhook} is written in another case than the org's webhook ${canonical}; kept as written`);
      if (!mentioned.includes(canonical)) mentioned.push(canonical);
      let set: Set<Transition> | undefined; // undefined: every transition
      for (const b of stack) {
        const exact = EXACT_BLOCKS[b.name];
        const near = NEAR_BLOCKS[b.name];
        const base = exact ?? near;
        if (!base) {
          notes.add(`the condition ${b.text} around @webhook-${webhook} cannot be expressed in the org file`);
          continue;
        }
        if (!exact || b.negated) notes.add(`${b.text} around @webhook-${webhook} is not exactly notifyOn ${b.negated ? 'all but ' : ''}${base.join(', ')}`);
        const allowed = new Set(b.negated ? TRANSITION_ORDER.filter((t) => !base.includes(t)) : base);
        set = new Set([...(set ?? TRANSITION_ORDER)].filter((t) => allowed.has(t)));
      }
      if (set === undefined) all = true;
      else if (set.size === 0) {
        notes.add(`@webhook-${webhook} sits in blocks that never fire together`);
        all = true;
      } else set.forEach((t) => union.add(t));
    } else if (kind === '#' || kind === '^') {
      stack.push({ name, negated: kind === '^', text });
    } else if (kind === '/') {
      const i = stack.map((b) => b.name).lastIndexOf(name);
      if (i >= 0) stack.splice(i);
    } else if (stack.length > 0) {
      // {{else}}: the rest of the block is its negation.
      const top = stack[stack.length - 1];
      top.negated = !top.negated;
      top.text = `{{else}} of ${top.text}`;
    }
  }
  if (mentioned.length > 1) notes.add(`the message mentions ${mentioned.map((w) => `@webhook-${w}`).join(' and ')}; the org file routes a monitor to one Torq webhook`);
  const notifyOn: NotifyOn = all || union.size === 0 ? 'all' : TRANSITION_ORDER.filter((t) => union.has(t));
  return { webhook: mentioned[0], notifyOn, notes: [...notes], exact: notes.size === 0 };
}
