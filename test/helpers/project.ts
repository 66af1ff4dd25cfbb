import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSynth } from '../../src/cli/synth';

export const REPO = path.resolve(__dirname, '../..');
export const CORPUS = path.resolve(REPO, '../shared/corpus/integrations-extras');
/**
 * The frozen project the package tests run on: orgs, catalog, dashboards, service checks and
 * moved.json. Never the working tree's own orgs/, monitors/...: those are the user's data, which a
 * routine edit changes (test/project.test.ts checks them, as snapshots).
 */
export const FIXTURE_PROJECT = path.join(REPO, 'test', 'fixtures', 'project');
/** The project data files, as opposed to the package's code. */
export const PROJECT_DATA = ['orgs', 'monitors', 'dashboards', 'service_checks.json', 'moved.json'] as const;

/** Temp folders made by this file's helpers, removed after the test file that made them. */
const made: string[] = [];
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of the fixture project (orgs, catalog, dashboards, service checks, moved.json). */
export function copyProject(): string {
  const dir = tempDir('torq-project-');
  for (const entry of PROJECT_DATA) {
    fs.cpSync(path.join(FIXTURE_PROJECT, entry), path.join(dir, entry), { recursive: true });
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

/** Edits a JSON file of a project in place: `edit` mutates the parsed value. */
export function editJson(root: string, rel: string, edit: (v: any) => unknown): void {
  const file = path.join(root, rel);
  const v = readJson(file);
  edit(v);
  writeJson(file, v);
}

/** Replaces a JSON file of a project with what `make` builds from its current value. */
export function replaceJson(root: string, rel: string, make: (v: any) => unknown): void {
  const file = path.join(root, rel);
  writeJson(file, make(readJson(file)));
}

export interface SynthRun {
  code: number;
  stdout: string[];
  stderr: string[];
  outdir: string;
  stack(org: string): any;
  stackText(org: string): string;
}

/** Runs the real synth command in-process on a project folder, into a fresh outdir. */
export function synth(root: string, orgs?: string[], env?: NodeJS.ProcessEnv): SynthRun {
  const outdir = tempDir('torq-out-');
  fs.rmSync(outdir, { recursive: true });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runSynth({ root, outdir, orgs, env, stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  const stackText = (org: string) => fs.readFileSync(path.join(outdir, 'stacks', org, 'cdk.tf.json'), 'utf8');
  return { code, stdout, stderr, outdir, stackText, stack: (org: string) => JSON.parse(stackText(org)) };
}
