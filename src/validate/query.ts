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
/** Any run of comparison characters before the final number: `=> 90`, `=< 5`, `= 1`, `<> 0`. */
const TRAILING_OPERATOR = new RegExp(`([=<>!]+)\\s*(${NUMBER})\\s*$`);
/** The comparators of monitor queries (Datadog API, "Create a monitor": operator <, <=, >, >=, ==, or !=). */
export const COMPARATORS = ['>', '>=', '<', '<=', '==', '!='] as const;

/**
 * The comparator and threshold at the end of any monitor query (`... > 90`), or undefined when
 * the query does not end with a well-formed comparison (service checks, composites, unfinished
 * queries, or a malformed operator such as `=>`).
 */
export function parseQueryComparison(query: string): QueryComparison | undefined {
  const m = TRAILING_COMPARISON.exec(query);
  if (!m) return undefined;
  if (/[=<>!]\s*$/.test(query.slice(0, m.index))) return undefined; // `=> 90`: see malformedComparator
  return { comparator: m[1] as Comparator, threshold: Number(m[2]), index: m.index };
}

/** The operator text when a query ends with a malformed comparison (`=>`, `=<`, `=`, `<>`), else undefined. */
export function malformedComparator(query: string): string | undefined {
  const m = TRAILING_OPERATOR.exec(query);
  if (!m || (COMPARATORS as readonly string[]).includes(m[1])) return undefined;
  return m[1];
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
/**
 * Metric monitors evaluate over 1 minute to 730 hours, or 1 month: "custom to set a value between
 * 1 minute and 48 hours (1 month for metric monitors)", https://docs.datadoghq.com/monitors/configuration/
 * (Set alert conditions). 730 h = 43800 min = 30 d (30.4) = 4 w (4.3) = 1 mo.
 */
export const METRIC_WINDOW_MAX_HOURS = 730;
const WINDOW_LIMITS: Record<string, number> = { m: 43800, h: 730, d: 30, w: 4, mo: 1 };
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

/**
 * The comparison at the end of a query: a malformed operator (`=>`, `=<`, `=`) is named as such,
 * a missing comparison gets `missing`. Returns whether the query ends with a valid comparison.
 */
function checkComparison(s: Sink, query: string, at: string, missing: string): boolean {
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
    error(s, at, `the threshold "${percent[2]}%" at the end of the query ${show(query)} is written with "%"; expected the plain number ${percent[2]} (a threshold is in the query's own unit)`);
    return false;
  }
  error(s, at, missing);
  return false;
}

/** The text with every `{...}` tag scope and quoted string emptied: `avg:a{env:x} by {host}` -> `avg:a{} by {}`. */
function withoutScopes(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\{[^{}]*\}/g, '{}');
}

/** The top-level, comma-separated arguments of the call whose `(` is at `open`. */
function callArguments(text: string, open: number): string[] | undefined {
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

/**
 * Anomaly detection algorithms, the second argument of anomalies(): "basic", "agile" and "robust"
 * (https://docs.datadoghq.com/monitors/types/anomaly/, Anomaly detection algorithms; the older
 * "adaptive" was withdrawn and is only warned about).
 */
export const ANOMALY_ALGORITHMS = ['basic', 'agile', 'robust'] as const;

/**
 * Rules over the body of a metric query (what follows `time_aggr(window):`): group-by keys in
 * braces, metric names without spaces, known anomaly algorithms. Functions, arithmetic and
 * several metrics pass through: only these shapes are judged.
 */
function checkMetricBody(s: Sink, body: string, at: string, query: string): void {
  const outside = withoutScopes(body);
  // `by {host,env}`: Datadog API, "Create a monitor", Metric Alert Query: [by {key}].
  const paren = /(?:^|[^A-Za-z0-9_.])(by\s*\([^()]*\)?)/.exec(outside);
  if (paren) {
    error(s, at, `group-by ${show(paren[1])} in the query ${show(query)} uses parentheses; expected braces, e.g. "by {host}" (a metric query groups with by {key,...})`);
  }
  // A metric name is one word (letters, digits, _ and .): `avg:system.cpu user{*}` is two.
  for (const m of body.matchAll(/(?:^|[^A-Za-z0-9_.])((?:avg|sum|min|max|count|p\d+(?:\.\d+)?)\s*:\s*)([^{}()[\],:'"]+?)\s*\{/g)) {
    const name = m[2].trim();
    if (/\s/.test(name)) {
      error(s, at, `metric name ${show(name)} in the query ${show(query)} contains a space; expected one metric name of letters, digits, "_" and "." (e.g. ${show(name.replace(/\s+/g, '.'))})`);
    }
  }
  let from = 0;
  for (;;) {
    const i = body.indexOf('anomalies', from);
    if (i < 0) break;
    from = i + 9;
    const open = /^anomalies\s*\(/.exec(body.slice(i));
    if (!open || (i > 0 && /[A-Za-z0-9_.]/.test(body[i - 1]))) continue;
    const args = callArguments(body, i + open[0].length - 1);
    if (!args || args.length < 2) continue;
    const algorithm = args[1].replace(/^['"]|['"]$/g, '');
    if ((ANOMALY_ALGORITHMS as readonly string[]).includes(algorithm)) continue;
    if (algorithm === 'adaptive') {
      warning(s, at, `anomaly algorithm "adaptive" is no longer offered by Datadog; expected one of ${ANOMALY_ALGORITHMS.join(', ')}`);
      continue;
    }
    error(s, at, `unknown anomaly algorithm ${show(algorithm)}${didYouMean(algorithm, ANOMALY_ALGORITHMS)} in anomalies(); expected one of ${ANOMALY_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`);
  }
}

function checkMetricWindow(s: Sink, window: string, at: string, query: string): void {
  const m = WINDOW.exec(window);
  if (!m) {
    error(s, at, `evaluation window ${show(window)} in the query ${show(query)} is not of the form last_#m, last_#h, last_#d, last_#w or last_1mo; expected e.g. last_5m`);
    return;
  }
  // Forecast horizons (max(next_2w):forecast(...)) and calendar-aligned windows (current_1mo): not modelled.
  if (m[1] !== 'last') return;
  const n = Number(m[2]);
  const limit = WINDOW_LIMITS[m[3]];
  if (limit === undefined) {
    error(s, at, `evaluation window ${show(window)} is longer than a metric monitor can evaluate; expected at most last_1mo (${METRIC_WINDOW_MAX_HOURS} hours)`);
  } else if (n < 1 || n > limit) {
    error(s, at, `evaluation window ${show(window)} is out of range; expected last_1${m[3]} to last_${limit}${m[3]} (a metric monitor evaluates at most ${METRIC_WINDOW_MAX_HOURS} hours, 1 month; ${UNIT_NAMES[m[3]]} here)`);
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
  checkMetricBody(s, q.body, at, query);
  checkComparison(s, query, at, `query ${show(query)} does not end with a comparison; expected e.g. "... > 90" (one of >, >=, <, <= and a number)`);
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
/** Log-like windows: "#m (between 1 and 2880), #h (between 1 and 48)" (Datadog API, "Create a monitor", each log-like query). */
const EVENT_LIMITS: Record<string, number> = { m: 2880, h: 48, d: 2 };

/**
 * The query head each log-like type takes (Datadog API, "Create a monitor", Query Types; also
 * @datadog/datadog-api-client 1.64.0, MonitorsApi createMonitor). Error Tracking queries name their
 * source (`error-tracking-rum(`, `error-tracking-traces(`). Every one of these types may also be a
 * `formula(...)` over options.variables.
 */
export const QUERY_HEADS: Readonly<Record<string, readonly string[]>> = {
  'log alert': ['logs'],
  'event-v2 alert': ['events'],
  'audit alert': ['audits'],
  'ci-pipelines alert': ['ci-pipelines'],
  'ci-tests alert': ['ci-tests'],
  'error-tracking alert': ['error-tracking', 'error-tracking-rum', 'error-tracking-traces'],
  'database-monitoring alert': ['database-monitoring'],
  'network-performance alert': ['network-performance'],
  'network-path alert': ['network-path'],
  'rum alert': ['rum'],
  'trace-analytics alert': ['trace-analytics'],
  'process alert': ['processes'],
};

/** The monitor type a query head belongs to (`logs` -> log alert), for "this is a ... query". */
function typeOfHead(head: string): string | undefined {
  for (const [type, heads] of Object.entries(QUERY_HEADS)) if (heads.includes(head)) return type;
  return undefined;
}

/**
 * Roll-up methods of log-like queries: count, cardinality, avg (Datadog API, "Create a monitor":
 * "rollup_method ... supports count, avg and cardinality"), and the measure aggregations the monitor
 * editor offers (sum, min, max, median, pc75 ... pc99). Every method but count needs its measure or
 * facet: "measure: for avg and cardinality rollup_method - specify the measure or the facet name".
 */
export const ROLLUP_METHODS = ['count', 'cardinality', 'avg', 'sum', 'min', 'max', 'median', 'pc75', 'pc90', 'pc95', 'pc98', 'pc99'] as const;

function describeType(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function exampleQuery(type: string): string {
  const head = QUERY_HEADS[type]?.[0] ?? 'logs';
  if (type === 'log alert') return 'logs("service:torq status:error").index("*").rollup("count").last("5m") > 10';
  return `${head}("source:torq").rollup("count").last("5m") > 0`;
}

/** Log-like queries: `logs("q").index("*").rollup("count").by("x").last("5m") > N`. */
function checkEventPlatformQuery(s: Sink, type: string, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const heads = QUERY_HEADS[type] ?? [];
  const head = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\(/.exec(query);
  if (!head) {
    const metric = parseMetricQuery(query) ? ' (it is a metric query)' : '';
    error(s, at, `query ${show(query)} is not ${describeType(type)} query${metric}; expected e.g. ${exampleQuery(type)}`);
    return;
  }
  const name = head[1];
  if (name === 'formula') return; // formulas over options.variables: not modelled
  if (heads.length > 0 && !heads.includes(name)) {
    const metric = parseMetricQuery(query) !== undefined;
    const other = typeOfHead(name);
    const hint = didYouMean(name, heads);
    const expected = `expected ${heads.map((h) => `${h}(...)`).join(' or ')}, e.g. ${exampleQuery(type)}`;
    if (metric) error(s, at, `query ${show(query)} is a metric query, but the monitor is ${describeType(type)}; ${expected} (or type "query alert")`);
    else if (other) error(s, at, `query starts with ${name}(...), the query of ${describeType(other)}, but the monitor is ${describeType(type)}; ${expected} (or type ${show(other)})`);
    else if (hint !== '') error(s, at, `query starts with ${name}(...)${hint}, which is not ${describeType(type)} query; ${expected}`);
    else warning(s, at, `query starts with ${name}(...), which this package does not know for ${describeType(type)}; expected ${heads.map((h) => `${h}(...)`).join(' or ')}`);
    return;
  }
  const close = closing(query, head[0].length - 1);
  const cmp = parseQueryComparison(query);
  const chain = close < 0 ? undefined : methodChain(query.slice(close + 1, cmp ? cmp.index : malformedIndex(query)));
  const last = chain?.find((c) => c.name === 'last');
  if (last) {
    const w = unquote(last.args);
    const m = EVENT_WINDOW.exec(w);
    if (!m) error(s, at, `evaluation window .last(${last.args}) is not of the form "5m", "1h" or "1d"; expected e.g. .last("5m")`);
    else {
      const n = Number(m[1]);
      const limit = EVENT_LIMITS[m[2]];
      if (n < 1 || n > limit) {
        error(s, at, `evaluation window .last(${last.args}) is out of range for ${describeType(type)}; expected 1${m[2]} to ${limit}${m[2]} (at most 2 days, 2880 minutes)`);
      }
    }
  }
  const rollup = chain?.find((c) => c.name === 'rollup');
  if (rollup) {
    const args = callArguments(`(${rollup.args})`, 0) ?? [];
    const method = unquote(args[0] ?? '');
    const measure = args[1] === undefined ? '' : unquote(args[1]).trim();
    const known = ROLLUP_METHODS as readonly string[];
    if (!known.includes(method) && !/^pc\d+(\.\d+)?$/.test(method)) {
      const hint = didYouMean(method, known);
      const message = `unknown roll-up method ${show(method)}${hint} in .rollup(${rollup.args}); expected one of ${known.join(', ')}`;
      if (hint !== '') error(s, at, message);
      else warning(s, at, message);
    } else if (method !== 'count' && measure === '') {
      error(s, at, `.rollup(${rollup.args}) needs a measure or facet: ${show(method)} aggregates one; expected e.g. .rollup(${show(method)}, "@duration")`);
    }
  }
  checkComparison(s, query, at, `query ${show(query)} does not end with a comparison; expected e.g. ... .last("5m") > 10`);
}

/** Where a malformed trailing comparison starts, so a method chain can be read up to it. */
function malformedIndex(query: string): number | undefined {
  const m = TRAILING_OPERATOR.exec(query);
  return m && malformedComparator(query) !== undefined ? m.index : undefined;
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
  const id = callArguments(query, head[0].length - 1)?.[0];
  if (id !== undefined && unquote(id).trim() === '') {
    error(s, at, `the SLO id in ${head[1]}(${id}) is blank in ${show(query)}; expected the SLO's id, e.g. ${head[1]}("abc123def456")`);
  }
  const over = chain?.find((c) => c.name === 'over');
  if (!over) error(s, at, `SLO alert query ${show(query)} has no .over(...); expected .over("7d"), .over("30d") or .over("90d")`);
  else if (!SLO_TIMEFRAMES.includes(unquote(over.args))) {
    error(s, at, `SLO timeframe .over(${over.args}) is not one of ${SLO_TIMEFRAMES.map((t) => `"${t}"`).join(', ')}`);
  }
  checkComparison(s, query, at, `query ${show(query)} does not end with a comparison; expected e.g. ... > 75`);
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
  else if ((EVENT_PLATFORM_TYPES as readonly string[]).includes(type) || type === 'network-path alert') checkEventPlatformQuery(s, type, query, at);
  else if (type === 'slo alert') checkSloQuery(s, query, at);
  else if (type === 'composite') checkCompositeQuery(s, query, at);
  return s.out;
}
