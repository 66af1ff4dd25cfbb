/**
 * Monitor types and query grammars. Datadog's query languages are richer than anything modelled
 * here (arithmetic, functions, several metrics, formulas): the rules below find the parts they
 * know (the time aggregation and window of a metric query, the comparison at the end, a service
 * check's last(N), a log query's window, a composite's operands) and never refuse the rest.
 */
import { isMetricMonitor, PROVIDER_MONITOR_TYPES } from '../datadog/providerFacts';
import { Finding, show } from '../config/findings';
import { didYouMean, typoHint } from '../config/suggest';
import { callArguments, checkBalance, checkComparison, error, parseMetricQuery, Sink, warning, withoutScopes } from './queryText';
import { checkCompositeQuery, checkEventPlatformQuery, checkServiceCheckQuery, checkSloQuery } from './queryFamilies';

export { COMPARATORS, parseQueryComparison, malformedComparator } from '../datadog/query';
export type { Comparator, QueryComparison } from '../datadog/query';
export { parseMetricQuery, parseServiceCheckQuery } from './queryText';
export type { MetricQuery, ServiceCheckQuery } from './queryText';
export { QUERY_HEADS, ROLLUP_METHODS, compositeOperands } from './queryFamilies';

/**
 * The monitor types of Datadog's API (MonitorType enum): those provider 3.82.0 accepts
 * (providerFacts), then the newer ones its API client does not know yet.
 */
export const MONITOR_TYPES = [...PROVIDER_MONITOR_TYPES, 'data-quality alert', 'network-path alert', 'data-jobs alert', 'llm-observability alert'] as const;

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

/** Time aggregations of a metric monitor query (`avg(last_5m):...`). */
export const TIME_AGGREGATIONS = ['avg', 'sum', 'max', 'min', 'change', 'pct_change', 'percentile'] as const;
/** Timeshifts of change / pct_change queries as documented. */
export const CHANGE_TIMESHIFTS = ['5m_ago', '10m_ago', '15m_ago', '30m_ago', '1h_ago', '2h_ago', '4h_ago', '1d_ago'] as const;
/** Space aggregations; percentiles (p50, p99, p99.9) apply to distribution metrics. */
export const SPACE_AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count'] as const;

const WINDOW = /^(last|next|current)_(\d+)(m|h|d|w|mo|y)$/;
/**
 * Metric monitors evaluate over 1 minute to 730 hours, or 1 month: "custom to set a value between
 * 1 minute and 48 hours (1 month for metric monitors)", https://docs.datadoghq.com/monitors/configuration/
 * (Set alert conditions). 730 h = 43800 min = 30 d (30.4) = 4 w (4.3) = 1 mo.
 */
export const METRIC_WINDOW_MAX_HOURS = 730;
const WINDOW_LIMITS: Record<string, number> = { m: 43800, h: 730, d: 30, w: 4, mo: 1 };
const UNIT_NAMES: Record<string, string> = { m: 'minutes', h: 'hours', d: 'days', w: 'weeks', mo: 'months' };

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
    error(
      s,
      at,
      `group-by ${show(paren[1])} in the query ${show(query)} uses parentheses; expected braces, e.g. "by {host}" (a metric query groups with by {key,...})`,
    );
  }
  // A metric name is one word (letters, digits, _ and .): `avg:system.cpu user{*}` is two.
  for (const m of body.matchAll(/(?:^|[^A-Za-z0-9_.])((?:avg|sum|min|max|count|p\d+(?:\.\d+)?)\s*:\s*)([^{}()[\],:'"]+?)\s*\{/g)) {
    const name = m[2].trim();
    if (/\s/.test(name)) {
      error(
        s,
        at,
        `metric name ${show(name)} in the query ${show(query)} contains a space; expected one metric name of letters, digits, "_" and "." (e.g. ${show(name.replace(/\s+/g, '.'))})`,
      );
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
    // A near miss is a typo (an error); another name may be an algorithm newer than this list.
    const hint = typoHint(algorithm, ANOMALY_ALGORITHMS);
    const message = `unknown anomaly algorithm ${show(algorithm)}${hint} in anomalies(); expected one of ${ANOMALY_ALGORITHMS.map((a) => `'${a}'`).join(', ')}`;
    if (hint !== '') error(s, at, message);
    else warning(s, at, `${message} (Datadog may have added it; it is not checked further)`);
  }
}

function checkMetricWindow(s: Sink, window: string, at: string, query: string): void {
  const m = WINDOW.exec(window);
  if (!m) {
    error(
      s,
      at,
      `evaluation window ${show(window)} in the query ${show(query)} is not of the form last_#m, last_#h, last_#d, last_#w or last_1mo; expected e.g. last_5m`,
    );
    return;
  }
  // Forecast horizons (max(next_2w):forecast(...)) and calendar-aligned windows (current_1mo): not modelled.
  if (m[1] !== 'last') return;
  const n = Number(m[2]);
  const limit = WINDOW_LIMITS[m[3]];
  if (limit === undefined) {
    error(
      s,
      at,
      `evaluation window ${show(window)} is longer than a metric monitor can evaluate; expected at most last_1mo (${METRIC_WINDOW_MAX_HOURS} hours)`,
    );
  } else if (n < 1 || n > limit) {
    error(
      s,
      at,
      `evaluation window ${show(window)} is out of range; expected last_1${m[3]} to last_${limit}${m[3]} (a metric monitor evaluates at most ${METRIC_WINDOW_MAX_HOURS} hours, 1 month; ${UNIT_NAMES[m[3]]} here)`,
    );
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
      error(
        s,
        at,
        `${q.timeAggregation} query ${show(query)} needs an aggregation, a window and a timeshift; expected e.g. "${q.timeAggregation}(avg(last_5m),last_5m):..."`,
      );
    } else {
      const inner = ['avg', 'sum', 'max', 'min'];
      if (!inner.includes(q.changeAggregation)) {
        error(
          s,
          at,
          `unknown aggregation ${show(q.changeAggregation)}${didYouMean(q.changeAggregation, inner)} inside ${q.timeAggregation}(); expected one of ${inner.join(', ')}`,
        );
      }
      checkMetricWindow(s, q.window, at, query);
      const shift = q.timeshift.replace(/^last_/, '');
      if (!/^\d+(m|h|d|w|mo)(_ago)?$/.test(shift)) {
        error(
          s,
          at,
          `timeshift ${show(q.timeshift)} of the ${q.timeAggregation} query is not of the form 5m_ago; expected one of ${CHANGE_TIMESHIFTS.join(', ')}`,
        );
      }
    }
  } else {
    checkMetricWindow(s, q.window, at, query);
  }
  // The space aggregation, when the body is a plain `space:metric{...}` (not a function or formula).
  const space = /^([A-Za-z0-9_][A-Za-z0-9_.]*)\s*:\s*[A-Za-z_]/.exec(q.body);
  if (space) {
    const known = SPACE_AGGREGATIONS as readonly string[];
    const name = space[1];
    if (!known.includes(name) && !/^p\d+(\.\d+)?$/.test(name)) {
      const hint = typoHint(name, known);
      const message = `unknown space aggregation ${show(name)}${hint} in the query; expected one of ${known.join(', ')} or a percentile such as p99`;
      if (hint !== '') error(s, at, message);
      else warning(s, at, message);
    }
  }
  checkMetricBody(s, q.body, at, query);
  checkComparison(s, query, at, `query ${show(query)} does not end with a comparison; expected e.g. "... > 90" (one of >, >=, <, <= and a number)`);
}

/** Grammar rules for a monitor query of a given (known) type; types not modelled are accepted. */
export function checkMonitorQuery(type: string, query: string, file: string, at: string): Finding[] {
  const s: Sink = { file, out: [] };
  if (query.trim() === '') return s.out; // reported by the loader
  if (isMetricMonitor(type)) checkMetricQuery(s, query, at);
  else if (type === 'service check') checkServiceCheckQuery(s, query, at);
  else if ((EVENT_PLATFORM_TYPES as readonly string[]).includes(type) || type === 'network-path alert') checkEventPlatformQuery(s, type, query, at);
  else if (type === 'slo alert') checkSloQuery(s, query, at);
  else if (type === 'composite') checkCompositeQuery(s, query, at);
  return s.out;
}
