/**
 * The offline review next to a real plan: `terraform plan` of an org's stack (refresh on, with a
 * read-only Datadog key: src/cli/plan.ts, the "plan" job of .github/workflows/pr.yml), saved as
 * `terraform show -json`. The offline review is the fast first answer, from two synth outputs; the
 * real plan also sees what only Datadog knows (what is deployed, what was edited outside
 * Terraform). This module says, per org, where the two disagree on what happens to a resource.
 *
 * A plan of an org may also be a stub the plan command wrote instead (`{"torq_plan": {...}}`): the
 * plan was skipped (no read-only key, local state) or failed (Datadog or Terraform refused), with
 * the reason, which the review then states.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readJsonFile } from '../config/json';
import { checkPlanOrg } from '../drift/org';
import { parsePlan, PlanError } from '../drift/plan';
import type { Action, Review } from './model';

/** The key of a stub: the plan command's word on an org it did not plan. */
export const PLAN_STUB_KEY = 'torq_plan';

/**
 * Resources the plan job leaves out (-target on every other resource): Datadog lets a key read a
 * service account's application key only with service_account_write (GetServiceAccountApplicationKey,
 * datadog-api-client-go v2.51.0 openapi.yaml x-permission), which a read-only key does not have.
 */
export const NOT_REFRESHED_TYPES: readonly string[] = ['datadog_service_account_application_key'];

export interface RealPlanArg {
  org: string;
  file: string;
}

/** What happens to one resource in the real plan, and which of its fields change. */
interface PlannedResource {
  action: Action;
  fields: string[];
}

type PlannedOrg = { org: string; status: 'planned'; resources: Map<string, PlannedResource> };
export type RealPlan = PlannedOrg | { org: string; status: 'skipped'; reason: string } | { org: string; status: 'failed'; reason: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `--real-plan <org>=<plan.json>`: the org and the file, or a usage message. */
export function parseRealPlanArg(value: string, cwd: string): RealPlanArg | string {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) return `--real-plan expects <org>=<plan.json> (the org, then the JSON of its plan), found ${JSON.stringify(value)}`;
  return { org: value.slice(0, eq), file: path.resolve(cwd, value.slice(eq + 1)) };
}

/** Writes the stub of an org the plan command did not plan. */
export function writePlanStub(file: string, org: string, status: 'skipped' | 'failed', reason: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ [PLAN_STUB_KEY]: { org, status, reason } }, null, 2)}\n`);
}

/** A value with every sensitive part (Terraform's `*_sensitive` map says which) left out. */
function sensitiveAt(mask: unknown, key: string): boolean {
  return mask === true || (isObject(mask) && mask[key] !== undefined && mask[key] !== false);
}

/** The plan's action in the review's words; undefined for no change (and for data sources). */
function actionOf(rc: Json, fields: string[]): Action | undefined {
  const change = isObject(rc.change) ? rc.change : {};
  const actions = Array.isArray(change.actions) ? change.actions.map(String) : [];
  if (isObject(change.importing)) return 'import';
  if (actions.includes('delete') && actions.includes('create')) return 'replace';
  if (actions.includes('create')) return 'create';
  if (actions.includes('delete')) return 'destroy';
  if (actions.includes('update')) return fields.length > 0 ? 'update' : undefined;
  if (typeof rc.previous_address === 'string') return 'move';
  return undefined;
}

/** The top-level fields an update changes, leaving out values from secrets (the plan runs on placeholders). */
function changedFields(rc: Json): string[] {
  const change = isObject(rc.change) ? rc.change : {};
  const before = isObject(change.before) ? change.before : {};
  const after = isObject(change.after) ? change.after : {};
  const unknown = isObject(change.after_unknown) ? change.after_unknown : {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !sensitiveAt(change.before_sensitive, k) && !sensitiveAt(change.after_sensitive, k) && unknown[k] !== true)
    .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .sort();
}

/** Reads one org's plan (or stub); a file that is neither is a PlanError naming it. */
export function readRealPlan(arg: RealPlanArg, shown = arg.file): RealPlan {
  if (!fs.existsSync(arg.file))
    throw new PlanError(`${shown}: no such file; expected the JSON of the plan of org "${arg.org}" (terraform show -json), or the note npm run plan wrote`);
  const read = readJsonFile(arg.file, shown);
  if (!read.ok) throw new PlanError(`${read.finding.file}: ${read.finding.path}: ${read.finding.message}`);
  const doc = read.value;
  if (isObject(doc) && isObject(doc[PLAN_STUB_KEY])) {
    const stub = doc[PLAN_STUB_KEY];
    const reason = typeof stub.reason === 'string' ? stub.reason : 'no reason given';
    return stub.status === 'failed' ? { org: arg.org, status: 'failed', reason } : { org: arg.org, status: 'skipped', reason };
  }
  checkPlanOrg(parsePlan(doc, shown), arg.org);
  const resources = new Map<string, PlannedResource>();
  const changes = isObject(doc) && Array.isArray(doc.resource_changes) ? doc.resource_changes : [];
  for (const rc of changes) {
    if (!isObject(rc) || rc.mode !== 'managed' || typeof rc.address !== 'string') continue;
    if (NOT_REFRESHED_TYPES.includes(String(rc.type))) continue;
    const fields = changedFields(rc);
    const action = actionOf(rc, fields);
    if (action) resources.set(rc.address, { action, fields });
  }
  return { org: arg.org, status: 'planned', resources };
}

/** Why the two answers differ, in the reviewer's terms. */
function why(address: string, offline: Action | undefined, real: PlannedResource | undefined): string {
  const fields = real && real.fields.length > 0 ? ` (${real.fields.map((f) => `\`${f}\``).join(', ')})` : '';
  if (offline === undefined && real?.action === 'update') {
    return `\`${address}\`: the real plan updates it${fields}, this review sees no change: Datadog holds something else than the base revision (edited outside Terraform, or the base never deployed); merging puts the code's values back (\`npm run drift\` shows the live values)`;
  }
  if (offline === undefined && real?.action === 'create') {
    return `\`${address}\`: the real plan creates it, this review sees no change: it is not in the org's state (deleted outside Terraform, or the base never deployed)`;
  }
  if (offline !== undefined && real === undefined) {
    return `\`${address}\`: this review says ${offline}, the real plan changes nothing: Datadog already holds what this change sets (applied outside Terraform, or a value Datadog stores in another form)`;
  }
  return `\`${address}\`: this review says ${offline ?? 'no change'}, the real plan says ${real?.action ?? 'no change'}${fields}`;
}

/** The lines where an org's real plan and the offline review disagree (none: they agree). */
export function disagreements(review: Review, plan: PlannedOrg): string[] {
  const org = review.orgs.find((o) => o.org === plan.org);
  const offline = new Map((org?.actions ?? []).filter((a) => !NOT_REFRESHED_TYPES.includes(a.address.split('.')[0])).map((a) => [a.address, a.action]));
  const addresses = [...new Set([...offline.keys(), ...plan.resources.keys()])].sort();
  return addresses.filter((a) => offline.get(a) !== plan.resources.get(a)?.action).map((a) => why(a, offline.get(a), plan.resources.get(a)));
}

/** The review's section on the real plans: per org, agreement, disagreements, or why there is no plan. */
export function realPlanSection(review: Review, plans: readonly RealPlan[]): string {
  const lines = ['', '### The offline review and the real plan', ''];
  for (const plan of [...plans].sort((a, b) => a.org.localeCompare(b.org))) {
    if (plan.status === 'planned') {
      const diff = disagreements(review, plan);
      const n = plan.resources.size;
      if (diff.length === 0) lines.push(`- **${plan.org}**: the real plan agrees with this review (${n === 0 ? 'no change' : `${n} resource(s) change`}).`);
      else lines.push(`- **${plan.org}**: the real plan disagrees with this review on ${diff.length} resource(s):`, ...diff.map((d) => `  - ${d}`));
    } else if (plan.status === 'skipped') lines.push(`- **${plan.org}**: no real plan: ${plan.reason}`);
    else
      lines.push(
        `- **${plan.org}**: the real plan failed, so Datadog or Terraform refuses something this review accepts:`,
        '',
        '  ```',
        ...plan.reason.split('\n').map((l) => `  ${l}`),
        '  ```',
      );
  }
  lines.push(
    '',
    "<sub>Real plan: `terraform plan` of each changed org's stack with its read-only key, state refreshed, lock-free. Not compared: Torq's application key (a read-only key cannot read it) and values from secrets (the plan runs without them).</sub>",
    '',
  );
  return lines.join('\n');
}

/** The orgs a real plan is worth making for: added or changed (a removed org has no stack to plan). */
export function changedOrgs(review: Review): string[] {
  return review.orgs
    .filter((o) => o.status === 'added' || o.status === 'changed')
    .map((o) => o.org)
    .sort();
}
