/**
 * The benchmark's pieces that a user meets: its arguments, the workload it generates (a valid
 * project of the size asked for, the same bytes every time), and the output comparison it relies on
 * to claim "same output". Its timings are not tested here (no timing assertions in unit tests).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareOutputs, parseBenchArgs } from '../../src/cli/bench';
import { changeIndices, writeReviewRepo } from '../../src/cli/reviewBench';
import { writeWorkload } from '../../src/perf/workload';
import { checkProject } from '../../src/validate/project';
import { FIXTURE_PROJECT } from '../helpers/project';

const temps: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-bench-test-'));
  temps.push(d);
  return d;
}
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('npm run bench arguments', () => {
  test('default to 10 orgs x 1,000 monitors, 5 runs, shared catalog', () => {
    expect(parseBenchArgs([])).toEqual({ orgs: 10, monitors: 1000, runs: 5, layout: 'shared', keep: false });
    expect(parseBenchArgs(['--orgs', '3', '--monitors', '50', '--runs', '1', '--layout', 'per-org', '--keep'])).toEqual({
      orgs: 3,
      monitors: 50,
      runs: 1,
      layout: 'per-org',
      keep: true,
    });
  });

  test.each([
    [['--orgs', 'ten'], '--orgs expects an integer from 1 to 99, found "ten"'],
    [['--runs', '0'], '--runs expects an integer from 1 to 99, found "0"'],
    [['--monitors'], '--monitors expects an integer from 1 to 99999, found nothing'],
    [['--layout', 'mixed'], '--layout expects "shared" or "per-org", found "mixed"'],
    [
      ['--org', '3'],
      'unknown option "--org" (did you mean "--orgs"?); expected one of: --orgs, --monitors, --runs, --layout, --keep, --help, -h\nusage: npm run bench -- [--orgs <n>] [--monitors <n>] [--runs <n>] [--layout shared|per-org] [--keep]',
    ],
  ])('%j is refused with a message naming the value and the expectation', (argv, message) => {
    expect(parseBenchArgs(argv)).toBe(message);
  });
});

describe('the generated workload', () => {
  test('is a valid project of the size asked for, in both layouts', () => {
    for (const layout of ['shared', 'per-org'] as const) {
      const root = tempDir();
      const orgs = writeWorkload(root, { orgs: 3, monitors: 7, layout, assetsFrom: FIXTURE_PROJECT });
      expect(orgs).toEqual(['org-00', 'org-01', 'org-02']);
      expect(fs.readdirSync(path.join(root, 'monitors'))).toHaveLength(layout === 'shared' ? 7 : 21);
      const { project, findings } = checkProject(root);
      expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(project!.orgs.map((o) => [o.name, o.monitors.length])).toEqual(orgs.map((o) => [o, 7]));
      expect(project!.orgs.every((o) => o.monitors.every((m) => m.definition.type === 'query alert'))).toBe(true);
    }
  });

  test('is the same bytes every time', () => {
    const a = tempDir();
    const b = tempDir();
    writeWorkload(a, { orgs: 2, monitors: 5, assetsFrom: FIXTURE_PROJECT });
    writeWorkload(b, { orgs: 2, monitors: 5, assetsFrom: FIXTURE_PROJECT });
    expect(snapshotTree(b)).toEqual(snapshotTree(a));
  });
});

describe('compareOutputs', () => {
  test('finds a changed byte and a missing file, and nothing in identical trees', () => {
    const a = tempDir();
    const b = tempDir();
    for (const d of [a, b]) {
      fs.mkdirSync(path.join(d, 'stacks', 'x'), { recursive: true });
      fs.writeFileSync(path.join(d, 'manifest.json'), '{}');
      fs.writeFileSync(path.join(d, 'stacks', 'x', 'cdk.tf.json'), '{"a": 1}');
    }
    expect(compareOutputs(a, b)).toBeUndefined();
    fs.writeFileSync(path.join(b, 'stacks', 'x', 'cdk.tf.json'), '{"a": 2}');
    expect(compareOutputs(a, b)).toBe(`${path.join('stacks', 'x', 'cdk.tf.json')} differs`);
    fs.rmSync(path.join(b, 'manifest.json'));
    expect(compareOutputs(a, b)).toBe('different files: 2 vs 1');
  });
});

describe('npm run bench:review builds its change at every size --help allows', () => {
  // It crashed with ENOENT under 130 monitors: the change touched fixed ids 100 to 129.
  test.each([10, 50, 100, 101, 130])('--monitors %i: the head revision is a valid project with 5 deleted, 3 renamed and 2 retyped monitors', (n) => {
    const dir = tempDir();
    writeReviewRepo(dir, path.resolve(__dirname, '../..'), 4, n);
    const at = changeIndices(n);
    expect([at.deleted.length, at.renamed.length, at.retyped.length]).toEqual([5, 3, 2]);
    expect(new Set([...at.deleted, ...at.renamed, ...at.retyped, ...at.window]).size).toBe(10 + at.window.length);
    expect(fs.readdirSync(path.join(dir, 'monitors')).length).toBe(n - 5);
    expect(checkProject(dir).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
