/**
 * The plan reader: a refresh-only plan's JSON is read; everything else is refused with a message
 * that names the file, the JSON path, what was found and what was expected.
 */
import * as path from 'path';
import { parsePlan, PlanError, readPlanFile } from '../../src/drift/plan';
import { checkPlanOrg } from '../../src/drift/org';
import { FIXTURES, fixture, tempDir, writePlan } from './helpers';

const dir = tempDir();

function refused(file: string): string {
  try {
    readPlanFile(file, path.basename(file));
  } catch (e) {
    expect(e).toBeInstanceOf(PlanError);
    return (e as Error).message;
  }
  throw new Error(`${file} was read as a plan`);
}

test('a refresh-only plan: its drift entries, format version and webhook names', () => {
  const plan = readPlanFile(path.join(FIXTURES, 'drift.json'));
  expect(plan.formatVersion).toBe('1.2');
  expect(plan.drift.map((d) => `${d.address} ${d.actions.join(',')}`)).toContain('datadog_monitor.monitor_k8s_crashloop delete');
  expect(plan.drift).toHaveLength(10);
  expect(plan.drift[0].path).toBe('$.resource_drift[0]');
  expect(plan.webhookNames).toEqual(['torq']);
  expect(plan.hasPlannedChanges).toBe(false);
});

test('a clean refresh-only plan has no resource_drift key at all (Terraform omits it), and reads as no drift', () => {
  const doc = fixture('clean.json');
  expect('resource_drift' in doc).toBe(false);
  expect(parsePlan(doc, 'clean.json').drift).toEqual([]);
});

test('a normal plan is read too (its resource_drift is the same), and says it plans changes', () => {
  const plan = readPlanFile(path.join(FIXTURES, 'normal-plan.json'));
  expect(plan.hasPlannedChanges).toBe(true);
  expect(plan.drift.map((d) => d.address)).toEqual(['datadog_monitor.monitor_host_cpu_high']);
});

describe('not a plan', () => {
  test('a missing file', () => {
    expect(refused(path.join(dir(), 'nope.json'))).toBe(
      'nope.json: no such file; expected the JSON of a saved refresh-only plan (terraform plan -refresh-only -out=drift.tfplan, then terraform show -json drift.tfplan > plan.json)',
    );
  });

  test('a folder', () => {
    expect(refused(dir())).toMatch(/: is a folder; expected the JSON of a saved refresh-only plan/);
  });

  test('the binary plan file itself (a zip), with the command that makes its JSON', () => {
    const file = writePlan(dir(), 'drift.tfplan', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(refused(file)).toBe(
      'drift.tfplan: $: this is a binary plan file (a zip archive, as terraform plan -out writes it), not its JSON; run terraform show -json drift.tfplan > plan.json and pass plan.json',
    );
  });

  test('text that is not JSON: the line and column of the error', () => {
    const msg = refused(writePlan(dir(), 'plan.txt', 'Terraform will perform the following actions:\n'));
    expect(msg).toMatch(/^plan\.txt: \$: invalid JSON at line 1, column 1: .*; expected the JSON of a saved refresh-only plan/);
  });

  test('an empty file', () => {
    expect(refused(writePlan(dir(), 'empty.json', ''))).toMatch(
      /^empty\.json: \$: the file is empty; expected a JSON document; expected the JSON of a saved refresh-only plan/,
    );
  });

  test('a state file as Terraform stores it', () => {
    for (const f of ['stored-state.json', 'terraform-1.11.4/stored-state.json']) {
      expect(refused(path.join(FIXTURES, f))).toMatch(
        /^stored-state\.json: \$: this is a Terraform state file \(version 4, with lineage and resources\), not a plan; a state holds no drift/,
      );
    }
  });

  test('terraform show -json of a state', () => {
    for (const f of ['state-show.json', 'terraform-1.11.4/state-show.json']) {
      expect(refused(path.join(FIXTURES, f))).toMatch(
        /^state-show\.json: \$: this is the JSON of a Terraform state \(terraform show -json of a state: it has `values`, no `planned_values`\), not of a plan/,
      );
    }
  });

  test('a line of terraform plan -json, a cdk.tf.json, an array, other JSON', () => {
    const ui = { '@level': 'info', '@message': 'Terraform 1.11.4', '@module': 'terraform.ui', type: 'version' };
    expect(refused(writePlan(dir(), 'ui.json', ui))).toMatch(
      /this is a line of terraform plan -json \(the machine-readable UI stream\), not the JSON of a saved plan/,
    );
    expect(refused(writePlan(dir(), 'cdk.tf.json', { resource: {}, terraform: {} }))).toMatch(
      /this is a Terraform configuration \(a synthesized cdk\.tf\.json\), not a plan/,
    );
    expect(refused(writePlan(dir(), 'list.json', []))).toMatch(/^list\.json: \$: found an array; expected the JSON of a saved refresh-only plan/);
    expect(refused(writePlan(dir(), 'monitor.json', { name: 'x', query: 'y' }))).toMatch(
      /^monitor\.json: \$\.format_version: missing: this JSON is not Terraform's JSON output format/,
    );
  });

  test('another major format version, or no plan keys', () => {
    const doc = fixture('drift.json');
    expect(() => parsePlan({ ...doc, format_version: '2.0' }, 'p.json')).toThrow(/^p\.json: \$\.format_version: found "2\.0"; expected 1\.x/);
    expect(() => parsePlan({ ...doc, format_version: 12 }, 'p.json')).toThrow(/^p\.json: \$\.format_version: found 12; expected a version such as "1\.2"/);
    expect(() => parsePlan({ format_version: '1.2', terraform_version: '1.11.4' }, 'p.json')).toThrow(
      /^p\.json: \$: a Terraform JSON document with no planned_values, resource_changes, resource_drift nor prior_state is not a plan/,
    );
  });

  test('an errored plan: its drift is incomplete', () => {
    expect(() => parsePlan({ ...fixture('drift.json'), errored: true }, 'p.json')).toThrow(
      /^p\.json: \$\.errored: the plan errored .* so its drift is incomplete/,
    );
  });

  test('a malformed resource_drift: the path of the entry, never its values', () => {
    const doc = fixture('drift.json');
    expect(() => parsePlan({ ...doc, resource_drift: {} }, 'p.json')).toThrow(
      'p.json: $.resource_drift: found an object; expected an array of resource changes',
    );
    const entries = doc.resource_drift!;
    const bad = [...entries.slice(0, 2), { ...entries[2], change: { ...(entries[2].change as object), actions: 'update' } }];
    expect(() => parsePlan({ ...doc, resource_drift: bad }, 'p.json')).toThrow(
      'p.json: $.resource_drift[2].change.actions: found a string; expected a non-empty array of action names such as ["update"] or ["delete"]',
    );
    const secret = [{ ...entries[0], change: { ...(entries[0].change as object), after: 'CANARY_SECRET_STRING' } }];
    let msg = '';
    try {
      parsePlan({ ...doc, resource_drift: secret }, 'p.json');
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toBe("p.json: $.resource_drift[0].change.after: found a string; expected the resource's attributes as an object, or null");
    expect(() => parsePlan({ ...doc, resource_drift: [{ ...entries[0], address: '' }] }, 'p.json')).toThrow(
      'p.json: $.resource_drift[0].address: found a string; expected a non-empty string',
    );
  });
});

describe("whose stack: the org's variable names", () => {
  test("the example org's plan is example's", () => {
    expect(() => checkPlanOrg(readPlanFile(path.join(FIXTURES, 'drift.json')), 'example')).not.toThrow();
  });

  test("a plan of eu-prod's stack is refused for example, naming eu_prod and what was expected", () => {
    const plan = readPlanFile(path.join(FIXTURES, 'other-org.json'), 'other-org.json');
    expect(() => checkPlanOrg(plan, 'eu-prod')).not.toThrow();
    expect(() => checkPlanOrg(plan, 'example')).toThrow(
      'other-org.json: $.configuration.root_module.variables: this is a plan of another org\'s stack: it declares datadog_api_key_eu_prod (org "eu_prod" as a Terraform name: "-" and other characters become "_"), ' +
        'not datadog_api_key_example of "example"; expected a plan made in cdktf.out/stacks/example, or --org with the plan\'s org',
    );
  });

  test('a plan of a configuration this package did not synthesize', () => {
    const plan = readPlanFile(path.join(FIXTURES, 'terraform-1.11.4/refresh-only.json'), 'refresh-only.json');
    expect(() => checkPlanOrg(plan, 'example')).toThrow(
      'refresh-only.json: $.configuration.root_module.variables: declares only torq_webhook_url_example; expected datadog_api_key_example and datadog_app_key_example, which the stack of org "example" declares',
    );
  });
});
