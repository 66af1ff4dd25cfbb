/**
 * Two synth outputs -> the change model (model.ts): what a merge would change in each org, and
 * what needs a reviewer's attention. This layer pairs resources (by Terraform type and logical
 * id: ids come from file names, so a different id is a different resource to Terraform), finds
 * renames and moved blocks, decides plan's action for each resource (provider.ts) and adds the
 * org-level items; the comparers (comparers/) compare each pair.
 */
import { adoptionAttention } from './adoption';
import { dashboardView } from './dashboard';
import { isRecorded, renameChange } from './renames';
import {
  addToOrg,
  Attention,
  AttentionKind,
  cmp,
  CompareContext,
  Deployment,
  emptyOrg,
  isEmpty,
  kindOf,
  OrgReview,
  Rename,
  Resource,
  ResourceAction,
  ResourceChange,
  Review,
  sortAttention,
} from './model';
import { forceNewChanges, REPLACE_RULES, sameToProvider } from './provider';
import { orderFreeAttributes, sameMembers } from '../datadog/providerFacts';
import { resourcesOf, StackJson, Stacks } from './stacks';
import { stableJson } from './text';
import { compareResource } from './comparers';
import { KEY_TYPES } from './comparers/access';
import {
  deploymentAttention,
  importsOf,
  newOrgMessage,
  orgRenames,
  removedOrgAttention,
  SecretSource,
  settingsChanges,
  torqWebhookNames,
} from './comparers/orgs';
import { textOf } from '../config/json';

export { ACTIONS, planLine } from './model';
export type { Action, Attention, AttentionKind, GenericChange, OrgReview, Rename, ResourceAction, Review } from './model';

export interface CompareOptions {
  /** Where a deploy's secrets come from (the deploy workflow); without it, the advice is generic. */
  secrets?: SecretSource;
}

/** Resources and data sources (as `data.<type>`), by address. */
function allResources(stack: StackJson | undefined): Map<string, Resource> {
  const out = new Map(resourcesOf(stack));
  for (const [key, r] of resourcesOf(stack, 'data')) out.set(`data.${key}`, { ...r, type: `data.${r.type}` });
  return out;
}

function countsOf(resources: Map<string, Resource>): OrgReview['counts'] {
  const c = emptyOrg('', 'changed').counts;
  for (const r of resources.values()) {
    if (r.type.startsWith('data.')) continue;
    const k = kindOf(r);
    if (k === 'monitor') c.monitors++;
    else if (k === 'health') c.health++;
    else if (k === 'dashboard') c.dashboards++;
    else if (k === 'webhook') c.webhooks++;
    else if (k === 'access') c.access++;
    else c.other++;
  }
  return c;
}

/**
 * Renames: a removed and an added resource of one type with equal content (or, for monitors,
 * equal name) are one resource whose file moved. Terraform would destroy and re-create it.
 */
function pairRenames(
  head: StackJson,
  before: Map<string, Resource>,
  after: Map<string, Resource>,
): { pairs: [string, string][]; removedKeys: string[]; addedKeys: string[] } {
  let removedKeys = [...before.keys()].filter((k) => !after.has(k));
  let addedKeys = [...after.keys()].filter((k) => !before.has(k));
  const pairs: [string, string][] = [];
  const take = (match: (a: Resource, b: Resource) => boolean) => {
    for (const rk of removedKeys) {
      const r = before.get(rk)!;
      const ak = addedKeys.find((k) => {
        const a = after.get(k)!;
        return a.type === r.type && !r.type.startsWith('data.') && kindOf(a) === kindOf(r) && match(r, a);
      });
      if (ak) {
        pairs.push([rk, ak]);
        addedKeys = addedKeys.filter((k) => k !== ak);
      }
    }
    removedKeys = removedKeys.filter((k) => !pairs.some(([r]) => r === k));
  };
  // A rename the head records in moved.json (a `moved` block) pairs first, whatever changed.
  take((r, a) => isRecorded(head, r, a));
  take((r, a) => stableJson(r.body) === stableJson(a.body));
  take(
    (r, a) =>
      (r.type === 'datadog_monitor' || r.type === 'datadog_dashboard_json') &&
      r.body.name !== undefined &&
      stableJson(r.body.name) === stableJson(a.body.name) &&
      r.body.name !== '',
  );
  take((r, a) => r.type === 'datadog_dashboard_json' && dashboardView(r).title === dashboardView(a).title);
  // A file renamed and edited at once (name and threshold changed, say): paired by similarity of
  // content. An adopted resource (an import block) is an existing one, never a renamed file.
  const adopted = importsOf(head);
  pairBySimilarity(
    before,
    after,
    removedKeys,
    addedKeys.filter((k) => !adopted.has(k)),
    pairs,
  );
  removedKeys = removedKeys.filter((k) => !pairs.some(([r]) => r === k));
  addedKeys = addedKeys.filter((k) => !pairs.some(([, a]) => a === k));
  return { pairs: pairs.sort((x, y) => cmp(x[1], y[1])), removedKeys, addedKeys };
}

/** `data.datadog_role.<id>` -> the role name its filter asks for. */
function roleNamesOf(resources: Map<string, Resource>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [address, r] of resources) if (r.type === 'data.datadog_role' && typeof r.body.filter === 'string') out.set(address, r.body.filter);
  return out;
}

/** One org's changes, from its two stacks (either may be absent: an org added or removed). */
export function compareOrg(
  org: string,
  base: StackJson | undefined,
  head: StackJson | undefined,
  /** Resource addresses of every org of the head: a monitor still in another org was excluded, not deleted. */
  headAddresses?: ReadonlyMap<string, readonly Deployment[]>,
  opts: CompareOptions = {},
): { review: OrgReview; attention: Attention[]; changes: ResourceChange[] } {
  const status: OrgReview['status'] = !base ? 'added' : !head ? 'removed' : 'changed';
  const review = emptyOrg(org, status);
  const attention: Attention[] = [];
  const note = (kind: AttentionKind, message: string, address?: string, hcl?: string) => attention.push({ org, kind, message, address, hcl });
  const torq = torqWebhookNames(org, base, head);
  const before = allResources(base);
  const after = allResources(head);
  review.counts = countsOf(head ? after : before);

  const changes: ResourceChange[] = [];
  let removedKeys = [...before.keys()].filter((k) => !after.has(k));
  let addedKeys = [...after.keys()].filter((k) => !before.has(k));
  if (base && head) {
    const paired = pairRenames(head, before, after);
    ({ removedKeys, addedKeys } = paired);
    for (const [rk, ak] of paired.pairs) changes.push(renameChange(org, head, before.get(rk)!, after.get(ak)!, torq));
  }
  const ctx: CompareContext = {
    org,
    torqWebhooks: torq,
    deployed: head !== undefined,
    deployedAnywhere: headAddresses,
    afterMonitors: [...after.values()].filter((m) => m.type === 'datadog_monitor'),
    roles: roleNamesOf(after),
    rolesBefore: roleNamesOf(before),
    keysBefore: base ? [...before.values()].some((r) => KEY_TYPES[r.type] !== undefined) : undefined,
    keyTypesBefore: base ? new Set([...before.values()].map((r) => r.type).filter((t) => KEY_TYPES[t] !== undefined)) : undefined,
  };
  const add = (c: ResourceChange | undefined) => {
    if (c) changes.push(c);
  };
  for (const key of removedKeys) add(compareResource(before.get(key), undefined, ctx));
  for (const key of addedKeys) add(compareResource(undefined, after.get(key), ctx));
  for (const [key, a] of after) if (before.has(key)) add(compareResource(before.get(key), a, ctx));

  // A removed org is not deployed any more: Terraform touches none of its resources.
  review.actions = head
    ? actionsOf(
        head,
        before,
        after,
        changes.flatMap((c) => (c.detail.kind === 'rename' ? [c.detail.rename] : [])),
      )
    : [];
  changes.push(...reserializedChanges(org, review.actions, changes, before, after));
  const actionOf = new Map(review.actions.map((a) => [a.address, a]));
  for (const c of changes) {
    const a = actionOf.get(c.address);
    if (a) {
      c.action = a.action;
      if (a.reason) c.reason = a.reason;
    }
    addToOrg(review, c);
    attention.push(...c.attention);
  }

  review.settings = settingsChanges(org, base, head);
  if (base && head) deploymentAttention(org, base, head, note, opts.secrets);
  if (status === 'added' && head) note('new-org', newOrgMessage(org, head, review.counts, opts.secrets));
  if (status === 'removed' && base) removedOrgAttention(org, base, review, note);
  if (status === 'changed' && isEmpty(review)) review.status = 'unchanged';
  return { review, attention, changes };
}

/**
 * Resources Terraform updates while no comparer found a difference a reviewer would see (the same
 * JSON serialized differently, say): named all the same, so that a review never reads "No
 * changes" when the deploy would change something.
 */
function reserializedChanges(
  org: string,
  actions: ResourceAction[],
  changes: ResourceChange[],
  before: Map<string, Resource>,
  after: Map<string, Resource>,
): ResourceChange[] {
  const shown = new Set(changes.filter((c) => c.detail.kind !== 'generic' || c.detail.change.fields.length > 0).map((c) => c.address));
  const out: ResourceChange[] = [];
  for (const a of actions) {
    if (a.action !== 'update' || shown.has(a.address)) continue;
    const r = after.get(a.address) ?? before.get(a.address)!;
    // datadog_dashboard_json re-serializes the JSON it stores (its StateFunc, resource_datadog_dashboard_json.go):
    // key order and spacing change nothing there, and the review reads an empty list as an absent one.
    if (r.type === 'datadog_dashboard_json') continue;
    const fields = [{ field: '(whole resource)', before: 'the same content', after: 'same content, re-serialized: Terraform updates it in place' }];
    out.push({
      org,
      address: a.address,
      kind: kindOf(r),
      status: 'changed',
      fields,
      detail: { kind: 'generic', change: { type: r.type, id: r.id, status: 'changed', fields } },
      attention: [],
    });
  }
  return out;
}

/**
 * A removed and an added monitor (or dashboard) whose content is mostly the same: one file renamed
 * and edited at once. Similarity is the share of common words in name, query and message.
 */
function pairBySimilarity(
  before: Map<string, Resource>,
  after: Map<string, Resource>,
  removedKeys: string[],
  addedKeys: string[],
  pairs: [string, string][],
): void {
  const kinds = ['datadog_monitor', 'datadog_dashboard_json'];
  const removed = removedKeys.filter((k) => kinds.includes(before.get(k)!.type));
  const added = addedKeys.filter((k) => kinds.includes(after.get(k)!.type));
  if (removed.length === 0 || added.length === 0 || removed.length * added.length > 250_000) return;
  const words = (r: Resource): Set<string> => {
    const b = r.body;
    const text = r.type === 'datadog_monitor' ? [b.name, b.type, b.query, b.message].map(textOf).join(' ') : textOf(b.dashboard);
    return new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9_.:]+/)
        .filter((w) => w.length > 1),
    );
  };
  const addedWords = new Map(added.map((k) => [k, words(after.get(k)!)]));
  // Every candidate pair scored, then the best pairs first: with look-alike monitors (one template,
  // many services) the right partner is the most similar one, not the first above the bar.
  const scored: [number, string, string][] = [];
  for (const rk of removed) {
    const r = before.get(rk)!;
    const rw = words(r);
    for (const ak of added) {
      const a = after.get(ak)!;
      if (a.type !== r.type || kindOf(a) !== kindOf(r)) continue;
      const aw = addedWords.get(ak)!;
      let common = 0;
      for (const w of rw) if (aw.has(w)) common++;
      // The file name counts too: `disk_low` -> `disk_low_v2` is likelier than `cpu_high` -> `disk_low_v2`.
      const idBonus = a.id.includes(r.id) || r.id.includes(a.id) ? 0.05 : 0;
      const score = common / (rw.size + aw.size - common || 1) + idBonus;
      if (score >= 0.6) scored.push([score, rk, ak]);
    }
  }
  scored.sort((x, y) => y[0] - x[0] || cmp(x[1], y[1]) || cmp(x[2], y[2]));
  const takenR = new Set<string>();
  const takenA = new Set<string>();
  for (const [, rk, ak] of scored) {
    if (takenR.has(rk) || takenA.has(ak)) continue;
    takenR.add(rk);
    takenA.add(ak);
    pairs.push([rk, ak]);
  }
}

/**
 * What Terraform does to each resource: import (an import block for an address the base does not
 * have), create, update in place, replace (a force-new attribute changed, see provider.ts, or a
 * rename without a moved block), destroy, move (a moved block).
 */
function actionsOf(head: StackJson | undefined, before: Map<string, Resource>, after: Map<string, Resource>, renames: Rename[]): ResourceAction[] {
  const out = new Map<string, ResourceAction>();
  const imported = new Set([...importsOf(head).keys()]);
  const renamedFrom = new Map(renames.map((r) => [`${r.type}.${r.from}`, r]));
  const renamedTo = new Map(renames.map((r) => [`${r.type}.${r.to}`, r]));
  const replaced = new Set<string>();
  const keys = [...after.keys()].filter((k) => !k.startsWith('data.'));
  // A data source that asks for something else (a role by another name) gives its readers new values at plan time.
  const changedData = [...after.keys()].filter(
    (k) => k.startsWith('data.') && before.has(k) && stableJson(before.get(k)!.body) !== stableJson(after.get(k)!.body),
  );
  // Resources first that others refer to (service accounts before their keys): two passes.
  for (let pass = 0; pass < 2; pass++) {
    for (const k of keys) {
      const a = after.get(k)!;
      const rn = renamedTo.get(k);
      if (rn) {
        out.set(
          k,
          rn.moved
            ? { address: k, action: 'move', reason: `from ${rn.type}.${rn.from}` }
            : { address: k, action: 'replace', reason: `renamed from ${rn.type}.${rn.from} without a moved block` },
        );
        if (!rn.moved) replaced.add(k);
        continue;
      }
      const b = before.get(k);
      if (!b) {
        out.set(k, { address: k, action: imported.has(k) ? 'import' : 'create' });
        if (!imported.has(k)) replaced.add(k);
        continue;
      }
      const force = forceNewChanges(a.type, b.body, a.body, replaced);
      if (force.length > 0) {
        out.set(k, { address: k, action: 'replace', reason: force.map((f) => `\`${f.attribute}\` changed (forces a new resource: ${f.source})`).join('; ') });
        replaced.add(k);
        continue;
      }
      const normalized = { ...a.body };
      for (const rule of REPLACE_RULES)
        if (rule.type === a.type && sameToProvider(a.type, rule.attribute, b.body[rule.attribute], a.body[rule.attribute]))
          normalized[rule.attribute] = b.body[rule.attribute];
      // Set-typed attributes (providerFacts): another order is no change to Terraform.
      for (const attr of orderFreeAttributes(a.type)) if (sameMembers(b.body[attr], a.body[attr])) normalized[attr] = b.body[attr];
      if (stableJson(b.body) !== stableJson(normalized) || readsChangedData(a, changedData)) out.set(k, { address: k, action: 'update' });
    }
  }
  for (const k of before.keys()) {
    if (k.startsWith('data.') || after.has(k) || renamedFrom.has(k)) continue;
    out.set(k, { address: k, action: 'destroy' });
  }
  return [...out.values()].sort((x, y) => cmp(x.address, y.address));
}

/** True when a resource refers to one of the given data sources (`${data.datadog_role.x.id}`). */
function readsChangedData(r: Resource, changedData: string[]): boolean {
  if (changedData.length === 0) return false;
  const text = JSON.stringify(r.body);
  return changedData.some((d) => text.includes(`\${${d}.`));
}

/** Compares every org of two synth outputs. Orgs and resources come out sorted. */
export function compareStacks(base: Stacks, head: Stacks, opts: CompareOptions = {}): Review {
  const orgs = [...new Set([...base.keys(), ...head.keys()])].sort();
  const review: Review = { orgs: [], attention: [], changes: [] };
  const headAddresses = new Map<string, Deployment[]>();
  for (const [org, s] of head)
    for (const [k, r] of resourcesOf(s)) headAddresses.set(k, [...(headAddresses.get(k) ?? []), { org, ...(r.file ? { file: r.file } : {}) }]);
  for (const org of orgs) {
    const r = compareOrg(org, base.get(org), head.get(org), headAddresses, opts);
    review.orgs.push(r.review);
    review.attention.push(...r.attention);
    review.changes!.push(...r.changes);
  }
  review.attention.push(...orgRenames(base, head));
  review.attention.push(...adoptionAttention(base, head));
  // The riskiest first within an org; then by resource.
  sortAttention(review.attention);
  return review;
}
