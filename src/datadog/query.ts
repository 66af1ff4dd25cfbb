/**
 * The comparison at the end of a monitor query (`avg(last_5m):... > 90`): the one reader of a
 * query's trailing threshold, for synth's threshold overrides (config/resolveOrg.ts), import's
 * twins, the review's "threshold loosened" and validation. `=> 90` is no comparison: Datadog's
 * operators are <, <=, >, >=, == and != (API "Create a monitor"), so a query ending `=> 90` has no
 * threshold here and validation names the malformed operator (malformedComparator).
 */
export type Comparator = '>' | '>=' | '<' | '<=' | '==' | '!=';

export interface QueryComparison {
  readonly comparator: Comparator;
  readonly threshold: number;
  /** Offset in the query where the comparison starts. */
  readonly index: number;
}

export const NUMBER = '[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';
const TRAILING_COMPARISON = new RegExp(`(>=|<=|==|!=|>|<)\\s*(${NUMBER})\\s*$`);
/** Any run of comparison characters before the final number: `=> 90`, `=< 5`, `= 1`, `<> 0`. */
export const TRAILING_OPERATOR = new RegExp(`([=<>!]+)\\s*(${NUMBER})\\s*$`);
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

/** The query with its trailing threshold replaced, keeping its comparator; undefined when it has none. */
export function withQueryThreshold(query: string, threshold: number): string | undefined {
  const c = parseQueryComparison(query);
  if (!c) return undefined;
  return `${query.slice(0, c.index)}${c.comparator} ${threshold}`;
}
