/**
 * The GitHub workflows: they parse, call only npm scripts that exist, and their inline scripts
 * (listing orgs, checking secrets) do what they say when run here.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { orgVariables, tfIdentifier } from '../../src/config/project';
import { loadWorkflow, type Workflow } from '../helpers/workflow';

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

const load = loadWorkflow;

const runs = (wf: Workflow) =>
  Object.values(wf.jobs)
    .flatMap((j) => j.steps.map((s) => s.run ?? ''))
    .join('\n');

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
  const postScript = fs.readFileSync(path.join(ROOT, '.github/scripts/post-review.js'), 'utf8');

  test('runs on pull_request (never pull_request_target), installs, tests, validates, reviews against the PR base and lists the changed orgs', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    const commands = steps.map((s) => s.run).filter(Boolean);
    expect(commands.slice(0, 4)).toEqual([
      'npm ci',
      'npm test',
      'npm run validate',
      expect.stringContaining(
        'npm run -s review -- --base "$BASE_SHA" --out "$RUNNER_TEMP/review.md" --changed-orgs "$RUNNER_TEMP/changed-orgs.json" \\\n  --full-out "$RUNNER_TEMP/review-full.md" --full-at ',
      ),
    ]);
    expect(commands[3]).toContain('2>&1 | tee "$RUNNER_TEMP/review.err"');
    expect(steps.find((s) => s.id === 'review')?.env?.BASE_SHA).toBe('${{ github.event.pull_request.base.sha }}');
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with?.['fetch-depth']).toBe(0);
    expect(wf.jobs.check.outputs).toEqual({ orgs: '${{ steps.review.outputs.orgs }}' });
  });

  test('one comment found by its hidden marker, updated in place; the job summary for forks (both jobs that write the review use one script)', () => {
    for (const job of [wf.jobs.check, wf.jobs['real-plan']]) {
      const post = job.steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
      expect(String(post.with?.script)).toContain('require(`${process.env.GITHUB_WORKSPACE}/.github/scripts/post-review.js`)');
      // A failed review replaces the previous comment instead of leaving it looking current.
      expect(post.if).toBe("${{ !cancelled() && steps.review.outcome != 'skipped' }}");
      expect(job.steps.find((s) => s.id === 'review')?.shell).toBe('bash');
    }
    expect(postScript).toContain("const marker = '<!-- torq-datadog-as-code:review -->'");
    expect(postScript).toContain('The review could not be made');
    // The full review goes to the job summary and an artifact; the comment is the review's own cut (nothing is cut in the script).
    expect(postScript).toContain('await core.summary.addRaw((full.length < 1000000 ? full : review) + footer).write()');
    expect(postScript).not.toMatch(/lastIndexOf|\.slice\(0, (limit|cut)/);
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))?.with).toMatchObject({
      name: 'datadog-review',
      path: '${{ runner.temp }}/review-full.md',
    });
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('the comment script: creates the comment, then updates it; a fork gets the job summary only', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-post-'));
    try {
      fs.writeFileSync(path.join(tmp, 'review.md'), '## Datadog changes\n');
      Object.assign(process.env, { REVIEW_FILE: path.join(tmp, 'review.md'), REVIEW_ERRORS: path.join(tmp, 'none'), REVIEW_OUTCOME: 'success' });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const post = require(path.join(ROOT, '.github/scripts/post-review.js')) as (a: unknown) => Promise<void>;
      const comments: { id: number; user: { type: string }; body: string }[] = [];
      const calls: string[] = [];
      const github = {
        paginate: () => Promise.resolve(comments),
        rest: {
          issues: {
            listComments: {},
            createComment: ({ body }: { body: string }) => {
              calls.push('create');
              comments.push({ id: 1, user: { type: 'Bot' }, body });
              return Promise.resolve();
            },
            updateComment: ({ comment_id }: { comment_id: number }) => Promise.resolve(calls.push(`update ${comment_id}`)),
          },
        },
      };
      const summary: string[] = [];
      const core = {
        summary: { addRaw: (t: string) => ({ write: () => Promise.resolve(summary.push(t)) }) },
        notice: () => undefined,
        warning: () => undefined,
      };
      const pr = (repo: string) => ({ number: 7, head: { sha: 'abcdef1234', repo: { full_name: repo } }, base: { sha: '1234567abc' } });
      const context = (repo: string) => ({
        payload: { pull_request: pr(repo) },
        repo: { owner: 'acme', repo: 'dd' },
        serverUrl: 'https://github.com',
        runId: 1,
      });
      await post({ github, context: context('acme/dd'), core });
      await post({ github, context: context('acme/dd'), core });
      await post({ github, context: context('fork/dd'), core });
      expect(calls).toEqual(['create', 'update 1']);
      expect(summary).toHaveLength(3);
      expect(comments[0].body).toMatch(/^<!-- torq-datadog-as-code:review -->\n## Datadog changes\n/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
      for (const k of ['REVIEW_FILE', 'REVIEW_ERRORS', 'REVIEW_OUTCOME']) delete process.env[k];
    }
  });

  test("the plan job: per changed org, same-repository PRs only, in the org's plan environment (never the deploy's), its read-only key only", () => {
    const plan = wf.jobs.plan;
    expect(plan.needs).toBe('check');
    expect(plan.strategy?.matrix.org).toBe('${{ fromJSON(needs.check.outputs.orgs) }}');
    expect(plan.strategy?.['fail-fast']).toBe(false);
    expect(plan.if).toContain("needs.check.outputs.orgs != '[]'");
    expect(plan.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(plan.environment).toBe('${{ matrix.org }}-plan');
    expect(plan.environment).not.toBe(load('deploy.yml').jobs.deploy.environment);
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const step = plan.steps.find((s) => s.run?.includes('npm run -s plan'))!;
    expect(step.run).toBe('npm run -s plan -- --org "$ORG" --out "$RUNNER_TEMP/plans/$ORG.json"');
    expect(step.env).toEqual({ DATADOG_PLAN_API_KEY: '${{ secrets.DATADOG_PLAN_API_KEY }}', DATADOG_PLAN_APP_KEY: '${{ secrets.DATADOG_PLAN_APP_KEY }}' });
    // No deploy secret reaches a pull request's job.
    expect(JSON.stringify(plan)).not.toMatch(/secrets\.(DATADOG_API_KEY|DATADOG_APP_KEY|TORQ_WEBHOOK_URL|TORQ_WEBHOOK_HEADER)\b/);
    expect(plan.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform'))?.with?.terraform_wrapper).toBe(false);
  });

  test('the real-plan job hands every plan to the review as --real-plan <org>=<file> (run here with a stand-in npm)', () => {
    const job = wf.jobs['real-plan'];
    expect(job.needs).toEqual(['check', 'plan']);
    expect(job.if).toBe("${{ !cancelled() && needs.plan.result != 'skipped' }}");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-realplan-'));
    try {
      fs.mkdirSync(path.join(tmp, 'plans'));
      for (const org of ['eu-prod', 'us']) fs.writeFileSync(path.join(tmp, 'plans', `${org}.json`), '{}');
      fs.mkdirSync(path.join(tmp, 'bin'));
      fs.writeFileSync(path.join(tmp, 'bin', 'npm'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$RUNNER_TEMP/npm-args"\n', { mode: 0o755 });
      const script = path.join(tmp, 'step.sh');
      fs.writeFileSync(script, job.steps.find((s) => s.id === 'review')!.run!);
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        env: { PATH: `${path.join(tmp, 'bin')}:${process.env.PATH}`, RUNNER_TEMP: tmp, BASE_SHA: 'abc123', RUN_URL: 'https://run/1' },
        encoding: 'utf8',
      });
      expect(r.status).toBe(0);
      const args = fs.readFileSync(path.join(tmp, 'npm-args'), 'utf8').trim().split('\n');
      expect(args).toEqual([
        'run',
        '-s',
        'review',
        '--',
        '--base',
        'abc123',
        '--out',
        `${tmp}/review.md`,
        '--real-plan',
        `eu-prod=${tmp}/plans/eu-prod.json`,
        '--real-plan',
        `us=${tmp}/plans/us.json`,
        '--full-out',
        `${tmp}/review-full.md`,
        '--full-at',
        'the job summary of [this run](https://run/1)',
      ]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('every workflow passes @action-validator/cli (offline: its schemas are in the package)', () => {
  const bin = path.join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
  const files = fs.readdirSync(path.join(ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml'));
  beforeAll(() => {
    if (!fs.existsSync(bin)) throw new Error('@action-validator/cli is not installed (a devDependency): run npm ci');
  });
  test.each(files)('%s', (file) => {
    const r = spawnSync(process.execPath, [bin, path.join('.github/workflows', file)], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: '' });
  });
  test('and it does fail a broken workflow (the check is not vacuous)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-av-'));
    try {
      const bad = path.join(tmp, 'bad.yml');
      fs.writeFileSync(bad, 'name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n');
      const r = spawnSync(process.execPath, [bin, bad], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout + r.stderr).toContain("Additional property 'stepz' is not allowed");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
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
      // The API URL has a default (the site's): it needs no secret (src/stack.ts).
      const variable = {
        datadog_api_key_eu_prod: {},
        datadog_api_url_eu_prod: { default: 'https://api.datadoghq.eu/' },
        datadog_app_key_eu_prod: {},
        torq_webhook_url_eu_prod: {},
      };
      fs.writeFileSync(path.join(tmp, 'cdktf.out/stacks/eu-prod/cdk.tf.json'), JSON.stringify({ variable }));
      const env = { PATH: process.env.PATH, ORG: 'eu-prod', TF_VAR_datadog_api_key_eu_prod: 'secret-api-key-value', TF_VAR_datadog_app_key_eu_prod: '' };
      const r = spawnSync(process.execPath, ['-e', check], { cwd: tmp, env, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout.trim().split('\n')).toEqual([
        '::error::org eu-prod: TF_VAR_datadog_app_key_eu_prod is empty; add its secret to the GitHub environment "eu-prod" (docs/review.md, "Deploy from CI")',
        '::error::org eu-prod: TF_VAR_torq_webhook_url_eu_prod is empty; add its secret to the GitHub environment "eu-prod", and, if the org secrets of deploy.yml and drift.yml do not map it yet, the two lines org:new prints for it to both (docs/orgs.md, "Webhook headers")',
      ]);
      expect(r.stdout + r.stderr).not.toContain('secret-api-key-value');
      const ok = execFileSync(process.execPath, ['-e', check], {
        cwd: tmp,
        env: { ...env, TF_VAR_datadog_app_key_eu_prod: 'x', TF_VAR_torq_webhook_url_eu_prod: 'y' },
        encoding: 'utf8',
      });
      expect(ok).toBe('');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
