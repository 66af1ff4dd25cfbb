/**
 * Stage "report": what the import found and planned, and what the first apply will change on each
 * adopted resource (the live object against what synth deploys), recorded in adopt.changes so that
 * the review of the import shows it. Pure: returns lines and data; the orchestrator prints them.
 */
import * as path from 'path';
import { describeChange, type FieldChange, type RecordedChange } from '../../config/fieldChange';
import { show } from '../../config/findings';
import type { LoadResult } from '../../config/project';
import { monitorApplyChanges } from '../compare/monitor';
import { isObject } from '../../config/json';
import { describeFilter } from './select';
import { dashboardApplyChanges } from '../compare/dashboard';
import { webhookApplyChanges } from '../compare/webhook';
import { isAdopted, sortedRecord } from './orgFile';
import { BuiltFiles, BuiltOrg, Json, LiveOrg, PlannedItem, ProjectState, Selection } from './types';
import { adoptChangesKey, catalogMonitorFile } from '../../datadog/naming';

/** One adopted resource the first apply changes. */
export interface FirstApply {
  /** Its key in adopt.changes: the catalog id of a monitor, `dashboard:<id>`, `webhook:<name>`. */
  key: string;
  /** Where it is declared (its file) and what it is in Datadog ("monitor 123"). */
  where: string;
  what: string;
  changes: FieldChange[];
}

/** Monitors first (by catalog id), then dashboards, then webhooks: what the first apply changes on each resource this import looked at. */
export function firstApplyChanges(p: ProjectState, after: LoadResult, files: BuiltFiles, built: BuiltOrg, live: LiveOrg): FirstApply[] {
  const orgModel = after.project?.orgs.find((o) => o.name === p.opts.org);
  const out: FirstApply[] = [];
  for (const [cid, l] of [...files.live].sort(([a], [b]) => a.localeCompare(b))) {
    const deployed = orgModel?.monitors.find((m) => m.id === cid);
    if (!deployed) continue;
    // References to other monitors are their ids in this org once applied.
    const query = deployed.definition.query.replace(/\$\{monitor\.([A-Za-z0-9_-]+)\}/g, (ref, id: string) =>
      built.adoptMonitors[id] === undefined ? ref : String(built.adoptMonitors[id]),
    );
    const changes = monitorApplyChanges(l.raw, { ...deployed.definition, query }, deployed.restrictedRoleNames ?? [], live.roleNames, p.webhookNames);
    if (changes.length > 0) out.push({ key: cid, where: deployed.file ?? catalogMonitorFile(cid), what: `monitor ${l.did}`, changes });
  }
  for (const [fid, d] of [...files.liveDashboards].sort(([a], [b]) => a.localeCompare(b))) {
    const deployed = orgModel?.dashboards.find((x) => x.id === fid);
    if (!deployed || built.adoptDashboards[fid] !== d.id) continue;
    const changes = dashboardApplyChanges(d.raw, deployed.dashboard, deployed.restrictedRoleNames ?? [], built.adoptMonitors, live.roleNames);
    if (changes.length > 0) out.push({ key: adoptChangesKey('dashboards', fid), where: deployed.file, what: `dashboard ${d.id}`, changes });
  }
  for (const w of orgModel?.webhooks ?? []) {
    const info = live.webhookInfo.get(w.name);
    if (!info || !built.adoptWebhooks.includes(w.name)) continue;
    const changes = webhookApplyChanges(info, w, w.authHeader ? live.customVariables.get(w.authHeader.customVariable) === true : false);
    if (changes.length > 0)
      out.push({ key: adoptChangesKey('webhooks', w.name), where: `${p.orgRel} webhooks[${w.name}]`, what: `webhook ${w.name}`, changes });
  }
  return out;
}

/**
 * adopt.changes in the org file: resources this import did not look at keep their entries; those it
 * looked at get this run's (or none). Mutates built.rawOrg.
 */
export function recordChanges(p: ProjectState, files: BuiltFiles, built: BuiltOrg, firstApply: readonly FirstApply[]): void {
  const looked = new Set([
    ...files.live.keys(),
    ...[...files.liveDashboards.keys()].map((f) => adoptChangesKey('dashboards', f)),
    ...(p.opts.webhooks ? p.webhookNames.map((n) => adoptChangesKey('webhooks', n)) : []),
  ]);
  const recorded: Record<string, RecordedChange[]> = {};
  for (const [key, lines] of Object.entries(p.org.adopt.changes ?? {})) if (!looked.has(key) && isAdopted(built, key)) recorded[key] = lines;
  for (const f of firstApply) if (isAdopted(built, f.key)) recorded[f.key] = f.changes;
  const rawOrg = built.rawOrg;
  const adoptNow: Json = isObject(rawOrg.adopt) ? rawOrg.adopt : {};
  if (Object.keys(recorded).length > 0) adoptNow.changes = sortedRecord(recorded);
  else delete adoptNow.changes;
  if (Object.keys(adoptNow).length > 0) rawOrg.adopt = adoptNow;
}

/** The lines that say what was read and planned: files, webhooks, notes, the org file. */
export function planLines(
  p: ProjectState,
  live: LiveOrg,
  sel: Selection,
  a: { monitors: number; dashboards: number },
  items: readonly PlannedItem[],
  built: BuiltOrg,
  notes: readonly string[],
  orgChanged: boolean,
): string[] {
  const { opts, webhookNames } = p;
  const out: string[] = [];
  out.push(
    `read org ${show(opts.org)} (site ${p.org.site}) at ${opts.source}: ${live.allMonitors.length} monitor(s), ${a.monitors} imported (${sel.filters.map((f) => describeFilter(f, webhookNames)).join('; ')}, and what they refer to)` +
      (opts.dashboards ? `; ${live.dashboardSummaries.length} dashboard(s), ${a.dashboards} imported` : '; dashboards skipped') +
      (opts.webhooks ? `; webhook(s) ${webhookNames.join(', ')}` : '; webhooks skipped'),
  );
  const width = Math.max(0, ...items.map((i) => i.file.length));
  for (const i of items) {
    out.push(`  ${i.file.padEnd(width)}  ${i.status.padEnd(9)}  <- ${i.source}`);
    for (const d of i.detail) out.push(`      ${d}`);
  }
  out.push(...built.webhookLines);
  for (const n of new Set(notes)) out.push(`  note: ${n}`);
  if (orgChanged) {
    out.push(
      `  ${p.orgRel}: adopt ${Object.keys(built.adoptMonitors).length} monitor(s), ${Object.keys(built.adoptDashboards).length} dashboard(s), webhook(s) ${built.adoptWebhooks.join(', ') || '(none)'}; routing as the messages had it`,
    );
  }
  return out;
}

/** The lines that say what the first apply changes. */
export function firstApplyLines(p: ProjectState, firstApply: readonly FirstApply[], looked: number): string[] {
  const out: string[] = [];
  if (!firstApply.some((f) => f.what.startsWith('monitor ')) && looked > 0) out.push('  the first apply changes none of the imported monitors');
  for (const f of firstApply) {
    out.push(`  ${f.where} (${f.what}): the first apply will change:`);
    for (const c of f.changes) out.push(`      ${describeChange(c)}`);
  }
  if (firstApply.length > 0) out.push(`  (recorded in ${p.orgRel} at adopt.changes: the review of this import shows them under Needs attention)`);
  return out;
}

/** Other orgs whose selection picks up the new catalog files. */
export function otherOrgLines(p: ProjectState, after: LoadResult, items: readonly PlannedItem[]): string[] {
  const newMonitorIds = items.filter((i) => i.status === 'new' && i.file.startsWith('monitors/')).map((i) => path.basename(i.file, '.json'));
  const out: string[] = [];
  for (const other of after.project?.orgs ?? []) {
    if (other.name === p.opts.org) continue;
    const picked = other.monitors.map((m) => m.id).filter((id) => newMonitorIds.includes(id));
    if (picked.length > 0)
      out.push(
        `  note: ${other.file} also deploys the new ${picked.join(', ')} (its monitors.include selects them); add them to its monitors.exclude if it should not`,
      );
  }
  return out;
}
