/**
 * The GitHub workflows: they parse, call only npm scripts that exist, and their inline scripts
 * (listing orgs, checking secrets) do what they say when run here.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { orgVariables, tfIdentifier } from '../../src/config/project';

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
/** `validate` comes from the validation branch; the lead removes this once both are merged. */

type Step = { name?: string; id?: string; uses?: string; run?: string; shell?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = { steps: Step[]; strategy?: { matrix: Record<string, unknown> }; concurrency?: { group: string; 'cancel-in-progress': boolean }; environment?: string; if?: string };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

function load(name: string): Workflow {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const runs = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n');

/** The body of the first `node -e '...'` in a step's script. */
function inlineNode(run: string): string {
  const m = /node -e '([\s\S]*?)'\n/.exec(run);
  if (!m) throw new Error('no inline node script');
  return m[1];
}

describe.each(['pr.yml', 'deploy.yml'])('%s', (name) => {
  test('parses as YAML and calls only npm scripts that exist', () => {
    const wf = load(name);
    const called = [...runs(wf).matchAll(/npm run (?:-\S+ )*([\w:-]+)/g)].map((m) => m[1]);
    expect(called.length).toBeGreaterThan(0);
    for (const s of called) expect(scripts).toContain(s);
    if (/\bnpm test\b/.test(runs(wf))) expect(scripts).toContain('test');
  });
});

describe('pr.yml', () => {
  const wf = load('pr.yml');
  const steps = wf.jobs.check.steps;

  test('runs on pull_request (never pull_request_target), installs, tests, validates, reviews against the PR base', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const commands = steps.map((s) => s.run).filter(Boolean);
    expect(commands.slice(0, 4)).toEqual(['npm ci', 'npm test', 'npm run validate', expect.stringContaining('npm run -s review -- --base "$BASE_SHA" --out "$RUNNER_TEMP/review.md" --full-out "$RUNNER_TEMP/review-full.md" --full-at ')]);
    expect(commands[3]).toContain('2>&1 | tee "$RUNNER_TEMP/review.err"');
    expect(steps.find((s) => s.id === 'review')?.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
  });

  test('one comment found by its hidden marker, updated in place; the job summary for forks', () => {
    const script = String(steps.find((s) => s.uses?.startsWith('actions/github-script'))?.with?.script);
    expect(script).toContain("const marker = '<!-- torq-datadog-as-code:review -->'");
    expect(script).toContain('updateComment');
    // The full review goes to the job summary and an artifact; the comment is the review's own cut (no cutting in YAML).
    expect(script).toContain('await core.summary.addRaw((full.length < 1000000 ? full : review) + footer).write()');
    expect(script).not.toMatch(/lastIndexOf|\.slice\(0, (limit|cut)/);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({ name: 'datadog-review', path: '${{ runner.temp }}/review-full.md' });
    expect(script).toContain('pr.head.repo.full_name !== `${context.repo.owner}/${context.repo.repo}`');
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    // A failed review replaces the previous comment instead of leaving it looking current.
    expect(steps.find((s) => s.uses?.startsWith('actions/github-script'))?.if).toBe("${{ !cancelled() && steps.review.outcome != 'skipped' }}");
    expect(script).toContain('The review could not be made');
    expect(steps.find((s) => s.id === 'review')?.shell).toBe('bash');
  });
});

describe('deploy.yml', () => {
  const wf = load('deploy.yml');
  const deploy = wf.jobs.deploy;

  test('on pushes to main and by hand with an org; one job per org, never two at once on one state', () => {
    expect(wf.on.push).toEqual({ branches: ['main'] });
    expect((wf.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs.org).toMatchObject({ type: 'string', required: false });
    expect(deploy.strategy?.matrix.org).toBe('${{ fromJSON(needs.orgs.outputs.orgs) }}');
    expect(deploy.concurrency).toEqual({ group: 'deploy-${{ matrix.org }}', 'cancel-in-progress': false });
    expect(deploy.environment).toBe('${{ matrix.org }}');
    const tf = deploy.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform'));
    expect(tf?.with?.terraform_wrapper).toBe(false);
    expect(runs(wf)).toContain('npx cdktf deploy "$ORG" --auto-approve');
  });

  test("each org's secrets become the TF_VAR_ names the package gives its variables", () => {
    const script = deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!.run!;
    for (const org of ['example', 'eu-prod']) {
      const v = orgVariables(org);
      const text = script.replace(/\$\{suffix\}/g, tfIdentifier(org));
      for (const name of [v.apiKey, v.appKey, v.webhookUrl('torq'), v.webhookHeader('torq')]) expect(text).toContain(`"TF_VAR_${name}=`);
    }
    expect(script).toContain('suffix="${ORG//-/_}"');
  });

  test('the org list: every orgs/*.json, or the one asked for, or a clear error', () => {
    const list = inlineNode(wf.jobs.orgs.steps.find((s) => s.id === 'list')!.run!);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-wf-'));
    try {
      fs.mkdirSync(path.join(tmp, 'orgs'));
      for (const f of ['prod.json', 'eu-prod.json', 'notes.txt']) fs.writeFileSync(path.join(tmp, 'orgs', f), '{}');
      const output = path.join(tmp, 'out');
      const run = (org: string) => {
        fs.writeFileSync(output, '');
        const r = spawnSync(process.execPath, ['-e', list], { cwd: tmp, env: { ...process.env, ORG: org, GITHUB_OUTPUT: output }, encoding: 'utf8' });
        return { status: r.status, stdout: r.stdout, output: fs.readFileSync(output, 'utf8') };
      };
      expect(run('').output).toBe('orgs=["eu-prod","prod"]\n');
      expect(run('prod').output).toBe('orgs=["prod"]\n');
      const bad = run('staging');
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('::error::no org "staging" in orgs/; expected one of: eu-prod, prod');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test('the secret check names every variable without a value, and never prints a value', () => {
    const check = inlineNode(deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!.run!);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-wf-'));
    try {
      fs.mkdirSync(path.join(tmp, 'cdktf.out/stacks/eu-prod'), { recursive: true });
      const variable = { datadog_api_key_eu_prod: {}, datadog_app_key_eu_prod: {}, torq_webhook_url_eu_prod: {} };
      fs.writeFileSync(path.join(tmp, 'cdktf.out/stacks/eu-prod/cdk.tf.json'), JSON.stringify({ variable }));
      const env = { PATH: process.env.PATH, ORG: 'eu-prod', TF_VAR_datadog_api_key_eu_prod: 'secret-api-key-value', TF_VAR_datadog_app_key_eu_prod: '' };
      const r = spawnSync(process.execPath, ['-e', check], { cwd: tmp, env, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout.trim().split('\n')).toEqual([
        '::error::org eu-prod: TF_VAR_datadog_app_key_eu_prod is empty; add its secret to the GitHub environment "eu-prod" (docs/review.md, "Deploy from CI")',
        '::error::org eu-prod: TF_VAR_torq_webhook_url_eu_prod is empty; add its secret to the GitHub environment "eu-prod" (docs/review.md, "Deploy from CI")',
      ]);
      expect(r.stdout + r.stderr).not.toContain('secret-api-key-value');
      const ok = execFileSync(process.execPath, ['-e', check], { cwd: tmp, env: { ...env, TF_VAR_datadog_app_key_eu_prod: 'x', TF_VAR_torq_webhook_url_eu_prod: 'y' }, encoding: 'utf8' });
      expect(ok).toBe('');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
