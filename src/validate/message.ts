/**
 * Monitor message templates (message and escalation_message): conditional blocks opened and
 * closed in the right nesting, known conditional names, and `@webhook-NAME` mentions.
 * Variables, helpers, comments and raw blocks are skipped, never judged.
 */
import { Finding, show } from '../config/findings';
import { WEBHOOK_NAME } from '../config/webhook';
import { typoHint } from '../config/suggest';

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
  /** Service-check names of Torq's own heartbeat, for the loop guard. */
  readonly heartbeatChecks?: readonly string[];
}

/** Line and column (1-based) of an offset in a text. */
function where(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

interface Tag {
  /** Offset of `{{`. */
  readonly start: number;
  /** Offset after `}}`. */
  readonly end: number;
  /** Text between the braces, `~` whitespace control removed, trimmed. */
  readonly inner: string;
}

/** The `{{...}}` tags of a template, with comments, raw blocks and triple-stash variables left out. */
export function templateTags(text: string): Tag[] {
  return scanTemplate(text).tags;
}

/**
 * Scans a template: its tags, and the offsets of tags opened and never closed (`{{value` at the
 * end, or `{{value is {{threshold}}`). `{{` followed by a space or punctuation is literal text.
 */
function scanTemplate(text: string): { tags: Tag[]; unclosed: number[] } {
  const tags: Tag[] = [];
  const unclosed: number[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    // {{{{raw}}}} ... {{{{/raw}}}}: content is literal.
    if (text.startsWith('{{{{', open)) {
      const head = /^\{\{\{\{\s*([^}\s]+)[^}]*\}\}\}\}/.exec(text.slice(open));
      if (head) {
        const closeTag = text.indexOf(`{{{{/${head[1]}}}}}`, open + head[0].length);
        i = closeTag < 0 ? text.length : closeTag + `{{{{/${head[1]}}}}}`.length;
        continue;
      }
    }
    // {{!-- comment --}} may contain }}; {{! comment }} may not.
    if (text.startsWith('{{!--', open) || text.startsWith('{{~!--', open)) {
      const end = text.indexOf('--', open + 5);
      const close = end < 0 ? -1 : text.indexOf('}}', end);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (text.startsWith('{{!', open) || text.startsWith('{{~!', open)) {
      const close = text.indexOf('}}', open + 3);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    // {{{var}}}: unescaped variable.
    if (text.startsWith('{{{', open)) {
      const close = text.indexOf('}}}', open + 3);
      i = close < 0 ? text.length : close + 3;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    const next = text.indexOf('{{', open + 2);
    // A tag that starts like one (`{{value`, `{{#is_alert`, `{{/x`) but reaches another `{{` or the
    // end of the text before its `}}` is unclosed; Handlebars refuses the whole template.
    const looksLikeTag = /^\{\{~?[#^/&]?\s*[A-Za-z_@[]/.test(text.slice(open, open + 6)) && !/^\{\{\s/.test(text.slice(open, open + 3));
    if (close < 0 || (next >= 0 && next < close)) {
      if (looksLikeTag) unclosed.push(open);
      if (close < 0) break;
      i = next >= 0 && next < close ? next : close + 2;
      continue;
    }
    const inner = text
      .slice(open + 2, close)
      .replace(/^~/, '')
      .replace(/~$/, '')
      .trim();
    if (!inner.startsWith('!')) tags.push({ start: open, end: close + 2, inner });
    i = close + 2;
  }
  return { tags, unclosed };
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

/** The name of a block tag: `#is_match "host.name" "db"` -> `is_match`. */
function blockName(s: string): string {
  return s.trim().split(/[\s(]/)[0];
}

/**
 * Conditional blocks: unbalanced or wrongly nested blocks are errors, since Datadog's monitor
 * validation refuses them (DATADOG.md, Message templates), and plan runs it for every monitor
 * (provider v3.82.0 resource_datadog_monitor.go, resourceDatadogMonitorCustomizeDiff ->
 * ValidateMonitor). An unknown conditional is a warning, or an error as a near miss (a typo).
 */
function checkBlocks(text: string, at: string, file: string, out: Finding[]): void {
  const stack: { name: string; tag: Tag; sigil: string }[] = [];
  for (const tag of templateTags(text)) {
    const sigil = tag.inner[0];
    if (sigil === '#' || sigil === '^') {
      const rest = tag.inner.slice(1).trim();
      if (sigil === '^' && rest === '') {
        // {{^}} is Handlebars' else.
        if (stack.length === 0) out.push({ file, path: at, severity: 'error', message: `{{^}} (else) at ${where(text, tag.start)} is outside any conditional block; expected it between {{#x}} and {{/x}}` });
        continue;
      }
      const name = blockName(rest);
      stack.push({ name, tag, sigil });
      if (!KNOWN_BLOCKS.includes(name)) {
        const hint = typoHint(name, KNOWN_BLOCKS);
        const message = `unknown conditional {{${sigil}${name}}}${hint} at ${where(text, tag.start)}; expected one of ${MESSAGE_CONDITIONALS.join(', ')} (or Handlebars' ${HANDLEBARS_BLOCKS.join(', ')})`;
        out.push({ file, path: at, severity: hint !== '' ? 'error' : 'warning', message: hint !== '' ? message : `${message}; Datadog renders an unknown block as an empty section` });
      }
      if ((name === 'is_match' || name === 'is_exact_match') && rest.split(/\s+/).length < 3) {
        out.push({ file, path: at, severity: 'error', message: `{{${sigil}${rest}}} at ${where(text, tag.start)} needs a variable and at least one string; expected e.g. {{${sigil}${name} "host.name" "db"}}` });
      }
    } else if (sigil === '/') {
      const name = blockName(tag.inner.slice(1));
      const top = stack[stack.length - 1];
      if (!top) {
        out.push({ file, path: at, severity: 'error', message: `{{/${name}}} at ${where(text, tag.start)} closes nothing; expected a {{#${name}}} before it` });
      } else if (top.name !== name) {
        const opened = stack.findIndex((b) => b.name === name);
        out.push({
          file,
          path: at,
          severity: 'error',
          message: `{{/${name}}} at ${where(text, tag.start)} does not close {{${top.sigil}${top.name}}} opened at ${where(text, top.tag.start)}; expected {{/${top.name}}} first`,
        });
        if (opened >= 0) stack.splice(opened); // resynchronise on the block it closes
      } else stack.pop();
    } else if (/^else(\s|$)/.test(tag.inner)) {
      if (stack.length === 0) out.push({ file, path: at, severity: 'error', message: `{{${tag.inner}}} at ${where(text, tag.start)} is outside any conditional block; expected it between {{#x}} and {{/x}}` });
    }
  }
  for (const b of stack.reverse()) {
    out.push({ file, path: at, severity: 'error', message: `{{${b.sigil}${b.name}}} opened at ${where(text, b.tag.start)} is never closed; expected {{/${b.name}}}` });
  }
}

export interface WebhookMention {
  /** The name as written after `@webhook-`, up to whitespace or a template tag. */
  readonly name: string;
  /** Offset of `@`. */
  readonly index: number;
  /** True when a space, a line start or a template tag (rendered away) comes before it. */
  readonly separated: boolean;
}

/** Every `@webhook-...` mention of a message. */
export function webhookMentions(text: string): WebhookMention[] {
  const out: WebhookMention[] = [];
  const re = /@webhook-([^\s{}]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    // Template tags just before the mention render to nothing: look past them.
    let j = m.index;
    for (;;) {
      if (j >= 2 && text.slice(j - 2, j) === '}}') {
        const open = text.lastIndexOf('{{', j - 2);
        if (open < 0) break;
        j = open;
      } else break;
    }
    const before = j === 0 ? '' : text[j - 1];
    out.push({ name: m[1], index: m.index, separated: before === '' || /\s/.test(before) });
  }
  return out;
}

/** Sentence punctuation that readers put after a mention and that Datadog reads as part of it. */
const TRAILING_PUNCTUATION = /[.,;:!?'"`*\]>]+$/;

/** The words of the finding for a mention glued to the text before it. */
const GLUED = 'is glued to the text before it';

/** True for the finding of a glued mention (validateMessage's). */
export function isGluedMention(f: Finding): boolean {
  return f.message.includes(GLUED);
}

export function validateMessage(message: string, at: string, file: string, ctx: MonitorContext = {}): Finding[] {
  const out: Finding[] = [];
  const { unclosed } = scanTemplate(message);
  for (const open of unclosed) {
    const shown = /^\{\{[^\s{}]*/.exec(message.slice(open))?.[0] ?? '{{';
    out.push({ file, path: at, severity: 'error', message: `the template tag ${show(shown)} at ${where(message, open)} is never closed; expected ${shown}}} (Datadog cannot render a message with an unclosed tag)` });
  }
  // Blocks are judged only in a template that parses: an unclosed tag would make every later block look wrong.
  if (unclosed.length === 0) checkBlocks(message, at, file, out);
  // The mentions below are warnings (src/validate/README.md): Datadog accepts the monitor and
  // only notifies no one. An @-handle with nothing after the dash (`@slack-`, `@pagerduty-`)
  // notifies no one; @webhook- is checked below.
  for (const m of message.matchAll(/(^|[\s(])@([A-Za-z][A-Za-z0-9_]*)-(?=$|[\s{}.,;:!?)\]])/g)) {
    if (m[2].toLowerCase() === 'webhook') continue;
    const index = m.index + m[1].length;
    out.push({ file, path: at, severity: 'warning', message: `@${m[2]}- at ${where(message, index)} names no ${m[2]} recipient; expected @${m[2]}-<name>, e.g. @${m[2]}-ops` });
  }
  for (const w of webhookMentions(message)) {
    const written = `@webhook-${w.name}`;
    if (!w.separated) {
      out.push({ file, path: at, severity: 'warning', message: `${written} at ${where(message, w.index)} ${GLUED}; expected a space or a line break before @webhook-, or Datadog does not notify the webhook` });
    }
    let name = w.name;
    if (/[()]/.test(name)) {
      out.push({ file, path: at, severity: 'warning', message: `${written} at ${where(message, w.index)} contains parentheses; expected a webhook name of letters, digits, - and _ (parentheses silently break the notification)` });
      continue;
    }
    const trimmed = name.replace(TRAILING_PUNCTUATION, '');
    if (trimmed !== name && WEBHOOK_NAME.test(trimmed)) {
      out.push({ file, path: at, severity: 'warning', message: `${written} at ${where(message, w.index)} ends with ${show(name.slice(trimmed.length))}, which Datadog may read as part of the name; expected a space after @webhook-${trimmed}` });
      name = trimmed;
    }
    if (name === '') {
      out.push({ file, path: at, severity: 'warning', message: `@webhook- at ${where(message, w.index)} names no webhook; expected @webhook-<name>` });
      continue;
    }
    if (!WEBHOOK_NAME.test(name)) {
      out.push({ file, path: at, severity: 'warning', message: `${written} at ${where(message, w.index)} is not a valid webhook name; expected letters, digits, - and _ only` });
      continue;
    }
    const sameButCase = ctx.webhooks?.find((hook) => hook !== name && hook.toLowerCase() === name.toLowerCase());
    if (sameButCase !== undefined) {
      // Whether Datadog matches @-handles in any case is not documented: lenient, and said.
      out.push({ file, path: at, severity: 'warning', message: `@webhook-${name} at ${where(message, w.index)} differs only in case from the declared webhook ${sameButCase}; Datadog does not document whether handles match in any case: expected @webhook-${sameButCase}` });
      continue;
    }
    if (ctx.webhooks !== undefined && !ctx.webhooks.includes(name)) {
      const declared = ctx.webhooks.length > 0 ? `one of ${ctx.webhooks.join(', ')}` : 'a webhook declared for this org (none is)';
      // Datadog accepts a mention of a webhook that does not exist and never notifies it
      // (docs/validation.md; DATADOG.md, Webhook integration): a near miss of a declared name is a
      // typo, so an error; another name (a webhook declared outside this project) is a warning.
      const hint = typoHint(name, ctx.webhooks);
      out.push({ file, path: at, severity: hint !== '' ? 'error' : 'warning', message: `@webhook-${name} at ${where(message, w.index)} names no declared webhook${hint}; expected ${declared} (Datadog accepts the monitor and never notifies)` });
    }
  }
  return out;
}
