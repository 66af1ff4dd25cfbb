/**
 * Every command answers --help and -h the same way: usage on stdout, exit 0, nothing written. And
 * an unknown option gets "did you mean" and exit 1 (the one convention: EXIT). The process boundary (exit code, stdout vs
 * stderr) is checked as a person runs it (`npm run <script> -- --help` runs the script's entry
 * through scripts/run.js): one process for --help and one for an unknown option per command. The
 * other spellings (-h, -h after a name, a misspelled option) go through the same entry functions
 * in-process (the test tools standin and bench:e2e, whose entries run at import, as processes). The scripts are read from package.json, so a new command is covered the day it is
 * added.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { EXIT } from '../../src/cli/args';
import { BENCH, main as benchMain } from '../../src/cli/bench';
import { DRIFT, main as driftMain } from '../../src/cli/drift';
import { main as factsDocMain } from '../../src/cli/factsDoc';
import { ORG_IMPORT, orgImportMain } from '../../src/cli/orgImport';
import { ORG_NEW, orgNewMain } from '../../src/cli/orgNew';
import { PLAN, main as planMain } from '../../src/cli/plan';
import { REVIEW, main as reviewMain } from '../../src/cli/review';
import { REVIEW_BENCH, main as reviewBenchMain } from '../../src/cli/reviewBench';
import { SCHEMA, main as schemaMain } from '../../src/cli/schema';
import { SYNTH, synthMain } from '../../src/cli/synth';
import { VALIDATE, runValidate } from '../../src/cli/validate';
import { snapshotTree } from '../import/helpers';

const SPECS = [SYNTH, VALIDATE, REVIEW, DRIFT, PLAN, ORG_NEW, ORG_IMPORT, BENCH, REVIEW_BENCH, SCHEMA];

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const scripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts;
/** The package's own commands: `node scripts/run.js <entry>` (build, typecheck and test are tsc and jest). */
const commands = Object.entries(scripts)
  .filter(([, cmd]) => cmd.startsWith('node scripts/run.js '))
  .map(([name, cmd]) => ({ name, entry: cmd.slice('node scripts/run.js '.length).trim() }));

let tmp: string;
let project: string;
let runJs: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-help-'));
  // A private copy of scripts/run.js bundles into its own .build/, so these runs never race with
  // another test file bundling the same entry into the repository's .build/.
  fs.mkdirSync(path.join(tmp, 'scripts'));
  runJs = path.join(tmp, 'scripts', 'run.js');
  fs.copyFileSync(path.join(REPO, 'scripts', 'run.js'), runJs);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  project = path.join(tmp, 'project');
  fs.cpSync(path.join(REPO, 'test/fixtures/validate/cli/project'), project, { recursive: true });
});
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function node(entry: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [runJs, path.join(REPO, entry), ...args], {
      cwd: project,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Lines to the process's streams, as the entries of org:new and org:import write them. */
const lineIo = { stdout: (l: string) => process.stdout.write(`${l}\n`), stderr: (l: string) => process.stderr.write(`${l}\n`) };
/**
 * What each command's entry point runs (its file's entry block, or main.ts for synth), called
 * in-process with the project as the current folder and no environment.
 */
const ENTRY_FUNCTIONS: Record<string, { entry: string; run: (argv: string[]) => number | Promise<number> }> = {
  bench: { entry: 'src/cli/bench.ts', run: (argv) => benchMain(argv) },
  'bench:review': { entry: 'src/cli/reviewBench.ts', run: (argv) => reviewBenchMain(argv) },
  'docs:facts': { entry: 'src/cli/factsDoc.ts', run: (argv) => factsDocMain(argv) },
  drift: { entry: 'src/cli/drift.ts', run: (argv) => driftMain(argv, project) },
  'org:import': { entry: 'src/cli/orgImport.ts', run: (argv) => orgImportMain(argv, project, {}, lineIo) },
  'org:new': { entry: 'src/cli/orgNew.ts', run: (argv) => orgNewMain(argv, project, lineIo) },
  plan: { entry: 'src/cli/plan.ts', run: (argv) => planMain(argv, {}, project) },
  review: { entry: 'src/cli/reviewMain.ts', run: (argv) => reviewMain(argv, project, {}) },
  schema: { entry: 'src/cli/schema.ts', run: (argv) => schemaMain(argv) },
  synth: { entry: 'main.ts', run: (argv) => synthMain(argv, {}, project) },
  validate: { entry: 'src/cli/validate.ts', run: (argv) => runValidate(argv, { stdout: process.stdout, stderr: process.stderr, cwd: project }) },
};

/** Test tools whose entry runs at import (no function to call): their -h spellings run as processes too. */
const PROCESS_ONLY: Record<string, string> = { standin: 'test/standin/cli.ts', 'bench:e2e': 'test/e2e/bench.ts' };

/** A command's entry function in-process: its exit code and what it wrote to stdout and stderr. */
async function inProcess(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await ENTRY_FUNCTIONS[name].run(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

test("each command's entry point runs the function this test calls in-process", () => {
  expect(Object.fromEntries(commands.map((c) => [c.name, c.entry]))).toEqual({
    ...Object.fromEntries(Object.entries(ENTRY_FUNCTIONS).map(([name, f]) => [name, f.entry])),
    ...PROCESS_ONLY,
  });
  const entries: Record<string, RegExp> = {
    'main.ts': /process\.exitCode = synthMain\(process\.argv\.slice\(2\), process\.env, process\.cwd\(\)\)/,
    'src/cli/reviewMain.ts': /main\(process\.argv\.slice\(2\)\)/,
    'src/cli/bench.ts': /main\(process\.argv\.slice\(2\)\)/,
    'src/cli/reviewBench.ts': /main\(process\.argv\.slice\(2\)\)/,
    'src/cli/drift.ts': /main\(process\.argv\.slice\(2\)\)/,
    'src/cli/plan.ts': /process\.exitCode = main\(process\.argv\.slice\(2\), process\.env, process\.cwd\(\)\)/,
    'src/cli/schema.ts': /main\(process\.argv\.slice\(2\)\)/,
    'src/cli/factsDoc.ts': /process\.exitCode = main\(process\.argv\.slice\(2\)\)/,
    'src/cli/orgNew.ts': /orgNewMain\(process\.argv\.slice\(2\), process\.cwd\(\), io\)/,
    'src/cli/orgImport.ts': /orgImportMain\(process\.argv\.slice\(2\), process\.cwd\(\), process\.env, io\)/,
    'src/cli/validate.ts': /runValidate\(process\.argv\.slice\(2\), \{ stdout: process\.stdout, stderr: process\.stderr, cwd: process\.cwd\(\) \}\)/,
  };
  for (const { name, entry } of commands) {
    if (!(name in PROCESS_ONLY)) expect({ entry, calls: entries[entry].test(fs.readFileSync(path.join(REPO, entry), 'utf8')) }).toEqual({ entry, calls: true });
  }
});

test('the package has the commands this test knows of; the other scripts are tsc, ESLint, knip, Prettier and jest, which answer --help themselves', () => {
  expect(commands.map((c) => c.name).sort()).toEqual([
    'bench',
    'bench:e2e',
    'bench:review',
    'docs:facts',
    'drift',
    'org:import',
    'org:new',
    'plan',
    'review',
    'schema',
    'standin',
    'synth',
    'validate',
  ]);
  const others = Object.entries(scripts).filter(([name]) => !commands.some((c) => c.name === name));
  expect(others).toEqual([
    ['build', 'tsc -p tsconfig.json'],
    ['typecheck', 'tsc -p tsconfig.json --noEmit'],
    ['test', 'tsc -p tsconfig.json --noEmit && eslint . && knip && prettier --check . --log-level warn && jest'],
    ['lint', 'eslint .'],
    ['deadcode', 'knip'],
    ['format', 'prettier --write .'],
    ['format:check', 'prettier --check .'],
    ['provider:build', 'node scripts/provider.js'],
    ['test:e2e', 'jest -c jest.e2e.config.js'],
  ]);
});

test('npm run provider:build answers --help itself, and refuses an unknown option with exit 1 (a usage mistake, as every command)', async () => {
  const help = await run(process.execPath, [path.join(REPO, 'scripts', 'provider.js'), '--help']);
  expect(help.stdout).toMatch(/^usage: npm run provider:build\n/);
  expect(help.stdout).toContain('\nExamples:\n  npm run provider:build');
  const bad = await run(process.execPath, [path.join(REPO, 'scripts', 'provider.js'), '--notfy']).catch((e: { code: number; stderr: string }) => e);
  expect(bad).toMatchObject({ code: 1, stderr: expect.stringMatching(/^provider:build: unknown option "--notfy"/) });
});

describe.each(commands)('npm run $name', ({ name, entry }) => {
  test('--help and -h print the usage, what it does, its options and an example on stdout, exit 0 and change no file', async () => {
    const before = snapshotTree(project);
    // The real process once; -h, and -h after a name (org:new and org:import must not take -h as
    // the org's name), through the same entry function in-process.
    const runs = [{ args: ['--help'], r: await node(entry, ['--help']) }];
    for (const args of [['-h'], ['acme', '-h']]) runs.push({ args, r: name in PROCESS_ONLY ? await node(entry, args) : await inProcess(name, args) });
    for (const { args, r } of runs) {
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^usage: npm run ${name}( -- |\n)`));
      expect(r.stdout).toContain('\nOptions:\n');
      expect(r.stdout).toContain('-h, --help');
      expect(r.stdout).toMatch(new RegExp(`\nExamples:\n  (\\S+=\\S+ )*npm run ${name}\\b`));
      expect(snapshotTree(project)).toEqual(before);
    }
    expect(runs[1].r.stdout).toBe(runs[0].r.stdout);
  });
});

/**
 * One exit-code convention (EXIT in src/cli/args.ts, docs/cli.md#exit-codes), as Terraform's: a usage
 * mistake exits 1 in every command, since 2 means "found what you asked about" (drift, attention).
 */
test.each(commands)('npm run $name -- --notfy: an unknown option is a usage error with the usage line, exit 1', async ({ name, entry }) => {
  const before = snapshotTree(project);
  const r = await node(entry, name.startsWith('org:') ? ['acme', '--notfy'] : ['--notfy']);
  expect(r.code).toBe(EXIT.usage);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(new RegExp(`^${name}: unknown option "--notfy"`));
  expect(r.stderr).toContain(`usage: npm run ${name}`);
  expect(snapshotTree(project)).toEqual(before);
});

test('every command states the one convention in its --help: a usage mistake is 1, and 2 is never a mistake', () => {
  for (const spec of SPECS) {
    const notes = (spec.notes ?? []).join(' ');
    // What the note lists under 1: from "1 " to the next code ("2 ...") or the end.
    const underOne = /(?:^|[\s:,])1 (.*?)(?:, 2 |$)/.exec(notes)?.[1] ?? '';
    expect({ name: spec.name, usage: underOne.includes('a usage mistake') }).toEqual({ name: spec.name, usage: true });
    expect({ name: spec.name, notes }).not.toEqual({ name: spec.name, notes: expect.stringMatching(/2 a usage mistake/) });
  }
  expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 1, found: 2 });
});

test('a misspelled option gets "did you mean"', async () => {
  expect((await inProcess('org:new', ['acme', '--site', 'eu1', '--notfy', '@slack-x'])).stderr).toMatch(
    /^org:new: unknown option "--notfy" \(did you mean "--notify"\?\)/,
  );
  expect((await inProcess('synth', ['--ogr', 'acme'])).stderr).toMatch(/^synth: unknown option "--ogr" \(did you mean "--org"\?\)/);
  expect((await inProcess('schema', ['--out'])).stderr).toMatch(/^schema: unknown option "--out"; expected one of: --help, -h/);
});
