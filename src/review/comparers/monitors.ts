/**
 * Monitors and Torq's health monitor: routing to Torq, thresholds, replacement on a type change,
 * and what a removal does to the Torq workflow the monitor triggers.
 */
import type { AttentionItem, CompareContext, ResourceChange } from '../model';
import { addedMonitorAttention, compareMonitor, monitorView, torqConditions } from '../monitor';
import type { Resource } from '../stacks';
import { code } from '../text';
import { removalCause, resourceChange } from './common';
import { isHealthMonitorName } from '../../datadog/naming';

export function compareMonitors(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  const health = isHealthMonitorName((after ?? before)!.id);
  if (!before) {
    const v = monitorView(after!);
    return resourceChange(before, after, ctx, [], { kind: 'monitor', added: v }, health ? [] : addedMonitorAttention(v, ctx.torqWebhooks));
  }
  if (!after) {
    const v = monitorView(before);
    const attention: AttentionItem[] = [];
    if (!health && ctx.deployed !== false && torqConditions(v, ctx.torqWebhooks).size > 0) {
      const cause = removalCause(before, ctx);
      attention.push({
        kind: 'destroyed',
        message: `Torq-routed monitor ${code(v.name)} will be destroyed: ${cause}. Terraform deletes it from Datadog, and the Torq workflow it triggers stops receiving its alerts`,
        short: `Torq-routed monitor ${code(v.name)} destroyed: ${cause}`,
      });
    }
    return resourceChange(before, after, ctx, [], { kind: 'monitor', removed: v }, attention);
  }
  const change = compareMonitor(monitorView(before), monitorView(after), ctx.torqWebhooks);
  if (!change) return undefined;
  const attention: AttentionItem[] = [];
  if (health && change.before.notifies.size > 0 && change.after.notifies.size === 0) {
    attention.push({
      kind: 'health-silenced',
      message: `Torq's health monitor no longer notifies anyone (was ${[...change.before.notifies.keys()].map((h) => `\`${h}\``).join(', ')}): if Torq stops reporting, nobody hears about it (set \`health.notify\` in orgs/${ctx.org}.json)`,
    });
  }
  if (change.replaced) {
    attention.push({ kind: 'replaced', message: `Terraform would destroy and re-create this monitor (new id, lost history and mutes): ${change.replaced}` });
  }
  attention.push(...change.attention);
  const fields = [
    ...change.rows.map((r) => ({ field: r.label, before: r.before, after: r.after })),
    ...change.textDiffs.map((t) => ({ field: t.label, before: t.before, after: t.after })),
  ];
  return resourceChange(before, after, ctx, fields, { kind: 'monitor', change }, attention);
}
