/**
 * Never blocked by one object: the errors a plan would add are traced back to the monitor or
 * dashboard they come from (its planned file, or its entry in the org file), so that the object is
 * left out with the finding as its reason and the rest is adopted. Errors no object explains (the
 * org file as a whole) still stop the import. Pure.
 */
import { Finding, formatFinding } from '../../config/findings';
import { Assignment, BuiltFiles } from './types';

export interface Blame {
  /** Datadog monitor id -> why it is left out. */
  monitors: Map<number, string>;
  /** Dashboard id -> why it is left out. */
  dashboards: Map<string, string>;
  /** Errors no single object explains. */
  rest: Finding[];
}

/** The key under a section of the org file that a JSON path names ($.monitors.overrides.<id>...). */
function keyUnder(path: string, prefix: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const m = /^\.([A-Za-z_$][A-Za-z0-9_$-]*)|^\[("(?:[^"\\]|\\.)*")\]/.exec(path.slice(prefix.length));
  if (!m) return undefined;
  return m[1] ?? (JSON.parse(m[2]) as string);
}

export function blameFindings(errors: readonly Finding[], files: BuiltFiles, ids: Assignment, orgRel: string): Blame {
  const out: Blame = { monitors: new Map(), dashboards: new Map(), rest: [] };
  const monitorOf = new Map([...ids.monitors].map(([did, cid]) => [cid, did]));
  const dashboardOf = new Map([...ids.dashboards].map(([did, fid]) => [fid, did]));
  const add = <K>(map: Map<K, string>, key: K, f: Finding) => map.set(key, map.has(key) ? `${map.get(key)}; ${formatFinding(f)}` : formatFinding(f));
  for (const f of errors) {
    const item = files.items.find((i) => i.file === f.file && i.object !== undefined);
    if (item?.object && 'monitor' in item.object) add(out.monitors, item.object.monitor, f);
    else if (item?.object && 'dashboard' in item.object) add(out.dashboards, item.object.dashboard, f);
    else if (f.file === orgRel) {
      const cid = keyUnder(f.path, '$.monitors.overrides') ?? keyUnder(f.path, '$.adopt.monitors') ?? keyUnder(f.path, '$.adopt.changes');
      const fid = keyUnder(f.path, '$.dashboards.overrides') ?? keyUnder(f.path, '$.adopt.dashboards');
      if (cid !== undefined && monitorOf.has(cid)) add(out.monitors, monitorOf.get(cid)!, f);
      else if (fid !== undefined && dashboardOf.has(fid)) add(out.dashboards, dashboardOf.get(fid)!, f);
      else out.rest.push(f);
    } else out.rest.push(f);
  }
  return out;
}
