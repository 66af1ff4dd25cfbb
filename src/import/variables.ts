/**
 * What a person must set to deploy an org: its Terraform variables (TF_VAR_...), the GitHub
 * secrets the deploy workflow maps onto them, and the DD_ variables org:import reads. Names only:
 * values are never read, printed or written here.
 */
import type { OrgModel } from '../config/model';
import { tfIdentifier } from '../config/project';

export interface DeployVariable {
  /** The Terraform variable, such as datadog_api_key_prod. */
  variable: string;
  /** TF_VAR_<variable>. */
  env: string;
  /** The secret of the org's GitHub environment that holds the value (DATADOG_API_KEY). */
  secret: string;
  /** What the value is. */
  meaning: string;
  /** False for secrets .github/workflows/deploy.yml may not map yet (extra webhooks, auth headers). */
  standard: boolean;
}

function entry(variable: string, secret: string, meaning: string, standard: boolean): DeployVariable {
  return { variable, env: `TF_VAR_${variable}`, secret, meaning, standard };
}

/**
 * .github/workflows/deploy.yml runs each org in the GitHub environment named after it and maps
 * that environment's secrets DATADOG_API_KEY, DATADOG_APP_KEY, TORQ_WEBHOOK_URL and
 * TORQ_WEBHOOK_HEADER (of the webhook named "torq") onto the org's TF_VAR_ names. Other webhooks
 * need a secret and a mapping of their own.
 */
function webhookSecret(kind: 'URL' | 'HEADER', webhook: string): string {
  return webhook === 'torq' ? `TORQ_WEBHOOK_${kind}` : `TORQ_WEBHOOK_${kind}_${secretPart(webhook)}`;
}

function secretPart(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

/** A header of webhooks[].headers: TORQ_WEBHOOK_HEADER_<WEBHOOK>_<HEADER>, like its Terraform variable. */
function headerSecret(webhook: string, header: string): string {
  return `TORQ_WEBHOOK_HEADER_${secretPart(webhook)}_${secretPart(header)}`;
}

/** The variable as the deploy step spells it for any org: the org's part is `${suffix}` there. */
function ciVariable(variable: string, org: string): string {
  const o = tfIdentifier(org);
  for (const prefix of ['torq_webhook_url_', 'torq_webhook_header_']) {
    if (variable.startsWith(`${prefix}${o}`)) return `${prefix}\${suffix}${variable.slice(prefix.length + o.length)}`;
  }
  return variable;
}

/** The org's secret Terraform variables, in the order the stack declares them. */
export function deployVariables(org: OrgModel): DeployVariable[] {
  const out = [
    entry(org.credentials.apiKeyVariable, 'DATADOG_API_KEY', `a Datadog API key of the "${org.name}" org (${org.site})`, true),
    entry(
      org.credentials.appKeyVariable,
      'DATADOG_APP_KEY',
      `a Datadog application key of the "${org.name}" org, allowed to manage monitors, webhooks, dashboards and keys`,
      true,
    ),
  ];
  org.webhooks.forEach((w) => {
    out.push(
      entry(
        w.urlVariable,
        webhookSecret('URL', w.name),
        `the Torq trigger URL behind webhook "${w.name}" (https://hooks.torq.io/v1/webhooks/<uuid>)`,
        w.name === 'torq',
      ),
    );
    if (w.authHeader)
      out.push(
        entry(
          w.authHeader.variable,
          webhookSecret('HEADER', w.name),
          `the value of the ${w.authHeader.name} header the Torq trigger checks`,
          w.name === 'torq',
        ),
      );
    for (const h of w.headers) out.push(entry(h.variable, headerSecret(w.name, h.name), `the value of the ${h.name} header of webhook "${w.name}"`, false));
  });
  return out;
}

/** The lines to add to the "Deploy" step of .github/workflows/deploy.yml for secrets it does not map. */
export function deployMappingLines(org: OrgModel, extra: readonly DeployVariable[]): string[] {
  if (extra.length === 0) return [];
  return [
    '',
    'The mapping: the same lines in the org secrets of .github/workflows/deploy.yml and .github/workflows/drift.yml (under env:, then in run:, each before "# End of org secrets."):',
    ...extra.map((v) => `  ${v.secret}_SECRET: \${{ secrets.${v.secret} }}`),
    ...extra.map((v) => `  if [ -n "\${${v.secret}_SECRET}" ]; then export "TF_VAR_${ciVariable(v.variable, org.name)}=\${${v.secret}_SECRET}"; fi`),
  ];
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
    `From GitHub Actions: create the environment "${org.name}" (Settings -> Environments) with these secrets; the deploy and drift workflows map each to its TF_VAR_:`,
    ...vars.map(
      (v) =>
        `  ${v.secret.padEnd(secretWidth)}  -> ${v.env}${v.standard ? '' : '  (add this mapping to .github/workflows/deploy.yml and drift.yml if it is not there)'}`,
    ),
    ...deployMappingLines(
      org,
      vars.filter((v) => !v.standard),
    ),
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
