/**
 * Threshold rules: `options.thresholds` against the comparison at the end of the query, the
 * order of warning and recovery thresholds for the comparator, and the thresholds that only
 * some monitor types take.
 */
import { isMetricMonitor } from '../datadog/providerFacts';
import { Finding, subPath } from '../config/findings';
import type { MonitorDefinition, MonitorThresholds } from '../config/monitor';
import { Comparator, EVENT_PLATFORM_TYPES, QueryComparison, parseQueryComparison, parseServiceCheckQuery } from './query';

/** `timeout_h`: Datadog resolves a group that has been in alert for at most 24 hours (API MonitorOptions.timeout_h: documented maximum 24). */
export const MAX_TIMEOUT_H = 24;

/**
 * Types whose query ends with a comparison that `critical` must repeat: the grammars modelled
 * here, plus the legacy event and process alerts of the same shape. Other types (cost,
 * data-quality, ...) are not judged.
 */
function comparesInQuery(type: string): boolean {
  return (
    isMetricMonitor(type) ||
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

/** `options.thresholds.critical` and the threshold the query ends with, when they disagree. */
export interface CriticalMismatch {
  critical: number;
  query: QueryComparison;
}

/** The critical threshold and the query's threshold of a monitor, when both are set and differ. */
export function criticalMismatch(def: MonitorDefinition): CriticalMismatch | undefined {
  const critical = def.options.thresholds?.critical;
  if (critical === undefined || def.type === 'service check' || !comparesInQuery(def.type)) return undefined;
  const query = parseQueryComparison(def.query);
  return query && query.threshold !== critical ? { critical, query } : undefined;
}

/** One threshold, two places: the message names both consistent edits, with their exact text. */
export function criticalMismatchMessage({ critical, query }: CriticalMismatch): string {
  const c = query.comparator;
  return (
    `critical threshold ${fmt(critical)} does not match the query's threshold \`${c} ${fmt(query.threshold)}\`; ` +
    `expected the same number in both: set the query's threshold to \`${c} ${fmt(critical)}\`, or critical to ${fmt(query.threshold)}`
  );
}

export function checkThresholds(def: MonitorDefinition, file: string, definitionPath: string, unreadable: readonly string[] = []): Finding[] {
  const out: Finding[] = [];

  const th: MonitorThresholds = def.options.thresholds ?? {};
  const at = (k: string) => subPath(definitionPath, 'options', 'thresholds', k);
  const error = (path: string, message: string) => out.push({ file, path, severity: 'error', message });

  // API MonitorThresholds: ok and unknown are "only available for service checks" (API spec v1,
  // @datadog/datadog-api-client 1.64.0), a documented limit.
  if (def.type !== 'service check') {
    for (const k of ['ok', 'unknown'] as const) {
      if (th[k] !== undefined)
        error(
          at(k),
          `${k} threshold ${fmt(th[k])} is only for service check monitors; this monitor is a ${JSON.stringify(def.type)}: expected no ${k} threshold`,
        );
    }
  }

  const timeout = def.options.timeout_h;
  if (timeout !== undefined && (timeout < 0 || timeout > MAX_TIMEOUT_H)) {
    out.push({
      file,
      path: subPath(definitionPath, 'options', 'timeout_h'),
      severity: 'error',
      message: `timeout_h ${fmt(timeout)} is out of range; expected 0 to ${MAX_TIMEOUT_H} hours`,
    });
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
          error(
            at(k),
            `${k} threshold ${fmt(v)} counts more consecutive check runs than the query keeps (.last(${q.last})); expected at most ${q.last}, or raise .last() to ${v}`,
          );
        }
      }
    }
    return out;
  }

  if (!comparesInQuery(def.type)) return out;
  const cmp = parseQueryComparison(def.query);

  if (th.warning !== undefined && th.critical === undefined) {
    error(
      at('warning'),
      `warning threshold ${fmt(th.warning)} is set without a critical threshold (Datadog: "Alert status is required"); expected a critical threshold${cmp ? ` of ${fmt(cmp.threshold)}, as in the query` : ''}`,
    );
  }
  if (!cmp) return out;
  if (th.critical !== undefined && th.critical !== cmp.threshold) {
    error(at('critical'), criticalMismatchMessage({ critical: th.critical, query: cmp }));
  }
  const critical = th.critical ?? cmp.threshold;
  const up = above(cmp.comparator);
  if (up === undefined) return out; // == and != have no order to check
  const c = cmp.comparator;
  const side = up ? 'less than' : 'greater than';
  const beyond = (a: number, b: number) => (up ? a < b : a > b);

  if (th.warning !== undefined && !beyond(th.warning, critical)) {
    error(
      at('warning'),
      `warning threshold ${fmt(th.warning)} must be ${side} the critical threshold ${fmt(critical)} with the ${c} comparator; expected a warning ${side} ${fmt(critical)} (it fires before critical)`,
    );
  }
  if (th.critical_recovery !== undefined && !beyond(th.critical_recovery, critical)) {
    error(
      at('critical_recovery'),
      `critical_recovery threshold ${fmt(th.critical_recovery)} must be ${side} the critical threshold ${fmt(critical)} with the ${c} comparator (the monitor recovers when the value is back on the other side); expected a critical_recovery ${side} ${fmt(critical)}`,
    );
  }
  if (th.warning_recovery !== undefined) {
    if (th.warning === undefined) {
      // Not confirmed that the API refuses it: a warning, not an error.
      out.push({
        file,
        path: at('warning_recovery'),
        severity: 'warning',
        message: `warning_recovery threshold ${fmt(th.warning_recovery)} is set without a warning threshold, so it never applies; expected a warning threshold, or no warning_recovery`,
      });
    } else if (!beyond(th.warning_recovery, th.warning)) {
      error(
        at('warning_recovery'),
        `warning_recovery threshold ${fmt(th.warning_recovery)} must be ${side} the warning threshold ${fmt(th.warning)} with the ${c} comparator; expected a warning_recovery ${side} ${fmt(th.warning)}`,
      );
    }
  }
  return out;
}
