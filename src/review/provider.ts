/**
 * What Terraform does with a changed attribute, per resource type, as the Datadog provider 3.82.0
 * declares it: an attribute marked ForceNew (SDKv2) or RequiresReplace (plugin framework) makes
 * Terraform destroy and re-create the resource; a DiffSuppressFunc makes some changes no change at
 * all. The rules are the ForceNew rows of the provider-facts table (src/datadog/providerFacts.ts);
 * every other attribute of the resources this package synthesizes is updated in place.
 */
import { orderFreeAttributes, PROVIDER_FACTS, sameToProvider } from '../datadog/providerFacts';

export { sameToProvider } from '../datadog/providerFacts';

export interface ReplaceRule {
  /** Terraform resource type. */
  type: string;
  /** Top-level attribute whose change forces a new resource. */
  attribute: string;
  /** Pairs of values the provider treats as equal (its DiffSuppressFunc): no change at all. */
  sameValues?: readonly (readonly [string, string])[];
  /** Where provider 3.82.0 declares it. */
  source: string;
}

export const REPLACE_RULES: readonly ReplaceRule[] = PROVIDER_FACTS.filter((f) => f.forceNew).map((f) => ({
  type: f.resource,
  attribute: f.field,
  sameValues: f.sameValues,
  source: f.source,
}));

/** The force-new attributes that change between two bodies of one resource (empty: update in place). */
export function forceNewChanges(
  type: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  replacedRefs: ReadonlySet<string> = new Set(),
): ReplaceRule[] {
  return REPLACE_RULES.filter((r) => {
    if (r.type !== type) return false;
    const b = before[r.attribute];
    const a = after[r.attribute];
    // A reference to a resource that is itself re-created gets a new value at apply time.
    if (typeof a === 'string' && [...replacedRefs].some((ref) => a.includes(`\${${ref}.`))) return true;
    return !sameToProvider(type, r.attribute, b, a);
  });
}

/**
 * A resource body with its set-typed attributes (the provider-facts table's `set` rows: a
 * monitor's tags, restricted_roles, renotify_statuses, notify_by; an application key's scopes; a
 * service account's roles) in one order, sorted, duplicates dropped, as the provider compares them.
 */
export function withSetsSorted(type: string, body: Record<string, unknown>): Record<string, unknown> {
  const sets = orderFreeAttributes(type);
  if (!sets.some((k) => Array.isArray(body[k]))) return body;
  const out = { ...body };
  for (const k of sets) {
    const v = out[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = [...new Set(v)].sort();
  }
  return out;
}
