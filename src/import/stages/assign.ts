/**
 * Stage "assign": the catalog id of every monitor and dashboard to adopt. A monitor keeps its adopt
 * entry, else takes a catalog monitor of the same name, else its name's slug (made unique); a
 * dashboard likewise by title. Pure: no I/O.
 */
import { catalogIdFor } from '../normalize';
import { Assignment, Json, ProjectState } from './types';
import { textOf } from '../../config/json';

function slugPart(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

type AssignInput = Pick<ProjectState, 'org' | 'catalog' | 'catalogIds' | 'dashIds'>;

/** Datadog monitor id -> catalog id, for the selected ids (in id order). */
export function assignMonitorIds(
  p: AssignInput,
  selected: Iterable<number>,
  byId: ReadonlyMap<number, Json>,
): { assigned: Map<number, string>; adoptedBy: Map<number, string> } {
  const adoptedBy = new Map<number, string>();
  for (const [cid, did] of Object.entries(p.org.adopt.monitors)) if (p.catalogIds.has(cid)) adoptedBy.set(Number(did), cid);
  const adoptedIds = new Set(adoptedBy.values());
  const byName = new Map<string, string[]>();
  for (const m of p.catalog.monitors) byName.set(m.definition.name, [...(byName.get(m.definition.name) ?? []), m.id]);
  const assigned = new Map<number, string>();
  const used = new Set<string>();
  for (const id of [...selected].sort((a, b) => a - b)) {
    const m = byId.get(id)!;
    let cid = adoptedBy.get(id);
    if (cid === undefined || used.has(cid)) cid = (byName.get(String(m.name)) ?? []).find((c) => !used.has(c) && !adoptedIds.has(c));
    if (cid === undefined) {
      const base = catalogIdFor(String(m.name), 'monitor', id);
      cid = base;
      for (let n = 0; p.catalogIds.has(cid) || used.has(cid); n++) cid = n === 0 ? `${base}_${id}` : `${base}_${id}_${n}`;
    }
    used.add(cid);
    assigned.set(id, cid);
  }
  return { assigned, adoptedBy };
}

/** Dashboard id -> file id, in the order given. */
export function assignDashboardIds(p: AssignInput, dashboards: readonly { id: string; raw: Json }[]): Map<string, string> {
  const adoptedDash = new Map(
    Object.entries(p.org.adopt.dashboards)
      .filter(([fid]) => p.dashIds.has(fid))
      .map(([fid, did]) => [did, fid]),
  );
  const adoptedFiles = new Set(adoptedDash.values());
  const usedFiles = new Set<string>();
  const out = new Map<string, string>();
  for (const d of dashboards) {
    const title = textOf(d.raw.title);
    let fid = adoptedDash.get(d.id);
    if (fid === undefined || usedFiles.has(fid)) {
      fid = p.catalog.dashboards.find(
        (c) => textOf(c.raw.title).trim().toLowerCase() === title.trim().toLowerCase() && !usedFiles.has(c.id) && !adoptedFiles.has(c.id),
      )?.id;
    }
    if (fid === undefined) {
      const base = catalogIdFor(title, 'dashboard', d.id);
      fid = base;
      for (let n = 0; p.dashIds.has(fid) || usedFiles.has(fid); n++) fid = `${base}_${slugPart(d.id)}${n === 0 ? '' : `_${n}`}`;
    }
    usedFiles.add(fid);
    out.set(d.id, fid);
  }
  return out;
}

/** Both assignments; catalogIdOf answers for assigned and already adopted monitors. */
export function assignIds(
  p: AssignInput,
  selected: Iterable<number>,
  byId: ReadonlyMap<number, Json>,
  dashboards: readonly { id: string; raw: Json }[],
): Assignment {
  const { assigned, adoptedBy } = assignMonitorIds(p, selected, byId);
  return { monitors: assigned, catalogIdOf: (did) => assigned.get(did) ?? adoptedBy.get(did), dashboards: assignDashboardIds(p, dashboards) };
}
