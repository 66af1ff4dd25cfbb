/** Fixture plans of test/fixtures/drift and ways to cut them down to one kind of drift. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const FIXTURES = path.resolve(__dirname, '../fixtures/drift');

export type PlanDoc = Record<string, unknown> & { resource_drift?: Record<string, unknown>[] };

export function fixture(name: string): PlanDoc {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as PlanDoc;
}

/** The drift fixture with only the drift entries of the given addresses. */
export function driftOf(...addresses: string[]): PlanDoc {
  const plan = fixture('drift.json');
  plan.resource_drift = plan.resource_drift!.filter((d) => addresses.includes(String(d.address)));
  expect(plan.resource_drift.map((d) => d.address).sort()).toEqual([...addresses].sort());
  return plan;
}

/** Every fake secret the fixtures hold (in values, variables, state and sensitive attributes). */
export const CANARIES = [
  'CANARY_URL_BEFORE_7f3a',
  'CANARY_URL_AFTER_c81d',
  'CANARY_HEADER_VALUE_e2a9',
  'CANARY_API_KEY_VALUE_9b1c',
  'CANARY_APP_KEY_VALUE_4d2e',
  'CANARY_APP_KEY_ROTATED_77aa',
  'CANARY_TAG_SECRET_55',
  'CANARY_DD_API_KEY_VAR',
  'CANARY_DD_APP_KEY_VAR',
  '4d2e',
  '77aa',
];

/** A temporary folder, removed after the test file. */
export function tempDir(): () => string {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-drift-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Writes a plan document (or raw text) into `dir` and returns its path. */
export function writePlan(dir: string, name: string, doc: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof doc === 'string' || Buffer.isBuffer(doc) ? doc : JSON.stringify(doc));
  return file;
}

type Entry = { address: string; name: string; change: { before: Record<string, unknown>; after: Record<string, unknown> } };

/**
 * terraform 1.11.4's routing.refresh-only.json (`@webhook-torq` removed from a monitor's message
 * in Datadog) with its drifted monitor repeated `n` times under other names and ids.
 */
export function thousandDrifted(n = 1000): PlanDoc {
  const doc = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'terraform-1.11.4', 'provider', 'routing.refresh-only.json'), 'utf8')) as PlanDoc & {
    resource_drift: Entry[];
  };
  const [one] = doc.resource_drift;
  expect(one.address).toBe('datadog_monitor.monitor_disk_space_low');
  doc.resource_drift = Array.from({ length: n }, (_, i) => {
    const name = `monitor_disk_space_low_${String(i).padStart(4, '0')}`;
    const id = String(42000000 + i);
    const side = (s: Record<string, unknown>) => ({ ...s, id, name: `${String(s.name)} #${i}` });
    return { ...one, address: `datadog_monitor.${name}`, name, change: { ...one.change, before: side(one.change.before), after: side(one.change.after) } };
  });
  return doc;
}
