/**
 * All the offline rules over one loaded monitor: its type, its query's grammar, its thresholds,
 * its message templates and the loop guard.
 */
import { Finding, show, subPath } from '../config/findings';
import { didYouMean } from '../config/suggest';
import type { LoadedMonitor } from '../config/monitor';
import { MonitorContext, tagVariables, validateMessage, webhookMentions } from './message';
import { checkOptions, isGroupKey, queryGroups } from './options';
import { checkMonitorQuery, parseServiceCheckQuery } from './query';
import { checkNoData, checkProviderMonitorType, checkUnsendableOptions, checkVariables } from './providerMonitor';
import { checkSecretsInMessage } from './secrets';
import { checkThresholds } from './thresholds';

/** `source:torq` / `sources:torq` in any case, as a whole word (not `source:torque`). */
const TORQ_SOURCE = /(^|[^A-Za-z0-9_.])sources?\s*:\s*["']?torq(?![A-Za-z0-9_.-])/gi;

/** What in the query shows that the monitor watches Torq itself, or undefined. */
export function watchesTorq(query: string, heartbeatChecks: readonly string[] = []): string | undefined {
  for (const m of query.matchAll(TORQ_SOURCE)) {
    // `-source:torq`, `!source:torq` and `NOT source:torq` exclude Torq's events.
    const before = query.slice(0, m.index + m[1].length);
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
      const { name } = w;
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
 * (https://docs.datadoghq.com/monitors/notify/variables/, Tag variables: "based on the tags selected
 * in the multi-alert group box"); a key the query does not group by may render empty. A warning,
 * never an error: Datadog's own integration monitors name other tags (integrations-core
 * nginx/assets/monitors/upstream_latency.json uses {{env.name}} grouped by {upstream}), and the API
 * accepts them.
 */
function checkTagVariables(text: string, at: string, m: LoadedMonitor, groups: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const v of tagVariables(text)) {
    const root = v.key.split('.')[0];
    if (ATTRIBUTE_PREFIXES.includes(root) || isGroupKey(v.key, groups)) continue;
    // Grouped by host, the host's own tags render too (integrations-core nginx worker_crashes.json: {{env.name}} by {host}).
    if (isGroupKey('host', groups)) continue;
    const by = groups.length === 0 ? 'the query groups by nothing (a simple alert)' : `the query groups by ${groups.join(', ')}`;
    const expected =
      groups.length === 0
        ? `a query grouped by ${v.key} (by {${v.key}}), or no ${v.written}`
        : `one of ${groups.map((g) => `{{${g.includes('.') || g.startsWith('@') ? `[${g}]` : g}.name}}`).join(', ')}, or ${v.key} added to the group-by`;
    out.push({
      file: m.file,
      path: at,
      severity: 'warning',
      message: `${v.written} names the tag ${show(v.key)}, but ${by}, so it may render empty${didYouMean(v.key, groups)}; expected ${expected}`,
    });
  }
  return out;
}

export function validateMonitor(m: LoadedMonitor, ctx: MonitorContext = {}): Finding[] {
  const def = m.definition;
  const out: Finding[] = [];
  const at = (...seg: string[]) => subPath(m.definitionPath, ...seg);
  const knownType = checkProviderMonitorType(def.type, m.file, at('type'), out);
  if (knownType) {
    // Without a known type, grammar, thresholds and options cannot be judged; messages still can.
    out.push(...checkMonitorQuery(def.type, def.query, m.file, at('query')));
    out.push(...checkThresholds(def, m.file, m.definitionPath, m.unreadable));
    out.push(...checkOptions(def, m.file, m.definitionPath));
    out.push(
      ...checkVariables(def, m.file, m.definitionPath),
      ...checkNoData(def, m.file, m.definitionPath),
      ...checkUnsendableOptions(def, m.file, m.definitionPath),
    );
  }
  const groups = knownType ? queryGroups(def) : undefined;
  const texts: [string, string | undefined][] = [
    [at('message'), def.message],
    [at('options', 'escalation_message'), def.options.escalation_message],
  ];
  for (const [path, text] of texts) {
    if (!text) continue;
    out.push(...validateMessage(text, path, m.file, ctx), ...checkSecretsInMessage(text, path, m.file, def.type));
    if (groups !== undefined) out.push(...checkTagVariables(text, path, m, groups));
  }
  out.push(...loopGuard(m, ctx));
  return out;
}
