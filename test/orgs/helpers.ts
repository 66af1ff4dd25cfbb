/** Helpers of the org tests: temp copies of the bundled project, and an in-process synth. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadProject } from '../../src/config/project';
import { buildApp } from '../../src/app';
import { formatFinding } from '../../src/config/findings';

export const REPO = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/orgs');

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temp dir made by this test file (call in afterAll). */
export function cleanTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** A temp copy of the bundled project files (orgs, catalog, dashboards, service checks). */
export function copyProject(): string {
  const dir = tempDir('torq-orgs-project-');
  for (const entry of ['orgs', 'monitors', 'dashboards', 'service_checks.json']) {
    fs.cpSync(path.join(REPO, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function editJson(root: string, rel: string, edit: (v: any) => any): void {
  const file = path.join(root, rel);
  const v = readJson(file);
  const out = edit(v);
  writeJson(file, out === undefined ? v : out);
}

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

/** Loads the project and synthesizes the given orgs into a temp outdir; throws with the findings on error. */
export function synthProject(root: string, orgs?: string[]): { stack(org: string): any; text(org: string): string; warnings: string[] } {
  const { project, findings } = loadProject(root, { orgs });
  if (!project) throw new Error(`load failed:\n${findings.map(formatFinding).join('\n')}`);
  const outdir = tempDir('torq-orgs-out-');
  buildApp(project, outdir).synth();
  const text = (org: string) => fs.readFileSync(path.join(outdir, 'stacks', org, 'cdk.tf.json'), 'utf8');
  return { text, stack: (org: string) => JSON.parse(text(org)), warnings: findings.filter((f) => f.severity === 'warning').map(formatFinding) };
}
