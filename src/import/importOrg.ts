/**
 * org:import: reads what an org already has (the Torq webhook, the monitors that notify it, the
 * Torq dashboard) and turns it into reviewable files plus an `adopt` section, so the org's stack
 * imports those resources instead of creating duplicates.
 *
 * A short orchestrator over named stages (src/import/stages/), each taking and returning typed
 * data; only read and write do I/O:
 *   read (the project's files, then the org through the Datadog API) -> select (filters,
 *   references, skip reasons) -> assign (catalog ids) -> build (catalog files, the org file: live
 *   wins, twins) -> plan (validated with the project's loaders on a temporary copy) -> report (what
 *   the first apply changes, recorded in adopt.changes) -> write.
 * Any failure writes nothing. The same org read twice plans the same bytes, so a second run
 * changes no file.
 */
import { Finding, formatFinding, sortFindings } from '../config/findings';
import { jsonText } from './overlay';
import { assignIds } from './stages/assign';
import { buildDashboardFiles, buildMonitorFiles } from './stages/build';
import { buildOrgFile } from './stages/orgFile';
import { readOrg, readProject } from './stages/read';
import { firstApplyChanges, firstApplyLines, otherOrgLines, planLines, recordChanges } from './stages/report';
import { selectMonitors } from './stages/select';
import { sameJson } from './stages/twin';
import { ImportOptions, Io, OrgReader, isStop } from './stages/types';
import { planWrites, writePlan } from './stages/write';

export type { ImportOptions, Io, MonitorFilter, OrgReader } from './stages/types';
export { describeFilter, parseMonitorFilter } from './stages/select';
export { twinOverride } from './stages/twin';
export { monitorApplyChanges } from './compare/monitor';

export async function importOrg(opts: ImportOptions, reader: OrgReader, io: Io): Promise<number> {
  const stop = (lines: string[]) => {
    for (const l of lines) io.stderr(l);
    io.stderr('org:import stopped; nothing was written');
    return 1;
  };
  const print = (lines: readonly string[]) => lines.forEach((l) => io.stdout(l));

  const project = readProject(opts);
  if (isStop(project)) return stop(project.stop);
  const live = await readOrg(project, reader);
  if (isStop(live)) return stop(live.stop);

  const sel = selectMonitors(live, opts.monitors, project.webhookNames);
  const ids = assignIds(project, sel.selected.keys(), sel.byId, live.dashboards);
  const files = buildMonitorFiles(project, sel, ids);
  buildDashboardFiles(project, live, ids, files);
  const built = buildOrgFile(project, sel, live, ids, files);
  const planned = files.planned;
  const { orgRel } = project;
  const orgChanged = !sameJson(built.rawOrg, project.orgJson);
  if (orgChanged) planned.set(orgRel, jsonText(built.rawOrg));

  const relevant = (f: Finding) => f.file === orgRel || files.items.some((i) => i.file === f.file);
  const { after, newErrors, warnings } = planWrites(opts.root, planned, relevant);

  const notes = [...live.notes, ...sel.notes, ...files.notes, ...built.notes];
  print(planLines(project, live, sel, { monitors: ids.monitors.size, dashboards: ids.dashboards.size }, files.items, built, notes, orgChanged));
  if (newErrors.length > 0) {
    for (const f of sortFindings(newErrors)) io.stderr(formatFinding(f));
    return stop([`org:import: the imported files would not load (${newErrors.length} error${newErrors.length === 1 ? '' : 's'} above)`]);
  }
  for (const f of sortFindings(warnings)) io.stdout(formatFinding(f));

  const firstApply = firstApplyChanges(project, after, files, built, live);
  recordChanges(project, files, built, firstApply);
  if (!sameJson(built.rawOrg, project.orgJson)) planned.set(orgRel, jsonText(built.rawOrg));
  else planned.delete(orgRel);
  print(firstApplyLines(project, firstApply, files.live.size));
  print(otherOrgLines(project, after, files.items));
  print(writePlan(opts, planned, after));
  return 0;
}
