/**
 * `npm run drift -- --org <org> --plan <plan.json> [--out <file>] [--max-chars <n>]`
 *
 * Reads the JSON of a saved refresh-only plan of one org's stack and prints the Torq-aware drift
 * report (src/drift). Exit codes follow `terraform plan -detailed-exitcode`: 0 no drift, 2 drift,
 * 1 the report cannot be made (missing file, not JSON, not a plan, another org's plan, or a usage
 * mistake): the convention of every command (EXIT in args.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PlanError, readPlanFile } from '../drift/plan';
import { checkPlanOrg } from '../drift/org';
import { driftReport } from '../drift/report';
import { isEntryPoint } from './entry';
import { ArgCursor, ArgError, CommandSpec, Streams, answerHelp, looksLikeOption, processStreams, unknownOption, usageLine, EXIT } from './args';

export const DRIFT: CommandSpec = {
  name: 'drift',
  synopsis: '--org <org> --plan <plan.json> [--out <file>] [--max-chars <n>]',
  summary:
    "Reads the JSON of a saved refresh-only Terraform plan of one org's stack and prints, in the review's Markdown, what was changed in Datadog outside Terraform (drift) and the checks that failed (a role renamed: the next deploy stops at it): " +
    'a summary line, "Needs attention" first (a monitor that no longer notifies Torq or notifies it on fewer transitions, a monitor deleted or set to draft, a threshold loosened, ' +
    "the webhook's URL, headers or payload edited, Torq's keys or service account deleted or changed), then each drifted resource field by field, with the two ways out of each item: " +
    'keep the live value (the command that writes it into the code) or keep the code (the next deploy reverts it). Values the plan marks sensitive are never printed. ' +
    'Needs no credentials and no network: Terraform made the plan.',
  options: [
    {
      flag: '--org',
      value: '<org>',
      help: "The org whose stack the plan is of (its file name in orgs/ without .json); a plan of another org's stack is refused.",
    },
    {
      flag: '--plan',
      value: '<plan.json>',
      help: 'The plan as JSON: terraform plan -refresh-only -out=drift.tfplan, then terraform show -json drift.tfplan > plan.json (in cdktf.out/stacks/<org>).',
    },
    { flag: '--out', value: '<file>', help: 'Write the Markdown to this file instead of stdout.' },
    {
      flag: '--max-chars',
      value: '<n>',
      help: "Longest Markdown in characters (default 60000, under GitHub's 65,536 limit for an issue body; 0: no limit): details are shortened first, then Needs attention is grouped (every item kept, each resource named), lists cut last.",
    },
  ],
  examples: ['npm run drift -- --org example --plan drift.json', 'npm run drift -- --org eu-prod --plan "$RUNNER_TEMP/drift.json" --out drift.md'],
  notes: [
    'Exit codes, as terraform plan -detailed-exitcode: 0 no drift (entries that change nothing in Datadog, such as a moved block not yet applied, are a note), 2 drift or a failed check (the report lists it), 1 no report: the plan file is missing, not JSON, not a plan (a state file, another format), ' +
      "a plan of another org's stack, or a usage mistake. See docs/drift.md.",
  ],
};

export const DRIFT_EXIT = { clean: EXIT.ok, failed: EXIT.failed, drift: EXIT.found } as const;

export interface DriftOptions {
  org: string;
  plan: string;
  out?: string;
  maxChars?: number;
}

const USAGE = usageLine(DRIFT);

export function parseDriftArgs(argv: readonly string[], cwd: string): DriftOptions | string {
  const opts: Partial<DriftOptions> = {};
  const args = new ArgCursor(argv);
  try {
    for (let a = args.next(); a !== undefined; a = args.next()) {
      if (a === '--org') opts.org = args.required();
      else if (a === '--plan') opts.plan = path.resolve(cwd, args.required());
      else if (a === '--out') opts.out = path.resolve(cwd, args.required());
      else if (a === '--max-chars') {
        const v = args.required();
        if (!/^\d+$/.test(v)) return `--max-chars expects a whole number of characters (0: no limit), found ${JSON.stringify(v)}\n${USAGE}`;
        opts.maxChars = Number(v);
      } else if (looksLikeOption(a)) return unknownOption(a, DRIFT);
      else return `unexpected argument ${JSON.stringify(a)}; the org is given as --org ${a}, the plan as --plan ${a}\n${USAGE}`;
    }
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    return `${e.message}\n${USAGE}`;
  }
  if (opts.org === undefined) return `--org <org> is required (the org whose stack the plan is of, such as example)\n${USAGE}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(opts.org))
    return `--org ${JSON.stringify(opts.org)}: expected an org name as in orgs/<org>.json (letters, digits, ".", "_" and "-")\n${USAGE}`;
  if (opts.plan === undefined) return `--plan <plan.json> is required (terraform show -json of a saved refresh-only plan)\n${USAGE}`;
  return opts as DriftOptions;
}

/** The command: argv in, Markdown out, exit code returned. Shown paths are relative to cwd. */
export function main(argv: readonly string[], cwd = process.cwd(), io: Streams = processStreams): number {
  const help = answerHelp(DRIFT, argv, io);
  if (help !== undefined) return help;
  const opts = parseDriftArgs(argv, cwd);
  if (typeof opts === 'string') {
    io.stderr(`drift: ${opts}\n`);
    return DRIFT_EXIT.failed;
  }
  const shown = (p: string) => {
    const rel = path.relative(cwd, p);
    return rel === '' || rel.startsWith('..') ? p : rel;
  };
  try {
    const plan = readPlanFile(opts.plan, shown(opts.plan));
    checkPlanOrg(plan, opts.org);
    const report = driftReport(plan, opts.org, { maxChars: opts.maxChars });
    const found = report.drifted + report.failedChecks > 0;
    const checks = report.failedChecks > 0 ? `${report.failedChecks} failed check(s), ` : '';
    const notDrift = report.notDrift > 0 ? ` (${report.notDrift} plan entr${report.notDrift === 1 ? 'y changes' : 'ies change'} nothing: see the report)` : '';
    const summary = found
      ? `${checks}${report.drifted} drifted resource(s) in ${opts.org}, ${report.attention} item(s) need attention${notDrift}`
      : `no drift in ${opts.org}${notDrift}`;
    if (opts.out) {
      fs.mkdirSync(path.dirname(opts.out), { recursive: true });
      fs.writeFileSync(opts.out, report.markdown);
      io.stderr(`drift: wrote ${shown(opts.out)} (${summary})\n`);
    } else {
      io.stdout(report.markdown);
      io.stderr(`drift: ${summary}\n`);
    }
    return found ? DRIFT_EXIT.drift : DRIFT_EXIT.clean;
  } catch (e) {
    if (e instanceof PlanError) {
      io.stderr(`drift: ${e.message}\n`);
      return DRIFT_EXIT.failed;
    }
    throw e;
  }
}

if (isEntryPoint('drift')) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`drift: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = DRIFT_EXIT.failed;
  }
}
