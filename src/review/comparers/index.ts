/**
 * One comparer per resource kind, chosen by `kindOf`. Each takes the two sides of one resource
 * (undefined: absent) and a small context, never whole stacks, so that the review (two synth
 * outputs) and the drift report (a plan's before/after values) feed them alike.
 */
import { Comparer, CompareContext, kindOf, ResourceChange, ResourceKind } from '../model';
import type { Resource } from '../stacks';
import { compareAccess, compareOther } from './access';
import { compareDashboards } from './dashboards';
import { compareMonitors } from './monitors';
import { compareWebhooks } from './webhooks';

export const COMPARERS: Readonly<Record<Exclude<ResourceKind, 'org'>, Comparer>> = {
  monitor: compareMonitors,
  health: compareMonitors,
  dashboard: compareDashboards,
  webhook: compareWebhooks,
  access: compareAccess,
  other: compareOther,
};

/** The change of one resource, by the comparer of its kind (undefined: nothing changes). */
export function compareResource(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  const r = after ?? before;
  if (!r) return undefined;
  return COMPARERS[kindOf(r) as Exclude<ResourceKind, 'org'>](before, after, ctx);
}
