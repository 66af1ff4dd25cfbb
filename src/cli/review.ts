/**
 * `npm run review -- --base <git-ref> [--head <git-ref>] [--out file] [--fail-on-attention]`
 *
 * Synthesizes both revisions and writes a Markdown review of what merging would change in each
 * org. Needs no credentials and no network. Exit 0 (changes or not), 2 with --fail-on-attention
 * when something needs attention, 1 when the review cannot be made (bad ref, a head that does not
 * synthesize). A base that does not synthesize is not an error: the head is reviewed against the
 * last of the base's 5 first parents that synthesizes, or as all new; the Markdown says why, and Needs attention holds a `base-broken` item (so exit 2 with
 * --fail-on-attention).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareStacks, Review } from '../review/compare';
import { DEFAULT_MAX_CHARS, renderMarkdown } from '../review/markdown';
import { readAtRevision, ReviewError, synthRevisions } from '../review/revision';
import { readStacks, Stacks } from '../review/stacks';
import { code, codeBlock } from '../review/text';
import { DEPLOY_WORKFLOW, parseDeployWorkflow } from '../review/workflow';
import { changedOrgs, parseRealPlanArg, readRealPlan, RealPlan, RealPlanArg, realPlanSection } from '../review/realPlan';
import { PlanError } from '../drift/plan';
import { ArgCursor, ArgError, CommandSpec, helpText, looksLikeOption, unknownOption, usageLine, wantsHelp, EXIT } from './args';

export interface ReviewOptions {
  root: string;
  base?: string;
  head?: string;
  /** Compare two existing synth outputs (cdktf.out folders) instead of git revisions. */
  baseOutdir?: string;
  headOutdir?: string;
  out?: string;
  failOnAttention: boolean;
  /** Longest Markdown (0: no limit); details are cut first, then Needs attention shortened per item, never dropped. */
  maxChars?: number;
  /** Also write the review without any cut here (for a job summary or an artifact). */
  fullOut?: string;
  /** Where the full review is, said in the note of a cut review (`the job summary of this run`). */
  fullAt?: string;
  /** Real plans of orgs (src/review/realPlan.ts): the review says where they disagree with it. */
  realPlans?: RealPlanArg[];
  /** Where to write the orgs this change adds or changes (JSON), for the plan job. */
  changedOrgs?: string;
}

export const REVIEW: CommandSpec = {
  name: 'review',
  synopsis: '--base <git-ref> [--head <git-ref>] [--out <file>] [--fail-on-attention] [--max-chars <n>] [--full-out <file>] [--full-at <text>]',
  summary:
    'Synthesizes two revisions of the project and writes a Markdown review of what merging would change in each org: monitors added, removed and changed field by field, routing to Torq, dashboards, webhooks, keys and deployment settings, ' +
    'with a "Needs attention" list of what is easy to miss in a diff. Needs no credentials, no Terraform state and no network. ' +
    'Without --head, the working tree is compared; your cdktf.out is left alone.',
  options: [
    { flag: '--base', value: '<git-ref>', help: 'The revision the change is compared with, such as origin/main.' },
    { flag: '--head', value: '<git-ref>', help: 'The revision under review (default: the working tree).' },
    { flag: '--out', value: '<file>', help: 'Write the Markdown to this file instead of stdout.' },
    { flag: '--fail-on-attention', help: 'Exit 2 when the "Needs attention" list is not empty.' },
    {
      flag: '--max-chars',
      value: '<n>',
      help: "Longest Markdown in characters (default 60000, under GitHub's 65,536 comment limit; 0: no limit): details are cut first, then each Needs attention item is shortened to a line; none is dropped.",
    },
    { flag: '--full-out', value: '<file>', help: 'Also write the review without any cut to this file (for a job summary or an artifact).' },
    {
      flag: '--full-at',
      value: '<text>',
      help: 'Where readers find the full review, said in the note of a cut review (pr.yml: the job summary and the artifact of the run).',
    },
    { flag: '--base-outdir', value: '<cdktf.out>', help: 'Compare two existing synth outputs instead of git revisions (with --head-outdir).' },
    { flag: '--head-outdir', value: '<cdktf.out>', help: 'The synth output under review (with --base-outdir).' },
    {
      flag: '--real-plan',
      value: '<org>=<plan.json>',
      help: "A real plan of the org's stack (terraform show -json, or what npm run plan wrote): the review then says where it and the real plan disagree (repeatable).",
    },
    { flag: '--changed-orgs', value: '<file>', help: 'Also write the orgs this change adds or changes, as a JSON array (what the plan job of pr.yml plans).' },
    { flag: '--root', value: '<dir>', help: 'The project folder (default: the current folder).' },
  ],
  examples: [
    'npm run review -- --base origin/main',
    'npm run review -- --base v1.4.0 --head my-branch --out review.md',
    'npm run review -- --base origin/main --fail-on-attention',
  ],
  notes: [
    'Exit codes: 0 reviewed (changes or not; a base that does not synthesize is replaced by its last first parent that does, or the head is reviewed as all new, and the review says why), 1 the review cannot be made (an unknown ref, a head that does not synthesize) or a usage mistake, 2 reviewed and attention needed with --fail-on-attention (as terraform plan -detailed-exitcode). See docs/review.md.',
  ],
};

const USAGE = `${usageLine(REVIEW)}\n       npm run review -- --base-outdir <cdktf.out> --head-outdir <cdktf.out> [--out <file>] [--fail-on-attention] [--max-chars <n>]`;

export function parseReviewArgs(argv: readonly string[], cwd: string): ReviewOptions | string {
  const opts: ReviewOptions = { root: cwd, failOnAttention: false };
  const args = new ArgCursor(argv);
  for (let a = args.next(); a !== undefined; a = args.next()) {
    const value = () => args.required();
    try {
      if (a === '--base') opts.base = value();
      else if (a === '--head') opts.head = value();
      else if (a === '--out') opts.out = path.resolve(cwd, value());
      else if (a === '--root') opts.root = path.resolve(cwd, value());
      else if (a === '--base-outdir') opts.baseOutdir = path.resolve(cwd, value());
      else if (a === '--head-outdir') opts.headOutdir = path.resolve(cwd, value());
      else if (a === '--fail-on-attention') opts.failOnAttention = true;
      else if (a === '--full-out') opts.fullOut = path.resolve(cwd, value());
      else if (a === '--full-at') opts.fullAt = value();
      else if (a === '--changed-orgs') opts.changedOrgs = path.resolve(cwd, value());
      else if (a === '--real-plan') {
        const plan = parseRealPlanArg(value(), cwd);
        if (typeof plan === 'string') return `${plan}\n${USAGE}`;
        opts.realPlans = [...(opts.realPlans ?? []), plan];
      } else if (a === '--max-chars') {
        const v = value();
        if (!/^\d+$/.test(v)) return `--max-chars expects a whole number of characters (0: no limit), found ${JSON.stringify(v)}\n${USAGE}`;
        opts.maxChars = Number(v);
      } else if (looksLikeOption(a)) return unknownOption(a, REVIEW);
      else return `unexpected argument ${JSON.stringify(a)}; a revision is given as --base ${a} or --head ${a}\n${USAGE}`;
    } catch (e) {
      if (!(e instanceof ArgError)) throw e;
      return `${e.message}\n${USAGE}`;
    }
  }
  const outdirs = opts.baseOutdir !== undefined || opts.headOutdir !== undefined;
  if (outdirs && (opts.baseOutdir === undefined || opts.headOutdir === undefined)) return `--base-outdir and --head-outdir go together\n${USAGE}`;
  if (outdirs && (opts.base !== undefined || opts.head !== undefined))
    return `give either git refs (--base/--head) or synth outputs (--base-outdir/--head-outdir), not both\n${USAGE}`;
  if (!outdirs && opts.base === undefined) return `--base <git-ref> is required (the revision the change is compared with, such as origin/main)\n${USAGE}`;
  return opts;
}

export interface ReviewResult {
  review: Review;
  markdown: string;
  /** The review without any cut (only with --full-out). */
  fullMarkdown?: string;
  exitCode: number;
}

function readOutdir(dir: string, flag: string): Stacks {
  if (!fs.existsSync(path.join(dir, 'stacks'))) throw new ReviewError(`${flag} ${dir}: no stacks/ folder; expected a synth output such as cdktf.out`);
  try {
    return readStacks(dir);
  } catch (e) {
    throw new ReviewError(`${flag} ${dir}: ${(e as Error).message}; expected cdktf.out/stacks/<org>/cdk.tf.json files`);
  }
}

/** The real plans given with --real-plan; a file that is not one is a ReviewError naming it. */
function readRealPlans(args: readonly RealPlanArg[], root: string): RealPlan[] {
  return args.map((a) => {
    try {
      return readRealPlan(a, path.relative(root, a.file) || a.file);
    } catch (e) {
      if (e instanceof PlanError) throw new ReviewError(`--real-plan ${a.org}=...: ${e.message}`);
      throw e;
    }
  });
}

/** Runs the review; throws ReviewError for problems the user can fix. */
export async function review(opts: ReviewOptions, env: NodeJS.ProcessEnv = process.env): Promise<ReviewResult> {
  let base: Stacks;
  let head: Stacks;
  let baseLabel: string;
  let headLabel: string;
  let note: string | undefined;
  let baseBroken: string | undefined;
  if (opts.baseOutdir && opts.headOutdir) {
    base = readOutdir(opts.baseOutdir, '--base-outdir');
    head = readOutdir(opts.headOutdir, '--head-outdir');
    baseLabel = path.relative(opts.root, opts.baseOutdir) || '.';
    headLabel = path.relative(opts.root, opts.headOutdir) || '.';
  } else {
    let baseError: string | undefined;
    let baseFallback: string | undefined;
    ({ base, head, baseError, baseFallback } = await synthRevisions(opts.root, { ref: opts.base }, { ref: opts.head }, env));
    baseLabel = baseFallback ? baseFallback.slice(0, 12) : opts.base!;
    headLabel = opts.head ?? 'working tree';
    if (baseError !== undefined) {
      const against = baseFallback
        ? `so the head is reviewed against \`${baseFallback.slice(0, 12)}\`, the last revision before it that synthesizes (changes made between the two are shown as part of this one)`
        : `and no recent revision before it does either, so every org of the head is reviewed as new (as if the base had no org); compare with an earlier base (\`--base <ref>\`) for a change-by-change review`;
      note = `**The base ${code(opts.base!)} does not synthesize**, ${against}. The base's errors:\n\n${codeBlock(baseError)}`;
      baseBroken = baseFallback
        ? `the base ${JSON.stringify(opts.base)} does not synthesize: this review compares the head with ${baseFallback.slice(0, 12)}, the last revision before it that does`
        : `the base ${JSON.stringify(opts.base)} does not synthesize: this review shows the head as all new, so renames, deletions and loosened thresholds are not compared`;
    }
  }
  // Secret advice follows the head's deploy workflow (a pull request may change it too).
  const workflow = readAtRevision(opts.root, opts.headOutdir ? undefined : opts.head, DEPLOY_WORKFLOW);
  const realPlans = opts.realPlans && opts.realPlans.length > 0 ? readRealPlans(opts.realPlans, opts.root) : undefined;
  return reviewStacks(base, head, {
    baseLabel,
    headLabel,
    note,
    baseBroken,
    workflow,
    realPlans,
    failOnAttention: opts.failOnAttention,
    maxChars: opts.maxChars,
    fullAt: opts.fullAt,
    full: opts.fullOut !== undefined,
  });
}

/** What the review of two synthesized outputs needs besides the stacks. */
export interface StacksReviewOptions {
  baseLabel: string;
  headLabel: string;
  /** A paragraph above the review (why the base was replaced). */
  note?: string;
  /** Why the base is not the one asked for: a `base-broken` attention item. */
  baseBroken?: string;
  /** The head's deploy workflow (YAML text), whose secrets the advice follows. */
  workflow?: string;
  /** Plans Terraform made of the head (--real-plan), shown after the review. */
  realPlans?: RealPlan[];
  failOnAttention: boolean;
  maxChars?: number;
  /** Where the full review is published (--full-at), named when the Markdown is shortened. */
  fullAt?: string;
  /** Also render the review without a length limit (for --full-out). */
  full?: boolean;
}

/** The review of two synthesized outputs, however they were made (git revisions or two outdirs). */
export function reviewStacks(base: Stacks, head: Stacks, opts: StacksReviewOptions): ReviewResult {
  const result = compareStacks(base, head, { secrets: opts.workflow === undefined ? undefined : parseDeployWorkflow(opts.workflow) });
  if (opts.baseBroken) result.attention.unshift({ org: '(all)', kind: 'base-broken', message: opts.baseBroken });
  const { baseLabel, headLabel, note } = opts;
  // The real plans' section goes after the review: the review is cut to leave it room under --max-chars.
  const planSection = opts.realPlans ? realPlanSection(result, opts.realPlans) : '';
  const max = opts.maxChars ?? DEFAULT_MAX_CHARS;
  const markdown =
    renderMarkdown(result, { baseLabel, headLabel, note, maxChars: max > 0 ? Math.max(1, max - planSection.length) : 0, fullAt: opts.fullAt }) + planSection;
  const fullMarkdown = opts.full ? renderMarkdown(result, { baseLabel, headLabel, note, maxChars: 0 }) + planSection : undefined;
  const exitCode = opts.failOnAttention && result.attention.length > 0 ? EXIT.found : EXIT.ok;
  return { review: result, markdown, ...(fullMarkdown !== undefined ? { fullMarkdown } : {}), exitCode };
}

/** The command: argv in, Markdown out (stdout or --out), exit code returned. */
export async function main(argv: readonly string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(helpText(REVIEW));
    return 0;
  }
  const opts = parseReviewArgs(argv, cwd);
  if (typeof opts === 'string') {
    process.stderr.write(`review: ${opts}\n`);
    return EXIT.usage;
  }
  try {
    const r = await review(opts, env);
    if (opts.fullOut && r.fullMarkdown !== undefined) {
      fs.mkdirSync(path.dirname(opts.fullOut), { recursive: true });
      fs.writeFileSync(opts.fullOut, r.fullMarkdown);
    }
    if (opts.out) {
      fs.mkdirSync(path.dirname(opts.out), { recursive: true });
      fs.writeFileSync(opts.out, r.markdown);
      const rel = path.relative(cwd, opts.out);
      const shown = rel === '' || rel.startsWith('..') ? opts.out : rel;
      process.stderr.write(`review: wrote ${shown} (${r.review.attention.length} item(s) need attention)\n`);
    } else {
      process.stdout.write(r.markdown);
    }
    if (opts.changedOrgs) fs.writeFileSync(opts.changedOrgs, `${JSON.stringify(changedOrgs(r.review))}\n`);
    if (r.exitCode === EXIT.found) process.stderr.write(`review: ${r.review.attention.length} item(s) need attention (--fail-on-attention)\n`);
    return r.exitCode;
  } catch (e) {
    if (e instanceof ReviewError) {
      process.stderr.write(`review: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
