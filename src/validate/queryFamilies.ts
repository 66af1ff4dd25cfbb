/**
 * The query families besides metric queries, each with its documented grammar: service checks,
 * log-like queries (logs, events, audits, CI, RUM, ...), SLO alerts and composites. Functions,
 * formulas and what is not modelled pass; only the parts named below are judged.
 */
import { show } from '../config/findings';
import { didYouMean, typoHint } from '../config/suggest';
import {
  callArguments,
  checkBalance,
  checkComparison,
  closing,
  error,
  malformedIndex,
  methodChain,
  parseMetricQuery,
  Sink,
  unquote,
  warning,
} from './queryText';
import { parseQueryComparison } from '../datadog/query';

const SERVICE_CHECK_METHODS = ['over', 'exclude', 'by', 'last', 'count_by_status'];

export function checkServiceCheckQuery(s: Sink, query: string, at: string): void {
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
      const hint = typoHint(c.name, SERVICE_CHECK_METHODS);
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
    error(
      s,
      at,
      `service check query ${show(query)} must end with .count_by_status(); found ${lastMethod ? `.${lastMethod.name}(...)` : 'nothing'} at the end; expected e.g. "my_check.can_connect".over("*").by("host").last(2).count_by_status() > 1`,
    );
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
export function checkEventPlatformQuery(s: Sink, type: string, query: string, at: string): void {
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
    const hint = typoHint(name, heads);
    const expected = `expected ${heads.map((h) => `${h}(...)`).join(' or ')}, e.g. ${exampleQuery(type)}`;
    if (metric) error(s, at, `query ${show(query)} is a metric query, but the monitor is ${describeType(type)}; ${expected} (or type "query alert")`);
    else if (other)
      error(
        s,
        at,
        `query starts with ${name}(...), the query of ${describeType(other)}, but the monitor is ${describeType(type)}; ${expected} (or type ${show(other)})`,
      );
    else if (hint !== '') error(s, at, `query starts with ${name}(...)${hint}, which is not ${describeType(type)} query; ${expected}`);
    else
      warning(
        s,
        at,
        `query starts with ${name}(...), which this package does not know for ${describeType(type)}; expected ${heads.map((h) => `${h}(...)`).join(' or ')}`,
      );
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
        error(
          s,
          at,
          `evaluation window .last(${last.args}) is out of range for ${describeType(type)}; expected 1${m[2]} to ${limit}${m[2]} (at most 2 days, 2880 minutes)`,
        );
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
      const hint = typoHint(method, known);
      const message = `unknown roll-up method ${show(method)}${hint} in .rollup(${rollup.args}); expected one of ${known.join(', ')}`;
      if (hint !== '') error(s, at, message);
      else warning(s, at, message);
    } else if (method !== 'count' && measure === '') {
      error(s, at, `.rollup(${rollup.args}) needs a measure or facet: ${show(method)} aggregates one; expected e.g. .rollup(${show(method)}, "@duration")`);
    }
  }
  checkComparison(s, query, at, `query ${show(query)} does not end with a comparison; expected e.g. ... .last("5m") > 10`);
}

const SLO_TIMEFRAMES = ['7d', '30d', '90d'];

export function checkSloQuery(s: Sink, query: string, at: string): void {
  if (!checkBalance(s, query, at)) return;
  const head = /^\s*([A-Za-z_]+)\s*\(/.exec(query);
  const forms = ['error_budget', 'burn_rate'];
  if (!head || !forms.includes(head[1])) {
    const name = head ? head[1] : query.trim().split(/[^A-Za-z_]/)[0];
    error(
      s,
      at,
      `SLO alert query ${show(query)} starts with ${show(name)}${didYouMean(name, forms)}; expected error_budget("<slo id>").over("7d") > 75 or burn_rate("<slo id>").over("30d").long_window("1h").short_window("5m") > 14.4`,
    );
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
    error(s, at, `SLO timeframe .over(${over.args}) is not one of ${SLO_TIMEFRAMES.map((t) => `"${t}"`).join(', ')}; expected one of them, e.g. .over("7d")`);
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

export function checkCompositeQuery(s: Sink, query: string, at: string): void {
  const operands = compositeOperands(query);
  if (!operands) {
    error(
      s,
      at,
      `composite query ${show(query)} is not monitor ids joined by && and ||; expected e.g. "12345 && (67890 || !13579)" or "\${datadog_monitor.a.id} && \${datadog_monitor.b.id}"`,
    );
    return;
  }
  const distinct = [...new Set(operands)];
  if (distinct.length > COMPOSITE_LIMIT) {
    error(s, at, `composite query refers to ${distinct.length} monitors (${distinct.join(', ')}); expected at most ${COMPOSITE_LIMIT}`);
  }
}
