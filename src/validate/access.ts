/**
 * Torq's service account (org file `keys`): its email must not be a person's. Provider 3.82.0's
 * datadog_service_account (datadog/fwprovider/resource_datadog_service_account.go, Create): when
 * Datadog answers 409 (a user with that email exists, which is also what lost state looks like),
 * it lists users filtered by the email and, when the search finds one user, takes it without
 * checking that its email is the one asked for or that it is a service account; it then renames
 * it, re-enables it and removes every role the configuration does not list (updateRolesFw), and
 * the application key is created for that user. A person's account would silently become Torq's.
 */
import type { Finding } from '../config/findings';
import { show } from '../config/findings';
import type { OrgModel } from '../config/model';
import { notifyingMentions } from '../datadog/message';

/** The addresses of `@someone@example.com` mentions: Datadog notifies them (a person or a mailing list). */
function notifiedEmails(text: string): string[] {
  return notifyingMentions(text)
    .map((m) => m.handle.toLowerCase())
    .filter((h) => /^[^@]+@[^@]+\.[a-z]{2,}$/.test(h));
}

/**
 * An error when the service account's email is an address the org's own monitors notify (a
 * message of a monitor it deploys, or health.notify through the health monitors): that is what
 * can be known offline to be a person's (or a team list's) address. Datadog users the project
 * never mentions cannot be told apart offline; docs/keys-and-health.md says what to check.
 */
export function checkServiceAccountEmail(org: Pick<OrgModel, 'file' | 'access' | 'monitors' | 'healthMonitors'>): Finding[] {
  const email = org.access?.serviceAccountEmail;
  if (!email) return [];
  const wanted = email.toLowerCase();
  const where: string[] = [];
  for (const [m, what] of [
    ...org.monitors.map((m) => [m, `the message of monitor ${show(m.id)}`] as const),
    ...org.healthMonitors.map((m) => [m, 'health.notify (the health monitors)'] as const),
  ]) {
    const texts = [m.definition.message, m.definition.options.escalation_message ?? ''];
    if (texts.some((t) => notifiedEmails(t).includes(wanted)) && !where.includes(what)) where.push(what);
  }
  if (where.length === 0) return [];
  return [
    {
      file: org.file,
      path: '$.keys.serviceAccountEmail',
      severity: 'error',
      message:
        `service account email ${show(email)} is an address this org notifies (@${email} in ${where.join(', ')}), so a person's or a team's: when the email already exists in Datadog, ` +
        `datadog_service_account (provider 3.82.0, resource_datadog_service_account.go, Create on a 409) takes the one user its search finds as Torq's service account, renames it and removes its other roles; ` +
        'expected an address of its own for the service account, e.g. "torq-automation@<your domain>" (docs/keys-and-health.md)',
    },
  ];
}
