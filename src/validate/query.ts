/**
 * Monitor types and query grammars. Datadog's query languages are richer than anything modelled
 * here (arithmetic, functions, several metrics, formulas): the rules below find the parts they
 * know (the time aggregation and window of a metric query, the comparison at the end, a service
 * check's last(N), a log query's window, a composite's operands) and never refuse the rest.
 */
import { Finding, show } from '../config/findings';
import { didYouMean } from '../config/suggest';

/** The monitor types of Datadog's API (MonitorType enum). */
export const MONITOR_TYPES = [
  'composite',
  'event alert',
  'log alert',
  'metric alert',
  'process alert',
  'query alert',
  'rum alert',
  'service check',
  'synthetics alert',
  'trace-analytics alert',
  'slo alert',
  'event-v2 alert',
  'audit alert',
  'ci-pipelines alert',
  'ci-tests alert',
  'error-tracking alert',
  'database-monitoring alert',
  'network-performance alert',
  'cost alert',
  'data-quality alert',
  'network-path alert',
  'data-jobs alert',
  'llm-observability alert',
] as const;

/** Types whose query has the `source("search")...last("5m") > N` shape (log monitors and kin). */
export const EVENT_PLATFORM_TYPES = [
  'log alert',
  'event-v2 alert',
  'audit alert',
  'ci-pipelines alert',
  'ci-tests alert',
  'database-monitoring alert',
  'network-performance alert',
  'rum alert',
  'trace-analytics alert',
  'error-tracking alert',
] as const;

export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface QueryComparison {
  readonly comparator: Comparator;
  readonly threshold: number;
  /** Offset in the query where the comparison starts. */
  readonly index: number;
}

const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const TRAILING_COMPARISON = new RegExp(`(>=|<=|==|!=|>|<)\\s*(${NUMBER})\\s*$`);

/**
 * The comparator and threshold at the end of any monitor query (`... > 90`), or undefined when
 * the query does not end with a comparison (service checks, composites, unfinished queries).
 */
export function parseQueryComparison(query: string): QueryComparison | undefined {
  const m = TRAILING_COMPARISON.exec(query);
  if (!m) return undefined;
  return { comparator: m[1] as Comparator, threshold: Number(m[2]), index: m.index };
}

/** Time aggregations of a metric monitor query (`avg(last_5m):...`). */
export const TIME_AGGREGATIONS = ['avg', 'sum', 'max', 'min', 'change', 'pct_change', 'percentile'] as const;
/** Timeshifts of change / pct_change queries as documented. */
export const CHANGE_TIMESHIFTS = ['5m_ago', '10m_ago', '15m_ago', '30m_ago', '1h_ago', '2h_ago', '4h_ago', '1d_ago'] as const;
/** Space aggregations; percentiles (p50, p99, p99.9) apply to distribution metrics. */
export const SPACE_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count'] as const;

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
function closing(s: string, open: number): number {
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

const WINDOW = /^(last|next|current)_(\d+)(m|h|d|w|mo|y)$/;
const WINDOW_LIMITS: Record<string, number> = { m: 10080, h: 168, d: 7, w: 1 };
const UNIT_NAMES: Record<string, string> = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks', mo: 'months' };

interface Sink {
  readonly file: string;
  readonly out: Finding[];
}
function error(s: Sink, path: string, message: string): void {
  s.out.push({ file: s.file, path, severity: 'error', message });
}
function warning(s: Sink, path: string, message: string): void {
  s.out.push({ file: s.file, path, severity: 'warning', message });
}

/** Unbalanced (), {} or quotes: a query Datadog cannot parse. */
function checkBalance(s: Sink, query: string, at: string): boolean {
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

function checkMetricWindow(s: Sink, window: string, at: string, query: string): void {
  const m = WINDOW.exec(window);
  if (!m) {
    error(s, at, `evaluation window ${show(window)} in the query ${show(query)} is not of the form last_#m, last_#h, last_#d or last_#w; expected e.g. last_5m`);
    return;
  }
  // Forecast horizons (max(next_2w):forecast(...)) and calendar-aligned windows (current_1mo): not modelled.
  if (m[1] !== 'last') return;
  const n = Number(m[2]);
  const limit = WINDOW_LIMITS[m[3]];
  if (limit === undefined) {
    error(s, at, `evaluation window ${show(window)} is longer than a metric monitor can evaluate; expected at most last_1w (10080 minutes)`);
  } else if (n < 1 || n > limit) {
    error(s, at, `evaluation window ${show(window)} is out of range; expected last_1${m[3]} to last_${limit}${m[3]} (at most 1 week, 10080 minutes, for ${UNIT_NAMES[m[3]]})`);
  }
}

/** Metric and query alerts: `time_aggr(window):space_aggr:metric{scope} [by {keys}] op threshold`. */
function checkMetricQuery(s: Sink, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const q = parseMetricQuery(query);
  if (!q && /^\s*formula\s*\(/.test(query)) return; // formulas over options.variables: not modelled
  if (!q) {
    error(s, at, `query ${show(query)} does not start with a time aggregation and window; expected e.g. "avg(last_5m):avg:system.cpu.user{*} > 90"`);
    return;
  }
  const aggs = TIME_AGGREGATIONS as readonly string[];
  if (!aggs.includes(q.timeAggregation)) {
    error(s, at, `unknown time aggregation ${show(q.timeAggregation)}${didYouMean(q.timeAggregation, aggs)} in the query; expected one of ${aggs.join(', ')}`);
  } else if (q.timeAggregation === 'change' || q.timeAggregation === 'pct_change') {
    if (q.changeAggregation === undefined || q.timeshift === undefined) {
      error(s, at, `${q.timeAggregation} query ${show(query)} needs an aggregation, a window and a timeshift; expected e.g. "${q.timeAggregation}(avg(last_5m),last_5m):..."`);
    } else {
      const inner = ['avg', 'sum', 'max', 'min'];
      if (!inner.includes(q.changeAggregation)) {
        error(s, at, `unknown aggregation ${show(q.changeAggregation)}${didYouMean(q.changeAggregation, inner)} inside ${q.timeAggregation}(); expected one of ${inner.join(', ')}`);
      }
      checkMetricWindow(s, q.window, at, query);
      const shift = q.timeshift.replace(/^last_/, '');
      if (!/^\d+(m|h|d|w|mo)(_ago)?$/.test(shift)) {
        error(s, at, `timeshift ${show(q.timeshift)} of the ${q.timeAggregation} query is not of the form 5m_ago; expected one of ${CHANGE_TIMESHIFTS.join(', ')}`);
      }
    }
  } else {
    checkMetricWindow(s, q.window, at, query);
  }
  // The space aggregation, when the body is a plain `space:metric{...}` (not a function or formula).
  const space = /^([A-Za-z_][A-Za-z0-9_.]*)\s*:\s*[A-Za-z_]/.exec(q.body);
  if (space) {
    const known = SPACE_AGGREGATIONS as readonly string[];
    const name = space[1];
    if (!known.includes(name) && !/^p\d+(\.\d+)?$/.test(name)) {
      const hint = didYouMean(name, known);
      const message = `unknown space aggregation ${show(name)}${hint} in the query; expected one of ${known.join(', ')} or a percentile such as p99`;
      if (hint !== '') error(s, at, message);
      else warning(s, at, message);
    }
  }
  if (q.comparator === undefined) {
    error(s, at, `query ${show(query)} does not end with a comparison; expected e.g. "... > 90" (one of >, >=, <, <= and a number)`);
  }
}

/** A method chain `head.over(...).by(...).last(2)`: method names and raw argument text, in order. */
function methodChain(text: string): { name: string; args: string }[] | undefined {
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

function unquote(arg: string): string {
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

const SERVICE_CHECK_METHODS = ['over', 'exclude', 'by', 'last', 'count_by_status'];

function checkServiceCheckQuery(s: Sink, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const head = /^\s*"((?:[^"\\]|\\.)*)"/.exec(query);
  const chain = head ? methodChain(query.slice(head[0].length)) : undefined;
  if (!head || !chain) {
    error(s, at, `query ${show(query)} is not a service check query; expected "check".over("*").by("host").last(2).count_by_status()`);
    return;
  }
  if (head[1].trim() === '') error(s, at, `the service check name is blank in ${show(query)}; expected the check's name, e.g. "torq.can_connect"`);
  for (const c of chain) {
    if (!SERVICE_CHECK_METHODS.includes(c.name)) {
      const hint = didYouMean(c.name, SERVICE_CHECK_METHODS);
      const message = `unknown method .${c.name}()${hint} in the service check query; expected ${SERVICE_CHECK_METHODS.map((n) => `.${n}()`).join(', ')}`;
      if (hint !== '') error(s, at, message);
      else warning(s, at, message);
    }
  }
  const over = chain.find((c) => c.name === 'over');
  // .over() may be left out (Datadog's own "ntp.in_sync".by("*").last(2) monitors do); blank, it is refused.
  if (over && unquote(over.args).trim() === '') error(s, at, `.over(${over.args}) is blank in ${show(query)}; expected .over("*") to watch every scope`);
  const last = chain.find((c) => c.name === 'last');
  if (!last) error(s, at, `service check query ${show(query)} has no .last(N); expected e.g. .last(2)`);
  else {
    const n = Number(last.args);
    if (!/^\d+$/.test(last.args) || n < 1 || n > 100) {
      error(s, at, `.last(${last.args}) in ${show(query)} is out of range; expected a whole number of check runs from 1 to 100`);
    }
  }
  const lastMethod = chain[chain.length - 1];
  if (!lastMethod || lastMethod.name !== 'count_by_status') {
    error(s, at, `service check query ${show(query)} must end with .count_by_status(); found ${lastMethod ? `.${lastMethod.name}(...)` : 'nothing'} at the end`);
  }
}

const EVENT_WINDOW = /^(\d+)(m|h|d)$/;
const EVENT_LIMITS: Record<string, number> = { m: 2880, h: 48, d: 2 };

/** Log-like queries: `logs("q").index("*").rollup("count").by("x").last("5m") > N`. */
function checkEventPlatformQuery(s: Sink, type: string, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const head = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\(/.exec(query);
  if (!head) {
    error(s, at, `query ${show(query)} is not a ${type} query; expected e.g. ${type === 'event-v2 alert' ? 'events("source:torq").rollup("count").last("5m") > 0' : 'logs("service:torq status:error").index("*").rollup("count").last("5m") > 10'}`);
    return;
  }
  const close = closing(query, head[0].length - 1);
  const cmp = parseQueryComparison(query);
  const chain = close < 0 ? undefined : methodChain(query.slice(close + 1, cmp ? cmp.index : undefined));
  const last = chain?.find((c) => c.name === 'last');
  if (last) {
    const w = unquote(last.args);
    const m = EVENT_WINDOW.exec(w);
    if (!m) error(s, at, `evaluation window .last(${last.args}) is not of the form "5m", "1h" or "1d"; expected e.g. .last("5m")`);
    else {
      const n = Number(m[1]);
      const limit = EVENT_LIMITS[m[2]];
      if (n < 1 || n > limit) {
        error(s, at, `evaluation window .last(${last.args}) is out of range for ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}; expected 1${m[2]} to ${limit}${m[2]} (at most 2 days, 2880 minutes)`);
      }
    }
  }
  if (!cmp) error(s, at, `query ${show(query)} does not end with a comparison; expected e.g. ... .last("5m") > 10`);
}

const SLO_TIMEFRAMES = ['7d', '30d', '90d'];

function checkSloQuery(s: Sink, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const head = /^\s*([A-Za-z_]+)\s*\(/.exec(query);
  const forms = ['error_budget', 'burn_rate'];
  if (!head || !forms.includes(head[1])) {
    const name = head ? head[1] : query.trim().split(/[^A-Za-z_]/)[0];
    error(s, at, `SLO alert query ${show(query)} starts with ${show(name)}${didYouMean(name, forms)}; expected error_budget("<slo id>").over("7d") > 75 or burn_rate("<slo id>").over("30d").long_window("1h").short_window("5m") > 14.4`);
    return;
  }
  const close = closing(query, head[0].length - 1);
  const cmp = parseQueryComparison(query);
  const chain = close < 0 ? undefined : methodChain(query.slice(close + 1, cmp ? cmp.index : undefined));
  const over = chain?.find((c) => c.name === 'over');
  if (!over) error(s, at, `SLO alert query ${show(query)} has no .over(...); expected .over("7d"), .over("30d") or .over("90d")`);
  else if (!SLO_TIMEFRAMES.includes(unquote(over.args))) {
    error(s, at, `SLO timeframe .over(${over.args}) is not one of ${SLO_TIMEFRAMES.map((t) => `"${t}"`).join(', ')}`);
  }
  if (!cmp) error(s, at, `query ${show(query)} does not end with a comparison; expected e.g. ... > 75`);
}

/** The operands of a composite query: monitor ids and references such as ${datadog_monitor.x.id}. */
export function compositeOperands(query: string): string[] | undefined {
  const tokens = query.match(/\$\{[^}]*\}|&&|\|\||!|\(|\)|[^\s()!&|]+|\S/g) ?? [];
  const operands: string[] = [];
  let expectOperand = true;
  let depth = 0;
  for (const t of tokens) {
    if (t === '(' || t === '!') {
      if (!expectOperand) return undefined;
      if (t === '(') depth++;
    } else if (t === ')') {
      if (expectOperand || --depth < 0) return undefined;
    } else if (t === '&&' || t === '||') {
      if (expectOperand) return undefined;
      expectOperand = true;
    } else if (/^(\d+|\$\{[^}]+\}|[A-Za-z_][A-Za-z0-9_.:-]*)$/.test(t)) {
      if (!expectOperand) return undefined;
      operands.push(t);
      expectOperand = false;
    } else return undefined;
  }
  if (expectOperand || depth !== 0) return undefined;
  return operands;
}

const COMPOSITE_LIMIT = 10;

function checkCompositeQuery(s: Sink, query: string, at: string): void {
  const operands = compositeOperands(query);
  if (!operands) {
    error(s, at, `composite query ${show(query)} is not monitor ids joined by && and ||; expected e.g. "12345 && (67890 || !13579)" or "\${datadog_monitor.a.id} && \${datadog_monitor.b.id}"`);
    return;
  }
  const distinct = [...new Set(operands)];
  if (distinct.length > COMPOSITE_LIMIT) {
    error(s, at, `composite query refers to ${distinct.length} monitors (${distinct.join(', ')}); expected at most ${COMPOSITE_LIMIT}`);
  }
}

/** Checks a monitor's type; returns true when it is one of the API's. */
export function checkMonitorType(type: string, file: string, at: string, out: Finding[]): boolean {
  if ((MONITOR_TYPES as readonly string[]).includes(type)) return true;
  out.push({
    file,
    path: at,
    severity: 'error',
    message: `unknown monitor type ${show(type)}${didYouMean(type, MONITOR_TYPES)}; expected one of ${MONITOR_TYPES.join(', ')}`,
  });
  return false;
}

/** Grammar rules for a monitor query of a given (known) type; types not modelled are accepted. */
export function checkMonitorQuery(type: string, query: string, file: string, at: string): Finding[] {
  const s: Sink = { file, out: [] };
  if (query.trim() === '') return s.out; // reported by the loader
  if (type === 'metric alert' || type === 'query alert') checkMetricQuery(s, query, at);
  else if (type === 'service check') checkServiceCheckQuery(s, query, at);
  else if ((EVENT_PLATFORM_TYPES as readonly string[]).includes(type)) checkEventPlatformQuery(s, type, query, at);
  else if (type === 'slo alert') checkSloQuery(s, query, at);
  else if (type === 'composite') checkCompositeQuery(s, query, at);
  return s.out;
}
