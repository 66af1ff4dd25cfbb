/**
 * `validate`: offline checks of the project's files, without Datadog credentials or network.
 *
 *   node scripts/run.js src/cli/validate.ts [files or folders...] [--json]
 *
 * Folders are walked recursively for *.json. A file's kind comes from its folder (monitors/,
 * dashboards/, orgs/), its name (service_checks.json) or its shape. With no path, the project's
 * own monitors/, dashboards/, orgs/ and service_checks.json are checked. A file the project reads
 * (monitors/, dashboards/, an org's own folder, service_checks.json) gets exactly the project
 * check's findings for it, with its orgs' webhooks and overrides. Prints one line per
 * finding, `<file>: <json.path>: error|warning: <message>`, sorted, then a summary; exits 1 when
 * any finding is an error. `--json` prints the findings as a JSON array instead.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, formatFinding, hasErrors, show, sortFindings } from '../config/findings';
import { isAssetShape, parseMonitor, sharedCatalogFindings } from '../config/monitor';
import { MonitorContext, validateDashboard, validateMonitor, validateServiceChecks } from '../validate';
import { checkProject, orgContext } from '../validate/project';
import { readJsonFile } from '../config/json';
import { unsupportedOptionFindings } from '../config/monitorOptions';
import { FileWalk } from '../config/files';
import { misplacedKind } from '../config/kind';
import { isEntryPoint } from './entry';
import { CommandSpec, helpText, looksLikeOption, unknownOption, wantsHelp, EXIT } from './args';
import { isObject } from '../config/json';

export type FileKind = 'monitor' | 'dashboard' | 'service-checks' | 'org';

export interface Output {
  write(text: string): unknown;
}

export interface ValidateIo {
  readonly stdout: Output;
  readonly stderr: Output;
  readonly cwd: string;
}

/**
 * Validates one `orgs/<org>.json` and returns its findings plus the monitor context it declares
 * (the org's Torq webhook names and heartbeat checks), which monitors outside any project are then
 * checked against (a file inside a project is checked by the project check: projectRootOf).
 */
export type OrgValidator = (raw: unknown, file: string, abs: string) => { findings: Finding[]; context?: MonitorContext };

export interface ValidateHooks {
  readonly org?: OrgValidator;
}

/**
 * Org files named on the command line are checked as synth checks them: resolved against the
 * catalog of their project (the folder above orgs/), with every rule over what the org deploys.
 */
export const projectOrgValidator: OrgValidator = (_raw, file, abs) => {
  const root = path.dirname(path.dirname(abs));
  const org = path.basename(abs, '.json');
  const r = checkProject(root, { orgs: [org] });
  const shownRoot = path.dirname(path.dirname(file));
  const shown = (f: Finding): Finding => ({ ...f, file: shownRoot === '.' ? f.file : path.join(shownRoot, f.file) });
  const model = r.orgs.find((o) => o.name === org);
  return { findings: r.findings.map(shown), context: model && r.catalog ? orgContext(model, r.catalog) : undefined };
};

/** The hooks `main` runs with. */
export const defaultHooks: ValidateHooks = { org: projectOrgValidator };

export const VALIDATE: CommandSpec = {
  name: 'validate',
  synopsis: '[files or folders...] [--json]',
  summary:
    'Checks Datadog JSON offline, with no credentials and no network. With no path, it checks the project in the current folder exactly as synth does (each monitor as each org deploys it). ' +
    'With paths, it checks those files and folders (walked recursively): monitors, dashboards, service-check metadata and org files, each recognised by its folder, its name or its shape. ' +
    'One line per finding: `<file>: <json.path>: error|warning: <message>`, then a summary.',
  options: [{ flag: '--json', help: 'Print the findings as a JSON array instead of lines.' }],
  examples: ['npm run validate', 'npm run validate -- monitors/host_cpu_high.json', 'npm run validate -- path/to/exports --json'],
  notes: ['Exit codes: 0 no error (warnings allowed), 1 at least one error or a usage mistake. See docs/validation.md.'],
};
const DEFAULT_PATHS = ['monitors', 'dashboards', 'orgs', 'service_checks.json', 'service_checks'];
const SKIPPED_DIRS = new Set(['node_modules', '.git', 'cdktf.out', '.build', 'dist', 'coverage', '.terraform']);

/** The kind a file's place says it is: its folders, then its name. */
export function kindFromPath(file: string): FileKind | undefined {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1];
  if (/^service_checks.*\.json$/i.test(base)) return 'service-checks';
  const dirs = parts.slice(0, -1);
  for (let i = dirs.length - 1; i >= 0; i--) {
    const dir = dirs[i];
    if (dir === 'monitors') return 'monitor';
    if (dir === 'dashboards') return 'dashboard';
    // Only orgs/<org>.json is an org file; orgs/<org>/ is that org's own folder (its monitors/), not an org file.
    if (dir === 'orgs') return i === dirs.length - 1 ? 'org' : undefined;
    if (dir === 'service_checks') return 'service-checks';
  }
  return undefined;
}

/** True for a file under a monitors/ folder that is not an org's own (orgs/<org>/monitors/). */
export function inSharedCatalog(file: string): boolean {
  const dirs = file.split(/[\\/]/).slice(0, -1);
  const i = dirs.lastIndexOf('monitors');
  return i >= 0 && !dirs.slice(0, i).includes('orgs');
}

/** The kind a parsed document's shape says it is. */
export function kindFromShape(raw: unknown): FileKind | undefined {
  if (Array.isArray(raw)) return raw.length > 0 && raw.every((e) => isObject(e) && 'check' in e) ? 'service-checks' : undefined;
  if (!isObject(raw)) return undefined;
  if (isAssetShape(raw) || ('type' in raw && 'query' in raw)) return 'monitor';
  if ('widgets' in raw && 'layout_type' in raw) return 'dashboard';
  return undefined;
}

interface Target {
  readonly abs: string;
  readonly shown: string;
  /** Named on the command line (an unrecognised file is an error) or found in a folder (skipped). */
  readonly explicit: boolean;
}

/**
 * The walk of validate's folders: recursive, each real file once, symlinked folders not followed
 * (src/config/files.ts); data-looking files that are not .json are warned about in the folders
 * whose kind is known (monitors/, dashboards/, orgs/, service_checks/).
 */
function newWalk(): FileWalk {
  return new FileWalk({ skipDirs: SKIPPED_DIRS, dataFolder: (dir) => (kindFromPath(path.join(dir, 'x.json')) ? dir : undefined) });
}

/** The targets of a path: a folder's JSON files, or the file itself (named, so explicit). */
function targetsOf(walk: FileWalk, abs: string, shown: string, isDirectory: boolean): Target[] {
  return isDirectory ? walk.tree(abs, shown).map((f) => ({ ...f, explicit: false })) : walk.file(abs, shown).map((f) => ({ ...f, explicit: true }));
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so that a throw reaches the caller as a rejection (the entry point reports it as an internal error)
export async function runValidate(argv: string[], io: ValidateIo, hooks: ValidateHooks = defaultHooks): Promise<number> {
  let json = false;
  const paths: string[] = [];
  if (wantsHelp(argv)) {
    io.stdout.write(helpText(VALIDATE));
    return 0;
  }
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (looksLikeOption(a)) {
      io.stderr.write(`validate: ${unknownOption(a, VALIDATE)}\n`);
      return EXIT.usage;
    } else paths.push(a);
  }
  // Inside the current folder a path is shown relative to it; outside, as the user gave it (an
  // absolute path or ../other/x.json), never as a walk up of ../../ segments.
  const shownOf = (abs: string, given: string) => {
    const rel = path.relative(io.cwd, abs);
    if (rel === '') return path.basename(abs);
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return given.replace(/[\\/]+$/, '') || given;
    return rel;
  };
  if (paths.length === 0 && fs.existsSync(path.join(io.cwd, 'orgs'))) {
    // The project itself: exactly the checks synth runs, with each org's context.
    const r = checkProject(io.cwd);
    return report(r.findings, countProjectFiles(io.cwd), json, io);
  }
  const findings: Finding[] = [];

  const targets: Target[] = [];
  const walk = newWalk();
  const requested = paths.length > 0 ? paths : DEFAULT_PATHS.filter((p) => fs.existsSync(path.resolve(io.cwd, p)));
  for (const p of requested) {
    const abs = path.resolve(io.cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'error';
      findings.push({ file: shownOf(abs, p), path: '$', severity: 'error', message: `cannot read ${show(p)} (${code}); expected an existing file or folder` });
      continue;
    }
    targets.push(...targetsOf(walk, abs, shownOf(abs, p), st.isDirectory()));
  }
  findings.push(...walk.findings);

  const monitors: { raw: unknown; file: string }[] = [];
  const contexts: MonitorContext[] = [];
  const inProject = new Map<string, Target[]>();
  let checked = 0;
  for (const t of targets) {
    checked++;
    // A file the project reads is checked as synth checks it: with the webhooks its orgs declare,
    // as each org deploys it (docs/validation.md: the same findings as the project check).
    const root = projectRootOf(t.abs);
    if (root !== undefined) {
      inProject.set(root, [...(inProject.get(root) ?? []), t]);
      continue;
    }
    const read = readJsonFile(t.abs, t.shown);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    const raw = read.value;
    const kind0 = kindFromPath(t.shown);
    const kind = kind0 ?? kindFromShape(raw);
    const misplaced = kind0 === 'monitor' || kind0 === 'dashboard' ? misplacedKind(raw, t.shown, kind0 === 'monitor' ? 'monitors' : 'dashboards') : undefined;
    if (misplaced) {
      findings.push(misplaced);
      continue;
    }
    switch (kind) {
      case 'monitor':
        monitors.push({ raw, file: t.shown });
        break;
      case 'dashboard':
        findings.push(...validateDashboard(raw, t.shown));
        break;
      case 'service-checks':
        findings.push(...validateServiceChecks(raw, t.shown));
        break;
      case 'org':
        if (hooks.org) {
          const r = hooks.org(raw, t.shown, t.abs);
          findings.push(...r.findings);
          if (r.context) contexts.push(r.context);
        } else {
          findings.push({
            file: t.shown,
            path: '$',
            severity: 'warning',
            message: 'org files are not validated by this command yet (no org loader is connected); expected to be checked by synth',
          });
        }
        break;
      default:
        if (!t.explicit)
          checked--; // found in a folder, not ours: skipped
        else {
          findings.push({
            file: t.shown,
            path: '$',
            severity: 'error',
            message: `cannot tell what this file is (found ${show(raw)}); expected a monitor ({name, type, query, ...} or {definition: {...}}), a dashboard ({title, layout_type, widgets}), service-check metadata ([{check, ...}]) or a file under monitors/, dashboards/ or orgs/`,
          });
        }
    }
  }

  for (const [root, files] of inProject) findings.push(...projectFindings(root, files));

  // Monitors last: the orgs declare the webhooks and heartbeat checks they are checked against.
  findings.push(...looseMonitorFindings(monitors, contexts));

  return report(findings, checked, json, io);
}

/** Monitors outside any project: checked against the webhooks and heartbeat checks of the org files named beside them. */
function looseMonitorFindings(monitors: readonly { raw: unknown; file: string }[], contexts: readonly MonitorContext[]): Finding[] {
  const findings: Finding[] = [];
  const ctx: MonitorContext =
    contexts.length === 0
      ? {}
      : {
          webhooks: contexts.some((c) => c.webhooks) ? [...new Set(contexts.flatMap((c) => c.webhooks ?? []))] : undefined,
          heartbeatChecks: [...new Set(contexts.flatMap((c) => c.heartbeatChecks ?? []))],
        };
  for (const m of monitors) {
    const { monitor, findings: loadFindings } = parseMonitor(m.raw, m.file);
    findings.push(...loadFindings);
    if (monitor && inSharedCatalog(m.file)) findings.push(...sharedCatalogFindings(monitor));
    // The option keys, as the project loader checks them (config/project.ts): a loose file gets the same answer.
    if (monitor) findings.push(...unsupportedOptionFindings(monitor), ...validateMonitor(monitor, ctx));
  }
  return findings;
}

/**
 * The project a file belongs to, when the project reads it (a folder with orgs/ that holds it in
 * monitors/, dashboards/, service_checks/, orgs/<org>/monitors/ or orgs/<org>/dashboards/, or as
 * service_checks.json); undefined for any other file. Org files are checked by the org hook.
 */
export function projectRootOf(abs: string): string | undefined {
  const dir = path.dirname(abs);
  const folder = path.basename(dir);
  let root: string | undefined;
  if (path.basename(abs) === 'service_checks.json') root = dir;
  else if (folder === 'service_checks') root = path.dirname(dir);
  else if (folder === 'monitors' || folder === 'dashboards') {
    const up = path.dirname(dir);
    // orgs/<org>/monitors/<id>.json: an org's own file, in the project above orgs/.
    root = path.basename(path.dirname(up)) === 'orgs' ? path.dirname(path.dirname(up)) : up;
  }
  if (root === undefined) return undefined;
  const orgs = path.join(root, 'orgs');
  return fs.existsSync(orgs) && fs.statSync(orgs).isDirectory() ? root : undefined;
}

/** The project check's findings of these files, shown as the user named them. */
function projectFindings(root: string, files: readonly Target[]): Finding[] {
  const r = checkProject(root);
  const out: Finding[] = [];
  for (const t of files) {
    const rel = path.relative(root, t.abs).split(path.sep).join('/');
    const prefix = t.shown.endsWith(rel) ? t.shown.slice(0, t.shown.length - rel.length) : '';
    out.push(...r.findings.filter((f) => f.file === rel).map((f) => ({ ...f, file: `${prefix}${f.file}` })));
  }
  return out;
}

/**
 * The project's JSON files that checkProject reads: the files directly in monitors/, dashboards/
 * and service_checks/ (their subfolders are not read), service_checks.json, and orgs/ with its
 * org folders.
 */
function countProjectFiles(root: string): number {
  const walk = new FileWalk({ skipDirs: SKIPPED_DIRS, isJson: (name) => name.endsWith('.json') });
  let count = 0;
  for (const p of DEFAULT_PATHS) {
    const abs = path.join(root, p);
    if (!fs.existsSync(abs)) continue;
    if (!fs.statSync(abs).isDirectory()) count += walk.file(abs, p).length;
    else count += (p === 'orgs' ? walk.tree(abs, p) : walk.folder(abs, p, 'silent')).length;
  }
  return count;
}

function report(findings: readonly Finding[], checked: number, json: boolean, io: ValidateIo): number {
  const unique = [...new Map(findings.map((f) => [formatFinding(f), f])).values()];
  const sorted = sortFindings(unique);
  if (json) io.stdout.write(`${JSON.stringify(sorted, null, 2)}\n`);
  else {
    for (const f of sorted) io.stdout.write(`${formatFinding(f)}\n`);
    const errors = sorted.filter((f) => f.severity === 'error').length;
    const warnings = sorted.length - errors;
    const files = `${checked} file${checked === 1 ? '' : 's'} checked`;
    io.stdout.write(
      errors + warnings === 0
        ? `${files}: no problems\n`
        : `${files}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
    );
  }
  return hasErrors(sorted) ? 1 : 0;
}

if (isEntryPoint('validate')) {
  runValidate(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`validate: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
