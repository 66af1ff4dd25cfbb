/**
 * Monitor message templates (message and escalation_message): conditional blocks opened and
 * closed in the right nesting, known conditional names, and `@webhook-NAME` mentions.
 * Variables, helpers, comments and raw blocks are skipped, never judged.
 */
import { Finding, show } from '../config/findings';
import { WEBHOOK_NAME } from '../config/webhook';
import { typoHint } from '../config/suggest';
import { Mention, ParsedMessage, parseMessage, TagToken, tokenize, webhookName, where } from '../datadog/message';

/** Datadog's conditional variables (monitors/notify/variables). */
export const MESSAGE_CONDITIONALS = [
  'is_alert',
  'is_match',
  'is_exact_match',
  'is_no_data',
  'is_warning',
  'is_recovery',
  'is_warning_recovery',
  'is_alert_recovery',
  'is_alert_to_warning',
  'is_no_data_recovery',
  'is_unknown',
  'is_renotify',
  'is_priority',
] as const;

/** Handlebars' built-in block helpers, which Datadog's templates (synthetics notifications) use. */
export const HANDLEBARS_BLOCKS = ['if', 'unless', 'each', 'with'] as const;

const KNOWN_BLOCKS: readonly string[] = [...MESSAGE_CONDITIONALS, ...HANDLEBARS_BLOCKS];

export interface MonitorContext {
  /** The org's declared Torq webhook names; when undefined, @webhook names are not checked against a declaration. */
  readonly webhooks?: readonly string[];
  /** Webhooks that exist in the org's Datadog, managed elsewhere (org file externalWebhooks): mentions of them are fine. */
  readonly externalWebhooks?: readonly string[];
  /** Service-check names of Torq's own heartbeat, for the loop guard. */
  readonly heartbeatChecks?: readonly string[];
}

/** The `{{...}}` tags of a template, with comments, raw blocks and triple-stash variables left out. */
export function templateTags(text: string): TagToken[] {
  return tokenize(text).tokens.filter((t): t is TagToken => 'inner' in t && !text.startsWith('{{{', t.start));
}

/**
 * Tag variables of a message: `{{host.name}}`, `{{ kube_namespace.name }}`, `{{[@http.url].name}}`,
 * with the key they name (`host`, `kube_namespace`, `@http.url`) and their offset.
 */
export function tagVariables(text: string): { key: string; written: string; index: number }[] {
  const out: { key: string; written: string; index: number }[] = [];
  for (const t of templateTags(text)) {
    const m = /^(?:\[([^\]]+)\]|([A-Za-z_@][A-Za-z0-9_.@-]*?))\.name$/.exec(t.inner);
    if (m) out.push({ key: (m[1] ?? m[2]).trim(), written: text.slice(t.start, t.end), index: t.start });
  }
  return out;
}

/**
 * Conditional blocks: unbalanced or wrongly nested blocks are errors, since Datadog's monitor
 * validation refuses them (DATADOG.md, Message templates), and plan runs it for every monitor
 * (provider v3.82.0 resource_datadog_monitor.go, resourceDatadogMonitorCustomizeDiff ->
 * ValidateMonitor). An unknown conditional is a warning, or an error as a near miss (a typo).
 */
function checkBlocks(parsed: ParsedMessage, text: string, at: string, file: string, out: Finding[]): void {
  const found: { at: number; finding: Finding }[] = [];
  const push = (offset: number, severity: Finding['severity'], message: string): void => {
    found.push({ at: offset, finding: { file, path: at, severity, message } });
  };
  const sigil = (t: { negated: boolean }): string => (t.negated ? '^' : '#');
  for (const tag of parsed.tokens) {
    if (tag.kind !== 'open') continue;
    const rest = tag.inner.slice(1).trim();
    if (!KNOWN_BLOCKS.includes(tag.name)) {
      const hint = typoHint(tag.name, KNOWN_BLOCKS);
      const message = `unknown conditional {{${sigil(tag)}${tag.name}}}${hint} at ${where(text, tag.start)}; expected one of ${MESSAGE_CONDITIONALS.join(', ')} (or Handlebars' ${HANDLEBARS_BLOCKS.join(', ')})`;
      push(tag.start, hint !== '' ? 'error' : 'warning', hint !== '' ? message : `${message}; Datadog renders an unknown block as an empty section`);
    }
    if ((tag.name === 'is_match' || tag.name === 'is_exact_match') && rest.split(/\s+/).length < 3) {
      push(
        tag.start,
        'error',
        `{{${sigil(tag)}${rest}}} at ${where(text, tag.start)} needs a variable and at least one string; expected e.g. {{${sigil(tag)}${tag.name} "host.name" "db"}}`,
      );
    }
  }
  for (const p of parsed.blockProblems) {
    if (p.kind === 'stray-else') {
      const shown = p.tag.inner === '^' ? '{{^}} (else)' : `{{${p.tag.inner}}}`;
      push(p.tag.start, 'error', `${shown} at ${where(text, p.tag.start)} is outside any conditional block; expected it between {{#x}} and {{/x}}`);
    } else if (p.kind === 'stray-close') {
      push(p.close.start, 'error', `{{/${p.close.name}}} at ${where(text, p.close.start)} closes nothing; expected a {{#${p.close.name}}} before it`);
    } else if (p.kind === 'mismatched-close') {
      push(
        p.close.start,
        'error',
        `{{/${p.close.name}}} at ${where(text, p.close.start)} does not close {{${sigil(p.open)}${p.open.name}}} opened at ${where(text, p.open.start)}; expected {{/${p.open.name}}} first`,
      );
    } else {
      push(Infinity, 'error', `{{${sigil(p.open)}${p.open.name}}} opened at ${where(text, p.open.start)} is never closed; expected {{/${p.open.name}}}`);
    }
  }
  out.push(...found.sort((x, y) => x.at - y.at).map((f) => f.finding));
}

export interface WebhookMention {
  /** The name after `@webhook-`, sentence punctuation after it left out (src/datadog/message.ts). */
  readonly name: string;
  /** The punctuation written right after the name (`.` in `@webhook-torq.`), else ''. */
  readonly trailing: string;
  /** Offset of `@`. */
  readonly index: number;
  /** True when a space or a line start comes before it once rendered (block tags and comments render nothing). */
  readonly separated: boolean;
}

/** The `@webhook-...` mentions of a message outside comments (src/datadog/message.ts). */
export function webhookMentions(text: string): WebhookMention[] {
  return webhookMentionsOf(text, parseMessage(text).mentions);
}

function webhookMentionsOf(text: string, mentions: readonly Mention[]): WebhookMention[] {
  return mentions
    .filter((m) => webhookName(m.handle) !== undefined)
    .map((m) => ({ name: text.slice(m.index + '@webhook-'.length, m.end), trailing: m.trailing, index: m.index, separated: m.separated }));
}

/** The words of the finding for a mention glued to the text before it. */
const GLUED = 'is glued to the text before it';

/** True for the finding of a glued mention (validateMessage's). */
export function isGluedMention(f: Finding): boolean {
  return f.message.includes(GLUED);
}

export function validateMessage(message: string, at: string, file: string, ctx: MonitorContext = {}): Finding[] {
  const out: Finding[] = [];
  const parsed = parseMessage(message);
  for (const open of parsed.unclosedTags) {
    const shown = /^\{\{[^\s{}]*/.exec(message.slice(open))?.[0] ?? '{{';
    out.push({
      file,
      path: at,
      severity: 'error',
      message: `the template tag ${show(shown)} at ${where(message, open)} is never closed; expected ${shown}}} (Datadog cannot render a message with an unclosed tag)`,
    });
  }
  // Blocks are judged only in a template that parses: an unclosed tag would make every later block look wrong.
  if (parsed.unclosedTags.length === 0) checkBlocks(parsed, message, at, file, out);
  // The mentions below are warnings (src/validate/README.md): Datadog accepts the monitor and
  // only notifies no one. An @-handle with nothing after the dash (`@slack-`, `@pagerduty-`)
  // notifies no one; @webhook- is checked below.
  for (const m of parsed.commented) {
    out.push({
      file,
      path: at,
      severity: 'warning',
      message: `@${m.handle} at ${where(message, m.index)} is inside a comment and notifies nobody; expected it outside {{!-- --}} (or removed)`,
    });
  }
  for (const m of parsed.mentions) {
    const service = /^([A-Za-z][A-Za-z0-9_]*)-$/.exec(m.handle)?.[1];
    if (service === undefined || service.toLowerCase() === 'webhook') continue;
    out.push({
      file,
      path: at,
      severity: 'warning',
      message: `@${service}- at ${where(message, m.index)} names no ${service} recipient; expected @${service}-<name>, e.g. @${service}-ops`,
    });
  }
  for (const w of webhookMentionsOf(message, parsed.mentions)) {
    const written = `@webhook-${w.name}${w.trailing}`;
    if (!w.separated) {
      out.push({
        file,
        path: at,
        severity: 'warning',
        message: `${written} at ${where(message, w.index)} ${GLUED}; expected a space or a line break before @webhook-, or Datadog does not notify the webhook`,
      });
    }
    const name = w.name;
    if (/[()]/.test(name + w.trailing)) {
      out.push({
        file,
        path: at,
        severity: 'warning',
        message: `${written} at ${where(message, w.index)} contains parentheses; expected a webhook name of letters, digits, - and _ (parentheses silently break the notification)`,
      });
      continue;
    }
    if (w.trailing !== '' && WEBHOOK_NAME.test(name)) {
      out.push({
        file,
        path: at,
        severity: 'warning',
        message: `${written} at ${where(message, w.index)} ends with ${show(w.trailing)}, which Datadog may read as part of the name; expected a space after @webhook-${name}`,
      });
    }
    if (name === '') {
      out.push({ file, path: at, severity: 'warning', message: `@webhook- at ${where(message, w.index)} names no webhook; expected @webhook-<name>` });
      continue;
    }
    if (!WEBHOOK_NAME.test(name)) {
      out.push({
        file,
        path: at,
        severity: 'warning',
        message: `${written} at ${where(message, w.index)} is not a valid webhook name; expected letters, digits, - and _ only`,
      });
      continue;
    }
    const sameButCase = ctx.webhooks?.find((hook) => hook !== name && hook.toLowerCase() === name.toLowerCase());
    if (sameButCase !== undefined) {
      // Whether Datadog matches @-handles in any case is not documented: lenient, and said.
      out.push({
        file,
        path: at,
        severity: 'warning',
        message: `@webhook-${name} at ${where(message, w.index)} differs only in case from the declared webhook ${sameButCase}; Datadog does not document whether handles match in any case: expected @webhook-${sameButCase}`,
      });
      continue;
    }
    if (ctx.webhooks !== undefined && !ctx.webhooks.includes(name) && !(ctx.externalWebhooks ?? []).includes(name)) {
      const declared = ctx.webhooks.length > 0 ? `one of ${ctx.webhooks.join(', ')}` : 'a webhook declared for this org (none is)';
      // Datadog accepts a mention of a webhook that does not exist and never notifies it
      // (docs/validation.md; DATADOG.md, Webhook integration): a near miss of a declared name is a
      // typo, so an error; another name (a webhook declared outside this project) is a warning.
      const hint = typoHint(name, ctx.webhooks);
      out.push({
        file,
        path: at,
        severity: hint !== '' ? 'error' : 'warning',
        message: `@webhook-${name} at ${where(message, w.index)} names no declared webhook${hint}; expected ${declared}, or the name in externalWebhooks of the org file when the webhook exists in Datadog outside this project (org:import records those it finds); a webhook that does not exist is never notified (Datadog accepts the monitor)`,
      });
    }
  }
  return out;
}
