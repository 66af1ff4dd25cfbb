/**
 * Property tests (fast-check): every loader and every validator, given any JSON value or any
 * bytes, returns findings and never throws. Inputs are random JSON, random bytes, and real
 * fixture documents with random parts replaced, so the deep rules run too.
 *
 * Seeded, so a failure is reproducible: fast-check prints the seed and the counterexample's path.
 * Rerun one with FAST_CHECK_SEED=<seed>; explore more with FAST_CHECK_RUNS=<n> (and other seeds).
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { runValidate } from '../../src/cli/validate';
import { stripDashboardServerFields } from '../../src/config/dashboard';
import { Finding, hasErrors, PathSegment } from '../../src/config/findings';
import { decodeJsonBytes, parseJson, parseJsonBytes, parseJsonText } from '../../src/config/json';
import { parseMonitor } from '../../src/config/monitor';
import { parseMoved } from '../../src/config/moved';
import { loadProject, parseOrgFile } from '../../src/config/project';
import { serviceCheckModels } from '../../src/config/serviceChecks';
import {
  checkMonitorQuery,
  compositeOperands,
  MonitorContext,
  MONITOR_TYPES,
  parseMetricQuery,
  parseQueryComparison,
  parseServiceCheckQuery,
  validateDashboard,
  validateMessage,
  validateMonitor,
  validateServiceChecks,
  validateWebhook,
  WebhookInput,
} from '../../src/validate';
import { checkProject } from '../../src/validate/project';
import { tempDir } from '../helpers/project';
import { fixtureNames, fixtures, readFixture } from './helpers';

const SEED = Number(process.env.FAST_CHECK_SEED ?? 20261129);
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 100);
const params = (share = 1) => ({ seed: SEED, numRuns: Math.max(1, Math.round(RUNS * share)) });

/** Findings, well formed: a file, a JSONPath, a severity, a message that printed its values. */
function expectFindings(found: unknown): Finding[] {
  expect(Array.isArray(found)).toBe(true);
  for (const f of found as Finding[]) {
    expect(typeof f.file === 'string' && f.file !== '').toBe(true);
    expect(f.path).toMatch(/^\$/);
    expect(['error', 'warning']).toContain(f.severity);
    expect(typeof f.message === 'string' && f.message !== '').toBe(true);
    expect(f.message).not.toContain('[object Object]');
  }
  return found as Finding[];
}

// ---- inputs ----------------------------------------------------------------------------------

/** Strings the rules look for, so random values hit them. */
const WORDS = [
  '',
  ' ',
  '*',
  '%',
  '{{',
  '}}',
  '${',
  '%{',
  '@',
  '@webhook-',
  '@webhook-torq',
  '@slack-',
  '{{#is_alert}}',
  '{{/is_alert}}',
  '{{else}}',
  '{{value}}',
  'avg(last_5m):avg:system.cpu.user{*} > 90',
  'avg(last_5m):',
  'logs("source:torq").index("*").rollup("count").last("5m") > 1',
  '"torq.heartbeat".over("*").last(2).count_by_status()',
  'error_budget("abc").over("7d") > 10',
  '1 && 2',
  '${monitor.torq_failures}',
  'change(avg(last_5m),last_5m):avg:a{*} > 1',
  'ordered',
  'free',
  'group',
  'note',
  'timeseries',
  'torq',
  'torq.heartbeat',
  'us1',
  'eu1',
  'json',
  'form',
  'ok',
  'critical',
  'warning',
  'unknown',
  '1.0.0',
  'all',
  'alert',
  'no_data',
  'recovery',
  ...MONITOR_TYPES,
];
const word = fc.constantFrom(...WORDS);
const scalar = fc.oneof(word, fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 200 }), fc.double(), fc.boolean(), fc.constant(null));
const json = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: scalar },
  fc.constantFrom([], {}, [null], { definition: null }, { type: 7 }),
);

function allPaths(v: unknown, at: PathSegment[] = [], out: PathSegment[][] = []): PathSegment[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => allPaths(x, [...at, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) allPaths(x, [...at, k], out);
  return out;
}

const DELETE = Symbol('delete');

/** A copy of `doc` with the value at one of its paths replaced (or deleted). */
function mutate(doc: unknown, pick: number, value: unknown): unknown {
  const copy = structuredClone(doc);
  const paths = allPaths(copy);
  const at = paths[pick % paths.length];
  if (at.length === 0) return value === DELETE ? {} : value;
  let parent: any = copy;
  for (const seg of at.slice(0, -1)) parent = parent[seg];
  const last = at[at.length - 1];
  if (value === DELETE) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

/** Real documents with one to three random parts replaced or deleted. */
const mutated = (docs: unknown[]) =>
  fc
    .tuple(
      fc.constantFrom(...docs),
      fc.array(fc.tuple(fc.nat(), fc.oneof({ weight: 4, arbitrary: json }, fc.constant(DELETE))), { minLength: 1, maxLength: 3 }),
    )
    .map(([doc, edits]) => edits.reduce((d: unknown, [pick, value]) => mutate(d, pick, value), doc));

const fixtureDocs = (...dirs: string[]) => dirs.flatMap((d) => fixtureNames(d)).map((f) => readFixture(f));
const MONITORS = fixtureDocs('good/monitors', 'bad/monitors');
const DASHBOARDS = fixtureDocs('good/dashboards', 'bad/dashboards');
const SERVICE_CHECKS = fixtureDocs('good/service_checks', 'bad/service_checks');
const WEBHOOKS = fixtureDocs('good/webhooks', 'bad/webhooks');
const ORGS: unknown[] = [
  {
    site: 'us1',
    description: 'every field',
    webhooks: [
      { name: 'torq', encodeAs: 'json', authHeader: 'X-Torq-Token' },
      { name: 'torq-prod', encodeAs: 'form', payload: { id: '$ID', body: '$EVENT_MSG' } },
    ],
    monitors: {
      include: ['*'],
      exclude: ['torq_heartbeat'],
      webhook: 'torq',
      notifyOn: ['alert', 'recovery'],
      overrides: {
        torq_failures: {
          name: 'n',
          thresholds: { critical: 5, warning: null },
          tags: ['team:x'],
          priority: 2,
          webhook: 'torq-prod',
          notifyOn: 'all',
          options: { renotify_interval: 10 },
        },
      },
    },
    dashboards: { include: ['*'], exclude: [] },
    health: { notify: ['@slack-ops'], noDataTimeframe: 30 },
    tags: ['env:prod'],
    backend: { type: 's3', bucket: 'b', region: 'eu-west-1' },
    keys: { create: true, name: 'Torq', serviceAccountEmail: 'torq@example.com', roles: ['Datadog Standard Role'], scopes: ['monitors_read'] },
    adopt: { monitors: { torq_failures: 123 }, dashboards: { board: 'abc-def-ghi' }, webhooks: ['torq'] },
  },
  { site: 'eu1', keys: { create: false } },
];
const MOVED: unknown[] = [
  { monitors: { old_failures: 'torq_failures' }, dashboards: { old: 'board' } },
  { $schema: 'x', monitors: {} },
];

const CONTEXTS: MonitorContext[] = [{}, { webhooks: ['torq', 'torq-prod'], heartbeatChecks: ['torq.heartbeat'] }, { webhooks: [], heartbeatChecks: [''] }];

// ---- every loader and validator, on values ---------------------------------------------------

/** Each kind of file: its loader and validators, run on one value (they must not throw). */
const KINDS: { name: string; docs: unknown[]; check: (raw: unknown) => void }[] = [
  {
    name: 'monitor (parseMonitor, then validateMonitor in each org context)',
    docs: MONITORS,
    check: (raw) => {
      const { monitor, findings } = parseMonitor(raw, 'monitors/m.json');
      expectFindings(findings);
      if (!monitor) expect(hasErrors(findings)).toBe(true);
      else for (const ctx of CONTEXTS) expectFindings(validateMonitor(monitor, ctx));
    },
  },
  {
    name: 'dashboard (validateDashboard, stripDashboardServerFields)',
    docs: DASHBOARDS,
    check: (raw) => {
      expectFindings(validateDashboard(raw, 'dashboards/d.json'));
      stripDashboardServerFields(raw);
    },
  },
  {
    name: 'service checks (validateServiceChecks, serviceCheckModels)',
    docs: SERVICE_CHECKS,
    check: (raw) => {
      expectFindings(validateServiceChecks(raw, 'service_checks.json'));
      expect(Array.isArray(serviceCheckModels(raw))).toBe(true);
    },
  },
  {
    name: 'org file (parseOrgFile)',
    docs: ORGS,
    check: (raw) => {
      const { org, findings } = parseOrgFile(raw, 'orgs/acme.json');
      expectFindings(findings);
      if (!org) expect(hasErrors(findings)).toBe(true);
    },
  },
  {
    name: 'moved.json (parseMoved)',
    docs: MOVED,
    check: (raw) => void expectFindings(parseMoved(raw, 'moved.json', { monitors: ['torq_failures', 'old_failures'], dashboards: ['board'] }).findings),
  },
  {
    name: 'webhook (validateWebhook)',
    docs: WEBHOOKS,
    check: (raw) => void expectFindings(validateWebhook(raw as WebhookInput, 'orgs/acme.json', '$.webhooks[0]')),
  },
];

describe.each(KINDS)('$name never throws', ({ docs, check }) => {
  test('for any JSON value', () => {
    fc.assert(
      fc.property(json, (raw) => check(raw)),
      params(0.5),
    );
  });
  test('for real documents with random parts replaced or deleted', () => {
    fc.assert(
      fc.property(mutated(docs), (raw) => check(raw)),
      params(1),
    );
  });
  test('for the JSON read from random bytes, or from a real document with random bytes changed', () => {
    const texts = docs.map((d) => Buffer.from(JSON.stringify(d, null, 2)));
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .tuple(
          fc.constantFrom(...texts),
          fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('insert', 'delete', 'replace')), { minLength: 1, maxLength: 4 }),
        )
        .map(([text, edits]) => {
          const b = [...text];
          for (const [at, byte, op] of edits) {
            const i = at % (b.length + 1);
            if (op === 'insert') b.splice(i, 0, byte);
            else if (op === 'delete') b.splice(i, 1);
            else b[i] = byte;
          }
          return Uint8Array.from(b);
        }),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const r = parseJsonBytes(b, 'f.json');
        if (r.ok) check(r.value);
        else expect(hasErrors(expectFindings(r.findings))).toBe(true);
      }),
      params(0.5),
    );
  });
});

describe('the text rules never throw, for any text', () => {
  const text = fc.oneof(
    word,
    fc.string({ maxLength: 40 }),
    fc.array(word, { maxLength: 6 }).map((w) => w.join('')),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );

  test('messages (validateMessage)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...CONTEXTS), (t, ctx) => void expectFindings(validateMessage(t, '$.message', 'm.json', ctx))),
      params(1),
    );
  });

  test('queries (checkMonitorQuery and the query parsers)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...MONITOR_TYPES), fc.string({ maxLength: 12 })), text, (type, query) => {
        expectFindings(checkMonitorQuery(type, query, 'm.json', '$.query'));
        parseMetricQuery(query);
        parseServiceCheckQuery(query);
        compositeOperands(query);
        parseQueryComparison(query);
      }),
      params(1),
    );
  });
});

// ---- the JSON reader against V8's JSON.parse -------------------------------------------------

describe('the JSON reader', () => {
  /** JSON texts, and JSON texts with a random character inserted, deleted or replaced. */
  const texts = fc
    .tuple(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom(0, 2, '\t'),
      fc.array(
        fc.tuple(fc.nat(), fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '-', '0', '.', 'e', 'a', '\ufeff', '\u00a0', ''), fc.boolean()),
        { maxLength: 2 },
      ),
    )
    .map(([value, indent, edits]) => {
      let t = JSON.stringify(value, null, indent);
      for (const [at, c, replace] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + c + t.slice(replace ? i + 1 : i);
      }
      return t;
    });

  test('accepts exactly what JSON.parse accepts (but duplicate keys), with the same value', () => {
    fc.assert(
      fc.property(texts, (t) => {
        let v8: { value: unknown } | undefined;
        try {
          v8 = { value: JSON.parse(t.replace(/^\ufeff/, '')) };
        } catch {
          v8 = undefined;
        }
        const ours = parseJson(t);
        if (ours.ok) expect(ours.value).toEqual(v8?.value);
        else if (ours.kind === 'syntax') expect(v8).toBeUndefined();
        else expect(ours.kind === 'duplicate-key' || (ours.kind === 'encoding' && /^\ufeff\ufeff|^\ufeff?ï»¿/.test(t))).toBe(true);
        if (!ours.ok) {
          expect(ours.line).toBeGreaterThanOrEqual(1);
          expect(ours.column).toBeGreaterThanOrEqual(1);
          expect(ours.offset).toBeLessThanOrEqual(t.length);
        }
      }),
      params(3),
    );
  });

  test('any text gives a value or findings; any bytes decode or are named', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => {
        const r = parseJsonText(t, 'f.json');
        if (!r.ok) expect(hasErrors(expectFindings(r.findings))).toBe(true);
      }),
      params(1),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const d = decodeJsonBytes(b);
        if (!d.ok) expect(d.problem.message).toMatch(/UTF-8/);
      }),
      params(1),
    );
  });

  test('a document saved as UTF-16 with a byte-order mark is always named as UTF-16', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (v, bigEndian) => {
        const le = Buffer.from(`\ufeff${JSON.stringify(v)}`, 'utf16le');
        const r = parseJsonBytes(bigEndian ? le.swap16() : le, 'f.json');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.finding.message).toMatch(`this file is UTF-16 ${bigEndian ? 'big' : 'little'}-endian`);
      }),
      params(0.5),
    );
  });
});

// ---- whole projects, from disk ---------------------------------------------------------------

describe('a project with one random file: loadProject, checkProject and validate never throw', () => {
  const root = tempDir('torq-property-project-');
  fs.cpSync(path.join(fixtures, 'cli', 'project'), root, { recursive: true });
  fs.writeFileSync(path.join(root, 'orgs', 'acme.json'), JSON.stringify(ORGS[0], null, 2));
  fs.mkdirSync(path.join(root, 'dashboards'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dashboards', 'broken.json'), JSON.stringify(DASHBOARDS[0]));
  fs.writeFileSync(path.join(root, 'dashboards', 'board.json'), JSON.stringify(DASHBOARDS[1]));
  fs.writeFileSync(path.join(root, 'moved.json'), JSON.stringify(MOVED[0]));
  const originals = new Map(
    ['orgs/acme.json', 'monitors/torq_failures.json', 'dashboards/board.json', 'service_checks.json', 'moved.json'].map((f) => [
      f,
      fs.readFileSync(path.join(root, f)),
    ]),
  );
  const docsOf: Record<string, unknown[]> = {
    'orgs/acme.json': ORGS,
    'monitors/torq_failures.json': MONITORS,
    'dashboards/board.json': DASHBOARDS,
    'service_checks.json': SERVICE_CHECKS,
    'moved.json': MOVED,
  };

  const content = fc.constantFrom(...originals.keys()).chain((file) =>
    fc
      .oneof(
        fc.uint8Array({ maxLength: 40 }),
        json.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
        mutated(docsOf[file]).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      )
      .map((bytes) => ({ file, bytes })),
  );

  test('checkProject (every org rule, webhook rule and catalog rule) and loadProject', () => {
    fc.assert(
      fc.property(content, ({ file, bytes }) => {
        fs.writeFileSync(path.join(root, file), bytes);
        try {
          expectFindings(loadProject(root).findings);
          const r = checkProject(root);
          expectFindings(r.findings);
          if (!r.project) expect(hasErrors(r.findings)).toBe(true);
        } finally {
          fs.writeFileSync(path.join(root, file), originals.get(file)!);
        }
      }),
      params(0.6),
    );
  });

  test('validate on the project and on its folders exits 0 or 1, never 2', async () => {
    await fc.assert(
      fc.asyncProperty(content, fc.boolean(), async ({ file, bytes }, whole) => {
        fs.writeFileSync(path.join(root, file), bytes);
        try {
          let out = '';
          const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: root };
          const code = await runValidate(whole ? [] : ['monitors', 'dashboards', 'orgs', 'service_checks.json'], io);
          expect([0, 1]).toContain(code);
          expect(out).toMatch(/files? checked/);
        } finally {
          fs.writeFileSync(path.join(root, file), originals.get(file)!);
        }
      }),
      params(0.3),
    );
  });
});
