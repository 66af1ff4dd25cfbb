/**
 * What a secret looks like in text the package prints or deploys: a Torq trigger URL (its path
 * carries the secret) and a Datadog key (API keys are 32 hex characters, application keys 40).
 * The review redacts them; validate refuses them in a monitor message, which Datadog shows to
 * every reader of the monitor and sends with every notification.
 */

export const TORQ_URL = /https?:\/\/hooks\.torq\.io\/[^\s"'`<>)]*/gi;
export const HEX_KEY = /(?<![0-9A-Za-z])(?:[0-9a-f]{40}|[0-9a-f]{32})(?![0-9A-Za-z])/gi;

/** The kinds of secret a text holds (`a Torq trigger URL`, `a 32-hex key (an API key)`), never their values. */
export function secretsIn(text: string, keepHex = false): string[] {
  const out: string[] = [];
  if (new RegExp(TORQ_URL.source, 'i').test(text)) out.push('a Torq trigger URL');
  if (!keepHex) {
    for (const m of text.matchAll(HEX_KEY)) {
      const what = m[0].length === 40 ? 'a 40-hex key (an application key)' : 'a 32-hex key (an API key)';
      if (!out.includes(what)) out.push(what);
    }
  }
  return out;
}
