/**
 * What a reviewer wants to know about a datadog_monitor: who it notifies and on which
 * transitions, its thresholds, and whether a change makes it quieter than before.
 */
import { parseQueryComparison as trailingThreshold } from '../datadog/query';
import { monitorOption, sameMembers, sameToProvider } from '../datadog/providerFacts';
import type { AttentionItem, AttentionTopic } from './attention';
import { withSetsSorted } from './provider';
import { ALWAYS, neverNotifiesTorq, routingAttention } from './routing';
import type { Json, Resource } from './stacks';
import { secretsIn, unescapeTerraform } from './text';
import { describeConditions, notifyingMentions } from '../datadog/message';

export { ALWAYS, torqConditions } from './routing';

export interface MonitorView {
  id: string;
  /** The org's own file it comes from, when not the catalog's `monitors/<id>.json`. */
  file?: string;
  name: string;
  type: string;
  query: string;
  message: string;
  escalationMessage?: string;
  tags: string[];
  priority?: string;
  thresholds: Record<string, string>;
  thresholdWindows: Record<string, string>;
  /** Every other attribute, as JSON text, by Terraform attribute name. */
  options: Record<string, string>;
  /** handle -> the template conditions it is mentioned under (ALWAYS when unconditional). */
  notifies: Map<string, string[]>;
  /** The synthesized attributes, for showing a new monitor in full. */
  body: Json;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? unescapeTerraform(v) : JSON.stringify(v));

function block(v: unknown): Record<string, string> {
  const o = (Array.isArray(v) ? v[0] : v) as Json | undefined;
  if (!o || typeof o !== 'object') return {};
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined && o[k] !== null)
      .map((k) => [k, str(o[k])]),
  );
}

const MAIN_FIELDS = new Set([
  'name',
  'type',
  'query',
  'message',
  'escalation_message',
  'tags',
  'priority',
  'monitor_thresholds',
  'monitor_threshold_windows',
  'depends_on',
]);

export function monitorView(r: Resource): MonitorView {
  const b = r.body;
  const message = str(b.message);
  const escalationMessage = b.escalation_message === undefined ? undefined : str(b.escalation_message);
  const options: Record<string, string> = {};
  // Set-typed options (restricted_roles, renotify_statuses, notify_by) in one order: their order means nothing.
  const sorted = withSetsSorted('datadog_monitor', b);
  for (const k of Object.keys(sorted).sort()) {
    if (!MAIN_FIELDS.has(k)) options[k] = typeof sorted[k] === 'string' ? str(sorted[k]) : JSON.stringify(sorted[k]);
  }
  const notifies = mentions(message);
  if (escalationMessage) {
    for (const [h, conds] of mentions(escalationMessage)) {
      notifies.set(h, [...new Set([...(notifies.get(h) ?? []), ...conds.map((c) => (c === ALWAYS ? 'renotify' : `renotify and ${c}`))])].sort());
    }
  }
  return {
    ...(r.file ? { file: r.file } : {}),
    id: r.id,
    name: str(b.name),
    type: str(b.type),
    query: str(b.query),
    message,
    escalationMessage,
    tags: Array.isArray(b.tags) ? b.tags.map(str) : [],
    priority: b.priority === undefined ? undefined : str(b.priority),
    thresholds: block(b.monitor_thresholds),
    thresholdWindows: block(b.monitor_threshold_windows),
    options,
    notifies,
    body: b,
  };
}

/**
 * The @-handles a message notifies with the conditions each is mentioned under
 * (src/datadog/message.ts: after a space or a line start, outside comments).
 */
export function mentions(message: string): Map<string, string[]> {
  const found = new Map<string, Set<string>>();
  for (const m of notifyingMentions(message)) {
    const handle = `@${m.handle}`;
    const cond = m.conditions.length === 0 ? ALWAYS : describeConditions(m.conditions);
    if (!found.has(handle)) found.set(handle, new Set());
    found.get(handle)!.add(cond);
  }
  const out = new Map<string, string[]>();
  for (const h of [...found.keys()].sort()) {
    const conds = [...found.get(h)!].sort();
    out.set(h, conds.includes(ALWAYS) ? [ALWAYS] : conds);
  }
  return out;
}

/** `@webhook-torq (always)`, `@webhook-torq (is_alert, is_recovery)`. */
export function describeNotifies(notifies: Map<string, string[]>): string {
  if (notifies.size === 0) return 'nobody';
  return [...notifies].map(([h, conds]) => `${h} (${conds.join(', ')})`).join('; ');
}

export interface Row {
  label: string;
  before?: string;
  after?: string;
}

export interface MonitorChange {
  before: MonitorView;
  after: MonitorView;
  rows: Row[];
  /** Diffs of long text fields (message, escalation message), by label. */
  textDiffs: { label: string; before: string; after: string }[];
  routingChanged: boolean;
  /** True when the change makes Terraform destroy and re-create the monitor. */
  replaced?: string;
  attention: AttentionItem[];
}

function recordRows(prefix: string, a: Record<string, string>, b: Record<string, string>): Row[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]).map((k) => ({ label: `${prefix}${k}`, before: a[k], after: b[k] }));
}

/** Which way a threshold moves to alert less: +1 when raising it loosens, -1 when lowering does. */
function looseningDirection(v: MonitorView): 1 | -1 | undefined {
  // Service-check thresholds count consecutive failing runs: more runs, later alert.
  if (v.type === 'service check') return 1;
  const t = trailingThreshold(v.query);
  if (!t) return undefined;
  if (t.comparator === '>' || t.comparator === '>=') return 1;
  if (t.comparator === '<' || t.comparator === '<=') return -1;
  return undefined;
}

function num(s: string | undefined): number | undefined {
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Reasons a change alerts later or less often: thresholds moved the quiet way, no-data off. */
export function loosened(before: MonitorView, after: MonitorView): AttentionItem[] {
  const out: AttentionItem[] = [];
  const add = (message: string, topic?: AttentionTopic): void => {
    out.push({ kind: 'threshold-loosened', message, ...(topic ? { topic } : {}) });
  };
  const dirB = looseningDirection(before);
  const dirA = looseningDirection(after);
  const tb = trailingThreshold(before.query);
  const ta = trailingThreshold(after.query);
  if (tb && ta && dirB !== dirA) {
    add(`alert condition changed: the query's comparator went from \`${tb.comparator}\` to \`${ta.comparator}\`; check every threshold`);
  } else if (dirB !== undefined && dirB === dirA) {
    for (const k of ['critical', 'warning']) {
      // Without a critical in monitor_thresholds, the query's own threshold is the critical one.
      const fromQuery = k === 'critical' && before.thresholds.critical === undefined && after.thresholds.critical === undefined;
      const b = fromQuery ? tb?.threshold : num(before.thresholds[k]);
      const a = fromQuery ? ta?.threshold : num(after.thresholds[k]);
      if (b === undefined) continue;
      if (a === undefined) {
        if (k === 'warning') add(`threshold loosened: the warning threshold (${b}) was removed, so the monitor never warns`);
        continue;
      }
      if ((a - b) * dirB > 0) {
        add(
          before.type === 'service check'
            ? `threshold loosened: ${k} now needs ${a} consecutive runs in that status instead of ${b}`
            : `threshold loosened: ${k} ${dirB > 0 ? 'raised' : 'lowered'} from ${b} to ${a}; the query alerts ${dirB > 0 ? 'above' : 'below'} it (\`${tb?.comparator ?? ''}\`), so it now alerts later`,
        );
      }
    }
  }
  const wb = windowMinutes(before.query);
  const wa = windowMinutes(after.query);
  if (wb && wa && wa.minutes > wb.minutes) {
    add(
      `alerts later: the evaluation window grew from \`${wb.text}\` to \`${wa.text}\`, so a problem must last longer (and shows up diluted) before the monitor alerts`,
    );
  }
  const ab = timeAggregation(before.query);
  const aa = timeAggregation(after.query);
  if (ab && aa && ab !== aa && dirB !== undefined && dirB === dirA) {
    // With `>`, max() alerts on one point above the threshold, avg() on the mean, min() only when every point is above it.
    const rank = dirB > 0 ? { max: 0, avg: 1, sum: 1, min: 2 } : { min: 0, avg: 1, sum: 1, max: 2 };
    const rb = rank[ab as keyof typeof rank];
    const ra = rank[aa as keyof typeof rank];
    if (rb !== undefined && ra !== undefined && ra > rb) {
      add(
        `alerts later: the time aggregation changed from \`${ab}\` to \`${aa}\`; with \`${tb?.comparator ?? ''}\` it needs more of the window past the threshold before it alerts`,
      );
    }
  }
  // Absent: the provider's schema default (providerFacts), which it always sends.
  const fullWindow = (v: MonitorView) => (v.options.require_full_window ?? String(monitorOption('require_full_window').schemaDefault)) === 'true';
  if (!fullWindow(before) && fullWindow(after)) {
    add(
      `alerts later: require_full_window turned on${after.options.require_full_window === undefined ? ' (removed: the provider defaults it to true)' : ''}, so the monitor waits for a full window of data and stays silent on sparse metrics`,
    );
  }
  if (before.options.notify_no_data === 'true' && after.options.notify_no_data !== 'true') {
    add('alerts less: notify_no_data turned off, so the monitor no longer alerts when data stops arriving', 'no-data-off');
  } else if (before.options.notify_no_data === 'true') {
    const b = num(before.options.no_data_timeframe);
    const a = num(after.options.no_data_timeframe);
    if (b !== undefined && a !== undefined && a > b) add(`alerts less: no_data_timeframe raised from ${b} to ${a} minutes, so missing data alerts later`);
  }
  return out;
}

/** The first `last_<n><unit>` of a query, in minutes. */
export function windowMinutes(query: string): { text: string; minutes: number } | undefined {
  const m = /\blast_(\d+)(m|h|d|w)\b/.exec(query);
  if (!m) return undefined;
  const unit = { m: 1, h: 60, d: 1440, w: 10080 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  return { text: `last_${m[1]}${m[2]}`, minutes: Number(m[1]) * unit };
}

/** The time aggregator of a metric query: `avg` in `avg(last_5m):...`. */
function timeAggregation(query: string): string | undefined {
  const m = /^\s*(avg|min|max|sum)\(last_/.exec(query);
  return m ? m[1] : undefined;
}

/** Field-by-field comparison of one monitor, with what needs a reviewer's attention. */
export function compareMonitor(before: MonitorView, after: MonitorView, torqWebhooks: ReadonlySet<string>): MonitorChange | undefined {
  const rows: Row[] = [];
  const textDiffs: MonitorChange['textDiffs'] = [];
  const attention: AttentionItem[] = [];
  let replaced: string | undefined;
  const row = (label: string, b: string | undefined, a: string | undefined) => {
    if (b !== a) rows.push({ label, before: b, after: a });
  };
  row('name', before.name, after.name);
  // `metric alert` <-> `query alert` is no change to the provider (its DiffSuppressFunc): no row, no update.
  if (!sameToProvider('datadog_monitor', 'type', before.type, after.type)) {
    row('type', before.type, after.type);
    replaced = `its type changed from \`${before.type}\` to \`${after.type}\`, which Datadog cannot change in place`;
  }
  row('query', before.query, after.query);
  rows.push(...recordRows('threshold ', before.thresholds, after.thresholds));
  rows.push(...recordRows('threshold window ', before.thresholdWindows, after.thresholdWindows));
  if (before.message !== after.message) textDiffs.push({ label: 'message', before: before.message, after: after.message });
  if ((before.escalationMessage ?? '') !== (after.escalationMessage ?? '')) {
    textDiffs.push({ label: 'escalation message', before: before.escalationMessage ?? '', after: after.escalationMessage ?? '' });
  }
  const nb = describeNotifies(before.notifies);
  const na = describeNotifies(after.notifies);
  const routingChanged = nb !== na;
  row('notifies', nb, na);
  const tagsB = before.tags.join(', ');
  const tagsA = after.tags.join(', ');
  // tags is a set (providerFacts): another order alone is no change.
  if (tagsB !== tagsA && !sameMembers(before.tags, after.tags)) {
    const added = after.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !after.tags.includes(t));
    const delta = [added.length && `${added.length} added`, removed.length && `${removed.length} removed`].filter(Boolean).join(', ');
    rows.push({ label: `tags (${delta || 'a duplicate'})`, before: tagsB, after: tagsA });
  }
  row('priority', before.priority, after.priority);
  rows.push(...recordRows('option ', before.options, after.options));

  if (rows.length === 0 && textDiffs.length === 0) return undefined;

  attention.push(...routingAttention(before, after, torqWebhooks), ...secretAttention(after, before));
  attention.push(...loosened(before, after));
  return { before, after, rows, textDiffs, routingChanged, replaced, attention };
}

/** A one-line threshold summary: `critical 90, warning 80, critical_recovery 75`. */
export function describeThresholds(v: MonitorView): string {
  const order = ['critical', 'critical_recovery', 'warning', 'warning_recovery', 'ok', 'unknown'];
  const keys = Object.keys(v.thresholds).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return keys.length === 0 ? 'none' : keys.map((k) => `${k} ${v.thresholds[k]}`).join(', ');
}

/** A Torq trigger URL or a key pasted into a message (new, or new in this change): Datadog shows it to every reader and notification. */
export function secretAttention(after: MonitorView, before?: MonitorView): AttentionItem[] {
  const keepHex = after.type === 'slo alert';
  const text = (v: MonitorView) => `${v.message}\n${v.escalationMessage ?? ''}`;
  const had = new Set(before ? secretsIn(text(before), keepHex) : []);
  const found = secretsIn(text(after), keepHex).filter((s) => !had.has(s));
  if (found.length === 0) return [];
  return [
    {
      kind: 'secret-in-message',
      message: `its message holds ${found.join(' and ')} (redacted here): Datadog shows a monitor's message to everyone who can read monitors and sends it with every notification; remove it from the file, and rotate the secret`,
      short: `a secret in its message: ${found.join(' and ')}`,
    },
  ];
}

/** What a reviewer must know of a new monitor: a secret in its message, Torq mentioned only on transitions it never has. */
export function addedMonitorAttention(v: MonitorView, torqWebhooks: ReadonlySet<string>): AttentionItem[] {
  return [...secretAttention(v), ...neverNotifiesTorq(v, torqWebhooks)];
}
