import { Construct } from 'constructs';
import { Webhook } from '@cdktf/provider-datadog/lib/webhook';
import { WebhookCustomVariable } from '@cdktf/provider-datadog/lib/webhook-custom-variable';
import { escapeTerraform } from './escape';

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
}

/** The Datadog webhook that starts Torq workflows (Terraform id `webhook_<name>`), with its optional secret header. */
export class TorqWebhook extends Construct {
  readonly webhook: Webhook;
  readonly secretVariable?: WebhookCustomVariable;

  constructor(scope: Construct, id: string, props: TorqWebhookProps) {
    super(scope, id);
    let customHeaders: string | undefined;
    const dependsOn = [];
    if (props.authHeader) {
      this.secretVariable = new WebhookCustomVariable(this, 'auth_header', {
        name: props.authHeader.customVariable,
        value: props.authHeader.value,
        isSecret: true,
      });
      this.secretVariable.overrideLogicalId(`webhook_${props.name}_auth_header`);
      // The header carries a reference to the secret variable, never the secret itself.
      customHeaders = JSON.stringify({ [props.authHeader.name]: `$${props.authHeader.customVariable}` });
      dependsOn.push(this.secretVariable);
    }
    this.webhook = new Webhook(this, 'webhook', {
      name: props.name,
      url: props.url,
      encodeAs: props.encodeAs,
      payload: escapeTerraform(props.payload),
      customHeaders,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
    });
    this.webhook.overrideLogicalId(`webhook_${props.name}`);
  }
}
