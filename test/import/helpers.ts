/** Helpers of the org tests: temp copies of the bundled project, and an in-process synth. */
import * as fs from 'fs';
import * as path from 'path';
import { checkProject } from '../../src/validate/project';
import { tempDir } from '../helpers/project';
import { buildApp } from '../../src/app';
import { formatFinding } from '../../src/config/findings';

export const REPO = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/orgs');

export { FIXTURE_PROJECT, copyProject, editJson, readJson, tempDir, writeJson } from '../helpers/project';

/** Every file under a folder (relative path -> content), for "nothing changed" and secret checks. */
export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p).split(path.sep).join('/'), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** Loads and validates the project, and synthesizes the given orgs into a temp outdir; throws with the findings on error. */
export function synthProject(root: string, orgs?: string[]): { stack: (org: string) => any; text: (org: string) => string; warnings: string[] } {
  const { project, findings } = checkProject(root, { orgs });
  if (!project) throw new Error(`load failed:\n${findings.map(formatFinding).join('\n')}`);
  const outdir = tempDir('torq-orgs-out-');
  buildApp(project, outdir).synth();
  const text = (org: string) => fs.readFileSync(path.join(outdir, 'stacks', org, 'cdk.tf.json'), 'utf8');
  return { text, stack: (org: string) => JSON.parse(text(org)), warnings: findings.filter((f) => f.severity === 'warning').map(formatFinding) };
}
