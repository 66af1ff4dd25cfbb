/**
 * Whose stack a plan is of. Each org's stack declares its Datadog keys as Terraform variables
 * named after the org (src/config/project.ts, orgVariables: `datadog_api_key_<org>` and
 * `datadog_app_key_<org>`, the org name with every character other than a letter, digit or `_`
 * made `_`), and a plan's JSON keeps the configuration's variable names (the values of sensitive
 * ones are not in it). So the plan of org `eu-prod` declares `datadog_api_key_eu_prod`; a plan
 * that declares another org's variable is that org's, and one with neither is not a plan of this
 * package's stacks.
 */
import { orgVariables, tfIdentifier } from '../config/project';
import type { Plan } from './plan';
import { PlanError } from './plan';

const API_KEY = /^datadog_api_key_(.+)$/;

/** The variable names the plan's configuration declares (its root module). */
export function declaredVariables(plan: Plan): string[] {
  const root = plan.configuration.root_module as Record<string, unknown> | undefined;
  const vars = root && typeof root === 'object' ? (root.variables as Record<string, unknown> | undefined) : undefined;
  return vars && typeof vars === 'object' && !Array.isArray(vars) ? Object.keys(vars).sort() : [];
}

/** Throws a PlanError unless the plan is of `org`'s stack. */
export function checkPlanOrg(plan: Plan, org: string): void {
  const want = orgVariables(org);
  const vars = declaredVariables(plan);
  if (vars.includes(want.apiKey) && vars.includes(want.appKey)) return;
  const others = vars.map((v) => API_KEY.exec(v)?.[1]).filter((s): s is string => s !== undefined);
  const where = `${plan.file}: $.configuration.root_module.variables`;
  if (others.length > 0) {
    const names = others.map((s) => `"${s}"`).join(', ');
    throw new PlanError(
      `${where}: this is a plan of another org's stack: it declares ${others.map((s) => `datadog_api_key_${s}`).join(', ')} (org ${names} as a Terraform name: "-" and other characters become "_"), ` +
        `not ${want.apiKey} of "${org}"; expected a plan made in cdktf.out/stacks/${org}, or --org with the plan's org`,
    );
  }
  const shown = vars.length === 0 ? 'no variable' : `only ${vars.slice(0, 8).join(', ')}${vars.length > 8 ? ` and ${vars.length - 8} more` : ''}`;
  throw new PlanError(
    `${where}: declares ${shown}; expected ${want.apiKey} and ${want.appKey}, which the stack of org "${org}" declares ` +
      `(its org name as a Terraform identifier: "${tfIdentifier(org)}"): this plan is not of a stack this package synthesized`,
  );
}
