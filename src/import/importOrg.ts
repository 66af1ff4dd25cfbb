/**
 * org:import: reads what an org already has (the Torq webhook, the monitors that notify it, the
 * Torq dashboard) and turns it into reviewable files plus an `adopt` section, so the org's stack
 * imports those resources instead of creating duplicates.
 *
 * Everything is read first, then planned in memory, then validated with the project's own loaders
 * on a temporary copy; only then are files written. Any failure writes nothing. The same org read
 * twice plans the same bytes, so a second run changes no file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Finding, formatFinding, show, sortFindings } from '../config/findings';
import { readJsonFile } from '../config/json';
import { DEPLOYED_OPTIONS, MonitorDefinition, parseMonitor } from '../config/monitor';
import { OrgFile } from '../config/org';
import { loadCatalog, loadOrgDashboards, loadOrgMonitors, parseOrgFile } from '../config/project';
import { routeMessage, withQueryThreshold } from '../config/routing';
import { TORQ_PAYLOAD } from '../config/webhook';
import { DatadogReadError, Json } from './datadog';
import {
  NormalizedMonitor,
  NotifyOn,
  Routing,
  analyseRouting,
  messageBody,
  sortKeysDeep,
  catalogIdFor,
  compositeIds,
  dashboardMonitorIds,
  normalizeDashboard,
  normalizeMonitor,
} from './normalize';
import { jsonText, loadWithPlannedFiles, writePlannedFiles } from './overlay';
import { deployVariables } from './variables';

/** Custom headers that carry no secret and need no Terraform variable. */
const PLAIN_HEADERS = ['content-type', 'accept', 'user-agent'];

/** What org:import needs from the API (DatadogReader, or a fake). */
export interface OrgReader {
  listMonitors(): Promise<Json[]>;
  listDashboards(): Promise<Json[]>;
  getDashboard(id: string): Promise<Json>;
  getWebhook(name: string): Promise<Json | undefined>;
  /** The org the keys belong to (GET /api/v1/org): its public_id and name. */
  getOrg?(): Promise<{ publicId: string; name?: string } | undefined>;
  /** Role id -> role name (GET /api/v2/roles); undefined when the keys cannot list roles. */
  listRoles?(): Promise<Map<string, string> | undefined>;
}

/** How monitors are chosen: see docs/adopting.md. */
export type MonitorFilter =
  | { kind: 'webhook' }
  | { kind: 'all' }
  | { kind: 'name'; text: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'id'; ids: number[] };

/** `webhook` (default), `all`, `tag:<tag>`, `id:<id>[,<id>...]`, `name:<text>` or any other text (a name substring). */
export function parseMonitorFilter(text: string): MonitorFilter | string {
  if (text === 'webhook') return { kind: 'webhook' };
  if (text === 'all') return { kind: 'all' };
  if (text.startsWith('tag:')) {
    const tag = text.slice(4);
    return tag === '' ? 'expected a tag after "tag:", such as "tag:team:secops"' : { kind: 'tag', tag };
  }
  if (text.startsWith('id:')) {
    const parts = text.slice(3).split(',');
    if (parts.some((p) => !/^\d+$/.test(p.trim()))) return `expected monitor ids after "id:", such as "id:123,456", found ${show(text)}`;
    return { kind: 'id', ids: parts.map((p) => Number(p.trim())) };
  }
  const name = text.startsWith('name:') ? text.slice(5) : text;
  return name.trim() === '' ? 'expected a name substring, such as "name:[Torq]"' : { kind: 'name', text: name };
}

export function describeFilter(f: MonitorFilter, webhooks: readonly string[]): string {
  switch (f.kind) {
    case 'webhook':
      return `monitors that mention ${webhooks.map((w) => `@webhook-${w}`).join(' or ')}`;
    case 'all':
      return 'every monitor';
    case 'name':
      return `monitors whose name contains ${show(f.text)}`;
    case 'tag':
      return `monitors tagged ${show(f.tag)}`;
    case 'id':
      return `monitors ${f.ids.join(', ')}`;
  }
}

export interface ImportOptions {
  org: string;
  root: string;
  /** Union of filters; the monitors that mention the org's webhooks when empty. */
  monitors: MonitorFilter[];
  dashboards: boolean;
  /** Dashboards whose title contains this; by default titles containing "torq" or equal to a catalog dashboard's. */
  dashboardTitle?: string;
  webhooks: boolean;
  /** Take the org's version over catalog files that differ from it. */
  overwrite: boolean;
  /** A live monitor that adopts a catalog file with other values: the catalog wins (default: the live values become the org's overrides). */
  catalogWins?: boolean;
  /** Remove adopt entries whose resource no longer exists (default: keep them, and name them). */
  prune?: boolean;
  /** Plan and report, write nothing. */
  dryRun: boolean;
  /** The API's base URL, for messages. */
  source: string;
}

export interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** True when a message mentions one of the webhooks, in any case (Datadog matches handles so). */
function mentions(message: unknown, webhooks: readonly string[]): boolean {
  if (typeof message !== 'string') return false;
  return webhooks.some((w) => new RegExp(`(?<![A-Za-z0-9_-])@webhook-${w.replace(/[-]/g, '\\-')}(?![A-Za-z0-9_-])`, 'i').test(message));
}

/** A monitor notifies Torq from its message or its escalation (renotification) message. */
function monitorMentions(m: Json, webhooks: readonly string[]): boolean {
  const options = isObject(m.options) ? m.options : {};
  return mentions(m.message, webhooks) || mentions(options.escalation_message, webhooks);
}

function matches(m: Json, f: MonitorFilter, webhooks: readonly string[]): boolean {
  switch (f.kind) {
    case 'webhook':
      return monitorMentions(m, webhooks);
    case 'all':
      return true;
    case 'name':
      return typeof m.name === 'string' && m.name.toLowerCase().includes(f.text.toLowerCase());
    case 'tag':
      return Array.isArray(m.tags) && m.tags.includes(f.tag);
    case 'id':
      return f.ids.includes(Number(m.id));
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The top-level fields (options.<key> for options) where two monitor files differ. */
function differingFields(a: Json, b: Json): string[] {
  const out: string[] = [];
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (k === 'options' && isObject(a.options) && isObject(b.options)) {
      const ao = a.options;
      const bo = b.options;
      for (const o of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) if (!sameJson(ao[o], bo[o])) out.push(`options.${o}`);
    } else if (!sameJson(a[k], b[k])) out.push(k);
  }
  return out;
}

function describeNotify(r: Routing): string {
  if (r.webhook === undefined) return 'no Torq routing';
  return `@webhook-${r.webhook} on ${r.notifyOn === 'all' ? 'every transition' : r.notifyOn.join(', ')}`;
}

/** The most common routing among routed monitors; "all" on a tie with it, else the first in order. */
function commonNotifyOn(routings: Routing[]): NotifyOn {
  const counts = new Map<string, number>();
  for (const r of routings) if (r.webhook !== undefined) counts.set(JSON.stringify(r.notifyOn), (counts.get(JSON.stringify(r.notifyOn)) ?? 0) + 1);
  let best = '"all"';
  let bestCount = counts.get(best) ?? 0;
  for (const [k, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    if (n > bestCount) {
      best = k;
      bestCount = n;
    }
  }
  return JSON.parse(best) as NotifyOn;
}

interface PlannedItem {
  file: string;
  status: 'new' | 'unchanged' | 'updated' | 'differs';
  source: string;
  detail: string[];
}

/** A relative path inside the project, with `/`. */
function rel(...parts: string[]): string {
  return parts.join('/');
}

function readExisting(root: string, file: string): unknown {
  const full = path.join(root, ...file.split('/'));
  if (!fs.existsSync(full)) return undefined;
  const r = readJsonFile(full, file);
  return r.ok ? r.value : undefined;
}

export async function importOrg(opts: ImportOptions, reader: OrgReader, io: Io): Promise<number> {
  const orgRel = rel('orgs', `${opts.org}.json`);
  const stop = (lines: string[]) => {
    for (const l of lines) io.stderr(l);
    io.stderr('org:import stopped; nothing was written');
    return 1;
  };

  // 1. The org file: the site, the webhook names, what is already adopted.
  const orgPath = path.join(opts.root, 'orgs', `${opts.org}.json`);
  if (!fs.existsSync(orgPath)) {
    return stop([`${orgRel}: $: error: no such org; expected an org file: create it first with npm run org:new -- ${opts.org} --site <site>`]);
  }
  const read = readJsonFile(orgPath, orgRel);
  if (!read.ok) return stop(read.findings.map(formatFinding));
  const parsed = parseOrgFile(read.value, orgRel);
  if (!parsed.org || !isObject(read.value)) return stop([...sortFindings(parsed.findings).map(formatFinding), `${orgRel} has errors (above); fix them before importing`]);
  const org: OrgFile = parsed.org;
  const rawOrg = structuredClone(read.value);
  const webhookNames = org.webhooks.map((w) => w.name);
  const defaultWebhook = org.monitors.webhook ?? webhookNames[0];

  const { catalog } = loadCatalog(opts.root);

  // 2. Read the org (nothing is written until everything is read and validated).
  const notes: string[] = [];
  const webhookInfo = new Map<string, Json | undefined>();
  let allMonitors: Json[];
  let dashboardSummaries: Json[] = [];
  const dashboards: { id: string; raw: Json }[] = [];
  let identity: { publicId: string; name?: string } | undefined;
  let roleNames: Map<string, string> | undefined;
  try {
    try {
      identity = reader.getOrg ? await reader.getOrg() : undefined;
    } catch (e) {
      // Keys that may read monitors but not the org. With an identity on record, an unverifiable
      // org is a stop (the point of the record is to catch another org's keys); without one, a note.
      if (!(e instanceof DatadogReadError) || e.status !== 403) throw e;
      if (org.datadogOrg) {
        return stop([
          `${orgRel}: $.datadogOrg.publicId: error: the keys may not read the org (GET /api/v1/org answered 403), so they cannot be checked against Datadog org ${show(org.datadogOrg.publicId)} recorded here; expected keys that may read the org (an application key with the org_management scope, or unscoped)`,
        ]);
      }
      notes.push(`the org's identity was not read (GET /api/v1/org answered 403), so it is not recorded in datadogOrg and later imports are not checked against it`);
    }
    if (identity && org.datadogOrg && identity.publicId !== org.datadogOrg.publicId) {
      return stop([
        `${orgRel}: $.datadogOrg.publicId: error: the keys belong to Datadog org ${show(identity.publicId)}${identity.name ? ` (${show(identity.name)})` : ''}, ` +
          `but ${orgRel} was imported from org ${show(org.datadogOrg.publicId)}${org.datadogOrg.name ? ` (${show(org.datadogOrg.name)})` : ''}; expected DD_API_KEY and DD_APP_KEY of that org (or DD_HOST of its site)`,
      ]);
    }
    if (opts.webhooks) for (const name of webhookNames) webhookInfo.set(name, await reader.getWebhook(name));
    allMonitors = await reader.listMonitors();
    if (opts.dashboards) {
      dashboardSummaries = await reader.listDashboards();
      const catalogTitles = new Set(catalog.dashboards.map((d) => String(d.raw.title ?? '').trim().toLowerCase()));
      const wanted = dashboardSummaries
        .filter((d) => {
          const title = String(d.title ?? '').trim().toLowerCase();
          return opts.dashboardTitle !== undefined ? title.includes(opts.dashboardTitle.toLowerCase()) : title.includes('torq') || catalogTitles.has(title);
        })
        .map((d) => String(d.id))
        .sort();
      for (const id of wanted) dashboards.push({ id, raw: await reader.getDashboard(id) });
    }
    roleNames = reader.listRoles ? await reader.listRoles() : undefined;
  } catch (e) {
    if (e instanceof DatadogReadError) return stop([`org:import: error: ${e.message}`]);
    throw e;
  }

  // 3. Which monitors: the filters, then what selected composites and dashboards refer to.
  const byId = new Map<number, Json>();
  for (const m of allMonitors) if (typeof m.id === 'number' || (typeof m.id === 'string' && /^\d+$/.test(m.id))) byId.set(Number(m.id), m);
  const filters = opts.monitors.length > 0 ? opts.monitors : [{ kind: 'webhook' } as MonitorFilter];
  const selected = new Map<number, string>(); // id -> why
  const skip = (m: Json): string | undefined => {
    if (m.type === 'synthetics alert') return 'a synthetics alert belongs to its synthetics test, not to datadog_monitor';
    const problems = parseMonitor(m, 'monitor').findings.filter((f) => f.severity === 'error');
    if (problems.length > 0) return `the API returned it with ${problems.map((f) => `${f.path}: ${f.message}`).join('; ')}`;
    return undefined;
  };
  for (const [id, m] of [...byId].sort(([a], [b]) => a - b)) {
    if (!filters.some((f) => matches(m, f, webhookNames))) continue;
    const why = skip(m);
    if (why) notes.push(`monitor ${id} ${show(m.name)} not imported: ${why}`);
    else selected.set(id, 'selected');
  }
  const pull = (id: number, by: string) => {
    if (selected.has(id)) return;
    const m = byId.get(id);
    if (!m) return;
    const why = skip(m);
    if (why) notes.push(`monitor ${id} ${show(m.name)}, referenced by ${by}, not imported: ${why}`);
    else selected.set(id, `referenced by ${by}`);
  };
  for (let changed = true; changed; ) {
    const size = selected.size;
    for (const id of [...selected.keys()]) {
      const m = byId.get(id)!;
      if (m.type === 'composite' && typeof m.query === 'string') for (const sub of compositeIds(m.query)) pull(sub, `composite ${id}`);
    }
    for (const d of dashboards) for (const sub of dashboardMonitorIds(d.raw)) pull(sub, `dashboard ${d.id}`);
    changed = selected.size !== size;
  }

  // 4. Catalog ids: the org's adopt entry, else a catalog monitor of the same name, else the name's slug.
  // The org's own monitors (orgs/<org>/monitors/) count as its catalog; a new monitor goes there, never to the shared catalog.
  const localMonitors = loadOrgMonitors(opts.root, opts.org, catalog.monitors.map((m) => m.id), []);
  const sharedIds = new Set(catalog.monitors.map((m) => m.id));
  const catalogIds = new Set([...sharedIds, ...localMonitors.map((m) => m.id)]);
  const adoptedBy = new Map<number, string>();
  for (const [cid, did] of Object.entries(org.adopt.monitors)) if (catalogIds.has(cid)) adoptedBy.set(Number(did), cid);
  const adoptedIds = new Set(adoptedBy.values());
  const byName = new Map<string, string[]>();
  for (const m of catalog.monitors) byName.set(m.definition.name, [...(byName.get(m.definition.name) ?? []), m.id]);
  const assigned = new Map<number, string>();
  const used = new Set<string>();
  for (const id of [...selected.keys()].sort((a, b) => a - b)) {
    const m = byId.get(id)!;
    let cid = adoptedBy.get(id);
    if (cid === undefined || used.has(cid)) cid = (byName.get(String(m.name)) ?? []).find((c) => !used.has(c) && !adoptedIds.has(c));
    if (cid === undefined) {
      const base = catalogIdFor(String(m.name), 'monitor', id);
      cid = base;
      for (let n = 0; catalogIds.has(cid) || used.has(cid); n++) cid = n === 0 ? `${base}_${id}` : `${base}_${id}_${n}`;
    }
    used.add(cid);
    assigned.set(id, cid);
  }
  const catalogIdOf = (did: number) => assigned.get(did) ?? adoptedBy.get(did);

  // 5. Monitor files.
  const planned = new Map<string, string>();
  const items: PlannedItem[] = [];
  const routings = new Map<string, Routing>();
  /** Per catalog id: what the live monitor has that the org file must carry (draft, roles, a twin's values). */
  const live = new Map<string, { did: number; raw: Json; norm: NormalizedMonitor; twin?: Json }>();
  for (const [did, cid] of [...assigned].sort(([, a], [, b]) => a.localeCompare(b))) {
    const m = byId.get(did)!;
    const o = org.monitors.overrides[cid];
    const n = normalizeMonitor(m, `monitor ${did}`, { webhooks: webhookNames, catalogIdOf, synthTags: [...org.tags, ...(o?.tags ?? [])] });
    if ('error' in n) {
      notes.push(`monitor ${did} not imported: ${n.error}`);
      assigned.delete(did);
      continue;
    }
    routings.set(cid, n.routing);
    live.set(cid, { did, raw: m, norm: n });
    const file = sharedIds.has(cid) ? rel('monitors', `${cid}.json`) : rel('orgs', opts.org, 'monitors', `${cid}.json`);
    const detail = [...n.notes, ...n.routing.notes];
    if (n.unmapped.length > 0) detail.push(`the query keeps monitor id(s) ${n.unmapped.join(', ')}, which are not imported and exist only in this org`);
    const why = selected.get(did);
    if (why && why !== 'selected') detail.push(`imported because it is ${why}`);
    const source = `monitor ${did} ${show(m.name)} (${describeNotify(n.routing)})`;
    const existing = readExisting(opts.root, file);
    if (existing === undefined) {
      planned.set(file, jsonText(n.file));
      items.push({ file, status: 'new', source, detail });
      continue;
    }
    const current = isObject(existing) ? normalizeMonitor(existing, file, { webhooks: webhookNames, catalogIdOf: () => undefined }) : { error: 'not an object' };
    if (!('error' in current) && sameJson(current.file, n.file)) {
      items.push({ file, status: 'unchanged', source, detail });
    } else if (opts.overwrite) {
      // The file becomes the live monitor (its own tags included): the overrides of a twin are no longer needed.
      const bare = normalizeMonitor(m, `monitor ${did}`, { webhooks: webhookNames, catalogIdOf, synthTags: org.tags });
      const taken = 'error' in bare ? n.file : bare.file;
      live.get(cid)!.twin = {};
      if (!('error' in current) && sameJson(current.file, taken)) items.push({ file, status: 'unchanged', source, detail });
      else {
        planned.set(file, jsonText(taken));
        items.push({ file, status: 'updated', source, detail });
      }
    } else if (opts.catalogWins || 'error' in current) {
      const fields = 'error' in current ? ['the whole file'] : differingFields(current.file, n.file);
      detail.unshift(`differs in ${fields.join(', ')}: the file is kept (--catalog-wins), and the first apply changes the org's monitor to it`);
      items.push({ file, status: 'differs', source, detail });
    } else {
      const fields = differingFields(current.file, n.file);
      // Without the override's own tags, so that a second import computes the same override.
      const bare = normalizeMonitor(m, `monitor ${did}`, { webhooks: webhookNames, catalogIdOf, synthTags: org.tags });
      const liveFile = 'error' in bare ? n.file : bare.file;
      // The message synth would deploy from the live text and the routing the org file gets for it.
      const body = String(liveFile.message ?? '');
      const routed = n.routing.exact ? routeMessage(body, webhookNames, n.routing.webhook, n.routing.notifyOn) : body;
      live.get(cid)!.twin = twinOverride(current.file, liveFile, { asWritten: String(m.message ?? ''), routed }, org.tags);
      detail.unshift(`differs in ${fields.join(', ')}: the file is kept, and the org's live values become overrides in ${orgRel} (--catalog-wins keeps the catalog's)`);
      items.push({ file, status: 'differs', source, detail });
    }
  }

  // 6. Dashboards: the adopt entry, else a catalog dashboard with the same title, else the title's slug.
  const dashAssigned = new Map<string, string>();
  const dashRoles = new Map<string, string[] | undefined>();
  if (opts.dashboards) {
    const sharedDashIds = new Set(catalog.dashboards.map((d) => d.id));
    const dashIds = new Set([...sharedDashIds, ...loadOrgDashboards(opts.root, opts.org, [...sharedDashIds], []).map((d) => d.id)]);
    const adoptedDash = new Map(Object.entries(org.adopt.dashboards).filter(([fid]) => dashIds.has(fid)).map(([fid, did]) => [did, fid]));
    const adoptedFiles = new Set(adoptedDash.values());
    const usedFiles = new Set<string>();
    for (const d of dashboards) {
      const title = String(d.raw.title ?? '');
      let fid = adoptedDash.get(d.id);
      if (fid === undefined || usedFiles.has(fid)) {
        fid = catalog.dashboards.find((c) => String(c.raw.title ?? '').trim().toLowerCase() === title.trim().toLowerCase() && !usedFiles.has(c.id) && !adoptedFiles.has(c.id))?.id;
      }
      if (fid === undefined) {
        const base = catalogIdFor(title, 'dashboard', d.id);
        fid = base;
        for (let n = 0; dashIds.has(fid) || usedFiles.has(fid); n++) fid = `${base}_${slugPart(d.id)}${n === 0 ? '' : `_${n}`}`;
      }
      usedFiles.add(fid);
      dashAssigned.set(d.id, fid);
      const n = normalizeDashboard(d.raw, catalogIdOf);
      dashRoles.set(fid, n.restrictedRoles);
      const file = sharedDashIds.has(fid) ? rel('dashboards', `${fid}.json`) : rel('orgs', opts.org, 'dashboards', `${fid}.json`);
      const detail = [...n.notes];
      if (n.unmapped.length > 0) detail.push(`alert_id keeps monitor id(s) ${n.unmapped.join(', ')}, which are not imported and exist only in this org`);
      const source = `dashboard ${d.id} ${show(title)}`;
      const existing = readExisting(opts.root, file);
      if (existing === undefined) {
        planned.set(file, jsonText(n.file));
        items.push({ file, status: 'new', source, detail });
      } else if (isObject(existing) && sameJson(normalizeDashboard(existing, () => undefined).file, n.file)) {
        items.push({ file, status: 'unchanged', source, detail });
      } else if (opts.overwrite) {
        planned.set(file, jsonText(n.file));
        items.push({ file, status: 'updated', source, detail });
      } else {
        detail.unshift("differs: the file is kept, and deploying changes the org's dashboard to it (--overwrite takes the org's version)");
        items.push({ file, status: 'differs', source, detail });
      }
    }
  }

  // 7. The org file: what to adopt, the routing the messages had, what was learned of the webhooks.
  const monitorIdsInOrg = new Set(byId.keys());
  const adoptMonitors: Record<string, number> = {};
  const gone: string[] = [];
  for (const [cid, did] of Object.entries(org.adopt.monitors)) {
    if (!monitorIdsInOrg.has(Number(did))) {
      gone.push(`adopt.monitors.${cid} (monitor ${did})`);
      if (opts.prune) continue;
    }
    adoptMonitors[cid] = Number(did);
  }
  for (const [did, cid] of assigned) adoptMonitors[cid] = did;

  const adoptDashboards: Record<string, string> = {};
  const dashIdsInOrg = new Set(dashboardSummaries.map((d) => String(d.id)));
  for (const [fid, did] of Object.entries(org.adopt.dashboards)) {
    if (opts.dashboards && !dashIdsInOrg.has(did)) {
      gone.push(`adopt.dashboards.${fid} (dashboard ${did})`);
      if (opts.prune) continue;
    }
    adoptDashboards[fid] = did;
  }
  for (const [did, fid] of dashAssigned) adoptDashboards[fid] = did;
  if (gone.length > 0) {
    notes.push(
      opts.prune
        ? `--prune: removed ${gone.length} adopt entr${gone.length === 1 ? 'y' : 'ies'} whose resource the org no longer has (deploying creates them): ${gone.join(', ')}`
        : `the org does not have ${gone.length} adopted resource(s): ${gone.join(', ')}; their adopt entries are kept (--prune removes them; check first that DD_API_KEY and DD_APP_KEY are this org's)`,
    );
  }

  let adoptWebhooks = [...org.adopt.webhooks];
  const webhookLines: string[] = [];
  const rawWebhooks: Json[] = Array.isArray(rawOrg.webhooks) ? (rawOrg.webhooks as Json[]) : [{ name: 'torq' }];
  if (opts.webhooks) {
    adoptWebhooks = webhookNames.filter((w) => webhookInfo.get(w) !== undefined);
    for (const name of webhookNames) {
      const info = webhookInfo.get(name);
      const entry = rawWebhooks.find((w) => isObject(w) && w.name === name);
      if (!info || !entry) {
        webhookLines.push(`  ${name}: not in the org; deploying creates it`);
        continue;
      }
      const said: string[] = [];
      const encodeAs = info.encode_as === 'form' ? 'form' : 'json';
      if (encodeAs === 'form' || entry.encodeAs !== undefined) entry.encodeAs = encodeAs;
      said.push(`encode_as ${encodeAs}`);
      const payloadText = typeof info.payload === 'string' ? info.payload : undefined;
      let payload: unknown;
      try {
        payload = payloadText === undefined || payloadText.trim() === '' ? undefined : JSON.parse(payloadText);
      } catch {
        payload = Symbol.for('invalid');
      }
      if (payload === undefined) {
        said.push("Datadog's default payload (deploying sets the integration's full metadata payload)");
        delete entry.payload;
      } else if (isObject(payload) && sameJson(payload, TORQ_PAYLOAD)) {
        said.push("the integration's full metadata payload");
        delete entry.payload;
      } else if (isObject(payload)) {
        said.push('its own payload (written to the org file)');
        entry.payload = payload;
      } else {
        said.push('a payload that is not a JSON object (not written; deploying sets the full metadata payload)');
        delete entry.payload;
      }
      let headerNames: string[] = [];
      if (typeof info.custom_headers === 'string' && info.custom_headers.trim() !== '') {
        try {
          const h = JSON.parse(info.custom_headers);
          headerNames = isObject(h) ? Object.keys(h).sort() : [];
        } catch {
          headerNames = [];
          said.push('custom headers that are not JSON (not read)');
        }
      }
      // Headers that describe the body are not a Torq trigger's secret; the webhook sets them.
      const plain = headerNames.filter((h) => PLAIN_HEADERS.includes(h.toLowerCase()));
      if (plain.length > 0) said.push(`header(s) ${plain.join(', ')} not kept (encode_as sets the content type)`);
      headerNames = headerNames.filter((h) => !plain.includes(h));
      if (headerNames.length === 1 && /^[A-Za-z0-9-]+$/.test(headerNames[0])) {
        if (entry.authHeader === undefined) entry.authHeader = headerNames[0];
        said.push(`header ${headerNames[0]} (its name only; its value goes in a Terraform variable, below)`);
      } else if (headerNames.length > 1) {
        said.push(`${headerNames.length} custom headers (${headerNames.join(', ')}); only one auth header can be declared: set webhooks[].authHeader by hand`);
      }
      webhookLines.push(`  ${name}: adopted: ${said.join('; ')}; the URL and header values are never read into a file`);
    }
  }

  const monitorsSection: Json = isObject(rawOrg.monitors) ? rawOrg.monitors : {};
  const routedNow = [...routings.values()];
  let orgNotifyOn: NotifyOn = org.monitors.notifyOn;
  if (monitorsSection.notifyOn === undefined && routedNow.some((r) => r.webhook !== undefined)) {
    orgNotifyOn = commonNotifyOn(routedNow);
    monitorsSection.notifyOn = orgNotifyOn;
  }
  const overrides: Json = isObject(monitorsSection.overrides) ? monitorsSection.overrides : {};
  for (const [cid, r] of [...routings].sort(([a], [b]) => a.localeCompare(b))) {
    const o: Json = isObject(overrides[cid]) ? (overrides[cid] as Json) : {};
    if (!r.exact) {
      // The message keeps its mentions as written: the org file adds and removes none.
      o.routing = 'message';
      delete o.webhook;
      delete o.notifyOn;
    } else {
      delete o.routing;
      const webhook = r.webhook ?? null;
      if (webhook === defaultWebhook) delete o.webhook;
      else o.webhook = webhook;
      if (webhook === null || sameJson(r.notifyOn, orgNotifyOn)) delete o.notifyOn;
      else o.notifyOn = r.notifyOn;
    }
    const l = live.get(cid)!;
    if (l.twin) {
      for (const k of TWIN_FIELDS) delete o[k];
      Object.assign(o, l.twin);
      if (o.routing === 'message') {
        // The live message is kept as written (its mention where it was): the org file routes nothing.
        delete o.webhook;
        delete o.notifyOn;
      }
    }
    if (l.norm.draftStatus === 'draft') o.draftStatus = 'draft';
    else delete o.draftStatus;
    if (l.norm.restrictedRoles) o.restrictedRoles = roleList(l.norm.restrictedRoles, roleNames);
    else delete o.restrictedRoles;
    const ordered = Object.fromEntries(OVERRIDE_ORDER.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    for (const k of Object.keys(o)) if (!(k in ordered)) ordered[k] = o[k];
    if (Object.keys(ordered).length === 0) delete overrides[cid];
    else overrides[cid] = ordered;
  }
  if (Object.keys(overrides).length > 0) monitorsSection.overrides = overrides;
  else delete monitorsSection.overrides;
  // Imported monitors must be deployed by the org.
  const include = Array.isArray(monitorsSection.include) ? (monitorsSection.include as string[]) : ['*'];
  const exclude = Array.isArray(monitorsSection.exclude) ? (monitorsSection.exclude as string[]) : [];
  for (const cid of [...routings.keys()].sort()) {
    if (exclude.some((p) => globToRegExp(p).test(cid))) {
      notes.push(`${cid} matches monitors.exclude of ${orgRel}: it is written but this org does not deploy or adopt it`);
      delete adoptMonitors[cid];
    } else if (sharedIds.has(cid) && !include.some((p) => globToRegExp(p).test(cid))) {
      include.push(cid);
      monitorsSection.include = include;
    }
  }
  if (Object.keys(monitorsSection).length > 0) rawOrg.monitors = monitorsSection;
  if (opts.dashboards) {
    const dashSection: Json = isObject(rawOrg.dashboards) ? rawOrg.dashboards : {};
    const dOverrides: Json = isObject(dashSection.overrides) ? dashSection.overrides : {};
    for (const [fid, roles] of [...dashRoles].sort(([a], [b]) => a.localeCompare(b))) {
      const o: Json = isObject(dOverrides[fid]) ? (dOverrides[fid] as Json) : {};
      if (roles) o.restrictedRoles = roleList(roles, roleNames);
      else delete o.restrictedRoles;
      if (Object.keys(o).length === 0) delete dOverrides[fid];
      else dOverrides[fid] = o;
    }
    if (Object.keys(dOverrides).length > 0) dashSection.overrides = dOverrides;
    else delete dashSection.overrides;
    if (Object.keys(dashSection).length > 0) rawOrg.dashboards = dashSection;
    else delete rawOrg.dashboards;
  }
  if (identity && !org.datadogOrg) {
    // Recorded at the first import, right after the description: a later import with other keys stops.
    const entries = Object.entries(rawOrg).filter(([k]) => k !== 'datadogOrg');
    const at = entries.findIndex(([k]) => k === 'site');
    entries.splice(at, 0, ['datadogOrg', identity.name ? { publicId: identity.publicId, name: identity.name } : { publicId: identity.publicId }]);
    for (const k of Object.keys(rawOrg)) delete rawOrg[k];
    Object.assign(rawOrg, Object.fromEntries(entries));
  }
  if (opts.webhooks && !Array.isArray(rawOrg.webhooks) && rawWebhooks.some((w) => Object.keys(w).length > 1)) {
    // A webhooks section the file did not have goes right after the site.
    const entries = Object.entries(rawOrg);
    const at = entries.findIndex(([k]) => k === 'site') + 1;
    entries.splice(at, 0, ['webhooks', rawWebhooks]);
    for (const k of Object.keys(rawOrg)) delete rawOrg[k];
    Object.assign(rawOrg, Object.fromEntries(entries));
  }

  const sortedRecord = <T>(r: Record<string, T>) => Object.fromEntries(Object.keys(r).sort().map((k) => [k, r[k]]));
  const adopt: Json = {};
  if (Object.keys(adoptMonitors).length > 0) adopt.monitors = sortedRecord(adoptMonitors);
  if (Object.keys(adoptDashboards).length > 0) adopt.dashboards = sortedRecord(adoptDashboards);
  if (adoptWebhooks.length > 0) adopt.webhooks = adoptWebhooks;
  // What the first apply changes is known only once the files load (below); until then the record stays as it was.
  const keptChanges = Object.entries(org.adopt.changes ?? {}).filter(([cid]) => adoptMonitors[cid] !== undefined);
  if (keptChanges.length > 0) adopt.changes = Object.fromEntries(keptChanges);
  if (Object.keys(adopt).length > 0) rawOrg.adopt = adopt;
  else delete rawOrg.adopt;

  const orgText = jsonText(rawOrg);
  const orgChanged = !sameJson(rawOrg, read.value);
  if (orgChanged) planned.set(orgRel, orgText);

  // 8. Validate everything with the project's loaders, as it would be.
  const relevant = (f: Finding) => f.file === orgRel || items.some((i) => i.file === f.file);
  const { after, newErrors, warnings } = loadWithPlannedFiles(opts.root, planned, relevant);

  // 9. Report.
  const counts = { monitors: assigned.size, dashboards: dashAssigned.size };
  io.stdout(`read org ${show(opts.org)} (site ${org.site}) at ${opts.source}: ${allMonitors.length} monitor(s), ${counts.monitors} imported (${filters.map((f) => describeFilter(f, webhookNames)).join('; ')}, and what they refer to)` +
    (opts.dashboards ? `; ${dashboardSummaries.length} dashboard(s), ${counts.dashboards} imported` : '; dashboards skipped') +
    (opts.webhooks ? `; webhook(s) ${webhookNames.join(', ')}` : '; webhooks skipped'));
  const width = Math.max(0, ...items.map((i) => i.file.length));
  for (const i of items) {
    io.stdout(`  ${i.file.padEnd(width)}  ${i.status.padEnd(9)}  <- ${i.source}`);
    for (const d of i.detail) io.stdout(`      ${d}`);
  }
  for (const l of webhookLines) io.stdout(l);
  for (const n of new Set(notes)) io.stdout(`  note: ${n}`);
  if (orgChanged) io.stdout(`  ${orgRel}: adopt ${Object.keys(adoptMonitors).length} monitor(s), ${Object.keys(adoptDashboards).length} dashboard(s), webhook(s) ${adoptWebhooks.join(', ') || '(none)'}; routing as the messages had it`);

  if (newErrors.length > 0) {
    for (const f of sortFindings(newErrors)) io.stderr(formatFinding(f));
    return stop([`org:import: the imported files would not load (${newErrors.length} error${newErrors.length === 1 ? '' : 's'} above)`]);
  }
  for (const f of sortFindings(warnings)) io.stdout(formatFinding(f));

  // What the first apply will change on each adopted monitor: the live object against what synth deploys.
  const orgModel = after.project?.orgs.find((o) => o.name === opts.org);
  const firstApply: { cid: string; did: number; changes: string[] }[] = [];
  const deployedFile = new Map((orgModel?.monitors ?? []).map((m) => [m.id, m.file]));
  for (const [cid, l] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    const deployed = orgModel?.monitors.find((m) => m.id === cid);
    if (!deployed) continue;
    // References to other monitors are their ids in this org once applied.
    const def = { ...deployed.definition, query: deployed.definition.query.replace(/\$\{monitor\.([A-Za-z0-9_-]+)\}/g, (ref, id: string) => (adoptMonitors[id] === undefined ? ref : String(adoptMonitors[id]))) };
    const changes = monitorApplyChanges(l.raw, def, deployed.restrictedRoleNames ?? [], roleNames, webhookNames);
    if (changes.length > 0) firstApply.push({ cid, did: l.did, changes });
  }
  if (firstApply.length === 0 && live.size > 0) io.stdout('  the first apply changes none of the imported monitors');
  for (const f of firstApply) {
    const where = deployedFile.get(f.cid) ?? `monitors/${f.cid}.json`;
    io.stdout(`  ${where} (monitor ${f.did}): the first apply will change:`);
    for (const c of f.changes) io.stdout(`      ${c}`);
  }
  // Recorded in adopt.changes, so that the review of the import shows them under Needs attention.
  // Monitors this import did not look at keep their entries; those it looked at get this run's (or none).
  const recorded: Record<string, string[]> = {};
  for (const [cid, lines] of Object.entries(org.adopt.changes ?? {})) if (!live.has(cid) && adoptMonitors[cid] !== undefined) recorded[cid] = lines;
  for (const f of firstApply) if (adoptMonitors[f.cid] !== undefined) recorded[f.cid] = f.changes;
  const adoptNow: Json = isObject(rawOrg.adopt) ? rawOrg.adopt : {};
  if (Object.keys(recorded).length > 0) adoptNow.changes = sortedRecord(recorded);
  else delete adoptNow.changes;
  if (Object.keys(adoptNow).length > 0) rawOrg.adopt = adoptNow;
  if (!sameJson(rawOrg, read.value)) planned.set(orgRel, jsonText(rawOrg));
  else planned.delete(orgRel);
  if (firstApply.length > 0) io.stdout(`  (recorded in ${orgRel} at adopt.changes: the review of this import shows them under Needs attention)`);

  // Other orgs whose selection picks up the new catalog files.
  const newMonitorIds = items.filter((i) => i.status === 'new' && i.file.startsWith('monitors/')).map((i) => path.basename(i.file, '.json'));
  for (const other of after.project?.orgs ?? []) {
    if (other.name === opts.org) continue;
    const picked = other.monitors.map((m) => m.id).filter((id) => newMonitorIds.includes(id));
    if (picked.length > 0) io.stdout(`  note: ${other.file} also deploys the new ${picked.join(', ')} (its monitors.include selects them); add them to its monitors.exclude if it should not`);
  }

  if (planned.size === 0) {
    io.stdout('no file changed');
    return 0;
  }
  if (opts.dryRun) {
    io.stdout(`dry run: ${planned.size} file(s) would change: ${[...planned.keys()].sort().join(', ')}; nothing was written`);
    return 0;
  }
  writePlannedFiles(opts.root, planned);
  io.stdout(`wrote ${planned.size} file(s): ${[...planned.keys()].sort().join(', ')}`);
  const model = after.project?.orgs.find((o) => o.name === opts.org);
  // Beyond the API key, application key and Torq URL that every org needs.
  const basic = ['DATADOG_API_KEY', 'DATADOG_APP_KEY', 'TORQ_WEBHOOK_URL'];
  const extra = model ? deployVariables(model).filter((v) => !basic.includes(v.secret)) : [];
  if (extra.length > 0) {
    io.stdout('this org now also needs (values never in a file):');
    for (const v of extra) {
      io.stdout(`  ${v.env}  ${v.meaning}  (GitHub secret ${v.secret}${v.standard ? '' : ', and a mapping in .github/workflows/deploy.yml'})`);
    }
  }
  io.stdout(`next: npm run synth -- --org ${opts.org}   (cdk.tf.json then has one import block per adopted resource; terraform >= 1.5 imports them on the first apply)`);
  return 0;
}

const OVERRIDE_ORDER = ['name', 'query', 'message', 'thresholds', 'tags', 'removeTags', 'priority', 'options', 'draftStatus', 'restrictedRoles', 'routing', 'webhook', 'notifyOn'];

/** The override fields twinOverride owns: recomputed from the live monitor at every import. */
const TWIN_FIELDS = ['name', 'query', 'message', 'priority', 'thresholds', 'tags', 'removeTags', 'options'];

/** Role ids as names where the roles API told them (names resolve per org at apply), else the ids. */
function roleList(ids: readonly string[], names: Map<string, string> | undefined): string[] {
  return [...new Set(ids.map((id) => names?.get(id) ?? id))].sort();
}

/**
 * The overrides that keep a live monitor as it is when it adopts a catalog file with other values,
 * so that the first apply changes nothing: name, query (thresholds.critical still rewrites its
 * threshold), message, priority, thresholds, tags added and catalog tags taken away (removeTags),
 * options (null for a catalog option the live monitor does not set). `liveFile` is the live monitor as a monitor file (its Torq mentions moved to the org
 * file when they can be); `message.routed` is what synth would deploy from it, `message.asWritten`
 * the live message. When they differ (a mention written mid-text, say), the message is kept as
 * written and routes itself (routing "message"). Tags in `orgTags` are the org's own: synth adds
 * them anyway. A type difference cannot be overridden: it is left to the report of the first apply.
 */
export function twinOverride(catalog: Json, liveFile: Json, message?: { asWritten: string; routed: string }, orgTags: readonly string[] = []): Json {
  const o: Json = {};
  if (catalog.name !== liveFile.name) o.name = liveFile.name;
  if (!sameJson(catalog.priority ?? null, liveFile.priority ?? null)) o.priority = liveFile.priority ?? null;
  const ct = Array.isArray(catalog.tags) ? (catalog.tags as string[]) : [];
  const lt = Array.isArray(liveFile.tags) ? (liveFile.tags as string[]) : [];
  const added = lt.filter((t) => !ct.includes(t)).sort();
  if (added.length > 0) o.tags = added;
  const removed = ct.filter((t) => !lt.includes(t) && !orgTags.includes(t)).sort();
  if (removed.length > 0) o.removeTags = removed;
  const co: Json = isObject(catalog.options) ? catalog.options : {};
  const lo: Json = isObject(liveFile.options) ? liveFile.options : {};
  const cth: Json = isObject(co.thresholds) ? co.thresholds : {};
  const lth: Json = isObject(lo.thresholds) ? lo.thresholds : {};
  const th: Json = {};
  for (const k of ['critical', 'warning', 'critical_recovery', 'warning_recovery']) {
    if (sameJson(cth[k], lth[k])) continue;
    if (lth[k] !== undefined) th[k] = lth[k];
    else if (k !== 'critical') th[k] = null;
  }
  if (Object.keys(th).length > 0) o.thresholds = th;
  // The query the catalog's gives once thresholds.critical is applied; the live one if that is not it.
  const catalogQuery = String(catalog.query ?? '');
  const critical = typeof th.critical === 'number' ? th.critical : undefined;
  const thresholdQuery = critical === undefined ? catalogQuery : (withQueryThreshold(catalogQuery, critical) ?? catalogQuery);
  // Another type is a replace, whatever the overrides say; its query would not fit the catalog's type.
  if (typeof liveFile.query === 'string' && liveFile.query !== thresholdQuery && sameMonitorType(catalog.type, liveFile.type)) o.query = liveFile.query;
  if (message && message.routed !== message.asWritten) {
    o.message = message.asWritten;
    o.routing = 'message';
  } else if (typeof liveFile.message === 'string' && liveFile.message !== catalog.message) o.message = liveFile.message;
  const options: Json = {};
  for (const k of Object.keys(lo).sort()) if (k !== 'thresholds' && lo[k] !== undefined && !sameJson(co[k], lo[k])) options[k] = lo[k];
  // A catalog option the live monitor does not set: null takes it away for this org (unset, the provider leaves it alone).
  for (const k of Object.keys(co).sort()) if (k !== 'thresholds' && co[k] !== undefined && co[k] !== null && lo[k] === undefined) options[k] = null;
  if (Object.keys(options).length > 0) o.options = Object.fromEntries(Object.keys(options).sort().map((k) => [k, options[k]]));
  return o;
}

/** Types datadog_monitor updates in place: the same, or metric alert and query alert (Datadog's two names for one). */
function sameMonitorType(a: unknown, b: unknown): boolean {
  return a === b || [a, b].every((t) => t === 'metric alert' || t === 'query alert');
}

/** A short, single-line rendering of a value for "from A to B". */
function brief(v: unknown): string {
  const text = v === undefined ? '(none)' : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The attributes the first apply changes on a live monitor, as "X from A to B": the live
 * monitor (as the API returns it) against the definition synth deploys.
 */
export function monitorApplyChanges(raw: Json, deployed: MonitorDefinition, roleNamesDeployed: readonly string[], roleNames: Map<string, string> | undefined, webhooks: readonly string[]): string[] {
  const parsed = parseMonitor(raw, 'live');
  if (!parsed.monitor) return ['the whole monitor (the live monitor does not parse)'];
  const liveDef = parsed.monitor.definition;
  const out: string[] = [];
  const change = (what: string, from: unknown, to: unknown) => out.push(`${what} from ${brief(from)} to ${brief(to)}`);
  if (liveDef.name !== deployed.name) change('name', liveDef.name, deployed.name);
  if (!sameMonitorType(liveDef.type, deployed.type)) out.push(`type from ${brief(liveDef.type)} to ${brief(deployed.type)}: datadog_monitor replaces the monitor (a new id)`);
  if (liveDef.query !== deployed.query) change('query', liveDef.query, deployed.query);
  if (liveDef.message !== deployed.message) {
    const same = messageBody(liveDef.message, webhooks) === messageBody(deployed.message, webhooks) && sameJson(analyseRouting(liveDef.message, webhooks), analyseRouting(deployed.message, webhooks));
    out.push(same ? 'message: the Torq mention moves to the end of the message (the same routing)' : `message from ${brief(liveDef.message)} to ${brief(deployed.message)}`);
  }
  const lt = [...liveDef.tags].sort();
  const dt = [...deployed.tags].sort();
  if (!sameJson(lt, dt)) change('tags', lt, dt);
  if (liveDef.priority !== deployed.priority) change('priority', liveDef.priority, deployed.priority);
  const liveDraft = liveDef.draft_status ?? 'published';
  const deployedDraft = deployed.draft_status ?? 'published';
  if (liveDraft !== deployedDraft) change('draft_status', liveDraft, deployedDraft);
  const liveRoles = [...(liveDef.restricted_roles ?? [])].map((id) => roleNames?.get(id) ?? id).sort();
  const deployedRoles = [...(deployed.restricted_roles ?? []).map((id) => roleNames?.get(id) ?? id), ...roleNamesDeployed].sort();
  if (!sameJson(liveRoles, deployedRoles)) change('restricted_roles', liveRoles, deployedRoles);
  const rawOptions: Json = isObject(raw.options) ? raw.options : {};
  if (rawOptions.locked === true && (deployed.restricted_roles ?? []).length + roleNamesDeployed.length === 0) {
    out.push('options.locked from true to (unset): datadog_monitor sends restricted_roles [], so every role may edit it; set overrides.<id>.restrictedRoles to keep it locked');
  }
  const lo = liveDef.options as Json;
  const dopt = deployed.options as Json;
  for (const k of [...new Set([...Object.keys(lo), ...Object.keys(dopt)])].sort()) {
    if (!DEPLOYED_OPTIONS.includes(k)) continue;
    if (dopt[k] === undefined) continue; // not set: the provider keeps its default or the API's value
    const a = k === 'thresholds' ? sortKeysDeep(lo[k]) : lo[k];
    const b = k === 'thresholds' ? sortKeysDeep(dopt[k]) : dopt[k];
    if (!sameJson(a, b)) change(`options.${k}`, a, b);
  }
  return out;
}

function slugPart(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

