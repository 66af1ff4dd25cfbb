/**
 * Stage "read": the only stage that reads. `readProject` reads the project's files (the org file,
 * the catalog, the org's own files); `readOrg` is the only code of org:import that talks to
 * Datadog (through an OrgReader, src/import/datadog.ts in production). Both stop only for
 * org-level problems: no org file, an org file with errors, keys of another org, an API failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { formatFinding, show, sortFindings } from '../../config/findings';
import { readJsonFile, textOf } from '../../config/json';
import { loadCatalog, loadOrgDashboards, loadOrgMonitors, parseOrgFile, tfIdentifier } from '../../config/project';
import { DatadogReadError } from '../api';
import { ImportOptions, Json, LiveOrg, OrgReader, ProjectState, Stop } from './types';
import { readOtherWebhooks } from './otherWebhooks';
import { orgFile } from '../../datadog/naming';
import { isObject } from '../../config/json';

/** The webhook custom variable the stack creates for a webhook's auth header (src/config/project.ts). */
export function authCustomVariable(webhook: string): string {
  return `TORQ_${tfIdentifier(webhook).toUpperCase()}_AUTH`;
}

function readExisting(root: string, file: string): unknown {
  const full = path.join(root, ...file.split('/'));
  if (!fs.existsSync(full)) return undefined;
  const r = readJsonFile(full, file);
  return r.ok ? r.value : undefined;
}

/** The org file (the site, the webhook names, what is already adopted), the catalog and the org's own files. */
export function readProject(opts: ImportOptions): ProjectState | Stop {
  const orgRel = orgFile(opts.org);
  const orgPath = path.join(opts.root, ...orgRel.split('/'));
  if (!fs.existsSync(orgPath)) {
    return { stop: [`${orgRel}: $: error: no such org; expected an org file: create it first with npm run org:new -- ${opts.org} --site <site>`] };
  }
  const read = readJsonFile(orgPath, orgRel);
  if (!read.ok) return { stop: read.findings.map(formatFinding) };
  const parsed = parseOrgFile(read.value, orgRel);
  if (!parsed.org || !isObject(read.value))
    return { stop: [...sortFindings(parsed.findings).map(formatFinding), `${orgRel} has errors (above); fix them before importing`] };
  const org = parsed.org;
  const webhookNames = org.webhooks.map((w) => w.name);
  const { catalog } = loadCatalog(opts.root);
  // The org's own monitors (orgs/<org>/monitors/) count as its catalog; a new monitor goes there, never to the shared catalog.
  const localMonitors = loadOrgMonitors(
    opts.root,
    opts.org,
    catalog.monitors.map((m) => m.id),
    [],
  );
  const sharedIds = new Set(catalog.monitors.map((m) => m.id));
  const sharedDashIds = new Set(catalog.dashboards.map((d) => d.id));
  const localDashboards = opts.dashboards ? loadOrgDashboards(opts.root, opts.org, [...sharedDashIds], []) : [];
  return {
    opts,
    orgRel,
    org,
    orgJson: read.value,
    webhookNames,
    defaultWebhook: org.monitors.webhook ?? webhookNames[0],
    catalog,
    sharedIds,
    catalogIds: new Set([...sharedIds, ...localMonitors.map((m) => m.id)]),
    sharedDashIds,
    dashIds: new Set([...sharedDashIds, ...localDashboards.map((d) => d.id)]),
    existing: (file) => readExisting(opts.root, file),
  };
}

/** The org's identity; a stop when the keys are another org's (or cannot be checked against a recorded one). */
async function readIdentity(p: ProjectState, reader: OrgReader, notes: string[]): Promise<LiveOrg['identity'] | Stop> {
  const { org, orgRel } = p;
  let identity: LiveOrg['identity'];
  try {
    identity = reader.getOrg ? await reader.getOrg() : undefined;
  } catch (e) {
    // Keys that may read monitors but not the org. With an identity on record, an unverifiable
    // org is a stop (the point of the record is to catch another org's keys); without one, a note.
    if (!(e instanceof DatadogReadError) || e.status !== 403) throw e;
    if (org.datadogOrg) {
      return {
        stop: [
          `${orgRel}: $.datadogOrg.publicId: error: the keys may not read the org (GET /api/v1/org answered 403), so they cannot be checked against Datadog org ${show(org.datadogOrg.publicId)} recorded here; expected keys that may read the org (an application key with the org_management scope, or unscoped)`,
        ],
      };
    }
    notes.push(
      `the org's identity was not read (GET /api/v1/org answered 403), so it is not recorded in datadogOrg and later imports are not checked against it`,
    );
  }
  if (identity && org.datadogOrg && identity.publicId !== org.datadogOrg.publicId) {
    return {
      stop: [
        `${orgRel}: $.datadogOrg.publicId: error: the keys belong to Datadog org ${show(identity.publicId)}${identity.name ? ` (${show(identity.name)})` : ''}, ` +
          `but ${orgRel} was imported from org ${show(org.datadogOrg.publicId)}${org.datadogOrg.name ? ` (${show(org.datadogOrg.name)})` : ''}; expected DD_API_KEY and DD_APP_KEY of that org (or DD_HOST of its site)`,
      ],
    };
  }
  return identity;
}

/** The dashboards to read in full: the title filter, or titles with "torq" or a catalog dashboard's title. */
function wantedDashboards(p: ProjectState, summaries: Json[]): string[] {
  const catalogTitles = new Set(p.catalog.dashboards.map((d) => textOf(d.raw.title).trim().toLowerCase()));
  const filter = p.opts.dashboardTitle;
  return summaries
    .filter((d) => {
      const title = textOf(d.title).trim().toLowerCase();
      return filter !== undefined ? title.includes(filter.toLowerCase()) : title.includes('torq') || catalogTitles.has(title);
    })
    .map((d) => String(d.id))
    .sort();
}

/**
 * One object's read: a refusal or failure that concerns only it (403 or 404 on it, a 5xx after
 * retries) is that object's skip, not a stop; keys refused everywhere (401) and rate limits stop.
 */
async function objectRead<T>(read: () => Promise<T>): Promise<T | { error: string; status: number }> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DatadogReadError && e.status !== undefined && e.status !== 401 && e.status !== 429) return { error: e.message, status: e.status };
    throw e;
  }
}

/**
 * An adopted monitor missing from the list is read by id before anything calls it deleted: a list
 * read while monitors are deleted or created can miss one, and a prune would then drop its import
 * block (the next deploy would create a duplicate). Found, it joins the list, with a note.
 */
async function confirmAdopted(p: ProjectState, reader: OrgReader, live: LiveOrg): Promise<void> {
  if (!reader.getMonitor) return;
  const listed = new Set(live.allMonitors.map((m) => Number(m.id)));
  for (const [cid, did] of Object.entries(p.org.adopt.monitors).sort(([a], [b]) => a.localeCompare(b))) {
    const id = Number(did);
    if (listed.has(id)) continue;
    const m = await reader.getMonitor(id);
    if (m === undefined) continue;
    live.allMonitors.push(m);
    listed.add(id);
    live.notes.push(`monitor ${id} (adopted as ${cid}) was missing from the monitor list but exists (GET /api/v1/monitor/${id}): it is read as well`);
  }
}

/** Everything org:import needs from Datadog, read before anything is planned. */
export async function readOrg(p: ProjectState, reader: OrgReader): Promise<LiveOrg | Stop> {
  const live: LiveOrg = {
    webhookInfo: new Map(),
    customVariables: new Map(),
    allMonitors: [],
    dashboardSummaries: [],
    dashboards: [],
    otherWebhooks: new Map(),
    notes: [],
  };
  try {
    const identity = await readIdentity(p, reader, live.notes);
    if (identity && 'stop' in identity) return identity;
    live.identity = identity;
    if (p.opts.webhooks) {
      for (const name of p.webhookNames) {
        const info = await reader.getWebhook(name);
        live.webhookInfo.set(name, info);
        // The custom variable the stack creates for an auth header cannot be imported: know whether it exists.
        const variable = authCustomVariable(name);
        if (info && reader.hasWebhookCustomVariable) {
          const exists = await objectRead(() => reader.hasWebhookCustomVariable!(variable));
          if (typeof exists === 'boolean') live.customVariables.set(variable, exists);
        }
      }
    }
    live.allMonitors = await reader.listMonitors();
    await confirmAdopted(p, reader, live);
    if (p.opts.webhooks) await readOtherWebhooks(p, reader, live, objectRead);
    if (p.opts.dashboards) {
      live.dashboardSummaries = await reader.listDashboards();
      for (const id of wantedDashboards(p, live.dashboardSummaries)) {
        const raw = await objectRead(() => reader.getDashboard(id));
        if ('error' in raw) {
          const title = live.dashboardSummaries.find((d) => String(d.id) === id)?.title;
          // 404: deleted between the list and this read; 403: the key may not read it; 5xx: Datadog failed.
          const what =
            raw.status === 404
              ? 'Datadog answered 404: it was deleted after the dashboard list was read; nothing to do (import again to be sure)'
              : raw.status === 403
                ? `it could not be read (${textOf(raw.error)}); what to do: check the application key may read it (dashboards_read, and the dashboard's restrictions), then import again`
                : `it could not be read (${textOf(raw.error)}); what to do: import again later`;
          live.notes.push(`dashboard ${id} ${show(title)} not imported: ${what}`);
        } else live.dashboards.push({ id, raw });
      }
    }
    live.roleNames = reader.listRoles ? await reader.listRoles() : undefined;
  } catch (e) {
    if (e instanceof DatadogReadError) return { stop: [`org:import: error: ${e.message}`] };
    throw e;
  }
  return live;
}
