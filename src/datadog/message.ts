/**
 * Datadog's monitor-message template rules, read once: every tool that asks "whom does this
 * message notify, and when" (synth's routing, org:import, validate, the review, drift) reads the
 * answer here (DATADOG.md, Message templates; https://docs.datadoghq.com/monitors/notify/variables/).
 *
 * - `{{! ...}}` and `{{!-- ... --}}` are comments: a mention inside one notifies nobody.
 * - `{{#x}}`, `{{^x}}` (negated), `{{else}}` (or `{{^}}`), `{{/x}}`: conditional blocks; a mention
 *   inside is notified only when its blocks fire. `{{#is_match "var" "a" "b"}}` keeps its arguments.
 * - `{{{{raw}}}}...{{{{/raw}}}}`: the content is rendered literally, so a mention in it is text
 *   like any other (and tags in it are text, not blocks).
 * - `{{var}}`, `{{{var}}}`: variables, rendered as text.
 * - `@handle` (`@webhook-torq`, `@slack-ops`, `@ops@example.com`) notifies only when a space or the
 *   start of a line comes before it once the template is rendered: a block tag or a comment
 *   renders to nothing, so `x {{#is_alert}}@webhook-torq{{/is_alert}}` notifies torq on alert;
 *   a variable or a word renders to text, so `{{host.name}}@webhook-torq` and `a@webhook-torq`
 *   notify nobody. Sentence punctuation after a handle (`@webhook-torq.`) is not part of it.
 */
import { lineColumn } from '../config/textPosition';

/** A `{{...}}` tag, a comment or a run of literal text, with its offsets in the message. */
export type Token =
  | { readonly kind: 'text'; readonly start: number; readonly end: number }
  | { readonly kind: 'comment'; readonly start: number; readonly end: number; readonly text: string }
  | { readonly kind: 'raw'; readonly start: number; readonly end: number }
  | {
      readonly kind: 'open';
      readonly start: number;
      readonly end: number;
      readonly inner: string;
      readonly name: string;
      readonly args: string;
      readonly negated: boolean;
    }
  | { readonly kind: 'close'; readonly start: number; readonly end: number; readonly inner: string; readonly name: string }
  | { readonly kind: 'else'; readonly start: number; readonly end: number; readonly inner: string }
  | { readonly kind: 'variable'; readonly start: number; readonly end: number; readonly inner: string };

export type TagToken = Extract<Token, { inner: string }>;

/** A conditional block around a mention, outermost first. */
export interface Condition {
  /** `is_alert`, `is_match`, `is_warning`... */
  readonly name: string;
  /** The arguments as written, spaces collapsed: `"host.name" "db"` (empty for most blocks). */
  readonly args: string;
  /** True inside `{{^x}}`, or in the `{{else}}` branch of `{{#x}}`. */
  readonly negated: boolean;
  /** True in the `{{else}}` branch. */
  readonly elseBranch: boolean;
  /** The opening tag as written, `{{#is_alert}}`. */
  readonly text: string;
}

export interface Mention {
  /** The handle without its `@`, sentence punctuation after it left out: `webhook-torq`, `ops@example.com`. */
  readonly handle: string;
  /** The enclosing conditional blocks, outermost first (empty: every time the monitor notifies). */
  readonly conditions: readonly Condition[];
  /** True when a space or a line start comes before it once rendered; else Datadog notifies nobody. */
  readonly separated: boolean;
  /** 1-based line and column of the `@`. */
  readonly line: number;
  readonly column: number;
  /** Offset of the `@` and of the end of the handle. */
  readonly index: number;
  readonly end: number;
  /** Sentence punctuation written right after the handle (`.` in `@webhook-torq.`), else ''. */
  readonly trailing: string;
}

export type BlockProblem =
  | { readonly kind: 'unclosed'; readonly open: TagToken & { kind: 'open' } }
  | { readonly kind: 'stray-close'; readonly close: TagToken & { kind: 'close' } }
  | { readonly kind: 'mismatched-close'; readonly close: TagToken & { kind: 'close' }; readonly open: TagToken & { kind: 'open' } }
  | { readonly kind: 'stray-else'; readonly tag: TagToken & { kind: 'else' } };

export interface ParsedMessage {
  readonly tokens: readonly Token[];
  /** Mentions outside comments, notifying or not (see `separated`), in the order written. */
  readonly mentions: readonly Mention[];
  /** Mentions written inside a comment: they notify nobody. */
  readonly commented: readonly Mention[];
  /** Offsets of tags opened and never closed (`{{value` at the end): Handlebars refuses the template. */
  readonly unclosedTags: readonly number[];
  /** Blocks closed out of order, never closed, or else/close outside any block. */
  readonly blockProblems: readonly BlockProblem[];
}

/** Characters of a handle: anything but whitespace, braces and the punctuation that ends a word. */
const HANDLE = /@([^\s{}<>,;"'`@]*(?:@[^\s{}<>,;"'`@]+)?)([,;"'`>]*)/g;
/** Sentence punctuation after a handle, which is not part of it. */
const TRAILING = /[.,;:!?'"`*)\]>]+$/;

/** `line 2, column 5`. */
export function where(text: string, offset: number): string {
  const { line, column } = lineColumn(text, offset);
  return `line ${line}, column ${column}`;
}

function tagToken(text: string, start: number, end: number, innerStart: number, innerEnd: number): Token {
  const inner = text.slice(innerStart, innerEnd).replace(/^~/, '').replace(/~$/, '').trim();
  const sigil = inner[0];
  if (sigil === '#' || sigil === '^') {
    const rest = inner.slice(1).trim();
    if (sigil === '^' && rest === '') return { kind: 'else', start, end, inner };
    const name = rest.split(/[\s(]/)[0];
    return { kind: 'open', start, end, inner, name, args: rest.slice(name.length).trim().replace(/\s+/g, ' '), negated: sigil === '^' };
  }
  if (sigil === '/') return { kind: 'close', start, end, inner, name: inner.slice(1).trim().split(/[\s(]/)[0] };
  if (/^else(\s|$)/.test(inner)) return { kind: 'else', start, end, inner };
  return { kind: 'variable', start, end, inner };
}

/**
 * The message as tokens. `{{` followed by a space or punctuation is literal text; a tag that
 * starts like one (`{{value`) but reaches another `{{` or the end first is unclosed.
 */
export function tokenize(text: string): { tokens: Token[]; unclosed: number[] } {
  const tokens: Token[] = [];
  const unclosed: number[] = [];
  let textStart = 0;
  const flush = (to: number): void => {
    if (to > textStart) tokens.push({ kind: 'text', start: textStart, end: to });
  };
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    // {{{{raw}}}} ... {{{{/raw}}}}: the content is literal text.
    if (text.startsWith('{{{{', open)) {
      const head = /^\{\{\{\{\s*([^}\s]+)[^}]*\}\}\}\}/.exec(text.slice(open));
      if (head) {
        flush(open);
        const closing = `{{{{/${head[1]}}}}}`;
        const closeAt = text.indexOf(closing, open + head[0].length);
        tokens.push({ kind: 'raw', start: open, end: open + head[0].length });
        const contentEnd = closeAt < 0 ? text.length : closeAt;
        if (contentEnd > open + head[0].length) tokens.push({ kind: 'text', start: open + head[0].length, end: contentEnd });
        if (closeAt >= 0) tokens.push({ kind: 'raw', start: closeAt, end: closeAt + closing.length });
        i = textStart = closeAt < 0 ? text.length : closeAt + closing.length;
        continue;
      }
    }
    // {{!-- comment --}} may contain }}; {{! comment }} may not.
    const long = text.startsWith('{{!--', open) || text.startsWith('{{~!--', open);
    if (long || text.startsWith('{{!', open) || text.startsWith('{{~!', open)) {
      flush(open);
      let close: number;
      if (long) {
        const dashes = text.indexOf('--', open + (text[open + 2] === '~' ? 6 : 5));
        close = dashes < 0 ? -1 : text.indexOf('}}', dashes);
      } else close = text.indexOf('}}', open + 3);
      const end = close < 0 ? text.length : close + 2;
      tokens.push({ kind: 'comment', start: open, end, text: text.slice(open, end) });
      i = textStart = end;
      continue;
    }
    // {{{var}}}: unescaped variable.
    if (text.startsWith('{{{', open)) {
      const close = text.indexOf('}}}', open + 3);
      flush(open);
      const end = close < 0 ? text.length : close + 3;
      tokens.push({ kind: 'variable', start: open, end, inner: text.slice(open + 3, close < 0 ? text.length : close).trim() });
      i = textStart = end;
      continue;
    }
    const close = text.indexOf('}}', open + 2);
    const next = text.indexOf('{{', open + 2);
    const looksLikeTag = /^\{\{~?[#^/&]?\s*[A-Za-z_@[]/.test(text.slice(open, open + 6)) && !/^\{\{\s/.test(text.slice(open, open + 3));
    if (close < 0 || (next >= 0 && next < close)) {
      if (looksLikeTag) unclosed.push(open);
      if (close < 0) break;
      i = next >= 0 && next < close ? next : close + 2;
      continue;
    }
    flush(open);
    tokens.push(tagToken(text, open, close + 2, open + 2, close));
    i = textStart = close + 2;
  }
  flush(text.length);
  return { tokens, unclosed };
}

/** The transition blocks of which at most one fires per notification. */
const TRANSITION_BLOCKS = new Set(['is_alert', 'is_warning', 'is_no_data', 'is_recovery']);

/** The offset in `tokens` of the block opened for the close tag at `j`, else -1. */
function matchingOpen(tokens: readonly Token[], j: number): number {
  const name = (tokens[j] as { name: string }).name;
  let depth = 0;
  for (let i = j - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.kind === 'close' && t.name === name) depth++;
    if (t.kind === 'open' && t.name === name && depth-- === 0) return i;
  }
  return -1;
}

/**
 * True when the rendered text before token `k` ends in whitespace or is empty. Block tags and
 * comments render to nothing; a variable renders text. A block closed before the mention counts
 * both ways (fired and not), unless it is a transition block that cannot fire with the mention's
 * own (`{{#is_no_data}}...{{/is_no_data}}{{#is_warning}}@webhook-torq`).
 */
function spaceBefore(text: string, tokens: readonly Token[], k: number, conditions: readonly Condition[]): boolean {
  const own = conditions.filter((c) => !c.negated && TRANSITION_BLOCKS.has(c.name)).map((c) => c.name);
  const walk = (from: number): boolean => {
    for (let j = from; j >= 0; j--) {
      const t = tokens[j];
      if (t.kind === 'text') return /\s/.test(text[t.end - 1]);
      if (t.kind === 'variable') return false;
      if (t.kind === 'else') {
        // The other branch does not render with this one: go on before the block's opening.
        let depth = 0;
        for (j--; j >= 0; j--) {
          const u = tokens[j];
          if (u.kind === 'close') depth++;
          else if (u.kind === 'open' && depth-- === 0) break;
        }
        continue;
      }
      if (t.kind === 'close') {
        const o = matchingOpen(tokens, j);
        if (o < 0) continue;
        const b = tokens[o] as { name: string; negated: boolean };
        const exclusive = !b.negated && TRANSITION_BLOCKS.has(b.name) && own.some((n) => n !== b.name);
        return walk(o - 1) && (exclusive || walk(j - 1));
      }
    }
    return true;
  };
  return walk(k - 1);
}

function mentionsIn(text: string, from: number, to: number, conditions: readonly Condition[], first: boolean): Mention[] {
  const out: Mention[] = [];
  const segment = text.slice(from, to);
  for (const m of segment.matchAll(HANDLE)) {
    const written = m[1];
    const cut = TRAILING.exec(written)?.[0] ?? '';
    const handle = written.slice(0, written.length - cut.length);
    const trailing = cut + m[2];
    if (handle === '') continue;
    const index = from + m.index;
    const separated = m.index === 0 ? first : /\s/.test(segment[m.index - 1]);
    out.push({ handle, conditions, separated, ...lineColumn(text, index), index, end: index + 1 + handle.length, trailing });
  }
  return out;
}

interface Open {
  readonly tag: TagToken & { kind: 'open' };
  elseBranch: boolean;
}

function condition(b: Open): Condition {
  return { name: b.tag.name, args: b.tag.args, negated: b.tag.negated !== b.elseBranch, elseBranch: b.elseBranch, text: `{{${b.tag.inner}}}` };
}

/** Reads a monitor message: its tokens, its mentions with their conditions, its unbalanced blocks. */
export function parseMessage(text: string): ParsedMessage {
  const { tokens, unclosed } = tokenize(text);
  const stack: Open[] = [];
  const mentions: Mention[] = [];
  const commented: Mention[] = [];
  const blockProblems: BlockProblem[] = [];
  tokens.forEach((t, k) => {
    if (t.kind === 'text') mentions.push(...mentionsIn(text, t.start, t.end, stack.map(condition), spaceBefore(text, tokens, k, stack.map(condition))));
    else if (t.kind === 'comment') commented.push(...mentionsIn(text, t.start, t.end, stack.map(condition), true));
    else if (t.kind === 'open') stack.push({ tag: t, elseBranch: false });
    else if (t.kind === 'else') {
      if (stack.length === 0) blockProblems.push({ kind: 'stray-else', tag: t });
      else stack[stack.length - 1].elseBranch = !stack[stack.length - 1].elseBranch;
    } else if (t.kind === 'close') {
      const top = stack[stack.length - 1];
      if (!top) blockProblems.push({ kind: 'stray-close', close: t });
      else if (top.tag.name !== t.name) {
        blockProblems.push({ kind: 'mismatched-close', close: t, open: top.tag });
        const opened = stack.map((b) => b.tag.name).lastIndexOf(t.name);
        if (opened >= 0) stack.splice(opened); // resynchronise on the block it closes
      } else stack.pop();
    }
  });
  for (const b of [...stack].reverse()) blockProblems.push({ kind: 'unclosed', open: b.tag });
  return { tokens, mentions, commented, unclosedTags: unclosed, blockProblems };
}

/** The mentions Datadog notifies: outside comments, after a space or a line start. */
export function notifyingMentions(text: string): Mention[] {
  return parseMessage(text).mentions.filter((m) => m.separated);
}

/** The webhook name of a `webhook-<name>` handle, else undefined. */
export function webhookName(handle: string): string | undefined {
  return /^webhook-/i.test(handle) ? handle.slice('webhook-'.length) : undefined;
}

/** The handle that routes to a webhook: `@webhook-<name>`. */
export function webhookHandle(name: string): string {
  return `@webhook-${name}`;
}

/**
 * The webhook of the given ones a handle (`webhook-Torq`, without its @) names, if any. Handles are
 * matched in any case, as synth's routing and org:import have always read them (Datadog does not
 * document it either way: validate warns about a mention in another case).
 */
export function handleWebhook(handle: string, webhooks: Iterable<string>): string | undefined {
  const name = webhookName(handle)?.toLowerCase();
  return name === undefined ? undefined : [...webhooks].find((w) => w.toLowerCase() === name);
}

/** The org webhook a mention names, if any (handleWebhook). */
export function mentionedWebhook(m: Mention, webhooks: readonly string[]): string | undefined {
  return handleWebhook(m.handle, webhooks);
}

/** The given webhooks a text notifies (in the given order). */
export function notifiedWebhooks(text: string, webhooks: readonly string[]): string[] {
  const hit = new Set(notifyingMentions(text).map((m) => mentionedWebhook(m, webhooks)));
  return webhooks.filter((w) => hit.has(w));
}

/** `is_alert`, `not is_warning`, `is_match "env" "prod" and is_recovery`; '' when unconditional. */
export function describeConditions(conditions: readonly Condition[]): string {
  return conditions.map((c) => `${c.negated ? 'not ' : ''}${c.name}${c.args ? ` ${c.args}` : ''}`).join(' and ');
}
