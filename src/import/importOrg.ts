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
import { Finding, formatFinding, show, sortFindings } from '../config/findings';
import { jsonText } from './overlay';
import { assignIds } from './stages/assign';
import { buildDashboardFiles, buildMonitorFiles } from './stages/build';
import { buildOrgFile } from './stages/orgFile';
import { readOrg, readProject } from './stages/read';
import { firstApplyChanges, firstApplyLines, otherOrgLines, planLines, recordChanges } from './stages/report';
import { selectMonitors } from './stages/select';
import { sameJson } from './stages/twin';
import { ImportOptions, Io, LiveOrg, OrgReader, ProjectState, isStop } from './stages/types';
import { blameFindings } from './stages/blame';
import { liveEditLines, liveEdits } from './stages/liveEdits';
import { planWrites, writePlan } from './stages/write';

export type { ImportOptions, Io, MonitorFilter, OrgReader } from './stages/types';
export { describeFilter, parseMonitorFilter } from './stages/select';
export { twinOverride } from './stages/twin';
export { monitorApplyChanges } from './compare/monitor';

/** One plan: select, assign, build, and the project loaded as it would be with the planned files. */
function plan(project: ProjectState, live: LiveOrg, excluded: { monitors: Map<number, string>; dashboards: Map<string, string> }) {
  const { opts, orgRel } = project;
  const adopted = Object.values(project.org.adopt.monitors).map(Number);
  const sel = selectMonitors(live, opts.monitors, project.webhookNames, adopted, excluded.monitors);
  const dashboards = live.dashboards.filter((d) => !excluded.dashboards.has(d.id));
  const ids = assignIds(project, sel.selected.keys(), sel.byId, dashboards);
  const files = buildMonitorFiles(project, sel, ids);
  buildDashboardFiles(project, { dashboards }, ids, files);
  const built = buildOrgFile(project, sel, live, ids, files);
  const planned = files.planned;
  const orgChanged = !sameJson(built.rawOrg, project.orgJson);
  if (orgChanged) planned.set(orgRel, jsonText(built.rawOrg));
  const relevant = (f: Finding) => f.file === orgRel || files.items.some((i) => i.file === f.file);
  const overlay = planWrites(opts.root, planned, relevant);
  return { sel, ids, files, built, planned, orgChanged, overlay };
}

/** Plans until no single monitor or dashboard explains an error: each that does is left out, with the finding as its reason. */
function planAround(project: ProjectState, live: LiveOrg) {
  const excluded = { monitors: new Map<number, string>(), dashboards: new Map<string, string>() };
  for (;;) {
    const p = plan(project, live, excluded);
    const blame = blameFindings(p.overlay.newErrors, p.files, p.ids, project.orgRel);
    const size = excluded.monitors.size + excluded.dashboards.size;
    if (blame.rest.length === 0) {
      for (const [id, why] of blame.monitors) excluded.monitors.set(id, why);
      for (const [id, why] of blame.dashboards) excluded.dashboards.set(id, why);
    }
    if (excluded.monitors.size + excluded.dashboards.size === size) return { ...p, excluded };
  }
}

/** Notes for what was left out because its files would not load. */
function excludedNotes(live: LiveOrg, excluded: { monitors: Map<number, string>; dashboards: Map<string, string> }): string[] {
  const name = (id: number) => show(live.allMonitors.find((m) => Number(m.id) === id)?.name);
  const title = (id: string) => show(live.dashboards.find((d) => d.id === id)?.raw.title);
  const todo = 'what to do: fix it in Datadog and import again, or write its file by hand';
  return [
    ...[...excluded.monitors].map(([id, why]) => `monitor ${id} ${name(id)} not imported: its file would not load: ${why}; ${todo}`),
    ...[...excluded.dashboards].map(([id, why]) => `dashboard ${id} ${title(id)} not imported: its file would not load: ${why}; ${todo}`),
  ];
}

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

  const { sel, ids, files, built, planned, orgChanged, overlay, excluded } = planAround(project, live);
  const { after, before, newErrors, warnings } = overlay;
  const { orgRel } = project;
  const notes = [...live.notes, ...sel.notes, ...excludedNotes(live, excluded), ...files.notes, ...built.notes];
  print(planLines(project, live, sel, { monitors: ids.monitors.size, dashboards: ids.dashboards.size }, files.items, built, notes, orgChanged));
  if (newErrors.length > 0) {
    for (const f of sortFindings(newErrors)) io.stderr(formatFinding(f));
    return stop([`org:import: the imported files would not load (${newErrors.length} error${newErrors.length === 1 ? '' : 's'} above)`]);
  }
  for (const f of sortFindings(warnings)) io.stdout(formatFinding(f));

  print(liveEditLines(project, liveEdits(project, before, files, live), sel, opts.dryRun));
  const firstApply = firstApplyChanges(project, after, files, built, live);
  recordChanges(project, files, built, firstApply);
  if (!sameJson(built.rawOrg, project.orgJson)) planned.set(orgRel, jsonText(built.rawOrg));
  else planned.delete(orgRel);
  print(firstApplyLines(project, firstApply, files.live.size));
  print(otherOrgLines(project, after, files.items));
  print(writePlan(opts, planned, after));
  return 0;
}
