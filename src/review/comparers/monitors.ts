/**
 * Monitors and Torq's health monitor: routing to Torq, thresholds, replacement on a type change,
 * and what a removal does to the Torq workflow the monitor triggers.
 */
import type { AttentionKind, CompareContext, ResourceChange } from '../model';
import { compareMonitor, monitorView, torqConditions } from '../monitor';
import { sourceFileOf } from '../stacks';
import type { Resource } from '../stacks';
import { code } from '../text';
import { addressOf, resourceChange } from './common';
import { isHealthMonitorName } from '../../datadog/naming';

/** The attention kind of a monitor comparison's message. */
export function attentionKindOf(message: string): AttentionKind {
  if (message.startsWith('stops notifying Torq')) return 'stops-notifying-torq';
  if (message.startsWith('notifies Torq on fewer')) return 'fewer-transitions';
  if (message.startsWith('threshold loosened') || message.startsWith('alerts less') || message.startsWith('alerts later') || message.startsWith('alert condition changed')) return 'threshold-loosened';
  return 'other';
}

export function compareMonitors(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  const health = isHealthMonitorName((after ?? before)!.id);
  if (!before) return resourceChange(before, after, ctx, [], { kind: 'monitor', added: monitorView(after!) }, []);
  if (!after) {
    const v = monitorView(before);
    const attention: { kind: AttentionKind; message: string }[] = [];
    if (!health && ctx.deployed !== false && torqConditions(v, ctx.torqWebhooks).size > 0) {
      const file = sourceFileOf(before.type, before.id, ctx.org, before.file);
      const elsewhere = ctx.deployedAnywhere?.has(addressOf(before));
      const cause = !file
        ? 'it is no longer in the org'
        : elsewhere
          ? `\`${file}\` is no longer deployed by this org (its \`monitors.include\`/\`monitors.exclude\` in orgs/${ctx.org}.json)`
          : `\`${file}\` is gone`;
      attention.push({
        kind: 'destroyed',
        message: `Torq-routed monitor ${code(v.name)} will be destroyed: ${cause}. Terraform deletes it from Datadog, and the Torq workflow it triggers stops receiving its alerts`,
      });
    }
    return resourceChange(before, after, ctx, [], { kind: 'monitor', removed: v }, attention);
  }
  const change = compareMonitor(monitorView(before), monitorView(after), ctx.torqWebhooks);
  if (!change) return undefined;
  const attention: { kind: AttentionKind; message: string }[] = [];
  if (health && change.before.notifies.size > 0 && change.after.notifies.size === 0) {
    attention.push({
      kind: 'health-silenced',
      message: `Torq's health monitor no longer notifies anyone (was ${[...change.before.notifies.keys()].map((h) => `\`${h}\``).join(', ')}): if Torq stops reporting, nobody hears about it (set \`health.notify\` in orgs/${ctx.org}.json)`,
    });
  }
  if (change.replaced) {
    attention.push({ kind: 'replaced', message: `Terraform would destroy and re-create this monitor (new id, lost history and mutes): ${change.replaced}` });
  }
  for (const m of change.attention) attention.push({ kind: attentionKindOf(m), message: m });
  const fields = [...change.rows.map((r) => ({ field: r.label, before: r.before, after: r.after })), ...change.textDiffs.map((t) => ({ field: t.label, before: t.before, after: t.after }))];
  return resourceChange(before, after, ctx, fields, { kind: 'monitor', change }, attention);
}
