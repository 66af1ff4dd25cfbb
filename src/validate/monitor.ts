/**
 * All the offline rules over one loaded monitor: its type, its query's grammar, its thresholds,
 * its message templates and the loop guard.
 */
import { Finding, show, subPath } from '../config/findings';
import { didYouMean } from '../config/suggest';
import type { LoadedMonitor } from '../config/monitor';
import { MonitorContext, tagVariables, validateMessage, webhookMentions } from './message';
import { checkOptions, isGroupKey, queryGroups } from './options';
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

/**
 * Prefixes of the attribute variables of log-like monitors (`{{log.service}}`, `{{event.title}}`,
 * https://docs.datadoghq.com/monitors/notify/variables/, Matching attribute/tag variables): not tag
 * variables, so not tied to the group-by.
 */
const ATTRIBUTE_PREFIXES = ['log', 'event', 'span', 'trace', 'rum', 'citest', 'cipipeline', 'issue', 'synthetics', 'monitor', 'audit', 'database', 'network'];

/**
 * `{{key.name}}` renders the value of a group-by key of a multi alert
 * (https://docs.datadoghq.com/monitors/notify/variables/, Multi-alert variables): a key the query
 * does not group by renders empty. In a multi alert that is an error; in a simple alert (no
 * group-by), a warning, since Datadog's own integration monitors use {{host.name}} there.
 */
function checkTagVariables(text: string, at: string, m: LoadedMonitor, groups: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const v of tagVariables(text)) {
    const root = v.key.split('.')[0];
    if (ATTRIBUTE_PREFIXES.includes(root) || isGroupKey(v.key, groups)) continue;
    // Grouped by host, the host's own tags render too: Datadog's nginx integration monitor
    // (integrations-core nginx/assets/monitors/worker_crashes.json) uses {{env.name}} grouped by {host}.
    if (isGroupKey('host', groups)) continue;
    if (groups.length === 0) {
      out.push({ file: m.file, path: at, severity: 'warning', message: `${v.written} names the group-by key ${show(v.key)}, but the query groups by nothing (a simple alert), so it renders empty; expected a query grouped by ${v.key} (by {${v.key}}), or no ${v.written}` });
    } else {
      out.push({ file: m.file, path: at, severity: 'error', message: `${v.written} names ${show(v.key)}, which the query does not group by (it groups by ${groups.join(', ')}), so it renders empty${didYouMean(v.key, groups)}; expected one of ${groups.map((g) => `{{${g.includes('.') || g.startsWith('@') ? `[${g}]` : g}.name}}`).join(', ')}` });
    }
  }
  return out;
}

export function validateMonitor(m: LoadedMonitor, ctx: MonitorContext = {}): Finding[] {
  const def = m.definition;
  const out: Finding[] = [];
  const at = (...seg: string[]) => subPath(m.definitionPath, ...seg);
  const knownType = checkMonitorType(def.type, m.file, at('type'), out);
  if (knownType) {
    // Without a known type, grammar, thresholds and options cannot be judged; messages still can.
    out.push(...checkMonitorQuery(def.type, def.query, m.file, at('query')));
    out.push(...checkThresholds(def, m.file, m.definitionPath, m.unreadable));
    out.push(...checkOptions(def, m.file, m.definitionPath));
  }
  const groups = knownType ? queryGroups(def) : undefined;
  const texts: [string, string | undefined][] = [
    [at('message'), def.message],
    [at('options', 'escalation_message'), def.options.escalation_message],
  ];
  for (const [path, text] of texts) {
    if (!text) continue;
    out.push(...validateMessage(text, path, m.file, ctx));
    if (groups !== undefined) out.push(...checkTagVariables(text, path, m, groups));
  }
  out.push(...loopGuard(m, ctx));
  return out;
}
