/** Dashboards: settings and widgets, compared widget by widget (see ../dashboard.ts). */
import { compareDashboard, dashboardView } from '../dashboard';
import type { AttentionItem, CompareContext, ResourceChange } from '../model';
import type { Resource } from '../stacks';
import { code } from '../text';
import { removalCause, resourceChange } from './common';

export function compareDashboards(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before) return resourceChange(before, after, ctx, [], { kind: 'dashboard', added: dashboardView(after!) }, []);
  if (!after) {
    const v = dashboardView(before);
    const cause = removalCause(before, ctx);
    const attention: AttentionItem[] =
      ctx.deployed === false
        ? []
        : [
            {
              kind: 'destroyed',
              message: `dashboard ${code(v.title)} will be deleted from Datadog: ${cause}. Its URL stops working, and the people and screens that use it lose it`,
              short: `dashboard ${code(v.title)} deleted: ${cause}`,
            },
          ];
    return resourceChange(before, after, ctx, [], { kind: 'dashboard', removed: v }, attention);
  }
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
