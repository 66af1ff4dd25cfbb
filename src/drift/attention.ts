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
import { tfIdentifier } from '../config/project';
import type { DriftedResource } from './resources';
import { SENSITIVE_CHANGED } from './sensitive';
import type { Json } from './plan';
import { textOf } from '../config/json';
import { catalogIdOf, isHealthMonitorName, orgMonitorFile } from '../datadog/naming';

/** One thing that happened to a resource: a drift-only item, or a comparer's attention message. */
export interface Facet {
  kind: AttentionKind;
  text: string;
}

/**
 * One Needs attention item per drifted resource: what happened to it (its facets, the riskiest
 * first, so the item sorts with its riskiest kind) and its two ways out, said once.
 */
export function attentionItem(org: string, r: DriftedResource, facets: readonly Facet[]): { kind: AttentionKind; address: string; message: string } | undefined {
  if (facets.length === 0) return undefined;
  const sorted = [...facets].sort((a, b) => ATTENTION_ORDER.indexOf(a.kind) - ATTENTION_ORDER.indexOf(b.kind));
  return { kind: sorted[0].kind, address: r.address, message: `${sorted.map((f) => f.text).join('; ')}. ${remedy(org, r)}` };
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
    if (isHealthMonitorName(r.name)) return `Keep the live value: change service_checks.json or \`health\` in orgs/${org}.json to match; or ${keepCode} reverts it`;
    const importCmd = r.liveId ? `\`npm run org:import -- ${org} --monitors id:${r.liveId}\`` : `\`npm run org:import -- ${org} --monitors name:<its name>\``;
    return `Keep the live value: ${importCmd} writes it into the code, as adoption does; or ${keepCode} reverts it`;
  }
  if (r.type === 'datadog_webhook') {
    const sfx = tfIdentifier(org);
    if (r.action === 'deleted') return `Keep the code: ${deployCmd(org)} re-creates it from orgs/${org}.json and TF_VAR_torq_webhook_url_${sfx}`;
    return (
      `Keep the live value: the URL and header values go into the GitHub environment \`${org}\`'s secrets (TORQ_WEBHOOK_URL, TORQ_WEBHOOK_HEADER; copy them from Datadog's Webhooks integration, this report never shows them), ` +
      `the payload and encoding into orgs/${org}.json (\`npm run org:import -- ${org} --no-dashboards\` reads the webhook and writes them, and re-reads the monitors that mention it: review its diff); or ${keepCode} reverts it`
    );
  }
  if (KEYS[r.type]) {
    if (r.action === 'deleted') return `Keep the code: ${deployCmd(org)} creates a new one; paste the new key into Torq's Datadog integration (docs/keys-and-health.md); or stop managing Torq's keys here with \`keys.create: false\` in orgs/${org}.json`;
    return `Keep the live value: change orgs/${org}.json (\`keys\`) to match; or ${keepCode} reverts it`;
  }
  if (r.action === 'deleted') return `Keep the code: ${deployCmd(org)} re-creates it`;
  return `Keep the live value: change the code to match; or ${keepCode} reverts it`;
}

/** Drift-only facets of one resource (the comparers' attention messages come on top, see report.ts). */
export function driftFacets(r: DriftedResource, torqWebhooks: ReadonlySet<string>): Facet[] {
  const out: Facet[] = [];
  const note = (kind: AttentionKind, text: string) => out.push({ kind, text });
  if (r.type === 'datadog_monitor') monitorNotes(r, torqWebhooks, note);
  else if (r.type === 'datadog_webhook') webhookNotes(r, note);
  else if (KEYS[r.type]) keyNotes(r, note);
  return out;
}

type Note = (kind: AttentionKind, message: string) => void;

function monitorNotes(r: DriftedResource, torq: ReadonlySet<string>, note: Note): void {
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
  if (after && after.options.draft_status === 'draft' && before.options.draft_status !== 'draft') {
    const who = routed ? 'Torq (and everyone it notifies) hears' : 'nobody it notifies hears';
    note(routed ? 'stops-notifying-torq' : 'other', `${name}${id} was set to draft in Datadog: a draft monitor sends no notification, so ${who} nothing from it`);
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
  if (a.name !== b.name) note('webhook-removed', `webhook ${code(name)} was renamed to ${code(String(a.name))} in Datadog: ${code(`@webhook-${name}`)} mentions now notify nothing`);
  if (a.url === SENSITIVE_CHANGED) note('torq-contract', `webhook ${code(name)}: its URL was changed in Datadog (value not shown): alerts go to another Torq trigger, or nowhere`);
  // Header names added or removed are the webhook comparer's (torqContractChanges); a value changed
  // under the same name, or every header removed at once (which a deploy would not send), is said here.
  const hb = headerMap(b.custom_headers);
  const ha = headerMap(a.custom_headers);
  const same = Object.keys(ha).filter((h) => h in hb);
  const revalued = same.filter((h) => ha[h] !== hb[h]);
  if (revalued.length > 0) note('torq-contract', `webhook ${code(name)}: the value of its header ${list(revalued)} was changed in Datadog (not shown): a Torq trigger that checks it may refuse the calls`);
  if (Object.keys(hb).length > 0 && Object.keys(ha).length === 0) {
    note('torq-contract', `webhook ${code(name)}: its custom headers ${list(Object.keys(hb))} were removed in Datadog: a Torq trigger that requires them refuses every alert`);
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
  if (a.key === SENSITIVE_CHANGED) changes.push('its key value changed (rotated or re-created; value not shown): the copy in Torq no longer works');
  // Scopes lost or gained are the access comparer's (narrowing, widening).
  if (a.disabled === true && b.disabled !== true) changes.push('it was disabled: its application keys stop working');
  for (const k of ['name', 'email', 'roles']) {
    if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) changes.push(`its ${k} changed`);
  }
  if (changes.length > 0) note('torq-contract', `${what} was changed in Datadog: ${changes.join('; ')}`);
}
