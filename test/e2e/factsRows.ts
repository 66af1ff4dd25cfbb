/**
 * Helpers of facts.e2e.ts: the rows of src/datadog/providerFacts.ts (the one table behind
 * docs/provider-facts.md) read as predictions of what provider 3.82.0 sends, and a plan's actions.
 */
import { PROVIDER_FACTS, type ProviderFact } from '../../src/datadog/providerFacts';

/** A row's key, as the table's doc shows it. */
export const rowKey = (f: Pick<ProviderFact, 'resource' | 'field'>) => `${f.resource} ${f.field}`;

/**
 * Monitor options whose datadog_monitor attribute is shaped differently from the API's option
 * (blocks: monitor_thresholds, scheduling_options, variables): facts.e2e.ts checks them one by one.
 */
const BLOCKS = new Set(['thresholds', 'threshold_windows', 'scheduling_options', 'variables']);

/** The top-level monitor options the table says the provider sends, each checked on every create request. */
export const SENT_OPTION_ROWS: readonly ProviderFact[] = PROVIDER_FACTS.filter(
  (f) => f.resource === 'datadog_monitor' && f.sent !== 'never' && /^options\.[a-z_]+$/.test(f.field) && !BLOCKS.has(f.field.slice('options.'.length)),
);

/** The rows the provider has no attribute for: never in a request, whatever the file says. */
export const NEVER_ROWS: readonly ProviderFact[] = PROVIDER_FACTS.filter((f) => f.sent === 'never');

/** The values at a row's field (`options.variables[].storage`: one per element) in an API object. */
export function valuesAt(obj: unknown, field: string): unknown[] {
  let current: unknown[] = [obj];
  for (const part of field.split('.')) {
    const list = part.endsWith('[]');
    const name = list ? part.slice(0, -2) : part;
    current = current.flatMap((v) => {
      const next = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined;
      if (next === undefined) return [];
      return list ? (Array.isArray(next) ? next : []) : [next];
    });
  }
  return current;
}

/** A datadog_monitor resource of cdk.tf.json, its attributes named as the API names the options. */
export function attributeOptions(resource: Record<string, unknown>): Record<string, unknown> {
  const so = resource.scheduling_options;
  return { ...resource, scheduling_options: Array.isArray(so) ? so[0] : so };
}

/** A cdk.tf.json string as Terraform sends it (`$${` is a literal `${`). */
export const unescapeTf = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');

/** What a plan does to each resource it touches: address -> created, updated in-place, replaced, destroyed. */
export function planActions(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of stdout.matchAll(/^\s*# (\S+) (will be created|will be updated in-place|must be replaced|will be destroyed)/gm)) out.set(m[1], m[2]);
  return out;
}
