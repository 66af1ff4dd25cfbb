/**
 * Synthesizes a git revision into a temporary folder. The base (or a head ref) is checked out in
 * a temporary `git worktree` and synthesized with its own scripts/run.js and main.ts, on the
 * working tree's node_modules; the working tree itself is synthesized in place into a temporary
 * outdir (its cdktf.out is left alone). Review never deploys: the child gets no CI flag and no
 * credentials.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readStacks, Stacks } from './stacks';
import { redact } from './text';

export class ReviewError extends Error {}

/** How many first parents of a base that does not synthesize are tried before reviewing the head as all new. */
const FALLBACK_DEPTH = 5;

/** The environment of a review synth: CI removed (it would refuse local backends) and no secrets. */
export function reviewSynthEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k === 'CI' || /^(TF_VAR_|DD_|DATADOG_)/i.test(k)) continue;
    out[k] = v;
  }
  return out;
}

function git(cwd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.error) throw new ReviewError(`cannot run git (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); the review needs git on PATH`);
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr };
}

/** The commit a ref names, or a clear error. */
export function resolveRef(root: string, ref: string): string {
  const r = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!r.ok) {
    const inRepo = git(root, ['rev-parse', '--git-dir']).ok;
    if (!inRepo) throw new ReviewError(`${root} is not inside a git repository; expected the project's git checkout`);
    throw new ReviewError(
      `git ref ${JSON.stringify(ref)} not found; expected a branch, tag or commit of this repository (in CI, fetch the base first: actions/checkout with fetch-depth: 0)`,
    );
  }
  return r.stdout.trim();
}

function lexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function hasOrgs(dir: string): boolean {
  const orgs = path.join(dir, 'orgs');
  return fs.existsSync(path.join(dir, 'main.ts')) && fs.existsSync(orgs) && fs.readdirSync(orgs).some((f) => f.endsWith('.json'));
}

/** Runs one project folder's synth (its scripts/run.js and main.ts) into outdir. */
function synthFolder(dir: string, outdir: string, label: string, env: NodeJS.ProcessEnv): Promise<Stacks> {
  if (!hasOrgs(dir)) return Promise.resolve<Stacks>(new Map());
  const runner = path.join(dir, 'scripts', 'run.js');
  if (!fs.existsSync(runner)) return Promise.reject(new ReviewError(`${label}: scripts/run.js is missing; expected the package's runner next to main.ts`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, 'main.ts'], {
      cwd: dir,
      env: { ...reviewSynthEnv(env), CDKTF_OUTDIR: outdir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => reject(new ReviewError(`${label}: cannot run node (${e.message})`)));
    child.on('close', (status) => {
      if (status !== 0) {
        // The errors name files, fields and values; a secret pasted into a file is still redacted.
        const detail = redact((stderr.trim() || stdout.trim()).split('\n').slice(-40).join('\n'));
        reject(new ReviewError(`synth of ${label} failed (exit ${status}):\n${detail}`));
        return;
      }
      try {
        resolve(readStacks(outdir));
      } catch (e) {
        reject(new ReviewError(`${label}: cannot read the synthesized output (${(e as Error).message})`));
      }
    });
  });
}

export interface RevisionSpec {
  /** A git ref, or undefined for the working tree at root. */
  ref?: string;
}

/**
 * Synthesizes base and head (in parallel) and always removes the temporary worktrees and outputs.
 */
export async function synthRevisions(
  root: string,
  base: RevisionSpec,
  head: RevisionSpec,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ base: Stacks; head: Stacks; baseError?: string; baseFallback?: string }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-'));
  const worktrees: string[] = [];
  const nodeModules = path.join(root, 'node_modules');
  const prepare = (spec: RevisionSpec, name: string): { dir: string; label: string } => {
    if (spec.ref === undefined) return { dir: root, label: 'the working tree' };
    resolveRef(root, spec.ref);
    const dir = path.join(tmp, name);
    const add = git(root, ['worktree', 'add', '--detach', '--quiet', dir, spec.ref]);
    if (!add.ok) throw new ReviewError(`cannot check out ${JSON.stringify(spec.ref)} in a temporary worktree: ${add.stderr.trim()}`);
    worktrees.push(dir);
    // The revision has no node_modules of its own (unless it committed one): it runs on ours.
    const link = path.join(dir, 'node_modules');
    if (fs.existsSync(nodeModules) && !lexists(link)) fs.symlinkSync(fs.realpathSync(nodeModules), link, 'dir');
    return { dir, label: `${JSON.stringify(spec.ref)}` };
  };
  try {
    const b = prepare(base, 'base');
    const h = prepare(head, 'head');
    // A base that does not synthesize (the PR fixes it) does not stop the review of the head: the
    // head is reviewed as all new, and the review says why.
    let baseError: string | undefined;
    const [bs, hs] = await Promise.all([
      synthFolder(b.dir, path.join(tmp, 'base.out'), `the base (${b.label})`, env).catch((e: unknown) => {
        if (!(e instanceof ReviewError)) throw e;
        baseError = e.message;
        return new Map() as Stacks;
      }),
      synthFolder(h.dir, path.join(tmp, 'head.out'), `the head (${h.label})`, env),
    ]);
    // Then the last revision before the base that synthesizes (a few first parents back), if any.
    let baseFallback: string | undefined;
    if (baseError !== undefined && base.ref !== undefined) {
      const parents = git(root, ['rev-list', '--first-parent', `--max-count=${FALLBACK_DEPTH + 1}`, base.ref]);
      for (const sha of parents.ok ? parents.stdout.split('\n').filter(Boolean).slice(1) : []) {
        const p = prepare({ ref: sha }, `base-${sha.slice(0, 12)}`);
        try {
          const stacks = await synthFolder(p.dir, path.join(tmp, `base-${sha.slice(0, 12)}.out`), `the base's ancestor ${sha.slice(0, 12)}`, env);
          baseFallback = sha;
          return { base: stacks, head: hs, baseError, baseFallback };
        } catch (e) {
          if (!(e instanceof ReviewError)) throw e;
        }
      }
    }
    return { base: bs, head: hs, baseError, baseFallback };
  } finally {
    for (const dir of worktrees) {
      const r = git(root, ['worktree', 'remove', '--force', dir]);
      if (!r.ok) fs.rmSync(dir, { recursive: true, force: true });
    }
    if (worktrees.length > 0) git(root, ['worktree', 'prune']);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A file of the project at a revision (the working tree when `ref` is undefined); undefined when it is absent. */
export function readAtRevision(root: string, ref: string | undefined, file: string): string | undefined {
  if (ref === undefined) {
    const p = path.join(root, file);
    return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
  }
  const r = git(root, ['show', `${ref}:${file}`]);
  return r.ok ? r.stdout : undefined;
}
