/**
 * What the first apply changes on a live webhook: the live integration against what datadog_webhook
 * 3.82.0 sends (datadog/fwprovider/resource_datadog_webhook.go, buildWebhookUpdateRequestBody):
 * payload only when not empty, custom_headers only when not null, encode_as. Synth always sends
 * custom_headers ("{}" for a webhook with none: src/constructs/webhook.ts), so the declared
 * headers replace the live ones. The URL is a secret and is never compared or read into a file.
 */
import type { FieldChange } from '../../config/fieldChange';
import type { WebhookModel } from '../../config/model';
import type { Json } from '../datadog';
import { sameValue } from './canonical';

function parsed(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Names of the live custom headers (never their values). */
export function liveHeaderNames(info: Json): string[] {
  const h = parsed(info.custom_headers);
  return typeof h === 'object' && h !== null && !Array.isArray(h) ? Object.keys(h).sort() : [];
}

/**
 * `customVariableExists`: whether the custom variable the stack would create for the auth header
 * already exists in Datadog (datadog_webhook_custom_variable cannot import it in 3.82.0).
 */
export function webhookApplyChanges(info: Json, model: WebhookModel, customVariableExists: boolean): FieldChange[] {
  const out: FieldChange[] = [];
  const liveEncode = info.encode_as === 'form' ? 'form' : 'json';
  if (liveEncode !== model.encodeAs) out.push({ field: 'encode_as', before: `"${liveEncode}"`, after: `"${model.encodeAs}"` });
  const livePayload = parsed(info.payload);
  if (livePayload === undefined) out.push({ field: 'payload', before: "Datadog's default payload", after: "the integration's full metadata payload" });
  else if (!sameValue(livePayload, parsed(model.payload)))
    out.push(
      typeof livePayload === 'string'
        ? { field: 'payload', before: 'a text that is not JSON', after: 'the declared payload' }
        : { field: 'payload', note: 'the declared payload replaces the live one (they differ beyond key order)' },
    );
  const names = liveHeaderNames(info);
  const declared = [...(model.authHeader ? [model.authHeader.name] : []), ...model.headers.map((h) => h.name)];
  if (model.authHeader) {
    out.push({
      field: 'custom_headers',
      note: `the value of ${model.authHeader.name} becomes a reference to the secret custom variable ${model.authHeader.customVariable}, set from TF_VAR_${model.authHeader.variable} (set it to the live value)`,
    });
    if (customVariableExists) {
      out.push({
        field: `webhook custom variable ${model.authHeader.customVariable}`,
        note: `it already exists in Datadog and datadog_webhook_custom_variable cannot import it in 3.82.0, so its create fails on the first apply; delete it in Datadog (Integrations -> Webhooks -> Variables) just before the first deploy`,
      });
    }
  }
  if (model.headers.length > 0) {
    out.push({
      field: 'custom_headers',
      note: `${model.headers.map((h) => `${h.name} from TF_VAR_${h.variable}`).join(', ')} (sensitive; set each to the live value)`,
    });
  }
  // Synth sends exactly the declared headers ("{}" for none): any other live header is cleared.
  const dropped = names.filter((n) => !declared.some((d) => d.toLowerCase() === n.toLowerCase()));
  if (dropped.length > 0)
    out.push({
      field: 'custom_headers',
      note: `${dropped.join(', ')} ${dropped.length === 1 ? 'is' : 'are'} not declared, so the first apply clears ${dropped.length === 1 ? 'it' : 'them'}`,
    });
  return out;
}
