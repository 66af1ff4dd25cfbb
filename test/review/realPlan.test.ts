/**
 * The plan job's logic (npm run plan, src/cli/plan.ts) against a stand-in `terraform` on PATH that
 * records how it is called and writes a plan's JSON; and the review's "real plan" section
 * (src/review/realPlan.ts) on what it wrote: agreement, disagreement, skipped and failed orgs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLACEHOLDER, runPlan } from '../../src/cli/plan';
import { review } from '../../src/cli/review';
import { changedOrgs, parseRealPlanArg, readRealPlan } from '../../src/review/realPlan';
import { copyProject, editJson, synth, tempDir } from '../helpers/project';

const API = 'fake-plan-api-key-0123';
const APP = 'fake-plan-app-key-4567';

/**
 * The stand-in: `init` succeeds, `plan` saves pr.tfplan (or fails as Datadog would, with
 * STANDIN_FAIL), `show -json` prints a plan of the stack in -chdir: every resource a no-op except
 * the addresses in STANDIN_UPDATE (an update of `message`), and the webhook's url (a placeholder
 * differs from the live URL: an update of a sensitive value). Each call is logged as JSON.
 */
const STANDIN = `#!/usr/bin/env node
const fs = require('fs'); const path = require('path');
const argv = process.argv.slice(2);
const dir = argv[0].replace(/^-chdir=/, '');
const vars = Object.keys(process.env).filter((k) => k.startsWith('TF_VAR_')).sort();
fs.appendFileSync(process.env.STANDIN_LOG, JSON.stringify({ args: argv.slice(1), vars: Object.fromEntries(vars.map((v) => [v, process.env[v]])) }) + '\\n');
const cmd = argv[1];
if (cmd === 'init') process.exit(0);
if (cmd === 'plan') {
  if (process.env.STANDIN_FAIL) { process.stderr.write('Error: error validating monitor, retrying: 400 Bad Request: {"errors":["The value provided for parameter \\'query\\' is invalid"]} key ' + process.env.TF_VAR_datadog_api_key_example + '\\n'); process.exit(1); }
  fs.writeFileSync(path.join(dir, 'pr.tfplan'), 'PK'); process.exit(0);
}
if (cmd === 'show') {
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  const update = (process.env.STANDIN_UPDATE || '').split(',').filter(Boolean);
  const changes = [];
  for (const [type, byName] of Object.entries(stack.resource)) for (const [name, body] of Object.entries(byName)) {
    const address = type + '.' + name;
    const base = { address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/datadog/datadog' };
    if (update.includes(address)) changes.push({ ...base, change: { actions: ['update'], before: { ...body, message: 'edited in the UI' }, after: body, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
    else if (type === 'datadog_webhook') changes.push({ ...base, change: { actions: ['update'], before: { ...body, url: 'live' }, after: { ...body, url: 'placeholder' }, after_unknown: {}, before_sensitive: { url: true }, after_sensitive: { url: true } } });
    else changes.push({ ...base, change: { actions: ['no-op'], before: body, after: body, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } });
  }
  const variables = Object.fromEntries(Object.keys(stack.variable).map((v) => [v, { sensitive: true }]));
  process.stdout.write(JSON.stringify({ format_version: '1.2', terraform_version: '1.10.5', planned_values: {}, resource_changes: changes, configuration: { root_module: { variables } } }));
  process.exit(0);
}
process.exit(3);
`;

let bin: string;
let log: string;
beforeAll(() => {
  bin = tempDir('torq-standin-');
  fs.writeFileSync(path.join(bin, 'terraform'), STANDIN, { mode: 0o755 });
  log = path.join(bin, 'calls.log');
});

/** A copy of the fixture project whose org has remote state, as an org CI deploys. */
function project(): string {
  const root = copyProject();
  editJson(root, 'orgs/example.json', (o) => {
    o.backend = { type: 's3', bucket: 'acme-tf-state', region: 'eu-west-1' };
  });
  return root;
}

function plan(root: string, extraEnv: NodeJS.ProcessEnv = {}) {
  fs.writeFileSync(log, '');
  const out = path.join(root, 'plans', 'example.json');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, STANDIN_LOG: log, ...extraEnv };
  const code = runPlan({ org: 'example', out, root }, env, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
  const calls = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { args: string[]; vars: Record<string, string> });
  return { code, out, stdout: stdout.join(''), stderr: stderr.join(''), calls };
}

describe('npm run plan (the plan job) against a stand-in terraform', () => {
  test('without a read-only key: skipped, and the note says why; terraform is never run', () => {
    const root = project();
    const r = plan(root);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.stdout).toContain(
      'plan example: skipped: no read-only Datadog key: the GitHub environment "example-plan" has no DATADOG_PLAN_API_KEY and DATADOG_PLAN_APP_KEY secret',
    );
    expect(readRealPlan({ org: 'example', file: r.out })).toEqual({
      org: 'example',
      status: 'skipped',
      reason: expect.stringContaining('no read-only Datadog key'),
    });
  });

  test('an org with local state: skipped (a runner has no state to refresh)', () => {
    const root = copyProject();
    const r = plan(root, { DATADOG_PLAN_API_KEY: API, DATADOG_PLAN_APP_KEY: APP });
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.stdout).toMatch(/skipped: its Terraform state is local/);
  });

  test("with the key: init, then plan lock-free with refresh on, then show -json into --out; Torq's application key left out; secrets it does not hold are placeholders", () => {
    const root = project();
    const r = plan(root, { DATADOG_PLAN_API_KEY: API, DATADOG_PLAN_APP_KEY: APP });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.calls.map((c) => c.args[0])).toEqual(['init', 'plan', 'show']);
    const planArgs = r.calls[1].args;
    expect(planArgs).toEqual(expect.arrayContaining(['-lock=false', '-refresh=true', '-input=false', '-out=pr.tfplan']));
    expect(planArgs).not.toContain('-refresh-only');
    const targets = planArgs.filter((a) => a.startsWith('-target='));
    expect(targets).toContain('-target=datadog_monitor.monitor_host_cpu_high');
    expect(targets.some((t) => t.includes('datadog_service_account_application_key'))).toBe(false);
    expect(r.calls[1].vars).toEqual({
      TF_VAR_datadog_api_key_example: API,
      TF_VAR_datadog_app_key_example: APP,
      TF_VAR_torq_webhook_url_example: PLACEHOLDER,
    });
    expect(r.calls[2].args).toEqual(['show', '-json', 'pr.tfplan']);
    expect(JSON.parse(fs.readFileSync(r.out, 'utf8')).format_version).toBe('1.2');
    expect(r.stdout).toMatch(
      /^plan example: planned: \d+ resource change\(s\); left out: datadog_service_account_application_key\.\w+ \(a read-only key cannot read it\) -> plans\/example\.json\n$/,
    );
  });

  test('a plan Datadog refuses: exit 1, and the note holds the error with the key masked', () => {
    const root = project();
    const r = plan(root, { DATADOG_PLAN_API_KEY: API, DATADOG_PLAN_APP_KEY: APP, STANDIN_FAIL: '1' });
    expect(r.code).toBe(1);
    const note = readRealPlan({ org: 'example', file: r.out });
    expect(note).toEqual({ org: 'example', status: 'failed', reason: expect.stringContaining('error validating monitor, retrying: 400 Bad Request') });
    expect(JSON.stringify(note) + r.stderr).not.toContain(API);
  });
});

describe('the review, given the real plans', () => {
  /** The fixture with its threshold raised (what the offline review sees), both synthesized. */
  function outdirs(root: string) {
    const base = synth(root);
    editJson(root, 'monitors/host_cpu_high.json', (m) => {
      m.query = m.query.replace(/> \d+(\.\d+)?$/, '> 97');
      m.options.thresholds.critical = 97;
    });
    const head = synth(root);
    expect([base.code, head.code]).toEqual([0, 0]);
    return { baseOutdir: base.outdir, headOutdir: head.outdir };
  }

  test('agreement, a disagreement explained, and the orgs to plan', async () => {
    const root = project();
    const dirs = outdirs(root);
    const agree = plan(root, { DATADOG_PLAN_API_KEY: API, DATADOG_PLAN_APP_KEY: APP, STANDIN_UPDATE: 'datadog_monitor.monitor_host_cpu_high' });
    const r1 = await review({ root, ...dirs, failOnAttention: false, realPlans: [{ org: 'example', file: agree.out }] });
    expect(r1.markdown).toContain('### The offline review and the real plan');
    expect(r1.markdown).toContain('- **example**: the real plan agrees with this review (1 resource(s) change).');
    expect(changedOrgs(r1.review)).toEqual(['example']);

    // Someone edited another monitor in the UI: only the real plan sees it.
    const drifted = plan(root, {
      DATADOG_PLAN_API_KEY: API,
      DATADOG_PLAN_APP_KEY: APP,
      STANDIN_UPDATE: 'datadog_monitor.monitor_host_cpu_high,datadog_monitor.monitor_agent_down',
    });
    const r2 = await review({ root, ...dirs, failOnAttention: false, realPlans: [{ org: 'example', file: drifted.out }] });
    expect(r2.markdown).toContain('- **example**: the real plan disagrees with this review on 1 resource(s):');
    expect(r2.markdown).toContain(
      '  - `datadog_monitor.monitor_agent_down`: the real plan updates it (`message`), this review sees no change: Datadog holds something else than the base revision',
    );
  });

  test('skipped and failed orgs are stated with their reason; a file that is no plan is refused by name', async () => {
    const root = project();
    const dirs = outdirs(root);
    const skipped = plan(root);
    const r = await review({ root, ...dirs, failOnAttention: false, realPlans: [{ org: 'example', file: skipped.out }] });
    expect(r.markdown).toMatch(/- \*\*example\*\*: no real plan: no read-only Datadog key: the GitHub environment "example-plan" has no/);
    const failed = plan(root, { DATADOG_PLAN_API_KEY: API, DATADOG_PLAN_APP_KEY: APP, STANDIN_FAIL: '1' });
    const rf = await review({ root, ...dirs, failOnAttention: false, realPlans: [{ org: 'example', file: failed.out }] });
    expect(rf.markdown).toContain('- **example**: the real plan failed, so Datadog or Terraform refuses something this review accepts:');
    const bogus = path.join(root, 'orgs/example.json');
    await expect(review({ root, ...dirs, failOnAttention: false, realPlans: [{ org: 'example', file: bogus }] })).rejects.toThrow(
      /--real-plan example=\.\.\.: orgs\/example\.json: \$\.format_version: missing/,
    );
    expect(parseRealPlanArg('plan.json', root)).toMatch(/^--real-plan expects <org>=<plan.json>/);
  });
});
