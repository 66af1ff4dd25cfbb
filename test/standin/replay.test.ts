/**
 * The stand-in answers as Datadog did: requests recorded in provider 3.82.0's cassettes
 * (test/fixtures/standin/, one file per cassette, extracted as its README says) are replayed in
 * order against a fresh stand-in, and each answer is compared with Datadog's, field by field,
 * apart from ids, timestamps and the few fields named below. Runs in `npm test` (127.0.0.1 only).
 */
import * as fs from 'fs';
import * as path from 'path';
import { StandinState } from './server';
import { DATADOG_OWNED, type Json } from './types';

const DIR = path.resolve(__dirname, '../fixtures/standin');

/**
 * Not compared: ids and times (new on every run), the author (the key's owner), and what the
 * stand-in does not keep: a role's permissions (stripped from the fixtures), counts over the
 * recorded org's other users and roles, a monitor's evaluated state, gravatar icons.
 */
const IGNORED = new Set([...DATADOG_OWNED, 'handle', 'icon', 'user_count', 'total_count']);

interface Interaction {
  method: string;
  path: string;
  query: string;
  body: Json | null;
  status: number;
  response: Json | null;
}

/** Recorded ids -> the stand-in's, learned from answers side by side. */
function learnIds(recorded: unknown, got: unknown, ids: Map<string, string>): void {
  if (Array.isArray(recorded) && Array.isArray(got)) recorded.forEach((r, i) => learnIds(r, got[i], ids));
  else if (recorded && got && typeof recorded === 'object' && typeof got === 'object') {
    for (const [k, v] of Object.entries(recorded)) {
      const g = (got as Record<string, unknown>)[k];
      if (k === 'id' && (typeof v === 'string' || typeof v === 'number') && (typeof g === 'string' || typeof g === 'number') && String(v) !== String(g))
        ids.set(String(v), String(g));
      else learnIds(v, g, ids);
    }
  }
}

function mapIds(text: string, ids: Map<string, string>): string {
  let out = text;
  for (const [from, to] of [...ids].sort((a, b) => b[0].length - a[0].length)) out = out.split(from).join(to);
  return out;
}

/** Paths where the two answers differ (recorded first), apart from IGNORED keys. */
function compare(recorded: unknown, got: unknown, at = '$', out: string[] = []): string[] {
  if (Array.isArray(recorded) && Array.isArray(got)) {
    if (recorded.length !== got.length) out.push(`${at}: ${recorded.length} items recorded, ${got.length} answered`);
    recorded.forEach((r, i) => compare(r, got[i], `${at}[${i}]`, out));
  } else if (recorded && got && typeof recorded === 'object' && typeof got === 'object' && !Array.isArray(recorded) && !Array.isArray(got)) {
    for (const k of new Set([...Object.keys(recorded), ...Object.keys(got)])) {
      if (IGNORED.has(k)) continue;
      compare((recorded as any)[k], (got as any)[k], `${at}.${k}`, out);
    }
  } else if (JSON.stringify(recorded) !== JSON.stringify(got)) out.push(`${at}: recorded ${JSON.stringify(recorded)}, answered ${JSON.stringify(got)}`);
  return out;
}

const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('the fixtures cover every endpoint family the provider calls for what the package synthesizes', () => {
  const paths = files.flatMap((f) =>
    (JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')).interactions as Interaction[]).map((i) => `${i.method} ${i.path}`),
  );
  for (const family of [
    /^POST \/api\/v1\/monitor\/validate$/,
    /^POST \/api\/v1\/monitor\/\d+\/validate$/,
    /^PUT \/api\/v1\/monitor\/\d+$/,
    /^DELETE \/api\/v1\/monitor/,
    /^POST \/api\/v1\/dashboard$/,
    /webhooks\/configuration\/webhooks/,
    /custom-variables/,
    /^GET \/api\/v2\/roles$/,
    /^POST \/api\/v2\/service_accounts$/,
    /^PATCH \/api\/v2\/users\//,
    /^DELETE \/api\/v2\/roles\/[^/]+\/users$/,
  ]) {
    expect(paths.some((p) => family.test(p))).toBe(true);
  }
});

describe.each(files)('%s replayed against the stand-in', (file) => {
  const { source, interactions } = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { source: string; interactions: Interaction[] };
  test(`answers as Datadog did (${source})`, () => {
    const state = new StandinState();
    // Recorded before Datadog's draft-status API: monitors answered without draft_status.
    state.monitors.draftStatusApi = interactions.some(
      (i) => i.path.startsWith('/api/v1/monitor') && i.response !== null && typeof i.response === 'object' && 'draft_status' in i.response,
    );
    const ids = new Map<string, string>();
    const problems: string[] = [];
    interactions.forEach((i, n) => {
      const p = mapIds(i.path, ids);
      const body = i.body === null ? undefined : (JSON.parse(mapIds(JSON.stringify(i.body), ids)) as Json);
      const answer = state.handle({ method: i.method, path: p, query: new URLSearchParams(mapIds(i.query, ids)), body, hasApiKey: true });
      const where = `#${n} ${i.method} ${i.path}`;
      if (answer.status !== i.status) problems.push(`${where}: status recorded ${i.status}, answered ${answer.status} ${JSON.stringify(answer.body)}`);
      learnIds(i.response, answer.body, ids);
      // Ids in the recorded answer (an error naming one, deleted_monitor_id) are the stand-in's now.
      const recorded = i.response === null ? undefined : (JSON.parse(mapIds(JSON.stringify(i.response), ids)) as Json);
      // Granting or taking a role answers the role's members: in the recording, that org's other users.
      if (/\/roles\/[^/]+\/users$/.test(i.path)) return;
      // An empty answer (204, or a 200 whose body the cassette left empty) is compared as such.
      problems.push(
        ...compare(recorded, answer.body === undefined || (recorded === undefined && answer.status === i.status) ? recorded : answer.body).map(
          (d) => `${where}: ${d}`,
        ),
      );
    });
    expect(problems).toEqual([]);
  });
});
