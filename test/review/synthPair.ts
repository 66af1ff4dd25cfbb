/**
 * A pull request as two synth outputs of a fixture project, without git: copy the fixture, synth
 * it (the base), edit the copy, synth it again (the head), and review the two outputs with the
 * review command's own function (`--base-outdir`/`--head-outdir`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { review, ReviewResult } from '../../src/cli/review';
import { readStacks, Stacks } from '../../src/review/stacks';
import { synth, tempDir } from '../helpers/project';

export const FOUR_ORGS = path.resolve(__dirname, '..', 'fixtures', 'review', 'four-orgs');

export interface Pair {
  dir: string;
  baseOutdir: string;
  headOutdir: string;
  result: ReviewResult;
  /** The Needs attention section of the Markdown. */
  attention: string;
}

/** A temp copy of a fixture project. */
export function copyFixture(fixture = FOUR_ORGS): string {
  const dir = tempDir('torq-review-');
  fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

function synthOrThrow(dir: string): string {
  const run = synth(dir, undefined, { PATH: process.env.PATH });
  if (run.code !== 0) throw new Error(`synth failed:\n${run.stderr.join('\n')}`);
  return run.outdir;
}

/** The synthesized stacks of a project folder. */
export function synthStacks(dir: string): Stacks {
  return readStacks(synthOrThrow(dir));
}

/** Reviews what `edit` does to a copy of the fixture (or to `dir`, already prepared). */
export async function reviewEdit(edit: (dir: string) => void, opts: { dir?: string; maxChars?: number; fullAt?: string } = {}): Promise<Pair> {
  const dir = opts.dir ?? copyFixture();
  const baseOutdir = synthOrThrow(dir);
  edit(dir);
  const headOutdir = synthOrThrow(dir);
  const result = await review({ root: dir, baseOutdir, headOutdir, failOnAttention: true, maxChars: opts.maxChars ?? 0, fullAt: opts.fullAt });
  return { dir, baseOutdir, headOutdir, result, attention: attentionOf(result.markdown) };
}

/** The Needs attention section of a review's Markdown. */
export function attentionOf(md: string): string {
  const start = md.indexOf('### Needs attention');
  const end = md.indexOf('\n### ', start + 1);
  return start < 0 ? '' : md.slice(start, end < 0 ? undefined : end);
}

export function editJson(dir: string, rel: string, edit: (v: any) => void): void {
  const file = path.join(dir, rel);
  const v = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(v);
  fs.writeFileSync(file, `${JSON.stringify(v, null, 2)}\n`);
}
