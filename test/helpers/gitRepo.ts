/**
 * Small git repositories of the package for review tests: a copy of the project's inputs and
 * code (node_modules symlinked), committed as the base, then changed in the working tree.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const PROJECT = path.resolve(__dirname, '..', '..');

/** The package's code, copied from this checkout. */
const CODE = ['main.ts', 'src', 'scripts', 'package.json', 'tsconfig.json', 'cdktf.json', '.gitignore'];
/** The project's data, from the frozen fixture project (never the working tree's own orgs/, monitors/...). */
const FIXTURE = path.join(PROJECT, 'test', 'fixtures', 'project');
const DATA = ['orgs', 'monitors', 'dashboards', 'service_checks.json', 'moved.json'];

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Review Test',
  GIT_AUTHOR_EMAIL: 'review-test@example.com',
  GIT_COMMITTER_NAME: 'Review Test',
  GIT_COMMITTER_EMAIL: 'review-test@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const made: string[] = [];

const INPUTS = ['orgs', 'monitors', 'dashboards', 'service_checks.json', 'moved.json'];

/**
 * A fresh repository with the package committed on `main`; `withPackage: false` commits only a
 * README. `inputs`: a fixture folder whose orgs, monitors, dashboards, service_checks.json and
 * moved.json replace the project's.
 */
export function makeRepo(opts: { withPackage?: boolean; inputs?: string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-test-'));
  made.push(dir);
  git(dir, 'init', '--quiet', '--initial-branch=main');
  if (opts.withPackage === false) {
    fs.writeFileSync(path.join(dir, 'README.md'), '# before the package\n');
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  } else {
    copyProject(dir);
    if (opts.inputs) {
      for (const f of INPUTS) {
        fs.rmSync(path.join(dir, f), { recursive: true, force: true });
        const src = path.join(opts.inputs, f);
        if (fs.existsSync(src)) fs.cpSync(src, path.join(dir, f), { recursive: true });
      }
    }
  }
  fs.symlinkSync(fs.realpathSync(path.join(PROJECT, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  commitAll(dir, 'base');
  return dir;
}

export function copyProject(dir: string): void {
  for (const [from, files] of [
    [PROJECT, CODE],
    [FIXTURE, DATA],
  ] as const) {
    for (const f of files) {
      const src = path.join(from, f);
      if (fs.existsSync(src)) fs.cpSync(src, path.join(dir, f), { recursive: true });
    }
  }
  // The project's own .gitignore ignores node_modules/ (a folder) but not the symlink.
  fs.appendFileSync(path.join(dir, '.gitignore'), '\nnode_modules\n');
}

export function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '--quiet', '--allow-empty', '-m', message);
}

type Obj = Record<string, any>;

/** Rewrites a JSON file of the repository. */
export function editJson(dir: string, file: string, change: (json: Obj) => void): void {
  const p = path.join(dir, file);
  const json = JSON.parse(fs.readFileSync(p, 'utf8')) as Obj;
  change(json);
  fs.writeFileSync(p, `${JSON.stringify(json, null, 2)}\n`);
}

export function removeRepos(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
