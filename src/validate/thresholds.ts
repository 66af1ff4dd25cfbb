/**
 * Threshold rules: `options.thresholds` against the comparison at the end of the query, the
 * order of warning and recovery thresholds for the comparator, and the thresholds that only
 * some monitor types take.
 */
import { Finding, subPath } from '../config/findings';
import type { MonitorDefinition, MonitorThresholds } from '../config/monitor';
import { withQueryThreshold } from '../config/routing';
import { Comparator, EVENT_PLATFORM_TYPES, parseQueryComparison, parseServiceCheckQuery } from './query';

/** `timeout_h`: Datadog resolves a group that has been in alert for at most 24 hours. */
export const MAX_TIMEOUT_H = 24;

/**
 * Types whose query ends with a comparison that `critical` must repeat: the grammars modelled
 * here, plus the legacy event and process alerts of the same shape. Other types (cost,
 * data-quality, ...) are not judged.
 */
function comparesInQuery(type: string): boolean {
  return (
    type === 'metric alert' ||
    type === 'query alert' ||
    type === 'slo alert' ||
    type === 'event alert' ||
    type === 'process alert' ||
    (EVENT_PLATFORM_TYPES as readonly string[]).includes(type)
  );
}

function fmt(n: number): string {
  return String(n);
}

/**
 * For `>`/`>=` the monitor alerts on high values: warning sits below critical and a recovery
 * threshold below the one it recovers from. For `<`/`<=` everything is mirrored.
 */
function above(c: Comparator): boolean | undefined {
  if (c === '>' || c === '>=') return true;
  if (c === '<' || c === '<=') return false;
  return undefined;
}

/**
 * `options.thresholds.critical` and the threshold at the end of the query disagree (Datadog
 * refuses such a monitor): both values, and the two consistent edits as exact JSON text.
 */
export interface CriticalMismatch {
  critical: number;
  comparator: Comparator;
  /** The query's threshold. */
  threshold: number;
  /** The query with its threshold set to `critical`. */
  queryWithCritical: string;
}

export function criticalMismatch(def: MonitorDefinition): CriticalMismatch | undefined {
  if (!comparesInQuery(def.type)) return undefined;
  const critical = def.options.thresholds?.critical;
  const cmp = parseQueryComparison(def.query);
  if (critical === undefined || !cmp || critical === cmp.threshold) return undefined;
  return { critical, comparator: cmp.comparator, threshold: cmp.threshold, queryWithCritical: withQueryThreshold(def.query, critical) ?? def.query };
}

/** `"critical": 90`-style JSON text of a field and its value, ready to paste. */
const field = (key: string, value: unknown) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;

/** The message of a catalog file whose critical threshold and query disagree. */
export function criticalMismatchMessage(m: CriticalMismatch): string {
  return (
    `critical threshold ${fmt(m.critical)} does not match the query's threshold \`${m.comparator} ${fmt(m.threshold)}\`; expected the two equal: ` +
    `set the query's threshold to \`${m.comparator} ${fmt(m.critical)}\` (${field('query', m.queryWithCritical)}), ` +
    `or critical to ${fmt(m.threshold)} (${field('critical', m.threshold)})`
  );
}

/**
 * The message when an org's override sets the critical threshold through `options.thresholds`,
 * which leaves the query as it is; its `thresholds.critical` changes the query too.
 */
export function overrideCriticalMismatchMessage(m: CriticalMismatch, monitorId: string, catalogFile: string): string {
  return (
    `critical threshold ${fmt(m.critical)} set through options does not match the threshold of the query in ${catalogFile} (\`${m.comparator} ${fmt(m.threshold)}\`), which options do not change; ` +
    `expected the two equal: set it in "monitors.overrides.${monitorId}.thresholds" instead (${field('critical', m.critical)}), which also sets this org's query threshold to \`${m.comparator} ${fmt(m.critical)}\`, ` +
    `or set critical to ${fmt(m.threshold)} here (${field('critical', m.threshold)})`
  );
}

export function checkThresholds(def: MonitorDefinition, file: string, definitionPath: string, unreadable: readonly string[] = []): Finding[] {
  const out: Finding[] = [];

  const th: MonitorThresholds = def.options.thresholds ?? {};
  const at = (k: string) => subPath(definitionPath, 'options', 'thresholds', k);
  const error = (path: string, message: string) => out.push({ file, path, severity: 'error', message });

  if (def.type !== 'service check') {
    for (const k of ['ok', 'unknown'] as const) {
      if (th[k] !== undefined) error(at(k), `${k} threshold ${fmt(th[k]!)} is only for service check monitors; this monitor is a ${JSON.stringify(def.type)}: expected no ${k} threshold`);
    }
  }

  const timeout = def.options.timeout_h;
  if (timeout !== undefined && (timeout < 0 || timeout > MAX_TIMEOUT_H)) {
    out.push({ file, path: subPath(definitionPath, 'options', 'timeout_h'), severity: 'error', message: `timeout_h ${fmt(timeout)} is out of range; expected 0 to ${MAX_TIMEOUT_H} hours` });
  }

  // A threshold the loader could not read (already reported, e.g. "90%") is not "missing": the
  // rules that compare thresholds stay silent rather than add follow-on errors.
  if (unreadable.some((k) => k.startsWith('thresholds.'))) return out;

  if (def.type === 'service check') {
    const q = parseServiceCheckQuery(def.query);
    if (q?.last !== undefined) {
      for (const k of ['critical', 'warning', 'ok', 'unknown'] as const) {
        const v = th[k];
        if (v !== undefined && v > q.last) {
          error(at(k), `${k} threshold ${fmt(v)} counts more consecutive check runs than the query keeps (.last(${q.last})); expected at most ${q.last}, or raise .last() to ${v}`);
        }
      }
    }
    return out;
  }

  if (!comparesInQuery(def.type)) return out;
  const cmp = parseQueryComparison(def.query);

  if (th.warning !== undefined && th.critical === undefined) {
    error(at('warning'), `warning threshold ${fmt(th.warning)} is set without a critical threshold (Datadog: "Alert status is required"); expected a critical threshold${cmp ? ` of ${fmt(cmp.threshold)}, as in the query` : ''}`);
  }
  if (!cmp) return out;
  // Datadog refuses the pair ("Alert threshold (95.0) does not match that used in the query (90.0)").
  // Which side was edited is unknown here, so the message offers both consistent edits, exactly.
  const mismatch = criticalMismatch(def);
  if (mismatch) error(at('critical'), criticalMismatchMessage(mismatch));
  const critical = th.critical ?? cmp.threshold;
  const up = above(cmp.comparator);
  if (up === undefined) return out; // == and != have no order to check
  const c = cmp.comparator;
  const side = up ? 'less than' : 'greater than';
  const beyond = (a: number, b: number) => (up ? a < b : a > b);

  if (th.warning !== undefined && !beyond(th.warning, critical)) {
    error(at('warning'), `warning threshold ${fmt(th.warning)} must be ${side} the critical threshold ${fmt(critical)} with the ${c} comparator`);
  }
  if (th.critical_recovery !== undefined && !beyond(th.critical_recovery, critical)) {
    error(at('critical_recovery'), `critical_recovery threshold ${fmt(th.critical_recovery)} must be ${side} the critical threshold ${fmt(critical)} with the ${c} comparator (the monitor recovers when the value is back on the other side)`);
  }
  if (th.warning_recovery !== undefined) {
    if (th.warning === undefined) {
      // Not confirmed that the API refuses it: a warning, not an error.
      out.push({ file, path: at('warning_recovery'), severity: 'warning', message: `warning_recovery threshold ${fmt(th.warning_recovery)} is set without a warning threshold, so it never applies; expected a warning threshold, or no warning_recovery` });
    } else if (!beyond(th.warning_recovery, th.warning)) {
      error(at('warning_recovery'), `warning_recovery threshold ${fmt(th.warning_recovery)} must be ${side} the warning threshold ${fmt(th.warning)} with the ${c} comparator`);
    }
  }
  return out;
}
