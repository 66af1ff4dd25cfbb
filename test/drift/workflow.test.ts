/**
 * .github/workflows/drift.yml: daily and on demand, one read-only job per org in its environment,
 * a refresh-only plan and `npm run drift`, and one issue per org opened, updated and closed. The
 * issue step's script runs here with stand-ins for npm and gh, as GitHub's bash runs it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { orgVariables, tfIdentifier } from '../../src/config/project';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

type Step = { name?: string; id?: string; uses?: string; run?: string; shell?: string; with?: Record<string, unknown>; env?: Record<string, string>; if?: string };
type Job = { steps: Step[]; if?: string; strategy?: { matrix: Record<string, unknown>; 'fail-fast'?: boolean }; concurrency?: unknown; environment?: string; permissions?: Record<string, string> };
type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

function load(name: string): Workflow {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}

const wf = load('drift.yml');
const deploy = load('deploy.yml');
const job = wf.jobs.drift;
const planStep = job.steps.find((s) => s.run?.includes('terraform plan'))!;
const issueStep = job.steps.find((s) => s.run?.includes('npm run -s drift'))!;
const dir = tempDir();

test('daily and on demand with an optional org; the repository variable DRIFT_DISABLED turns it off', () => {
  expect(wf.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
  expect((wf.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs.org).toMatchObject({ type: 'string', required: false });
  expect(Object.keys(wf.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  expect(wf.jobs.orgs.if).toBe("${{ vars.DRIFT_DISABLED != 'true' }}");
});

test("one job per org, in the org's environment, in a queue of its own, allowed to write issues and nothing else", () => {
  expect(job.strategy?.matrix.org).toBe('${{ fromJSON(needs.orgs.outputs.orgs) }}');
  expect(job.strategy?.['fail-fast']).toBe(false);
  expect(job.environment).toBe('${{ matrix.org }}');
  // Not the deploy's group: a newer job of a group cancels the pending one, and a check must never cancel a deploy.
  expect(job.concurrency).toEqual({ group: 'drift-${{ matrix.org }}', 'cancel-in-progress': false });
  expect(job.concurrency).not.toEqual(deploy.jobs.deploy.concurrency);
  expect(wf.permissions).toEqual({ contents: 'read' });
  expect(job.permissions).toEqual({ contents: 'read', issues: 'write', 'id-token': 'write' });
});

test("the org list and the secret check are the deploy's", () => {
  const list = (w: Workflow) => w.jobs.orgs.steps.find((s) => s.id === 'list')!.run!.replace('orgs to check', 'orgs to deploy');
  expect(list(wf)).toBe(list(deploy));
  const check = (run: string) => /node -e '[\s\S]*?'\n/.exec(run)![0];
  expect(check(planStep.run!)).toBe(check(deploy.jobs.deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!.run!));
});

test('npm ci, synth of the org, then a refresh-only plan and its JSON in the stack folder; nothing is applied', () => {
  const runs = job.steps.map((s) => s.run ?? '').join('\n');
  expect(job.steps.map((s) => s.run).filter(Boolean).slice(0, 2)).toEqual(['npm ci', 'npm run synth -- --org "$ORG"']);
  const plan = planStep.run!;
  expect(plan).toContain('cd "cdktf.out/stacks/${ORG}"');
  expect(plan).toMatch(/terraform init -input=false/);
  expect(plan).toMatch(/terraform plan -refresh-only .*-out=drift\.tfplan/);
  // It never holds the state lock, so a deploy that starts meanwhile does not fail on it.
  expect(plan).toMatch(/terraform plan -refresh-only -lock=false /);
  expect(plan).toContain('terraform show -json drift.tfplan > "${RUNNER_TEMP}/drift.json"');
  expect(plan.indexOf('terraform init')).toBeLessThan(plan.indexOf('terraform plan'));
  expect(runs).not.toMatch(/terraform apply|cdktf deploy|-auto-approve/);
  expect(issueStep.run).toContain('npm run -s drift -- --org "$ORG" --plan "$RUNNER_TEMP/drift.json" --out "$RUNNER_TEMP/drift.md"');
  for (const s of [...runs.matchAll(/npm run (?:-\S+ )*([\w:-]+)/g)].map((m) => m[1])) expect(scripts).toContain(s);
  const tf = job.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform'));
  expect(tf?.with?.terraform_wrapper).toBe(false);
});

test("each org's environment secrets become the TF_VAR_ names of its stack; a read-only application key may replace the deploy's", () => {
  for (const org of ['example', 'eu-prod']) {
    const v = orgVariables(org);
    const text = planStep.run!.replace(/\$\{suffix\}/g, tfIdentifier(org));
    for (const name of [v.apiKey, v.appKey, v.webhookUrl('torq'), v.webhookHeader('torq')]) expect(text).toContain(`"TF_VAR_${name}=`);
  }
  expect(planStep.env?.DATADOG_APP_KEY_SECRET).toBe('${{ secrets.DRIFT_DATADOG_APP_KEY || secrets.DATADOG_APP_KEY }}');
  expect(planStep.env?.DATADOG_API_KEY_SECRET).toBe('${{ secrets.DATADOG_API_KEY }}');
});

describe('the drift issue, one per org', () => {
  /** Runs the issue step's script with an npm that exits `exit` and a gh that knows `open` (an issue number or none). */
  function issueStepRun(exit: number, open: string) {
    const d = fs.mkdtempSync(path.join(dir(), 'run-'));
    const bin = path.join(d, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(d, 'gh.log');
    // npm run -s drift -- ... --out <file>: writes a report when it finds drift, exits as told.
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/bash\nout="\${@: -1}"\n[ "${exit}" = 2 ] && echo "## Datadog changes: REPORT" > "$out"\nexit ${exit}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'gh'), `#!/bin/bash\nprintf '%s\\n' "$*" >> "${log}"\nif [ "$1 $2" = "issue list" ]; then printf '%s' "${open}"; fi\n`, { mode: 0o755 });
    const script = path.join(d, 'step.sh');
    fs.writeFileSync(script, issueStep.run!);
    const summary = path.join(d, 'summary.md');
    const env = { PATH: `${bin}:${process.env.PATH}`, ORG: 'example', RUNNER_TEMP: d, GITHUB_STEP_SUMMARY: summary, RUN_URL: 'https://github.example/run/1', GH_TOKEN: 'x' };
    // GitHub runs `shell: bash` steps as: bash --noprofile --norc -eo pipefail {0}
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { env, encoding: 'utf8' });
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    return { status: r.status, gh: read(log).trim().split('\n').filter(Boolean), summary: read(summary), issue: read(path.join(d, 'issue.md')), stdout: r.stdout };
  }

  test('drift and no open issue: one is opened, titled with the org, with the report', () => {
    const r = issueStepRun(2, '');
    expect(r.status).toBe(0);
    expect(r.gh[0]).toMatch(/^issue list --state open .*--jq \.\[\] \| select\(\.title == "Drift in Datadog org example"\) \| \.number$/);
    expect(r.gh[1]).toMatch(/^issue create --title Drift in Datadog org example --body-file .*issue\.md$/);
    expect(r.gh).toHaveLength(2);
    expect(r.issue).toContain('## Datadog changes: REPORT');
    expect(r.issue).toContain('https://github.example/run/1');
    expect(r.summary).toContain('## Datadog changes: REPORT');
  });

  test('drift and an open issue: its body is replaced, no second issue', () => {
    const r = issueStepRun(2, '17');
    expect(r.status).toBe(0);
    expect(r.gh.slice(1)).toEqual([expect.stringMatching(/^issue edit 17 --body-file .*issue\.md$/)]);
  });

  test('no drift: the open issue is closed with a comment; with none open, nothing is done', () => {
    const r = issueStepRun(0, '17');
    expect(r.status).toBe(0);
    expect(r.gh.slice(1)).toEqual([expect.stringMatching(/^issue close 17 --comment No drift in example any more/)]);
    const none = issueStepRun(0, '');
    expect(none.status).toBe(0);
    expect(none.gh).toHaveLength(1);
    expect(none.summary).toBe('No drift in example.\n');
  });

  test('no report (exit 1): the job fails and the issue is left as it is', () => {
    const r = issueStepRun(1, '17');
    expect(r.status).toBe(1);
    expect(r.gh).toEqual([]);
    expect(r.stdout).toContain('::error::npm run drift failed (exit 1)');
  });
});
