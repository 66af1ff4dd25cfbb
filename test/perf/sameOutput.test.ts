/**
 * The fast synth path writes the same bytes as the slow one.
 *
 * Fast path: `runSynth` (what `npm run synth`, `npx cdktf synth` and cdktf.json's app run), which
 * synthesizes inside `withFastCdktf` (src/perf/fastCdktf.ts).
 * Slow path: the same `checkProject`, then stock cdktf on the model: `buildApp(project,
 * outdir).synth()` with nothing patched, i.e. what a stock cdktf project (`npx ts-node main.ts`)
 * does with this package's code (the benchmark's baseline, src/perf/baseline.ts).
 * Every file under the output folder (manifest.json and each stack's cdk.tf.json) is compared
 * byte for byte.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, Lazy, TerraformLocal, TerraformOutput, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Monitor } from '@cdktf/provider-datadog/lib/monitor';
import { Webhook } from '@cdktf/provider-datadog/lib/webhook';
import { DatadogProvider } from '@cdktf/provider-datadog/lib/provider';
import { checkProject } from '../../src/validate/project';
import { buildApp } from '../../src/app';
import { runSynth } from '../../src/cli/synth';
import { writeWorkload } from '../../src/perf/workload';
import { withFastCdktf } from '../../src/perf/fastCdktf';
import { FIXTURE_PROJECT } from '../helpers/project';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}
afterAll(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

/** Both output folders, file by file: names, and a byte-equality flag per file. */
function compare(a: string, b: string) {
  const files = listFiles(a);
  expect(listFiles(b)).toEqual(files);
  return files.map((f) => [f, fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))]);
}

function slowSynth(root: string, orgs?: string[]): string {
  const outdir = path.join(tempDir('torq-slow-'), 'out');
  const { project, findings } = checkProject(root, { orgs });
  expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  buildApp(project!, outdir).synth();
  return outdir;
}

function fastSynth(root: string, orgs?: string[]): string {
  const outdir = path.join(tempDir('torq-fast-'), 'out');
  const stderr: string[] = [];
  const code = runSynth({ root, outdir, orgs, stdout: () => undefined, stderr: (l) => stderr.push(l) });
  expect({ code, errors: stderr.filter((l) => l.includes(': error: ')) }).toEqual({ code: 0, errors: [] });
  return outdir;
}

describe('fast and slow synth write the same bytes', () => {
  test('the example org', () => {
    const fast = fastSynth(FIXTURE_PROJECT, ['example']);
    const slow = slowSynth(FIXTURE_PROJECT, ['example']);
    const result = compare(fast, slow);
    expect(result.map(([f]) => f)).toEqual(['manifest.json', path.join('stacks', 'example', 'cdk.tf.json')]);
    expect(result).toEqual(result.map(([f]) => [f, true]));
  });

  test('5 orgs x 40 metric monitors from one shared catalog (auth headers, orgs without keys, overrides, references, imports, moves)', () => {
    const root = tempDir('torq-workload-');
    const orgs = writeWorkload(root, { orgs: 5, monitors: 40, layout: 'shared', assetsFrom: FIXTURE_PROJECT });
    // A composite that references two catalog monitors, and an org that adopts existing resources.
    fs.writeFileSync(
      path.join(root, 'monitors', 'zz_composite.json'),
      JSON.stringify({
        name: '[Torq] two signals',
        type: 'composite',
        query: '${monitor.m00000} && !${monitor.m00001}',
        message: 'Both signals ${literal}.',
        tags: [],
        priority: 2,
        options: { notify_no_data: false, new_group_delay: 60, renotify_interval: 0, include_tags: true },
      }),
    );
    const org0 = path.join(root, 'orgs', 'org-00.json');
    fs.writeFileSync(
      org0,
      JSON.stringify({
        ...JSON.parse(fs.readFileSync(org0, 'utf8')),
        adopt: { monitors: { m00002: 12345 }, dashboards: { torq_overview: 'abc-def-ghi' }, webhooks: ['torq'] },
      }),
    );
    // A renamed catalog file, recorded in moved.json.
    fs.renameSync(path.join(root, 'monitors', 'm00003.json'), path.join(root, 'monitors', 'm00003_renamed.json'));
    fs.writeFileSync(path.join(root, 'moved.json'), JSON.stringify({ monitors: { m00003: 'm00003_renamed' } }));
    const fast = fastSynth(root);
    const slow = slowSynth(root);
    const result = compare(fast, slow);
    expect(result).toHaveLength(orgs.length + 1);
    expect(result).toEqual(result.map(([f]) => [f, true]));
    // The workload is what it says: 40 routed metric monitors per stack, and the variants it claims.
    const stacks = orgs.map((o) => JSON.parse(fs.readFileSync(path.join(fast, 'stacks', o, 'cdk.tf.json'), 'utf8')));
    for (const s of stacks) {
      const monitors = Object.values<{ type: string; message: string }>(s.resource.datadog_monitor);
      expect(monitors.filter((m) => m.type === 'query alert' && m.message.includes('@webhook-torq'))).toHaveLength(40);
      expect(monitors.filter((m) => m.type === 'composite')).toHaveLength(1);
    }
    expect(stacks.some((s) => s.resource.datadog_webhook_custom_variable)).toBe(true);
    expect(stacks[0].resource.datadog_monitor.monitor_zz_composite.query).toBe('${datadog_monitor.monitor_m00000.id} && !${datadog_monitor.monitor_m00001.id}');
    expect(stacks[0].import).toHaveLength(3);
    for (const st of stacks) expect(st.moved).toEqual([{ from: 'datadog_monitor.monitor_m00003', to: 'datadog_monitor.monitor_m00003_renamed' }]);
    expect(stacks.some((s) => !s.resource.datadog_api_key)).toBe(true);
  });

  test('2 orgs x 30 monitors, each org selecting its own catalog files', () => {
    const root = tempDir('torq-workload-');
    writeWorkload(root, { orgs: 2, monitors: 30, layout: 'per-org', assetsFrom: FIXTURE_PROJECT });
    const result = compare(fastSynth(root), slowSynth(root));
    expect(result).toHaveLength(3);
    expect(result).toEqual(result.map(([f]) => [f, true]));
  });

  /**
   * The fast path hands anything that is or may hold a token to cdktf's own resolver. A stack full
   * of token kinds (references, functions, lazy values, number, list and map tokens, variables,
   * locals, outputs, overrides, strings that look like encoded numbers, escaped interpolation)
   * must synthesize to the same bytes, so the constructs of tomorrow are covered, not only today's.
   */
  test('a stack with every kind of token', () => {
    const build = (outdir: string) => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'tokens');
      const threshold = new TerraformVariable(stack, 'threshold', { type: 'number', default: 90 });
      const teams = new TerraformVariable(stack, 'teams', { type: 'list(string)', default: ['a', 'b'] });
      const labels = new TerraformVariable(stack, 'labels', { type: 'map(string)', default: { env: 'prod' } });
      new DatadogProvider(stack, 'datadog', { apiUrl: 'https://api.datadoghq.eu/' });
      const hook = new Webhook(stack, 'hook', { name: 'torq', url: 'https://example.invalid/hook', payload: '{"a":"$ID"}' });
      const local = new TerraformLocal(stack, 'prefix', Fn.upper('torq'));
      const first = new Monitor(stack, 'first', {
        name: `${local.asString} cpu on {{host.name}} 1e5 x-e-1 $\${literal}`,
        type: 'query alert',
        query: `avg(last_5m):avg:system.cpu.user{*} > ${Token.asString(threshold.numberValue)}`,
        message: `to @webhook-${hook.name} ${Lazy.stringValue({ produce: () => 'lazily' })}`,
        tags: Fn.concat([teams.listValue, ['static:tag', '3e-2']]),
        monitorThresholds: { critical: Token.asString(threshold.numberValue), warning: '80' },
        renotifyInterval: threshold.numberValue,
        // A number token interpolated into a string: an encoded double, with no TfToken marker.
        escalationMessage: `still above ${threshold.numberValue} after 1e3 checks`,
        dependsOn: [hook],
      });
      first.addOverride('restricted_roles', [hook.id]);
      new Monitor(stack, 'second', {
        name: Fn.join('-', ['second', first.id]),
        type: 'composite',
        query: `${first.id} && ${first.id}`,
        message: Token.asString(Token.asAny(labels.value)),
        tags: Token.asList(Lazy.listValue({ produce: () => ['lazy:list'] })),
        priority: Token.asString(Lazy.numberValue({ produce: () => 2 })),
      });
      new TerraformOutput(stack, 'first_id', { value: first.id, sensitive: false });
      new TerraformOutput(stack, 'labels_out', { value: Token.asStringMap(labels.value) });
      return app;
    };
    const slow = path.join(tempDir('torq-slow-'), 'out');
    build(slow).synth();
    const fast = path.join(tempDir('torq-fast-'), 'out');
    withFastCdktf(() => build(fast).synth());
    const result = compare(fast, slow);
    expect(result).toEqual(result.map(([f]) => [f, true]));
    const text = fs.readFileSync(path.join(fast, 'stacks', 'tokens', 'cdk.tf.json'), 'utf8');
    // The tokens were resolved, not copied as placeholders.
    expect(text).not.toContain('TfToken');
    expect(text).toContain('${datadog_monitor.first.id}');
    expect(text).toContain('lazily');
  });
});

describe('withFastCdktf', () => {
  // The same module objects withFastCdktf patches (src/perf/fastCdktf.ts), to see its patch in place.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const tokens = require('cdktf/lib/_tokens') as { resolve: unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const traces = require('cdktf/lib/tokens/private/stack-trace') as { captureStackTrace: unknown };

  test('is in force only while its function runs, also when it throws', () => {
    const before = [tokens.resolve, traces.captureStackTrace];
    let inside: unknown[] = [];
    withFastCdktf(() => {
      inside = [tokens.resolve, traces.captureStackTrace];
    });
    expect(inside[0]).not.toBe(before[0]);
    expect(inside[1]).not.toBe(before[1]);
    expect([tokens.resolve, traces.captureStackTrace]).toEqual(before);
    expect(() =>
      withFastCdktf(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect([tokens.resolve, traces.captureStackTrace]).toEqual(before);
  });

  test('still reports a token that cannot be resolved', () => {
    const build = () => {
      const app = new App({ outdir: path.join(tempDir('torq-bad-'), 'out') });
      const stack = new TerraformStack(app, 'bad');
      new DatadogProvider(stack, 'datadog', {});
      new Webhook(stack, 'hook', {
        name: Lazy.stringValue({
          produce: () => {
            throw new Error('no name for this webhook');
          },
        }),
        url: 'https://example.invalid/hook',
        payload: '{}',
      });
      return app;
    };
    expect(() => build().synth()).toThrow('no name for this webhook');
    expect(() => withFastCdktf(() => build().synth())).toThrow('no name for this webhook');
  });
});
