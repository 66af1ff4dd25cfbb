/**
 * Checks a plan found failing: the `checks` of Terraform's JSON plan (format 1.x), one entry per
 * checkable object (a resource or data source with conditions, an output, a check block), with its
 * `status` ("pass", "fail", "error", "unknown") and, per instance, the `problems` (each condition's
 * error_message). The stack's checks are the datadog_role lookups' postconditions
 * (src/constructs/role.ts: the role found must have the exact name asked for).
 *
 * A refresh-only plan turns a failed postcondition into a warning: terraform 1.11.4 exits 0, writes
 * `errored: false` and `checks[].status: "fail"`, and has no `resource_drift` for it
 * (test/fixtures/drift/terraform-1.11.4/provider/failed-check.refresh-only.json); the normal plan of
 * the next deploy errors on the same condition (failed-check.plan.json). So a failed check is drift
 * that blocks the next deploy, and is reported as such.
 */
type Json = Record<string, unknown>;

export interface FailedCheck {
  /** `data.datadog_role.role_torq_responders`. */
  address: string;
  status: 'fail' | 'error';
  /** The conditions' error messages (written by this package's constructs: role names, no secret). */
  problems: string[];
  /** The role name the lookup asked for (the data source's `filter`), when it is a datadog_role. */
  role?: string;
  /** The name of the role the lookup found (the refreshed state's value), when it is a datadog_role. */
  found?: string;
}

import { isObject } from '../config/json';
import { orgFile } from '../datadog/naming';

/** The constant `filter` of a data.datadog_role in the configuration (`configuration.root_module.resources`). */
function roleFilter(configuration: Json, address: string): string | undefined {
  const root = isObject(configuration.root_module) ? configuration.root_module : undefined;
  const resources = root && Array.isArray(root.resources) ? root.resources : [];
  for (const r of resources) {
    if (!isObject(r) || r.address !== address || !isObject(r.expressions) || !isObject(r.expressions.filter)) continue;
    const v = r.expressions.filter.constant_value;
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

/** The failed and errored checks of a plan's `checks` (lenient: what is not shaped as documented is skipped). */
export function failedChecks(checks: unknown, configuration: Json, state: readonly Json[]): FailedCheck[] {
  if (!Array.isArray(checks)) return [];
  const out: FailedCheck[] = [];
  for (const c of checks) {
    if (!isObject(c) || (c.status !== 'fail' && c.status !== 'error')) continue;
    const address = isObject(c.address) && typeof c.address.to_display === 'string' ? c.address.to_display : undefined;
    if (!address) continue;
    const problems: string[] = [];
    for (const i of Array.isArray(c.instances) ? c.instances : []) {
      if (!isObject(i) || !Array.isArray(i.problems)) continue;
      for (const p of i.problems) if (isObject(p) && typeof p.message === 'string' && !problems.includes(p.message)) problems.push(p.message);
    }
    const role = address.startsWith('data.datadog_role.') ? roleFilter(configuration, address) : undefined;
    const read = state.find((r) => r.address === address);
    const found = role !== undefined && read && isObject(read.values) && typeof read.values.name === 'string' ? read.values.name : undefined;
    out.push({ address, status: c.status, problems, ...(role !== undefined ? { role } : {}), ...(found !== undefined ? { found } : {}) });
  }
  return out.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** One line per failed check, for an error message. */
export function failedCheckLines(checks: readonly FailedCheck[]): string[] {
  return checks.map(
    (c) => `${c.address} ${c.status === 'fail' ? 'failed its check' : 'could not be checked'}${c.problems.length ? ` (${c.problems.join(' ')})` : ''}`,
  );
}

const code = (s: string) => `\`${s}\``;

/** What a failed check means and what to do, as one Needs attention message. */
export function checkMessage(org: string, c: FailedCheck): string {
  const said = c.problems.length ? `: ${c.problems.join(' ').replace(/\.$/, '')}` : '';
  const blocks = `The next deploy stops at this check (its plan fails, nothing is deployed) until it passes.`;
  if (c.role !== undefined) {
    const what = c.found !== undefined ? `: the lookup (a substring search) now finds ${code(c.found)}` : said;
    return (
      `the role ${code(c.role)} that ${orgFile(org)} names was renamed or deleted in Datadog${what}. ${blocks} ` +
      `Give the role its name back in Datadog (Organization Settings -> Roles): nothing else changes; or write its new name where ${orgFile(org)} names it ` +
      `(\`restrictedRoles\` of a monitor or dashboard override, \`keys.roles\`) and deploy: monitors restricted to it keep their restriction`
    );
  }
  return `${code(c.address)} ${c.status === 'fail' ? 'failed its check' : 'could not be checked'}${said}. ${blocks} Fix what it says, in Datadog or in the code`;
}
