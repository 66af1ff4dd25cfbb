/**
 * The review's Markdown, resource by resource: monitors (summary, changes, text diffs), dashboards
 * (widgets), renames and attribute tables, sorted into sections per org. Every user value is in a
 * code span or block and passes through `redact` (see markdown.ts).
 */
import type { DashboardChange, DashboardView } from './dashboard';
import type { GenericChange, OrgReview, Rename } from './model';
import { describeThresholds, MonitorChange, MonitorView } from './monitor';
import { clip, code, codeBlock, diffLines, FieldChange, plural, redact, unescapeTerraform, unifiedDiff } from './text';
import { MONITOR_TYPE, sourceFileOf } from '../datadog/naming';

/** How much detail: 0 everything, 1 no full definitions nor text diffs, 2 one line per resource, 3 counts and ids. */
export type Level = 0 | 1 | 2 | 3;

export const safe = (text: string, keepHex = false) => redact(unescapeTerraform(text), { keepHex });
const cell = (text: string | undefined) => (text === undefined ? '—' : code(text, { inTable: true }));
export const inline = (text: string, keepHex = false) => code(clip(safe(text, keepHex), 400));

export function counts(parts: [number, string][]): string[] {
  return parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
}

export function details(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** A monitor shown in full: what a diff cannot show when the file is new, or when it comes from an include list. */
function fullDefinition(v: MonitorView): string[] {
  const body = { ...v.body };
  delete body.depends_on;
  delete body.message;
  const keepHex = v.type === 'slo alert';
  return details('full definition (options, message)', [
    codeBlock(safe(JSON.stringify(body, null, 2), keepHex), 'json'),
    '',
    'Message:',
    '',
    codeBlock(safe(v.message, keepHex)),
  ]);
}

function monitorSummary(v: MonitorView, file: string | undefined, level: Level, full: boolean): string[] {
  const keepHex = v.type === 'slo alert';
  const head = `- **${code(v.id)}**${file ? ` (${code(file)})` : ''}: ${inline(v.name)}`;
  if (level >= 2) return [head];
  const lines = [head];
  lines.push(`  - type ${code(v.type)}${v.priority ? `, priority ${v.priority}` : ''}`);
  lines.push(`  - query ${inline(v.query, keepHex)}`);
  lines.push(`  - thresholds: ${describeThresholds(v)}`);
  lines.push(`  - notifies: ${v.notifies.size === 0 ? 'nobody' : [...v.notifies].map(([h, c]) => `${code(h)} (${c.join(', ')})`).join(', ')}`);
  if (v.tags.length) lines.push(`  - tags: ${v.tags.map((t) => inline(t)).join(', ')}`);
  if (full && level === 0) lines.push('', ...fullDefinition(v));
  return lines;
}

/** A monitor that goes: what it watched and whom it notified, in two lines. */
function removedMonitor(v: MonitorView, level: Level): string[] {
  const file = monitorFile(v);
  const head = `- **${code(v.id)}**${file ? ` (${code(file)})` : ''}: ${inline(v.name)}`;
  if (level >= 2) return [head];
  const notifies = v.notifies.size === 0 ? 'nobody' : [...v.notifies].map(([h, c]) => `${code(h)} (${c.join(', ')})`).join(', ');
  return [head, `  - ${code(v.type)} ${inline(v.query, v.type === 'slo alert')}; notified ${notifies}`];
}

/** Before and after of a long value with the part that differs in bold, between its context. */
export function highlightPair(before: string, after: string, context = 40): [string, string] {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  // Whole words when a word changed: `> 90` -> `> 95` highlights `90` and `95`, not `0` and `5`.
  const word = /[\w.]/;
  const replacedBoth = before.length - s > p && after.length - s > p;
  if (replacedBoth && word.test(before[p]) && word.test(after[p])) while (p > 0 && word.test(before[p - 1])) p--;
  if (replacedBoth && word.test(before[before.length - s - 1]) && word.test(after[after.length - s - 1])) {
    while (s > 0 && word.test(before[before.length - s]) && word.test(after[after.length - s])) s--;
  }
  const show = (t: string) => {
    const start = Math.max(0, p - context);
    const end = t.length - s;
    const pre = `${start > 0 ? '…' : ''}${t.slice(start, p)}`;
    const mid = t.slice(p, end);
    const post = `${t.slice(end, end + context)}${end + context < t.length ? '…' : ''}`;
    const parts = [
      pre && code(pre, { inTable: true }),
      mid ? `**${code(clip(mid, 200), { inTable: true })}**` : '',
      post && code(post, { inTable: true }),
    ].filter(Boolean);
    return parts.join(' ') || '(empty)';
  };
  return [show(before), show(after)];
}

const LONG = 80;

function rowsTable(rows: { label: string; before?: string; after?: string }[], keepHex = false): string[] {
  if (rows.length === 0) return [];
  return [
    '| Field | Before | After |',
    '|---|---|---|',
    ...rows.map((r) => {
      const b = r.before === undefined ? undefined : safe(r.before, keepHex);
      const a = r.after === undefined ? undefined : safe(r.after, keepHex);
      if (b !== undefined && a !== undefined && (b.length > LONG || a.length > LONG)) {
        const [hb, ha] = highlightPair(b, a);
        return `| ${r.label} | ${hb} | ${ha} |`;
      }
      return `| ${r.label} | ${cell(b === undefined ? undefined : clip(b))} | ${cell(a === undefined ? undefined : clip(a))} |`;
    }),
  ];
}

/** Long lines of a text diff replaced one for one: the changed part within each, highlighted. */
function changedWithinLines(before: string, after: string): string[] {
  const d = diffLines(before, after);
  const out: string[] = [];
  for (let i = 0; i + 1 < d.length; i++) {
    if (d[i].op === '-' && d[i + 1].op === '+' && (d[i + 2]?.op ?? ' ') !== '+' && (i === 0 || d[i - 1].op !== '-')) {
      const b = d[i].text;
      const a = d[i + 1].text;
      if (b.length > LONG || a.length > LONG) {
        const [hb, ha] = highlightPair(b, a);
        out.push(`- changed within a line: ${hb} → ${ha}`);
      }
    }
  }
  return out;
}

function monitorChange(c: MonitorChange, title: string, level: Level): string[] {
  const keepHex = c.after.type === 'slo alert';
  if (level >= 2) return [`- ${title}: ${[...c.rows.map((r) => r.label), ...c.textDiffs.map((t) => t.label)].join(', ')} changed`];
  const lines = [title, ''];
  // `notifies` is shown with code spans per handle, so GitHub never turns a handle into a mention.
  lines.push(...rowsTable(c.rows, keepHex));
  for (const t of c.textDiffs) {
    const label = `${t.label[0].toUpperCase()}${t.label.slice(1)}`;
    if (level >= 1) {
      const d = diffLines(t.before, t.after);
      lines.push('', `${label} changed: ${d.filter((l) => l.op === '+').length} line(s) added, ${d.filter((l) => l.op === '-').length} removed.`);
      continue;
    }
    lines.push('', `${label}:`, '', codeBlock(unifiedDiff(safe(t.before), safe(t.after)), 'diff'));
    const within = changedWithinLines(safe(t.before), safe(t.after));
    if (within.length) lines.push('', ...within);
  }
  lines.push('');
  return lines;
}

/**
 * What a change does, independent of which monitor it is: equal gists are summarised in one line
 * ("30 monitors: tag `team:platform` added"). Undefined when the change is specific to the monitor.
 */
export function gistOf(c: MonitorChange): string | undefined {
  const parts: string[] = [];
  for (const r of c.rows) {
    if (r.label === 'name' || r.label === 'query') return undefined;
    if (r.label.startsWith('tags')) {
      const b = c.before.tags;
      const a = c.after.tags;
      const added = a.filter((t) => !b.includes(t));
      const removed = b.filter((t) => !a.includes(t));
      if (added.length) parts.push(`${added.length === 1 ? 'tag' : 'tags'} ${added.map((t) => inline(t)).join(', ')} added`);
      if (removed.length) parts.push(`${removed.length === 1 ? 'tag' : 'tags'} ${removed.map((t) => inline(t)).join(', ')} removed`);
      if (!added.length && !removed.length) parts.push('tags reordered');
      continue;
    }
    parts.push(`${r.label} ${r.before === undefined ? '—' : inline(r.before)} → ${r.after === undefined ? '—' : inline(r.after)}`);
  }
  for (const t of c.textDiffs) {
    const changed = diffLines(t.before, t.after).filter((l) => l.op !== ' ');
    parts.push(
      `${t.label}: ${changed.map((l) => `${l.op === '+' ? 'added' : 'removed'} line ${inline(l.text.trim() === '' ? '(blank)' : l.text)}`).join(', ')}`,
    );
  }
  return parts.length ? parts.join('; ') : undefined;
}

export interface Item {
  section: string;
  /** For `Monitors changed`: what the change does, shared by monitors that change alike. */
  gist?: string;
  id: string;
  lines: string[];
}

export const SECTIONS = [
  'Deployment',
  'Monitors added',
  'Monitors removed',
  'Monitors changed',
  'Renamed',
  'Health monitors added',
  'Health monitors removed',
  'Health monitors changed',
  'Webhooks',
  'Dashboards added',
  'Dashboards removed',
  'Dashboards changed',
  'Keys and service account',
  'Other resources',
];

function fieldTable(fields: FieldChange[]): string[] {
  return rowsTable(fields.map((f) => ({ label: code(f.field, { inTable: true }), before: f.before, after: f.after })));
}

function widgetList(label: string, refs: { label: string }[]): string | undefined {
  return refs.length ? `- widgets ${label}: ${refs.map((r) => inline(r.label)).join(', ')}` : undefined;
}

function dashboardChange(c: DashboardChange, level: Level): string[] {
  const title = `**${code(c.after.id)}**: ${inline(c.after.title)}`;
  if (level >= 2) {
    const what = counts([
      [c.added.length, 'widget(s) added'],
      [c.removed.length, 'removed'],
      [c.retitled.length, 'retitled'],
      [c.changed.length, 'changed'],
      [c.settings.length, 'setting(s) changed'],
    ]);
    if (c.reordered) what.push('widgets reordered');
    return [`- ${title}: ${what.join(', ')}`];
  }
  const lines = [title, ''];
  for (const l of [widgetList('added', c.added), widgetList('removed', c.removed)]) if (l) lines.push(l);
  for (const t of c.retitled) lines.push(`- widget retitled: ${inline(t.from)} -> ${inline(t.to)}`);
  if (c.reordered) {
    lines.push(
      `- widgets reordered (the layout is \`ordered\`, so the order is what the dashboard shows): ${c.reordered.before.map((w) => inline(w)).join(', ')} -> ${c.reordered.after.map((w) => inline(w)).join(', ')}`,
    );
  }
  if (c.added.length || c.removed.length || c.retitled.length || c.reordered) lines.push('');
  if (c.settings.length) lines.push('Dashboard settings:', '', ...fieldTable(c.settings), '');
  for (const w of c.changed) lines.push(`Widget ${w.from ? `${inline(w.from)} -> ` : ''}${inline(w.label)} changed:`, '', ...fieldTable(w.fields), '');
  return lines;
}

function dashboardBrief(v: DashboardView, level: Level, full: boolean): string[] {
  const layout = typeof v.settings.layout_type === 'string' ? `, ${v.settings.layout_type} layout` : '';
  const lines = [
    `- **${code(v.id)}**: ${inline(v.title)}, ${plural(v.widgets.size, 'widget')}${layout}${v.parseError ? ` (unreadable JSON: ${inline(v.parseError)})` : ''}`,
  ];
  if (full && level === 0 && v.widgets.size > 0) {
    lines.push(
      '',
      ...details('widgets, in order, and the full definition', [
        ...[...v.widgets.values()].map((w) => `- ${inline(w.label)}`),
        '',
        codeBlock(safe(JSON.stringify(v.json, null, 2)), 'json'),
      ]),
    );
  }
  return lines;
}

function renameItem(r: Rename, level: Level): string[] {
  const files = r.fromFile && r.toFile ? (r.fromFile !== r.toFile ? ` (${code(r.fromFile)} -> ${code(r.toFile)})` : ` (in ${code(r.toFile)})`) : '';
  const changed = r.change || r.dashboardChange || r.otherChanges;
  const how = r.moved
    ? ', recorded in moved.json: Terraform moves it in state and re-creates nothing'
    : ', not recorded in moved.json: Terraform destroys and re-creates it';
  const lines = [
    `- ${code(`${r.type}.${r.from}`)} -> ${code(`${r.type}.${r.to}`)}${files}: ${changed ? 'renamed and changed' : 'same content, new Terraform id'}${how}`,
  ];
  if (level >= 2) return lines;
  if (r.change) lines.push('', ...monitorChange(r.change, `Changes to ${code(r.to)}:`, level));
  if (r.dashboardChange) lines.push('', ...dashboardChange(r.dashboardChange, level));
  if (r.otherChanges) lines.push('', ...fieldTable(r.otherChanges), '');
  return lines;
}

function genericItem(c: GenericChange, level: Level): string[] {
  const title = `**${code(`${c.type}.${c.id}`)}** ${c.status}`;
  if (level >= 2) return [`- ${title}`];
  const fields = c.fields.filter((f) => f.field !== '');
  const table =
    c.status === 'changed'
      ? fieldTable(fields)
      : [
          '| Field | Value |',
          '|---|---|',
          ...fields.map(
            (f) => `| ${code(f.field, { inTable: true })} | ${code(clip(safe((c.status === 'added' ? f.after : f.before) ?? '')), { inTable: true })} |`,
          ),
        ];
  return [title, '', ...(fields.length ? table : []), ''];
}

const monitorFile = (v: MonitorView) => v.file ?? monitorFileOf(v.id);
const monitorFileOf = (id: string) => sourceFileOf(MONITOR_TYPE, id, '');

export function orgItems(o: OrgReview, level: Level): Item[] {
  const items: Item[] = [];
  const add = (section: string, id: string, lines: string[], gist?: string) => items.push({ section, id, lines, gist });
  if (o.status === 'removed' || o.status === 'unchanged') return items;
  if (o.settings.length) add('Deployment', '', level >= 2 ? [`- ${o.settings.map((f) => code(f.field)).join(', ')}`] : [...fieldTable(o.settings), '']);
  for (const [title, part] of [
    ['Monitors', o.monitors],
    ['Health monitors', o.health],
  ] as const) {
    for (const v of part.added) add(`${title} added`, v.id, monitorSummary(v, monitorFile(v), level, true));
    for (const v of part.removed) add(`${title} removed`, v.id, removedMonitor(v, level));
    for (const c of part.changed) add(`${title} changed`, c.after.id, monitorChange(c, `**${code(c.after.id)}**: ${inline(c.after.name)}`, level), gistOf(c));
  }
  for (const r of o.renames) add('Renamed', r.to, renameItem(r, level));
  for (const c of o.webhooks) add('Webhooks', c.id, genericItem(c, level));
  for (const v of o.dashboards.added) add('Dashboards added', v.id, dashboardBrief(v, level, true));
  for (const v of o.dashboards.removed) add('Dashboards removed', v.id, dashboardBrief(v, Math.max(level, 1) as Level, false));
  for (const c of o.dashboards.changed) add('Dashboards changed', c.after.id, dashboardChange(c, level));
  for (const c of o.access) add('Keys and service account', c.id, genericItem(c, level));
  for (const c of o.other) add('Other resources', c.id, genericItem(c, level));
  return items;
}

/** Items by section; three or more monitors changed alike become one line. */
