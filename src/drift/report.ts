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
import { DEFAULT_MAX_CHARS, renderMarkdown, Wording } from '../review/markdown';
import { orgReviewOf, sortAttention } from '../review/model';
import type { Attention, CompareContext, ResourceChange } from '../review/model';
import type { Json, Resource } from '../review/stacks';
import { code, fieldChanges, plural } from '../review/text';
import { attentionItem, driftFacets, DriftContext } from './attention';
import { checkMessage, FailedCheck } from './checks';
import { AttentionLevel, attentionAt, CUTS, DriftItem } from './size';
import type { Plan } from './plan';
import { driftedResources, DriftedResource } from './resources';

export interface DriftReport {
  /** How many resources drifted. */
  drifted: number;
  /** How many checks failed (each blocks the next deploy: drift too). */
  failedChecks: number;
  /** How many plan entries change nothing (a moved block not applied, values spelled another way). */
  notDrift: number;
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

/** What the not-drift entries are, as a paragraph (moved blocks not yet applied, values spelled another way). */
function notDriftNote(notes: readonly DriftedResource[]): string | undefined {
  if (notes.length === 0) return undefined;
  const moved = notes.filter((r) => r.notDrift === 'moved');
  const normalized = notes.filter((r) => r.notDrift === 'normalized');
  const parts: string[] = [];
  if (moved.length > 0) {
    parts.push(
      `${moved.map((r) => `${code(r.previousAddress ?? '')} -> ${code(r.address)}`).join(', ')}: renamed by a \`moved\` block (moved.json) that no deploy has applied yet; ` +
        'the next deploy records the new address in the state and changes nothing in Datadog',
    );
  }
  if (normalized.length > 0) {
    parts.push(
      `${normalized.map((r) => code(r.address)).join(', ')}: Datadog returned the same values written another way (JSON text re-serialized: other whitespace or key order); ` +
        'nothing changed in Datadog, and nothing needs doing',
    );
  }
  return `Not drift (${notes.length}): ${parts.join('; ')}.`;
}

/** The renderer's words for drift: what the state and Datadog disagree on, and what a deploy does about it. */
function driftWording(org: string, changes: readonly ResourceChange[], checks: number, note: string | undefined): Wording {
  return {
    planLine: (o) => {
      const of = changes.filter((c) => c.org === o.org && !c.address.startsWith('data.'));
      const deleted = of.filter((c) => c.action === 'deleted-outside').length;
      const failed = checks > 0 ? `${plural(checks, 'failed check')}, ` : '';
      return `${failed}${of.length - deleted} changed outside Terraform, ${deleted} deleted outside Terraform`;
    },
    removedNote: () => 'Deleted in Datadog, not by Terraform: the next deploy re-creates them (a monitor with a new id), unless the code lets them go.',
    noChanges: (review) =>
      `No drift: Datadog matches the Terraform state of ${review.orgs.map((o) => `org ${code(o.org)}`).join(', ')}, for every resource the state manages.${note ? `\n\n${note}` : ''}`,
    command: 'npm run drift',
    shortened: (level) =>
      `_Shortened to fit a GitHub issue (details at level ${level} of 3): the full report is the drift workflow run's summary (and its \`drift-report-${org}\` artifact); \`npm run drift -- --max-chars 0\` prints it too._`,
  };
}

/** The two sides, as the title names them: the state (the last deploy) and Datadog when the plan was made. */
export function labels(plan: Plan): { baseLabel: string; headLabel: string } {
  return { baseLabel: 'Terraform state', headLabel: plan.timestamp ? `Datadog at ${plan.timestamp}` : 'Datadog now' };
}

/** A failed check as a change of its data source (a role lookup: the name asked for -> the name found). */
function checkChange(org: string, c: FailedCheck, ctx: CompareContext): { change: ResourceChange; item: DriftItem } {
  const [, type, name] = /^(?:data\.)?([^.]+)\.(.+)$/.exec(c.address) ?? ['', 'check', c.address];
  const side = (v: string | undefined): Resource => ({ type: `data.${type}`, id: name, body: c.role !== undefined ? { name: v ?? '' } : { check: v ?? '' } });
  const before = side(c.role ?? 'pass');
  const after = side(c.role !== undefined ? (c.found ?? '(not found)') : c.status);
  const fields = fieldChanges(before.body, after.body);
  const change = resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), []);
  change.action = 'changed-outside';
  const message = checkMessage(org, c);
  const item: DriftItem = {
    org,
    kind: 'check-failed',
    address: c.address,
    what: message,
    remedy: '',
    family: 'failed checks',
    familyRemedy: 'see each item: the next deploy stops until they pass',
  };
  change.attention = [{ org, kind: 'check-failed', address: c.address, message }];
  return { change, item };
}

/** The attention list and the Markdown, shortened until it fits (details first, then Needs attention: size.ts). */
function fit(items: readonly DriftItem[], render: (attention: Attention[], grouped: boolean) => string, max: number): string {
  let text = '';
  for (const level of [0, 1, 2] as AttentionLevel[]) {
    text = render(sortAttention(attentionAt(items, level)), level > 0);
    if (max <= 0 || text.length <= max) return text;
  }
  for (const cut of CUTS) {
    text = render(sortAttention(attentionAt(items, 3, cut)), true);
    if (text.length <= max) return text;
  }
  return text;
}

const grouped = (org: string) =>
  `_Needs attention is grouped to fit a GitHub issue: what several resources share is said once, naming each, and the ways out once per kind of resource. The full report is the drift workflow run's summary (and its \`drift-report-${org}\` artifact); \`npm run drift -- --max-chars 0\` prints it too._`;

/** The report of one org's plan (already checked to be of that org). */
export function driftReport(plan: Plan, org: string, opts: { maxChars?: number } = {}): DriftReport {
  const all = driftedResources(plan.drift);
  const resources = all.filter((r) => r.notDrift === undefined);
  const notes = all.filter((r) => r.notDrift !== undefined);
  const ctx: CompareContext = { org, torqWebhooks: torqWebhooks(plan, resources) };
  const dctx: DriftContext = { torqWebhooks: ctx.torqWebhooks, torqRoleIds: plan.torqRoleIds, roleNames: plan.roleNames };
  const changes: ResourceChange[] = [];
  const items: DriftItem[] = [];
  for (const c of plan.failedChecks) {
    const { change, item } = checkChange(org, c, ctx);
    changes.push(change);
    items.push(item);
  }
  for (const r of resources) {
    const change = changeOf(r, ctx);
    // Drift's own facets first: within a kind, what happened outside Terraform leads (the URL before payload keys).
    const own = driftFacets(r, dctx);
    const theirs = change.attention.filter((a) => !DEPLOY_ONLY.has(a.kind) && !own.some((f) => f.supersedes !== undefined && a.topic === f.supersedes));
    const item = attentionItem(org, r, [...own, ...theirs.map((a) => ({ kind: a.kind, text: a.message }))]);
    change.attention = item ? attentionAt([item], 0) : [];
    if (item) items.push(item);
    changes.push(change);
  }
  const note = notDriftNote(notes);
  const orgReview = orgReviewOf(org, changes.length === 0 ? 'unchanged' : 'changed', changes);
  const wording = driftWording(org, changes, plan.failedChecks.length, note);
  const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const render = (attention: Attention[], isGrouped: boolean) => {
    const paragraphs = [...(note && changes.length > 0 ? [note] : []), ...(isGrouped ? [grouped(org)] : [])];
    return renderMarkdown(
      { orgs: [orgReview], attention, changes },
      { ...labels(plan), maxChars: max, wording, ...(paragraphs.length ? { note: paragraphs.join('\n\n') } : {}) },
    );
  };
  const markdown = fit(items, render, max);
  return { drifted: resources.length, failedChecks: plan.failedChecks.length, notDrift: notes.length, attention: items.length, markdown, changes };
}
