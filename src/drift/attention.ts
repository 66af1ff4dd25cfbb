/**
 * What only drift can say, per drifted resource: the review's comparers already flag a monitor
 * that stops notifying Torq, notifies it on fewer transitions, or alerts later; this file adds
 * what happens outside Terraform and never in a pull request: a resource deleted in Datadog, a
 * monitor set to draft, the webhook's URL, headers or payload edited in the console, Torq's keys
 * or service account deleted or changed. And, for every item, the two ways out (issue 22, item 3):
 * keep the live value (write it into the code) or keep the code (the next deploy reverts it).
 *
 * Messages name values that are safe to print only: masked values (sensitive.ts) appear as
 * `(sensitive)` or `(sensitive, changed)` and are never compared by their text here.
 */
import { monitorView, torqConditions } from '../review/monitor';
import { ATTENTION_ORDER } from '../review/model';
import type { AttentionKind } from '../review/model';
import type { AttentionTopic } from '../review/attention';
import { tfIdentifier } from '../config/project';
import type { DriftedResource } from './resources';
import type { DriftItem } from './size';
import { SENSITIVE_CHANGED } from './sensitive';
import type { Json } from './plan';
import { textOf } from '../config/json';
import { catalogIdOf, isHealthMonitorName, orgFile, orgMonitorFile } from '../datadog/naming';

/** One thing that happened to a resource: a drift-only item, or a comparer's attention message. */
export interface Facet {
  kind: AttentionKind;
  text: string;
  /** The topic of a comparer's item this facet says better: that item is dropped. */
  supersedes?: AttentionTopic;
}

/** What the plan says about the org beyond each resource: whose roles are Torq's, and their names. */
export interface DriftContext {
  torqWebhooks: ReadonlySet<string>;
  /** Role ids of Torq's service account (empty when the state has none). */
  torqRoleIds: readonly string[];
  roleNames: ReadonlyMap<string, string>;
}

/**
 * One Needs attention item per drifted resource: what happened to it (its facets, the riskiest
 * first, so the item sorts with its riskiest kind) and its two ways out, said once; its family
 * and the family's ways out are for a shortened report (size.ts).
 */
export function attentionItem(org: string, r: DriftedResource, facets: readonly Facet[]): DriftItem | undefined {
  if (facets.length === 0) return undefined;
  const sorted = [...facets].sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
  return { org, kind: sorted[0].kind, address: r.address, what: sorted.map((f) => f.text).join('; '), remedy: remedy(org, r), ...family(org, r), resource: r };
}

/** The family of a drifted resource and its ways out said for all of them (the ids are in the items). */
function family(org: string, r: DriftedResource): { family: string; familyRemedy: string } {
  if (r.type === 'datadog_monitor') {
    const keepCode = `or keep the code: ${deployCmd(org)} `;
    if (isHealthMonitorName(r.name)) {
      return r.action === 'deleted'
        ? {
            family: "Torq's health monitors deleted",
            familyRemedy: `keep them deleted: remove their checks from service_checks.json; ${keepCode}re-creates them`,
          }
        : {
            family: "Torq's health monitors changed",
            familyRemedy: `keep the live values: change service_checks.json or \`health\` in ${orgFile(org)} to match; ${keepCode}reverts them`,
          };
    }
    return r.action === 'deleted'
      ? {
          family: 'monitors deleted',
          familyRemedy: `keep them deleted: add their catalog ids to \`monitors.exclude\` in ${orgFile(org)} (or delete the org's own files in orgs/${org}/monitors/); ${keepCode}re-creates them (with new ids: history and links are not restored)`,
        }
      : {
          family: 'monitors changed',
          familyRemedy: `keep the live values: \`npm run org:import -- ${org} --monitors id:<id>[,<id>...]\` with the ids above writes them into the code, as adoption does; ${keepCode}reverts them`,
        };
  }
  const label =
    KEYS[r.type] ?? (r.type === 'datadog_webhook' ? `webhook ${code(typeof r.before.body.name === 'string' ? r.before.body.name : r.name)}` : code(r.address));
  return { family: label, familyRemedy: remedy(org, r) };
}

const KEYS: Record<string, string> = {
  datadog_api_key: "Torq's API key",
  datadog_service_account_application_key: "Torq's application key",
  datadog_application_key: 'the application key',
  datadog_service_account: "Torq's service account",
};

const code = (s: string) => `\`${s}\``;
const list = (xs: string[]) => xs.map(code).join(', ');
const deployCmd = (org: string) => `the next deploy (a merge to main, or \`npx cdktf deploy ${org}\`)`;

/** The two ways out of one drifted resource, as one sentence to append to its items. */
export function remedy(org: string, r: DriftedResource): string {
  const keepCode = `keep the code: ${deployCmd(org)}`;
  if (r.type === 'datadog_monitor') {
    if (r.action === 'deleted') {
      const id = catalogIdOf(r.type, r.name);
      const how = isHealthMonitorName(r.name)
        ? `remove its check from service_checks.json`
        : `add ${code(id)} to \`monitors.exclude\` in orgs/${org}.json (or delete ${orgMonitorFile(org, id)} if it is the org's own)`;
      return `Keep it deleted: ${how}; or ${keepCode} re-creates it (with a new id: its history and links are not restored)`;
    }
    // Torq's health monitors are made from service_checks.json and the org's `health` settings, not adopted.
    if (isHealthMonitorName(r.name))
      return `Keep the live value: change service_checks.json or \`health\` in orgs/${org}.json to match; or ${keepCode} reverts it`;
    const importCmd = r.liveId ? `\`npm run org:import -- ${org} --monitors id:${r.liveId}\`` : `\`npm run org:import -- ${org} --monitors name:<its name>\``;
    return `Keep the live value: ${importCmd} writes it into the code, as adoption does; or ${keepCode} reverts it`;
  }
  if (r.type === 'datadog_webhook') {
    const sfx = tfIdentifier(org);
    if (r.action === 'deleted') return `Keep the code: ${deployCmd(org)} re-creates it from orgs/${org}.json and TF_VAR_torq_webhook_url_${sfx}`;
    return (
      `Keep the live value: the URL and header values go into the GitHub environment \`${org}\`'s secrets (TORQ_WEBHOOK_URL; TORQ_WEBHOOK_HEADER for an \`authHeader\`, TORQ_WEBHOOK_HEADER_<WEBHOOK>_<HEADER> for each of \`headers\`, as org:new lists them; copy the values from Datadog's Webhooks integration, this report never shows them), ` +
      `the payload and encoding into orgs/${org}.json (\`npm run org:import -- ${org} --no-dashboards\` reads the webhook and writes them, and re-reads the monitors that mention it: review its diff); or ${keepCode} reverts it`
    );
  }
  if (KEYS[r.type]) {
    if (r.action === 'deleted')
      return `Keep the code: ${deployCmd(org)} creates a new one; paste the new key into Torq's Datadog integration (docs/keys-and-health.md); or stop managing Torq's keys here with \`keys.create: false\` in orgs/${org}.json`;
    return keyRemedy(org, r);
  }
  if (r.action === 'deleted') return `Keep the code: ${deployCmd(org)} re-creates it`;
  return `Keep the live value: change the code to match; or ${keepCode} reverts it`;
}

/**
 * The ways out of a changed key or service account. `keys` in the org file holds no key value and
 * no "disabled", so the live value cannot be written into the code; what a deploy does is what
 * provider 3.82.0 sends: the service account's update sends `disabled` from the configuration,
 * false by default (datadog/fwprovider/resource_datadog_service_account.go,
 * buildDatadogUserV2UpdateStructFw; a real plan of a disabled account plans disabled true -> false,
 * test/fixtures/drift/terraform-1.11.4/provider/keys.plan.json), while a key's update sends only
 * its name and scopes, never a value (resource_datadog_service_account_application_key.go,
 * buildServiceAccountApplicationKeyUpdateRequestBody; `key` is Computed): a rotated key stays rotated.
 */
function keyRemedy(org: string, r: DriftedResource): string {
  const a = r.after?.body ?? {};
  const b = r.before.body;
  const stack = `cdktf.out/stacks/${org}`;
  if (r.type === 'datadog_service_account' && a.disabled === true && b.disabled !== true) {
    return (
      `Re-enable it in Datadog (Organization Settings -> Service Accounts -> Torq -> Enable): Torq's steps work again at once with the keys they have; ` +
      `or let ${deployCmd(org)} re-enable it (the provider sends \`disabled: false\`): Torq's steps fail until then. ` +
      `If it was disabled on purpose, to cut Torq off: the code cannot keep it disabled; \`keys.create: false\` in ${orgFile(org)} makes the next deploy delete Torq's keys and service account instead (paste new keys into Torq to restore it)`
    );
  }
  if (a.key === SENSITIVE_CHANGED || a.last4 === SENSITIVE_CHANGED) {
    const replace = `\`terraform -chdir=${stack} apply -replace=${r.address}\``;
    const others = Object.keys({ ...a, ...b }).filter(
      (k) => !['key', 'last4', 'created_at'].includes(k) && JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null),
    );
    return (
      `A deploy cannot bring the old value back (the provider never sends a key's value): paste the new key into Torq's Datadog integration (docs/keys-and-health.md), if whoever rotated it has not; ` +
      `the next deploy records it in the state${others.length ? ` and reverts its ${others.map(code).join(', ')}` : ''}. Or make a new key from the code with ${replace}, then paste \`terraform -chdir=${stack} output -raw ${r.type === 'datadog_api_key' ? 'torq_api_key' : 'torq_application_key'}\` into Torq: Torq's steps fail until it is pasted`
    );
  }
  return `Keep the live value: change ${orgFile(org)} (\`keys\`) to match; or ${deployCmd(org)} reverts it`;
}

/** Drift-only facets of one resource (the comparers' attention messages come on top, see report.ts). */
export function driftFacets(r: DriftedResource, ctx: DriftContext): Facet[] {
  const out: Facet[] = [];
  const note = (kind: AttentionKind, text: string, supersedes?: AttentionTopic) => out.push({ kind, text, ...(supersedes ? { supersedes } : {}) });
  if (r.type === 'datadog_monitor') monitorNotes(r, ctx, note);
  else if (r.type === 'datadog_webhook') webhookNotes(r, note);
  else if (KEYS[r.type]) keyNotes(r, note);
  return out;
}

type Note = (kind: AttentionKind, message: string, supersedes?: AttentionTopic) => void;

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * A monitor restricted in Datadog to roles Torq's service account does not have: Datadog lets only
 * those roles edit it, "muting of the monitor for any amount of time" included (Monitor
 * `restricted_roles`, Datadog's API reference as shipped in @datadog/datadog-api-client), so
 * Torq's workflows can no longer mute or resolve it.
 */
function restrictionNote(r: DriftedResource, ctx: DriftContext, label: string, note: Note): void {
  if (ctx.torqRoleIds.length === 0 || !r.after) return;
  const rb = ids(r.before.body.restricted_roles);
  const ra = ids(r.after.body.restricted_roles);
  const torqMay = (roles: string[]) => roles.length === 0 || roles.some((id) => ctx.torqRoleIds.includes(id));
  if (!torqMay(rb) || torqMay(ra)) return;
  const names = ra.map((id) => code(ctx.roleNames.get(id) ?? id)).join(', ');
  note(
    'torq-power',
    `${label} was restricted in Datadog to roles Torq's service account does not have (${names}): Torq can no longer mute or edit it (a restricted monitor is muted only by those roles)`,
  );
}

function monitorNotes(r: DriftedResource, ctx: DriftContext, note: Note): void {
  const torq = ctx.torqWebhooks;
  const before = monitorView(r.before);
  const name = code(before.name);
  const id = r.liveId ? ` (id ${r.liveId})` : '';
  const routed = torqConditions(before, torq).size > 0;
  const health = isHealthMonitorName(r.name);
  if (r.action === 'deleted') {
    if (health) note('health-silenced', `Torq's health monitor ${name}${id} was deleted in Datadog: if Torq stops reporting, nobody hears about it`);
    else if (routed) note('destroyed', `Torq-routed monitor ${name}${id} was deleted in Datadog: the Torq workflow it triggered no longer receives its alerts`);
    else note('destroyed', `monitor ${name}${id} was deleted in Datadog`);
    return;
  }
  const after = r.after ? monitorView(r.after) : undefined;
  if (health && after && before.options.notify_no_data === 'true' && after.options.notify_no_data !== 'true') {
    note(
      'health-silenced',
      `Torq's health monitor ${name}${id} no longer alerts on missing data (notify_no_data turned off in Datadog): a heartbeat that stops is how Torq going silent shows, so if Torq stops running, nobody hears about it`,
      'no-data-off',
    );
  }
  restrictionNote(r, ctx, `${name}${id}`, note);
  if (after && after.options.draft_status === 'draft' && before.options.draft_status !== 'draft') {
    const who = routed ? 'Torq (and everyone it notifies) hears' : 'nobody it notifies hears';
    note(
      routed ? 'stops-notifying-torq' : 'other',
      `${name}${id} was set to draft in Datadog: a draft monitor sends no notification, so ${who} nothing from it`,
      'draft',
    );
  }
}

/** A JSON payload text as an object (undefined when it is not one). */
function payloadObject(v: unknown): Json | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const o = JSON.parse(v) as unknown;
    return o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Json) : undefined;
  } catch {
    return undefined;
  }
}

function webhookNotes(r: DriftedResource, note: Note): void {
  const b = r.before.body;
  const name = textOf(b.name ?? r.name);
  if (r.action === 'deleted') {
    note('webhook-removed', `webhook ${code(name)} was deleted in Datadog: every monitor that mentions ${code(`@webhook-${name}`)} now notifies nothing`);
    return;
  }
  const a = r.after?.body ?? {};
  if (a.name !== b.name)
    note('webhook-removed', `webhook ${code(name)} was renamed to ${code(String(a.name))} in Datadog: ${code(`@webhook-${name}`)} mentions now notify nothing`);
  if (a.url === SENSITIVE_CHANGED)
    note('torq-contract', `webhook ${code(name)}: its URL was changed in Datadog (value not shown): alerts go to another Torq trigger, or nowhere`);
  // Header names added or removed are the webhook comparer's (torqContractChanges); a value changed
  // under the same name, or every header removed at once (which a deploy would not send), is said here.
  const hb = headerMap(b.custom_headers);
  const ha = headerMap(a.custom_headers);
  const same = Object.keys(ha).filter((h) => h in hb);
  const revalued = same.filter((h) => ha[h] !== hb[h]);
  if (revalued.length > 0)
    note(
      'torq-contract',
      `webhook ${code(name)}: the value of its header ${list(revalued)} was changed in Datadog (not shown): a Torq trigger that checks it may refuse the calls`,
    );
  // Every header gone with custom_headers itself (absent or ""): the webhook comparer leaves that
  // to the deploy's note (a null is not sent); headers gone from a map that is still there it says itself.
  if (Object.keys(hb).length > 0 && a.custom_headers === undefined) {
    note(
      'torq-contract',
      `webhook ${code(name)}: its custom headers ${list(Object.keys(hb))} were removed in Datadog: a Torq trigger that requires them refuses every alert`,
    );
  }
  if (typeof b.custom_headers === 'string' && typeof a.custom_headers === 'string' && Object.keys(hb).length === 0 && b.custom_headers !== a.custom_headers) {
    note('torq-contract', `webhook ${code(name)}: its custom headers were changed in Datadog (not shown)`);
  }
}

/** Header name -> masked value, from the JSON text of custom_headers (empty when absent or unreadable). */
function headerMap(v: unknown): Record<string, unknown> {
  const o = payloadObject(v);
  return o ?? {};
}

function keyNotes(r: DriftedResource, note: Note): void {
  const what = KEYS[r.type];
  if (r.action === 'deleted') {
    const why = r.type === 'datadog_service_account' ? 'its application key went with it: ' : '';
    note('torq-contract', `${what} was deleted in Datadog: ${why}Torq's Datadog steps that use it fail`);
    return;
  }
  const b = r.before.body;
  const a = r.after?.body ?? {};
  const changes: string[] = [];
  // Datadog returns an application key's value only when it is created: a rotation shows as a new `last4`.
  if (a.key === SENSITIVE_CHANGED || a.last4 === SENSITIVE_CHANGED)
    changes.push(
      "its key value changed (rotated or re-created; value not shown): unless the new key was pasted into Torq, Torq's Datadog steps that use it fail",
    );
  // Scopes lost or gained are the access comparer's (narrowing, widening).
  if (a.disabled === true && b.disabled !== true) changes.push("it was disabled: its application keys stop working, so Torq's Datadog steps fail");
  for (const k of ['name', 'email', 'roles']) {
    if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) changes.push(`its ${k} changed`);
  }
  if (changes.length > 0) note('torq-contract', `${what} was changed in Datadog: ${changes.join('; ')}`);
}
