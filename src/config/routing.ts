/**
 * Routing a monitor to Torq: the `@webhook-<name>` mention in its message, on every transition or
 * only on chosen ones, each inside its `{{#is_...}}` block. Routing is owned by the org file, so a
 * mention of a Torq webhook already in the catalog message is replaced, never doubled.
 */
import { TRANSITIONS, Transition } from './org';
import { mentionedWebhook, parseMessage, webhookHandle } from '../datadog/message';

export type NotifyOn = 'all' | Transition[];

const TRANSITION_ORDER = Object.keys(TRANSITIONS) as Transition[];

/**
 * Removes the mentions of the given webhooks (and the spaces before them) from a message. Datadog
 * matches handles in any case: `@webhook-Torq` routes to `torq` too, so it is removed too. A
 * mention inside a comment is the comment's text (it notifies nobody) and stays; so does one glued
 * to a word (`a@webhook-torq.com` is an address, not a mention). A conditional block left empty
 * by the removal (`🌐 {{#is_alert}}@webhook-torq{{/is_alert}}`) goes with it: an empty
 * `{{#is_alert}}{{/is_alert}}` would only clutter the message.
 */
export function stripWebhookMentions(message: string, webhooks: readonly string[]): string {
  const cuts = parseMessage(message)
    .mentions.filter((m) => mentionedWebhook(m, webhooks) !== undefined && !/[A-Za-z0-9_-]/.test(message[m.index - 1] ?? ''))
    .map((m) => {
      let from = m.index;
      while (from > 0 && (message[from - 1] === ' ' || message[from - 1] === '\t')) from--;
      return [from, m.end] as const;
    });
  // Each cut is first marked, so that only the blocks it emptied are removed, not empty blocks the author wrote.
  const MARK = '\u0000';
  let out = message;
  for (const [from, to] of cuts.reverse()) out = out.slice(0, from) + MARK + out.slice(to);
  const emptied = new RegExp(`[ \\t]*\\{\\{[#^]\\s*([A-Za-z_][\\w.]*)[^}]*\\}\\}[\\s${MARK}]*${MARK}[\\s${MARK}]*\\{\\{/\\s*\\1\\s*\\}\\}`, 'g');
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(emptied, MARK);
  }
  return out.split(MARK).join('');
}

/** The text that routes to a webhook: the mention, preceded by a space. */
export function torqMention(webhook: string, notifyOn: 'all' | readonly Transition[]): string {
  if (notifyOn === 'all') return ` ${webhookHandle(webhook)}`;
  const order = Object.keys(TRANSITIONS) as Transition[];
  return order
    .filter((t) => notifyOn.includes(t))
    .map((t) => `{{#${TRANSITIONS[t]}}} ${webhookHandle(webhook)}{{/${TRANSITIONS[t]}}}`)
    .join('');
}

/**
 * The monitor's message with its Torq routing: the catalog text, a blank line, the mention. A
 * message whose mentions already say exactly this routing (this webhook, these transitions, no
 * other org webhook) is kept as written, byte for byte: moving a mention changes nothing Datadog
 * does, and an adopted monitor's first apply would otherwise rewrite its message.
 */
export function routeMessage(message: string, allWebhooks: readonly string[], webhook: string | undefined, notifyOn: 'all' | readonly Transition[]): string {
  if (webhook !== undefined && alreadyRouted(message, allWebhooks, webhook, notifyOn)) return message;
  const body = stripWebhookMentions(message, allWebhooks).trimEnd();
  if (webhook === undefined) return body;
  const mention = torqMention(webhook, notifyOn);
  return body === '' ? mention : `${body}\n\n${mention}`;
}

function alreadyRouted(message: string, allWebhooks: readonly string[], webhook: string, notifyOn: 'all' | readonly Transition[]): boolean {
  // analyseRouting is exact only when every mention of an org webhook notifies (after a space or a
  // line start once rendered, outside comments), as the ones synth writes do.
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

/** The routing a message's mentions of the org's webhooks express (src/datadog/message.ts reads them). */
export function analyseRouting(message: string, orgWebhooks: readonly string[]): Routing {
  const notes = new Set<string>();
  const mentioned: string[] = [];
  let all = false;
  const union = new Set<Transition>();
  for (const m of parseMessage(message).mentions) {
    const canonical = mentionedWebhook(m, orgWebhooks);
    if (canonical === undefined) continue;
    const written = `@${m.handle}`;
    if (!m.separated) {
      // Datadog notifies nobody; the message is kept as written, and validate says why.
      notes.add(`${written} is glued to the text before it and notifies nobody`);
      continue;
    }
    if (m.handle !== `webhook-${canonical}`) notes.add(`${written} is written in another case than the org's webhook ${canonical}; kept as written`);
    if (!mentioned.includes(canonical)) mentioned.push(canonical);
    let set: Set<Transition> | undefined; // undefined: every transition
    for (const b of m.conditions) {
      const exact = EXACT_BLOCKS[b.name];
      const near = NEAR_BLOCKS[b.name];
      const base = exact ?? near;
      const text = b.elseBranch ? `{{else}} of ${b.text}` : b.text;
      if (!base) {
        notes.add(`the condition ${text} around ${written} cannot be expressed in the org file`);
        continue;
      }
      if (!exact || b.negated) notes.add(`${text} around ${written} is not exactly notifyOn ${b.negated ? 'all but ' : ''}${base.join(', ')}`);
      const allowed = new Set(b.negated ? TRANSITION_ORDER.filter((t) => !base.includes(t)) : base);
      set = new Set([...(set ?? TRANSITION_ORDER)].filter((t) => allowed.has(t)));
    }
    if (set === undefined) all = true;
    else if (set.size === 0) {
      notes.add(`${written} sits in blocks that never fire together`);
      all = true;
    } else set.forEach((t) => union.add(t));
  }
  if (mentioned.length > 1)
    notes.add(`the message mentions ${mentioned.map((w) => `@webhook-${w}`).join(' and ')}; the org file routes a monitor to one Torq webhook`);
  const notifyOn: NotifyOn = all || union.size === 0 ? 'all' : TRANSITION_ORDER.filter((t) => union.has(t));
  return { webhook: mentioned[0], notifyOn, notes: [...notes], exact: notes.size === 0 };
}
