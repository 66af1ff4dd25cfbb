/**
 * Stage "build" (catalog files): each adopted monitor and dashboard as the file it becomes, and
 * against the file that is there: new, unchanged, updated (--overwrite), or differs (live values
 * win as the org's overrides, a twin; --catalog-wins keeps the catalog's). Existing files come in
 * through `ProjectState.existing`; nothing is written here.
 */
import { show } from '../../config/findings';
import { routeMessage } from '../../config/routing';
import { messageBody, Routing, normalizeDashboard, normalizeMonitor } from '../normalize';
import { jsonText } from '../overlay';
import { isObject, textOf } from '../../config/json';
import { differingFields, sameJson, twinOverride } from './twin';
import { Assignment, BuiltFiles, Json, LiveMonitor, LiveOrg, PlannedItem, ProjectState, Selection } from './types';
import { catalogDashboardFile, catalogMonitorFile, orgDashboardFile, orgMonitorFile } from '../../datadog/naming';

function describeNotify(r: Routing): string {
  if (r.webhook === undefined) return 'no Torq routing';
  return `@webhook-${r.webhook} on ${r.notifyOn === 'all' ? 'every transition' : r.notifyOn.join(', ')}`;
}

/** One monitor against its file; adds to `out`. */
function buildMonitor(p: ProjectState, did: number, cid: string, m: Json, a: Assignment, why: string | undefined, out: BuiltFiles): void {
  const { opts, org, webhookNames } = p;
  const o = org.monitors.overrides[cid];
  // An org's own monitor keeps its message as written when its mentions say the routing (synth
  // leaves such a message alone); a twin of a shared catalog file keeps it as an override instead.
  const shared = p.sharedIds.has(cid);
  const keepRoutedMessage = !shared && !opts.catalogWins;
  const n = normalizeMonitor(m, `monitor ${did}`, {
    webhooks: webhookNames,
    catalogIdOf: a.catalogIdOf,
    synthTags: [...org.tags, ...(o?.tags ?? [])],
    keepRoutedMessage,
  });
  if ('error' in n) {
    out.notes.push(`monitor ${did} not imported: ${n.error}`);
    // Later monitors and dashboards no longer refer to it by catalog id.
    a.monitors.delete(did);
    out.dropped.add(did);
    return;
  }
  out.routings.set(cid, n.routing);
  const entry: LiveMonitor = { did, raw: m, norm: n };
  out.live.set(cid, entry);
  const file = shared ? catalogMonitorFile(cid) : orgMonitorFile(opts.org, cid);
  const detail = [...n.notes, ...n.routing.notes];
  if (shared && n.routing.exact && n.routing.webhook !== undefined && !opts.catalogWins) {
    // Where synth would write the mention is not where the message has it: keep the message as it is.
    const routed = routeMessage(textOf(n.file.message), webhookNames, n.routing.webhook, n.routing.notifyOn);
    if (routed !== textOf(m.message)) {
      entry.keepMessage = textOf(m.message);
      detail.push(`its Torq mentions already say what the routing says: the message is kept byte for byte (overrides.${cid}.message, routing "message")`);
    }
  }
  if (!shared && n.routing.exact && n.routing.webhook !== undefined && textOf(n.file.message) === textOf(m.message)) {
    const standard = routeMessage(messageBody(textOf(m.message), webhookNames), webhookNames, n.routing.webhook, n.routing.notifyOn);
    if (standard !== textOf(m.message))
      detail.push('its Torq mentions already say the routing: the message stays as written in its file, and synth deploys it byte for byte');
  }
  if (n.unmapped.length > 0) detail.push(`the query keeps monitor id(s) ${n.unmapped.join(', ')}, which are not imported and exist only in this org`);
  if (why && why !== 'selected') detail.push(`imported because it is ${why}`);
  const source = `monitor ${did} ${show(m.name)} (${describeNotify(n.routing)})`;
  const item = (status: PlannedItem['status']): void => {
    out.items.push({ file, status, source, detail, object: { monitor: did } });
  };
  const existing = p.existing(file);
  if (existing === undefined) {
    out.planned.set(file, jsonText(n.file));
    return item('new');
  }
  const current = isObject(existing)
    ? normalizeMonitor(existing, file, { webhooks: webhookNames, catalogIdOf: () => undefined, keepRoutedMessage })
    : { error: 'not an object' };
  if (!('error' in current) && sameJson(current.file, n.file)) return item('unchanged');
  // Without the override's own tags, so that a second import computes the same override.
  const bare = normalizeMonitor(m, `monitor ${did}`, { webhooks: webhookNames, catalogIdOf: a.catalogIdOf, synthTags: org.tags, keepRoutedMessage });
  const liveFile = 'error' in bare ? n.file : bare.file;
  if (opts.overwrite) {
    // The file becomes the live monitor (its own tags included): the overrides of a twin are no longer needed.
    entry.twin = {};
    if (!('error' in current) && sameJson(current.file, liveFile)) return item('unchanged');
    out.planned.set(file, jsonText(liveFile));
    return item('updated');
  }
  if (opts.catalogWins || 'error' in current) {
    const fields = 'error' in current ? ['the whole file'] : differingFields(current.file, n.file);
    detail.unshift(`differs in ${fields.join(', ')}: the file is kept (--catalog-wins), and the first apply changes the org's monitor to it`);
    return item('differs');
  }
  const fields = differingFields(current.file, n.file);
  // The message synth would deploy from the live text and the routing the org file gets for it.
  const body = textOf(liveFile.message);
  const routed = n.routing.exact ? routeMessage(body, webhookNames, n.routing.webhook, n.routing.notifyOn) : body;
  entry.twin = twinOverride(current.file, liveFile, { asWritten: textOf(m.message), routed }, org.tags);
  detail.unshift(
    `differs in ${fields.join(', ')}: the file is kept, and the org's live values become overrides in ${p.orgRel} (--catalog-wins keeps the catalog's)`,
  );
  item('differs');
}

/** The monitor files, in catalog id order. */
export function buildMonitorFiles(p: ProjectState, sel: Selection, a: Assignment): BuiltFiles {
  const out: BuiltFiles = {
    planned: new Map(),
    items: [],
    routings: new Map(),
    live: new Map(),
    liveDashboards: new Map(),
    dashRoles: new Map(),
    dropped: new Set(),
    notes: [],
  };
  for (const [did, cid] of [...a.monitors].sort(([, x], [, y]) => x.localeCompare(y))) {
    buildMonitor(p, did, cid, sel.byId.get(did)!, a, sel.selected.get(did), out);
  }
  return out;
}

/** The dashboard files, added to `out`, in the order read. */
export function buildDashboardFiles(p: ProjectState, live: Pick<LiveOrg, 'dashboards'>, a: Assignment, out: BuiltFiles): void {
  for (const d of live.dashboards) {
    const fid = a.dashboards.get(d.id)!;
    const n = normalizeDashboard(d.raw, a.catalogIdOf);
    out.dashRoles.set(fid, n.restrictedRoles);
    out.liveDashboards.set(fid, d);
    const file = p.sharedDashIds.has(fid) ? catalogDashboardFile(fid) : orgDashboardFile(p.opts.org, fid);
    const detail = [...n.notes];
    if (n.unmapped.length > 0) detail.push(`alert_id keeps monitor id(s) ${n.unmapped.join(', ')}, which are not imported and exist only in this org`);
    const source = `dashboard ${d.id} ${show(textOf(d.raw.title))}`;
    const existing = p.existing(file);
    const item = (status: PlannedItem['status']) => out.items.push({ file, status, source, detail, object: { dashboard: d.id } });
    if (existing === undefined) {
      out.planned.set(file, jsonText(n.file));
      item('new');
    } else if (isObject(existing) && sameJson(normalizeDashboard(existing, () => undefined).file, n.file)) {
      item('unchanged');
    } else if (p.opts.overwrite) {
      out.planned.set(file, jsonText(n.file));
      item('updated');
    } else {
      detail.unshift("differs: the file is kept, and deploying changes the org's dashboard to it (--overwrite takes the org's version)");
      item('differs');
    }
  }
}
