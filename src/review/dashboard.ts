/**
 * Dashboard changes by widget: datadog_dashboard_json holds the dashboard as one JSON string,
 * which a text diff would show as one changed line. Widgets are matched by title (or type and
 * position among untitled widgets of that type), group widgets flattened.
 */
import type { Resource } from './stacks';
import { FieldChange, fieldChanges, stableJson, unescapeTerraform } from './text';

type Obj = Record<string, unknown>;

export interface WidgetRef {
  key: string;
  /** `Torq Activity Stream (event_stream)`, `note #2`. */
  label: string;
  widget: Obj;
}

export interface DashboardView {
  id: string;
  title: string;
  settings: Obj;
  widgets: Map<string, WidgetRef>;
  parseError?: string;
  /** The dashboard JSON as Datadog gets it, for showing a new dashboard in full. */
  json?: unknown;
}

export interface DashboardChange {
  before: DashboardView;
  after: DashboardView;
  settings: FieldChange[];
  added: WidgetRef[];
  removed: WidgetRef[];
  /** Widgets whose title changed and nothing else. */
  retitled: { from: string; to: string }[];
  changed: { label: string; fields: FieldChange[] }[];
  /** In an ordered layout the widget order is the layout: the widgets (kept in both) in their old and new order. */
  reordered?: { before: string[]; after: string[] };
}

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function collectWidgets(list: unknown, group: string, out: Map<string, WidgetRef>, untitled: Map<string, number>): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const w = asObj(item);
    const def = asObj(w.definition);
    const type = typeof def.type === 'string' ? def.type : 'widget';
    const title = typeof def.title === 'string' && def.title.trim() !== '' ? def.title.trim() : undefined;
    let label: string;
    if (title) {
      label = `${group}${title} (${type})`;
    } else {
      const n = (untitled.get(group + type) ?? 0) + 1;
      untitled.set(group + type, n);
      label = `${group}${type} #${n}`;
    }
    let key = label;
    for (let i = 2; out.has(key); i++) key = `${label} [${i}]`;
    if (type === 'group') {
      const { widgets: inner, ...rest } = def;
      out.set(key, { key, label: key, widget: { ...w, definition: rest } });
      collectWidgets(inner, `${title ?? key} / `, out, untitled);
    } else {
      out.set(key, { key, label: key, widget: w });
    }
  }
}

function untitled(widget: Obj): Obj {
  const { title: _title, ...definition } = asObj(widget.definition);
  return { ...widget, definition };
}

export function dashboardView(r: Resource): DashboardView {
  const text = typeof r.body.dashboard === 'string' ? unescapeTerraform(r.body.dashboard) : '';
  let parsed: Obj;
  try {
    parsed = asObj(JSON.parse(text));
  } catch (e) {
    return { id: r.id, title: r.id, settings: {}, widgets: new Map(), parseError: (e as Error).message };
  }
  const { widgets, ...settings } = parsed;
  const map = new Map<string, WidgetRef>();
  collectWidgets(widgets, '', map, new Map());
  return { id: r.id, title: typeof parsed.title === 'string' ? parsed.title : r.id, settings, widgets: map, json: parsed };
}

export function compareDashboard(before: DashboardView, after: DashboardView): DashboardChange | undefined {
  const settings = fieldChanges(before.settings, after.settings);
  let added = [...after.widgets.values()].filter((w) => !before.widgets.has(w.key));
  let removed = [...before.widgets.values()].filter((w) => !after.widgets.has(w.key));
  const retitled: DashboardChange['retitled'] = [];
  for (const r of removed) {
    const a = added.find((w) => stableJson(untitled(w.widget)) === stableJson(untitled(r.widget)));
    if (!a) continue;
    retitled.push({ from: r.label, to: a.label });
    added = added.filter((w) => w !== a);
  }
  removed = removed.filter((r) => !retitled.some((t) => t.from === r.label));
  const changed: DashboardChange['changed'] = [];
  for (const [key, w] of after.widgets) {
    const b = before.widgets.get(key);
    if (!b) continue;
    const fields = fieldChanges(b.widget, w.widget);
    if (fields.length > 0) changed.push({ label: w.label, fields });
  }
  let reordered: DashboardChange['reordered'];
  if (after.settings.layout_type === 'ordered') {
    const renamed = new Map(retitled.map((t) => [t.from, t.to]));
    const kept = new Set([...after.widgets.keys()]);
    const b = [...before.widgets.keys()].map((k) => renamed.get(k) ?? k).filter((k) => kept.has(k));
    const a = [...after.widgets.keys()].filter((k) => b.includes(k));
    if (b.join('\n') !== a.join('\n')) reordered = { before: b, after: a };
  }
  if (settings.length + added.length + removed.length + retitled.length + changed.length === 0 && !reordered) return undefined;
  return { before, after, settings, added, removed, retitled, changed, reordered };
}
