/**
 * A renamed resource as one change: its field changes, and what a rename without a `moved` block
 * means (destroy, then create), with the `moved.json` entry that records it. A renamed service
 * check also changes what Torq's heartbeat workflow must send.
 */
import type { AttentionItem } from './attention';
import { compareDashboard, dashboardView } from './dashboard';
import { Attention, kindOf, Rename, ResourceChange } from './model';
import { compareMonitor, monitorView } from './monitor';
import { Resource, sourceFileOf, StackJson } from './stacks';
import { fieldChanges } from './text';
import { addressOf, safeBody } from './comparers/common';
import { catalogIdOf, DASHBOARD_TYPE, isHealthMonitorName, MONITOR_TYPE, SERVICE_CHECKS_FILE } from '../datadog/naming';

/** True when the head records the rename in a `moved` block (moved.json). */
export function isRecorded(head: StackJson, r: Resource, a: Resource): boolean {
  return (head.moved ?? []).some((m) => String(m.from) === addressOf(r) && String(m.to) === addressOf(a));
}

/** The service check a health monitor watches: the first string of its query (`"torq.heartbeat".over(...)`). */
export function checkOf(r: Resource): string | undefined {
  const m = typeof r.body.query === 'string' ? /^\s*"([^"]+)"/.exec(r.body.query) : null;
  return m ? m[1] : undefined;
}

/** The moved.json entry that records a rename: `{"monitors": {"old": "new"}}`, `{"serviceChecks": {"old.check": "new.check"}}`. */
function movedJsonEntry(r: Resource, a: Resource): string | undefined {
  if (isHealthMonitorName(r.id)) {
    const [from, to] = [checkOf(r), checkOf(a)];
    return from && to && from !== to ? JSON.stringify({ serviceChecks: { [from]: to } }) : undefined;
  }
  // An org's own file is renamed in its own folder: moved.json covers the catalog only.
  if (r.file !== undefined || a.file !== undefined) return undefined;
  const kind = r.type === DASHBOARD_TYPE ? 'dashboards' : 'monitors';
  return JSON.stringify({ [kind]: { [catalogIdOf(r.type, r.id)]: catalogIdOf(a.type, a.id) } });
}

function movedBlock(type: string, from: string, to: string): string {
  return `moved {\n  from = ${type}.${from}\n  to   = ${type}.${to}\n}`;
}

/** A renamed service check: Torq's heartbeat workflow must send the new name, or the health monitor hears nothing. */
function renamedCheck(r: Resource, a: Resource): AttentionItem[] {
  const [from, to] = [checkOf(r), checkOf(a)];
  if (!isHealthMonitorName(r.id) || !from || !to || from === to) return [];
  const noData = a.body.notify_no_data === true;
  return [
    {
      kind: 'torq-contract',
      message:
        `service check \`${from}\` renamed to \`${to}\`: Torq's heartbeat workflow must now send \`${to}\` (its Datadog step that submits the check), ` +
        `since Torq's health monitor watches only the new name; until it does, ${noData ? 'the health monitor sees no data and alerts on it' : 'the health monitor sees nothing and stays silent'}`,
      short: `Torq's heartbeat workflow must send \`${to}\` (was \`${from}\`)`,
    },
  ];
}

function replacedByRename(r: Resource, a: Resource, rename: Rename): AttentionItem {
  const health = isHealthMonitorName(r.id);
  const check = (x: Resource) => `\`${checkOf(x) ?? x.id}\``;
  const files = health
    ? `service check ${check(r)} -> ${check(a)} (\`${rename.toFile ?? SERVICE_CHECKS_FILE}\`)`
    : rename.fromFile && rename.toFile && rename.fromFile !== rename.toFile
      ? `\`${rename.fromFile}\` -> \`${rename.toFile}\``
      : `\`${r.id}\` -> \`${a.id}\``;
  const what = health
    ? "Torq's health monitor (new id, lost history and mutes)"
    : r.type === MONITOR_TYPE
      ? 'the monitor (new id, lost history and mutes, links to it break)'
      : r.type === DASHBOARD_TYPE
        ? 'the dashboard (new id and URL)'
        : `the ${r.type}`;
  // A health monitor's query and message name its check: a renamed check is not an edit on top.
  const edited = !health && (rename.change || rename.dashboardChange || rename.otherChanges) ? ' and edited' : '';
  const entry = movedJsonEntry(r, a);
  const record = entry
    ? `record the rename in \`moved.json\` (add \`${entry}\`), which synth turns into this \`moved\` block in every org that deploys it, or keep the old ${health ? 'check name' : 'file name'}`
    : 'keep the old file name (`moved.json` records renames of catalog files, dashboards and service checks only)';
  return {
    kind: 'replaced',
    message:
      `renamed${edited} ${files}: Terraform would destroy and re-create ${what}; ${record}. After an apply without it, the state can no longer be moved; before, by hand: ` +
      `\`terraform -chdir=cdktf.out/stacks/<org> state mv ${r.type}.${r.id} ${a.type}.${a.id}\` in each org`,
    short: `renamed${edited} ${files}${entry ? `; moved.json: \`${entry}\`` : ''}`,
    ...(entry ? { hcl: movedBlock(r.type, r.id, a.id) } : {}),
  };
}

/** A renamed resource as one change: its field changes, and the replacement a rename without a moved block means. */
export function renameChange(org: string, head: StackJson, r: Resource, a: Resource, torq: ReadonlySet<string>): ResourceChange {
  const rename: Rename = {
    type: r.type,
    from: r.id,
    to: a.id,
    fromFile: sourceFileOf(r.type, r.id, org, r.file),
    toFile: sourceFileOf(a.type, a.id, org, a.file),
  };
  if (r.type === MONITOR_TYPE) rename.change = compareMonitor(monitorView(r), monitorView(a), torq);
  else if (r.type === DASHBOARD_TYPE) rename.dashboardChange = compareDashboard(dashboardView(r), dashboardView(a));
  else {
    const f = fieldChanges(safeBody(r), safeBody(a));
    if (f.length > 0) rename.otherChanges = f;
  }
  if (isRecorded(head, r, a)) rename.moved = true;
  const address = addressOf(a);
  const items: AttentionItem[] = [...(rename.change?.attention ?? []), ...renamedCheck(r, a)];
  if (!rename.moved) items.push(replacedByRename(r, a, rename));
  const attention: Attention[] = items.map((i) => ({ org, address, ...i }));
  return { org, address, kind: kindOf(a), status: 'changed', fields: [], detail: { kind: 'rename', rename }, attention };
}
