/**
 * The change model shared by the review (two synth outputs) and the drift report (a Terraform
 * plan): a list of resource changes, each with its org, address, kind, action, field changes,
 * the detail the renderer needs, and attention items. One comparer per resource kind fills it
 * (src/review/comparers/), one renderer turns it into Markdown (src/review/markdown.ts).
 *
 * How to feed it:
 * - From two synth outputs: `compareStacks(base, head)` (compare.ts) pairs resources by address,
 *   finds renames and moved blocks, decides each action (provider.ts) and org-level items, and
 *   calls `compareResource` (comparers/index.ts) for every pair.
 * - From a Terraform plan (drift): for each `resource_changes[]` entry, make two `Resource`
 *   values `{type, id: name, body: change.before}` and `{..., body: change.after}` (undefined for
 *   a side that does not exist), a `CompareContext` for its org (`torqWebhooks`: the names of
 *   the org's datadog_webhook resources; `roles`: `data.datadog_role.<name>` -> its `name`), and
 *   call `compareResource(before, after, ctx)`. Set `action` on what comes back (for instance
 *   `changed-outside` or `deleted-outside`), then `orgReviewOf(org, status, changes)` groups the
 *   changes of an org for `renderMarkdown`.
 */
import type { DashboardChange, DashboardView } from './dashboard';
import type { MonitorChange, MonitorView } from './monitor';
import type { Resource } from './stacks';
import type { FieldChange } from './text';
import { ATTENTION_ORDER, type Attention } from './attention';
import { isHealthMonitorName, MONITOR_TYPE } from '../datadog/naming';

export type { Resource } from './stacks';
export type { FieldChange } from './text';

/** What a resource is to a reviewer. `org` is the org as a whole (site, backend, secrets). */
export type ResourceKind = 'monitor' | 'health' | 'dashboard' | 'webhook' | 'access' | 'org' | 'other';

/** What Terraform does to one resource, in plan's words. */
export type Action = 'import' | 'create' | 'update' | 'replace' | 'destroy' | 'move';
export const ACTIONS: readonly Action[] = ['import', 'create', 'update', 'replace', 'destroy', 'move'];
/** What a refresh-only plan finds: the live object differs from the state, or is gone. */
export type DriftAction = 'changed-outside' | 'deleted-outside';
export type ChangeAction = Action | DriftAction;

export type { Attention, AttentionItem, AttentionKind } from './attention';
export { ATTENTION_ORDER };

export interface GenericChange {
  type: string;
  id: string;
  status: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface Rename {
  type: string;
  from: string;
  to: string;
  fromFile?: string;
  toFile?: string;
  /** Field changes on top of the rename (none when only the file name changed). */
  change?: MonitorChange;
  dashboardChange?: DashboardChange;
  otherChanges?: FieldChange[];
  /** True when the head records the rename (moved.json -> a `moved` block): nothing is re-created. */
  moved?: boolean;
}

/** What the renderer shows of one resource, by kind. */
export type ChangeDetail =
  | { kind: 'monitor'; added?: MonitorView; removed?: MonitorView; change?: MonitorChange }
  | { kind: 'dashboard'; added?: DashboardView; removed?: DashboardView; change?: DashboardChange }
  | { kind: 'generic'; change: GenericChange }
  | { kind: 'rename'; rename: Rename };

/** One resource that changes. */
export interface ResourceChange {
  org: string;
  /** `type.id` of the after side (of the before side when it is removed). */
  address: string;
  kind: ResourceKind;
  /** Which sides exist: added (after only), removed (before only), changed (both). */
  status: 'added' | 'removed' | 'changed';
  /** Set by the caller: plan's action (review) or what drift found. */
  action?: ChangeAction;
  /** Why the action (the force-new attribute, the moved block). */
  reason?: string;
  /** Field changes, secrets shown as the variable they come from. */
  fields: FieldChange[];
  detail: ChangeDetail;
  attention: Attention[];
}

/** Where an address is deployed on the after side: its org, and the org's own file it comes from (undefined: the catalog's). */
export interface Deployment {
  org: string;
  file?: string;
}

/** What a comparer may know besides the two sides of its resource. */
export interface CompareContext {
  org: string;
  /** Names of the org's Torq webhooks (datadog_webhook `name`, either side). */
  torqWebhooks: ReadonlySet<string>;
  /** False when the org itself is removed: its resources are left in Datadog, not destroyed. */
  deployed?: boolean;
  /** Address -> the orgs of the after side that deploy it, and from which file (undefined: the catalog's): a monitor still there was excluded or moved, not deleted. */
  deployedAnywhere?: ReadonlyMap<string, readonly Deployment[]>;
  /** The org's monitors on the after side (who still mentions a removed webhook). */
  afterMonitors?: readonly Resource[];
  /** `data.datadog_role.<id>` -> the role's name (its filter, or its name in a plan), on the after side. */
  roles?: ReadonlyMap<string, string>;
  /** The same on the before side (defaults to `roles`). */
  rolesBefore?: ReadonlyMap<string, string>;
  /** False when the org had no Torq key before (a key created now is new power); undefined for a new org. */
  keysBefore?: boolean;
  /** The key types (datadog_api_key, datadog_service_account_application_key) the org had before; undefined for a new org. */
  keyTypesBefore?: ReadonlySet<string>;
}

/** A comparer: the two sides of one resource (undefined: absent) -> its change, or undefined when equal. */
export type Comparer = (before: Resource | undefined, after: Resource | undefined, ctx: CompareContext) => ResourceChange | undefined;

export type OrgStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ResourceCounts {
  monitors: number;
  health: number;
  dashboards: number;
  webhooks: number;
  access: number;
  other: number;
}

/** An org's changes grouped for the renderer. */
export interface OrgReview {
  org: string;
  /** Every resource Terraform would touch, by address (no-ops left out). */
  actions: ResourceAction[];
  status: OrgStatus;
  monitors: { added: MonitorView[]; removed: MonitorView[]; changed: MonitorChange[] };
  health: { added: MonitorView[]; removed: MonitorView[]; changed: MonitorChange[] };
  renames: Rename[];
  dashboards: { added: DashboardView[]; removed: DashboardView[]; changed: DashboardChange[] };
  webhooks: GenericChange[];
  access: GenericChange[];
  other: GenericChange[];
  /** Site, backend, variables, imports: changes to how the org is deployed. */
  settings: FieldChange[];
  /** Resource counts of the side that exists (head, or base for a removed org). */
  counts: ResourceCounts;
}

export interface ResourceAction {
  address: string;
  action: Action;
  /** Why it is replaced (the force-new attribute and its source in the provider), or moved from where. */
  reason?: string;
}

export interface Review {
  orgs: OrgReview[];
  attention: Attention[];
  /** Every resource change of every org, in the order the orgs list them. */
  changes?: ResourceChange[];
}

const WEBHOOK_TYPES = new Set(['datadog_webhook', 'datadog_webhook_custom_variable']);
const ACCESS_TYPES = new Set([
  'datadog_api_key',
  'datadog_service_account',
  'datadog_service_account_application_key',
  'datadog_application_key',
  'data.datadog_role',
]);

/** The kind of a resource, from its type (and, for monitors, its id: `health_*` is Torq's health monitor). */
export function kindOf(r: Pick<Resource, 'type' | 'id'>): ResourceKind {
  if (r.type === MONITOR_TYPE) return isHealthMonitorName(r.id) ? 'health' : 'monitor';
  if (r.type === 'datadog_dashboard_json') return 'dashboard';
  if (WEBHOOK_TYPES.has(r.type)) return 'webhook';
  if (ACCESS_TYPES.has(r.type)) return 'access';
  return 'other';
}

export function emptyOrg(org: string, status: OrgStatus): OrgReview {
  return {
    org,
    status,
    actions: [],
    monitors: { added: [], removed: [], changed: [] },
    health: { added: [], removed: [], changed: [] },
    renames: [],
    dashboards: { added: [], removed: [], changed: [] },
    webhooks: [],
    access: [],
    other: [],
    settings: [],
    counts: { monitors: 0, health: 0, dashboards: 0, webhooks: 0, access: 0, other: 0 },
  };
}

/** Groups an org's resource changes for the renderer, in the order given. */
export function orgReviewOf(org: string, status: OrgStatus, changes: readonly ResourceChange[]): OrgReview {
  const review = emptyOrg(org, status);
  for (const c of changes) addToOrg(review, c);
  return review;
}

/** Adds one resource change to an org's groups. */
export function addToOrg(review: OrgReview, c: ResourceChange): void {
  const d = c.detail;
  if (d.kind === 'rename') {
    review.renames.push(d.rename);
    return;
  }
  if (d.kind === 'generic') {
    // A resource whose only changes are attention items (none the table would show) has no row.
    if (d.change.status === 'changed' && d.change.fields.length === 0) return;
    // Monitors and dashboards have their own details; a generic one (re-serialized only) goes with other resources.
    if (c.kind === 'webhook') review.webhooks.push(d.change);
    else if (c.kind === 'access') review.access.push(d.change);
    else review.other.push(d.change);
    return;
  }
  if (d.kind === 'monitor') {
    const part = c.kind === 'health' ? review.health : review.monitors;
    if (d.added) part.added.push(d.added);
    if (d.removed) part.removed.push(d.removed);
    if (d.change) part.changed.push(d.change);
    return;
  }
  if (d.added) review.dashboards.added.push(d.added);
  if (d.removed) review.dashboards.removed.push(d.removed);
  if (d.change) review.dashboards.changed.push(d.change);
}

/** True when an org's groups hold no change at all. */
export function isEmpty(o: OrgReview): boolean {
  const n =
    o.monitors.added.length +
    o.monitors.removed.length +
    o.monitors.changed.length +
    o.health.added.length +
    o.health.removed.length +
    o.health.changed.length +
    o.renames.length +
    o.dashboards.added.length +
    o.dashboards.removed.length +
    o.dashboards.changed.length +
    o.webhooks.length +
    o.access.length +
    o.other.length +
    o.settings.length;
  return n === 0;
}

/** `3 to import, 1 to create, 4 to update, 1 to replace, 0 to destroy` (and moves, when there are some). */
export function planLine(actions: readonly ResourceAction[]): string {
  const n = (a: Action) => actions.filter((x) => x.action === a).length;
  const moves = n('move');
  return `${n('import')} to import, ${n('create')} to create, ${n('update')} to update, ${n('replace')} to replace, ${n('destroy')} to destroy${moves ? `, ${moves} to move` : ''}`;
}

/** `3 monitors, 1 dashboard and 1 webhook resource`: what an org holds, kinds it has none of left out (no "keys" for an org with keys.create false). */
export function describeCounts(c: ResourceCounts): string {
  const parts = (
    [
      [c.monitors, 'monitor'],
      [c.health, 'health monitor'],
      [c.dashboards, 'dashboard'],
      [c.webhooks, 'webhook resource'],
      [c.access, 'key or service account resource'],
      [c.other, 'other resource'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, w]) => `${n} ${n === 1 ? w : `${w}s`}`);
  if (parts.length === 0) return 'no resources';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Code-point order: the same on every machine, whatever its locale. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Needs attention's order: by org, the riskiest kind first, then by resource and message. */
export function sortAttention(list: Attention[]): Attention[] {
  return list.sort(
    (a, b) =>
      cmp(a.org, b.org) ||
      ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind) ||
      cmp(a.address ?? '', b.address ?? '') ||
      cmp(a.message, b.message),
  );
}
