/** Dashboard JSON as Datadog exports it, less the fields the server owns (perpetual diffs otherwise). */
import { isObject } from './json';

/** Top-level fields that Datadog owns (or that are deprecated) and that synth strips. Widget ids too. */
export const DASHBOARD_SERVER_FIELDS = ['id', 'author_handle', 'author_name', 'created_at', 'modified_at', 'url', 'is_read_only'] as const;

function stripWidgets(widgets: unknown): unknown {
  if (!Array.isArray(widgets)) return widgets;
  return (widgets as unknown[]).map((w) => {
    if (!isObject(w)) return w;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(w)) {
      if (k === 'id') continue;
      if (k === 'definition' && isObject(v) && Array.isArray(v.widgets)) out[k] = { ...v, widgets: stripWidgets(v.widgets) };
      else out[k] = v;
    }
    return out;
  });
}

/**
 * A deep copy of a dashboard without the server-owned fields and without widget ids (also inside
 * group widgets). Anything that is not a dashboard object is returned as a copy, unchanged.
 */
export function stripDashboardServerFields<T>(raw: T): T {
  const copy = structuredClone(raw);
  if (!isObject(copy)) return copy;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(copy)) {
    // is_read_only true is the user's (only the author and admins may edit): kept, and deployed as
    // restricted_roles (src/stack.ts, READ_ONLY_ROLE); false is what a missing value means.
    if (k === 'is_read_only' && v === true) out[k] = v;
    else if ((DASHBOARD_SERVER_FIELDS as readonly string[]).includes(k)) continue;
    else out[k] = k === 'widgets' ? stripWidgets(v) : v;
  }
  return out as T;
}
