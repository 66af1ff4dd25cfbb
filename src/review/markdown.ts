/**
 * The review as Markdown for a pull-request comment. Every value that comes from a user's file
 * is in a code span or block (so `@handles` never mention GitHub users and HTML never renders)
 * and passes through `redact`. Output depends only on the review: same input, same bytes.
 */
import type { Attention, GenericChange, OrgReview, Rename, Review } from './compare';
import type { DashboardChange, DashboardView } from './dashboard';
import { describeThresholds, MonitorChange, MonitorView } from './monitor';
import { clip, clipPair, code, codeBlock, FieldChange, plural, redact, unescapeTerraform, unifiedDiff } from './text';

export interface RenderOptions {
  /** How the base and head revisions are named in the title. */
  baseLabel: string;
  headLabel: string;
}

const safe = (text: string, keepHex = false) => redact(unescapeTerraform(text), { keepHex });
const cell = (text: string | undefined) => (text === undefined ? '—' : code(text, { inTable: true }));
const inline = (text: string, keepHex = false) => code(clip(safe(text, keepHex), 400));

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
    const mon: string[] = [];
    if (m.added.length) mon.push(`${m.added.length} added`);
    if (m.removed.length) mon.push(`${m.removed.length} removed`);
    if (m.changed.length) mon.push(`${m.changed.length} changed${routing ? ` (${plural(routing, 'routing change')})` : ''}`);
    const monRenames = o.renames.filter((r) => r.type === 'datadog_monitor').length;
    if (monRenames) mon.push(`${monRenames} renamed`);
    if (mon.length) parts.push(`monitors: ${mon.join(', ')}`);
    const h = o.health;
    const hp = [h.added.length && `${h.added.length} added`, h.removed.length && `${h.removed.length} removed`, h.changed.length && `${h.changed.length} changed`].filter(Boolean);
    if (hp.length) parts.push(`health monitors: ${hp.join(', ')}`);
    const d = o.dashboards;
    const dp = [d.added.length && `${d.added.length} added`, d.removed.length && `${d.removed.length} removed`, d.changed.length && `${d.changed.length} changed`].filter(Boolean);
    const dRenames = o.renames.filter((r) => r.type === 'datadog_dashboard_json').length;
    if (dRenames) dp.push(`${dRenames} renamed`);
    if (dp.length) parts.push(`dashboards: ${dp.join(', ')}`);
    if (o.webhooks.length) parts.push(`webhooks: ${o.webhooks.map((w) => `${w.id} ${w.status}`).join(', ')}`);
    if (o.access.length) parts.push(`keys and service account: ${plural(o.access.length, 'change')}`);
    if (o.other.length) parts.push(`other resources: ${plural(o.other.length, 'change')}`);
    if (o.settings.length) parts.push(`deployment: ${settingsSummary(o.settings)}`);
    if (parts.length === 0) parts.push(`${plural(o.renames.length, 'resource')} renamed`);
  }
  return `- **${o.org}**: ${parts.join('; ')}`;
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

function attentionItem(a: Attention): string[] {
  const where = a.address ? ` · ${code(a.address)}` : '';
  const lines = [`- **${a.org}**${where}: ${redact(a.message)}`];
  if (a.hcl) lines.push('', ...codeBlock(a.hcl, 'hcl').split('\n').map((l) => `  ${l}`), '');
  return lines;
}

function monitorSummary(v: MonitorView, file: string | undefined): string[] {
  const keepHex = v.type === 'slo alert';
  const lines = [`- **${code(v.id)}**${file ? ` (${code(file)})` : ''}: ${inline(v.name)}`];
  lines.push(`  - type ${code(v.type)}${v.priority ? `, priority ${v.priority}` : ''}`);
  lines.push(`  - query ${inline(v.query, keepHex)}`);
  lines.push(`  - thresholds: ${describeThresholds(v)}`);
  lines.push(`  - notifies: ${v.notifies.size === 0 ? 'nobody' : [...v.notifies].map(([h, c]) => `${code(h)} (${c.join(', ')})`).join(', ')}`);
  if (v.tags.length) lines.push(`  - tags: ${v.tags.map((t) => inline(t)).join(', ')}`);
  return lines;
}

function rowsTable(rows: { label: string; before?: string; after?: string }[], keepHex = false): string[] {
  if (rows.length === 0) return [];
  return [
    '| Field | Before | After |',
    '|---|---|---|',
    ...rows.map((r) => {
      const [b, a] = clipPair(r.before === undefined ? undefined : safe(r.before, keepHex), r.after === undefined ? undefined : safe(r.after, keepHex));
      return `| ${r.label} | ${cell(b)} | ${cell(a)} |`;
    }),
  ];
}

function monitorChange(c: MonitorChange, title: string): string[] {
  const keepHex = c.after.type === 'slo alert';
  const lines = [title, ''];
  // `notifies` is shown with code spans per handle, so GitHub never turns a handle into a mention.
  lines.push(...rowsTable(c.rows, keepHex));
  for (const t of c.textDiffs) {
    lines.push('', `${t.label[0].toUpperCase()}${t.label.slice(1)}:`, '', codeBlock(unifiedDiff(safe(t.before), safe(t.after)), 'diff'));
  }
  lines.push('');
  return lines;
}

function monitorSection(title: string, part: OrgReview['monitors'], org: string, prefix: string): string[] {
  const lines: string[] = [];
  const fileOf = (id: string) => (prefix === 'monitor_' && id.startsWith(prefix) ? `monitors/${id.slice(prefix.length)}.json` : prefix === 'health_' ? 'service_checks.json' : undefined);
  if (part.added.length) {
    lines.push(`#### ${title} added (${part.added.length})`, '');
    for (const v of part.added) lines.push(...monitorSummary(v, fileOf(v.id)));
    lines.push('');
  }
  if (part.removed.length) {
    lines.push(`#### ${title} removed (${part.removed.length})`, '', `Terraform deletes these from the ${code(org)} org.`, '');
    for (const v of part.removed) lines.push(...monitorSummary(v, fileOf(v.id)));
    lines.push('');
  }
  if (part.changed.length) {
    lines.push(`#### ${title} changed (${part.changed.length})`, '');
    for (const c of part.changed) lines.push(...monitorChange(c, `**${code(c.after.id)}**: ${inline(c.after.name)}`));
  }
  return lines;
}

function renameSection(renames: Rename[]): string[] {
  if (renames.length === 0) return [];
  const lines = [`#### Renamed (${renames.length})`, ''];
  for (const r of renames) {
    const files = r.fromFile && r.toFile ? ` (${code(r.fromFile)} -> ${code(r.toFile)})` : '';
    const changed = r.change || r.dashboardChange || r.otherChanges;
    const how = r.moved ? ', recorded in moved.json: Terraform moves it in state and re-creates nothing' : '';
    lines.push(`- ${code(`${r.type}.${r.from}`)} -> ${code(`${r.type}.${r.to}`)}${files}: ${changed ? 'renamed and changed' : 'same content, new Terraform id'}${how}`);
    if (r.change) lines.push('', ...monitorChange(r.change, `Changes to ${code(r.to)}:`));
    if (r.dashboardChange) lines.push('', ...dashboardChange(r.dashboardChange));
    if (r.otherChanges) lines.push('', ...fieldTable(r.otherChanges), '');
  }
  lines.push('');
  return lines;
}

function fieldTable(fields: FieldChange[]): string[] {
  return rowsTable(fields.map((f) => ({ label: code(f.field, { inTable: true }), before: f.before, after: f.after })));
}

function widgetList(label: string, refs: { label: string }[]): string | undefined {
  return refs.length ? `- widgets ${label}: ${refs.map((r) => inline(r.label)).join(', ')}` : undefined;
}

function dashboardChange(c: DashboardChange): string[] {
  const lines = [`**${code(c.after.id)}**: ${inline(c.after.title)}`, ''];
  for (const l of [widgetList('added', c.added), widgetList('removed', c.removed)]) if (l) lines.push(l);
  for (const t of c.retitled) lines.push(`- widget retitled: ${inline(t.from)} -> ${inline(t.to)}`);
  if (c.added.length || c.removed.length || c.retitled.length) lines.push('');
  if (c.settings.length) lines.push('Dashboard settings:', '', ...fieldTable(c.settings), '');
  for (const w of c.changed) lines.push(`Widget ${inline(w.label)} changed:`, '', ...fieldTable(w.fields), '');
  return lines;
}

function dashboardSection(d: OrgReview['dashboards']): string[] {
  const lines: string[] = [];
  const brief = (v: DashboardView) => `- **${code(v.id)}**: ${inline(v.title)}, ${plural(v.widgets.size, 'widget')}${v.parseError ? ` (unreadable JSON: ${inline(v.parseError)})` : ''}`;
  if (d.added.length) lines.push(`#### Dashboards added (${d.added.length})`, '', ...d.added.map(brief), '');
  if (d.removed.length) lines.push(`#### Dashboards removed (${d.removed.length})`, '', ...d.removed.map(brief), '');
  if (d.changed.length) {
    lines.push(`#### Dashboards changed (${d.changed.length})`, '');
    for (const c of d.changed) lines.push(...dashboardChange(c));
  }
  return lines;
}

function genericSection(title: string, changes: GenericChange[]): string[] {
  if (changes.length === 0) return [];
  const lines = [`#### ${title}`, ''];
  for (const c of changes) {
    const table =
      c.status === 'changed'
        ? fieldTable(c.fields)
        : ['| Field | Value |', '|---|---|', ...c.fields.map((f) => `| ${code(f.field, { inTable: true })} | ${code(clip(safe((c.status === 'added' ? f.after : f.before) ?? '')), { inTable: true })} |`)];
    lines.push(`**${code(`${c.type}.${c.id}`)}** ${c.status}`, '', ...table, '');
  }
  return lines;
}

function orgSection(o: OrgReview): string[] {
  if (o.status === 'unchanged') return [];
  const label = o.status === 'changed' ? '' : ` (${o.status})`;
  const lines = [`### ${o.org}${label}`, ''];
  if (o.status === 'removed') {
    lines.push(`Every resource of this org leaves the package: ${plural(o.counts.monitors, 'monitor')}, ${plural(o.counts.health, 'health monitor')}, ${plural(o.counts.dashboards, 'dashboard')}, ${plural(o.counts.webhooks, 'webhook resource')}, ${plural(o.counts.access, 'key resource')}.`, '');
    return lines;
  }
  if (o.settings.length) lines.push('#### Deployment', '', ...fieldTable(o.settings), '');
  lines.push(...monitorSection('Monitors', o.monitors, o.org, 'monitor_'));
  lines.push(...renameSection(o.renames));
  lines.push(...monitorSection('Health monitors', o.health, o.org, 'health_'));
  lines.push(...genericSection('Webhooks', o.webhooks));
  lines.push(...dashboardSection(o.dashboards));
  lines.push(...genericSection('Keys and service account', o.access));
  lines.push(...genericSection('Other resources', o.other));
  return lines;
}

export function renderMarkdown(review: Review, opts: RenderOptions): string {
  const lines = [`## Datadog changes: ${code(opts.baseLabel)} -> ${code(opts.headLabel)}`, ''];
  const changed = review.orgs.filter((o) => o.status !== 'unchanged');
  if (changed.length === 0) {
    lines.push(
      `No changes: ${review.orgs.length === 0 ? 'neither revision has an org' : review.orgs.length === 1 ? `org ${code(review.orgs[0].org)} synthesizes the same Datadog resources` : `the ${review.orgs.length} orgs (${review.orgs.map((o) => code(o.org)).join(', ')}) synthesize the same Datadog resources`}.`,
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(...review.orgs.map(summaryLine), '');
  if (review.attention.length > 0) {
    lines.push(`### Needs attention (${review.attention.length})`, '');
    for (const a of review.attention) lines.push(...attentionItem(a));
    lines.push('');
  }
  for (const o of review.orgs) lines.push(...orgSection(o));
  return `${collapseBlankLines(lines.join('\n')).trimEnd()}\n`;
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

