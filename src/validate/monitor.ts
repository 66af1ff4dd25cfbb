/**
 * All the offline rules over one loaded monitor: its type, its query's grammar, its thresholds,
 * its message templates and the loop guard.
 */
import { Finding, subPath } from '../config/findings';
import type { LoadedMonitor } from '../config/monitor';
import { MonitorContext, validateMessage, webhookMentions } from './message';
import { checkMonitorQuery, checkMonitorType, parseServiceCheckQuery } from './query';
import { checkThresholds } from './thresholds';

/** `source:torq` / `sources:torq` in any case, as a whole word (not `source:torque`). */
const TORQ_SOURCE = /(^|[^A-Za-z0-9_.])sources?\s*:\s*["']?torq(?![A-Za-z0-9_.-])/gi;

/** What in the query shows that the monitor watches Torq itself, or undefined. */
export function watchesTorq(query: string, heartbeatChecks: readonly string[] = []): string | undefined {
  for (const m of query.matchAll(TORQ_SOURCE)) {
    // `-source:torq`, `!source:torq` and `NOT source:torq` exclude Torq's events.
    const before = query.slice(0, m.index! + m[1].length);
    if (m[1] === '-' || m[1] === '!' || /\bNOT\s+$/.test(before)) continue;
    return m[0].slice(m[1].length).trim();
  }
  const sc = parseServiceCheckQuery(query);
  for (const check of heartbeatChecks) {
    if (sc?.check === check) return `the heartbeat check "${check}"`;
    const escaped = check.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^A-Za-z0-9_.])${escaped}(?![A-Za-z0-9_])`).test(query)) return `the heartbeat check "${check}"`;
  }
  return undefined;
}

function loopGuard(m: LoadedMonitor, ctx: MonitorContext): Finding[] {
  const def = m.definition;
  const watched = watchesTorq(def.query, ctx.heartbeatChecks);
  if (!watched) return [];
  const out: Finding[] = [];
  const texts: [string, string | undefined][] = [
    [subPath(m.definitionPath, 'message'), def.message],
    [subPath(m.definitionPath, 'options', 'escalation_message'), def.options.escalation_message],
  ];
  for (const [at, text] of texts) {
    if (!text) continue;
    for (const w of webhookMentions(text)) {
      const name = w.name.replace(/[.,;:!?]+$/, '');
      if (ctx.webhooks !== undefined) {
        if (!ctx.webhooks.includes(name)) continue;
        out.push({
          file: m.file,
          path: at,
          severity: 'error',
          message: `@webhook-${name} is a Torq webhook, but this monitor watches Torq itself (${watched}): a failing workflow would trigger itself in a loop; expected no Torq webhook in a monitor of Torq's own events or heartbeat`,
        });
      } else {
        out.push({
          file: m.file,
          path: at,
          severity: 'warning',
          message: `@webhook-${name} may be a Torq webhook, and this monitor watches Torq itself (${watched}): if it is, a failing workflow would trigger itself; expected no Torq webhook here`,
        });
      }
    }
  }
  return out;
}

export function validateMonitor(m: LoadedMonitor, ctx: MonitorContext = {}): Finding[] {
  const def = m.definition;
  const out: Finding[] = [];
  const at = (...seg: string[]) => subPath(m.definitionPath, ...seg);
  if (!checkMonitorType(def.type, m.file, at('type'), out)) {
    // Without a known type, grammar and thresholds cannot be judged; messages still can.
  } else {
    out.push(...checkMonitorQuery(def.type, def.query, m.file, at('query')));
    out.push(...checkThresholds(def, m.file, m.definitionPath));
  }
  if (def.message) out.push(...validateMessage(def.message, at('message'), m.file, ctx));
  if (def.options.escalation_message) {
    out.push(...validateMessage(def.options.escalation_message, at('options', 'escalation_message'), m.file, ctx));
  }
  out.push(...loopGuard(m, ctx));
  return out;
}
