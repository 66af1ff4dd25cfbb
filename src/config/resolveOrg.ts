/**
 * One org file resolved against the catalog, in named steps: its webhooks, the monitors it
 * selects (include/exclude, its own folder, adopt), each monitor with the org's overrides and Torq
 * routing, its dashboards, its health monitors and keys. Pure: the files are read by project.ts.
 */
import { FindingSink, jsonPath, show } from './findings';
import type { LoadedMonitor } from './monitor';
import type { OrgFile } from './org';
import { apiUrl } from './sites';
import { torqPayloadJson } from './webhook';
import { routeMessage } from './routing';
import { parseQueryComparison, withQueryThreshold } from '../datadog/query';
import { notifiedWebhooks } from '../datadog/message';
import { healthMonitorDefinition } from './health';
import type { Renames } from './moved';
import { unreachableNotifyOn } from './notifyOn';
import { stripDashboardServerFields } from './dashboard';
import type { DashboardModel, MonitorModel, OrgModel, ServiceCheckModel, WebhookModel } from './model';
import { didYouMean } from './suggest';
import { webhookHeaders } from './webhookHeaders';
import { checkOrgReferences } from './references';
import { dashboardName, monitorName, parseAdoptChangesKey } from '../datadog/naming';

export interface Catalog {
  monitors: LoadedMonitor[];
  dashboards: { id: string; file: string; raw: Record<string, unknown> }[];
  serviceChecks: ServiceCheckModel[];
  /** The service-check files as read, for the integrations tooling's rules (src/validate). */
  serviceCheckFiles: { file: string; raw: unknown }[];
  /** Renamed catalog files (moved.json). */
  renames: Renames;
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
    /** Not a secret: the provider's api_url, defaulting to the org's site (a stand-in Datadog is one TF_VAR_ away). */
    apiUrl: `datadog_api_url_${o}`,
    webhookUrl: (webhook: string) => (webhook === 'torq' ? `torq_webhook_url_${o}` : `torq_webhook_url_${o}_${tfIdentifier(webhook)}`),
    webhookHeader: (webhook: string) => (webhook === 'torq' ? `torq_webhook_header_${o}` : `torq_webhook_header_${o}_${tfIdentifier(webhook)}`),
    /** A header of webhooks[].headers: always with the webhook's name, the header's in lower case. */
    webhookCustomHeader: (webhook: string, header: string) => `torq_webhook_header_${o}_${tfIdentifier(webhook)}_${tfIdentifier(header).toLowerCase()}`,
  };
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
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

type MonitorOverride = OrgFile['monitors']['overrides'][string];

/** Step 1: the org's webhooks, each with its Terraform variables; duplicate and unknown names. */
function resolveWebhooks(
  name: string,
  org: OrgFile,
  sink: FindingSink,
): { webhooks: WebhookModel[]; webhookNames: string[]; defaultWebhook: string | undefined } {
  const vars = orgVariables(name);
  const webhookNames = org.webhooks.map((w) => w.name);
  const webhooks: WebhookModel[] = org.webhooks.map((w, i) => {
    if (webhookNames.indexOf(w.name) !== i)
      sink.error(jsonPath(['webhooks', i, 'name']), `duplicate webhook name ${show(w.name)}; expected each webhook name once per org`);
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
    if (!webhookNames.includes(w))
      sink.error(
        jsonPath(['adopt', 'webhooks', i]),
        `no webhook ${show(w)} in this org${didYouMean(w, webhookNames)}; expected one of: ${webhookNames.join(', ')}`,
      );
  });

  const defaultWebhook = org.monitors.webhook ?? webhookNames[0];
  if (org.monitors.webhook !== undefined && !webhookNames.includes(org.monitors.webhook)) {
    sink.error(
      '$.monitors.webhook',
      `no webhook ${show(org.monitors.webhook)} in this org${didYouMean(org.monitors.webhook, webhookNames)}; expected one of: ${webhookNames.join(', ')}`,
    );
  }
  return { webhooks, webhookNames, defaultWebhook };
}

/** Step 2: which monitors the org deploys (catalog selection plus its own folder), with the checks of overrides and adopt entries. */
function selectMonitors(
  name: string,
  org: OrgFile,
  catalog: Catalog,
  local: readonly LoadedMonitor[],
  sink: FindingSink,
): { selected: Set<string>; pool: LoadedMonitor[] } {
  const sharedIds = catalog.monitors.map((m) => m.id);
  const localIds = local.map((m) => m.id);
  const selected = select(
    sharedIds,
    org.monitors.include,
    org.monitors.exclude.filter((p) => !localIds.includes(p)),
    sink,
    '$.monitors',
    'monitor in monitors/ named',
  );
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
    else if (!catalogIds.includes(id))
      sink.error(
        jsonPath(['monitors', 'overrides', id]),
        `override for a monitor that does not exist: ${show(id)}${didYouMean(id, catalogIds)}; expected a file monitors/<id>.json or orgs/${name}/monitors/<id>.json`,
      );
    else if (!selected.has(id))
      sink.warning(
        jsonPath(['monitors', 'overrides', id]),
        `override for ${show(id)}, which this org does not deploy (see monitors.include/exclude); expected a deployed monitor`,
      );
  }
  const adoptedBy = new Map<string, string>();
  for (const [id, datadogId] of Object.entries(org.adopt.monitors)) {
    const other = adoptedBy.get(String(datadogId));
    if (other !== undefined)
      sink.error(
        jsonPath(['adopt', 'monitors', id]),
        `adopts monitor ${datadogId}, which ${show(other)} adopts too; expected each existing monitor imported once (Terraform cannot manage one object at two addresses)`,
      );
    adoptedBy.set(String(datadogId), id);
  }
  for (const id of Object.keys(org.adopt.monitors)) {
    const moved = renamed(id, 'adopt.monitors');
    if (moved) sink.error(jsonPath(['adopt', 'monitors', id]), `adopts a monitor file that no longer exists: ${moved}`);
    else if (!selected.has(id))
      sink.error(
        jsonPath(['adopt', 'monitors', id]),
        `adopts ${show(id)}, which this org does not deploy${didYouMean(id, catalogIds)}; expected a deployed catalog monitor`,
      );
  }
  // Keys: a monitor's catalog id, `dashboard:<id>` or `webhook:<name>` (org:import writes them).
  for (const id of Object.keys(org.adopt.changes ?? {})) {
    const { section, id: key } = parseAdoptChangesKey(id);
    const adopted =
      section === 'dashboards'
        ? org.adopt.dashboards[key] !== undefined
        : section === 'webhooks'
          ? org.adopt.webhooks.includes(key)
          : org.adopt.monitors[key] !== undefined;
    if (!adopted)
      sink.warning(
        jsonPath(['adopt', 'changes', id]),
        `first-apply changes recorded for ${show(id)}, which adopt.${section} does not list, so the review does not show them; expected an adopted resource (org:import rewrites this section)`,
      );
  }
  return { selected, pool };
}

/** Step 3: one monitor as this org deploys it: the file's definition with the org's overrides, tags and Torq routing. */
function applyOverrides(
  m: LoadedMonitor,
  org: OrgFile,
  hooks: { webhookNames: readonly string[]; defaultWebhook: string | undefined },
  sink: FindingSink,
): MonitorModel {
  const { webhookNames, defaultWebhook } = hooks;
  const o: MonitorOverride = org.monitors.overrides[m.id] ?? {};
  const at = (...seg: (string | number)[]) => jsonPath(['monitors', 'overrides', m.id, ...seg]);
  const def = structuredClone(m.definition);
  if (o.name !== undefined) def.name = o.name;
  if (o.query !== undefined) def.query = o.query;
  if (o.message !== undefined) def.message = o.message;
  if (o.priority !== undefined) def.priority = o.priority;
  if (o.removeTags) {
    o.removeTags.forEach((t, i) => {
      if (!def.tags.includes(t))
        sink.warning(
          at('removeTags', i),
          `${show(t)} is not a tag of ${m.file}, so there is nothing to remove; expected one of: ${def.tags.join(', ') || '(it has no tags)'}`,
        );
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
    if (o.thresholds.critical !== undefined && parseQueryComparison(def.query)?.threshold !== o.thresholds.critical) {
      const q = withQueryThreshold(def.query, o.thresholds.critical);
      if (q === undefined)
        sink.error(
          at('thresholds', 'critical'),
          `cannot set critical to ${o.thresholds.critical}: the query of ${m.file} (${show(def.query)}) ends with no comparator and threshold (>, >=, <, <=, == or != then a number); expected a query such as "... > 90"`,
        );
      else def.query = q;
    }
    def.options.thresholds = th;
  }
  def.tags = [...new Set([...def.tags, ...org.tags])];
  let webhook: string | undefined = defaultWebhook;
  if (o.webhook === null) webhook = undefined;
  else if (o.webhook !== undefined) {
    if (!webhookNames.includes(o.webhook))
      sink.error(
        at('webhook'),
        `no webhook ${show(o.webhook)} in this org${didYouMean(o.webhook, webhookNames)}; expected one of: ${webhookNames.join(', ')}, or null for none`,
      );
    webhook = o.webhook;
  }
  if (o.routing === 'message') {
    // The message routes as written (a mention the org file cannot express): nothing added or removed.
    webhook = notifiedWebhooks(def.message, webhookNames)[0];
  } else def.message = routeMessage(def.message, webhookNames, webhook, o.notifyOn ?? org.monitors.notifyOn);
  const never = webhook === undefined || o.routing === 'message' ? undefined : unreachableNotifyOn(o.notifyOn ?? org.monitors.notifyOn, def);
  if (never)
    sink.warning(
      o.notifyOn !== undefined ? at('notifyOn') : '$.monitors.notifyOn',
      `${m.file} is routed to Torq only on ${never.join(', ')}, so Torq is never notified of it; expected a transition it has, such as ["alert", "recovery"]`,
    );
  if (o.draftStatus !== undefined) def.draft_status = o.draftStatus;
  let restrictedRoleNames: string[] | undefined;
  if (o.restrictedRoles !== undefined) {
    const roles = splitRoles(o.restrictedRoles);
    def.restricted_roles = roles.ids;
    if (roles.names.length > 0) restrictedRoleNames = roles.names;
  }
  const adopt = org.adopt.monitors[m.id];
  return { id: m.id, file: m.file, definition: def, webhook, adoptId: adopt === undefined ? undefined : String(adopt), restrictedRoleNames };
}

/** Step 4: the dashboards the org deploys (catalog selection plus its own folder), with adopt ids and restricted roles. */
function resolveDashboards(
  name: string,
  file: string,
  org: OrgFile,
  catalog: Catalog,
  localDashboards: Catalog['dashboards'],
  monitors: { pool: LoadedMonitor[]; selected: Set<string> },
  sink: FindingSink,
): DashboardModel[] {
  const { pool, selected } = monitors;
  const localDashIds = localDashboards.map((d) => d.id);
  const dashSelected = select(
    catalog.dashboards.map((d) => d.id),
    org.dashboards.include,
    org.dashboards.exclude.filter((p) => !localDashIds.includes(p)),
    sink,
    '$.dashboards',
    'dashboard in dashboards/ named',
  );
  const dashExcluded = org.dashboards.exclude.map(globToRegExp);
  for (const id of localDashIds) if (!dashExcluded.some((r) => r.test(id))) dashSelected.add(id);
  const dashPool = [...catalog.dashboards, ...localDashboards];
  const dashIds = dashPool.map((d) => d.id);
  for (const id of Object.keys(org.adopt.dashboards)) {
    if (!dashSelected.has(id))
      sink.error(
        jsonPath(['adopt', 'dashboards', id]),
        `adopts ${show(id)}, which this org does not deploy${didYouMean(id, dashIds)}; expected a deployed dashboard`,
      );
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
    if (!dashSelected.has(id))
      sink.error(
        jsonPath(['dashboards', 'overrides', id]),
        `override for ${show(id)}, which this org does not deploy${didYouMean(id, dashIds)}; expected a deployed dashboard`,
      );
  }
  return dashboards;
}

/** Step 5: the health monitors of Torq's service checks, and the keys and access the org creates. */
function resolveHealthAndAccess(org: OrgFile, catalog: Catalog, sink: FindingSink): Pick<OrgModel, 'healthMonitors' | 'access'> {
  if (catalog.serviceChecks.length > 0 && org.health.notify.length === 0) {
    sink.warning(
      '$.health.notify',
      'no one hears about Torq\'s health: the service-check monitors will alert no one; expected @-handles such as ["@slack-secops"]',
    );
  }
  const healthMonitors: MonitorModel[] = catalog.serviceChecks.map((sc) => ({
    id: tfIdentifier(sc.check),
    file: 'service_checks.json',
    definition: healthMonitorDefinition(sc, org.health, org.tags),
  }));

  let access: OrgModel['access'];
  if (org.keys.create) {
    if (!org.keys.serviceAccountEmail) {
      sink.error(
        '$.keys.serviceAccountEmail',
        'required when keys.create is true (Datadog service accounts need an email), found nothing; expected an address such as "torq-automation@example.com", or keys.create false',
      );
    }
    access = { name: org.keys.name, serviceAccountEmail: org.keys.serviceAccountEmail ?? '', roles: org.keys.roles, scopes: org.keys.scopes };
  }
  return { healthMonitors, access };
}

/** An org file resolved against the catalog: the steps above, then the model synth deploys. */
export function resolveOrg(
  name: string,
  file: string,
  org: OrgFile,
  catalog: Catalog,
  sink: FindingSink,
  local: readonly LoadedMonitor[] = [],
  localDashboards: Catalog['dashboards'] = [],
): OrgModel {
  const vars = orgVariables(name);
  const { webhooks, webhookNames, defaultWebhook } = resolveWebhooks(name, org, sink);
  const { selected, pool } = selectMonitors(name, org, catalog, local, sink);
  const monitors = pool.filter((m) => selected.has(m.id)).map((m) => applyOverrides(m, org, { webhookNames, defaultWebhook }, sink));
  const dashboards = resolveDashboards(name, file, org, catalog, localDashboards, { pool, selected }, sink);
  const { healthMonitors, access } = resolveHealthAndAccess(org, catalog, sink);

  return {
    name,
    file,
    site: org.site,
    apiUrl: apiUrl(org.site),
    credentials: { apiKeyVariable: vars.apiKey, appKeyVariable: vars.appKey, apiUrlVariable: vars.apiUrl },
    webhooks,
    ...(org.externalWebhooks.length > 0 ? { externalWebhooks: org.externalWebhooks } : {}),
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
        .map(([from, to]) => ({ type: 'datadog_monitor' as const, from: monitorName(from), to: monitorName(to) })),
      ...Object.entries(catalog.renames.dashboards)
        .filter(([, to]) => dashboards.some((d) => d.id === to))
        .map(([from, to]) => ({ type: 'datadog_dashboard_json' as const, from: dashboardName(from), to: dashboardName(to) })),
      // A renamed service check keeps its health monitor (ids as in resolveHealthAndAccess).
      ...Object.entries(catalog.renames.serviceChecks ?? {})
        .filter(([, to]) => healthMonitors.some((m) => m.id === tfIdentifier(to)))
        .map(([from, to]) => ({
          type: 'datadog_monitor' as const,
          from: monitorName(tfIdentifier(from), 'health'),
          to: monitorName(tfIdentifier(to), 'health'),
        })),
    ],
  };
}
