/**
 * Already adopted means always read: what changed in Datadog since the files were written, told
 * as what a deploy of the code as it is would do to the live object (keep code), while this import
 * writes the live values (keep live). Pure: lines from the project as it was loaded before the plan.
 */
import { describeChange } from '../../config/fieldChange';
import type { LoadResult } from '../../config/project';
import { monitorApplyChanges } from '../compare/monitor';
import { analyseRouting } from '../normalize';
import { BuiltFiles, LiveOrg, ProjectState, Selection } from './types';
import { textOf } from '../../config/json';

export interface LiveEdit {
  cid: string;
  did: number;
  where: string;
  lines: string[];
}

/** Adopted monitors whose live object differs from the code beyond what the first apply was already known to change. */
export function liveEdits(p: ProjectState, before: LoadResult | undefined, files: BuiltFiles, live: LiveOrg): LiveEdit[] {
  const orgModel = before?.project?.orgs.find((o) => o.name === p.opts.org);
  if (!orgModel) return [];
  const adopted = p.org.adopt.monitors;
  const out: LiveEdit[] = [];
  for (const [cid, l] of [...files.live].sort(([a], [b]) => a.localeCompare(b))) {
    if (adopted[cid] === undefined || Number(adopted[cid]) !== l.did) continue;
    const deployed = orgModel.monitors.find((m) => m.id === cid);
    if (!deployed) continue;
    const query = deployed.definition.query.replace(/\$\{monitor\.([A-Za-z0-9_-]+)\}/g, (ref, id: string) =>
      adopted[id] === undefined ? ref : String(adopted[id]),
    );
    // Recorded as data or, in older org files, as sentences: compared as the sentence each renders to.
    const known = new Set((p.org.adopt.changes?.[cid] ?? []).map(describeChange));
    const lines = monitorApplyChanges(l.raw, { ...deployed.definition, query }, deployed.restrictedRoleNames ?? [], live.roleNames, p.webhookNames)
      .map(describeChange)
      .filter((c) => !known.has(c));
    if (lines.length === 0) continue;
    const was = analyseRouting(deployed.definition.message, p.webhookNames);
    const now = analyseRouting(textOf(l.raw.message), p.webhookNames);
    if (was.webhook !== undefined && now.webhook === undefined)
      lines.unshift(`routing: the live message no longer mentions @webhook-${was.webhook}, so Torq is no longer notified`);
    out.push({ cid, did: l.did, where: deployed.file, lines });
  }
  return out;
}

/** The report of live edits and of adopted monitors deleted in Datadog, with the two choices. */
export function liveEditLines(p: ProjectState, edits: readonly LiveEdit[], sel: Selection, dryRun: boolean): string[] {
  const gone = Object.entries(p.org.adopt.monitors).filter(([, did]) => !sel.byId.has(Number(did)));
  if (edits.length === 0 && gone.length === 0) return [];
  const out = ['  changed in Datadog since the files were written (adopted monitors are read again whatever the filter):'];
  for (const e of edits) {
    out.push(`    ${e.where} (monitor ${e.did}): a deploy of the code as it was would change:`);
    for (const l of e.lines) out.push(`        ${l}`);
  }
  for (const [cid, did] of gone)
    out.push(
      `    adopt.monitors.${cid} (monitor ${did}): deleted in Datadog; keep live: --prune removes the entry; keep code: the next deploy creates it again`,
    );
  if (edits.length > 0) {
    out.push(
      `    keep live: ${dryRun ? 'run without --dry-run and this import writes' : 'this import writes'} the live values (above, into the files and overrides); ` +
        `keep code: ${dryRun ? 'write nothing' : 'do not commit what it wrote (git checkout the files)'} and the next deploy reverts them`,
    );
  }
  return out;
}
