/**
 * Two synth outputs -> what a merge would change in each org, and what needs a reviewer's
 * attention. Resources are matched by Terraform type and logical id: ids are stable (they come
 * from file names), so a different id is a different resource to Terraform.
 */
import * as path from 'path';
import { compareDashboard, dashboardView, DashboardChange, DashboardView } from './dashboard';
import { compareMonitor, monitorView, MonitorChange, MonitorView, torqConditions } from './monitor';
import { adoptionAttention } from './adoption';
import { forceNewChanges, REPLACE_RULES, sameToProvider } from './provider';
import { apiUrlOf, backendOf, Json, Resource, resourcesOf, sourceFileOf, StackJson, Stacks } from './stacks';
import { code, FieldChange, fieldChanges, plural, stableJson, unescapeTerraform, variableReference } from './text';

export type AttentionKind =
  | 'stops-notifying-torq'
  | 'fewer-transitions'
  | 'threshold-loosened'
  | 'replaced'
  | 'org-removed'
  | 'org-renamed'
  | 'webhook-removed'
  | 'backend-changed'
  | 'site-changed'
  | 'new-secret'
  | 'torq-contract'
  | 'health-silenced'
  | 'destroyed'
  | 'new-org'
  | 'base-broken'
  | 'other';

export interface Attention {
  org: string;
  kind: AttentionKind;
  /** `datadog_monitor.monitor_host_cpu_high`, when it is about one resource. */
  address?: string;
  message: string;
  /** HCL for the reviewer, such as a `moved` block. */
  hcl?: string;
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

export interface GenericChange {
  type: string;
  id: string;
  status: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

/** What Terraform does to one resource, in plan's words. */
export type Action = 'import' | 'create' | 'update' | 'replace' | 'destroy' | 'move';
export const ACTIONS: readonly Action[] = ['import', 'create', 'update', 'replace', 'destroy', 'move'];

export interface ResourceAction {
  address: string;
  action: Action;
  /** Why it is replaced (the force-new attribute and its source in the provider), or moved from where. */
  reason?: string;
}

export interface OrgReview {
  org: string;
  /** Every resource Terraform would touch, by address (no-ops left out). */
  actions: ResourceAction[];
  status: 'added' | 'removed' | 'changed' | 'unchanged';
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
  counts: { monitors: number; health: number; dashboards: number; webhooks: number; access: number; other: number };
}

export interface Review {
  orgs: OrgReview[];
  attention: Attention[];
}

const WEBHOOK_TYPES = new Set(['datadog_webhook', 'datadog_webhook_custom_variable']);
const ACCESS_TYPES = new Set(['datadog_api_key', 'datadog_service_account', 'datadog_service_account_application_key', 'datadog_application_key']);

/** Code-point order: the same on every machine, whatever its locale. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

type Group = 'monitor' | 'health' | 'dashboard' | 'webhook' | 'access' | 'other';

function groupOf(r: Resource): Group {
  if (r.type === 'data.datadog_role') return 'access';
  if (r.type === 'datadog_monitor') return r.id.startsWith('health_') ? 'health' : 'monitor';
  if (r.type === 'datadog_dashboard_json') return 'dashboard';
  if (WEBHOOK_TYPES.has(r.type)) return 'webhook';
  if (ACCESS_TYPES.has(r.type)) return 'access';
  return 'other';
}

/** Secret-bearing attributes: shown as the variable they come from, never as a value. */
const SECRET_FIELDS: Record<string, string[]> = {
  datadog_webhook: ['url', 'custom_headers'],
  datadog_webhook_custom_variable: ['value'],
};

/** The body with secret attributes replaced by what a reviewer may see. */
export function safeBody(r: Resource): Json {
  const secret = SECRET_FIELDS[r.type] ?? [];
  const out: Json = {};
  for (const [k, v] of Object.entries(r.body)) {
    if (k === 'depends_on') continue;
    if (k === 'payload' && r.type === 'datadog_webhook' && typeof v === 'string') {
      // The payload is a JSON string: compare it key by key.
      try {
        out[k] = JSON.parse(unescapeTerraform(v)) as unknown;
        continue;
      } catch {
        // not JSON: compared as text
      }
    }
    if (!secret.includes(k)) {
      out[k] = v;
      continue;
    }
    const ref = variableReference(v);
    if (ref) out[k] = `from variable ${ref}`;
    else if (k === 'custom_headers' && typeof v === 'string') out[k] = headerNames(v);
    else out[k] = '(a literal value, not shown)';
  }
  return out;
}

function headerNames(v: string): string {
  // Headers whose values are Terraform variables are a jsonencode({"Name" = var.x, ...}) expression.
  const expr = /^\$\{jsonencode\(\{(.*)\}\)\}$/s.exec(v);
  let names: string[];
  if (expr) names = [...expr[1].matchAll(/"([A-Za-z0-9-]+)" = /g)].map((m) => m[1]);
  else {
    try {
      names = Object.keys(JSON.parse(v) as object);
    } catch {
      return '(not shown)';
    }
  }
  return names.length === 0 ? 'no headers' : `headers ${names.sort().join(', ')} (values not shown)`;
}

/** Keys Torq holds a copy of: deleting one breaks Torq's Datadog steps. */
const KEY_TYPES: Record<string, string> = {
  datadog_api_key: "Torq's API key",
  datadog_service_account_application_key: "Torq's application key",
  datadog_service_account: "Torq's service account (and with it its application key)",
};

/**
 * What Torq relies on besides routing: the payload keys its workflows read, and the scopes its
 * application key has.
 */
function torqContractChanges(before: Resource, after: Resource, fields: FieldChange[]): string[] {
  const out: string[] = [];
  if (after.type === 'datadog_webhook') {
    const dropped = fields.filter((f) => f.field.startsWith('payload.') && f.after === undefined).map((f) => `\`${f.field.slice('payload.'.length)}\``);
    if (dropped.length > 0) {
      const list = dropped.length > 8 ? `${dropped.slice(0, 8).join(', ')} and ${dropped.length - 8} more` : dropped.join(', ');
      out.push(`webhook \`${String(after.body.name)}\` no longer sends ${list} in its payload: Torq workflows that read ${dropped.length === 1 ? 'it' : 'them'} get nothing`);
    }
    if (before.body.encode_as !== after.body.encode_as) {
      out.push(`webhook \`${String(after.body.name)}\` now encodes its payload as \`${String(after.body.encode_as)}\` (was \`${String(before.body.encode_as)}\`): check the Torq trigger's parsing`);
    }
  }
  if (after.type === 'datadog_service_account_application_key' && Array.isArray(before.body.scopes) && Array.isArray(after.body.scopes)) {
    const now = after.body.scopes as unknown[];
    const lost = (before.body.scopes as unknown[]).filter((x) => !now.includes(x)).map((x) => `\`${String(x)}\``);
    if (lost.length > 0) out.push(`Torq's application key loses ${lost.join(', ')}: Torq steps that need ${lost.length === 1 ? 'it' : 'them'} will be refused`);
  }
  return out;
}

/** An added or removed resource: its attributes, one row each, values as compact JSON. */
function topLevelFields(body: Json, side: 'before' | 'after'): FieldChange[] {
  return Object.keys(body)
    .sort()
    .map((k) => ({ field: k, [side]: JSON.stringify(body[k]) }));
}

function torqWebhookNames(...stacks: (StackJson | undefined)[]): Set<string> {
  const names = new Set<string>();
  for (const s of stacks) {
    for (const r of resourcesOf(s).values()) {
      if (r.type === 'datadog_webhook' && typeof r.body.name === 'string') names.add(r.body.name);
    }
  }
  return names;
}

/** The moved.json entry that records a rename of a catalog file: `{"monitors": {"old": "new"}}`. */
function movedJsonEntry(r: Resource, a: Resource): string {
  const [kind, prefix] = r.type === 'datadog_dashboard_json' ? ['dashboards', 'dashboard_'] : ['monitors', 'monitor_'];
  const strip = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  return JSON.stringify({ [kind]: { [strip(r.id)]: strip(a.id) } });
}

function movedBlock(type: string, from: string, to: string): string {
  return `moved {\n  from = ${type}.${from}\n  to   = ${type}.${to}\n}`;
}

function describeBackend(stack: StackJson | undefined, org: string): string | undefined {
  const b = backendOf(stack);
  if (!b) return undefined;
  const c = b.config;
  if (b.type === 'local') {
    // The path is relative to the stack's folder (cdktf.out/stacks/<org>): shown from the project root.
    const p = typeof c.path === 'string' ? c.path : 'terraform.tfstate';
    return `local ${p.startsWith('/') ? p : path.posix.normalize(`cdktf.out/stacks/${org}/${p}`)}`;
  }
  const where = [c.bucket, c.key, c.prefix, c.path, c.organization, c.storage_account_name, c.container_name]
    .filter((x) => typeof x === 'string')
    .join('/');
  const workspaces = c.workspaces as Json | undefined;
  const ws = workspaces && typeof workspaces.name === 'string' ? ` workspace ${workspaces.name}` : '';
  return `${b.type}${where ? ` ${where}` : ''}${ws}`;
}

function importsOf(stack: StackJson | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of stack?.import ?? []) {
    if (typeof i.to === 'string') out.set(i.to, typeof i.id === 'string' ? i.id : JSON.stringify(i.id));
  }
  return out;
}

function emptyOrg(org: string, status: OrgReview['status']): OrgReview {
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

function settingsOf(stack: StackJson | undefined, org: string): Json {
  if (!stack) return {};
  const vars = Object.keys(stack.variable ?? {}).sort();
  const imports = [...importsOf(stack)].map(([to, id]) => `${to} from id ${id}`).sort();
  return {
    'datadog api_url': apiUrlOf(stack),
    backend: describeBackend(stack, org),
    ...Object.fromEntries(vars.map((v) => [`secret variable TF_VAR_${v}`, 'declared'])),
    ...Object.fromEntries(imports.map((i) => [`adopts (import) ${i}`, 'yes'])),
  };
}

export function compareOrg(
  org: string,
  base: StackJson | undefined,
  head: StackJson | undefined,
  /** Resource addresses of every org of the head: a monitor still in another org was excluded, not deleted. */
  headAddresses?: ReadonlySet<string>,
): { review: OrgReview; attention: Attention[] } {
  const status: OrgReview['status'] = !base ? 'added' : !head ? 'removed' : 'changed';
  const review = emptyOrg(org, status);
  const attention: Attention[] = [];
  const note = (kind: AttentionKind, message: string, address?: string, hcl?: string) => attention.push({ org, kind, message, address, hcl });
  const torq = torqWebhookNames(base, head);

  const before = allResources(base);
  const after = allResources(head);
  for (const r of (head ? after : before).values()) {
    if (r.type.startsWith('data.')) continue;
    const g = groupOf(r);
    const c = review.counts;
    if (g === 'monitor') c.monitors++;
    else if (g === 'health') c.health++;
    else if (g === 'dashboard') c.dashboards++;
    else if (g === 'webhook') c.webhooks++;
    else if (g === 'access') c.access++;
    else c.other++;
  }

  // Renames: a removed and an added resource of one type with equal content (or, for monitors,
  // equal name) are one resource whose file moved. Terraform would destroy and re-create it.
  let removedKeys = [...before.keys()].filter((k) => !after.has(k));
  let addedKeys = [...after.keys()].filter((k) => !before.has(k));
  if (base && head) {
    const pairs: [string, string][] = [];
    const take = (match: (a: Resource, b: Resource) => boolean) => {
      for (const rk of removedKeys) {
        const r = before.get(rk)!;
        const ak = addedKeys.find((k) => {
          const a = after.get(k)!;
          return a.type === r.type && !r.type.startsWith('data.') && groupOf(a) === groupOf(r) && match(r, a);
        });
        if (ak) {
          pairs.push([rk, ak]);
          addedKeys = addedKeys.filter((k) => k !== ak);
        }
      }
      removedKeys = removedKeys.filter((k) => !pairs.some(([r]) => r === k));
    };
    // A rename the head records in moved.json (a `moved` block) pairs first, whatever changed.
    const movedPairs = new Set((head.moved ?? []).map((m) => `${String(m.from)} -> ${String(m.to)}`));
    const recorded = (r: Resource, a: Resource) => movedPairs.has(`${r.type}.${r.id} -> ${a.type}.${a.id}`);
    take(recorded);
    take((r, a) => stableJson(r.body) === stableJson(a.body));
    take((r, a) => (r.type === 'datadog_monitor' || r.type === 'datadog_dashboard_json') && r.body.name !== undefined && stableJson(r.body.name) === stableJson(a.body.name) && r.body.name !== '');
    take((r, a) => r.type === 'datadog_dashboard_json' && dashboardView(r).title === dashboardView(a).title);
    // A file renamed and edited at once (name and threshold changed, say): paired by similarity of
    // content. An adopted resource (an import block) is an existing one, never a renamed file.
    const adopted = importsOf(head);
    pairBySimilarity(before, after, removedKeys, addedKeys.filter((k) => !adopted.has(k)), pairs);
    removedKeys = removedKeys.filter((k) => !pairs.some(([r]) => r === k));
    addedKeys = addedKeys.filter((k) => !pairs.some(([, a]) => a === k));
    for (const [rk, ak] of pairs.sort((x, y) => cmp(x[1], y[1]))) {
      const r = before.get(rk)!;
      const a = after.get(ak)!;
      const rename: Rename = { type: r.type, from: r.id, to: a.id, fromFile: sourceFileOf(r.type, r.id, org, r.file), toFile: sourceFileOf(a.type, a.id, org, a.file) };
      if (r.type === 'datadog_monitor') rename.change = compareMonitor(monitorView(r), monitorView(a), torq);
      else if (r.type === 'datadog_dashboard_json') rename.dashboardChange = compareDashboard(dashboardView(r), dashboardView(a));
      else {
        const f = fieldChanges(safeBody(r), safeBody(a));
        if (f.length > 0) rename.otherChanges = f;
      }
      if (recorded(r, a)) rename.moved = true;
      review.renames.push(rename);
      for (const m of rename.change?.attention ?? []) note(kindOf(m), m, `${a.type}.${a.id}`);
      if (rename.moved) continue;
      const files = rename.fromFile && rename.toFile && rename.fromFile !== rename.toFile ? `\`${rename.fromFile}\` -> \`${rename.toFile}\`` : `\`${r.id}\` -> \`${a.id}\``;
      const what = r.type === 'datadog_monitor' ? 'the monitor (new id, lost history and mutes, links to it break)' : r.type === 'datadog_dashboard_json' ? 'the dashboard (new id and URL)' : `the ${r.type}`;
      const edited = rename.change || rename.dashboardChange || rename.otherChanges ? ' and edited' : '';
      note(
        'replaced',
        `renamed${edited} ${files}: Terraform would destroy and re-create ${what}; record the rename in \`moved.json\` ` +
          `(add \`${movedJsonEntry(r, a)}\`), which synth turns into this \`moved\` block in every org that deploys it, ` +
          `or keep the old file name. After an apply without it, the state can no longer be moved; before, by hand: ` +
          `\`terraform -chdir=cdktf.out/stacks/<org> state mv ${r.type}.${r.id} ${a.type}.${a.id}\` in each org`,
        `${a.type}.${a.id}`,
        movedBlock(r.type, r.id, a.id),
      );
    }
  }

  for (const key of removedKeys) {
    const r = before.get(key)!;
    const g = groupOf(r);
    if (g === 'monitor') {
      const v = monitorView(r);
      review.monitors.removed.push(v);
      if (head && torqConditions(v, torq).size > 0) {
        const file = sourceFileOf(r.type, r.id, org, r.file);
        const elsewhere = headAddresses?.has(key);
        const cause = !file
          ? 'it is no longer in the org'
          : elsewhere
            ? `\`${file}\` is no longer deployed by this org (its \`monitors.include\`/\`monitors.exclude\` in orgs/${org}.json)`
            : `\`${file}\` is gone`;
        note(
          'destroyed',
          `Torq-routed monitor ${code(v.name)} will be destroyed: ${cause}. Terraform deletes it from Datadog, and the Torq workflow it triggers stops receiving its alerts`,
          key,
        );
      }
    }
    else if (g === 'health') review.health.removed.push(monitorView(r));
    else if (g === 'dashboard') review.dashboards.removed.push(dashboardView(r));
    else pushGeneric(review, g, { type: r.type, id: r.id, status: 'removed', fields: topLevelFields(safeBody(r), 'before') });
    if (head && KEY_TYPES[r.type]) {
      note('torq-contract', `${KEY_TYPES[r.type]} would be deleted from Datadog: Torq's Datadog steps that use it stop working until a new one is pasted into Torq`, key);
    }
    if (head && r.type === 'datadog_webhook') {
      const name = String(r.body.name);
      const still = [...after.values()].filter((m) => m.type === 'datadog_monitor' && monitorView(m).notifies.has(`@webhook-${name}`)).map((m) => `\`${m.id}\``);
      note(
        'webhook-removed',
        `webhook \`${name}\` would be deleted from Datadog${still.length > 0 ? `, yet ${still.join(', ')} still ${still.length === 1 ? "mentions" : "mention"} \`@webhook-${name}\` and would notify nothing` : ''}`,
        key,
      );
    }
  }
  for (const key of addedKeys) {
    const r = after.get(key)!;
    const g = groupOf(r);
    if (g === 'monitor') review.monitors.added.push(monitorView(r));
    else if (g === 'health') review.health.added.push(monitorView(r));
    else if (g === 'dashboard') review.dashboards.added.push(dashboardView(r));
    else pushGeneric(review, g, { type: r.type, id: r.id, status: 'added', fields: topLevelFields(safeBody(r), 'after') });
  }
  for (const [key, a] of after) {
    const r = before.get(key);
    if (!r) continue;
    const g = groupOf(a);
    if (g === 'monitor' || g === 'health') {
      const change = compareMonitor(monitorView(r), monitorView(a), torq);
      if (!change) continue;
      (g === 'monitor' ? review.monitors : review.health).changed.push(change);
      if (g === 'health' && change.before.notifies.size > 0 && change.after.notifies.size === 0) {
        note(
          'health-silenced',
          `Torq's health monitor no longer notifies anyone (was ${[...change.before.notifies.keys()].map((h) => `\`${h}\``).join(', ')}): if Torq stops reporting, nobody hears about it (set \`health.notify\` in orgs/${org}.json)`,
          key,
        );
      }
      if (change.replaced) {
        note('replaced', `Terraform would destroy and re-create this monitor (new id, lost history and mutes): ${change.replaced}`, key);
      }
      for (const m of change.attention) note(kindOf(m), m, key);
    } else if (g === 'dashboard') {
      const change = compareDashboard(dashboardView(r), dashboardView(a));
      if (change) review.dashboards.changed.push(change);
    } else {
      const fields = fieldChanges(safeBody(r), safeBody(a));
      if (fields.length > 0) pushGeneric(review, g, { type: a.type, id: a.id, status: 'changed', fields });
      for (const m of torqContractChanges(r, a, fields)) note('torq-contract', m, key);
    }
  }

  review.settings = fieldChanges(settingsOf(base, org), settingsOf(head, org));
  if (base && head) {
    const ub = apiUrlOf(base);
    const ua = apiUrlOf(head);
    if (ub !== ua) {
      note('site-changed', `the org's Datadog site changed (\`${ub}\` -> \`${ua}\`): the state holds the old site's resource ids, so the deploy would find none of them on the new site and create everything there, leaving the old site's resources unmanaged; use a new org file (and state) for a different Datadog org`);
    }
    const bb = describeBackend(base, org);
    const ba = describeBackend(head, org);
    if (bb !== ba) {
      note(
        'backend-changed',
        `the state backend changed (\`${bb}\` -> \`${ba}\`): migrate the state before the deploy (\`terraform -chdir=cdktf.out/stacks/${org} init -migrate-state\`), or the deploy starts from empty state and creates a second webhook, second monitors and a second dashboard`,
      );
    }
    const vb = Object.keys(base.variable ?? {});
    for (const v of Object.keys(head.variable ?? {}).sort()) {
      if (!vb.includes(v)) note('new-secret', `the deploy needs a new secret: \`TF_VAR_${v}\` (set it in the org's deploy environment before merging)`);
    }
  }
  if (status === 'added' && head) {
    note('new-org', newOrgMessage(org, head, review.counts));
  }
  if (status === 'removed') {
    const routed = review.monitors.removed.filter((v) => torqConditions(v, torq).size > 0);
    if (routed.length > 0) {
      note(
        'destroyed',
        `org \`${org}\` removed: its ${plural(routed.length, 'Torq-routed monitor')} (${listOf(routed.map((v) => code(v.name)), 10)}) stay in Datadog, unmanaged; \`npx cdktf destroy ${org}\` would delete them, and the Torq workflows they trigger would stop`,
      );
    }
    note(
      'org-removed',
      `org \`${org}\` removed (orgs/${org}.json): \`cdktf deploy\` no longer touches it, so its ${review.counts.monitors} monitor(s), webhook(s), dashboard(s) and keys stay in Datadog, unmanaged, with their state left in ${describeBackend(base, org) ?? 'its backend'}. To delete them, run \`npx cdktf destroy ${org}\` from the base revision before merging; to hand them over to the console, nothing more is needed`,
    );
  }
  if (status === 'changed') {
    const n =
      review.monitors.added.length + review.monitors.removed.length + review.monitors.changed.length + review.health.added.length + review.health.removed.length +
      review.health.changed.length + review.renames.length + review.dashboards.added.length + review.dashboards.removed.length + review.dashboards.changed.length +
      review.webhooks.length + review.access.length + review.other.length + review.settings.length;
    if (n === 0) review.status = 'unchanged';
  }
  // A removed org is not deployed any more: Terraform touches none of its resources.
  review.actions = head ? actionsOf(head, before, after, review.renames) : [];
  return { review, attention };
}

/** `a, b, c and 4 more`. */
function listOf(items: string[], max: number): string {
  return items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');
}

/**
 * The secrets a new org needs before its first deploy (.github/workflows/deploy.yml maps its
 * GitHub environment's secrets onto TF_VAR_ names), and a local backend the CI deploy refuses.
 */
function newOrgMessage(org: string, head: StackJson, counts: OrgReview['counts']): string {
  const suffix = org.replace(/-/g, '_');
  const secretOf = (v: string): string => {
    const known: [string, string][] = [
      [`datadog_api_key_${suffix}`, 'DATADOG_API_KEY'],
      [`datadog_app_key_${suffix}`, 'DATADOG_APP_KEY'],
      [`torq_webhook_url_${suffix}`, 'TORQ_WEBHOOK_URL'],
      [`torq_webhook_header_${suffix}`, 'TORQ_WEBHOOK_HEADER'],
    ];
    const hit = known.find(([name]) => name === v);
    if (hit) return `\`${hit[1]}\` -> \`TF_VAR_${v}\``;
    return `a secret of your choice -> \`TF_VAR_${v}\` (add its \`export\` line to .github/workflows/deploy.yml)`;
  };
  const vars = Object.keys(head.variable ?? {}).sort();
  const parts = [
    `new org \`${org}\` (orgs/${org}.json): its first deploy creates ${plural(counts.monitors, 'monitor')}, ${plural(counts.health, 'health monitor')}, ` +
      `${plural(counts.dashboards, 'dashboard')} and ${plural(counts.webhooks, 'webhook resource')}. Before merging, create the GitHub environment \`${org}\` ` +
      `(Settings -> Environments) with these secrets: ${vars.map(secretOf).join(', ')}`,
  ];
  const backend = backendOf(head);
  if (!backend || backend.type === 'local') {
    parts.push(
      `its state backend is ${describeBackend(head, org) ?? 'local'}, which the CI deploy refuses (synth with CI set fails, since a runner's state file is lost after the job): give orgs/${org}.json a remote \`backend\` (s3, gcs, azurerm or cloud)`,
    );
  }
  return parts.join('; ');
}

/**
 * A removed and an added monitor (or dashboard) whose content is mostly the same: one file renamed
 * and edited at once. Similarity is the share of common words in name, query and message.
 */
function pairBySimilarity(before: Map<string, Resource>, after: Map<string, Resource>, removedKeys: string[], addedKeys: string[], pairs: [string, string][]): void {
  const kinds = ['datadog_monitor', 'datadog_dashboard_json'];
  const removed = removedKeys.filter((k) => kinds.includes(before.get(k)!.type));
  const added = addedKeys.filter((k) => kinds.includes(after.get(k)!.type));
  if (removed.length === 0 || added.length === 0 || removed.length * added.length > 250_000) return;
  const words = (r: Resource): Set<string> => {
    const b = r.body;
    const text = r.type === 'datadog_monitor' ? [b.name, b.type, b.query, b.message].map((x) => String(x ?? '')).join(' ') : String(b.dashboard ?? '');
    return new Set(text.toLowerCase().split(/[^a-z0-9_.:]+/).filter((w) => w.length > 1));
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
      if (a.type !== r.type || groupOf(a) !== groupOf(r)) continue;
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
  // Resources first that others refer to (service accounts before their keys): two passes.
  for (let pass = 0; pass < 2; pass++) {
    for (const k of keys) {
      const a = after.get(k)!;
      const rn = renamedTo.get(k);
      if (rn) {
        out.set(k, rn.moved ? { address: k, action: 'move', reason: `from ${rn.type}.${rn.from}` } : { address: k, action: 'replace', reason: `renamed from ${rn.type}.${rn.from} without a moved block` });
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
      for (const rule of REPLACE_RULES) if (rule.type === a.type && sameToProvider(a.type, rule.attribute, b.body[rule.attribute], a.body[rule.attribute])) normalized[rule.attribute] = b.body[rule.attribute];
      if (stableJson(b.body) !== stableJson(normalized)) out.set(k, { address: k, action: 'update' });
    }
  }
  for (const k of before.keys()) {
    if (k.startsWith('data.') || after.has(k) || renamedFrom.has(k)) continue;
    out.set(k, { address: k, action: 'destroy' });
  }
  return [...out.values()].sort((x, y) => cmp(x.address, y.address));
}

/** `3 to import, 1 to create, 4 to update, 1 to replace, 0 to destroy` (and moves, when there are some). */
export function planLine(actions: readonly ResourceAction[]): string {
  const n = (a: Action) => actions.filter((x) => x.action === a).length;
  const moves = n('move');
  return `${n('import')} to import, ${n('create')} to create, ${n('update')} to update, ${n('replace')} to replace, ${n('destroy')} to destroy${moves ? `, ${moves} to move` : ''}`;
}

/** Resources and data sources (as `data.<type>`), by address. */
function allResources(stack: StackJson | undefined): Map<string, Resource> {
  const out = new Map(resourcesOf(stack));
  for (const [key, r] of resourcesOf(stack, 'data')) out.set(`data.${key}`, { ...r, type: `data.${r.type}` });
  return out;
}

function kindOf(message: string): AttentionKind {
  if (message.startsWith('stops notifying Torq')) return 'stops-notifying-torq';
  if (message.startsWith('notifies Torq on fewer')) return 'fewer-transitions';
  if (message.startsWith('threshold loosened') || message.startsWith('alerts less') || message.startsWith('alerts later') || message.startsWith('alert condition changed')) return 'threshold-loosened';
  return 'other';
}

function pushGeneric(review: OrgReview, g: Group, c: GenericChange): void {
  if (g === 'webhook') review.webhooks.push(c);
  else if (g === 'access') review.access.push(c);
  else review.other.push(c);
}

const ATTENTION_ORDER: AttentionKind[] = [
  'base-broken',
  'new-org',
  'org-renamed',
  'org-removed',
  'backend-changed',
  'site-changed',
  'destroyed',
  'stops-notifying-torq',
  'health-silenced',
  'webhook-removed',
  'replaced',
  'fewer-transitions',
  'threshold-loosened',
  'torq-contract',
  'new-secret',
  'other',
];

/**
 * An org file renamed (same site, same webhooks) is a new stack with empty state: its deploy would
 * create everything again next to the old stack's resources, which nothing deletes.
 */
function orgRenames(base: Stacks, head: Stacks): Attention[] {
  const out: Attention[] = [];
  const hooks = (s: StackJson) => [...torqWebhookNames(s)].sort().join(',');
  const removed = [...base.keys()].filter((o) => !head.has(o));
  for (const added of [...head.keys()].filter((o) => !base.has(o))) {
    const a = head.get(added)!;
    const from = removed.find((o) => apiUrlOf(base.get(o)) === apiUrlOf(a) && hooks(base.get(o)!) !== '' && hooks(base.get(o)!) === hooks(a));
    if (!from) continue;
    out.push({
      org: added,
      kind: 'org-renamed',
      message:
        `\`orgs/${from}.json\` looks renamed to \`orgs/${added}.json\` (same site, same webhooks): if both name one Datadog org, \`${added}\` starts from empty state and its deploy ` +
        `would create everything again (the webhook, every monitor, the dashboard, new keys) next to \`${from}\`'s resources, which nothing deletes. ` +
        `Keep the old file name, or move the state first (\`terraform -chdir=cdktf.out/stacks/${from} state pull > ${from}.tfstate\`, then \`state push\` it in \`cdktf.out/stacks/${added}\`)`,
    });
  }
  return out;
}

/** Compares every org of two synth outputs. Orgs and resources come out sorted. */
export function compareStacks(base: Stacks, head: Stacks): Review {
  const orgs = [...new Set([...base.keys(), ...head.keys()])].sort();
  const review: Review = { orgs: [], attention: [] };
  const headAddresses = new Set<string>();
  for (const s of head.values()) for (const k of resourcesOf(s).keys()) headAddresses.add(k);
  for (const org of orgs) {
    const r = compareOrg(org, base.get(org), head.get(org), headAddresses);
    review.orgs.push(r.review);
    review.attention.push(...r.attention);
  }
  review.attention.push(...orgRenames(base, head));
  review.attention.push(...adoptionAttention(base, head));
  // The riskiest first within an org; then by resource.
  review.attention.sort(
    (a, b) =>
      cmp(a.org, b.org) ||
      ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind) ||
      cmp(a.address ?? '', b.address ?? '') ||
      cmp(a.message, b.message),
  );
  return review;
}

export function hasChanges(review: Review): boolean {
  return review.orgs.some((o) => o.status !== 'unchanged');
}
