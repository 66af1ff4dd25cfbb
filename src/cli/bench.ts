/**
 * `npm run bench -- [--orgs 10] [--monitors 1000] [--runs 5] [--layout shared|per-org] [--keep]`
 *
 * Writes a project of <orgs> org files and <monitors> metric monitors per org in a temp folder
 * (src/perf/workload.ts), then, alternating, runs on it the project's own synth command (the
 * `app` of cdktf.json, which `npm run synth` and `npx cdktf synth` run) and the stock-cdktf
 * baseline (src/perf/baseline.ts), checks that both wrote the same bytes, and prints the median
 * wall time and the highest peak RSS of each, and the ratio of the medians. Also times a
 * small org of its own (8 monitors; it never reads the project's orgs/). The last line is machine-readable:
 *   bench: orgs=<o> monitors=<m> synth=<s>s rss=<MB>MB baseline=<s>s ratio=<x>
 * Not part of `npm test`: it takes a minute or two and measures the machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeWorkload, WorkloadLayout } from '../perf/workload';
import { baselineCommand, writeBaselineProject } from '../perf/baseline';
import { measure, median, Measurement } from '../perf/measure';
import { isEntryPoint } from './entry';
import { ArgCursor, CommandSpec, answerHelp, looksLikeOption, unknownOption, EXIT } from './args';

export interface BenchOptions {
  orgs: number;
  monitors: number;
  runs: number;
  layout: WorkloadLayout;
  keep: boolean;
}

export const BENCH: CommandSpec = {
  name: 'bench',
  synopsis: '[--orgs <n>] [--monitors <n>] [--runs <n>] [--layout shared|per-org] [--keep]',
  summary:
    "Measures synth at scale: writes a project of <orgs> org files and <monitors> metric monitors per org in a temp folder, then runs, alternating, the project's own synth command and a stock-cdktf baseline on it, " +
    'checks that both wrote the same bytes, and prints the median wall time and peak RSS of each and the ratio. Also times a small org of 8 monitors, written with the workload (never your orgs/). ' +
    'Not part of npm test: it takes a minute or two and measures the machine (read the load average it prints). The last line is machine-readable.',
  options: [
    { flag: '--orgs', value: '<n>', help: 'Org files (1 to 99; default 10).' },
    { flag: '--monitors', value: '<n>', help: 'Metric monitors per org (1 to 99999; default 1000).' },
    { flag: '--runs', value: '<n>', help: 'Runs of each command (1 to 99; default 5).' },
    { flag: '--layout', value: 'shared|per-org', help: 'One catalog every org deploys (shared, the default) or a catalog per org.' },
    { flag: '--keep', help: 'Keep the temp folder and print its path.' },
  ],
  examples: ['npm run bench', 'npm run bench -- --orgs 10 --monitors 1000 --runs 3 --layout per-org'],
  notes: ['Exit codes: 0 measured, 1 a run failed, the outputs differ or a usage mistake. See docs/performance.md.'],
};

export function parseBenchArgs(argv: readonly string[]): BenchOptions | string {
  const opts: BenchOptions = { orgs: 10, monitors: 1000, runs: 5, layout: 'shared', keep: false };
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    const flag = a;
    const int = (min: number, max: number): number | string => {
      const v = args.value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < min || n > max)
        return `${flag} expects an integer from ${min} to ${max}, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      return n;
    };
    if (a === '--orgs' || a === '--monitors' || a === '--runs') {
      const n = a === '--monitors' ? int(1, 99999) : int(1, 99);
      if (typeof n === 'string') return n;
      if (a === '--orgs') opts.orgs = n;
      else if (a === '--monitors') opts.monitors = n;
      else opts.runs = n;
    } else if (a === '--layout') {
      const v = args.value();
      if (v !== 'shared' && v !== 'per-org') return `--layout expects "shared" or "per-org", found ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      opts.layout = v;
    } else if (a === '--keep') opts.keep = true;
    else if (looksLikeOption(a)) return unknownOption(a, BENCH);
    else return `unexpected argument ${JSON.stringify(a)}; expected --orgs <n>, --monitors <n>, --runs <n>, --layout shared|per-org or --keep`;
  }
  return opts;
}

/** The `app` command of the project's cdktf.json, as argv. */
function appCommand(repo: string): string[] {
  const cdktf = JSON.parse(fs.readFileSync(path.join(repo, 'cdktf.json'), 'utf8')) as { app: string };
  return cdktf.app.split(/\s+/).filter(Boolean);
}

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

/** Compares two synth outputs byte for byte; undefined when identical, else what differs. */
export function compareOutputs(a: string, b: string): string | undefined {
  const fa = listFiles(a);
  const fb = listFiles(b);
  if (fa.join('\n') !== fb.join('\n')) return `different files: ${fa.length} vs ${fb.length}`;
  for (const f of fa) {
    if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) return `${f} differs`;
  }
  return undefined;
}

const fmt = (m: Measurement) => `${m.seconds.toFixed(2)}s ${Math.round(m.rssMB)}MB`;

/** The small org's size: the template's example org has 8 monitors. */
const SMALL_ORG_MONITORS = 8;

/** The command: argv in, figures on stdout, exit code returned. */
export async function main(argv: readonly string[]): Promise<number> {
  const help = answerHelp(BENCH, argv);
  if (help !== undefined) return help;
  const opts = parseBenchArgs(argv);
  if (typeof opts === 'string') {
    process.stderr.write(`bench: ${opts}\n`);
    return EXIT.usage;
  }
  const repo = path.resolve(__dirname, '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-bench-'));
  const say = (l: string) => process.stdout.write(`${l}\n`);
  try {
    const project = path.join(tmp, 'project');
    writeWorkload(project, { orgs: opts.orgs, monitors: opts.monitors, layout: opts.layout, assetsFrom: repo });
    const baselineDir = path.join(tmp, 'baseline');
    writeBaselineProject(baselineDir, repo);
    const fastArgv = appCommand(repo);
    const baseline = baselineCommand(repo);
    const catalogFiles = fs.readdirSync(path.join(project, 'monitors')).length;
    say(
      `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()}, load average ${os.loadavg()[0].toFixed(2)} (other work on the machine skews the figures)`,
    );
    say(
      `workload: ${opts.orgs} orgs x ${opts.monitors} metric monitors (layout ${opts.layout}: ${catalogFiles} catalog files), one stack per org, in ${project}`,
    );
    say(`synth: ${fastArgv.join(' ')} --root <project> --outdir <out>   (cwd ${repo})`);
    say(`baseline: ${baseline.label}`);

    const fast: Measurement[] = [];
    const slow: Measurement[] = [];
    let outFast = '';
    let outSlow = '';
    for (let i = 0; i < opts.runs; i++) {
      outFast = path.join(tmp, `out-synth-${i}`);
      const f = await measure([...fastArgv, '--root', project, '--outdir', outFast], repo);
      if (f.code !== 0) throw new Error(`synth failed (exit ${f.code}):\n${f.stderrTail}`);
      fast.push(f);
      outSlow = path.join(tmp, `out-baseline-${i}`);
      const b = await measure([...baseline.argv, project, outSlow], baselineDir);
      if (b.code !== 0) throw new Error(`baseline failed (exit ${b.code}):\n${b.stderrTail}`);
      slow.push(b);
      say(`run ${i + 1}/${opts.runs}: synth ${fmt(f)}  baseline ${fmt(b)}`);
      const diff = compareOutputs(outFast, outSlow);
      if (diff !== undefined) throw new Error(`synth and baseline wrote different output: ${diff} (${outFast} vs ${outSlow})`);
      if (i < opts.runs - 1) for (const d of [outFast, outSlow]) fs.rmSync(d, { recursive: true, force: true });
    }
    const files = listFiles(outFast);
    const bytes = files.reduce((n, f) => n + fs.statSync(path.join(outFast, f)).size, 0);
    say(`output: identical, ${files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MB`);

    // A small org of its own (the size of the template's example), never the project's orgs/:
    // a template user replaces the example org, and the bench must not depend on its name.
    const small = path.join(tmp, 'small');
    writeWorkload(small, { orgs: 1, monitors: SMALL_ORG_MONITORS, assetsFrom: repo });
    const example: Measurement[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const m = await measure([...fastArgv, '--root', small, '--outdir', path.join(tmp, `out-small-${i}`)], repo);
      if (m.code !== 0) throw new Error(`synth of the small org failed (exit ${m.code}):\n${m.stderrTail}`);
      example.push(m);
    }
    const s = median(fast.map((m) => m.seconds));
    // Peak RSS is the highest of the runs: V8 sometimes lets the heap grow further before a full GC.
    const peak = (ms: Measurement[]) => Math.round(Math.max(...ms.map((m) => m.rssMB)));
    const rss = peak(fast);
    const b = median(slow.map((m) => m.seconds));
    say(`load average now ${os.loadavg()[0].toFixed(2)}`);
    const ex = median(example.map((m) => m.seconds));
    say(
      `median wall time of ${opts.runs} runs, and the highest peak RSS: synth ${s.toFixed(2)}s ${rss}MB; baseline ${b.toFixed(2)}s ${peak(slow)}MB; one org of ${SMALL_ORG_MONITORS} monitors ${ex.toFixed(2)}s ${peak(example)}MB`,
    );
    say(`bench: orgs=${opts.orgs} monitors=${opts.monitors} synth=${s.toFixed(2)}s rss=${rss}MB baseline=${b.toFixed(2)}s ratio=${(b / s).toFixed(1)}`);
    return 0;
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n`);
    return 1;
  } finally {
    if (opts.keep) say(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (isEntryPoint('bench')) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
