/**
 * Dashboard changes by widget: datadog_dashboard_json holds the dashboard as one JSON string,
 * which a text diff would show as one changed line. Group widgets are flattened. Widgets are
 * matched by identity: their id where both sides have one, else the same title and type, else
 * the same content but the title (retitled), else the same position and type within their group
 * (a widget retitled and given a new query is one changed widget, old and new title and query).
 */
import type { Resource } from './stacks';
import { FieldChange, fieldChanges, stableJson, unescapeTerraform } from './text';

type Obj = Record<string, unknown>;

export interface WidgetRef {
  key: string;
  /** The widget's own id, when the JSON has one. */
  id?: string;
  /** `<group key>#<index>:<type>`: its position and type within its group. */
  slot: string;
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
  /** Widgets changed; `from` is the old label when the title changed too. */
  changed: { label: string; from?: string; fields: FieldChange[] }[];
  /** In an ordered layout the widget order is the layout: the widgets (kept in both) in their old and new order. */
  reordered?: { before: string[]; after: string[] };
}

const asObj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

function collectWidgets(list: unknown, group: string, out: Map<string, WidgetRef>, untitled: Map<string, number>): void {
  if (!Array.isArray(list)) return;
  for (const [index, item] of list.entries()) {
    const w = asObj(item);
    const id = typeof w.id === 'number' || typeof w.id === 'string' ? String(w.id) : undefined;
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
    const slot = `${group}#${index}:${type}`;
    const ref = { key, label: key, slot, ...(id !== undefined ? { id } : {}) };
    if (type === 'group') {
      const { widgets: inner, ...rest } = def;
      out.set(key, { ...ref, widget: { ...w, definition: rest } });
      collectWidgets(inner, `${title ?? key} / `, out, untitled);
    } else {
      out.set(key, { ...ref, widget: w });
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

/** Pairs of (before, after) widgets, matched by identity; the rest added or removed. */
function matchWidgets(before: DashboardView, after: DashboardView): { pairs: [WidgetRef, WidgetRef][]; added: WidgetRef[]; removed: WidgetRef[] } {
  let added = [...after.widgets.values()];
  let removed = [...before.widgets.values()];
  const pairs: [WidgetRef, WidgetRef][] = [];
  const take = (same: (b: WidgetRef, a: WidgetRef) => boolean) => {
    for (const b of removed) {
      const a = added.find((w) => same(b, w));
      if (!a) continue;
      pairs.push([b, a]);
      added = added.filter((w) => w !== a);
    }
    removed = removed.filter((b) => !pairs.some(([x]) => x === b));
  };
  take((b, a) => b.id !== undefined && b.id === a.id);
  // Ids change when a dashboard is re-exported (the provider ignores them): the title still matches.
  take((b, a) => b.key === a.key);
  take((b, a) => stableJson(untitled(a.widget)) === stableJson(untitled(b.widget)));
  take((b, a) => b.slot === a.slot);
  return { pairs, added, removed };
}

/**
 * Settings with the entries of a list of named objects keyed by their name (template variables,
 * saved views): `template_variables.env.default`, not `template_variables[0].default`, and a new
 * variable first in the list is one added variable, not every variable changed.
 */
function byName(settings: Obj): Obj {
  const out: Obj = { ...settings };
  for (const [k, v] of Object.entries(settings)) {
    if (!Array.isArray(v) || v.length === 0) continue;
    const names = v.map((x) => (x !== null && typeof x === 'object' && typeof (x as Obj).name === 'string' ? String((x as Obj).name) : undefined));
    if (names.some((n) => n === undefined) || new Set(names).size !== names.length) continue;
    out[k] = Object.fromEntries(v.map((x, i) => [names[i]!, x]));
  }
  return out;
}

export function compareDashboard(before: DashboardView, after: DashboardView): DashboardChange | undefined {
  const settings = fieldChanges(byName(before.settings), byName(after.settings));
  const { pairs, added, removed } = matchWidgets(before, after);
  const retitled: DashboardChange['retitled'] = [];
  const changed: DashboardChange['changed'] = [];
  for (const [b, a] of pairs) {
    const fields = fieldChanges(b.widget, a.widget);
    if (fields.length === 0 && b.label === a.label) continue;
    if (b.label !== a.label && fields.every((f) => f.field === 'definition.title')) retitled.push({ from: b.label, to: a.label });
    else if (fields.length > 0) changed.push({ label: a.label, ...(b.label !== a.label ? { from: b.label } : {}), fields });
  }
  // Changed widgets in the after side's order.
  const order = [...after.widgets.keys()];
  changed.sort((x, y) => order.indexOf(x.label) - order.indexOf(y.label));
  let reordered: DashboardChange['reordered'];
  if (after.settings.layout_type === 'ordered') {
    const renamed = new Map(pairs.map(([b, a]) => [b.key, a.key]));
    const kept = new Set([...after.widgets.keys()]);
    const b = [...before.widgets.keys()].map((k) => renamed.get(k) ?? k).filter((k) => kept.has(k));
    const a = [...after.widgets.keys()].filter((k) => b.includes(k));
    if (b.join('\n') !== a.join('\n')) reordered = { before: b, after: a };
  }
  if (settings.length + added.length + removed.length + retitled.length + changed.length === 0 && !reordered) return undefined;
  return { before, after, settings, added, removed, retitled, changed, reordered };
}
