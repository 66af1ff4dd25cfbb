/**
 * A drift entry -> the two sides of one resource as the review's `Resource` values: `before` is
 * what the state holds (the last deploy), `after` what the refresh read from Datadog now (absent
 * when the resource was deleted outside Terraform). Sensitive parts are masked first (sensitive.ts);
 * then the state's attribute shapes are brought to the synthesized ones (cdk.tf.json), so that the
 * review's comparers read both alike:
 *  - a block the provider declares with MaxItems 1 (monitor_thresholds...) is a list of one object
 *    in state and an object in cdk.tf.json: unwrapped;
 *  - attributes the state holds as null, "" or [] (unset: the provider writes every attribute of
 *    its schema) are dropped, inside single blocks too;
 *  - `id` (Datadog's id of the live resource) leaves the body: it becomes `liveId`;
 *  - the webhook's `custom_headers` (a JSON string) is read as a map of header names to mask each
 *    value, then written back as JSON text; its `payload` stays text, as synth writes it.
 *
 * An entry whose two sides mean the same is not drift, and is kept apart as a note: a resource a
 * `moved` block renames (terraform 1.11.4 lists it with `actions: ["no-op"]` and its
 * `previous_address`), or one Datadog returns spelled another way (a JSON text re-serialized: other
 * whitespace or key order; terraform reports it, the provider stores the text as it comes).
 */
import type { Resource } from '../review/stacks';
import type { DriftEntry, Json } from './plan';
import { forceSensitive, maskPair } from './sensitive';
import { stableJson } from '../review/text';
import { isObject } from '../config/json';

export type DriftAction = 'changed' | 'deleted';

/** Why an entry is not drift: renamed by a `moved` block, or the same values written another way. */
export type NotDrift = 'moved' | 'normalized';

export interface DriftedResource {
  address: string;
  type: string;
  /** The Terraform name: `monitor_host_cpu_high` (the synthesized resource's logical id). */
  name: string;
  action: DriftAction;
  /** Datadog's id of the resource (a monitor's numeric id, a webhook's name), from the state. */
  liveId?: string;
  /** The state's side (what the last deploy left), masked and shaped like a synthesized body. */
  before: Resource;
  /** Datadog's side now; absent when the resource was deleted outside Terraform. */
  after?: Resource;
  /** The address the state knows it by, when a `moved` block renames it. */
  previousAddress?: string;
  /** Set when the two sides mean the same: not drift. */
  notDrift?: NotDrift;
}

/**
 * Attributes that hold secrets whatever the plan marks (a second line of defence: provider 3.82.0
 * does not mark a webhook's url or custom_headers sensitive in its schema, see DATADOG.md;
 * the keys' `key` is Sensitive in datadog/fwprovider/resource_datadog_api_key.go and
 * resource_datadog_service_account_application_key.go). `attr.*`: every value of a map.
 */
const ALWAYS_SENSITIVE: Record<string, readonly string[]> = {
  datadog_webhook: ['url', 'custom_headers.*'],
  datadog_webhook_custom_variable: ['value'],
  // `last4`: the key's last four characters; not marked sensitive, but part of the key.
  datadog_api_key: ['key', 'last4'],
  datadog_application_key: ['key', 'last4'],
  datadog_service_account_application_key: ['key', 'last4'],
};

/** Blocks declared with MaxItems 1 in provider 3.82.0 (datadog/resource_datadog_monitor.go): an object in cdk.tf.json. */
const SINGLE_BLOCKS = new Set([
  'monitor_thresholds',
  'monitor_threshold_windows',
  'scheduling_options',
  'evaluation_window',
  'custom_schedule',
  'recurrence',
  'variables',
  'compute',
]);

const unset = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** A state block's value in the synthesized shape (see the file's comment). */
function shape(key: string, v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = (v as unknown[]).map((x) => (isObject(x) ? shapeObject(x) : x));
    return SINGLE_BLOCKS.has(key) && items.length === 1 && isObject(items[0]) ? items[0] : items;
  }
  return isObject(v) ? shapeObject(v) : v;
}

function shapeObject(o: Json): Json {
  const out: Json = {};
  for (const k of Object.keys(o).sort()) {
    if (unset(o[k])) continue;
    const v = shape(k, o[k]);
    if (!(isObject(v) && Object.keys(v).length === 0)) out[k] = v;
  }
  return out;
}

/** A JSON text as the object it holds, or undefined. */
function jsonObject(v: unknown): Json | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const o = JSON.parse(v) as unknown;
    return isObject(o) ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A webhook's custom_headers as a map of header names, when it is readable JSON, with its
 * sensitivity: a `custom_headers` the plan marks sensitive as a whole (the stack builds it from
 * sensitive variables) becomes every header's value marked, so that the names (which the org file
 * holds, not secret) can be compared and each value masked alone. Not JSON: masked whole.
 */
function headersAsMap(body: Json | null, sensitive: unknown): [Json | null, unknown] {
  if (!body || typeof body.custom_headers !== 'string' || sensitive === true) return [body, sensitive];
  const parsed = jsonObject(body.custom_headers);
  if (!parsed) return [body, sensitive];
  const s =
    isObject(sensitive) && sensitive.custom_headers === true
      ? { ...sensitive, custom_headers: Object.fromEntries(Object.keys(parsed).map((k) => [k, true])) }
      : sensitive;
  return [{ ...body, custom_headers: parsed }, s];
}

/** Both sides of an entry, masked: nothing sensitive leaves this function. */
function maskedSides(e: DriftEntry): [Json | null, Json | null] {
  const paths = ALWAYS_SENSITIVE[e.type] ?? [];
  const [before, sbIn] = headersAsMap(e.before, e.beforeSensitive);
  const [after, saIn] = headersAsMap(e.after, e.afterSensitive);
  const sb = forceSensitive(sbIn, before, paths);
  const sa = forceSensitive(saIn, after, paths);
  if (before && after) return maskPair(before, after, sb, sa) as [Json, Json];
  // A deleted resource: only its state side, masked by both maps.
  const [b] = maskPair(before ?? undefined, undefined, sb, sa);
  return [(b as Json | undefined) ?? null, null];
}

function toResource(e: DriftEntry, body: Json): Resource {
  const { id: _liveId, ...rest } = body;
  // Headers go back to the JSON text the provider and synth use, their values masked.
  if (isObject(rest.custom_headers)) rest.custom_headers = JSON.stringify(rest.custom_headers);
  return { type: e.type, id: e.name, body: shapeObject(rest) };
}

/** JSON-text attributes compared by what they hold (the webhook's payload, a dashboard's JSON). */
const JSON_TEXT = ['payload', 'dashboard', 'custom_headers'];

/** A body with its JSON-text attributes parsed, keys sorted: two spellings of one value compare equal. */
function meaning(body: Json): string {
  const out: Json = {};
  for (const [k, v] of Object.entries(body)) out[k] = JSON_TEXT.includes(k) ? (jsonObject(v) ?? v) : v;
  return stableJson(out);
}

/** The drifted managed resources of a plan, in address order; data sources are re-read on every plan and skipped. */
export function driftedResources(entries: readonly DriftEntry[]): DriftedResource[] {
  const out: DriftedResource[] = [];
  for (const e of entries) {
    if (e.mode !== 'managed') continue;
    const deleted = e.actions.includes('delete') || e.after === null;
    const [before, after] = maskedSides(e);
    if (!before) continue; // nothing in state: not drift of something Terraform manages
    const liveId = e.before && (typeof e.before.id === 'string' || typeof e.before.id === 'number') ? String(e.before.id) : undefined;
    const b = toResource(e, before);
    const a = !deleted && after ? toResource(e, after) : undefined;
    const same = a !== undefined && meaning(b.body) === meaning(a.body);
    out.push({
      address: e.address,
      type: e.type,
      name: e.name,
      action: deleted ? 'deleted' : 'changed',
      ...(liveId !== undefined ? { liveId } : {}),
      before: b,
      ...(a ? { after: a } : {}),
      ...(e.previousAddress ? { previousAddress: e.previousAddress } : {}),
      ...(same ? { notDrift: e.previousAddress ? 'moved' : 'normalized' } : {}),
    });
  }
  return out.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
}
