/**
 * The synth command: files -> model -> validation -> cdktf.out. Bad input stops it before anything
 * is written, with every problem as `file: json.path: message`, and exit code 1.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatFinding, hasErrors, sortFindings } from '../config/findings';
import { checkProject } from '../validate/project';
import { buildApp } from '../app';
import { withFastCdktf } from '../perf/fastCdktf';
import { localStateFindings, refuseLocalState } from './ciGuard';
import { ArgCursor, ArgError, CommandSpec, Streams, answerHelp, looksLikeOption, processStreams, unknownOption, usageError } from './args';

export interface SynthOptions {
  /** The project folder (orgs/, monitors/, dashboards/, service_checks.json). */
  root: string;
  /** Where cdktf.out goes; cdktf-cli passes CDKTF_OUTDIR. */
  outdir: string;
  orgs?: string[];
  /** The environment the CI guard reads (src/cli/ciGuard.ts); none given means no guard. */
  env?: NodeJS.ProcessEnv;
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
  /** What printed paths are relative to (default: the process's current folder). */
  cwd?: string;
  /** Where warnings go; stderr unless given (main.ts sends them to stdout under cdktf-cli). */
  warnings?: (line: string) => void;
}

/**
 * True when cdktf-cli (`npx cdktf synth|deploy|diff`) runs the app: it sets this variable for the
 * app command only. cdktf-cli 0.21 prints every chunk of the app's stderr through its logger at
 * error level (`[ERROR] default - ...`) and the app's stdout as it is, so under it warnings go to
 * stdout, to be shown as the warnings they are; errors stay on stderr.
 */
export function underCdktfCli(env: NodeJS.ProcessEnv): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

export function runSynth(opts: SynthOptions): number {
  const out = opts.stdout ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.stderr ?? ((l: string) => process.stderr.write(`${l}\n`));
  const warn = opts.warnings ?? err;
  const checked = checkProject(opts.root, { orgs: opts.orgs });
  const { project } = checked;
  const findings = project && opts.env && refuseLocalState(opts.env) ? [...checked.findings, ...localStateFindings(project, opts.env)] : checked.findings;
  for (const f of sortFindings(findings)) (f.severity === 'error' ? err : warn)(formatFinding(f));
  if (!project || hasErrors(findings)) {
    const n = findings.filter((f) => f.severity === 'error').length;
    err(`synth stopped: ${n} error${n === 1 ? '' : 's'}; nothing was written`);
    return 1;
  }
  try {
    withFastCdktf(() => buildApp(project, opts.outdir).synth());
  } catch (e) {
    // A file system refusal (--outdir is a file, a read-only or full disk) is the user's to fix, not a stack trace.
    const { code, path: at } = e as NodeJS.ErrnoException;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) throw e;
    const shown = path.relative(opts.cwd ?? process.cwd(), at ?? opts.outdir) || '.';
    err(
      `${shown}: $: error: cannot write the stacks there (${code}); expected the output folder (${path.relative(opts.cwd ?? process.cwd(), opts.outdir) || '.'}, set by --outdir or CDKTF_OUTDIR) to be a folder this user can write`,
    );
    err('synth stopped: the output folder cannot be written');
    return 1;
  }
  for (const org of project.orgs) {
    const rel = path.relative(opts.cwd ?? process.cwd(), path.join(opts.outdir, 'stacks', org.name, 'cdk.tf.json')) || '.';
    out(
      `synthesized ${org.name} (${org.site}): ${org.webhooks.length} webhook(s), ${org.monitors.length} monitor(s), ` +
        `${org.healthMonitors.length} health monitor(s), ${org.dashboards.length} dashboard(s)${org.access ? ', Torq keys' : ''} -> ${rel}`,
    );
  }
  // A full synth is the whole truth: a stack folder whose org file is gone would otherwise stay, and
  // look deployable. With --org, the other orgs' stacks are someone else's business.
  if (!opts.orgs || opts.orgs.length === 0) {
    const { removed, kept } = removeStaleStacks(
      opts.outdir,
      project.orgs.map((o) => o.name),
    );
    const shown = (dir: string) => path.relative(opts.cwd ?? process.cwd(), dir) || dir;
    for (const dir of removed)
      out(`removed ${shown(dir)}: no org file orgs/${path.basename(dir)}.json (its resources in Datadog are untouched; see docs/review.md)`);
    for (const dir of kept)
      warn(
        `${shown(dir)}: $: warning: no org file orgs/${path.basename(dir)}.json, but the folder holds a Terraform state file, so it is kept; expected its state moved or destroyed first`,
      );
  }
  return 0;
}

/**
 * Removes `<outdir>/stacks/<name>` folders that are not stacks of these orgs (as cdktf-cli does
 * after its own synth). A folder holding a Terraform state file is kept: losing state is worse
 * than a stale folder.
 */
export function removeStaleStacks(outdir: string, orgs: readonly string[]): { removed: string[]; kept: string[] } {
  const stacks = path.join(outdir, 'stacks');
  const result = { removed: [] as string[], kept: [] as string[] };
  if (!fs.existsSync(stacks)) return result;
  for (const e of fs.readdirSync(stacks, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || orgs.includes(e.name)) continue;
    const dir = path.join(stacks, e.name);
    if (fs.readdirSync(dir).some((f) => /\.tfstate(\.|$)/.test(f))) {
      result.kept.push(dir);
      continue;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    result.removed.push(dir);
  }
  return result;
}

export const SYNTH: CommandSpec = {
  name: 'synth',
  synopsis: '[--org <name>]... [--root <dir>] [--outdir <dir>]',
  summary:
    'Reads the project (orgs/, monitors/, dashboards/, service_checks.json), validates it, and writes one Terraform stack per org into cdktf.out/stacks/<org>/cdk.tf.json. ' +
    'Needs no credentials and no network. Any error stops it before anything is written; warnings are printed and do not stop it. ' +
    'A full synth (no --org) also removes the stack folders of orgs that no longer have a file. `npx cdktf synth` and `npx cdktf deploy` run the same app.',
  options: [
    { flag: '--org', value: '<name>', help: 'Only this org (repeatable); the other stacks in cdktf.out are left as they are.' },
    { flag: '--root', value: '<dir>', help: 'The project folder (default: the current folder).' },
    { flag: '--outdir', value: '<dir>', help: 'Where the stacks go (default: cdktf.out, or CDKTF_OUTDIR when cdktf-cli runs it).' },
  ],
  examples: ['npm run synth', 'npm run synth -- --org example', 'CI=true npm run synth   # as CI runs it: local state is refused'],
  notes: [
    'Exit codes: 0 written, 1 findings (nothing written) or a usage mistake. With CI set, an org whose Terraform state is local is an error (TORQ_ALLOW_LOCAL_STATE=1 allows it). See docs/cli.md and docs/validation.md.',
  ],
};

/** Parses `[--org name]... [--root dir] [--outdir dir]`. */
export function parseSynthArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): SynthOptions | string {
  const opts: SynthOptions = { root: cwd, outdir: env.CDKTF_OUTDIR ?? path.join(cwd, 'cdktf.out'), orgs: [], env };
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    const value = () => args.required();
    try {
      if (a === '--org') opts.orgs!.push(value());
      else if (a === '--root') opts.root = path.resolve(cwd, value());
      else if (a === '--outdir') opts.outdir = path.resolve(cwd, value());
      else if (looksLikeOption(a)) return unknownOption(a, SYNTH);
      else return `unexpected argument ${JSON.stringify(a)}; an org is given as --org ${a}`;
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      return e.message;
    }
  }
  return opts;
}

/**
 * The synth command as main.ts runs it: help, arguments, then runSynth. Under cdktf-cli, warnings
 * go to stdout (cdktf-cli labels the app's stderr [ERROR]); errors always go to stderr.
 */
export function synthMain(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, io: Streams = processStreams): number {
  const help = answerHelp(SYNTH, argv, io);
  if (help !== undefined) return help;
  const opts = parseSynthArgs(argv, env, cwd);
  if (typeof opts === 'string') return usageError(SYNTH, opts, io);
  const line = (write: (t: string) => unknown) => (l: string) => write(`${l}\n`);
  return runSynth({ ...opts, cwd, stdout: line(io.stdout), stderr: line(io.stderr), warnings: line(underCdktfCli(env) ? io.stdout : io.stderr) });
}
