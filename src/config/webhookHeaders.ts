/**
 * The custom headers of a Torq webhook, as the org file declares them: `authHeader` (one header
 * whose value Datadog keeps as a secret custom variable) and `headers` (more headers, each value a
 * sensitive Terraform variable of its own). Names only: no value is ever read here.
 */
import { FindingSink, jsonPath, show } from './findings';
import type { WebhookConfig } from './org';

/**
 * The webhook's `headers`, each with its Terraform variable, in the order written. HTTP header
 * names are case-insensitive (RFC 9110, section 5.1), so a name written twice in any case, in
 * `headers` or as `authHeader`, is an error naming both places: Datadog would send one value of
 * the two, and which one is not the user's choice. Only the first of a duplicate is kept.
 */
export function webhookHeaders(
  w: Pick<WebhookConfig, 'authHeader' | 'headers'>,
  index: number,
  variable: (header: string) => string,
  sink: FindingSink,
): { name: string; variable: string }[] {
  const seen = new Map<string, { name: string; path: string }>();
  if (w.authHeader !== undefined) seen.set(w.authHeader.toLowerCase(), { name: w.authHeader, path: jsonPath(['webhooks', index, 'authHeader']) });
  const out: { name: string; variable: string }[] = [];
  (w.headers ?? []).forEach((h, j) => {
    const at = jsonPath(['webhooks', index, 'headers', j, 'name']);
    const first = seen.get(h.name.toLowerCase());
    if (first) {
      sink.error(
        at,
        `header ${show(h.name)} is named twice: here and at ${first.path} (${show(first.name)}; header names ignore case); expected each header once per webhook`,
      );
      return;
    }
    seen.set(h.name.toLowerCase(), { name: h.name, path: at });
    out.push({ name: h.name, variable: variable(h.name) });
  });
  return out;
}
