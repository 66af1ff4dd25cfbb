/**
 * `npm run bench:review -- [--orgs 4] [--monitors 500] [--runs 3] [--keep]`
 *
 * The review of a large pull request, timed: a git repository of the package with <orgs> orgs that
 * all deploy a <monitors>-monitor catalog (src/perf/workload.ts), then a commit that changes every
 * monitor (a tag added), deletes 5, renames and edits 3, changes the type of 2, lengthens the
 * window of 10. Runs `npm run review -- --base HEAD~1 --head HEAD`'s
 * code path <runs> times and prints the median wall time (both synths included), the Markdown's
 * size, and checks that every Needs attention item is in it. The last line is machine-readable:
 *   bench:review orgs=<o> monitors=<m> time=<s>s markdown=<KB>KB attention=<n> complete=<yes|no>
 * Not part of `npm test`: it measures the machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { metricMonitor, monitorId, writeWorkload } from '../perf/workload';
import { median } from '../perf/measure';
import { compareStacks } from '../review/compare';
import { redact } from '../review/text';
import { renderMarkdown } from '../review/markdown';
import { synthRevisions } from '../review/revision';
import { review } from './review';
import { isEntryPoint } from './entry';
import { benchGit as git, PACKAGE_CODE as CODE } from '../perf/benchRepo';
import { ArgCursor, CommandSpec, answerHelp, looksLikeOption, unknownOption, usageError, usageLine } from './args';

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Which monitors the change touches: 5 deleted, 3 renamed, 2 of another type and 10 with a longer
 * window, distinct; from index 100 on (ids no org overrides there) when there are 130 or more, else
 * from 0, with fewer windows when fewer than 20 monitors leave room.
 */
export function changeIndices(monitors: number): { deleted: number[]; renamed: number[]; retyped: number[]; window: number[] } {
  const from = monitors >= 130 ? 100 : 0;
  const range = (a: number, b: number) => Array.from({ length: Math.max(0, Math.min(b, monitors) - a) }, (_, k) => a + k);
  return {
    deleted: range(from, from + 5),
    renamed: range(from + 5, from + 8),
    retyped: range(from + 8, from + 10),
    window: from === 100 ? range(120, 130) : range(10, 20),
  };
}

/** The repository: the package's code, the workload as the base commit, the large change as the head. */
export function writeReviewRepo(dir: string, repo: string, orgs: number, monitors: number): void {
  for (const f of CODE) fs.cpSync(path.join(repo, f), path.join(dir, f), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(repo, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\ncdktf.out\n.build\n');
  writeWorkload(dir, { orgs, monitors, assetsFrom: repo });
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'base');
  const file = (i: number) => path.join(dir, 'monitors', `${monitorId(i)}.json`);
  const at = changeIndices(monitors);
  for (let i = 0; i < monitors; i++) {
    const m = metricMonitor(i) as { tags: string[]; query: string; options: { thresholds: { critical: number } } };
    m.tags.push('team:platform');
    if (at.window.includes(i)) m.query = m.query.replace(/last_\d+[mh]/, 'last_4h');
    writeJson(file(i), m);
  }
  const renames = new Map<string, string | null>();
  for (const i of at.deleted) {
    fs.rmSync(file(i));
    renames.set(monitorId(i), null);
  }
  for (const i of at.renamed) {
    const m = JSON.parse(fs.readFileSync(file(i), 'utf8')) as { name: string; options: { thresholds: Record<string, number> }; query: string };
    m.name = `${m.name} (renamed)`;
    fs.rmSync(file(i));
    writeJson(path.join(dir, 'monitors', `${monitorId(i)}_renamed.json`), m);
    renames.set(monitorId(i), `${monitorId(i)}_renamed`);
  }
  for (const i of at.retyped) {
    const m = JSON.parse(fs.readFileSync(file(i), 'utf8')) as Record<string, unknown>;
    writeJson(file(i), {
      ...m,
      type: 'log alert',
      query: `logs("status:error service:svc-${i}").index("*").rollup("count").last("5m") > 100`,
      options: { ...(m.options as object), thresholds: { critical: 100 } },
    });
  }
  // An org's override follows its monitor, as a person would edit it: gone with a deleted file,
  // moved with a renamed one (with few monitors, the workload's overrides land on changed ids).
  for (const f of fs.readdirSync(path.join(dir, 'orgs')).filter((n) => n.endsWith('.json'))) {
    const org = JSON.parse(fs.readFileSync(path.join(dir, 'orgs', f), 'utf8')) as { monitors: { overrides: Record<string, unknown> } };
    const overrides: Record<string, unknown> = {};
    for (const [id, o] of Object.entries(org.monitors.overrides)) {
      const to = renames.has(id) ? renames.get(id) : id;
      if (to) overrides[to] = o;
    }
    org.monitors.overrides = overrides;
    writeJson(path.join(dir, 'orgs', f), org);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'a large change');
}

export const REVIEW_BENCH: CommandSpec = {
  name: 'bench:review',
  synopsis: '[--orgs <n>] [--monitors <n>] [--runs <n>] [--keep]',
  summary:
    'Measures npm run review on a large change: builds a git repository of <orgs> orgs sharing <monitors> catalog monitors in a temp folder, commits a change that adds a tag to every monitor, deletes 5, ' +
    'renames and edits 3, changes the type of 2 and lengthens the window of 10 (fewer under 20 monitors), then reviews it <runs> times. Prints the median time, the Markdown size and whether every Needs attention item is in it. ' +
    'Not part of npm test: it measures the machine. The last line is machine-readable.',
  options: [
    { flag: '--orgs', value: '<n>', help: 'Org files (1 to 20; default 4).' },
    { flag: '--monitors', value: '<n>', help: 'Catalog monitors (10 to 5000; default 500).' },
    { flag: '--runs', value: '<n>', help: 'Reviews to time (1 to 20; default 3).' },
    { flag: '--keep', help: "Keep the temp repository and the review's Markdown, and print the path." },
  ],
  examples: ['npm run bench:review', 'npm run bench:review -- --orgs 4 --monitors 500 --runs 5'],
  notes: [
    'Exit codes: 0 measured and complete, 1 a Needs attention item is missing from the Markdown, a run failed or a usage mistake. See docs/performance.md.',
  ],
};

export function parseReviewBenchArgs(argv: readonly string[]): { orgs: number; monitors: number; runs: number; keep: boolean } | string {
  const opt = { orgs: 4, monitors: 500, runs: 3, keep: false };
  const limits = { orgs: [1, 20], monitors: [10, 5000], runs: [1, 20] } as const;
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    if (a === '--keep') opt.keep = true;
    else if (a === '--orgs' || a === '--monitors' || a === '--runs') {
      const key = a.slice(2) as keyof typeof limits;
      const v = args.value();
      const n = Number(v);
      const [min, max] = limits[key];
      if (v === undefined || !Number.isInteger(n) || n < min || n > max)
        return `${a} expects an integer from ${min} to ${max}, found ${v === undefined ? 'nothing' : JSON.stringify(v)}`;
      opt[key] = n;
    } else if (looksLikeOption(a)) return unknownOption(a, REVIEW_BENCH);
    else return `unexpected argument ${JSON.stringify(a)}; ${usageLine(REVIEW_BENCH)}`;
  }
  return opt;
}

export async function main(argv: readonly string[]): Promise<number> {
  const help = answerHelp(REVIEW_BENCH, argv);
  if (help !== undefined) return help;
  const opt = parseReviewBenchArgs(argv);
  if (typeof opt === 'string') return usageError(REVIEW_BENCH, opt);
  // The package root: above src/cli (ts-node) or .build (the bundle scripts/run.js makes).
  let root = __dirname;
  while (!fs.existsSync(path.join(root, 'package.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-bench-'));
  try {
    writeReviewRepo(dir, root, opt.orgs, opt.monitors);
    const times: number[] = [];
    let markdown = '';
    let attention = 0;
    let complete = true;
    for (let r = 0; r < opt.runs; r++) {
      const t0 = process.hrtime.bigint();
      const res = await review({ root: dir, base: 'HEAD~1', head: 'HEAD', failOnAttention: false }, { ...process.env, CI: 'true' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      markdown = res.markdown;
      attention = res.review.attention.length;
      // In full, or (a comment cut to size) as its one-line short form.
      complete = res.review.attention.every(
        (a) => markdown.includes(redact(a.message.slice(0, 120))) || markdown.includes(redact(a.short ?? a.message).slice(0, 60)),
      );
      process.stdout.write(`run ${r + 1}: ${times[r].toFixed(2)}s, ${(markdown.length / 1024).toFixed(1)} KB\n`);
    }
    if (opt.keep) fs.writeFileSync(path.join(dir, 'review.md'), markdown);
    // The comparison and the Markdown alone (the rest is the two synths, which run in parallel).
    const { base, head } = await synthRevisions(dir, { ref: 'HEAD~1' }, { ref: 'HEAD' }, { ...process.env, CI: 'true' });
    const t1 = process.hrtime.bigint();
    renderMarkdown(compareStacks(base, head), { baseLabel: 'HEAD~1', headLabel: 'HEAD' });
    process.stdout.write(`compare and render alone: ${(Number(process.hrtime.bigint() - t1) / 1e9).toFixed(2)}s\n`);
    const t = median(times);
    process.stdout.write(
      `bench:review orgs=${opt.orgs} monitors=${opt.monitors} time=${t.toFixed(2)}s markdown=${(Buffer.byteLength(markdown) / 1024).toFixed(1)}KB attention=${attention} complete=${complete ? 'yes' : 'no'}\n`,
    );
    return complete ? 0 : 1;
  } finally {
    if (opt.keep) process.stdout.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint('reviewBench')) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`bench:review: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
