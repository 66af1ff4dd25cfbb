/**
 * Webhooks and the Torq contract: what Torq receives (payload keys and the variables they carry,
 * encoding, header names) and whether monitors still mention a webhook that goes. Secrets (the
 * URL, header values) are shown as the variable they come from, never as values.
 */
import type { AttentionKind, CompareContext, ResourceChange } from '../model';
import { monitorView } from '../monitor';
import type { Resource } from '../stacks';
import { clip, code, FieldChange, fieldChanges, variableReference } from '../text';
import { genericDetail, headerNames, listOf, parseJson, resourceChange, safeBody, topLevelFields } from './common';
import { handleWebhook } from '../../datadog/message';

type Item = { kind: AttentionKind; message: string };

/** What Torq relies on besides routing: the payload keys its workflows read, how they are encoded, the headers its trigger checks. */
export function torqContractChanges(before: Resource, after: Resource, fields: FieldChange[]): string[] {
  const out: string[] = [];
  if (after.type !== 'datadog_webhook') return out;
  const name = `webhook \`${String(after.body.name)}\``;
  // A payload removed altogether is not sent on update (see leftInDatadog): Torq keeps receiving the old one.
  const payloadGone = typeof before.body.payload === 'string' && (after.body.payload === undefined || after.body.payload === null || after.body.payload === '');
  // A payload that becomes JSON, or stops being JSON, is another payload altogether: said once, not key by key.
  const isJson = (v: unknown) => typeof v === 'string' && parseJson(v) !== undefined;
  const kindChanged =
    !payloadGone &&
    typeof before.body.payload === 'string' &&
    typeof after.body.payload === 'string' &&
    isJson(before.body.payload) !== isJson(after.body.payload);
  const payloadFields = payloadGone || kindChanged ? [] : fields.filter((f) => f.field.startsWith('payload.'));
  const key = (f: FieldChange) => code(f.field.slice('payload.'.length));
  const dropped = payloadFields.filter((f) => f.after === undefined).map(key);
  if (dropped.length > 0) {
    out.push(`${name} no longer sends ${listOf(dropped, 8)} in its payload: Torq workflows that read ${dropped.length === 1 ? 'it' : 'them'} get nothing`);
  }
  const remapped = payloadFields.filter((f) => f.before !== undefined && f.after !== undefined);
  if (remapped.length > 0) {
    const what = remapped.map((f) => `${key(f)} now carries ${code(f.after!)} (was ${code(f.before!)})`);
    out.push(
      `${name} changes what Torq receives: ${listOf(what, 8)}. Torq workflows that read ${remapped.length === 1 ? 'this key' : 'these keys'}, or branch on ${remapped.length === 1 ? 'its value' : 'their values'}, see other values from the next alert on`,
    );
  }
  const added = payloadFields.filter((f) => f.before === undefined && f.after !== undefined);
  if (added.length > 0) {
    out.push(
      `${name} now also sends ${listOf(
        added.map((f) => `${key(f)} (${code(f.after!)})`),
        8,
      )} in its payload: new keys for Torq workflows; check the Torq trigger's workflows expect them`,
    );
  }
  const whole = payloadGone ? undefined : fields.find((f) => f.field === 'payload');
  if (kindChanged || (whole && whole.before !== undefined && whole.after !== undefined)) {
    const text = (v: unknown) => code(clip(String(v), 80));
    out.push(`${name} sends another payload (${text(before.body.payload)} -> ${text(after.body.payload)}): Torq workflows that parse it see another body`);
  }
  if (before.body.encode_as !== after.body.encode_as) {
    out.push(
      `${name} now encodes its payload as \`${String(after.body.encode_as)}\` (was \`${String(before.body.encode_as)}\`): check the Torq trigger's parsing`,
    );
  }
  const hb = headerNames(before.body.custom_headers) ?? [];
  const ha = headerNames(after.body.custom_headers) ?? [];
  const newHeaders = ha.filter((h) => !hb.includes(h)).map((h) => code(h));
  const goneHeaders = hb.filter((h) => !ha.includes(h)).map((h) => code(h));
  if (newHeaders.length > 0)
    out.push(
      `${name} now sends the header${newHeaders.length === 1 ? '' : 's'} ${newHeaders.join(', ')} to Torq (value not shown): a Torq trigger that checks ${newHeaders.length === 1 ? 'it' : 'them'} must expect the same value`,
    );
  if (goneHeaders.length > 0 && !clearedByNull(before, after)) {
    out.push(
      `${name} no longer sends the header${goneHeaders.length === 1 ? '' : 's'} ${goneHeaders.join(', ')}: a Torq trigger that requires ${goneHeaders.length === 1 ? 'it' : 'them'} refuses every alert from then on`,
    );
  }
  const ub = variableReference(before.body.url);
  const ua = variableReference(after.body.url);
  if (ub !== ua && ua !== undefined) {
    out.push(`${name} now posts to the URL in \`TF_VAR_${ua}\`${ub ? ` (was \`TF_VAR_${ub}\`)` : ''}: alerts reach whichever Torq trigger that secret names`);
  }
  return out;
}

/** True when the after side drops custom_headers altogether (absent or null) while the before side sends some. */
function clearedByNull(before: Resource, after: Resource): boolean {
  return (headerNames(before.body.custom_headers) ?? []).length > 0 && (after.body.custom_headers === undefined || after.body.custom_headers === null);
}

/**
 * What the provider leaves in Datadog when the code removes it. Provider 3.82.0
 * (datadog/fwprovider/resource_datadog_webhook.go, buildWebhookUpdateRequestBody) sends
 * `custom_headers` on update only when it is not null, and `payload` only when it is set and not
 * empty; updateState then reads the live values back.
 */
function leftInDatadog(before: Resource, after: Resource): string[] {
  const out: string[] = [];
  const name = `webhook \`${String(after.body.name)}\``;
  if (clearedByNull(before, after)) {
    const names = (headerNames(before.body.custom_headers) ?? []).map((h) => code(h));
    out.push(
      `${name}: the code removes its custom headers (${names.join(', ')}), but the update sends no \`custom_headers\` at all ` +
        '(provider 3.82.0 sends it only when it is not null: datadog/fwprovider/resource_datadog_webhook.go, buildWebhookUpdateRequestBody), ' +
        `so Datadog keeps sending ${names.length === 1 ? 'the header' : 'the headers'} to Torq and the provider reads ${names.length === 1 ? 'it' : 'them'} back into the state. ` +
        `Remove ${names.length === 1 ? 'it' : 'them'} in the Datadog console (Integrations -> Webhooks) after the deploy, or have synth send an explicit empty \`custom_headers\` (\`{}\`), which the update does send`,
    );
  }
  const pb = before.body.payload;
  const pa = after.body.payload;
  if (typeof pb === 'string' && pb !== '' && (pa === undefined || pa === null || pa === '')) {
    out.push(
      `${name}: the code removes its payload, but the update sends no payload (provider 3.82.0 sends it only when it is set and not empty: buildWebhookUpdateRequestBody), ` +
        "so Datadog keeps sending the old payload, not Datadog's default one; to change what Torq receives, set the new payload explicitly",
    );
  }
  return out;
}

/** A payload whose text changes while its JSON stays the same (key order, spacing): still an update of the webhook. */
function reserialized(before: Resource, after: Resource, fields: FieldChange[]): FieldChange[] {
  const pb = before.body.payload;
  const pa = after.body.payload;
  if (typeof pb !== 'string' || typeof pa !== 'string' || pb === pa || fields.some((f) => f.field === 'payload' || f.field.startsWith('payload.'))) return [];
  return [
    {
      field: 'payload',
      before: 'the same JSON',
      after: 'same content, re-serialized (key order or spacing): Terraform updates the webhook in place, Torq receives the same keys',
    },
  ];
}

export function compareWebhooks(before: Resource | undefined, after: Resource | undefined, ctx: CompareContext): ResourceChange | undefined {
  if (!before)
    return resourceChange(
      before,
      after,
      ctx,
      topLevelFields(safeBody(after!), 'after'),
      genericDetail(before, after, topLevelFields(safeBody(after!), 'after')),
      [],
    );
  if (!after) {
    const fields = topLevelFields(safeBody(before), 'before');
    const attention: Item[] = [];
    if (ctx.deployed !== false && before.type === 'datadog_webhook') {
      const name = String(before.body.name);
      const still = (ctx.afterMonitors ?? [])
        .filter((m) => [...monitorView(m).notifies.keys()].some((h) => handleWebhook(h.slice(1), [name]) !== undefined))
        .map((m) => `\`${m.id}\``);
      attention.push({
        kind: 'webhook-removed',
        message: `webhook \`${name}\` would be deleted from Datadog${still.length > 0 ? `, yet ${still.join(', ')} still ${still.length === 1 ? 'mentions' : 'mention'} \`@webhook-${name}\` and would notify nothing` : ''}`,
      });
    }
    return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
  }
  const fields = fieldChanges(safeBody(before), safeBody(after));
  const attention: Item[] = [
    ...torqContractChanges(before, after, fields).map((message): Item => ({ kind: 'torq-contract', message })),
    ...(after.type === 'datadog_webhook' ? leftInDatadog(before, after) : []).map((message): Item => ({ kind: 'left-in-datadog', message })),
  ];
  fields.push(...reserialized(before, after, fields));
  if (fields.length === 0 && attention.length === 0) return undefined;
  return resourceChange(before, after, ctx, fields, genericDetail(before, after, fields), attention);
}
