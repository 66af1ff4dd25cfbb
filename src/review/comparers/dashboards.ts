/** Dashboards: settings and widgets, compared widget by widget (see ../dashboard.ts). */
import { compareDashboard, dashboardView } from '../dashboard';
import type { CompareContext, ResourceChange } from '../model';
import type { Resource } from '../stacks';
import { resourceChange } from './common';

export function compareDashboards(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before) return resourceChange(before, after, ctx, [], { kind: 'dashboard', added: dashboardView(after!) }, []);
  if (!after) return resourceChange(before, after, ctx, [], { kind: 'dashboard', removed: dashboardView(before) }, []);
  const change = compareDashboard(dashboardView(before), dashboardView(after));
  if (!change) return undefined;
  const fields = [
    ...change.settings,
    ...change.changed.flatMap((w) => w.fields.map((f) => ({ ...f, field: `widget ${w.label}: ${f.field}` }))),
    ...change.added.map((w) => ({ field: `widget ${w.label}`, after: 'added' })),
    ...change.removed.map((w) => ({ field: `widget ${w.label}`, before: 'present' })),
  ];
  return resourceChange(before, after, ctx, fields, { kind: 'dashboard', change }, []);
}
