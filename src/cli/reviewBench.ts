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
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { metricMonitor, monitorId, writeWorkload } from '../perf/workload';
import { median } from '../perf/measure';
import { compareStacks } from '../review/compare';
import { renderMarkdown } from '../review/markdown';
import { synthRevisions } from '../review/revision';
import { review } from './review';
import { isEntryPoint } from './entry';

const CODE = ['main.ts', 'src', 'scripts', 'package.json', 'tsconfig.json', 'cdktf.json'];

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' },
  });
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
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
  for (let i = 0; i < monitors; i++) {
    const m = metricMonitor(i) as { tags: string[]; query: string; options: { thresholds: { critical: number } } };
    m.tags.push('team:platform');
    if (i >= 120 && i < 130) m.query = m.query.replace(/last_\d+[mh]/, 'last_4h');
    writeJson(file(i), m);
  }
  // From 100 on: no org file overrides those ids (see orgFile).
  for (let i = 100; i < 105; i++) fs.rmSync(file(i));
  for (let i = 105; i < 108; i++) {
    const m = JSON.parse(fs.readFileSync(file(i), 'utf8')) as { name: string; options: { thresholds: Record<string, number> }; query: string };
    m.name = `${m.name} (renamed)`;
    fs.rmSync(file(i));
    writeJson(path.join(dir, 'monitors', `${monitorId(i)}_renamed.json`), m);
  }
  for (let i = 108; i < 110; i++) {
    const m = JSON.parse(fs.readFileSync(file(i), 'utf8')) as Record<string, unknown>;
    writeJson(file(i), {
      ...m,
      type: 'log alert',
      query: `logs("status:error service:svc-${i}").index("*").rollup("count").last("5m") > 100`,
      options: { ...(m.options as object), thresholds: { critical: 100 } },
    });
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '-m', 'a large change');
}

export async function main(argv: readonly string[]): Promise<number> {
  const opt = { orgs: 4, monitors: 500, runs: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') opt.keep = true;
    else if ((a === '--orgs' || a === '--monitors' || a === '--runs') && /^\d+$/.test(argv[i + 1] ?? '')) opt[a.slice(2) as 'orgs' | 'monitors' | 'runs'] = Number(argv[++i]);
    else {
      process.stderr.write(`bench:review: unknown or incomplete argument ${JSON.stringify(a)}\nusage: npm run bench:review -- [--orgs 4] [--monitors 500] [--runs 3] [--keep]\n`);
      return 2;
    }
  }
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
      complete = res.review.attention.every((a) => markdown.includes(a.message.slice(0, 120)));
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
