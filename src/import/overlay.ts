/**
 * "Validated through the same loaders before writing": the planned files are written into a
 * temporary copy of the project, which the project check (loaders and validation, as synth runs
 * them) reads like any other. Only errors that the
 * planned files add (not those the project already had) stop a command.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Finding, formatFinding } from '../config/findings';
import { LoadResult } from '../config/project';
import { checkProject } from '../validate/project';

/** The project check that synth and `npm run validate` run (loaders and every validation rule). */
function loadProject(root: string): LoadResult {
  const checked = checkProject(root);
  return { project: checked.project, orgs: checked.orgs, catalog: checked.catalog, findings: checked.findings };
}

/** The project entries the loader reads. */
export const PROJECT_ENTRIES = ['orgs', 'monitors', 'dashboards', 'service_checks.json', 'service_checks'] as const;

/** Planned writes: project-relative path (with `/`) -> file content. */
export type PlannedFiles = ReadonlyMap<string, string>;

export interface OverlayResult {
  /** The load of the project with the planned files. */
  after: LoadResult;
  /** The load of the project as it is (undefined when it has no org yet). */
  before?: LoadResult;
  /** Errors the planned files add to the project's own. */
  newErrors: Finding[];
  /** Warnings about the planned files (files the plan writes, or the orgs it touches). */
  warnings: Finding[];
}

function copyProjectTo(root: string, dir: string): void {
  for (const entry of PROJECT_ENTRIES) {
    const from = path.join(root, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
}

/** Loads the project as it would be with the planned files, and compares with the project as it is. */
export function loadWithPlannedFiles(root: string, files: PlannedFiles, relevant: (f: Finding) => boolean = () => true): OverlayResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-plan-'));
  try {
    copyProjectTo(root, dir);
    for (const [rel, content] of files) {
      const target = path.join(dir, ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const hasOrgs = fs.existsSync(path.join(root, 'orgs')) && fs.readdirSync(path.join(root, 'orgs')).some((f) => f.endsWith('.json'));
    const before: LoadResult | undefined = hasOrgs ? loadProject(root) : undefined;
    const after = loadProject(dir);
    const known = new Set((before?.findings ?? []).map(formatFinding));
    const newErrors = after.findings.filter((f) => f.severity === 'error' && !known.has(formatFinding(f)));
    const warnings = after.findings.filter((f) => f.severity === 'warning' && (files.has(f.file) || relevant(f)) && !known.has(formatFinding(f)));
    return { after, before, newErrors, warnings };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the planned files into the project (folders created as needed). */
export function writePlannedFiles(root: string, files: PlannedFiles): void {
  for (const [rel, content] of files) {
    const target = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
}

/** JSON as the project writes it: two-space indent, trailing newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
