/**
 * A pull request's review without git: the base and the head are copies of a fixture project,
 * synthesized in-process, and the review compares their outputs (src/cli/review.ts reviewStacks,
 * what `npm run review` does once it has synthesized both revisions). The git part (worktrees,
 * refs, a base that does not synthesize) is tested in test/review/revisions.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ReviewResult, reviewStacks } from '../../src/cli/review';
import { Stacks } from '../../src/review/stacks';
import { FIXTURE_PROJECT, PROJECT_DATA, tempDir } from '../helpers/project';
import { synthStacks } from './synthPair';

/** A temp copy of a fixture project's inputs (orgs, monitors, dashboards, service checks, moved.json). */
export function copyInputs(from: string = FIXTURE_PROJECT): string {
  const dir = tempDir('torq-review-');
  for (const entry of PROJECT_DATA) {
    const src = path.join(from, entry);
    if (fs.existsSync(src)) fs.cpSync(src, path.join(dir, entry), { recursive: true });
  }
  return dir;
}

const bases = new Map<string, Stacks>();

export interface Change {
  /** The fixture project both sides start from (default: test/fixtures/project). */
  inputs?: string;
  /** Edits that make the base (applied to both sides); none: the fixture itself. */
  base?: (dir: string) => void;
  /** The pull request: edits of the head. */
  head: (dir: string) => void;
  /** The head's .github/workflows/deploy.yml text, whose secrets the advice follows. */
  workflow?: string;
  failOnAttention?: boolean;
}

/** The review of a change, labelled as `npm run review -- --base HEAD` labels the working tree's. */
export function reviewChange(change: Change): ReviewResult {
  const inputs = change.inputs ?? FIXTURE_PROJECT;
  let base: Stacks;
  const head = copyInputs(inputs);
  if (change.base) {
    change.base(head);
    base = synthStacks(head);
  } else {
    base = bases.get(inputs) ?? synthStacks(copyInputs(inputs));
    bases.set(inputs, base);
  }
  change.head(head);
  return reviewStacks(base, synthStacks(head), {
    baseLabel: 'HEAD',
    headLabel: 'working tree',
    workflow: change.workflow,
    failOnAttention: change.failOnAttention ?? false,
  });
}

/** Moves a project file, as `git mv` does in the working tree. */
export function moveFile(dir: string, from: string, to: string): void {
  fs.renameSync(path.join(dir, from), path.join(dir, to));
}

/** A small Torq payload the review's Torq-side suites edit: its keys, transitions and order. */
export const PAYLOAD = {
  body: '$EVENT_MSG',
  title: '$EVENT_TITLE',
  date: '$DATE',
  id: '$ID',
  metadata: { ALERT_ID: '$ALERT_ID', ALERT_TRANSITION: '$ALERT_TRANSITION', PRIORITY: '$PRIORITY' },
};
