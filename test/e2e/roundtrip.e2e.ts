/**
 * issue 26, item 5: for every monitor and dashboard file of the test fixtures and of
 * ../shared/corpus (Datadog's own exported JSON), after apply the stand-in holds the file, apart
 * from the fields Datadog owns. Every other difference is listed, grouped, and each group is
 * either explained (roundtripKnown.ts: Datadog-owned, same meaning, or provider 3.82.0 cannot
 * express it and validation warns at its path) or fails the test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Standin, startStandin } from '../standin/server';
import { FIXTURES, REPO } from './fixtures';
import { synthInto, tail, workDir } from './harness';
import { Difference, definitionOf, describeDifference, differences, pattern, roundTripProject } from './roundtrip';
import { KNOWN, classify } from './roundtripKnown';
import { providerFact } from '../../src/datadog/providerFacts';

const CORPUS = path.resolve(REPO, '../shared/corpus/integrations-extras');

function fixtureSources() {
  const out: { file: string; shown: string; kind: 'monitors' | 'dashboards' }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      const rel = path.relative(REPO, full);
      // validate/bad is invalid on purpose; orgs/api holds API answers, not catalog files.
      if (e.isDirectory()) {
        if (!['bad', 'api', 'standin'].includes(e.name)) walk(full);
      } else if (e.name.endsWith('.json') && /\/(monitors|dashboards)$/.test(dir))
        out.push({ file: full, shown: rel, kind: dir.endsWith('monitors') ? 'monitors' : 'dashboards' });
    }
  };
  walk(FIXTURES);
  return out;
}

function corpusSources() {
  const out: { file: string; shown: string; kind: 'monitors' | 'dashboards' }[] = [];
  for (const integration of fs.readdirSync(CORPUS).sort()) {
    for (const kind of ['monitors', 'dashboards'] as const) {
      const dir = path.join(CORPUS, integration, 'assets', kind);
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir).sort())
        if (f.endsWith('.json')) out.push({ file: path.join(dir, f), shown: `corpus/${integration}/${kind}/${f}`, kind });
    }
  }
  return out;
}

const standins: Standin[] = [];
afterAll(async () => {
  for (const s of standins) await s.close();
});

/** Applies the files as one org and returns every difference between each file and what Datadog holds. */
interface RoundTrip {
  diffs: Difference[];
  refused: string[];
  count: number;
  /** shown file -> JSON paths where validation warns */
  warnings: Map<string, Set<string>>;
}

async function roundTrip(name: string, sources: ReturnType<typeof fixtureSources>): Promise<RoundTrip> {
  const standin = await startStandin();
  standins.push(standin);
  const work = workDir(name);
  const project = roundTripProject(path.join(work, 'project'), sources);
  const deployment = synthInto(project.root, work, standin, ['roundtrip']);
  const stack = deployment.stack('roundtrip');
  for (const role of Object.values<any>(stack.json().data?.datadog_role ?? {})) standin.state.ui.addRole(String(role.filter));
  const init = await stack.init();
  if (init.code !== 0) throw new Error(`init failed:\n${tail(init)}`);
  const apply = await stack.apply();
  if (apply.code !== 0) throw new Error(`apply failed:\n${tail(apply)}`);
  const state = await stack.state();
  const diffs: Difference[] = [];
  for (const [kind, files] of [
    ['monitor', project.monitors],
    ['dashboard', project.dashboards],
  ] as const) {
    for (const [id, shown] of files) {
      const values = state.get(kind === 'monitor' ? `datadog_monitor.monitor_${id}` : `datadog_dashboard_json.dashboard_${id}`);
      if (!values) throw new Error(`${shown}: no ${kind} in the state after apply`);
      const held = kind === 'monitor' ? standin.state.monitors.byId.get(Number(values.id)) : standin.state.dashboards.byId.get(String(values.id));
      if (!held) throw new Error(`${shown}: the stand-in holds no ${kind} ${values.id}`);
      const src = sources.find((s) => s.shown === shown) as { file: string };
      diffs.push(...differences(shown, definitionOf(JSON.parse(fs.readFileSync(src.file, 'utf8'))), held));
    }
  }
  fs.writeFileSync(path.join(work, 'differences.txt'), diffs.map(describeDifference).join('\n'));
  return { diffs, refused: project.refused, count: project.monitors.size + project.dashboards.size, warnings: project.warnings };
}

/** Groups the differences; returns the unexplained ones, and the "cannot express" ones validation does not warn about at their path. */
function report(name: string, r: RoundTrip): string[] {
  const groups = new Map<string, Difference[]>();
  for (const d of r.diffs) {
    const known = classify(d);
    const warned = known?.kind !== 'cannot express' || r.warnings.get(d.file)?.has(d.path) === true;
    const k = !known ? `UNEXPLAINED ${pattern(d.path)}` : warned ? `${known.kind}: ${known.name}` : `UNWARNED ${known.name}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  const lines = [`round trip of ${name}: ${r.count} files applied, ${r.refused.length} refused by synth, ${r.diffs.length} differences`];
  for (const f of r.refused) lines.push(`  refused: ${f}`);
  for (const [k, ds] of [...groups].sort())
    lines.push(`  ${k}: ${ds.length} (${new Set(ds.map((d) => d.file)).size} files), e.g. ${describeDifference(ds[0])}`);
  process.stderr.write(`\n${lines.join('\n')}\n`);
  return [...groups.keys()]
    .filter((k) => k.startsWith('UNEXPLAINED') || k.startsWith('UNWARNED'))
    .map((k) => `${k}: ${(groups.get(k) ?? []).slice(0, 3).map(describeDifference).join(' | ')}`);
}

let fixtures: RoundTrip | undefined;

test("the fixtures' monitor and dashboard files: after apply Datadog holds each file, apart from Datadog's fields and the explained differences", async () => {
  const r = await roundTrip('fixtures', fixtureSources());
  fixtures = r;
  expect(r.count).toBeGreaterThan(50);
  expect(report('the fixtures', r)).toEqual([]);
});

if (fs.existsSync(CORPUS)) {
  test("the corpus (Datadog's exported JSON): after apply Datadog holds each file, apart from Datadog's fields and the explained differences", async () => {
    const r = await roundTrip('corpus', corpusSources());
    expect(r.count).toBeGreaterThan(200);
    expect(report('the corpus', r)).toEqual([]);
  });
} else {
  test.skip(`corpus absent: ${path.relative(REPO, CORPUS)} not found, so the round trip of Datadog's own exported JSON is skipped (the corpus is only on the team's machines)`, () =>
    undefined);
}

/** The fixtures' differences at a path pattern (`$.options.require_full_window`). */
function at(p: string): Difference[] {
  if (!fixtures) throw new Error("the fixtures' round trip did not run");
  return fixtures.diffs.filter((d) => pattern(d.path) === p);
}

test("a monitor file without require_full_window is deployed with Datadog's default (false), not the provider's Default true", () => {
  const absent = at('$.options.require_full_window').filter((d) => d.file_value === undefined);
  expect(absent.length).toBeGreaterThan(10);
  expect(absent.filter((d) => d.held !== false).map(describeDifference)).toEqual([]);
});

test('new_group_delay 0 beside a non-zero new_host_delay leaves new hosts without delay, as the file says', () => {
  const overridden = at('$.options.new_host_delay').filter((d) => Number(d.fileRoot?.options?.new_group_delay ?? NaN) === 0 && Number(d.file_value) > 0);
  expect(overridden.map((d) => d.file)).toContain('test/fixtures/e2e/all-options/monitors/host_delays.json');
  expect(overridden.filter((d) => d.held !== 0).map(describeDifference)).toEqual([]);
});

test("each 'cannot express' difference is a row of src/datadog/providerFacts.ts (so docs/provider-facts.md names it) that the provider never sends, or not with a custom schedule", () => {
  const expressible = KNOWN.filter((k) => k.kind === 'cannot express').flatMap((k) =>
    (k.rows ?? ['(no rows)']).map((field) => [k.name, field, providerFact('datadog_monitor', field)] as const),
  );
  expect(expressible.length).toBeGreaterThan(0);
  for (const [name, field, fact] of expressible)
    expect([name, field, fact?.sent === 'never' || fact?.notWithCustomSchedule === true]).toEqual([name, field, true]);
});
