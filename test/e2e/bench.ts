/**
 * `npm run bench:e2e -- [--monitors 100,1000]`: terraform plan and apply of one org with <n>
 * monitors against the stand-in Datadog, with the real provider 3.82.0: wall time and API requests
 * of the first deploy and of a large change (a tag added to every monitor, the last 5 deleted, 10
 * windows lengthened), next to the offline `npm run review` of the same change (both synths included). Not a test: it measures the machine. Needs the
 * provider (npm run provider:build, or TDAC_PROVIDER_BIN). Figures: docs/performance.md.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { metricMonitor, monitorId, writeWorkload } from '../../src/perf/workload';
import { benchGit, PACKAGE_CODE } from '../../src/perf/benchRepo';
import { review } from '../../src/cli/review';
import { ArgCursor, CommandSpec, answerHelp, looksLikeOption, unknownOption, usageError, usageLine } from '../../src/cli/args';
import { startStandin } from '../standin/server';
import { TfResult, synthInto, tail } from './harness';
import { seedRoles } from './apply';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const provider = require('../../scripts/provider') as {
  locateProvider(env: NodeJS.ProcessEnv): string | undefined;
  writeCliConfig(bin: string, env: NodeJS.ProcessEnv): string;
};

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed(requests: { length: number }, what: string, run: () => Promise<TfResult>, expectCode: number[] = [0]): Promise<string> {
  const before = requests.length;
  const r = await run();
  if (!expectCode.includes(r.code)) throw new Error(`${what} failed (exit ${r.code}):\n${tail(r)}`);
  return `${what}: ${secs(r.ms)}, ${requests.length - before} API requests`;
}

/** A git repository: the package's code and a one-org workload of n monitors (base), then the large change (head). */
function writeRepo(dir: string, repo: string, n: number): void {
  const git = (...args: string[]) => benchGit(dir, ...args);
  for (const f of PACKAGE_CODE) fs.cpSync(path.join(repo, f), path.join(dir, f), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\ncdktf.out\n.build\n.e2e\n');
  writeWorkload(dir, { orgs: 1, monitors: n, assetsFrom: repo });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'base');
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, 'monitors', `${monitorId(i)}.json`);
    if (i >= n - 5) {
      fs.rmSync(file);
      continue;
    }
    const m = metricMonitor(i) as { tags: string[]; query: string };
    m.tags.push('team:platform');
    if (i >= 20 && i < 30) m.query = m.query.replace(/last_\d+[mh]/, 'last_4h');
    fs.writeFileSync(file, `${JSON.stringify(m, null, 2)}\n`);
  }
  // The org file's overrides name the first ids only (src/perf/workload.ts), none of the deleted.
  git('add', '-A');
  git('commit', '--quiet', '-m', 'a large change');
}

async function benchOne(repo: string, n: number): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tdac-bench-e2e-${n}-`));
  const out: string[] = [];
  const standin = await startStandin();
  try {
    writeRepo(dir, repo, n);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    const work = path.join(dir, '.e2e');
    git('checkout', '--quiet', 'HEAD~1');
    let d = synthInto(dir, work, standin);
    const org = [...d.stacks.keys()][0];
    let stack = d.stack(org);
    seedRoles(standin, stack);
    const init = await stack.init();
    if (init.code !== 0) throw new Error(`init failed:\n${tail(init)}`);
    const resources = Object.values<Record<string, unknown>>(stack.json().resource).reduce((k, byType) => k + Object.keys(byType).length, 0);
    out.push(`${n} monitors (${resources} resources), first deploy:`);
    out.push(`  ${await timed(standin.state.requests, 'plan', () => stack.plan(), [2])}`);
    out.push(`  ${await timed(standin.state.requests, 'apply', () => stack.apply())}`);
    git('checkout', '--quiet', 'main');
    d = synthInto(dir, work, standin);
    stack = d.stack(org);
    if ((await stack.init()).code !== 0) throw new Error('init failed');
    out.push(`${n} monitors, the large change:`);
    out.push(`  ${await timed(standin.state.requests, 'plan', () => stack.plan(), [2])}`);
    out.push(`  ${await timed(standin.state.requests, 'apply', () => stack.apply())}`);
    out.push(`  ${await timed(standin.state.requests, 'plan after apply (empty)', () => stack.plan(), [0])}`);
    const t0 = Date.now();
    await review({ root: dir, base: 'HEAD~1', head: 'HEAD', failOnAttention: false }, { ...process.env, CI: 'true' });
    out.push(`  npm run review of the same change (offline, both synths included): ${secs(Date.now() - t0)}`);
  } finally {
    await standin.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const BENCH_E2E: CommandSpec = {
  name: 'bench:e2e',
  synopsis: '[--monitors <n,n...>]',
  summary:
    'Times terraform plan and apply of one org with <n> monitors against the stand-in Datadog, with the real provider 3.82.0 (npm run provider:build, or TDAC_PROVIDER_BIN): ' +
    'the first deploy, then a large change (a tag on every monitor, 5 deleted, 10 windows lengthened), with the API requests of each, next to the offline npm run review of the same change. ' +
    'Not part of any test: it measures the machine.',
  options: [{ flag: '--monitors', value: '<n,n...>', help: 'Org sizes, comma-separated (10 to 5000 each; default 100,1000).' }],
  examples: ['npm run bench:e2e', 'TDAC_PROVIDER_BIN=/path/to/terraform-provider-datadog npm run bench:e2e -- --monitors 300'],
  notes: ['Exit codes: 0 measured, 1 no provider binary, a run failed or a usage mistake. See docs/performance.md.'],
};

function parse(argv: readonly string[]): number[] | string {
  let sizes = [100, 1000];
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--monitors') {
      const v = args.value();
      const list = (v ?? '').split(',').map(Number);
      if (v === undefined || list.some((n) => !Number.isInteger(n) || n < 10 || n > 5000))
        return `--monitors expects sizes from 10 to 5000, comma-separated, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      sizes = list;
    } else if (looksLikeOption(a)) return unknownOption(a, BENCH_E2E);
    else return `unexpected argument ${JSON.stringify(a)}; ${usageLine(BENCH_E2E)}`;
  }
  return sizes;
}

async function main(argv: readonly string[]): Promise<number> {
  const help = answerHelp(BENCH_E2E, argv);
  if (help !== undefined) return help;
  const sizes = parse(argv);
  if (typeof sizes === 'string') return usageError(BENCH_E2E, sizes);
  const bin = provider.locateProvider(process.env);
  if (!bin) {
    process.stderr.write('bench:e2e: no terraform-provider-datadog 3.82.0 binary: run npm run provider:build, or set TDAC_PROVIDER_BIN\n');
    return 1;
  }
  process.env.TF_CLI_CONFIG_FILE = provider.writeCliConfig(bin, process.env);
  let repo = __dirname;
  while (!fs.existsSync(path.join(repo, 'package.json')) && path.dirname(repo) !== repo) repo = path.dirname(repo);
  process.stdout.write(`bench:e2e: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, terraform -parallelism=10, provider ${bin}\n`);
  for (const n of sizes) process.stdout.write(`${(await benchOne(repo, n)).join('\n')}\n`);
  process.stdout.write(`load average at the end ${os.loadavg()[0].toFixed(1)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench:e2e: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
