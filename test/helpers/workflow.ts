/**
 * The GitHub workflows of the package (.github/workflows/*.yml) as the tests read them: parsed with
 * unique keys, no YAML error or warning, typed as far as the tests look.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';

export type Step = {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
};
export type Job = {
  steps: Step[];
  strategy?: { matrix: Record<string, unknown>; 'fail-fast'?: boolean };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  environment?: string;
  if?: string;
  needs?: string | string[];
  outputs?: Record<string, string>;
  permissions?: Record<string, string>;
};
export type Workflow = { on: Record<string, unknown>; jobs: Record<string, Job>; permissions?: Record<string, string> };

const ROOT = path.resolve(__dirname, '..', '..');

/** One workflow file, parsed; a YAML error or warning fails the calling test. */
export function loadWorkflow(name: string): Workflow {
  const doc = parseDocument(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Workflow;
}
