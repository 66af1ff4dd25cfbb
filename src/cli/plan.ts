/**
 * `npm run plan -- --org <org> --out <plan.json>`: a real `terraform plan` of one org's stack for a
 * pull request (the "plan" job of .github/workflows/pr.yml), with a read-only Datadog key: state
 * refreshed, no lock taken, never applied. Its `terraform show -json` goes to `--out`, which the
 * review reads with `--real-plan <org>=<plan.json>` (src/review/realPlan.ts).
 *
 * An org it cannot plan gets a note in `--out` instead (and exit 0): no read-only key in the
 * environment, or local state (a CI runner has no state to refresh). A plan Terraform or Datadog
 * refuses gets a note with the error (exit 1), so the review states it too.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { orgVariables } from '../config/project';
import { NOT_REFRESHED_TYPES, writePlanStub } from '../review/realPlan';
import { isEntryPoint } from './entry';
import { ArgCursor, ArgError, CommandSpec, EXIT, Streams, answerHelp, looksLikeOption, processStreams, unknownOption, usageError, usageLine } from './args';
import { runSynth } from './synth';

/** The read-only key's secrets, in the org's plan environment (docs/ci.md#the-read-only-plan-key-environment-org-plan). */
export const PLAN_KEYS = { api: 'DATADOG_PLAN_API_KEY', app: 'DATADOG_PLAN_APP_KEY' } as const;
/** What a variable fed by a secret the plan job must not hold gets (the webhook's URL, header values). */
export const PLACEHOLDER = 'https://plan.invalid/torq-plan-placeholder';

export const PLAN: CommandSpec = {
  name: 'plan',
  synopsis: '--org <org> --out <plan.json> [--root <dir>]',
  summary:
    "Runs terraform plan of one org's stack with a read-only Datadog key (DATADOG_PLAN_API_KEY and DATADOG_PLAN_APP_KEY): synthesizes the org, refreshes its state, takes no lock, applies nothing, " +
    'and writes terraform show -json of the plan to --out for npm run review -- --real-plan <org>=<plan.json>. Without the key, or with local state, it writes a note saying why it did not plan, and exits 0. ' +
    "Torq's application key is left out of the plan (a read-only key cannot read it), and secrets the plan does not hold (the webhook's URL and headers) are placeholders.",
  options: [
    { flag: '--org', value: '<org>', help: 'The org to plan (its file name in orgs/ without .json).' },
    { flag: '--out', value: '<plan.json>', help: "Where the plan's JSON (or the note) goes." },
    { flag: '--root', value: '<dir>', help: 'The project folder (default: the current folder).' },
  ],
  examples: ['DATADOG_PLAN_API_KEY=... DATADOG_PLAN_APP_KEY=... npm run plan -- --org eu-prod --out plan-eu-prod.json'],
  notes: [
    "Needs terraform on PATH and the state backend's read credentials. Exit codes: 0 planned or skipped (the note says why), 1 the plan failed (the note holds the error) or a usage mistake. See docs/ci.md.",
  ],
};

export interface PlanOptions {
  org: string;
  out: string;
  root: string;
}

export function parsePlanArgs(argv: readonly string[], cwd: string): PlanOptions | string {
  let org: string | undefined;
  let out: string | undefined;
  let root = cwd;
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    try {
      if (a === '--org') org = args.required();
      else if (a === '--out') out = path.resolve(cwd, args.required());
      else if (a === '--root') root = path.resolve(cwd, args.required());
      else if (looksLikeOption(a)) return unknownOption(a, PLAN);
      else return `unexpected argument ${JSON.stringify(a)}; ${usageLine(PLAN)}`;
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      return `${e.message}; ${usageLine(PLAN)}`;
    }
  }
  if (org === undefined || out === undefined) return `${org === undefined ? '--org' : '--out'} is required; ${usageLine(PLAN)}`;
  return { org, out, root };
}

type Json = Record<string, unknown>;

/** The last lines of Terraform's error output, with the keys' values masked. */
function tail(text: string, secrets: readonly string[]): string {
  // eslint-disable-next-line no-control-regex -- ESC starts the colour codes Terraform prints, removed on purpose
  let t = text.replace(/\x1b\[[0-9;]*m/g, '').trim();
  for (const s of secrets) if (s.length >= 4) t = t.split(s).join('***');
  return t.split('\n').slice(-30).join('\n');
}

/** Plans one org; see the file's comment. */
export function runPlan(opts: PlanOptions, env: NodeJS.ProcessEnv, io: Streams = processStreams): number {
  const say = (l: string) => io.stdout(`plan ${opts.org}: ${l}\n`);
  const skip = (reason: string) => {
    writePlanStub(opts.out, opts.org, 'skipped', reason);
    say(`skipped: ${reason}`);
    return EXIT.ok;
  };
  const fail = (reason: string) => {
    writePlanStub(opts.out, opts.org, 'failed', reason);
    io.stderr(`plan ${opts.org}: failed:\n${reason}\n`);
    return EXIT.failed;
  };
  const apiKey = env[PLAN_KEYS.api] ?? '';
  const appKey = env[PLAN_KEYS.app] ?? '';
  if (apiKey === '' || appKey === '') {
    const missing = [apiKey === '' ? PLAN_KEYS.api : undefined, appKey === '' ? PLAN_KEYS.app : undefined].filter(Boolean).join(' and ');
    return skip(
      `no read-only Datadog key: the GitHub environment "${opts.org}-plan" has no ${missing} secret (docs/ci.md#the-read-only-plan-key-environment-org-plan says which key and scopes)`,
    );
  }
  // Synth of this org alone; the CI guard is the plan's own decision below (a local state is skipped, not an error).
  const outdir = path.join(opts.root, 'cdktf.out');
  const errors: string[] = [];
  if (runSynth({ root: opts.root, outdir, orgs: [opts.org], stdout: () => undefined, stderr: (l) => errors.push(l), warnings: () => undefined }) !== 0) {
    return fail(`the org does not synthesize:\n${errors.join('\n')}`);
  }
  const stackDir = path.join(outdir, 'stacks', opts.org);
  const stack = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as Json;
  const backend = Object.keys(((stack.terraform as Json | undefined)?.backend as Json | undefined) ?? {})[0] ?? 'local';
  if (backend === 'local')
    return skip(
      `its Terraform state is local (orgs/${opts.org}.json has no remote backend): a plan on a CI runner would start from empty state and show every resource as new`,
    );

  const names = orgVariables(opts.org);
  const tfEnv: NodeJS.ProcessEnv = { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  for (const [v, decl] of Object.entries((stack.variable as Record<string, Json> | undefined) ?? {})) {
    // A variable with a default (the API URL, datadog_api_url_<org>) is no secret: it keeps its default.
    if (decl.default !== undefined) continue;
    tfEnv[`TF_VAR_${v}`] = v === names.apiKey ? apiKey : v === names.appKey ? appKey : PLACEHOLDER;
  }
  const resources = Object.entries((stack.resource as Record<string, Json> | undefined) ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => ({ type, address: `${type}.${name}` })),
  );
  const left = resources.filter((r) => NOT_REFRESHED_TYPES.includes(r.type));
  const targets = left.length === 0 ? [] : resources.filter((r) => !NOT_REFRESHED_TYPES.includes(r.type)).map((r) => `-target=${r.address}`);
  const terraform = (args: string[]) => spawnSync('terraform', [`-chdir=${stackDir}`, ...args], { env: tfEnv, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const secrets = [apiKey, appKey];
  const init = terraform(['init', '-input=false', '-no-color']);
  if (init.error) return fail(`terraform could not be run (${init.error.message}); expected terraform on PATH (hashicorp/setup-terraform)`);
  if (init.status !== 0) return fail(`terraform init failed:\n${tail(init.stderr || init.stdout, secrets)}`);
  // -lock=false: the plan writes nothing, and holding the state's lock would make a deploy that
  // starts meanwhile fail. Its text output stays out of the log (values a drifted field holds).
  const plan = terraform(['plan', '-input=false', '-lock=false', '-refresh=true', '-no-color', '-out=pr.tfplan', ...targets]);
  if (plan.status !== 0) return fail(`terraform plan failed:\n${tail(plan.stderr || plan.stdout, secrets)}`);
  const show = terraform(['show', '-json', 'pr.tfplan']);
  if (show.status !== 0) return fail(`terraform show -json failed:\n${tail(show.stderr, secrets)}`);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, show.stdout);
  const changes = ((JSON.parse(show.stdout) as Json).resource_changes as Json[] | undefined) ?? [];
  const changing = changes.filter((c) => JSON.stringify((c.change as Json | undefined)?.actions) !== '["no-op"]' && c.mode === 'managed').length;
  say(
    `planned: ${changing} resource change(s)${left.length > 0 ? `; left out: ${left.map((r) => r.address).join(', ')} (a read-only key cannot read it)` : ''} -> ${path.relative(opts.root, opts.out) || opts.out}`,
  );
  return EXIT.ok;
}

export function main(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, io: Streams = processStreams): number {
  const help = answerHelp(PLAN, argv, io);
  if (help !== undefined) return help;
  const opts = parsePlanArgs(argv, cwd);
  if (typeof opts === 'string') return usageError(PLAN, opts, io);
  return runPlan(opts, env, io);
}

if (isEntryPoint('plan')) process.exitCode = main(process.argv.slice(2), process.env, process.cwd());
