/**
 * Loads a project folder (orgs/, monitors/, dashboards/, service_checks.json) into one typed
 * model per org. Every problem is collected as a finding with its file and JSON path; nothing
 * throws for a user's mistake. The only I/O of the config layer is here and in json.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, FindingSink, hasErrors, jsonPath, show } from './findings';
import { readJsonFile } from './json';
import { misplacedKind } from './kind';
import { FileWalk } from './files';
import { DEPLOYED_OPTIONS, LoadedMonitor, RESOURCE_ID, parseMonitor, sharedCatalogFindings } from './monitor';
import { ORG_NAME, OrgFile, orgFileSchema } from './org';
import { apiUrl, Site } from './sites';
import { torqPayloadJson } from './webhook';
import { zodFindings } from './zodFindings';
import { routeMessage, trailingThreshold, withQueryThreshold } from './routing';
import { healthMonitorDefinition } from './health';
import { serviceCheckModels } from './serviceChecks';
import { parseMoved, Renames } from './moved';
import { stripDashboardServerFields } from './dashboard';
import type { DashboardModel, MonitorModel, OrgModel, ProjectModel, ServiceCheckModel, WebhookModel } from './model';
import { didYouMean } from './suggest';
import { webhookHeaders } from './webhookHeaders';
import { checkOrgReferences } from './references';

export interface Catalog {
  monitors: LoadedMonitor[];
  dashboards: { id: string; file: string; raw: Record<string, unknown> }[];
  serviceChecks: ServiceCheckModel[];
  /** The service-check files as read, for the integrations tooling's rules (src/validate). */
  serviceCheckFiles: { file: string; raw: unknown }[];
  /** Renamed catalog files (moved.json). */
  renames: Renames;
}

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
  findings: Finding[];
}

/** Terraform identifiers and TF_VAR_ names: `-` becomes `_`. */
export function tfIdentifier(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The Terraform variable names an org needs; distinct per org so one deploy can serve many. */
export function orgVariables(org: string) {
  const o = tfIdentifier(org);
  return {
    apiKey: `datadog_api_key_${o}`,
    appKey: `datadog_app_key_${o}`,
    webhookUrl: (webhook: string) => (webhook === 'torq' ? `torq_webhook_url_${o}` : `torq_webhook_url_${o}_${tfIdentifier(webhook)}`),
    webhookHeader: (webhook: string) => (webhook === 'torq' ? `torq_webhook_header_${o}` : `torq_webhook_header_${o}_${tfIdentifier(webhook)}`),
    /** A header of webhooks[].headers: always with the webhook's name, the header's in lower case. */
    webhookCustomHeader: (webhook: string, header: string) => `torq_webhook_header_${o}_${tfIdentifier(webhook)}_${tfIdentifier(header).toLowerCase()}`,
  };
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
      findings.push({ file: m.file, path: '$', severity: 'error', message: `monitors/${m.id}.json exists too: an org's own monitor and a catalog monitor cannot share the id ${show(m.id)} (one Terraform resource, datadog_monitor.monitor_${m.id}); expected another file name` });
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
      findings.push({ file: name, path: '$', severity: 'error', message: `file name ${show(m.id)} cannot be a Terraform resource id; expected letters, digits, "_" or "-", starting with a letter or "_"` });
    }
    for (const key of Object.keys(m.definition.options)) {
      if (!DEPLOYED_OPTIONS.includes(key)) {
        findings.push({ file: name, path: jsonPath([key], `${m.definitionPath}.options`), severity: 'warning', message: `option ${show(key)} (${show(m.definition.options[key])}) is not supported by datadog_monitor and is not deployed; expected one of: ${DEPLOYED_OPTIONS.join(', ')}` });
      }
    }
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
      findings.push({ file: name, path: '$', severity: 'error', message: `file name ${show(id)} cannot be a Terraform resource id; expected letters, digits, "_" or "-", starting with a letter or "_"` });
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
      findings.push({ file: d.file, path: '$', severity: 'error', message: `dashboards/${d.id}.json exists too: an org's own dashboard and a catalog dashboard cannot share the id ${show(d.id)} (one Terraform resource, datadog_dashboard_json.dashboard_${d.id}); expected another file name` });
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
  const scFiles = [...(fs.existsSync(scFile) ? scWalk.file(scFile, 'service_checks.json').map((f) => f.abs) : []), ...jsonFiles(root, 'service_checks', findings, scWalk)];
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
      const parsed = parseMoved(read.value, rel(root, movedFile), { monitors: monitors.map((m) => m.id), dashboards: dashboards.map((d) => d.id) });
      findings.push(...parsed.findings);
      renames = parsed.renames;
    }
  }
  return { catalog: { monitors, dashboards, serviceChecks, serviceCheckFiles, renames }, findings };
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Selects ids by include/exclude patterns; a plain id that matches nothing is an error. */
function select(ids: readonly string[], include: readonly string[], exclude: readonly string[], sink: FindingSink, at: string, what: string): Set<string> {
  const check = (patterns: readonly string[], key: string) =>
    patterns.forEach((p, i) => {
      const re = globToRegExp(p);
      if (!ids.some((id) => re.test(id)) && !/[*?]/.test(p)) {
        sink.error(jsonPath([key, i], at), `no ${what} ${show(p)}${didYouMean(p, ids)}; expected one of: ${ids.join(', ') || '(none)'}`);
      }
    });
  check(include, 'include');
  check(exclude, 'exclude');
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return new Set(ids.filter((id) => inc.some((r) => r.test(id)) && !exc.some((r) => r.test(id))));
}

/** A Datadog role id (a UUID); anything else in restrictedRoles is a role name. */
export const ROLE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Role ids as they are; role names to resolve per org (datadog_role data sources). Both sorted and unique. */
function splitRoles(roles: readonly string[]): { ids: string[]; names: string[] } {
  const ids = [...new Set(roles.filter((r) => ROLE_ID.test(r)))].sort();
  const names = [...new Set(roles.filter((r) => !ROLE_ID.test(r)))].sort();
  return { ids, names };
}

/** The first of the org's webhooks a message mentions (any case), if any. */
function mentionedWebhook(message: string, webhooks: readonly string[]): string | undefined {
  return webhooks.find((w) => new RegExp(`(?<![A-Za-z0-9_-])@webhook-${w.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`, 'i').test(message));
}

function resolveOrg(name: string, file: string, org: OrgFile, catalog: Catalog, sink: FindingSink, local: readonly LoadedMonitor[] = [], localDashboards: Catalog['dashboards'] = []): OrgModel {
  const vars = orgVariables(name);
  const webhookNames = org.webhooks.map((w) => w.name);

  const webhooks: WebhookModel[] = org.webhooks.map((w, i) => {
    if (webhookNames.indexOf(w.name) !== i) sink.error(jsonPath(['webhooks', i, 'name']), `duplicate webhook name ${show(w.name)}; expected each webhook name once per org`);
    const model: WebhookModel = {
      name: w.name,
      encodeAs: w.encodeAs,
      payload: w.payload ? JSON.stringify(w.payload, null, 2) : torqPayloadJson(),
      urlVariable: vars.webhookUrl(w.name),
      adopt: org.adopt.webhooks.includes(w.name),
      headers: webhookHeaders(w, i, (h) => vars.webhookCustomHeader(w.name, h), sink),
    };
    if (w.authHeader) {
      model.authHeader = {
        name: w.authHeader,
        variable: vars.webhookHeader(w.name),
        customVariable: `TORQ_${tfIdentifier(w.name).toUpperCase()}_AUTH`,
      };
    }
    return model;
  });
  org.adopt.webhooks.forEach((w, i) => {
    if (!webhookNames.includes(w)) sink.error(jsonPath(['adopt', 'webhooks', i]), `no webhook ${show(w)} in this org${didYouMean(w, webhookNames)}; expected one of: ${webhookNames.join(', ')}`);
  });

  const defaultWebhook = org.monitors.webhook ?? webhookNames[0];
  if (org.monitors.webhook !== undefined && !webhookNames.includes(org.monitors.webhook)) {
    sink.error('$.monitors.webhook', `no webhook ${show(org.monitors.webhook)} in this org${didYouMean(org.monitors.webhook, webhookNames)}; expected one of: ${webhookNames.join(', ')}`);
  }

  const sharedIds = catalog.monitors.map((m) => m.id);
  const localIds = local.map((m) => m.id);
  const selected = select(sharedIds, org.monitors.include, org.monitors.exclude.filter((p) => !localIds.includes(p)), sink, '$.monitors', 'monitor in monitors/ named');
  // The org's own monitors are deployed by it alone, unless its monitors.exclude names them.
  const excluded = org.monitors.exclude.map(globToRegExp);
  for (const id of localIds) if (!excluded.some((r) => r.test(id))) selected.add(id);
  const catalogIds = [...sharedIds, ...localIds];
  const pool = [...catalog.monitors, ...local];
  // A key that names a file renamed in moved.json: say where it went, not just that it is gone.
  const renamed = (id: string, key: string) => {
    const to = catalog.renames.monitors[id];
    return to === undefined ? undefined : `${show(id)} was renamed to ${show(to)} in moved.json; expected this entry under ${key}.${to}`;
  };
  for (const id of Object.keys(org.monitors.overrides)) {
    const moved = renamed(id, 'monitors.overrides');
    if (moved) sink.error(jsonPath(['monitors', 'overrides', id]), `override for a monitor file that no longer exists: ${moved}`);
    else if (!catalogIds.includes(id)) sink.error(jsonPath(['monitors', 'overrides', id]), `override for a monitor that does not exist: ${show(id)}${didYouMean(id, catalogIds)}; expected a file monitors/<id>.json or orgs/${name}/monitors/<id>.json`);
    else if (!selected.has(id)) sink.warning(jsonPath(['monitors', 'overrides', id]), `override for ${show(id)}, which this org does not deploy (see monitors.include/exclude); expected a deployed monitor`);
  }
  const adoptedBy = new Map<string, string>();
  for (const [id, datadogId] of Object.entries(org.adopt.monitors)) {
    const other = adoptedBy.get(String(datadogId));
    if (other !== undefined) sink.error(jsonPath(['adopt', 'monitors', id]), `adopts monitor ${datadogId}, which ${show(other)} adopts too; expected each existing monitor imported once (Terraform cannot manage one object at two addresses)`);
    adoptedBy.set(String(datadogId), id);
  }
  for (const id of Object.keys(org.adopt.monitors)) {
    const moved = renamed(id, 'adopt.monitors');
    if (moved) sink.error(jsonPath(['adopt', 'monitors', id]), `adopts a monitor file that no longer exists: ${moved}`);
    else if (!selected.has(id)) sink.error(jsonPath(['adopt', 'monitors', id]), `adopts ${show(id)}, which this org does not deploy${didYouMean(id, catalogIds)}; expected a deployed catalog monitor`);
  }
  // Keys: a monitor's catalog id, `dashboard:<id>` or `webhook:<name>` (org:import writes them).
  for (const id of Object.keys(org.adopt.changes ?? {})) {
    const [section, key] = id.startsWith('dashboard:') ? ['dashboards', id.slice(10)] : id.startsWith('webhook:') ? ['webhooks', id.slice(8)] : ['monitors', id];
    const adopted = section === 'dashboards' ? org.adopt.dashboards[key] !== undefined : section === 'webhooks' ? org.adopt.webhooks.includes(key) : org.adopt.monitors[key] !== undefined;
    if (!adopted) sink.warning(jsonPath(['adopt', 'changes', id]), `first-apply changes recorded for ${show(id)}, which adopt.${section} does not list, so the review does not show them; expected an adopted resource (org:import rewrites this section)`);
  }

  const monitors: MonitorModel[] = [];
  for (const m of pool) {
    if (!selected.has(m.id)) continue;
    const o = org.monitors.overrides[m.id] ?? {};
    const at = (...seg: (string | number)[]) => jsonPath(['monitors', 'overrides', m.id, ...seg]);
    const def = structuredClone(m.definition);
    if (o.name !== undefined) def.name = o.name;
    if (o.query !== undefined) def.query = o.query;
    if (o.message !== undefined) def.message = o.message;
    if (o.priority !== undefined) def.priority = o.priority;
    if (o.removeTags) {
      o.removeTags.forEach((t, i) => {
        if (!def.tags.includes(t)) sink.warning(at('removeTags', i), `${show(t)} is not a tag of ${m.file}, so there is nothing to remove; expected one of: ${def.tags.join(', ') || '(it has no tags)'}`);
      });
      def.tags = def.tags.filter((t) => !o.removeTags!.includes(t));
    }
    if (o.tags) def.tags = [...new Set([...def.tags, ...o.tags])];
    if (o.options) {
      // null takes an option of the file away for this org (org:import writes it when the live monitor does not set it).
      for (const [k, v] of Object.entries(o.options)) {
        if (v === null) delete def.options[k];
        else def.options[k] = v;
      }
    }
    if (o.thresholds) {
      const th = { ...(def.options.thresholds ?? {}) };
      for (const [k, v] of Object.entries(o.thresholds)) {
        if (v === null) delete th[k as keyof typeof th];
        else th[k as keyof typeof th] = v;
      }
      // A query that already ends with this threshold (a query override, "> 95.0" for 95) is kept as written.
      if (o.thresholds.critical !== undefined && trailingThreshold(def.query)?.threshold !== o.thresholds.critical) {
        const q = withQueryThreshold(def.query, o.thresholds.critical);
        if (q === undefined) sink.error(at('thresholds', 'critical'), `cannot set critical to ${o.thresholds.critical}: the query of ${m.file} (${show(def.query)}) ends with no comparator and threshold; expected a query such as "... > 90"`);
        else def.query = q;
      }
      def.options.thresholds = th;
    }
    def.tags = [...new Set([...def.tags, ...org.tags])];
    let webhook: string | undefined = defaultWebhook;
    if (o.webhook === null) webhook = undefined;
    else if (o.webhook !== undefined) {
      if (!webhookNames.includes(o.webhook)) sink.error(at('webhook'), `no webhook ${show(o.webhook)} in this org${didYouMean(o.webhook, webhookNames)}; expected one of: ${webhookNames.join(', ')}, or null for none`);
      webhook = o.webhook;
    }
    if (o.routing === 'message') {
      // The message routes as written (a mention the org file cannot express): nothing added or removed.
      webhook = mentionedWebhook(def.message, webhookNames);
    } else def.message = routeMessage(def.message, webhookNames, webhook, o.notifyOn ?? org.monitors.notifyOn);
    if (o.draftStatus !== undefined) def.draft_status = o.draftStatus;
    let restrictedRoleNames: string[] | undefined;
    if (o.restrictedRoles !== undefined) {
      const roles = splitRoles(o.restrictedRoles);
      def.restricted_roles = roles.ids;
      if (roles.names.length > 0) restrictedRoleNames = roles.names;
    }
    const adopt = org.adopt.monitors[m.id];
    monitors.push({ id: m.id, file: m.file, definition: def, webhook, adoptId: adopt === undefined ? undefined : String(adopt), restrictedRoleNames });
  }

  const localDashIds = localDashboards.map((d) => d.id);
  const dashSelected = select(catalog.dashboards.map((d) => d.id), org.dashboards.include, org.dashboards.exclude.filter((p) => !localDashIds.includes(p)), sink, '$.dashboards', 'dashboard in dashboards/ named');
  const dashExcluded = org.dashboards.exclude.map(globToRegExp);
  for (const id of localDashIds) if (!dashExcluded.some((r) => r.test(id))) dashSelected.add(id);
  const dashPool = [...catalog.dashboards, ...localDashboards];
  const dashIds = dashPool.map((d) => d.id);
  for (const id of Object.keys(org.adopt.dashboards)) {
    if (!dashSelected.has(id)) sink.error(jsonPath(['adopt', 'dashboards', id]), `adopts ${show(id)}, which this org does not deploy${didYouMean(id, dashIds)}; expected a deployed dashboard`);
  }
  sink.findings.push(...checkOrgReferences(name, file, { monitors: pool, dashboards: dashPool }, selected, dashSelected));
  const dashboards: DashboardModel[] = dashPool
    .filter((d) => dashSelected.has(d.id))
    .map((d) => {
      const model: DashboardModel = { id: d.id, file: d.file, dashboard: stripDashboardServerFields(d.raw), adoptId: org.adopt.dashboards[d.id] };
      const r = org.dashboards.overrides[d.id]?.restrictedRoles;
      if (r !== undefined) {
        const roles = splitRoles(r);
        model.dashboard.restricted_roles = roles.ids;
        if (roles.names.length > 0) model.restrictedRoleNames = roles.names;
      }
      return model;
    });
  for (const id of Object.keys(org.dashboards.overrides)) {
    if (!dashSelected.has(id)) sink.error(jsonPath(['dashboards', 'overrides', id]), `override for ${show(id)}, which this org does not deploy${didYouMean(id, dashIds)}; expected a deployed dashboard`);
  }

  if (catalog.serviceChecks.length > 0 && org.health.notify.length === 0) {
    sink.warning('$.health.notify', 'no one hears about Torq\'s health: the service-check monitors will alert no one; expected @-handles such as ["@slack-secops"]');
  }
  const healthMonitors: MonitorModel[] = catalog.serviceChecks.map((sc) => ({
    id: tfIdentifier(sc.check),
    file: 'service_checks.json',
    definition: healthMonitorDefinition(sc, org.health, org.tags),
  }));

  let access: OrgModel['access'];
  if (org.keys.create) {
    if (!org.keys.serviceAccountEmail) {
      sink.error('$.keys.serviceAccountEmail', 'required when keys.create is true (Datadog service accounts need an email), found nothing; expected an address such as "torq-automation@example.com", or keys.create false');
    }
    access = { name: org.keys.name, serviceAccountEmail: org.keys.serviceAccountEmail ?? '', roles: org.keys.roles, scopes: org.keys.scopes };
  }

  return {
    name,
    file,
    site: org.site as Site,
    apiUrl: apiUrl(org.site as Site),
    credentials: { apiKeyVariable: vars.apiKey, appKeyVariable: vars.appKey },
    webhooks,
    monitors,
    healthMonitors,
    dashboards,
    serviceChecks: catalog.serviceChecks,
    tags: org.tags,
    backend: org.backend,
    access,
    ...(org.adopt.changes && Object.keys(org.adopt.changes).length > 0 ? { adoptChanges: org.adopt.changes } : {}),
    moved: [
      ...Object.entries(catalog.renames.monitors)
        .filter(([, to]) => monitors.some((m) => m.id === to))
        .map(([from, to]) => ({ type: 'datadog_monitor' as const, from: `monitor_${from}`, to: `monitor_${to}` })),
      ...Object.entries(catalog.renames.dashboards)
        .filter(([, to]) => dashboards.some((d) => d.id === to))
        .map(([from, to]) => ({ type: 'datadog_dashboard_json' as const, from: `dashboard_${from}`, to: `dashboard_${to}` })),
    ],
  };
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
    findings.push({ file: 'orgs/', path: '$', severity: 'error', message: `no org file found in ${show(rel(process.cwd(), orgDir) || orgDir)}; expected at least one orgs/<org>.json` });
    return { orgs: [], findings };
  }
  if (options.orgs && options.orgs.length > 0) {
    const names = orgFiles.map((f) => path.basename(f, '.json'));
    for (const o of options.orgs) {
      if (!names.includes(o)) findings.push({ file: `orgs/${o}.json`, path: '$', severity: 'error', message: `no such org ${show(o)}${didYouMean(o, names)}; expected one of: ${names.join(', ')}` });
    }
    orgFiles = orgFiles.filter((f) => options.orgs!.includes(path.basename(f, '.json')));
  }
  const { catalog, findings: catalogFindings } = loadCatalog(root);
  findings.push(...catalogFindings);

  const orgs: OrgModel[] = [];
  const overridden = new Map<string, Set<string>>();
  const variableOwners = new Map<string, string>();
  for (const f of orgFiles) {
    const name = path.basename(f, '.json');
    const file = rel(root, f);
    const sink = new FindingSink(file);
    if (!ORG_NAME.test(name)) {
      sink.error('$', `org file name ${show(name)} is not a valid org name; expected lower-case letters, digits, "-" or "_", starting with a letter (it names the stack and the TF_VAR_ variables)`);
    }
    const read = readJsonFile(f, file);
    if (!read.ok) {
      findings.push(...read.findings);
      continue;
    }
    const parsed = parseOrgFile(read.value, file);
    findings.push(...parsed.findings);
    if (!parsed.org) continue;
    const local = loadOrgMonitors(root, name, catalog.monitors.map((m) => m.id), findings);
    const localDashboards = loadOrgDashboards(root, name, catalog.dashboards.map((d) => d.id), findings);
    const model = resolveOrg(name, file, parsed.org, catalog, sink, local, localDashboards);
    overridden.set(name, new Set(Object.keys(parsed.org.monitors.overrides)));
    const names = [model.credentials.apiKeyVariable, model.credentials.appKeyVariable, ...model.webhooks.flatMap((w) => [w.urlVariable, ...(w.authHeader ? [w.authHeader.variable] : []), ...w.headers.map((h) => h.variable)])];
    names.forEach((v, i) => {
      const owner = variableOwners.get(v);
      if (owner !== undefined && owner !== file) sink.error('$', `Terraform variable ${show(v)} would be shared with ${owner}; expected org and webhook names that give each org its own TF_VAR_ names`);
      else if (names.indexOf(v) !== i) sink.error('$.webhooks', `Terraform variable ${show(v)} would hold two values of this org (a webhook name and a header name that spell the same variable); expected webhook and header names that give each value its own TF_VAR_ name`);
      variableOwners.set(v, file);
    });
    findings.push(...sink.findings);
    orgs.push(model);
  }
  if (hasErrors(findings)) return { orgs, catalog, overridden, findings };
  return { project: { orgs }, orgs, catalog, overridden, findings };
}
