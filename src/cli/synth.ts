/**
 * The synth command: files -> model -> validation -> cdktf.out. Bad input stops it before anything
 * is written, with every problem as `file: json.path: message`, and exit code 1.
 */
import * as path from 'path';
import { formatFinding, hasErrors, sortFindings } from '../config/findings';
import { checkProject } from '../validate/project';
import { buildApp } from '../app';
import { withFastCdktf } from '../perf/fastCdktf';
import { localStateFindings, refuseLocalState } from './ciGuard';
import { ArgCursor, ArgError } from './args';

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
}

export function runSynth(opts: SynthOptions): number {
  const out = opts.stdout ?? ((l: string) => process.stdout.write(`${l}\n`));
  const err = opts.stderr ?? ((l: string) => process.stderr.write(`${l}\n`));
  const checked = checkProject(opts.root, { orgs: opts.orgs });
  const { project } = checked;
  const findings = project && opts.env && refuseLocalState(opts.env) ? [...checked.findings, ...localStateFindings(project, opts.env)] : checked.findings;
  for (const f of sortFindings(findings)) err(formatFinding(f));
  if (!project || hasErrors(findings)) {
    const n = findings.filter((f) => f.severity === 'error').length;
    err(`synth stopped: ${n} error${n === 1 ? '' : 's'}; nothing was written`);
    return 1;
  }
  withFastCdktf(() => buildApp(project, opts.outdir).synth());
  for (const org of project.orgs) {
    const rel = path.relative(process.cwd(), path.join(opts.outdir, 'stacks', org.name, 'cdk.tf.json')) || '.';
    out(
      `synthesized ${org.name} (${org.site}): ${org.webhooks.length} webhook(s), ${org.monitors.length} monitor(s), ` +
        `${org.healthMonitors.length} health monitor(s), ${org.dashboards.length} dashboard(s)${org.access ? ', Torq keys' : ''} -> ${rel}`,
    );
  }
  return 0;
}

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
      else return `unknown argument ${JSON.stringify(a)}; expected --org <name>, --root <dir> or --outdir <dir>`;
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      return e.message;
    }
  }
  return opts;
}
