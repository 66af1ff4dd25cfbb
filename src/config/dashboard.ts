/** Dashboard JSON as Datadog exports it, less the fields the server owns (perpetual diffs otherwise). */

/** Top-level fields that datadog_dashboard_json ignores or that the server owns. */
export const DASHBOARD_SERVER_FIELDS = ['id', 'author_handle', 'author_name', 'created_at', 'modified_at', 'url', 'is_read_only'] as const;

function stripWidgetIds(widgets: unknown): unknown {
  if (!Array.isArray(widgets)) return widgets;
  return widgets.map((w) => {
    if (typeof w !== 'object' || w === null) return w;
    const { id: _id, ...rest } = w as Record<string, unknown>;
    const def = rest.definition as Record<string, unknown> | undefined;
    if (def && typeof def === 'object' && Array.isArray(def.widgets)) {
      rest.definition = { ...def, widgets: stripWidgetIds(def.widgets) };
    }
    return rest;
  });
}

/** A deep copy of the dashboard without server-owned fields and widget ids (also inside groups). */
export function stripDashboardServerFields(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if ((DASHBOARD_SERVER_FIELDS as readonly string[]).includes(k)) continue;
    out[k] = k === 'widgets' ? stripWidgetIds(structuredClone(v)) : structuredClone(v);
  }
  return out;
}
