/**
 * Output shown in README.md and docs/ is real: every fenced block whose first line is `$ <command>`
 * is run here and its output compared. The convention, for whoever edits the docs:
 *
 * - A block starting with `$ ` is a shell session: each `$ ` line a command, the lines after it its
 *   output (stdout and stderr together), up to the next `$ ` line.
 * - It runs in a fresh git repository holding the package and the frozen example project
 *   (test/fixtures/project, committed on `main`), with `docs/` and `test/fixtures/validate/`; `npm run
 *   <script>` runs the script's entry directly (npm's own `> ...` banner lines are not compared).
 * - In the shown output, a line `...` (indented or not) stands for any number of lines, and a line ending in `...`
 *   for any line that starts with what precedes it.
 * - `<!-- docs-test setup: <shell> -->` just before a block runs that first (an edit under review,
 *   a pasted file). `$ cd <dir>` moves the commands after it. `../shared/` is the team's corpus:
 *   where it is absent, those blocks are skipped, and the skipped test says so.
 * - `<!-- output not checked: <why> -->` just before a block leaves it out, with the reason in the
 *   test's name (a live Datadog org, the machine's timings, files the text builds by hand).
 *   Every other block is checked. `--help` blocks are checked by test/docs.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { makeRepo, PROJECT } from './helpers/gitRepo';

interface Block {
  page: string;
  line: number;
  setup?: string;
  skip?: string;
  session: { command: string; output: string[] }[];
}

const pages = [
  'README.md',
  ...fs
    .readdirSync(path.join(PROJECT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

/** The `$ ` blocks of a page, with their setup or skip comment. */
export function shellBlocks(page: string, text: string): Block[] {
  const lines = text.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```\w*\s*$/.test(lines[i]) || !lines[i + 1]?.startsWith('$ ')) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    let prev = i - 1;
    while (prev >= 0 && lines[prev].trim() === '') prev--;
    const note = /^<!-- (docs-test setup|output not checked): ([\s\S]*?) -->$/.exec(lines[prev] ?? '');
    const session: Block['session'] = [];
    for (const l of lines.slice(i + 1, end)) {
      if (l.startsWith('$ ')) session.push({ command: l.slice(2), output: [] });
      else session[session.length - 1].output.push(l);
    }
    if (session.some((s) => / -- (--help|-h)$/.test(s.command))) continue;
    out.push({
      page,
      line: i + 2,
      session,
      setup: note?.[1] === 'docs-test setup' ? note[2] : undefined,
      skip: note?.[1] === 'output not checked' ? note[2] : undefined,
    });
    i = end;
  }
  return out;
}

/** npm's banner (`> pkg@1.0.0 script`, `> node scripts/run.js ...`) and the blank lines around it. */
function withoutBanner(lines: string[]): string[] {
  const out = lines.filter((l) => !/^> (torq-datadog-as-code@|node scripts\/run\.js )/.test(l));
  while (out.length > 0 && out[0] === '') out.shift();
  return out;
}

/** Shown lines against real ones: `...` is any lines, `text...` any line starting with text. */
export function matches(shown: readonly string[], real: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    if (i === shown.length) r = j === real.length;
    else if (shown[i].trim() === '...') r = go(i + 1, j) || (j < real.length && go(i, j + 1));
    else if (j === real.length) r = false;
    else if (shown[i].endsWith('...')) r = real[j].startsWith(shown[i].slice(0, -3)) && go(i + 1, j + 1);
    else r = shown[i] === real[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const trimEnd = (lines: string[]) => {
  const out = lines.map((l) => l.replace(/\s+$/, ''));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
};

/** A stand-in `npm` whose `run [-s] <script> [--] args` runs the script's entry, as package.json says. */
function npmShim(bin: string): void {
  const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const cases = Object.entries(scripts)
    .filter(([, c]) => c.startsWith('node scripts/run.js '))
    .map(([name, c]) => `    ${name}) entry=${c.slice('node scripts/run.js '.length)} ;;`)
    .join('\n');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/bash\n[ "$1" = run ] || { echo "npm stand-in: only npm run" >&2; exit 97; }\nshift\n[ "$1" = -s ] && shift\nscript="$1"; shift\n[ "$1" = -- ] && shift\ncase "$script" in\n${cases}\n    *) echo "npm stand-in: no script $script" >&2; exit 98 ;;\nesac\nexec node scripts/run.js "$entry" "$@"\n`,
    { mode: 0o755 },
  );
}

const blocks = pages.flatMap((p) => shellBlocks(p, fs.readFileSync(path.join(PROJECT, p), 'utf8')));
const checked = blocks.filter((b) => b.skip === undefined);

test('the convention finds the shown sessions, and the matcher is not vacuous', () => {
  expect(checked.length).toBeGreaterThanOrEqual(8);
  expect(matches(['a', '...', 'z'], ['a', 'b', 'c', 'z'])).toBe(true);
  expect(matches(['a', '...', 'z'], ['a', 'b'])).toBe(false);
  expect(matches(['a lo...'], ['a long line'])).toBe(true);
  expect(matches(['9 monitor(s)'], ['8 monitor(s)'])).toBe(false);
  expect(shellBlocks('x.md', '<!-- output not checked: live -->\n```\n$ npm run a\nout\n$ echo $?\n1\n```\n').map((b) => [b.skip, b.session])).toEqual([
    [
      'live',
      [
        { command: 'npm run a', output: ['out'] },
        { command: 'echo $?', output: ['1'] },
      ],
    ],
  ]);
});

const skipped = blocks.filter((b) => b.skip !== undefined).map((b) => [`${b.page}:${b.line}`, b.skip] as const);
if (skipped.length > 0) test.skip.each(skipped)('%s: not checked: %s', () => undefined);

/** ../shared (the corpus), next to the repository on the team's machines only. */
const SHARED = path.resolve(PROJECT, '..', 'shared');
const needsShared = (b: Block) => b.session.some((s) => s.command.includes('../shared/'));

const runnable = checked.filter((b) => !needsShared(b) || fs.existsSync(SHARED));
if (runnable.length < checked.length)
  test.skip(`../shared absent: ${checked.length - runnable.length} block(s) that read ../shared/corpus are not run (it is on the team's machines only)`, () =>
    undefined);

test.each(runnable.map((b) => [`${b.page}:${b.line}`, b] as const))('%s: the output shown is what the commands print', (_where, block) => {
  const dir = makeRepo();
  // The docs (docs/examples) and the validation fixtures the pages name; copies, so that a command
  // run inside them (`cd test/fixtures/validate`) builds into this repository, not the real one.
  fs.symlinkSync(path.join(PROJECT, 'docs'), path.join(dir, 'docs'), 'dir');
  fs.cpSync(path.join(PROJECT, 'test/fixtures/validate'), path.join(dir, 'test/fixtures/validate'), { recursive: true });
  const bin = path.join(dir, '.docs-bin');
  npmShim(bin);
  const env = {
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '',
    LANG: 'C.UTF-8',
    GIT_AUTHOR_NAME: 'docs',
    GIT_AUTHOR_EMAIL: 'docs@example.com',
    GIT_COMMITTER_NAME: 'docs',
    GIT_COMMITTER_EMAIL: 'docs@example.com',
  };
  const sh = (script: string, cwd = dir) => spawnSync('bash', ['--noprofile', '--norc', '-c', `${script} 2>&1`], { cwd, env, encoding: 'utf8' });
  if (block.setup) expect(sh(block.setup)).toMatchObject({ status: 0 });
  let last = 0;
  let cwd = dir;
  for (const { command, output } of block.session) {
    // `cd <dir>` moves the following commands, as in the shown session.
    if (command.startsWith('cd ')) {
      cwd = path.resolve(cwd, command.slice(3).trim());
      continue;
    }
    const r = sh(command === 'echo $?' ? `exit ${last}` : command.split('../shared/').join(`${SHARED}/`), cwd);
    const real = command === 'echo $?' ? [String(last)] : trimEnd((r.stdout ?? '').split(dir).join('.').split('\n'));
    last = r.status ?? -1;
    const shown = trimEnd(withoutBanner(output));
    if (!matches(shown, real)) expect({ command, output: real }).toEqual({ command, output: shown });
  }
});
