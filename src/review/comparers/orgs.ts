/**
 * Orgs as a whole: the site, the state backend, the secrets a deploy needs, an org added,
 * removed or renamed. These compare an org's two stacks (or all of them, for renames), not
 * one resource.
 */
import * as path from 'path';
import { orgVariables } from '../../config/resolveOrg';
import { Attention, AttentionKind, describeCounts, OrgReview } from '../model';
import { torqConditions } from '../monitor';
import { apiUrlOf, backendOf, Json, resourcesOf, StackJson, Stacks } from '../stacks';
import { code, FieldChange, fieldChanges, plural } from '../text';
import { listOf } from './common';

/** Names of every webhook (datadog_webhook `name`) of some stacks. */
export function webhookNames(...stacks: (StackJson | undefined)[]): Set<string> {
  const names = new Set<string>();
  for (const s of stacks) {
    for (const r of resourcesOf(s).values()) {
      if (r.type === 'datadog_webhook' && typeof r.body.name === 'string') names.add(r.body.name);
    }
  }
  return names;
}

/**
 * Torq's webhook of an org: the one Torq's workflows listen on, which posts to the org's Torq URL
 * variable (`torq_webhook_url_<org>`, the `torq` webhook; src/config/resolveOrg.ts orgVariables).
 * Another webhook (`torq-sandbox`, with its own `torq_webhook_url_<org>_<name>`) is not Torq's:
 * monitors re-routed to it stop reaching Torq's workflows. When no webhook posts to that
 * variable, every webhook of the org counts.
 */
export function torqWebhookNames(org: string, ...stacks: (StackJson | undefined)[]): Set<string> {
  const main = `\${var.${orgVariables(org).webhookUrl('torq')}}`;
  const names = new Set<string>();
  for (const s of stacks) {
    for (const r of resourcesOf(s).values()) {
      if (r.type === 'datadog_webhook' && typeof r.body.name === 'string' && r.body.url === main) names.add(r.body.name);
    }
  }
  return names.size > 0 ? names : webhookNames(...stacks);
}

export function describeBackend(stack: StackJson | undefined, org: string): string | undefined {
  const b = backendOf(stack);
  if (!b) return undefined;
  const c = b.config;
  if (b.type === 'local') {
    // The path is relative to the stack's folder (cdktf.out/stacks/<org>): shown from the project root.
    const p = typeof c.path === 'string' ? c.path : 'terraform.tfstate';
    return `local ${p.startsWith('/') ? p : path.posix.normalize(`cdktf.out/stacks/${org}/${p}`)}`;
  }
  const where = [c.bucket, c.key, c.prefix, c.path, c.organization, c.storage_account_name, c.container_name].filter((x) => typeof x === 'string').join('/');
  const workspaces = c.workspaces as Json | undefined;
  const ws = workspaces && typeof workspaces.name === 'string' ? ` workspace ${workspaces.name}` : '';
  return `${b.type}${where ? ` ${where}` : ''}${ws}`;
}

/** Import blocks: address -> the id imported. */
export function importsOf(stack: StackJson | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of stack?.import ?? []) {
    if (typeof i.to === 'string') out.set(i.to, typeof i.id === 'string' ? i.id : JSON.stringify(i.id));
  }
  return out;
}

function settingsOf(stack: StackJson | undefined, org: string): Json {
  if (!stack) return {};
  const vars = Object.keys(stack.variable ?? {})
    .filter((v) => stack.variable?.[v]?.sensitive === true)
    .sort();
  const imports = [...importsOf(stack)].map(([to, id]) => `${to} from id ${id}`).sort();
  return {
    'datadog api_url': apiUrlOf(stack),
    backend: describeBackend(stack, org),
    ...Object.fromEntries(vars.map((v) => [`secret variable TF_VAR_${v}`, 'declared'])),
    ...Object.fromEntries(imports.map((i) => [`adopts (import) ${i}`, 'yes'])),
  };
}

/** How the org is deployed (site, backend, secret variables, imports), field by field. */
export function settingsChanges(org: string, base: StackJson | undefined, head: StackJson | undefined): FieldChange[] {
  return fieldChanges(settingsOf(base, org), settingsOf(head, org));
}

/** Where a deploy's secrets come from: the deploy workflow's mapping of GitHub secrets onto TF_VAR_ names. */
export interface SecretSource {
  /** The GitHub secret that the workflow exports as `TF_VAR_<variable>` for this org, if any. */
  secretFor(org: string, variable: string): string | undefined;
  /** Advice for a variable the workflow does not export: the lines it needs. */
  missing(org: string, variable: string): string;
}

/** The workflow's mapping as shipped (.github/workflows/deploy.yml), used when the review has no workflow to read. */
const SHIPPED: [string, string][] = [
  ['datadog_api_key_', 'DATADOG_API_KEY'],
  ['datadog_app_key_', 'DATADOG_APP_KEY'],
  ['torq_webhook_url_', 'TORQ_WEBHOOK_URL'],
  ['torq_webhook_header_', 'TORQ_WEBHOOK_HEADER'],
];

function shippedSecret(org: string, v: string): string | undefined {
  const suffix = org.replace(/-/g, '_');
  return SHIPPED.find(([prefix]) => `${prefix}${suffix}` === v)?.[1];
}

type Note = (kind: AttentionKind, message: string, address?: string, hcl?: string) => void;

/** Site, backend and new secrets of an org present on both sides. */
export function deploymentAttention(org: string, base: StackJson, head: StackJson, note: Note, secrets?: SecretSource): void {
  const ub = apiUrlOf(base);
  const ua = apiUrlOf(head);
  if (ub !== ua) {
    note(
      'site-changed',
      `the org's Datadog site changed (\`${ub}\` -> \`${ua}\`): the state holds the old site's resource ids, so the deploy would find none of them on the new site and create everything there, leaving the old site's resources unmanaged; use a new org file (and state) for a different Datadog org`,
    );
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
    // A variable with a default (datadog_api_url_<org>) needs no value from the deploy.
    if (vb.includes(v) || head.variable?.[v]?.default !== undefined) continue;
    if (!secrets) {
      note('new-secret', `the deploy needs a new secret: \`TF_VAR_${v}\` (set it in the org's deploy environment before merging)`);
      continue;
    }
    const secret = secrets.secretFor(org, v);
    note(
      'new-secret',
      secret
        ? `the deploy needs a new secret: \`TF_VAR_${v}\`, which .github/workflows/deploy.yml exports from the secret \`${secret}\`: create \`${secret}\` in the GitHub environment \`${org}\` before merging`
        : `the deploy needs a new secret: \`TF_VAR_${v}\`, which .github/workflows/deploy.yml does not export, so the deploy of \`${org}\` stops at its check of declared variables: ${secrets.missing(org, v)}`,
    );
  }
}

/**
 * The secrets a new org needs before its first deploy (.github/workflows/deploy.yml maps its
 * GitHub environment's secrets onto TF_VAR_ names), and a local backend the CI deploy refuses.
 */
export function newOrgMessage(org: string, head: StackJson, counts: OrgReview['counts'], secrets?: SecretSource): string {
  const secretOf = (v: string): string => {
    const hit = secrets ? secrets.secretFor(org, v) : shippedSecret(org, v);
    if (hit) return `\`${hit}\` -> \`TF_VAR_${v}\``;
    if (secrets) return `a secret of your choice -> \`TF_VAR_${v}\` (${secrets.missing(org, v)})`;
    return `a secret of your choice -> \`TF_VAR_${v}\` (add its \`export\` line to .github/workflows/deploy.yml and drift.yml)`;
  };
  const vars = Object.keys(head.variable ?? {})
    .filter((v) => head.variable?.[v]?.default === undefined)
    .sort();
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
 * An org whose state is local and that adopts nothing was never deployed from CI (CI refuses local
 * state: src/cli/ciGuard.ts), such as the template's orgs/example.json: replacing it, as the README
 * says, leaves nothing in Datadog, so its removal or "rename" is not an item of Needs attention.
 */
export function neverDeployedFromCi(stack: StackJson): boolean {
  const backend = backendOf(stack);
  return (!backend || backend.type === 'local') && importsOf(stack).size === 0;
}

/** An org file removed: its resources stay in Datadog, unmanaged (unless CI never deployed it). */
export function removedOrgAttention(org: string, base: StackJson, review: OrgReview, note: Note): void {
  if (neverDeployedFromCi(base)) return;
  const torq = torqWebhookNames(org, base);
  const routed = review.monitors.removed.filter((v) => torqConditions(v, torq).size > 0);
  if (routed.length > 0) {
    note(
      'destroyed',
      `org \`${org}\` removed: its ${plural(routed.length, 'Torq-routed monitor')} (${listOf(
        routed.map((v) => code(v.name)),
        10,
      )}) stay in Datadog, unmanaged; \`npx cdktf destroy ${org}\` would delete them, and the Torq workflows they trigger would stop`,
    );
  }
  note(
    'org-removed',
    `org \`${org}\` removed (orgs/${org}.json): \`cdktf deploy\` no longer touches it, so its ${describeCounts(review.counts)} stay in Datadog, unmanaged, with their state left in ${describeBackend(base, org) ?? 'its backend'}. To delete them, run \`npx cdktf destroy ${org}\` from the base revision before merging; to hand them over to the console, nothing more is needed`,
  );
}

/**
 * An org file renamed (same site, same webhooks) is a new stack with empty state: its deploy would
 * create everything again next to the old stack's resources, which nothing deletes.
 */
export function orgRenames(base: Stacks, head: Stacks): Attention[] {
  const out: Attention[] = [];
  const hooks = (s: StackJson) => [...webhookNames(s)].sort().join(',');
  const removed = [...base.keys()].filter((o) => !head.has(o) && !neverDeployedFromCi(base.get(o)!));
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
