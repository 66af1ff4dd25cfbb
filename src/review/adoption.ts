/**
 * What an import pull request (org:import) does, told truthfully: a resource that gains an import
 * block exists in Datadog already and is imported on the first apply, not created; what org:import
 * found the first apply will change on it (adopt.changes of the org file, carried into cdk.tf.json
 * as a Terraform local) is listed; another org that would create the same resource (it has no
 * import block there) is flagged, since the import put it in front of that org too.
 *
 * Kept apart from compare.ts on purpose (issue 10): one function from two synth outputs to
 * attention items, which compareStacks appends.
 */
import { ADOPT_CHANGES_LOCAL } from '../config/model';
import { describeChange, fieldChangeSchema, type FieldChange } from '../config/fieldChange';
import { importsOf as importBlocks } from './comparers/orgs';
import type { Attention } from './model';
import { Resource, resourcesOf, StackJson, Stacks } from './stacks';
import { unescapeTerraform } from './text';
import { adoptChangesAddress } from '../datadog/naming';

/** adopt.changes as the head's stack carries it: resource address -> what the first apply changes. */
function recordedChanges(stack: StackJson | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const locals = stack?.locals;
  const value = typeof locals === 'object' && locals !== null ? (locals as Record<string, unknown>)[ADOPT_CHANGES_LOCAL] : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [id, lines] of Object.entries(value)) {
    if (!Array.isArray(lines)) continue;
    // Field changes as data ({field, before, after, note}); a sentence in org files written before.
    const text = lines
      .flatMap((l) => (typeof l === 'string' ? [l] : fieldChangeSchema.safeParse(l).success ? [describeChange(l as FieldChange)] : []))
      .map(unescapeTerraform);
    const address = adoptChangesAddress(id);
    if (text.length > 0) out.set(address, text);
  }
  return out;
}

function what(r: Resource | undefined, address: string): string {
  const name = r && typeof r.body.name === 'string' ? ` "${r.body.name}"` : '';
  return `\`${address}\`${name}`;
}

/** Attention items for the imports a head revision adds, and for other orgs that create those resources. */
export function adoptionAttention(base: Stacks, head: Stacks): Attention[] {
  const out: Attention[] = [];
  const newlyImported = new Map<string, string[]>(); // address -> orgs that import it now
  for (const [org, stack] of [...head].sort(([a], [b]) => a.localeCompare(b))) {
    const before = importBlocks(base.get(org));
    const existedBefore = resourcesOf(base.get(org));
    const resources = resourcesOf(stack);
    const changes = recordedChanges(stack);
    for (const [address, id] of [...importBlocks(stack)].sort(([a], [b]) => a.localeCompare(b))) {
      if (before.get(address) === id) continue;
      newlyImported.set(address, [...(newlyImported.get(address) ?? []), org]);
      const r = resources.get(address);
      if (!existedBefore.has(address)) {
        out.push({
          org,
          kind: 'other',
          address,
          message: `${what(r, address)} is imported, not added: it exists in Datadog, id \`${id}\`, and the first apply takes it over`,
        });
      }
      const lines = changes.get(address);
      if (lines) {
        out.push({
          org,
          kind: 'other',
          address,
          message:
            `the first apply will change ${what(r, address)} (id \`${id}\`) in Datadog, as org:import found (\`adopt.changes\` in \`orgs/${org}.json\`): ${lines.join('; ')}. ` +
            'Merging makes these changes on the live object; a value to keep goes in the org file (monitors.overrides.<id>), and org:import then records what is left',
        });
      }
    }
  }
  for (const [address, importers] of newlyImported) {
    for (const [org, stack] of head) {
      if (importers.includes(org)) continue;
      const r = resourcesOf(stack).get(address);
      if (!r || resourcesOf(base.get(org)).has(address) || importBlocks(stack).has(address)) continue;
      out.push({
        org,
        kind: 'other',
        address,
        message:
          `${what(r, address)} is new in this org and would be created here, while ${importers.map((o) => `\`${o}\``).join(', ')} imports its existing copy: ` +
          `if \`${org}\` should not have it, exclude it in \`orgs/${org}.json\` (monitors.exclude / dashboards.exclude), or keep it in \`orgs/${importers[0]}/\` (the org's own files)`,
      });
    }
  }
  return out;
}
