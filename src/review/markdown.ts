/**
 * The review as Markdown for a pull-request comment. Every value that comes from a user's file
 * is in a code span or block (so `@handles` never mention GitHub users and HTML never renders)
 * and passes through `redact`. Output depends only on the review: same input, same bytes.
 *
 * Layout: a plan-like line per org, Needs attention (every item, grouped when identical), then the
 * details: changes identical in several orgs once (with the list of orgs), then each org's own
 * changes, each group in a collapsible <details> block. When the text would pass `maxChars`, the
 * details are shortened step by step (full definitions and diffs first); Needs attention never is.
 */
import { ACTIONS, Attention, GenericChange, OrgReview, planLine, Rename, Review } from './compare';
import type { DashboardChange, DashboardView } from './dashboard';
import { describeThresholds, MonitorChange, MonitorView } from './monitor';
import { clip, code, codeBlock, diffLines, FieldChange, plural, redact, unescapeTerraform, unifiedDiff } from './text';

export interface RenderOptions {
  /** How the base and head revisions are named in the title. */
  baseLabel: string;
  headLabel: string;
  /** A paragraph under the title (why the base was replaced, for instance). */
  note?: string;
  /** The longest text allowed (GitHub comments hold 65,536 characters; pr.yml adds a marker and a footer). */
  maxChars?: number;
}

export const DEFAULT_MAX_CHARS = 60000;

/** How much detail: 0 everything, 1 no full definitions nor text diffs, 2 one line per resource, 3 counts and ids. */
type Level = 0 | 1 | 2 | 3;

const safe = (text: string, keepHex = false) => redact(unescapeTerraform(text), { keepHex });
const cell = (text: string | undefined) => (text === undefined ? '—' : code(text, { inTable: true }));
const inline = (text: string, keepHex = false) => code(clip(safe(text, keepHex), 400));

function counts(parts: [number, string][]): string[] {
  return parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`);
}

function summaryLine(o: OrgReview): string {
  const parts: string[] = [];
  if (o.status === 'added') {
    const c = o.counts;
    parts.push(
      `new org: ${plural(c.monitors, 'monitor')}, ${plural(c.health, 'health monitor')}, ${plural(c.dashboards, 'dashboard')}, ${plural(o.webhooks.filter((w) => w.type === 'datadog_webhook').length, 'webhook')}${
        o.access.some((a) => a.type === 'datadog_api_key') ? ', Torq keys' : ''
      }`,
    );
  } else if (o.status === 'removed') {
    parts.push(`org removed: ${plural(o.counts.monitors, 'monitor')}, ${plural(o.counts.dashboards, 'dashboard')} and its webhook(s) and keys leave this package's control`);
  } else if (o.status === 'unchanged') {
    parts.push('no changes');
  } else {
    const m = o.monitors;
    const routing = m.changed.filter((c) => c.routingChanged).length;
    const mon = counts([
      [m.added.length, 'added'],
      [m.removed.length, 'removed'],
    ]);
    if (m.changed.length) mon.push(`${m.changed.length} changed${routing ? ` (${plural(routing, 'routing change')})` : ''}`);
    const monRenames = o.renames.filter((r) => r.type === 'datadog_monitor').length;
    if (monRenames) mon.push(`${monRenames} renamed`);
    if (mon.length) parts.push(`monitors: ${mon.join(', ')}`);
    const h = o.health;
    const hp = counts([
      [h.added.length, 'added'],
      [h.removed.length, 'removed'],
      [h.changed.length, 'changed'],
    ]);
    if (hp.length) parts.push(`health monitors: ${hp.join(', ')}`);
    const d = o.dashboards;
    const dp = counts([
      [d.added.length, 'added'],
      [d.removed.length, 'removed'],
      [d.changed.length, 'changed'],
      [o.renames.filter((r) => r.type === 'datadog_dashboard_json').length, 'renamed'],
    ]);
    if (dp.length) parts.push(`dashboards: ${dp.join(', ')}`);
    if (o.webhooks.length) parts.push(`webhooks: ${o.webhooks.map((w) => `${w.id} ${w.status}`).join(', ')}`);
    if (o.access.length) parts.push(`keys and service account: ${plural(o.access.length, 'change')}`);
    if (o.other.length) parts.push(`other resources: ${plural(o.other.length, 'change')}`);
    if (o.settings.length) parts.push(`deployment: ${settingsSummary(o.settings)}`);
    if (parts.length === 0) parts.push(`${plural(o.renames.length, 'resource')} renamed`);
  }
  const plan = o.status === 'unchanged' || o.status === 'removed' ? '' : `${planLine(o.actions)} · `;
  return `- **${o.org}**: ${plan}${parts.join('; ')}`;
}

function settingsSummary(settings: FieldChange[]): string {
  const out: string[] = [];
  if (settings.some((f) => f.field === 'datadog api_url')) out.push('site changed');
  if (settings.some((f) => f.field === 'backend')) out.push('state backend changed');
  const vars = settings.filter((f) => f.field.startsWith('secret variable '));
  const added = vars.filter((f) => f.before === undefined).length;
  const removed = vars.length - added;
  if (added) out.push(`${plural(added, 'new secret variable')}`);
  if (removed) out.push(`${plural(removed, 'secret variable')} dropped`);
  const imports = settings.filter((f) => f.field.startsWith('adopts ')).length;
  if (imports) out.push(`${plural(imports, 'import')} changed`);
  return out.join(', ');
}

/**
 * Attention items grouped: one line per message, with every org and resource it applies to (an
 * org-wide change to 30 monitors is one line, a catalog change deployed by 4 orgs is one line).
 */
function attentionItems(list: Attention[]): { count: number; lines: string[] } {
  const groups = new Map<string, { a: Attention; orgs: string[]; addresses: string[] }>();
  for (const a of list) {
    const key = `${a.kind}\0${a.message}\0${a.hcl ?? ''}`;
    const g = groups.get(key) ?? { a, orgs: [], addresses: [] };
    if (!g.orgs.includes(a.org)) g.orgs.push(a.org);
    if (a.address && !g.addresses.includes(a.address)) g.addresses.push(a.address);
    groups.set(key, g);
  }
  const lines: string[] = [];
  for (const { a, orgs, addresses } of groups.values()) {
    const where =
      addresses.length === 0
        ? ''
        : addresses.length === 1
          ? ` · ${code(addresses[0])}`
          : ` · ${addresses.length} resources (${addresses.slice(0, 12).map((x) => code(x)).join(', ')}${addresses.length > 12 ? ` and ${addresses.length - 12} more` : ''})`;
    lines.push(`- **${orgs.join(', ')}**${where}: ${redact(a.message)}`);
    if (a.hcl) lines.push('', ...codeBlock(a.hcl, 'hcl').split('\n').map((l) => `  ${l}`), '');
  }
  return { count: groups.size, lines };
}

function details(summary: string, body: string[]): string[] {
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
    const parts = [pre && code(pre, { inTable: true }), mid ? `**${code(clip(mid, 200), { inTable: true })}**` : '', post && code(post, { inTable: true })].filter(Boolean);
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
    parts.push(`${t.label}: ${changed.map((l) => `${l.op === '+' ? 'added' : 'removed'} line ${inline(l.text.trim() === '' ? '(blank)' : l.text)}`).join(', ')}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

interface Item {
  section: string;
  /** For `Monitors changed`: what the change does, shared by monitors that change alike. */
  gist?: string;
  id: string;
  lines: string[];
}

const SECTIONS = [
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
    lines.push(`- widgets reordered (the layout is \`ordered\`, so the order is what the dashboard shows): ${c.reordered.before.map((w) => inline(w)).join(', ')} -> ${c.reordered.after.map((w) => inline(w)).join(', ')}`);
  }
  if (c.added.length || c.removed.length || c.retitled.length || c.reordered) lines.push('');
  if (c.settings.length) lines.push('Dashboard settings:', '', ...fieldTable(c.settings), '');
  for (const w of c.changed) lines.push(`Widget ${inline(w.label)} changed:`, '', ...fieldTable(w.fields), '');
  return lines;
}

function dashboardBrief(v: DashboardView, level: Level, full: boolean): string[] {
  const layout = typeof v.settings.layout_type === 'string' ? `, ${v.settings.layout_type} layout` : '';
  const lines = [`- **${code(v.id)}**: ${inline(v.title)}, ${plural(v.widgets.size, 'widget')}${layout}${v.parseError ? ` (unreadable JSON: ${inline(v.parseError)})` : ''}`];
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
  const files = r.fromFile && r.toFile ? ` (${code(r.fromFile)} -> ${code(r.toFile)})` : '';
  const changed = r.change || r.dashboardChange || r.otherChanges;
  const how = r.moved ? ', recorded in moved.json: Terraform moves it in state and re-creates nothing' : ', not recorded in moved.json: Terraform destroys and re-creates it';
  const lines = [`- ${code(`${r.type}.${r.from}`)} -> ${code(`${r.type}.${r.to}`)}${files}: ${changed ? 'renamed and changed' : 'same content, new Terraform id'}${how}`];
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
      : ['| Field | Value |', '|---|---|', ...fields.map((f) => `| ${code(f.field, { inTable: true })} | ${code(clip(safe((c.status === 'added' ? f.after : f.before) ?? '')), { inTable: true })} |`)];
  return [title, '', ...(fields.length ? table : []), ''];
}

const monitorFile = (v: MonitorView) => v.file ?? monitorFileOf(v.id);
const monitorFileOf = (id: string) => (id.startsWith('monitor_') ? `monitors/${id.slice('monitor_'.length)}.json` : id.startsWith('health_') ? 'service_checks.json' : undefined);

function orgItems(o: OrgReview, level: Level): Item[] {
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
function renderItems(items: Item[], level: Level, removedNote?: string): string[] {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const list = items.filter((i) => i.section === section);
    if (list.length === 0) continue;
    lines.push(`#### ${section} (${list.length})`, '');
    if (section.endsWith('removed') && removedNote) lines.push(removedNote, '');
    const byGist = new Map<string, Item[]>();
    for (const i of list) if (i.gist !== undefined) byGist.set(i.gist, [...(byGist.get(i.gist) ?? []), i]);
    const summarised = new Set<Item>();
    for (const [gist, group] of byGist) {
      if (group.length < 3) continue;
      group.forEach((i) => summarised.add(i));
      const ids = group.map((i) => code(i.id));
      const shown = level >= 3 ? 10 : 40;
      lines.push(`- ${group.length} monitors: ${gist}`, `  (${ids.slice(0, shown).join(', ')}${ids.length > shown ? ` and ${ids.length - shown} more` : ''})`);
    }
    if (summarised.size) lines.push('');
    const rest = list.filter((i) => !summarised.has(i));
    if (level >= 3) {
      if (rest.length) lines.push(`${rest.slice(0, 30).map((i) => code(i.id || section)).join(', ')}${rest.length > 30 ? ` and ${rest.length - 30} more` : ''}`, '');
      continue;
    }
    for (const i of rest) lines.push(...i.lines);
    lines.push('');
  }
  return lines;
}

function removedOrgLines(o: OrgReview): string[] {
  return [
    `Every resource of this org leaves the package: ${plural(o.counts.monitors, 'monitor')}, ${plural(o.counts.health, 'health monitor')}, ${plural(o.counts.dashboards, 'dashboard')}, ${plural(o.counts.webhooks, 'webhook resource')}, ${plural(o.counts.access, 'key resource')}.`,
    '',
  ];
}

/** The details: items identical in several orgs once, then each org's own; each group collapsible. */
function detailSections(review: Review, level: Level): string[] {
  const changed = review.orgs.filter((o) => o.status !== 'unchanged');
  const itemsOf = new Map(changed.map((o) => [o.org, orgItems(o, level)]));
  const keys = new Map<Item, string>();
  const keyOf = (i: Item) => {
    let k = keys.get(i);
    if (k === undefined) keys.set(i, (k = `${i.section}\0${i.lines.join('\n')}`));
    return k;
  };
  const orgsOf = new Map<string, string[]>();
  for (const [org, items] of itemsOf) for (const i of items) orgsOf.set(keyOf(i), [...(orgsOf.get(keyOf(i)) ?? []), org]);
  const lines: string[] = [];
  // Shared items, by the set of orgs that share them.
  const shared = new Map<string, Item[]>();
  const seen = new Set<string>();
  for (const [, items] of itemsOf) {
    for (const i of items) {
      const orgs = orgsOf.get(keyOf(i))!;
      if (orgs.length < 2 || seen.has(keyOf(i))) continue;
      seen.add(keyOf(i));
      const k = orgs.join(',');
      shared.set(k, [...(shared.get(k) ?? []), i]);
    }
  }
  const removedNote = (orgs: string[]) => `Terraform deletes these from ${orgs.length === 1 ? `the ${code(orgs[0])} org` : `the orgs ${orgs.map((o) => code(o)).join(', ')}`}.`;
  for (const k of [...shared.keys()].sort()) {
    const orgs = k.split(',');
    const items = shared.get(k)!;
    lines.push(`### The same in ${orgs.length} orgs: ${orgs.map((o) => code(o)).join(', ')}`, '');
    lines.push(...details(`${plural(items.length, 'change')}, shown once for ${orgs.join(', ')}`, renderItems(items, level, removedNote(orgs))));
  }
  for (const o of changed) {
    const own = itemsOf.get(o.org)!.filter((i) => orgsOf.get(keyOf(i))!.length < 2);
    const label = o.status === 'changed' ? '' : ` (${o.status})`;
    if (o.status === 'removed') {
      lines.push(`### ${o.org}${label}`, '', ...removedOrgLines(o));
      continue;
    }
    const sharedCount = itemsOf.get(o.org)!.length - own.length;
    const also = sharedCount ? `; ${plural(sharedCount, 'change')} shown above with other orgs` : '';
    lines.push(`### ${o.org}${label}`, '');
    if (own.length === 0) {
      lines.push(`Nothing of its own${also}.`, '');
      continue;
    }
    lines.push(...details(`${planLine(o.actions)}${also}`, renderItems(own, level, removedNote([o.org]))));
  }
  return lines;
}

/** Every resource action, for a reader who wants plan's list (collapsed). */
function actionList(review: Review, level: Level): string[] {
  if (level >= 1) return [];
  const lines: string[] = [];
  for (const o of review.orgs) {
    const acts = o.actions.filter((a) => a.action !== 'update');
    if (acts.length === 0) continue;
    for (const kind of ACTIONS) {
      const list = acts.filter((a) => a.action === kind);
      if (list.length === 0) continue;
      lines.push(`- **${o.org}** ${kind}: ${list.slice(0, 50).map((a) => `${code(a.address)}${kind === 'replace' && a.reason ? ` (${redact(a.reason)})` : ''}`).join(', ')}${list.length > 50 ? ` and ${list.length - 50} more` : ''}`);
    }
  }
  return lines.length ? ['### Resource actions', '', ...details('imports, creates, replacements, destroys and moves, by org', lines)] : [];
}

function render(review: Review, opts: RenderOptions, level: Level): string {
  const lines = [`## Datadog changes: ${code(opts.baseLabel)} -> ${code(opts.headLabel)}`, ''];
  if (opts.note) lines.push(opts.note, '');
  const changed = review.orgs.filter((o) => o.status !== 'unchanged');
  if (changed.length === 0) {
    lines.push(
      `No changes: ${review.orgs.length === 0 ? 'neither revision has an org' : review.orgs.length === 1 ? `org ${code(review.orgs[0].org)} synthesizes the same Datadog resources` : `the ${review.orgs.length} orgs (${review.orgs.map((o) => code(o.org)).join(', ')}) synthesize the same Datadog resources`}.`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(...review.orgs.map(summaryLine), '');
  if (review.attention.length > 0) {
    const items = attentionItems(review.attention);
    lines.push(`### Needs attention (${items.count})`, '');
    lines.push(...items.lines);
    lines.push('');
  }
  lines.push(...detailSections(review, level));
  lines.push(...actionList(review, level));
  if (level > 0) lines.push('', `_Details shortened to fit a pull-request comment (level ${level} of 3); \`npm run review\` locally prints them in full with \`--max-chars 0\`._`);
  return `${collapseBlankLines(lines.join('\n')).trimEnd()}\n`;
}

/** The review as Markdown, shortened (details first, never Needs attention) to fit `maxChars` (0: no limit). */
export function renderMarkdown(review: Review, opts: RenderOptions): string {
  const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
  let text = '';
  for (const level of [0, 1, 2, 3] as Level[]) {
    text = render(review, opts, level);
    if (max <= 0 || text.length <= max) return text;
  }
  return text;
}

/** At most one blank line between blocks, outside fenced code (a message's blank lines stay). */
function collapseBlankLines(text: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^\s*(`{3,})/.exec(line);
    if (m) {
      if (fence === undefined) fence = m[1];
      else if (m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
    }
    if (fence === undefined && line === '' && out.length > 0 && out[out.length - 1] === '') continue;
    out.push(line);
  }
  return out.join('\n');
}
