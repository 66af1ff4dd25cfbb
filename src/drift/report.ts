/**
 * The drift report: a plan's drifted resources fed to the review's change model and rendered by
 * the review's renderer (issue 22, item 5: reuse, do not fork). Each resource's two sides, the
 * state's (`before`) and Datadog's now (`after`, absent when deleted), go through the comparer of
 * its kind, so its attention items read as in a review ("stops notifying Torq", "threshold
 * loosened"); drift-only items (attention.ts) come on top, folded with them into one item per
 * resource that ends with its two ways out. The renderer gets drift's words (Wording).
 */
import { compareResource } from '../review/comparers';
import { genericDetail, resourceChange, topLevelFields } from '../review/comparers/common';
import { renderMarkdown, Wording } from '../review/markdown';
import { orgReviewOf, sortAttention } from '../review/model';
import type { Attention, CompareContext, ResourceChange, Review } from '../review/model';
import type { Json, Resource } from '../review/stacks';
import { code, fieldChanges } from '../review/text';
import { attentionItem, driftFacets } from './attention';
import type { Plan } from './plan';
import { driftedResources, DriftedResource } from './resources';

export interface DriftReport {
  /** How many resources drifted. */
  drifted: number;
  /** How many Needs attention items. */
  attention: number;
  markdown: string;
  changes: ResourceChange[];
}

/**
 * Webhook names `@webhook-<name>` routes to: the state's and the configuration's, and the drifted
 * webhooks' own; `torq`, the package's default webhook, when the plan names none.
 */
function torqWebhooks(plan: Plan, drifted: readonly DriftedResource[]): Set<string> {
  const names = new Set(plan.webhookNames);
  for (const r of drifted) if (r.type === 'datadog_webhook' && typeof r.before.body.name === 'string') names.add(r.before.body.name);
  if (names.size === 0) names.add('torq');
  return names;
}

/** A body for an attribute table: the payload and the headers (JSON strings) compared key by key. Masked values are safe as they are. */
function tableBody(r: Resource): Json {
  const body = { ...r.body };
  for (const k of ['payload', 'custom_headers']) {
    if (typeof body[k] !== 'string') continue;
    try {
      body[k] = JSON.parse(body[k]) as unknown;
    } catch {
      // not JSON: compared as text
    }
  }
  return body;
}

/**
 * Comparer items that speak of a deploy, not of what happened: what the provider leaves in
 * Datadog when the code drops an attribute ('left-in-datadog').
 */
const DEPLOY_ONLY = new Set(['left-in-datadog']);

/**
 * One drifted resource through the comparer of its kind. A deleted one is compared as not
 * deployed (`deployed: false`): the comparers' removal items speak of a deploy that deletes,
 * and drift says what happened instead. Attribute tables (webhooks, keys) are made from the
 * masked bodies, which show a sensitive value as changed where the comparers hide secrets whole.
 */
function changeOf(r: DriftedResource, ctx: CompareContext): ResourceChange {
  const change =
    compareResource(r.before, r.after, r.after ? ctx : { ...ctx, deployed: false }) ??
    resourceChange(r.before, r.after, ctx, [], genericDetail(r.before, r.after, []), []);
  if (change.detail.kind === 'generic') {
    const fields = r.after ? fieldChanges(tableBody(r.before), tableBody(r.after)) : topLevelFields(tableBody(r.before), 'before');
    change.fields = fields;
    change.detail.change.fields = fields;
  }
  change.action = r.action === 'deleted' ? 'deleted-outside' : 'changed-outside';
  return change;
}

/** The renderer's words for drift: what the state and Datadog disagree on, and what a deploy does about it. */
function driftWording(changes: readonly ResourceChange[]): Wording {
  return {
    planLine: (o) => {
      const of = changes.filter((c) => c.org === o.org);
      const deleted = of.filter((c) => c.action === 'deleted-outside').length;
      return `${of.length - deleted} changed outside Terraform, ${deleted} deleted outside Terraform`;
    },
    removedNote: () => 'Deleted in Datadog, not by Terraform: the next deploy re-creates them (a monitor with a new id), unless the code lets them go.',
    noChanges: (review) => `No drift: Datadog matches the Terraform state of ${review.orgs.map((o) => `org ${code(o.org)}`).join(', ')}, for every resource the state manages.`,
    command: 'npm run drift',
  };
}

/** The two sides, as the title names them: the state (the last deploy) and Datadog when the plan was made. */
export function labels(plan: Plan): { baseLabel: string; headLabel: string } {
  return { baseLabel: 'Terraform state', headLabel: plan.timestamp ? `Datadog at ${plan.timestamp}` : 'Datadog now' };
}

/** The report of one org's plan (already checked to be of that org). */
export function driftReport(plan: Plan, org: string, opts: { maxChars?: number } = {}): DriftReport {
  const resources = driftedResources(plan.drift);
  const ctx: CompareContext = { org, torqWebhooks: torqWebhooks(plan, resources) };
  const changes: ResourceChange[] = [];
  const attention: Attention[] = [];
  for (const r of resources) {
    const change = changeOf(r, ctx);
    // Drift's own facets first: within a kind, what happened outside Terraform leads (the URL before payload keys).
    const facets = [...driftFacets(r, ctx.torqWebhooks), ...change.attention.filter((a) => !DEPLOY_ONLY.has(a.kind)).map((a) => ({ kind: a.kind, text: a.message }))];
    const item = attentionItem(org, r, facets);
    change.attention = item ? [{ org, ...item }] : [];
    attention.push(...change.attention);
    changes.push(change);
  }
  const orgReview = orgReviewOf(org, changes.length === 0 ? 'unchanged' : 'changed', changes);
  const review: Review = { orgs: [orgReview], attention: sortAttention(attention), changes };
  const markdown = renderMarkdown(review, { ...labels(plan), maxChars: opts.maxChars, wording: driftWording(changes) });
  return { drifted: resources.length, attention: attention.length, markdown, changes };
}
