/**
 * What a person must set to deploy an org: its Terraform variables (TF_VAR_...), the GitHub
 * secrets the deploy workflow maps onto them, and the DD_ variables org:import reads. Names only:
 * values are never read, printed or written here.
 */
import type { OrgModel } from '../config/model';

export interface DeployVariable {
  /** The Terraform variable, such as datadog_api_key_prod. */
  variable: string;
  /** TF_VAR_<variable>. */
  env: string;
  /** The GitHub secret holding the value: the variable upper-cased (DATADOG_API_KEY_PROD). */
  secret: string;
  /** What the value is. */
  meaning: string;
  /** False for secrets .github/workflows/deploy.yml may not map yet (extra webhooks, auth headers). */
  standard: boolean;
}

/** GitHub secret names: the Terraform variable upper-cased (the org's `-` is already `_`). */
export function githubSecretName(variable: string): string {
  return variable.toUpperCase();
}

function entry(variable: string, meaning: string, standard: boolean): DeployVariable {
  return { variable, env: `TF_VAR_${variable}`, secret: githubSecretName(variable), meaning, standard };
}

/** The org's secret Terraform variables, in the order the stack declares them. */
export function deployVariables(org: OrgModel): DeployVariable[] {
  const out = [
    entry(org.credentials.apiKeyVariable, `a Datadog API key of the "${org.name}" org (${org.site})`, true),
    entry(org.credentials.appKeyVariable, `a Datadog application key of the "${org.name}" org, allowed to manage monitors, webhooks, dashboards and keys`, true),
  ];
  org.webhooks.forEach((w, i) => {
    out.push(entry(w.urlVariable, `the Torq trigger URL behind webhook "${w.name}" (https://hooks.torq.io/v1/webhooks/<uuid>)`, i === 0 && w.name === 'torq'));
    if (w.authHeader) out.push(entry(w.authHeader.variable, `the value of the ${w.authHeader.name} header the Torq trigger checks`, false));
  });
  return out;
}

/** The lines that tell a person what to set, for org:new and org:import. */
export function deployInstructions(org: OrgModel): string[] {
  const vars = deployVariables(org);
  const width = Math.max(...vars.map((v) => v.env.length));
  const secretWidth = Math.max(...vars.map((v) => v.secret.length));
  const lines = [
    `To deploy "${org.name}", set these Terraform variables (sensitive; never in a file):`,
    ...vars.map((v) => `  ${v.env.padEnd(width)}  ${v.meaning}`),
    '',
    'From GitHub Actions, as repository or environment secrets (the deploy workflow maps each to its TF_VAR_):',
    ...vars.map((v) => `  ${v.secret.padEnd(secretWidth)}  -> ${v.env}${v.standard ? '' : '  (add this mapping to .github/workflows/deploy.yml if it is not there)'}`),
    '',
    'To adopt what the org already has (the Torq webhook, the monitors that notify it, the Torq dashboard), read it with keys of that org:',
    `  export DD_API_KEY=...   # an API key of "${org.name}"`,
    `  export DD_APP_KEY=...   # an application key of "${org.name}" that can read monitors, dashboards and the Webhooks integration`,
    `  npm run org:import -- ${org.name}`,
    '',
    'Then review and deploy:',
    `  npm run synth -- --org ${org.name}`,
    `  npx cdktf deploy ${org.name}`,
  ];
  return lines;
}
