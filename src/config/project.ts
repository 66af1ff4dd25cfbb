/**
 * Loads a project folder (orgs/, monitors/, dashboards/, service_checks.json) into one typed
 * model per org. Every problem is collected as a finding with its file and JSON path; nothing
 * throws for a user's mistake. The only I/O of the config layer is here and in json.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, FindingSink, hasErrors, show } from './findings';
import { readJsonFile } from './json';
import { misplacedKind } from './kind';
import { FileWalk } from './files';
import { LoadedMonitor, RESOURCE_ID, parseMonitor, sharedCatalogFindings } from './monitor';
import { unsupportedOptionFindings } from './monitorOptions';
import { OrgFile, orgFileSchema, orgNameProblem } from './org';
import { Catalog, resolveOrg } from './resolveOrg';
import { zodFindings } from './zodFindings';
import { serviceCheckModels } from './serviceChecks';
import { parseMoved, Renames } from './moved';
import type { OrgModel, ProjectModel, ServiceCheckModel } from './model';
import { didYouMean } from './suggest';
import { address, catalogDashboardFile, catalogMonitorFile, DASHBOARD_TYPE, dashboardName, MONITOR_TYPE, monitorName, orgFile } from '../datadog/naming';

export type { Catalog } from './resolveOrg';
export { orgVariables, ROLE_ID, tfIdentifier } from './resolveOrg';

export interface LoadOptions {
  /** Only these orgs (names without .json). */
  orgs?: readonly string[];
}

export interface LoadResult {
  /** Set only when no file has an error. */
  project?: ProjectModel;
  /** Every org that could be resolved, even when other files have errors (for validation). */
  orgs: OrgModel[];
  catalog?: Catalog;
  /** Per org name: the catalog ids its file overrides (so findings can say where a value came from). */
  overridden?: Map<string, Set<string>>;
  /** Per org name: its own files as read (orgs/<org>/monitors, orgs/<org>/dashboards), for validation. */
  ownFiles?: Map<string, { monitors: LoadedMonitor[]; dashboards: Catalog['dashboards'] }>;
  findings: Finding[];
}

/**
 * The `<name>.json` files of a project folder (`monitors`, `orgs`, ...), not of its subfolders: each
 * real file once, symlinks to files followed. What is skipped (data-looking files that are not
 * .json, subfolders other than org folders, broken links) becomes a warning in `findings`.
 */
function jsonFiles(root: string, folder: string, findings: Finding[], walk = projectWalk(folder)): string[] {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  const files = walk.folder(dir, folder, folder === 'orgs' ? 'silent' : 'warn');
  findings.push(...walk.findings.splice(0));
  return files.map((f) => f.abs).sort();
}

function projectWalk(folder: string): FileWalk {
  return new FileWalk({ dataFolder: () => folder, isJson: (name) => name.endsWith('.json') });
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * An org's own monitors, `orgs/<org>/monitors/<id>.json` (typically adopted by org:import): deployed
 * by that org only. Their ids share the catalog's namespace (`datadog_monitor.monitor_<id>`), so
 * one that a catalog file also has is an error.
 */
export function loadOrgMonitors(root: string, org: string, catalogIds: readonly string[], findings: Finding[]): LoadedMonitor[] {
  const local = loadMonitorFolder(root, path.join(root, 'orgs', org, 'monitors'), findings);
  for (const m of local) {
    if (catalogIds.includes(m.id)) {
      findings.push({
        file: m.file,
        path: '$',
        severity: 'error',
        message: `${catalogMonitorFile(m.id)} exists too: an org's own monitor and a catalog monitor cannot share the id ${show(m.id)} (one Terraform resource, ${address(MONITOR_TYPE, monitorName(m.id))}); expected another file name`,
      });
    }
  }
  return local.filter((m) => !catalogIds.includes(m.id));
}

function loadMonitorFolder(root: string, dir: string, findings: Finding[]): LoadedMonitor[] {
  const monitors: LoadedMonitor[] = [];
  for (const file of jsonFiles(root, rel(root, dir), findings)) {
    const name = rel(root, file);
    const read = readJsonFile(file, name);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    const misplaced = misplacedKind(read.value, name, 'monitors');
    if (misplaced) {
      findings.push(misplaced);
      continue;
    }
    const parsed = parseMonitor(read.value, name);
    findings.push(...parsed.findings);
    if (!parsed.monitor) continue;
    const m = parsed.monitor;
    // Role ids belong to one org: an error in the shared catalog, fine in an org's own folder.
    if (rel(root, dir) === 'monitors') findings.push(...sharedCatalogFindings(m));
    if (!RESOURCE_ID.test(m.id)) {
      findings.push({
        file: name,
        path: '$',
        severity: 'error',
        message: `file name ${show(m.id)} cannot be a Terraform resource id; expected letters, digits, "_" or "-", starting with a letter or "_"`,
      });
    }
    findings.push(...unsupportedOptionFindings(m));
    monitors.push(m);
  }
  return monitors;
}

function loadDashboardFolder(root: string, dir: string, findings: Finding[]): Catalog['dashboards'] {
  const dashboards: Catalog['dashboards'] = [];
  for (const file of jsonFiles(root, rel(root, dir), findings)) {
    const name = rel(root, file);
    const read = readJsonFile(file, name);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    const v = read.value;
    const misplaced = misplacedKind(v, name, 'dashboards');
    if (misplaced) {
      findings.push(misplaced);
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      findings.push({ file: name, path: '$', severity: 'error', message: `expected a dashboard object ({title, layout_type, widgets}), found ${show(v)}` });
      continue;
    }
    const raw = v as Record<string, unknown>;
    const id = path.basename(file, '.json');
    if (!RESOURCE_ID.test(id)) {
      findings.push({
        file: name,
        path: '$',
        severity: 'error',
        message: `file name ${show(id)} cannot be a Terraform resource id; expected letters, digits, "_" or "-", starting with a letter or "_"`,
      });
    }
    // Role ids belong to one org: an error in the shared catalog (as for monitors), fine in an org's own folder.
    if (rel(root, dir) === 'dashboards' && Array.isArray(raw.restricted_roles) && raw.restricted_roles.length > 0) {
      findings.push({
        file: name,
        path: '$.restricted_roles',
        severity: 'error',
        message:
          `restricted_roles ${show(raw.restricted_roles)} are role ids of one Datadog org, and this file is in the shared catalog (dashboards/), which every org that selects it deploys: ` +
          `in another org these ids name no role (or other roles); expected no restricted_roles in dashboards/: restrict who may edit the dashboard per org, in the org file, as "dashboards": {"overrides": {"${id}": {"restrictedRoles": ["<role name or id>"]}}} (dashboards.overrides.${id}.restrictedRoles), or is_read_only true`,
      });
    }
    dashboards.push({ id, file: name, raw });
  }
  return dashboards;
}

/** An org's own dashboards, `orgs/<org>/dashboards/<id>.json`: deployed by that org only; ids distinct from the catalog's. */
export function loadOrgDashboards(root: string, org: string, catalogIds: readonly string[], findings: Finding[]): Catalog['dashboards'] {
  const local = loadDashboardFolder(root, path.join(root, 'orgs', org, 'dashboards'), findings);
  for (const d of local) {
    if (catalogIds.includes(d.id)) {
      findings.push({
        file: d.file,
        path: '$',
        severity: 'error',
        message: `${catalogDashboardFile(d.id)} exists too: an org's own dashboard and a catalog dashboard cannot share the id ${show(d.id)} (one Terraform resource, ${address(DASHBOARD_TYPE, dashboardName(d.id))}); expected another file name`,
      });
    }
  }
  return local.filter((d) => !catalogIds.includes(d.id));
}

/** Reads the catalog shared by every org: monitors, dashboards and service-check metadata. */
export function loadCatalog(root: string): { catalog: Catalog; findings: Finding[] } {
  const findings: Finding[] = [];
  const monitors = loadMonitorFolder(root, path.join(root, 'monitors'), findings);
  const dashboards = loadDashboardFolder(root, path.join(root, 'dashboards'), findings);
  const serviceChecks: ServiceCheckModel[] = [];
  const serviceCheckFiles: Catalog['serviceCheckFiles'] = [];
  const scWalk = projectWalk('service_checks');
  const scFile = path.join(root, 'service_checks.json');
  const scFiles = [
    ...(fs.existsSync(scFile) ? scWalk.file(scFile, 'service_checks.json').map((f) => f.abs) : []),
    ...jsonFiles(root, 'service_checks', findings, scWalk),
  ];
  for (const file of scFiles) {
    const name = rel(root, file);
    const read = readJsonFile(file, name);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    serviceCheckFiles.push({ file: name, raw: read.value });
    serviceChecks.push(...serviceCheckModels(read.value));
  }
  let renames: Renames = { monitors: {}, dashboards: {} };
  const movedFile = path.join(root, 'moved.json');
  if (fs.existsSync(movedFile)) {
    const read = readJsonFile(movedFile, rel(root, movedFile));
    if (!read.ok) findings.push(...read.findings);
    else {
      const parsed = parseMoved(read.value, rel(root, movedFile), {
        monitors: monitors.map((m) => m.id),
        dashboards: dashboards.map((d) => d.id),
        serviceChecks: serviceChecks.map((c) => c.check),
      });
      findings.push(...parsed.findings);
      renames = parsed.renames;
    }
  }
  return { catalog: { monitors, dashboards, serviceChecks, serviceCheckFiles, renames }, findings };
}

/** Parses one org file into its typed form (defaults applied). */
export function parseOrgFile(raw: unknown, file: string): { org?: OrgFile; findings: Finding[] } {
  const r = orgFileSchema.safeParse(raw);
  if (!r.success) return { findings: zodFindings(orgFileSchema, raw, r.error, file) };
  return { org: r.data, findings: [] };
}

/** Loads the whole project. `project` is set only when there is no error. */
export function loadProject(root: string, options: LoadOptions = {}): LoadResult {
  const findings: Finding[] = [];
  const orgDir = path.join(root, 'orgs');
  let orgFiles = jsonFiles(root, 'orgs', findings);
  if (orgFiles.length === 0) {
    findings.push({
      file: 'orgs/',
      path: '$',
      severity: 'error',
      message: `no org file found in ${show(rel(process.cwd(), orgDir) || orgDir)}; expected at least one orgs/<org>.json`,
    });
    return { orgs: [], findings };
  }
  if (options.orgs && options.orgs.length > 0) {
    const names = orgFiles.map((f) => path.basename(f, '.json'));
    for (const o of options.orgs) {
      if (!names.includes(o))
        findings.push({
          file: orgFile(o),
          path: '$',
          severity: 'error',
          message: `no such org ${show(o)}${didYouMean(o, names)}; expected one of: ${names.join(', ')}`,
        });
    }
    orgFiles = orgFiles.filter((f) => options.orgs!.includes(path.basename(f, '.json')));
  }
  const { catalog, findings: catalogFindings } = loadCatalog(root);
  findings.push(...catalogFindings);

  const orgs: OrgModel[] = [];
  const overridden = new Map<string, Set<string>>();
  const ownFiles = new Map<string, { monitors: LoadedMonitor[]; dashboards: Catalog['dashboards'] }>();
  const variableOwners = new Map<string, string>();
  for (const f of orgFiles) {
    const name = path.basename(f, '.json');
    const file = rel(root, f);
    const sink = new FindingSink(file);
    const nameProblem = orgNameProblem(name);
    if (nameProblem) sink.error('$', `org file name ${show(name)} is not a valid org name: ${nameProblem} (it names the stack and the TF_VAR_ variables)`);
    const read = readJsonFile(f, file);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    const parsed = parseOrgFile(read.value, file);
    findings.push(...parsed.findings);
    if (!parsed.org) continue;
    const local = loadOrgMonitors(
      root,
      name,
      catalog.monitors.map((m) => m.id),
      findings,
    );
    const localDashboards = loadOrgDashboards(
      root,
      name,
      catalog.dashboards.map((d) => d.id),
      findings,
    );
    ownFiles.set(name, { monitors: local, dashboards: localDashboards });
    const model = resolveOrg(name, file, parsed.org, catalog, sink, local, localDashboards);
    overridden.set(name, new Set(Object.keys(parsed.org.monitors.overrides)));
    const names = [
      model.credentials.apiKeyVariable,
      model.credentials.appKeyVariable,
      ...model.webhooks.flatMap((w) => [w.urlVariable, ...(w.authHeader ? [w.authHeader.variable] : []), ...w.headers.map((h) => h.variable)]),
    ];
    names.forEach((v, i) => {
      const owner = variableOwners.get(v);
      if (owner !== undefined && owner !== file)
        sink.error('$', `Terraform variable ${show(v)} would be shared with ${owner}; expected org and webhook names that give each org its own TF_VAR_ names`);
      else if (names.indexOf(v) !== i)
        sink.error(
          '$.webhooks',
          `Terraform variable ${show(v)} would hold two values of this org (a webhook name and a header name that spell the same variable); expected webhook and header names that give each value its own TF_VAR_ name`,
        );
      variableOwners.set(v, file);
    });
    findings.push(...sink.findings);
    orgs.push(model);
  }
  if (hasErrors(findings)) return { orgs, catalog, overridden, ownFiles, findings };
  return { project: { orgs }, orgs, catalog, overridden, ownFiles, findings };
}
