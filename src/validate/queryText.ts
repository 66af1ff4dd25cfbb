/**
 * The text layer of monitor queries, shared by every query family: the comparison at the end,
 * balanced brackets and quotes, call arguments and method chains (`.over(...).last(2)`), and the
 * parsers other modules use (metric and service-check queries). No rule here decides a type.
 */
import { Finding, show } from '../config/findings';
import { didYouMean } from '../config/suggest';
import { COMPARATORS, NUMBER, TRAILING_OPERATOR, malformedComparator, parseQueryComparison } from '../datadog/query';
import type { Comparator } from '../datadog/query';

export interface MetricQuery {
  /** `avg`, `sum`, ..., `change`, `pct_change`, `percentile`. */
  readonly timeAggregation: string;
  /** `last_5m`, or for change queries the inner window (`change(avg(last_5m),last_5m)`). */
  readonly window: string;
  /** change / pct_change only: the inner aggregation (`avg`) and the timeshift (`5m_ago`). */
  readonly changeAggregation?: string;
  readonly timeshift?: string;
  /** Everything between the first `:` and the comparison. */
  readonly body: string;
  readonly comparator?: Comparator;
  readonly threshold?: number;
}

/** Index of the parenthesis closing the one at `open`, skipping quoted strings; -1 if none. */
export function closing(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Splits a metric monitor query `time_aggr(window):body op threshold` into its parts, or
 * undefined when it does not start with `name(...)` followed by `:`.
 */
export function parseMetricQuery(query: string): MetricQuery | undefined {
  const head = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(query);
  if (!head) return undefined;
  const open = head[0].length - 1;
  const close = closing(query, open);
  if (close < 0) return undefined;
  const after = query.slice(close + 1);
  const colon = /^\s*:/.exec(after);
  if (!colon) return undefined;
  const args = query.slice(open + 1, close).trim();
  const cmp = parseQueryComparison(query);
  const bodyStart = close + 1 + colon[0].length;
  const body = query.slice(bodyStart, cmp ? cmp.index : undefined).trim();
  const timeAggregation = head[1];
  const base = { timeAggregation, body, comparator: cmp?.comparator, threshold: cmp?.threshold };
  const change = /^([A-Za-z_]+)\s*\(\s*([^()]*?)\s*\)\s*,\s*([^,()]+?)\s*$/.exec(args);
  if (change) return { ...base, window: change[2], changeAggregation: change[1], timeshift: change[3] };
  return { ...base, window: args };
}

export interface Sink {
  readonly file: string;
  readonly out: Finding[];
}
export function error(s: Sink, path: string, message: string): void {
  s.out.push({ file: s.file, path, severity: 'error', message });
}
export function warning(s: Sink, path: string, message: string): void {
  s.out.push({ file: s.file, path, severity: 'warning', message });
}

/**
 * Unbalanced (), {} or quotes: a query Datadog cannot parse. Plan sends every monitor to
 * POST /api/v1/monitor/validate (provider v3.82.0 resource_datadog_monitor.go,
 * resourceDatadogMonitorCustomizeDiff -> ValidateMonitor), which refuses it.
 */
export function checkBalance(s: Sink, query: string, at: string): boolean {
  const stack: { ch: string; i: number }[] = [];
  let quote: { ch: string; i: number } | undefined;
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote.ch) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = { ch: c, i };
    else if (c === '(' || c === '{' || c === '[') stack.push({ ch: c, i });
    else if (c in pairs) {
      const top = stack.pop();
      if (!top || top.ch !== pairs[c]) {
        error(s, at, `unbalanced ${JSON.stringify(c)} at character ${i + 1} of the query ${show(query)}; expected every ${pairs[c]} to be closed by ${c}`);
        return false;
      }
    }
  }
  if (quote) {
    error(s, at, `the quote ${quote.ch} at character ${quote.i + 1} of the query ${show(query)} is never closed; expected a closing ${quote.ch}`);
    return false;
  }
  if (stack.length > 0) {
    const top = stack[stack.length - 1];
    const close = { '(': ')', '{': '}', '[': ']' }[top.ch];
    error(s, at, `the ${JSON.stringify(top.ch)} at character ${top.i + 1} of the query ${show(query)} is never closed; expected a matching ${close}`);
    return false;
  }
  return true;
}

/**
 * The comparison at the end of a query: a malformed operator (`=>`, `=<`, `=`) is named as such,
 * a missing comparison gets `missing`. Returns whether the query ends with a valid comparison.
 */
export function checkComparison(s: Sink, query: string, at: string, missing: string): boolean {
  const bad = malformedComparator(query);
  if (bad !== undefined) {
    const flipped = bad.split('').reverse().join('');
    const hint = (COMPARATORS as readonly string[]).includes(flipped) ? ` (did you mean ${show(flipped)}?)` : didYouMean(bad, COMPARATORS);
    error(s, at, `malformed comparator ${show(bad)} at the end of the query ${show(query)}${hint}; expected one of ${COMPARATORS.join(' ')}`);
    return false;
  }
  if (parseQueryComparison(query)) return true;
  const percent = new RegExp(`(>=|<=|==|!=|>|<)\\s*(${NUMBER})\\s*%\\s*$`).exec(query);
  if (percent) {
    error(
      s,
      at,
      `the threshold "${percent[2]}%" at the end of the query ${show(query)} is written with "%"; expected the plain number ${percent[2]} (a threshold is in the query's own unit)`,
    );
    return false;
  }
  error(s, at, missing);
  return false;
}

/** The text with every `{...}` tag scope and quoted string emptied: `avg:a{env:x} by {host}` -> `avg:a{} by {}`. */
export function withoutScopes(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\{[^{}]*\}/g, '{}');
}

/** The top-level, comma-separated arguments of the call whose `(` is at `open`. */
export function callArguments(text: string, open: number): string[] | undefined {
  const close = closing(text, open);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out;
}

/** A method chain `head.over(...).by(...).last(2)`: method names and raw argument text, in order. */
export function methodChain(text: string): { name: string; args: string }[] | undefined {
  const out: { name: string; args: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const m = /^\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\(/.exec(text.slice(i));
    if (!m) return text.slice(i).trim() === '' ? out : undefined;
    const open = i + m[0].length - 1;
    const close = closing(text, open);
    if (close < 0) return undefined;
    out.push({ name: m[1], args: text.slice(open + 1, close).trim() });
    i = close + 1;
  }
  return out;
}

export function unquote(arg: string): string {
  const m = /^\s*(["'])(.*)\1\s*$/s.exec(arg);
  return m ? m[2] : arg.trim();
}

export interface ServiceCheckQuery {
  readonly check: string;
  readonly over?: string;
  readonly by?: string;
  readonly last?: number;
}

/** `"check".over("tags").by("group").last(N).count_by_status()`, or undefined. */
export function parseServiceCheckQuery(query: string): ServiceCheckQuery | undefined {
  const head = /^\s*"((?:[^"\\]|\\.)*)"/.exec(query);
  if (!head) return undefined;
  const chain = methodChain(query.slice(head[0].length));
  if (!chain) return undefined;
  const get = (n: string) => chain.find((c) => c.name === n)?.args;
  const last = get('last');
  return {
    check: head[1],
    over: get('over') === undefined ? undefined : unquote(get('over')!),
    by: get('by') === undefined ? undefined : unquote(get('by')!),
    last: last !== undefined && /^\d+$/.test(last.trim()) ? Number(last.trim()) : undefined,
  };
}

/** Where a malformed trailing comparison starts, so a method chain can be read up to it. */
export function malformedIndex(query: string): number | undefined {
  const m = TRAILING_OPERATOR.exec(query);
  return m && malformedComparator(query) !== undefined ? m.index : undefined;
}
