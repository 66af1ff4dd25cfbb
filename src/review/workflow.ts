/**
 * The deploy workflow as the review reads it: which GitHub secret becomes which `TF_VAR_`
 * variable. .github/workflows/deploy.yml maps an org's environment secrets onto fixed variable
 * names (`export "TF_VAR_torq_webhook_url_${suffix}=${TORQ_WEBHOOK_URL_SECRET}"`, with
 * `TORQ_WEBHOOK_URL_SECRET: ${{ secrets.TORQ_WEBHOOK_URL }}` in the step's env), so a variable
 * the stack declares and the workflow does not export stops the deploy. Read as text (its
 * `export` and `env` lines), so that a workflow the user reshaped still parses.
 */
import type { SecretSource } from './comparers/orgs';

export const DEPLOY_WORKFLOW = '.github/workflows/deploy.yml';
/** The daily drift check maps the same org secrets (its block is deploy.yml's, test/drift/workflow.test.ts). */
const DRIFT_WORKFLOW = '.github/workflows/drift.yml';

/** `suffix="${ORG//-/_}"`: the org's name as the workflow puts it in variable names. */
const suffixOf = (org: string) => org.replace(/-/g, '_');

interface Export {
  /** The variable name with `${suffix}` where the org goes: `torq_webhook_url_${suffix}`. */
  template: string;
  /** The shell variable it takes its value from. */
  from: string;
}

/** The workflow's secret mapping, or undefined when it exports no TF_VAR_ (a workflow this review cannot follow). */
export function parseDeployWorkflow(text: string): SecretSource | undefined {
  const exported: Export[] = [];
  const env = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const e = /^\s*([A-Za-z_][A-Za-z0-9_]*):\s*\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/.exec(line);
    if (e) env.set(e[1], e[2]);
    for (const m of line.matchAll(/export\s+"?TF_VAR_([A-Za-z0-9_${}]+)=\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)) exported.push({ template: m[1], from: m[2] });
  }
  if (exported.length === 0) return undefined;
  const nameOf = (org: string, template: string) => template.replace(/\$\{suffix\}|\$suffix\b/g, suffixOf(org));
  return {
    secretFor(org, variable) {
      const hit = exported.find((x) => nameOf(org, x.template) === variable);
      return hit ? (env.get(hit.from) ?? hit.from) : undefined;
    },
    missing(org, variable) {
      const suffix = suffixOf(org);
      const template = variable.includes(suffix) ? variable.replace(suffix, '${suffix}') : variable;
      const secret = variable.replace(suffix, '').replace(/__+/g, '_').replace(/^_|_$/g, '').toUpperCase();
      return (
        `add \`export "TF_VAR_${template}=\${${secret}_SECRET}"\` to the Deploy step of ${DEPLOY_WORKFLOW}, ` +
        `with \`${secret}_SECRET: \${{ secrets.${secret} }}\` in that step's \`env\` (the same two lines in the org secrets of ${DRIFT_WORKFLOW}), and create the secret \`${secret}\` in the GitHub environment \`${org}\``
      );
    },
  };
}
