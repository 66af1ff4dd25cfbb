/**
 * Stage "build" (webhooks): what the org file learns of each live webhook (encode_as, its payload,
 * the names of its custom headers; never the URL or a header value), and which webhooks to adopt.
 * Pure: works on the org file's webhooks entries.
 */
import { TORQ_PAYLOAD } from '../../config/webhook';
import { isObject } from '../../config/json';
import { sameJson } from './twin';
import { Json, LiveOrg } from './types';

/** Custom headers that carry no secret and need no Terraform variable. */
const PLAIN_HEADERS = ['content-type', 'accept', 'user-agent'];

/** What the live payload is, and the org file's entry set accordingly. */
function payloadSaid(info: Json, entry: Json): string {
  const payloadText = typeof info.payload === 'string' ? info.payload : undefined;
  let payload: unknown;
  try {
    payload = payloadText === undefined || payloadText.trim() === '' ? undefined : JSON.parse(payloadText);
  } catch {
    payload = Symbol.for('invalid');
  }
  if (payload === undefined) {
    delete entry.payload;
    return "Datadog's default payload (deploying sets the integration's full metadata payload)";
  }
  if (isObject(payload) && sameJson(payload, TORQ_PAYLOAD)) {
    delete entry.payload;
    return "the integration's full metadata payload";
  }
  if (isObject(payload)) {
    entry.payload = payload;
    return 'its own payload (written to the org file)';
  }
  delete entry.payload;
  return 'a payload that is not a JSON object (not written; deploying sets the full metadata payload)';
}

/** The names of a webhook's custom headers (sorted), or undefined when they are not JSON. */
export function headerNames(info: Json): string[] | undefined {
  if (typeof info.custom_headers !== 'string' || info.custom_headers.trim() === '') return [];
  try {
    const h: unknown = JSON.parse(info.custom_headers);
    return isObject(h) ? Object.keys(h).sort() : [];
  } catch {
    return undefined;
  }
}

const HEADER_NAME = /^[A-Za-z0-9-]+$/;

/**
 * Headers: their names only, as webhooks[].headers (each value a sensitive Terraform variable), so
 * that the first apply sends every live header (synth sends "{}" for a webhook with none, which
 * clears them). Not as authHeader: its custom_headers is a literal reference, not sensitive, so the
 * first plan would print the live value it replaces; with headers Terraform shows "(sensitive
 * value)". An authHeader the org file already declares is kept. False when the webhook cannot be
 * adopted as it is.
 */
function headersSaid(info: Json, entry: Json, said: string[]): boolean {
  let names = headerNames(info);
  if (names === undefined) {
    said.push('custom headers that are not JSON (not read)');
    names = [];
  }
  // Headers that describe the body are not a Torq trigger's secret; the webhook sets them.
  const plain = names.filter((h) => PLAIN_HEADERS.includes(h.toLowerCase()));
  if (plain.length > 0) said.push(`header(s) ${plain.join(', ')} not kept (encode_as sets the content type)`);
  names = names.filter((h) => !plain.includes(h));
  const bad = names.filter((h) => !HEADER_NAME.test(h));
  if (bad.length > 0) {
    said.push(
      `header name(s) ${bad.map((h) => JSON.stringify(h)).join(', ')} cannot be declared in the org file (expected letters, digits and "-"), and the first apply would drop them`,
    );
    return false;
  }
  const listed = Array.isArray(entry.headers) ? (entry.headers as Json[]).map((h) => String(h.name)) : [];
  const declared = new Set([...(typeof entry.authHeader === 'string' ? [entry.authHeader] : []), ...listed].map((h) => h.toLowerCase()));
  const missing = names.filter((h) => !declared.has(h.toLowerCase()));
  if (missing.length > 0) entry.headers = [...listed, ...missing].map((name) => ({ name }));
  if (names.length > 0) said.push(`header(s) ${names.join(', ')} (names only; each value goes in a sensitive Terraform variable, below)`);
  return true;
}

/** The webhooks to adopt and a line for each; `rawWebhooks` (the org file's entries) gets what was learned. */
export function buildWebhooks(webhookNames: readonly string[], live: Pick<LiveOrg, 'webhookInfo'>, rawWebhooks: Json[]): { adopt: string[]; lines: string[] } {
  const webhookInfo = live.webhookInfo;
  const adopt = webhookNames.filter((w) => webhookInfo.get(w) !== undefined);
  const lines: string[] = [];
  const leaveOut = (name: string) => adopt.splice(adopt.indexOf(name), 1);
  for (const name of webhookNames) {
    const info = webhookInfo.get(name);
    const entry = rawWebhooks.find((w) => isObject(w) && w.name === name);
    if (!info || !entry) {
      lines.push(`  ${name}: not in the org; deploying creates it`);
      continue;
    }
    const said: string[] = [];
    const encodeAs = info.encode_as === 'form' ? 'form' : 'json';
    if (encodeAs === 'form' || entry.encodeAs !== undefined) entry.encodeAs = encodeAs;
    said.push(`encode_as ${encodeAs}`);
    said.push(payloadSaid(info, entry));
    if (headersSaid(info, entry, said)) lines.push(`  ${name}: adopted: ${said.join('; ')}; the URL and header values are never read into a file`);
    else {
      leaveOut(name);
      lines.push(`  ${name}: not adopted: ${said.join('; ')}; the URL and header values are never read into a file`);
    }
  }
  return { adopt, lines };
}
