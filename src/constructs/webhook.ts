import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { Webhook } from '@cdktf/provider-datadog/lib/webhook';
import { WebhookCustomVariable } from '@cdktf/provider-datadog/lib/webhook-custom-variable';
import { escapeTerraform } from './escape';
import { webhookAuthHeaderName, webhookName } from '../datadog/naming';

export interface TorqWebhookProps {
  /** The webhook's name; monitors mention it as `@webhook-<name>`. */
  readonly name: string;
  /** The Torq trigger URL: a token of a sensitive Terraform variable, never a literal. */
  readonly url: string;
  /** The payload, a JSON string (the integration's full metadata payload by default). */
  readonly payload: string;
  readonly encodeAs: 'json' | 'form';
  /** A header the Torq trigger checks; its value is stored as a secret custom variable. */
  readonly authHeader?: { readonly name: string; readonly customVariable: string; readonly value: string };
  /** More headers; each value is a token of a sensitive Terraform variable, never a literal. */
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
}

/**
 * custom_headers when the webhook declares no header: an empty JSON object. Provider 3.82.0
 * (datadog/fwprovider/resource_datadog_webhook.go) makes custom_headers Optional, not Computed;
 * buildWebhookUpdateRequestBody sends it only when it is not null, so omitting it never clears the
 * live headers (an adopted webhook's, or an authHeader just removed). "{}" is sent on update, and
 * the API stores it verbatim (its recorded requests, TestAccDatadogWebhook_Basic.yaml, return
 * custom_headers exactly as sent); updateState keeps the planned value when the API answers null,
 * so the state reads "{}" either way: no diff on the next plan, no "inconsistent result after
 * apply". The API reads it as a JSON object with no header ("If null, uses no header. If given a
 * JSON payload, these will be headers attached").
 */
export const NO_CUSTOM_HEADERS = '{}';

/** The Datadog webhook that starts Torq workflows (Terraform id `webhook_<name>`), with its optional secret header. */
export class TorqWebhook extends Construct {
  readonly webhook: Webhook;
  readonly secretVariable?: WebhookCustomVariable;

  constructor(scope: Construct, id: string, props: TorqWebhookProps) {
    super(scope, id);
    const headers: Record<string, string> = {};
    const dependsOn = [];
    if (props.authHeader) {
      this.secretVariable = new WebhookCustomVariable(this, 'auth_header', {
        name: props.authHeader.customVariable,
        value: props.authHeader.value,
        isSecret: true,
      });
      this.secretVariable.overrideLogicalId(webhookAuthHeaderName(props.name));
      // The header carries a reference to the secret variable, never the secret itself.
      headers[props.authHeader.name] = `$${props.authHeader.customVariable}`;
      dependsOn.push(this.secretVariable);
    }
    for (const h of props.headers ?? []) headers[h.name] = h.value;
    // With a header from a Terraform variable, Terraform's jsonencode builds the JSON at apply: no
    // value lands in cdk.tf.json, and the sensitive variable makes the whole attribute sensitive
    // in plan output. Without one, the JSON is a literal (the authHeader holds only a reference).
    const customHeaders =
      (props.headers ?? []).length > 0 ? Fn.jsonencode(headers) : Object.keys(headers).length > 0 ? JSON.stringify(headers) : NO_CUSTOM_HEADERS;
    this.webhook = new Webhook(this, 'webhook', {
      name: props.name,
      url: props.url,
      encodeAs: props.encodeAs,
      payload: escapeTerraform(props.payload),
      customHeaders,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
    this.webhook.overrideLogicalId(webhookName(props.name));
  }
}
