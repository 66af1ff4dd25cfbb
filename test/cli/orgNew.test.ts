/** org:new: a fresh or cloned org file, validated before it is written, never overwriting. */
import * as fs from 'fs';
import * as path from 'path';
import { parseOrgNewArgs, runOrgNew } from '../../src/cli/orgNew';
import { FIXTURES, copyProject, editJson, readJson, snapshotTree, synthProject, tempDir, writeJson } from '../import/helpers';
import { synth as runSynthIn } from '../helpers/project';

/** The synth command in-process, with an environment (CI...). */
function synth(root: string, orgs: string[], env: NodeJS.ProcessEnv) {
  return runSynthIn(root, orgs, env);
}

function orgNew(root: string, argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const opts = parseOrgNewArgs(argv, root);
  if (typeof opts === 'string') return { code: 1, stdout, stderr: [opts] };
  const code = runOrgNew(opts, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}

describe('org:new', () => {
  test('a fresh org synthesizes with no other change, and the output names every variable, secret and the deploy command', () => {
    const root = copyProject();
    const run = orgNew(root, [
      'eu-prod',
      '--site',
      'eu1',
      '--service-account-email',
      'torq@acme.example',
      '--notify',
      '@slack-secops',
      '--notify',
      '@pagerduty-torq',
    ]);
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/eu-prod.json'));
    expect(org.site).toBe('eu1');
    expect(org.health.notify).toEqual(['@slack-secops', '@pagerduty-torq']);
    expect(org.keys).toEqual({ create: true, serviceAccountEmail: 'torq@acme.example' });

    const synth = synthProject(root, ['eu-prod']);
    expect(synth.warnings).toEqual([]);
    const stack = synth.stack('eu-prod');
    expect(stack.variable.datadog_api_url_eu_prod.default).toBe('https://api.datadoghq.eu/');
    expect(Object.keys(stack.variable).sort()).toEqual([
      'datadog_api_key_eu_prod',
      'datadog_api_url_eu_prod',
      'datadog_app_key_eu_prod',
      'torq_webhook_url_eu_prod',
    ]);
    expect(Object.keys(stack.resource.datadog_monitor)).toContain('monitor_agent_down');

    const out = run.stdout.join('\n');
    // The deploy workflow runs each org in the GitHub environment named after it, with these secrets.
    expect(out).toContain('create the environment "eu-prod"');
    const secrets: Record<string, string> = {
      datadog_api_key_eu_prod: 'DATADOG_API_KEY',
      datadog_app_key_eu_prod: 'DATADOG_APP_KEY',
      torq_webhook_url_eu_prod: 'TORQ_WEBHOOK_URL',
    };
    const workflow = fs.readFileSync(path.join(__dirname, '../../.github/workflows/deploy.yml'), 'utf8');
    for (const [v, secret] of Object.entries(secrets)) {
      expect(out).toContain(`TF_VAR_${v}`);
      expect(out).toMatch(new RegExp(`^  ${secret}\\s+-> TF_VAR_${v}$`, 'm'));
      expect(workflow).toContain(`secrets.${secret} }}`);
    }
    expect(out).toMatch(/^ {2}export DD_API_KEY=\.\.\. /m);
    expect(out).toMatch(/^ {2}export DD_APP_KEY=\.\.\. /m);
    expect(out).toMatch(/^ {2}npm run org:import -- eu-prod$/m);
    expect(out).toMatch(/^ {2}npx cdktf deploy eu-prod$/m);
  });

  test('without a service-account email the org creates no keys, and says so', () => {
    const root = copyProject();
    const run = orgNew(root, ['staging', '--site', 'us5']);
    expect(run.code).toBe(0);
    expect(readJson(path.join(root, 'orgs/staging.json')).keys).toEqual({ create: false });
    expect(run.stdout.join('\n')).toContain('keys.create is false: no Torq API and application keys are created');
    expect(synthProject(root, ['staging']).stack('staging').resource).not.toHaveProperty('datadog_api_key');
  });

  test('--from copies the selection, overrides and routing, with its own site and state, adopting nothing', () => {
    const root = copyProject();
    editJson(root, 'orgs/example.json', (o) => {
      o.monitors.exclude = ['k8s_*'];
      o.monitors.overrides.host_cpu_high = { notifyOn: ['alert'], webhook: 'torq' };
      delete o.monitors.overrides.k8s_warning_events;
      o.backend = { type: 's3', bucket: 'acme-tf', key: 'torq/example.tfstate', region: 'eu-west-1' };
      o.adopt = { monitors: { agent_down: 1234 }, webhooks: ['torq'] };
    });
    const source = readJson(path.join(root, 'orgs/example.json'));
    const run = orgNew(root, ['apac', '--site', 'ap1', '--from', 'example']);
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/apac.json'));
    expect(org.site).toBe('ap1');
    expect(org.monitors).toEqual(source.monitors);
    expect(org.webhooks).toEqual(source.webhooks);
    expect(org.health).toEqual(source.health);
    expect(org.keys).toEqual(source.keys);
    expect(org.tags).toEqual(source.tags);
    expect(org).not.toHaveProperty('adopt');
    expect(org.backend).toEqual({ type: 's3', bucket: 'acme-tf', region: 'eu-west-1' });
    const out = run.stdout.join('\n');
    expect(out).toContain('not copied: adopt');
    expect(out).toContain('not copied: backend.key "torq/example.tfstate" (the state of orgs/example.json); apac uses its own default');

    const { stack } = synthProject(root, ['apac', 'example']);
    const apac = stack('apac');
    expect(apac.import).toBeUndefined();
    expect(apac.terraform.backend.s3.key).toBe('torq-datadog/apac.tfstate');
    expect(Object.keys(apac.resource.datadog_monitor).sort()).toEqual(Object.keys(stack('example').resource.datadog_monitor).sort());
    expect(apac.resource.datadog_monitor.monitor_host_cpu_high.message).toMatch(/\{\{#is_alert\}\} @webhook-torq\{\{\/is_alert\}\}$/);
  });

  test('--backend writes a CI-ready org: the backend, $schema, and next steps that say where the state lives', () => {
    const root = copyProject();
    const run = orgNew(root, [
      'eu-prod',
      '--site',
      'datadoghq.eu',
      '--backend',
      's3',
      '--bucket',
      'acme-tf',
      '--region',
      'eu-west-1',
      '--notify',
      '@slack-secops',
    ]);
    expect(run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/eu-prod.json'));
    expect(Object.keys(org)[0]).toBe('$schema');
    expect(org.$schema).toBe('../schema/org.schema.json');
    expect(fs.existsSync(path.join(__dirname, '../../orgs', org.$schema))).toBe(true); // resolves in a clone
    expect(org.site).toBe('eu1'); // Datadog's name for the site, written as the short name
    expect(org.backend).toEqual({ type: 's3', bucket: 'acme-tf', region: 'eu-west-1' });
    const out = run.stdout.join('\n');
    expect(out).toMatch(/^State: s3:\/\/acme-tf\/torq-datadog\/eu-prod\.tfstate \(region eu-west-1\), encrypted, locked by an S3 lock file/m);
    expect(out).toMatch(/^CI deploys it \(CI refuses only local state\)/m);
    // CI accepts it: synth with CI set has no error.
    const ci = synth(root, ['eu-prod'], { CI: 'true' });
    expect(ci.stderr).toEqual([]);
    expect(ci.code).toBe(0);
    expect(ci.stack('eu-prod').terraform.backend.s3).toMatchObject({
      bucket: 'acme-tf',
      key: 'torq-datadog/eu-prod.tfstate',
      region: 'eu-west-1',
      use_lockfile: true,
    });

    for (const [args, backend, state] of [
      [['--backend', 'gcs', '--bucket', 'acme-tf'], { type: 'gcs', bucket: 'acme-tf' }, /^State: gs:\/\/acme-tf\/torq-datadog\/o2\//m],
      [
        ['--backend', 'azurerm', '--resource-group', 'rg', '--storage-account', 'sa', '--container', 'tfstate'],
        { type: 'azurerm', resourceGroupName: 'rg', storageAccountName: 'sa', containerName: 'tfstate' },
        /^State: Azure blob torq-datadog\/o3\.tfstate in container tfstate/m,
      ],
      [
        ['--backend', 'cloud', '--organization', 'acme'],
        { type: 'cloud', organization: 'acme' },
        /^State: HCP Terraform, organization acme, workspace torq-datadog-o4/m,
      ],
    ] as const) {
      const name = `o${2 + ['gcs', 'azurerm', 'cloud'].indexOf(backend.type)}`;
      const r = orgNew(root, [name, '--site', 'us1', ...args]);
      expect(r.stderr).toEqual([]);
      expect(readJson(path.join(root, `orgs/${name}.json`)).backend).toEqual(backend);
      expect(r.stdout.join('\n')).toMatch(state);
    }
  });

  test('without --backend the state is local, written out, and the next steps say that CI refuses it', () => {
    const root = copyProject();
    const run = orgNew(root, ['lab', '--site', 'us3']);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/lab.json'));
    expect(org.$schema).toBe('../schema/org.schema.json');
    expect(org.backend).toEqual({ type: 'local' });
    const out = run.stdout.join('\n');
    expect(out).toContain('State: local, in terraform.lab.tfstate at the project root');
    expect(out).toMatch(/^CI refuses local state: with CI set, synth stops on orgs\/lab\.json until it has a remote backend/m);
    expect(synth(root, ['lab'], { CI: 'true' }).stderr[0]).toMatch(/^orgs\/lab\.json: \$\.backend: error: the backend is \{"type":"local"\} and CI is set/);
  });

  test('backend flags are checked before anything is written', () => {
    const root = copyProject();
    const before = snapshotTree(root);
    expect(orgNew(root, ['x', '--site', 'us1', '--backend', 's3', '--bucket', 'b']).stderr[0]).toBe(
      '--backend s3 needs --region <value>; expected for example: npm run org:new -- eu-prod --site datadoghq.eu --backend s3 --bucket acme-tf-state --region eu-west-1',
    );
    expect(orgNew(root, ['x', '--site', 'us1', '--backend', 'gcs', '--bucket', 'b', '--region', 'r']).stderr[0]).toBe(
      '--region is a field of --backend s3, not of gcs; the gcs backend takes --bucket',
    );
    expect(orgNew(root, ['x', '--site', 'us1', '--backend', 'S3']).stderr[0]).toBe(
      'unknown backend "S3" (did you mean "s3"?); expected one of: s3, gcs, azurerm, cloud, local',
    );
    expect(orgNew(root, ['x', '--site', 'us1', '--bucket', 'b']).stderr[0]).toBe(
      '--bucket is a field of a state backend; expected --backend s3 or gcs with it',
    );
    expect(orgNew(root, ['x', '--site', 'us1', '--bukcet', 'b']).stderr[0]).toMatch(/^unknown option "--bukcet" \(did you mean "--bucket"\?\)/);
    expect(snapshotTree(root)).toEqual(before);
  });

  test("--from with --backend takes the new backend, not the source's", () => {
    const root = copyProject();
    editJson(root, 'orgs/example.json', (o) => {
      o.backend = { type: 's3', bucket: 'acme-tf', key: 'torq/example.tfstate', region: 'eu-west-1' };
    });
    const run = orgNew(root, ['apac', '--site', 'ap1', '--from', 'example', '--backend', 'cloud', '--organization', 'acme']);
    expect(run.code).toBe(0);
    expect(readJson(path.join(root, 'orgs/apac.json')).backend).toEqual({ type: 'cloud', organization: 'acme' });
    expect(run.stdout.join('\n')).toContain(
      'not copied: backend {"type":"s3","bucket":"acme-tf","key":"torq/example.tfstate","region":"eu-west-1"} (apac uses --backend cloud)',
    );
  });

  test('--from copies no Datadog identity and no role ids of the other org (role names are per org, so they stay)', () => {
    const root = tempDir('torq-orgnew-roles-');
    fs.cpSync(path.join(FIXTURES, '..', 'adopt', 'project'), root, { recursive: true });
    editJson(root, 'orgs/acme.json', (o) => {
      o.datadogOrg = { publicId: 'abc123acme' };
      o.monitors = { overrides: { cpu_high: { restrictedRoles: ['SecOps Editors', '8d3c6a52-0000-11ee-9c4b-da7ad0900003'], draftStatus: 'draft' } } };
    });
    const run = orgNew(root, ['beta', '--site', 'us3', '--from', 'acme']);
    expect(run.stderr).toEqual([]);
    const org = readJson(path.join(root, 'orgs/beta.json'));
    expect(org).not.toHaveProperty('datadogOrg');
    expect(org.monitors.overrides.cpu_high).toEqual({ restrictedRoles: ['SecOps Editors'], draftStatus: 'draft' });
    const out = run.stdout.join('\n');
    expect(out).toContain('not copied: datadogOrg');
    expect(out).toContain("not copied: monitors.overrides.cpu_high.restrictedRoles 8d3c6a52-0000-11ee-9c4b-da7ad0900003 (role ids of orgs/acme.json's org");
  });

  test('never overwrites an existing org', () => {
    const root = copyProject();
    const before = snapshotTree(root);
    const run = orgNew(root, ['example', '--site', 'eu1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([
      'orgs/example.json: $: error: the org already exists; expected a new org name (org:new never overwrites: edit orgs/example.json instead)',
      'org:new stopped; nothing was written',
    ]);
    expect(snapshotTree(root)).toEqual(before);
  });

  test('bad input is refused with the value and the expectation, and nothing is written', () => {
    const root = copyProject();
    const before = snapshotTree(root);
    expect(orgNew(root, ['EU', '--site', 'eu1']).stderr[0]).toMatch(
      /^<org>: error: org name "EU" is not valid: expected lower-case letters, digits, "-" or "_", starting with a letter, at most 63 characters/,
    );
    expect(orgNew(root, ['eu', '--site', 'eu']).stderr[0]).toBe(
      '--site: unknown site "eu" (did you mean "eu1"?); expected one of: us1, us3, us5, eu1, ap1, ap2, us1-fed (or Datadog\'s name for it: datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, ap2.datadoghq.com, ddog-gov.com)',
    );
    expect(orgNew(root, ['eu', '--site', 'eu1', '--from', 'exmaple']).stderr[0]).toBe(
      '--from: error: no org "exmaple" (did you mean "example"?); expected one of: example',
    );
    expect(orgNew(root, ['eu']).stderr[0]).toMatch(/^missing --site; expected one of: us1, /);
    // A flag's mistake is told as the flag, not as a JSON path of a file that was never written.
    expect(orgNew(root, ['eu', '--site', 'eu1', '--notify', 'slack-ops']).stderr[0]).toMatch(/^--notify: error: expected an @-handle without spaces/);
    expect(orgNew(root, ['eu', '--site', 'eu1', '--service-account-email', 'not-an-email']).stderr[0]).toMatch(
      /^--service-account-email: error: expected an email address, found "not-an-email"/,
    );
    expect(orgNew(root, ['eu', '--site', 'eu1', '--backend', 's3', '--bucket', '', '--region', 'eu-west-1']).stderr[0]).toMatch(/^--bucket: error: .*found ""/);
    expect(snapshotTree(root)).toEqual(before);
  });

  test('a name over 63 characters is refused with the limit', () => {
    const root = copyProject();
    const name = `a${'b'.repeat(63)}`;
    const run = orgNew(root, [name, '--site', 'eu1']);
    expect(run.code).toBe(1);
    expect(run.stderr[0]).toBe(
      `<org>: error: org name "${name}" is not valid: it is 64 characters long; expected at most 63 (it names the stack, the state and the TF_VAR_ variables)`,
    );
    expect(orgNew(root, [name.slice(0, 63), '--site', 'eu1']).code).toBe(0);
  });

  test('an unknown --site and an unknown --backend are the same kind of mistake, with the same exit', () => {
    const root = copyProject();
    const before = snapshotTree(root);
    expect(parseOrgNewArgs(['eu', '--site', 'eu9'], root)).toMatch(/^--site: unknown site "eu9" \(did you mean "eu1"\?\)/);
    expect(parseOrgNewArgs(['eu', '--site', 'eu1', '--backend', 's4'], root)).toMatch(/^unknown backend "s4" \(did you mean "s3"\?\)/);
    expect(snapshotTree(root)).toEqual(before);
  });

  test("an org whose variables would collide with another org's is refused, blaming the new name, not the existing file", () => {
    const root = copyProject();
    writeJson(path.join(root, 'orgs/prod_eu.json'), { site: 'eu1', keys: { create: false } });
    const run = orgNew(root, ['prod-eu', '--site', 'eu1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toEqual([
      '<org>: error: org name "prod-eu" gives the same Terraform names as the existing orgs/prod_eu.json (TF_VAR_datadog_api_key_prod_eu...: "-" and "_" spell the same); expected a name that differs from "prod_eu" by more than "-" and "_"',
      'org:new stopped; nothing was written',
    ]);
    expect(fs.existsSync(path.join(root, 'orgs/prod-eu.json'))).toBe(false);
  });
});
