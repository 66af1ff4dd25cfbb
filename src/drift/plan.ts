/**
 * The JSON of a saved Terraform plan, as `terraform show -json <plan>` prints it (Terraform's JSON
 * output format, format_version 1.x: "the plan representation"). The drift report reads one key of
 * it, `resource_drift`: what Terraform's refresh found changed outside Terraform, per resource,
 * with `before` (the state) and `after` (what Datadog has now) and which parts of each are
 * sensitive. Everything else is only used to tell a plan from other JSON and to tell whose stack
 * the plan is of (see org.ts).
 *
 * Every problem is a PlanError whose message names the file, the JSON path, what was found and
 * what was expected. A message never quotes a value from `before` or `after` (they may be secrets).
 */
import * as fs from 'fs';
import { readJsonFile } from '../config/json';
import { jsonPath, show } from '../config/findings';
import { FailedCheck, failedChecks, failedCheckLines } from './checks';
import { isObject } from '../config/json';

export type Json = Record<string, unknown>;

/** One entry of `resource_drift`: a resource Terraform's refresh found changed outside Terraform. */
export interface DriftEntry {
  /** `datadog_monitor.monitor_host_cpu_high`. */
  address: string;
  type: string;
  name: string;
  mode: 'managed' | 'data';
  /** Where the entry is in the file, for messages: `$.resource_drift[3]`. */
  path: string;
  /**
   * `["update"]` (changed outside Terraform), `["delete"]` (deleted outside Terraform), or
   * `["no-op"]` (a resource a `moved` block renames, nothing changed: terraform 1.11.4 lists it with
   * its `previous_address`; test/fixtures/drift/terraform-1.11.4/provider/moved.refresh-only.json).
   */
  actions: string[];
  /** The address the state knows it by, when a `moved` block renames it and no apply has recorded that yet. */
  previousAddress?: string;
  before: Json | null;
  after: Json | null;
  /** Terraform's sensitivity map of each side: `true` at a sensitive value, nested like the value. */
  beforeSensitive: unknown;
  afterSensitive: unknown;
}

export interface Plan {
  file: string;
  formatVersion: string;
  terraformVersion?: string;
  /** When Terraform made the plan (`timestamp`, RFC 3339), when it says. */
  timestamp?: string;
  drift: DriftEntry[];
  /** `configuration`: what the plan was made from (provider configs, variables, resources). */
  configuration: Json;
  /** True for a normal plan (it has planned changes of its own): drift is read the same way. */
  hasPlannedChanges: boolean;
  /** The names of the datadog_webhook resources in the prior state (`torq`): what `@webhook-<name>` routes to. */
  webhookNames: string[];
  /** Checks (postconditions) the plan found failing: in a refresh-only plan they are only warnings. */
  failedChecks: FailedCheck[];
  /** Role id -> name, from the roles the state reads (`data.datadog_role`). */
  roleNames: Map<string, string>;
  /** The role ids of Torq's service account (its `roles` in the state): what may mute a restricted monitor. */
  torqRoleIds: string[];
}

/** A file the drift report cannot read as a plan; the message is complete and safe to print. */
export class PlanError extends Error {}

const HOW = 'terraform plan -refresh-only -out=drift.tfplan, then terraform show -json drift.tfplan > plan.json';
const EXPECTED = `expected the JSON of a saved refresh-only plan (${HOW})`;

/** What a JSON value is, in a message: `a string`, `an array`, `null`. */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** True for the bytes of a binary plan file (a zip archive, as terraform plan -out writes it). */
function isZip(file: string): boolean {
  const head = Buffer.alloc(4);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/**
 * Reads the file: missing, unreadable, not JSON, or JSON of another kind are PlanErrors.
 * `shown` is how messages name it (a path relative to where the user is).
 */
export function readPlanFile(file: string, shown = file): Plan {
  if (!fs.existsSync(file)) throw new PlanError(`${shown}: no such file; ${EXPECTED}`);
  if (fs.statSync(file).isDirectory()) throw new PlanError(`${shown}: is a folder; ${EXPECTED}`);
  if (isZip(file)) {
    throw new PlanError(
      `${shown}: $: this is a binary plan file (a zip archive, as terraform plan -out writes it), not its JSON; run terraform show -json ${shown} > plan.json and pass plan.json`,
    );
  }
  const read = readJsonFile(file, shown);
  if (!read.ok) throw new PlanError(`${read.finding.file}: ${read.finding.path}: ${read.finding.message}; ${EXPECTED}`);
  return parsePlan(read.value, shown);
}

/** What a JSON document that is not a plan is, when it is something we know. */
function notAPlan(doc: Json): string | undefined {
  // A state file as Terraform stores it (terraform.tfstate, `terraform state pull`).
  if (typeof doc.version === 'number' && 'lineage' in doc && 'resources' in doc) {
    return `this is a Terraform state file (version ${doc.version}, with lineage and resources), not a plan; a state holds no drift: make a refresh-only plan of it`;
  }
  // `terraform show -json` of a state: the state representation has `values`, a plan has `planned_values`.
  if ('format_version' in doc && 'values' in doc && !('planned_values' in doc) && !('resource_drift' in doc)) {
    return 'this is the JSON of a Terraform state (terraform show -json of a state: it has `values`, no `planned_values`), not of a plan; a state holds no drift: make a refresh-only plan';
  }
  // Terraform's machine-readable UI stream (terraform plan -json): one JSON message per line.
  if ('@level' in doc && '@message' in doc) {
    return 'this is a line of terraform plan -json (the machine-readable UI stream), not the JSON of a saved plan';
  }
  // A cdktf synth output.
  if ('resource' in doc && ('terraform' in doc || 'provider' in doc) && !('format_version' in doc)) {
    return 'this is a Terraform configuration (a synthesized cdk.tf.json), not a plan';
  }
  return undefined;
}

/** The plan representation, checked key by key; `file` only names it in messages. */
export function parsePlan(doc: unknown, file: string): Plan {
  const fail = (path: string, message: string) => new PlanError(`${file}: ${path}: ${message}`);
  if (!isObject(doc)) throw fail('$', `found ${kindOf(doc)}; ${EXPECTED}`);
  const other = notAPlan(doc);
  if (other) throw fail('$', `${other}; ${EXPECTED}`);
  const fv = doc.format_version;
  if (fv === undefined) throw fail('$.format_version', `missing: this JSON is not Terraform's JSON output format; ${EXPECTED}`);
  if (typeof fv !== 'string' || !/^\d+\.\d+$/.test(fv)) throw fail('$.format_version', `found ${show(fv)}; expected a version such as "1.2" (${EXPECTED})`);
  if (!fv.startsWith('1.'))
    throw fail(
      '$.format_version',
      `found ${show(fv)}; expected 1.x: the drift report reads Terraform's JSON output format 1 (Terraform 1.x), and a new major version may mean anything`,
    );
  if (!('planned_values' in doc) && !('resource_changes' in doc) && !('resource_drift' in doc) && !('prior_state' in doc)) {
    throw fail('$', `a Terraform JSON document with no planned_values, resource_changes, resource_drift nor prior_state is not a plan; ${EXPECTED}`);
  }
  const configuration = doc.configuration;
  if (!isObject(configuration))
    throw fail('$.configuration', `found ${kindOf(configuration)}; expected the configuration object every saved plan has (which stack the plan is of)`);
  const checks = failedChecks(doc.checks, configuration, stateResources(doc.prior_state));
  if (doc.errored === true) {
    // A normal plan stops at a failed postcondition (terraform 1.11.4: errored, checks[].status "fail"); say which.
    const why = checks.length > 0 ? `: ${failedCheckLines(checks).join('; ')}` : '; fix the errors terraform plan printed and plan again';
    throw fail('$.errored', `the plan errored (Terraform saved it with errors), so its drift is incomplete${why}`);
  }
  const raw = doc.resource_drift ?? [];
  if (!Array.isArray(raw)) throw fail('$.resource_drift', `found ${kindOf(raw)}; expected an array of resource changes`);
  const drift = raw.map((e, i) => driftEntry(e, jsonPath(['resource_drift', i]), fail));
  const changes = Array.isArray(doc.resource_changes) ? doc.resource_changes : [];
  const hasPlannedChanges = changes.some(
    (c) => isObject(c) && isObject(c.change) && Array.isArray(c.change.actions) && !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op'),
  );
  return {
    file,
    formatVersion: fv,
    terraformVersion: typeof doc.terraform_version === 'string' ? doc.terraform_version : undefined,
    timestamp: typeof doc.timestamp === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(doc.timestamp) ? doc.timestamp : undefined,
    drift,
    configuration,
    hasPlannedChanges,
    webhookNames: [...new Set([...webhookNames(doc.prior_state), ...configuredWebhookNames(configuration)])].sort(),
    failedChecks: checks,
    ...roles(doc.prior_state),
  };
}

/** The state's resources (prior_state.values.root_module.resources): in a plan, the refreshed state. */
function stateResources(prior: unknown): Json[] {
  const values = isObject(prior) && isObject(prior.values) ? prior.values : undefined;
  const root = values && isObject(values.root_module) ? values.root_module : undefined;
  return root && Array.isArray(root.resources) ? root.resources.filter(isObject) : [];
}

/** Role names by id (`data.datadog_role`) and the roles of Torq's service account, from the state. */
function roles(prior: unknown): { roleNames: Map<string, string>; torqRoleIds: string[] } {
  const roleNames = new Map<string, string>();
  const torqRoleIds: string[] = [];
  for (const r of stateResources(prior)) {
    const v = isObject(r.values) ? r.values : {};
    if (r.type === 'datadog_role' && typeof v.id === 'string' && typeof v.name === 'string') roleNames.set(v.id, v.name);
    if (r.type === 'datadog_service_account' && Array.isArray(v.roles)) torqRoleIds.push(...v.roles.filter((x): x is string => typeof x === 'string'));
  }
  return { roleNames, torqRoleIds: [...new Set(torqRoleIds)].sort() };
}

/** Names of the webhooks the configuration declares with a constant name (`configuration.root_module.resources[].expressions.name`). */
function configuredWebhookNames(configuration: Json): string[] {
  const root = isObject(configuration.root_module) ? configuration.root_module : undefined;
  const resources = root && Array.isArray(root.resources) ? root.resources : [];
  const names: string[] = [];
  for (const r of resources) {
    if (!isObject(r) || r.type !== 'datadog_webhook' || !isObject(r.expressions) || !isObject(r.expressions.name)) continue;
    const v = r.expressions.name.constant_value;
    if (typeof v === 'string') names.push(v);
  }
  return names;
}

/** Names of the webhooks the state holds (prior_state.values.root_module.resources), read nothing else. */
function webhookNames(prior: unknown): string[] {
  const names = new Set<string>();
  for (const r of stateResources(prior)) {
    if (r.type === 'datadog_webhook' && isObject(r.values) && typeof r.values.name === 'string') names.add(r.values.name);
  }
  return [...names].sort();
}

/** One `resource_drift` entry, checked; its values are never quoted in a message. */
function driftEntry(e: unknown, path: string, fail: (path: string, message: string) => PlanError): DriftEntry {
  if (!isObject(e)) throw fail(path, `found ${kindOf(e)}; expected a resource change object (address, type, name, mode, change)`);
  for (const k of ['address', 'type', 'name'] as const) {
    if (typeof e[k] !== 'string' || e[k] === '') throw fail(`${path}.${k}`, `found ${kindOf(e[k])}; expected a non-empty string`);
  }
  const mode = e.mode ?? 'managed';
  if (mode !== 'managed' && mode !== 'data') throw fail(`${path}.mode`, `found ${show(mode)}; expected "managed" or "data"`);
  const c = e.change;
  if (!isObject(c)) throw fail(`${path}.change`, `found ${kindOf(c)}; expected an object with actions, before and after`);
  if (!Array.isArray(c.actions) || c.actions.length === 0 || !c.actions.every((a) => typeof a === 'string')) {
    throw fail(`${path}.change.actions`, `found ${kindOf(c.actions)}; expected a non-empty array of action names such as ["update"] or ["delete"]`);
  }
  for (const side of ['before', 'after'] as const) {
    const v = c[side];
    if (v !== undefined && v !== null && !isObject(v))
      throw fail(`${path}.change.${side}`, `found ${kindOf(v)}; expected the resource's attributes as an object, or null`);
  }
  return {
    address: e.address as string,
    type: e.type as string,
    name: e.name as string,
    mode,
    path,
    actions: c.actions,
    ...(typeof e.previous_address === 'string' && e.previous_address !== e.address ? { previousAddress: e.previous_address } : {}),
    before: (c.before as Json | null | undefined) ?? null,
    after: (c.after as Json | null | undefined) ?? null,
    beforeSensitive: c.before_sensitive,
    afterSensitive: c.after_sensitive,
  };
}
