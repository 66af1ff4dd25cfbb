/**
 * The drift report: a plan's drifted resources fed to the review's change model and rendered by
 * the review's Markdown renderer (issue 22, item 5: reuse, do not fork). The comparers see the
 * state's side as `before` and Datadog's side as `after`, so their attention items read as they do
 * in a review ("stops notifying Torq", "threshold loosened"); drift-only items (attention.ts) come
 * on top, and every item ends with its two ways out.
 */
import { compareMonitor, monitorView } from '../review/monitor';
import { compareDashboard, dashboardView } from '../review/dashboard';
import type { Attention, GenericChange, OrgReview, Review } from '../review/compare';
import { renderMarkdown } from '../review/markdown';
import type { Resource } from '../review/stacks';
import { fieldChanges } from '../review/text';
import { attentionItem, byRisk, driftFacets, Facet } from './attention';
import type { Plan } from './plan';
import { driftedResources, DriftedResource } from './resources';

export interface DriftReport {
  /** How many resources drifted. */
  drifted: number;
  /** How many Needs attention items. */
  attention: number;
  markdown: string;
  resources: DriftedResource[];
}

/** Webhook names `@webhook-<name>` routes to: the state's, and the drifted webhooks' own. */
function torqWebhooks(plan: Plan, drifted: readonly DriftedResource[]): Set<string> {
  const names = new Set(plan.webhookNames);
  for (const r of drifted) if (r.type === 'datadog_webhook' && typeof r.before.body.name === 'string') names.add(r.before.body.name);
  return names;
}

/** A body for a field-by-field table: the payload (a JSON string) compared key by key. */
function tableBody(r: Resource): Record<string, unknown> {
  const body = { ...r.body };
  if (typeof body.payload === 'string') {
    try {
      body.payload = JSON.parse(body.payload) as unknown;
    } catch {
      // not JSON: compared as text
    }
  }
  return body;
}

/** The kind of a monitor comparer's attention message. */
function facetOf(message: string): Facet {
  if (message.startsWith('stops notifying Torq')) return { kind: 'stops-notifying-torq', text: message };
  if (message.startsWith('notifies Torq on fewer')) return { kind: 'fewer-transitions', text: message };
  return { kind: 'threshold-loosened', text: message };
}

function emptyOrg(org: string): OrgReview {
  return {
    org,
    status: 'changed',
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

/** One drifted resource into the org's groups; returns the comparers' attention facets. */
function addResource(o: OrgReview, r: DriftedResource, torq: ReadonlySet<string>): Facet[] {
  const out: Facet[] = [];
  const isMonitor = r.type === 'datadog_monitor';
  const part = r.name.startsWith('health_') ? o.health : o.monitors;
  o.actions.push({ address: r.address, action: r.action === 'deleted' ? 'create' : 'update' });
  if (isMonitor && !r.after) part.removed.push(monitorView(r.before));
  else if (isMonitor && r.after) {
    const change = compareMonitor(monitorView(r.before), monitorView(r.after), torq);
    if (change) {
      part.changed.push(change);
      out.push(...change.attention.map(facetOf));
    }
  } else if (r.type === 'datadog_dashboard_json' && !r.after) o.dashboards.removed.push(dashboardView(r.before));
  else if (r.type === 'datadog_dashboard_json' && r.after) {
    const change = compareDashboard(dashboardView(r.before), dashboardView(r.after));
    if (change) o.dashboards.changed.push(change);
  } else {
    const fields = fieldChanges(tableBody(r.before), r.after ? tableBody(r.after) : undefined);
    const c: GenericChange = { type: r.type, id: r.name, status: r.after ? 'changed' : 'removed', fields };
    if (r.type.startsWith('datadog_webhook')) o.webhooks.push(c);
    else if (/^datadog_(api_key|application_key|service_account)/.test(r.type)) o.access.push(c);
    else o.other.push(c);
  }
  return out;
}

/** The two sides, as the title names them: the state (the last deploy) and Datadog when the plan was made. */
export function labels(plan: Plan): { baseLabel: string; headLabel: string } {
  return { baseLabel: 'Terraform state', headLabel: plan.timestamp ? `Datadog at ${plan.timestamp}` : 'Datadog now' };
}

/** The report of one org's plan (already checked to be of that org). */
export function driftReport(plan: Plan, org: string, opts: { maxChars?: number } = {}): DriftReport {
  const resources = driftedResources(plan.drift);
  const torq = torqWebhooks(plan, resources);
  const o = emptyOrg(org);
  const attention: Attention[] = [];
  for (const r of resources) {
    const item = attentionItem(org, r, [...addResource(o, r, torq), ...driftFacets(r, torq)]);
    if (item) attention.push({ org, ...item });
  }
  if (resources.length === 0) o.status = 'unchanged';
  const review: Review = { orgs: [o], attention: attention.sort(byRisk) };
  const markdown = renderMarkdown(review, { ...labels(plan), maxChars: opts.maxChars });
  return { drifted: resources.length, attention: attention.length, markdown, resources };
}
