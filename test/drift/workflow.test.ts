/**
 * .github/workflows/drift.yml: daily and on demand, one read-only job per org in its environment,
 * a refresh-only plan and `npm run drift`, and one issue per org opened, updated and closed. The
 * issue step's script runs here with stand-ins for npm and gh, as GitHub's bash runs it.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { orgVariables, tfIdentifier } from '../../src/config/project';
import { tempDir, thousandDrifted } from './helpers';
import { parseDocument } from 'yaml';
import { loadWorkflow, type Step, type Workflow } from '../helpers/workflow';

const ROOT = path.resolve(__dirname, '..', '..');
const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

const load = loadWorkflow;

const wf = load('drift.yml');
const deploy = load('deploy.yml');
const job = wf.jobs.drift;
const planStep = job.steps.find((s) => s.run?.includes('terraform plan'))!;
const issueStep = job.steps.find((s) => s.run?.includes('scripts/drift-issue.sh'))!;
const issueScript = fs.readFileSync(path.join(ROOT, 'scripts', 'drift-issue.sh'), 'utf8');
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
  expect(
    job.steps
      .map((s) => s.run)
      .filter(Boolean)
      .slice(0, 2),
  ).toEqual(['npm ci', 'npm run synth -- --org "$ORG"']);
  const plan = planStep.run!;
  expect(plan).toContain('cd "cdktf.out/stacks/${ORG}"');
  expect(plan).toMatch(/terraform init -input=false/);
  expect(plan).toMatch(/terraform plan -refresh-only .*-out=drift\.tfplan/);
  // It never holds the state lock, so a deploy that starts meanwhile does not fail on it.
  expect(plan).toMatch(/terraform plan -refresh-only -lock=false /);
  expect(plan).toContain('terraform show -json drift.tfplan > "${RUNNER_TEMP}/drift.json"');
  expect(plan.indexOf('terraform init')).toBeLessThan(plan.indexOf('terraform plan'));
  expect(runs).not.toMatch(/terraform apply|cdktf deploy|-auto-approve/);
  expect(issueScript).toContain('npm run -s drift -- --org "$ORG" --plan "$RUNNER_TEMP/drift.json" --out "$short" --max-chars "$REPORT_MAX"');
  for (const s of [...`${runs}\n${issueScript}`.matchAll(/npm run (?:-\S+ )*([\w:-]+)/g)].map((m) => m[1])) expect(scripts).toContain(s);
  const tf = job.steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform'));
  expect(tf?.with?.terraform_wrapper).toBe(false);
});

test("each org's environment secrets become the TF_VAR_ names of its stack; a read-only application key may replace the deploy's", () => {
  for (const org of ['example', 'eu-prod']) {
    const v = orgVariables(org);
    const text = planStep.run!.replace(/\$\{suffix\}/g, tfIdentifier(org));
    for (const name of [v.apiKey, v.appKey, v.webhookUrl('torq'), v.webhookHeader('torq')]) expect(text).toContain(`"TF_VAR_${name}=`);
  }
  expect(planStep.env?.DRIFT_DATADOG_APP_KEY_SECRET).toBe('${{ secrets.DRIFT_DATADOG_APP_KEY }}');
  expect(planStep.run).toContain(
    'if [ -n "${DRIFT_DATADOG_APP_KEY_SECRET}" ]; then\n  export "TF_VAR_datadog_app_key_${suffix}=${DRIFT_DATADOG_APP_KEY_SECRET}"\nfi',
  );
  expect(planStep.env?.DATADOG_API_KEY_SECRET).toBe('${{ secrets.DATADOG_API_KEY }}');
});

describe("one list of the org's secrets, in deploy.yml and drift.yml", () => {
  const text = (name: string) => fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8');
  /** The org secrets blocks of a workflow (the step's env, then its run), as written. */
  const blocks = (t: string) => [...t.matchAll(/^ *# Org secrets: [^\n]*\n([\s\S]*?)^ *# End of org secrets\.$/gm)].map((m) => m[0]);
  const deploySteps = deploy.jobs.deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!;

  test('the blocks are the same text in both workflows (a secret deploy.yml maps is one drift.yml maps)', () => {
    const d = blocks(text('deploy.yml'));
    expect(d).toHaveLength(2);
    expect(blocks(text('drift.yml'))).toEqual(d);
  });

  test('every secret the deploy step reads reaches the drift plan, as the same TF_VAR_ export', () => {
    const secretsOf = (env: Record<string, string> | undefined) => Object.entries(env ?? {}).filter(([, v]) => v.includes('secrets.'));
    for (const [k, v] of secretsOf(deploySteps.env)) expect([k, planStep.env?.[k]]).toEqual([k, v]);
    const exports = (run: string) =>
      run
        .split('\n')
        .filter((l) => /export "TF_VAR_/.test(l))
        .map((l) => l.trim());
    for (const line of exports(deploySteps.run!)) expect(exports(planStep.run!)).toContain(line);
  });

  test('an org with webhooks[].headers: with the lines org:new prints added to both blocks, the drift plan has every variable the deploy has', () => {
    // What a user adds for a header (src/import/variables.ts, deployMappingLines), in both workflows' blocks.
    const env = '          TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET: ${{ secrets.TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY }}\n';
    const run =
      '          if [ -n "${TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET}" ]; then export "TF_VAR_torq_webhook_header_${suffix}_torq_x_api_key=${TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY_SECRET}"; fi\n';
    const add = (t: string) => {
      const [e, r] = blocks(t);
      return t
        .replace(
          e,
          e.replace(/^ *# End of org secrets\.$/m, (end) => `${env}${end}`),
        )
        .replace(
          r,
          r.replace(/^ *# End of org secrets\.$/m, (end) => `${run}${end}`),
        );
    };
    const variables = (wfText: string, stepOf: (w: Workflow) => Step) => {
      const doc = parseDocument(wfText).toJS() as Workflow;
      const step = stepOf(doc);
      // The step's exports, run by bash with the step's env as GitHub fills it from the environment's secrets.
      const secrets: Record<string, string> = { DATADOG_API_KEY: 'a', DATADOG_APP_KEY: 'b', TORQ_WEBHOOK_URL: 'c', TORQ_WEBHOOK_HEADER_TORQ_X_API_KEY: 'd' };
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, /secrets\.(\w+)/.exec(v) ? (secrets[/secrets\.(\w+)/.exec(v)![1]] ?? '') : v]),
      );
      const script = `${/# Org secrets:[\s\S]*?# End of org secrets\./.exec(step.run!)![0]}\nenv | grep ^TF_VAR_ | cut -d= -f1 | sort`;
      const r = spawnSync('bash', ['-c', script], { env: { PATH: process.env.PATH, ORG: 'eu-prod', ...stepEnv }, encoding: 'utf8' });
      return r.stdout.trim().split('\n');
    };
    const fromDeploy = variables(add(text('deploy.yml')), (w) => w.jobs.deploy.steps.find((s) => s.run?.includes('cdktf deploy'))!);
    const fromDrift = variables(add(text('drift.yml')), (w) => w.jobs.drift.steps.find((s) => s.run?.includes('terraform plan'))!);
    expect(fromDeploy).toContain('TF_VAR_torq_webhook_header_eu_prod_torq_x_api_key');
    expect(fromDrift).toEqual(fromDeploy);
  });
});

describe('the drift issue, one per org (scripts/drift-issue.sh)', () => {
  const GH_LIMIT = 65536;

  /**
   * Runs the report step as GitHub runs it, with stand-ins on PATH: an npm that exits `exit` (or runs
   * the real `npm run drift` when `real` is set), and a gh that knows the open issue `open` and, like
   * GitHub, refuses a body over 65,536 characters.
   */
  function issueStepRun(exit: number, open: string, real?: object) {
    const d = fs.mkdtempSync(path.join(dir(), 'run-'));
    const bin = path.join(d, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(d, 'gh.log');
    if (real) {
      fs.writeFileSync(path.join(d, 'drift.json'), JSON.stringify(real));
      // npm run -s drift -- <args>: the real command.
      fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/bash\nshift 4\nexec node "${ROOT}/scripts/run.js" src/cli/drift.ts "$@"\n`, { mode: 0o755 });
    } else {
      // npm run -s drift -- ... --out <file> --max-chars <n>: writes a report when it finds drift, exits as told.
      fs.writeFileSync(
        path.join(bin, 'npm'),
        `#!/bin/bash\nout="\${@: -3:1}"\n[ "${exit}" = 2 ] && echo "## Datadog changes: REPORT" > "$out"\n[ "${exit}" = 0 ] && echo "No drift: NOTES" > "$out"\nexit ${exit}\n`,
        { mode: 0o755 },
      );
    }
    const gh = [
      '#!/bin/bash',
      `printf '%s\\n' "$*" >> "${log}"`,
      `if [ "$1 $2" = "issue list" ]; then printf '%s' "${open}"; exit 0; fi`,
      // GitHub: "body is too long (maximum is 65536 characters)".
      'for ((i = 1; i <= $#; i++)); do if [ "${!i}" = --body-file ]; then j=$((i + 1)); f="${!j}"; fi; done',
      `if [ -n "$f" ]; then n=$(node -e 'process.stdout.write(String([...require("fs").readFileSync(process.argv[1], "utf8")].length))' "$f"); if [ "$n" -gt ${GH_LIMIT} ]; then echo "GraphQL: Body is too long (maximum is ${GH_LIMIT} characters)" >&2; exit 1; fi; cp "$f" "${d}/posted.md"; fi`,
    ].join('\n');
    fs.writeFileSync(path.join(bin, 'gh'), `${gh}\n`, { mode: 0o755 });
    const summary = path.join(d, 'summary.md');
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      ORG: 'example',
      RUNNER_TEMP: d,
      GITHUB_STEP_SUMMARY: summary,
      RUN_URL: 'https://github.example/run/1',
      GH_TOKEN: 'x',
    };
    // GitHub runs `shell: bash` steps as: bash --noprofile --norc -eo pipefail {0}; the step is `bash scripts/drift-issue.sh`.
    const step = path.join(d, 'step.sh');
    fs.writeFileSync(step, issueStep.run!);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', step], { cwd: ROOT, env, encoding: 'utf8' });
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    return {
      dir: d,
      status: r.status,
      gh: read(log).trim().split('\n').filter(Boolean),
      summary: read(summary),
      issue: read(path.join(d, 'posted.md')),
      full: read(path.join(d, 'drift-full.md')),
      stdout: r.stdout,
      stderr: r.stderr,
    };
  }

  test('the step runs the script, with the token and the run link; the full report goes up as an artifact', () => {
    expect(issueStep.run).toBe('bash scripts/drift-issue.sh');
    expect(Object.keys(issueStep.env ?? {}).sort()).toEqual(['GH_REPO', 'GH_TOKEN', 'RUN_URL']);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.with).toMatchObject({ name: 'drift-report-${{ matrix.org }}', path: '${{ runner.temp }}/drift-full.md', 'if-no-files-found': 'ignore' });
    expect(job.steps.indexOf(upload)).toBeGreaterThan(job.steps.indexOf(issueStep));
  });

  test('drift and no open issue: one is opened, titled with the org, with the report and a footer worded for an issue', () => {
    const r = issueStepRun(2, '');
    expect(r.status).toBe(0);
    expect(r.gh[0]).toMatch(/^issue list --state open .*--jq \.\[\] \| select\(\.title == "Drift in Datadog org example"\) \| \.number$/);
    expect(r.gh[1]).toMatch(/^issue create --title Drift in Datadog org example --body-file .*issue\.md$/);
    expect(r.gh).toHaveLength(2);
    expect(r.issue).toContain('## Datadog changes: REPORT');
    expect(r.issue).toContain(
      '_Found by the drift workflow ([run](https://github.example/run/1)). This issue is updated on each run while example drifts, and closed when Datadog matches the Terraform state again.',
    );
    expect(r.issue).not.toMatch(/pull request|comment/i);
    expect(r.summary).toContain('## Datadog changes: REPORT');
  });

  test('drift and an open issue: its body is replaced, no second issue', () => {
    const r = issueStepRun(2, '17');
    expect(r.status).toBe(0);
    expect(r.gh.slice(1)).toEqual([expect.stringMatching(/^issue edit 17 --body-file .*issue\.md$/)]);
  });

  test('no drift: the open issue is closed with a comment; with none open, nothing is done; the report (its notes) is the summary', () => {
    const r = issueStepRun(0, '17');
    expect(r.status).toBe(0);
    expect(r.gh.slice(1)).toEqual([expect.stringMatching(/^issue close 17 --comment No drift in example any more/)]);
    const none = issueStepRun(0, '');
    expect(none.status).toBe(0);
    expect(none.gh).toHaveLength(1);
    expect(none.summary).toBe('No drift: NOTES\n');
  });

  test('no report (exit 1): the job fails and the issue is left as it is', () => {
    const r = issueStepRun(1, '17');
    expect(r.status).toBe(1);
    expect(r.gh).toEqual([]);
    expect(r.stdout).toContain('::error::npm run drift failed (exit 1)');
  });

  test('1,000 drifted monitors (the real npm run drift): gh, refusing bodies over 65,536 characters, takes the issue; the full report is the summary and the artifact file', () => {
    const r = issueStepRun(2, '', thousandDrifted());
    expect(r.stderr).not.toContain('Body is too long');
    expect(r.status).toBe(0);
    expect(r.gh[1]).toMatch(/^issue create --title Drift in Datadog org example --body-file /);
    expect([...r.issue].length).toBeLessThanOrEqual(GH_LIMIT);
    for (const i of [0, 500, 999]) expect(r.issue).toContain(`\`monitor_disk_space_low_${String(i).padStart(4, '0')}\` (${42000000 + i})`);
    expect(r.issue).toContain("The full report is the run's summary and its `drift-report-example` artifact");
    expect(r.full.length).toBeGreaterThan(GH_LIMIT);
    expect(r.summary).toBe(r.full);
    expect(r.full.split('\n').filter((l) => l.startsWith('- **example** · `datadog_monitor.monitor_disk_space_low_'))).toHaveLength(1000);
  });

  test('the stand-in gh does refuse a body over the limit (so the test above can fail)', () => {
    const d = fs.mkdtempSync(path.join(dir(), 'gh-'));
    const big = path.join(d, 'big.md');
    fs.writeFileSync(big, 'é'.repeat(GH_LIMIT + 1));
    const r = issueStepRun(2, '');
    const gh = path.join(r.dir, 'bin', 'gh');
    const refused = spawnSync(gh, ['issue', 'create', '--title', 't', '--body-file', big], { encoding: 'utf8' });
    expect([refused.error, refused.status]).toEqual([undefined, 1]);
    expect(refused.stderr).toContain('Body is too long (maximum is 65536 characters)');
  });
});
