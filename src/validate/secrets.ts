/**
 * A secret pasted into a monitor message is an error: Datadog shows the message to everyone who can
 * read monitors and sends it with every notification (to Slack, email, Torq...), so a Torq trigger
 * URL or a key there is leaked. SLO alerts are spared the hex check: their messages may name SLO ids.
 */
import { secretsIn } from '../config/secrets';
import type { Finding } from '../config/findings';

export function checkSecretsInMessage(text: string, at: string, file: string, monitorType: string): Finding[] {
  const found = secretsIn(text, monitorType === 'slo alert');
  if (found.length === 0) return [];
  return [
    {
      file,
      path: at,
      severity: 'error',
      message: `holds ${found.join(' and ')} (not shown); a monitor message is shown to everyone who can read monitors and sent with every notification: remove it, rotate the secret, and keep secrets in Terraform variables (TF_VAR_...)`,
    },
  ];
}
