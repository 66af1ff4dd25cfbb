/**
 * Webhooks and the Torq contract: what Torq receives (payload keys and the variables they carry,
 * encoding, header names) and whether monitors still mention a webhook that goes. Secrets (the
 * URL, header values) are shown as the variable they come from, never as values.
 */
import type { AttentionKind, CompareContext, ResourceChange } from '../model';
import { monitorView } from '../monitor';
import type { Resource } from '../stacks';
import { FieldChange, fieldChanges } from '../text';
import { genericDetail, resourceChange, safeBody, topLevelFields } from './common';

type Item = { kind: AttentionKind; message: string };

/** What Torq relies on besides routing: the payload keys its workflows read, and how they are encoded. */
export function torqContractChanges(before: Resource, after: Resource, fields: FieldChange[]): string[] {
  const out: string[] = [];
  if (after.type !== 'datadog_webhook') return out;
  const dropped = fields.filter((f) => f.field.startsWith('payload.') && f.after === undefined).map((f) => `\`${f.field.slice('payload.'.length)}\``);
  if (dropped.length > 0) {
    const list = dropped.length > 8 ? `${dropped.slice(0, 8).join(', ')} and ${dropped.length - 8} more` : dropped.join(', ');
    out.push(`webhook \`${String(after.body.name)}\` no longer sends ${list} in its payload: Torq workflows that read ${dropped.length === 1 ? 'it' : 'them'} get nothing`);
  }
  if (before.body.encode_as !== after.body.encode_as) {
    out.push(`webhook \`${String(after.body.name)}\` now encodes its payload as \`${String(after.body.encode_as)}\` (was \`${String(before.body.encode_as)}\`): check the Torq trigger's parsing`);
  }
  return out;
}

export function compareWebhooks(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before) return resourceChange(before, after, ctx, topLevelFields(safeBody(after!), 'after'), genericDetail(before, after, topLevelFields(safeBody(after!), 'after')), []);
  if (!after) {
    const fields = topLevelFields(safeBody(before), 'before');
    const attention: Item[] = [];
    if (ctx.deployed !== false && before.type === 'datadog_webhook') {
      const name = String(before.body.name);
      const still = (ctx.afterMonitors ?? []).filter((m) => monitorView(m).notifies.has(`@webhook-${name}`)).map((m) => `\`${m.id}\``);
      attention.push({
        kind: 'webhook-removed',
        message: `webhook \`${name}\` would be deleted from Datadog${still.length > 0 ? `, yet ${still.join(', ')} still ${still.length === 1 ? 'mentions' : 'mention'} \`@webhook-${name}\` and would notify nothing` : ''}`,
      });
    }
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
  }
  const fields = fieldChanges(safeBody(before), safeBody(after));
  const attention: Item[] = torqContractChanges(before, after, fields).map((message) => ({ kind: 'torq-contract', message }));
  if (fields.length === 0 && attention.length === 0) return undefined;
  return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
}
