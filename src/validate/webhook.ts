/**
 * The Datadog webhook that starts Torq workflows: its name (mentionable as @webhook-NAME), its
 * payload and headers (JSON, with documented $VARIABLES only) and its encoding.
 */
import { Finding, show, subPath } from '../config/findings';
import { CUSTOM_VARIABLE_NAME, WEBHOOK_NAME, WEBHOOK_VARIABLES } from '../config/webhook';
import { parseJson } from '../config/json';
import { didYouMean, typoHint } from '../config/suggest';

export interface WebhookInput {
  readonly name: string;
  readonly payload?: string | null;
  readonly customHeaders?: string | null;
  readonly encodeAs?: string;
  readonly customVariables?: readonly string[];
}

export const WEBHOOK_ENCODINGS = ['json', 'form'] as const;

/** `$NAME` and `$TAGS[key]` occurrences. */
function variables(text: string): { name: string; written: string }[] {
  const out: { name: string; written: string }[] = [];
  const re = /\$([A-Z][A-Z0-9_]*)(\[[^\]\s]*\])?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ name: m[1], written: m[0] });
  return out;
}

export function validateWebhook(w: WebhookInput, file: string, at: string): Finding[] {
  const out: Finding[] = [];
  const error = (path: string, message: string) => out.push({ file, path, severity: 'error', message });
  if (typeof w !== 'object' || w === null || Array.isArray(w)) {
    error(at, `expected a webhook object ({name, payload, customHeaders, encodeAs, customVariables}), found ${show(w)}`);
    return out;
  }

  if (typeof w.name !== 'string' || w.name === '') {
    error(subPath(at, 'name'), `webhook name ${show(w.name)} is empty; expected letters, digits, - and _ (e.g. "torq")`);
  } else if (!WEBHOOK_NAME.test(w.name)) {
    const why = /\s/.test(w.name)
      ? 'contains a space (the API refuses it with 400 "Invalid webhook")'
      : /[()]/.test(w.name)
        ? 'contains parentheses (@webhook- mentions of it silently fail)'
        : 'contains characters other than letters, digits, - and _';
    const suggestion = w.name
      .trim()
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const message = `webhook name ${show(w.name)} ${why}; expected letters, digits, - and _ only${suggestion ? `, e.g. ${show(suggestion)}` : ''}`;
    // Only the space is refused by the API (400 "Invalid webhook", terraform-provider-datadog issue
    // #2618); Datadog creates a webhook with other characters, whose mentions then fail: a warning.
    if (/\s/.test(w.name)) error(subPath(at, 'name'), message);
    else out.push({ file, path: subPath(at, 'name'), severity: 'warning', message });
  }

  const declared: readonly unknown[] = Array.isArray(w.customVariables) ? w.customVariables : [];
  if (w.customVariables !== undefined && !Array.isArray(w.customVariables)) {
    error(subPath(at, 'customVariables'), `expected a list of custom variable names, found ${show(w.customVariables)}`);
  }
  declared.forEach((v, i) => {
    if (typeof v !== 'string') error(subPath(at, 'customVariables', i), `expected a custom variable name such as "TORQ_AUTH_TOKEN", found ${show(v)}`);
    else if (!CUSTOM_VARIABLE_NAME.test(v)) {
      error(
        subPath(at, 'customVariables', i),
        `custom variable name ${show(v)} is not upper-case letters, digits and underscores; expected e.g. "TORQ_AUTH_TOKEN"`,
      );
    }
  });
  const custom = declared.filter((v): v is string => typeof v === 'string');
  const known = [...WEBHOOK_VARIABLES, ...custom];

  const checkVariables = (text: string, path: string) => {
    const seen = new Set<string>();
    for (const v of variables(text)) {
      if (seen.has(v.written)) continue;
      seen.add(v.written);
      if (known.includes(v.name)) continue;
      // Datadog stores a payload with any $WORD and sends an unknown one as literal text: a near
      // miss of a known variable ($ALERT_TITEL) is a typo, so an error; another word, a warning.
      const hint = typoHint(v.name, known).replace(/"([^"]+)"/, '"$$$1"');
      const message = `unknown webhook variable $${v.name}${hint}; expected a Datadog webhook variable (such as $ALERT_ID, $EVENT_MSG, $TAGS[key]) or a declared custom variable${custom.length ? ` (${custom.map((c) => `$${c}`).join(', ')})` : ''}`;
      if (hint !== '') error(path, message);
      else out.push({ file, path, severity: 'warning', message: `${message} (Datadog sends it as literal text)` });
    }
  };

  if (w.payload !== undefined && w.payload !== null) {
    const p = subPath(at, 'payload');
    if (typeof w.payload !== 'string') error(p, `expected the payload as a JSON string, found ${show(w.payload)}`);
    else {
      const r = parseJson(w.payload);
      if (r.ok) checkVariables(w.payload, p);
      else
        error(
          p,
          `payload is not valid JSON (${r.message}, at line ${r.line}, column ${r.column} of the payload); expected a JSON document such as {"id": "$ID"}`,
        );
    }
  }

  if (w.customHeaders !== undefined && w.customHeaders !== null) {
    const p = subPath(at, 'customHeaders');
    let parsed: unknown;
    let ok = false;
    if (typeof w.customHeaders === 'string') {
      const r = parseJson(w.customHeaders);
      if (r.ok) {
        parsed = r.value;
        ok = true;
      } else
        error(
          p,
          `custom headers are not valid JSON (${r.message}, at line ${r.line}, column ${r.column}); expected a JSON object such as {"Authorization": "Bearer ..."}`,
        );
    } else error(p, `expected the custom headers as a JSON object string, found ${show(w.customHeaders)}`);
    if (ok) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        error(p, `custom headers ${show(parsed)} are not a JSON object; expected {"Header-Name": "value"}`);
      } else {
        for (const [k, v] of Object.entries(parsed)) {
          if (typeof v !== 'string') error(p, `header ${show(k)} has the value ${show(v)}; expected a string`);
        }
        checkVariables(w.customHeaders, p);
      }
    }
  }

  if (w.encodeAs !== undefined && !(WEBHOOK_ENCODINGS as readonly string[]).includes(w.encodeAs)) {
    error(
      subPath(at, 'encodeAs'),
      `encoding ${show(w.encodeAs)}${didYouMean(typeof w.encodeAs === 'string' ? w.encodeAs : show(w.encodeAs), WEBHOOK_ENCODINGS)} is not one Datadog knows; expected "json" or "form"`,
    );
  }
  return out;
}
