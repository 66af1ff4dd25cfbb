/**
 * Stage "build" (the org file): what to adopt, the routing the messages had, the overrides that
 * keep live values (twins, draft status, edit restrictions), the identity of the org, and what was
 * learned of the webhooks. Works on a copy of the org file's JSON; no I/O.
 */
import { show } from '../../config/findings';
import { NotifyOn, Routing } from '../normalize';
import { isObject } from '../../config/json';
import { TWIN_FIELDS, sameJson } from './twin';
import { buildWebhooks } from './webhooks';
import { externalWebhooks } from './otherWebhooks';
import { Assignment, BuiltFiles, BuiltOrg, Json, LiveMonitor, LiveOrg, ProjectState, Selection } from './types';
import { parseAdoptChangesKey } from '../../datadog/naming';

const OVERRIDE_ORDER = [
  'name',
  'query',
  'message',
  'thresholds',
  'tags',
  'removeTags',
  'priority',
  'options',
  'draftStatus',
  'restrictedRoles',
  'routing',
  'webhook',
  'notifyOn',
];

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** Role ids as names where the roles API told them (names resolve per org at apply), else the ids. */
export function roleList(ids: readonly string[], names: Map<string, string> | undefined): string[] {
  return [...new Set(ids.map((id) => names?.get(id) ?? id))].sort();
}

export const sortedRecord = <T>(r: Record<string, T>) =>
  Object.fromEntries(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );

/** Whether a key of adopt.changes (a monitor's catalog id, `dashboard:<id>`, `webhook:<name>`) names an adopted resource. */
export function isAdopted(b: Pick<BuiltOrg, 'adoptMonitors' | 'adoptDashboards' | 'adoptWebhooks'>, key: string): boolean {
  const k = parseAdoptChangesKey(key);
  if (k.section === 'dashboards') return b.adoptDashboards[k.id] !== undefined;
  if (k.section === 'webhooks') return b.adoptWebhooks.includes(k.id);
  return b.adoptMonitors[k.id] !== undefined;
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

/** adopt.monitors and adopt.dashboards: the entries kept (or pruned) and the new ones. */
function adoptEntries(p: ProjectState, sel: Selection, live: LiveOrg, a: Assignment, notes: string[]) {
  const { opts, org } = p;
  const adoptMonitors: Record<string, number> = {};
  const gone: string[] = [];
  for (const [cid, did] of Object.entries(org.adopt.monitors)) {
    if (!sel.byId.has(Number(did))) {
      gone.push(`adopt.monitors.${cid} (monitor ${did})`);
      if (opts.prune) continue;
    }
    adoptMonitors[cid] = Number(did);
  }
  for (const [did, cid] of a.monitors) adoptMonitors[cid] = did;
  const adoptDashboards: Record<string, string> = {};
  const dashIdsInOrg = new Set(live.dashboardSummaries.map((d) => String(d.id)));
  for (const [fid, did] of Object.entries(org.adopt.dashboards)) {
    if (opts.dashboards && !dashIdsInOrg.has(did)) {
      gone.push(`adopt.dashboards.${fid} (dashboard ${did})`);
      if (opts.prune) continue;
    }
    adoptDashboards[fid] = did;
  }
  for (const [did, fid] of a.dashboards) adoptDashboards[fid] = did;
  if (gone.length > 0) {
    notes.push(
      opts.prune
        ? `--prune: removed ${gone.length} adopt entr${gone.length === 1 ? 'y' : 'ies'} whose resource the org no longer has (deploying creates them): ${gone.join(', ')}`
        : `the org does not have ${gone.length} adopted resource(s): ${gone.join(', ')}; their adopt entries are kept (--prune removes them; check first that DD_API_KEY and DD_APP_KEY are this org's)`,
    );
  }
  return { adoptMonitors, adoptDashboards };
}

/** One monitor's override: routing as the message had it, a twin's live values, draft status and edit restrictions. */
function monitorOverride(o: Json, r: Routing, l: LiveMonitor, orgNotifyOn: NotifyOn, p: ProjectState, roleNames: LiveOrg['roleNames']): Json {
  if (!r.exact) {
    // The message keeps its mentions as written: the org file adds and removes none.
    o.routing = 'message';
    delete o.webhook;
    delete o.notifyOn;
  } else {
    if (o.routing === 'message') delete o.message; // a message an earlier import kept, no longer needed
    delete o.routing;
    const webhook = r.webhook ?? null;
    if (webhook === p.defaultWebhook) delete o.webhook;
    else o.webhook = webhook;
    if (webhook === null || sameJson(r.notifyOn, orgNotifyOn)) delete o.notifyOn;
    else o.notifyOn = r.notifyOn;
  }
  if (l.twin) {
    for (const k of TWIN_FIELDS) delete o[k];
    Object.assign(o, l.twin);
    if (o.routing === 'message') {
      // The live message is kept as written (its mention where it was): the org file routes nothing.
      delete o.webhook;
      delete o.notifyOn;
    }
  }
  if (l.keepMessage !== undefined) {
    // The message says the routing itself, as written: the org file adds and moves no mention.
    o.message = l.keepMessage;
    o.routing = 'message';
    delete o.webhook;
    delete o.notifyOn;
  }
  if (l.norm.draftStatus === 'draft') o.draftStatus = 'draft';
  else delete o.draftStatus;
  if (l.norm.restrictedRoles) o.restrictedRoles = roleList(l.norm.restrictedRoles, roleNames);
  else delete o.restrictedRoles;
  const ordered = Object.fromEntries(OVERRIDE_ORDER.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  for (const k of Object.keys(o)) if (!(k in ordered)) ordered[k] = o[k];
  return ordered;
}

/** The monitors section: notifyOn, overrides, and include/exclude so that the org deploys what it adopts. */
function monitorsSection(
  p: ProjectState,
  rawOrg: Json,
  files: BuiltFiles,
  roleNames: LiveOrg['roleNames'],
  adoptMonitors: Record<string, number>,
  notes: string[],
): void {
  const section: Json = isObject(rawOrg.monitors) ? rawOrg.monitors : {};
  const routedNow = [...files.routings.values()];
  let orgNotifyOn: NotifyOn = p.org.monitors.notifyOn;
  if (section.notifyOn === undefined && routedNow.some((r) => r.webhook !== undefined)) {
    orgNotifyOn = commonNotifyOn(routedNow);
    section.notifyOn = orgNotifyOn;
  }
  const overrides: Json = isObject(section.overrides) ? section.overrides : {};
  for (const [cid, r] of [...files.routings].sort(([a], [b]) => a.localeCompare(b))) {
    const ordered = monitorOverride(isObject(overrides[cid]) ? overrides[cid] : {}, r, files.live.get(cid)!, orgNotifyOn, p, roleNames);
    if (Object.keys(ordered).length === 0) delete overrides[cid];
    else overrides[cid] = ordered;
  }
  if (Object.keys(overrides).length > 0) section.overrides = overrides;
  else delete section.overrides;
  // Imported monitors must be deployed by the org.
  const include = Array.isArray(section.include) ? (section.include as string[]) : ['*'];
  const exclude = Array.isArray(section.exclude) ? (section.exclude as string[]) : [];
  for (const cid of [...files.routings.keys()].sort()) {
    if (exclude.some((g) => globToRegExp(g).test(cid))) {
      notes.push(`${cid} matches monitors.exclude of ${p.orgRel}: it is written but this org does not deploy or adopt it`);
      delete adoptMonitors[cid];
    } else if (p.sharedIds.has(cid) && !include.some((g) => globToRegExp(g).test(cid))) {
      include.push(cid);
      section.include = include;
    }
  }
  if (Object.keys(section).length > 0) rawOrg.monitors = section;
}

/** dashboards.overrides.<id>.restrictedRoles from the live dashboards. */
function dashboardsSection(rawOrg: Json, files: BuiltFiles, roleNames: LiveOrg['roleNames']): void {
  const section: Json = isObject(rawOrg.dashboards) ? rawOrg.dashboards : {};
  const overrides: Json = isObject(section.overrides) ? section.overrides : {};
  for (const [fid, roles] of [...files.dashRoles].sort(([a], [b]) => a.localeCompare(b))) {
    const o: Json = isObject(overrides[fid]) ? overrides[fid] : {};
    if (roles) o.restrictedRoles = roleList(roles, roleNames);
    else delete o.restrictedRoles;
    if (Object.keys(o).length === 0) delete overrides[fid];
    else overrides[fid] = o;
  }
  if (Object.keys(overrides).length > 0) section.overrides = overrides;
  else delete section.overrides;
  if (Object.keys(section).length > 0) rawOrg.dashboards = section;
  else delete rawOrg.dashboards;
}

/**
 * Role ids in restricted_roles that GET /api/v2/roles does not list (a deleted role, or another
 * org's): kept as ids, since dropping one would widen who may edit, and said, with what to do.
 */
function unknownRoleNotes(p: ProjectState, files: BuiltFiles, roleNames: LiveOrg['roleNames'], dashboards: boolean): string[] {
  if (!roleNames) return [];
  const out: string[] = [];
  const say = (what: string, at: string, ids: readonly string[]) => {
    const unknown = [...new Set(ids.filter((id) => !roleNames.has(id)))].sort();
    if (unknown.length > 0) {
      out.push(
        `${what}: restricted_roles ${unknown.map((id) => show(id)).join(', ')} ${unknown.length === 1 ? 'is no role' : 'are no roles'} of this org (GET /api/v2/roles does not list ${unknown.length === 1 ? 'it' : 'them'}): kept as ${unknown.length === 1 ? 'an id' : 'ids'} in ${p.orgRel} at ${at}, so who may edit stays as in Datadog; expected the name of a role of this org there (or remove the id)`,
      );
    }
  };
  for (const [cid, l] of [...files.live].sort(([a], [b]) => a.localeCompare(b)))
    say(`monitor ${l.did} (${cid})`, `monitors.overrides.${cid}.restrictedRoles`, l.norm.restrictedRoles ?? []);
  if (dashboards)
    for (const [fid, roles] of [...files.dashRoles].sort(([a], [b]) => a.localeCompare(b)))
      say(`dashboard ${fid}`, `dashboards.overrides.${fid}.restrictedRoles`, roles ?? []);
  return out;
}

/** Puts `key` into the object before (offset 0) or after (offset 1) its "site" key (or `anchor`). */
function insertBySite(rawOrg: Json, key: string, value: unknown, offset: 0 | 1, anchor = 'site'): void {
  const entries = Object.entries(rawOrg).filter(([k]) => k !== key);
  const at = entries.findIndex(([k]) => k === anchor) + offset;
  entries.splice(at, 0, [key, value]);
  for (const k of Object.keys(rawOrg)) delete rawOrg[k];
  Object.assign(rawOrg, Object.fromEntries(entries));
}

/** The org file as it will be, before what the first apply changes is known (adopt.changes kept as it was). */
export function buildOrgFile(p: ProjectState, sel: Selection, live: LiveOrg, a: Assignment, files: BuiltFiles): BuiltOrg {
  const { opts, org } = p;
  const rawOrg = structuredClone(p.orgJson);
  const notes: string[] = [];
  const { adoptMonitors, adoptDashboards } = adoptEntries(p, sel, live, a, notes);
  const rawWebhooks: Json[] = Array.isArray(rawOrg.webhooks) ? (rawOrg.webhooks as Json[]) : [{ name: 'torq' }];
  const hooks = opts.webhooks ? buildWebhooks(p.webhookNames, live, rawWebhooks) : { adopt: [...org.adopt.webhooks], lines: [] };
  monitorsSection(p, rawOrg, files, live.roleNames, adoptMonitors, notes);
  if (opts.dashboards) dashboardsSection(rawOrg, files, live.roleNames);
  notes.push(...unknownRoleNotes(p, files, live.roleNames, opts.dashboards));
  const external = externalWebhooks(p, files, live);
  notes.push(...external.notes);
  if (live.identity && !org.datadogOrg) {
    // Recorded at the first import, right after the description: a later import with other keys stops.
    const id = live.identity;
    insertBySite(rawOrg, 'datadogOrg', id.name ? { publicId: id.publicId, name: id.name } : { publicId: id.publicId }, 0);
  }
  // A webhooks section the file did not have goes right after the site.
  if (opts.webhooks && !Array.isArray(rawOrg.webhooks) && rawWebhooks.some((w) => Object.keys(w).length > 1)) insertBySite(rawOrg, 'webhooks', rawWebhooks, 1);
  if (external.names.length > 0) insertBySite(rawOrg, 'externalWebhooks', external.names, 1, Array.isArray(rawOrg.webhooks) ? 'webhooks' : 'site');

  const adopt: Json = {};
  if (Object.keys(adoptMonitors).length > 0) adopt.monitors = sortedRecord(adoptMonitors);
  if (Object.keys(adoptDashboards).length > 0) adopt.dashboards = sortedRecord(adoptDashboards);
  if (hooks.adopt.length > 0) adopt.webhooks = hooks.adopt;
  // What the first apply changes is known only once the files load (report stage); until then the record stays as it was.
  const keptChanges = Object.entries(org.adopt.changes ?? {}).filter(([key]) => isAdopted({ adoptMonitors, adoptDashboards, adoptWebhooks: hooks.adopt }, key));
  if (keptChanges.length > 0) adopt.changes = Object.fromEntries(keptChanges);
  if (Object.keys(adopt).length > 0) rawOrg.adopt = adopt;
  else delete rawOrg.adopt;
  return { rawOrg, adoptMonitors, adoptDashboards, adoptWebhooks: hooks.adopt, webhookLines: hooks.lines, notes };
}
