/**
 * What Terraform does with a changed attribute, per resource type, as the Datadog provider 3.82.0
 * declares it: an attribute marked ForceNew (SDKv2) or RequiresReplace (plugin framework) makes
 * Terraform destroy and re-create the resource; a DiffSuppressFunc makes some changes no change at
 * all. Declared once, here, with the file of the provider each rule comes from; every other
 * attribute of the resources this package synthesizes is updated in place.
 */

export interface ReplaceRule {
  /** Terraform resource type. */
  type: string;
  /** Top-level attribute whose change forces a new resource. */
  attribute: string;
  /** Pairs of values the provider treats as equal (its DiffSuppressFunc): no change at all. */
  sameValues?: [string, string][];
  /** Where provider 3.82.0 declares it. */
  source: string;
}

export const REPLACE_RULES: readonly ReplaceRule[] = [
  {
    type: 'datadog_monitor',
    attribute: 'type',
    sameValues: [['metric alert', 'query alert']],
    source:
      'datadog/resource_datadog_monitor.go (type: ForceNew, DiffSuppressFunc for metric alert <-> query alert); ' +
      'datadog/fwprovider/resource_datadog_monitor.go (RequiresReplaceIf with the same exception)',
  },
  {
    type: 'datadog_service_account_application_key',
    attribute: 'service_account_id',
    source: 'datadog/fwprovider/resource_datadog_service_account_application_key.go (service_account_id: RequiresReplace)',
  },
];

/** Two attribute values the provider sees as the same (after its diff suppression). */
export function sameToProvider(type: string, attribute: string, before: unknown, after: unknown): boolean {
  if (before === after) return true;
  const rule = REPLACE_RULES.find((r) => r.type === type && r.attribute === attribute);
  return !!rule?.sameValues?.some((pair) => pair.includes(before as string) && pair.includes(after as string));
}

/** The force-new attributes that change between two bodies of one resource (empty: update in place). */
export function forceNewChanges(type: string, before: Record<string, unknown>, after: Record<string, unknown>, replacedRefs: ReadonlySet<string> = new Set()): ReplaceRule[] {
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
 * Set-typed attributes: their order means nothing to the provider, so a reordered list is no
 * change at all (Terraform plans nothing). TODO(providerFacts): read these from
 * src/datadog/providerFacts.ts once it is on main; until then, declared here only.
 */
export const SET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  // datadog/resource_datadog_monitor.go: tags, restricted_roles, renotify_statuses, notify_by are schema.TypeSet.
  datadog_monitor: ['tags', 'restricted_roles', 'renotify_statuses', 'notify_by'],
  // datadog/fwprovider/resource_datadog_service_account_application_key.go: scopes is a schema.SetAttribute.
  datadog_service_account_application_key: ['scopes'],
  // datadog/fwprovider/resource_datadog_service_account.go: roles is a schema.SetAttribute.
  datadog_service_account: ['roles'],
};

/** A resource body with its set-typed attributes in one order (sorted, duplicates dropped), as the provider compares them. */
export function withSetsSorted(type: string, body: Record<string, unknown>): Record<string, unknown> {
  const sets = SET_ATTRIBUTES[type];
  if (!sets || !sets.some((k) => Array.isArray(body[k]))) return body;
  const out = { ...body };
  for (const k of sets) {
    const v = out[k];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = [...new Set(v)].sort();
  }
  return out;
}
