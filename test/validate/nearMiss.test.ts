/**
 * The near-miss rule (issue 19, item 3), property-tested: a known value of an enum-checked field
 * with one random edit (insert, delete, substitute, transpose) is an error naming the file and the
 * field, with "did you mean"; a value far from every known one stays a warning; and every value
 * of the real corpus stays clean (0 errors on ../shared/corpus).
 *
 * Seeded like property.test.ts: FAST_CHECK_SEED=<seed> reruns a failure, FAST_CHECK_RUNS=<n> explores.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { Finding } from '../../src/config/findings';
import { DEPLOYED_OPTIONS, parseMonitor } from '../../src/config/monitor';
import { unsupportedOptionFindings } from '../../src/config/monitorOptions';
import { NOTIFICATION_PRESETS, RENOTIFY_STATUSES } from '../../src/datadog/providerFacts';
import { nearMiss, typoBudget, typoDistance } from '../../src/config/suggest';
import { MESSAGE_CONDITIONALS, SPACE_AGGREGATIONS, validateDashboard, validateMessage, validateMonitor } from '../../src/validate';
import { apiType, discriminatorValues } from '../../src/validate/apiModels';
import { ANOMALY_ALGORITHMS } from '../../src/validate/query';
import { ROLLUP_METHODS } from '../../src/validate/queryFamilies';
import { corpusDescribe } from '../helpers/corpus';

const SEED = Number(process.env.FAST_CHECK_SEED ?? 20261202);
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 100);
const params = { seed: SEED, numRuns: RUNS };

const enumValues = (name: string): string[] => {
  const spec = apiType(name);
  if (spec.kind !== 'enum') throw new Error(`${name} is not an enum of the API client`);
  return spec.values.map(String);
};
const WIDGET_TYPES = discriminatorValues(apiType('WidgetDefinition'))!.map(String);

/** An enum-checked field: its known values, and the findings for a document with `value` in it, at `at`. */
interface Field {
  readonly name: string;
  readonly known: readonly string[];
  /** Values that are valid without being in `known` (patterns the rule accepts). */
  readonly alsoValid?: (v: string) => boolean;
  readonly at: string;
  readonly findings: (value: string) => Finding[];
}

const dashboard = (widget: Record<string, unknown>) => ({ title: 't', layout_type: 'ordered', widgets: [{ definition: widget }] });
const qv = (extra: Record<string, unknown>, format: Record<string, unknown> = { comparator: '>', value: 0, palette: 'white_on_red' }) =>
  dashboard({ type: 'query_value', requests: [{ q: 'avg:torq.runs{*}', conditional_formats: [format], ...extra }] });
const monitor = (query: string, message = 'm') => {
  const { monitor: m } = parseMonitor({ name: 'n', type: query.startsWith('logs(') ? 'log alert' : 'metric alert', query, message, options: {} }, 'm.json');
  return validateMonitor(m!);
};

const monitorWith = (options: Record<string, unknown>) => {
  const { monitor: m, findings } = parseMonitor(
    { name: 'n', type: 'metric alert', query: 'avg(last_5m):avg:torq.runs{*} > 1', message: 'm', options },
    'm.json',
  );
  return [...findings, ...(m ? validateMonitor(m) : [])];
};
/** An option key: the finding is at the key itself ($.options.<key>), matched by its start. */
const optionKey = (key: string): Finding[] => {
  const { monitor: m } = parseMonitor(
    { name: 'n', type: 'metric alert', query: 'avg(last_5m):avg:torq.runs{*} > 1', message: 'm', options: { [key]: true } },
    'm.json',
  );
  return m ? unsupportedOptionFindings(m).map((f) => ({ ...f, path: f.path.startsWith('$.options') ? '$.options' : f.path })) : [];
};

const FIELDS: readonly Field[] = [
  {
    name: 'widget type',
    known: WIDGET_TYPES,
    alsoValid: (v) => v === 'custom',
    at: '$.widgets[0].definition.type',
    findings: (v) => validateDashboard(dashboard({ type: v }), 'd.json'),
  },
  {
    name: 'display_type',
    known: enumValues('WidgetDisplayType'),
    at: '$.widgets[0].definition.requests[0].display_type',
    findings: (v) => validateDashboard(dashboard({ type: 'timeseries', requests: [{ q: 'avg:torq.runs{*}', display_type: v }] }), 'd.json'),
  },
  {
    name: 'aggregator',
    known: enumValues('WidgetAggregator'),
    at: '$.widgets[0].definition.requests[0].aggregator',
    findings: (v) => validateDashboard(qv({ aggregator: v }), 'd.json'),
  },
  {
    name: 'palette',
    known: enumValues('WidgetPalette'),
    at: '$.widgets[0].definition.requests[0].conditional_formats[0].palette',
    findings: (v) => validateDashboard(qv({}, { comparator: '>', value: 0, palette: v }), 'd.json'),
  },
  {
    name: 'conditional format comparator',
    known: enumValues('WidgetComparator'),
    at: '$.widgets[0].definition.requests[0].conditional_formats[0].comparator',
    findings: (v) => validateDashboard(qv({}, { comparator: v, value: 0, palette: 'white_on_red' }), 'd.json'),
  },
  {
    name: 'live_span',
    known: enumValues('WidgetLiveSpan'),
    at: '$.widgets[0].definition.time.live_span',
    findings: (v) => validateDashboard(dashboard({ type: 'timeseries', requests: [{ q: 'avg:torq.runs{*}' }], time: { live_span: v } }), 'd.json'),
  },
  {
    name: 'text_align',
    known: enumValues('WidgetTextAlign'),
    at: '$.widgets[0].definition.text_align',
    findings: (v) => validateDashboard(dashboard({ type: 'note', content: 'n', text_align: v }), 'd.json'),
  },
  {
    name: 'space aggregation',
    known: SPACE_AGGREGATIONS,
    alsoValid: (v) => /^p\d+(\.\d+)?$/.test(v),
    at: '$.query',
    findings: (v) => monitor(`avg(last_5m):${v}:torq.runs{*} > 1`),
  },
  {
    name: 'roll-up method',
    known: ROLLUP_METHODS,
    alsoValid: (v) => /^pc\d+(\.\d+)?$/.test(v),
    at: '$.query',
    findings: (v) => monitor(`logs("service:torq").index("*").rollup("${v}", "@duration").last("5m") > 1`),
  },
  { name: 'option key', known: DEPLOYED_OPTIONS, at: '$.options', findings: (v) => optionKey(v) },
  {
    name: 'notification_preset_name',
    known: NOTIFICATION_PRESETS,
    at: '$.options.notification_preset_name',
    findings: (v) => monitorWith({ notification_preset_name: v }),
  },
  {
    name: 'renotify status',
    known: RENOTIFY_STATUSES,
    at: '$.options.renotify_statuses[0]',
    findings: (v) => monitorWith({ renotify_statuses: [v], renotify_interval: 60 }),
  },
  { name: 'anomaly algorithm', known: ANOMALY_ALGORITHMS, at: '$.query', findings: (v) => monitor(`avg(last_4h):anomalies(avg:torq.runs{*}, '${v}', 2) >= 1`) },
  {
    name: 'message conditional',
    known: MESSAGE_CONDITIONALS.filter((c) => c !== 'is_match' && c !== 'is_exact_match' && c !== 'is_priority'),
    at: '$.message',
    findings: (v) => validateMessage(`{{#${v}}}x{{/${v}}}`, '$.message', 'm.json'),
  },
];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_';

/** One edit of `word`: insert, delete, substitute or swap two neighbours. */
function edit(word: string, op: number, at: number, ch: string): string {
  const i = at % (word.length + 1);
  switch (op) {
    case 0:
      return word.slice(0, i) + ch + word.slice(i);
    case 1:
      return word.length === 0 ? word : word.slice(0, Math.min(i, word.length - 1)) + word.slice(Math.min(i, word.length - 1) + 1);
    case 2:
      return word.length === 0 ? ch : word.slice(0, Math.min(i, word.length - 1)) + ch + word.slice(Math.min(i, word.length - 1) + 1);
    default: {
      const j = Math.min(i, word.length - 2);
      return j < 0 ? word : word.slice(0, j) + word[j + 1] + word[j] + word.slice(j + 2);
    }
  }
}

describe('near misses of known values are errors, with "did you mean"', () => {
  test.each(FIELDS.map((f) => [f.name, f] as const))('%s: a known value with one edit is an error at its field', (_name, field) => {
    const typo = fc
      .record({ known: fc.constantFrom(...field.known), op: fc.integer({ min: 0, max: 3 }), at: fc.nat(40), ch: fc.constantFrom(...LETTERS.split('')) })
      .map(({ known, op, at, ch }) => ({ known, value: edit(known, op, at, ch) }))
      .filter(({ value }) => value !== '' && !field.known.includes(value) && !(field.alsoValid?.(value) ?? false));
    fc.assert(
      fc.property(typo, ({ value }) => {
        const found = field.findings(value);
        const hit = found.find((f) => f.path === field.at && f.severity === 'error' && f.message.includes('did you mean') && f.message.includes(value));
        if (!hit)
          throw new Error(`${field.name} ${JSON.stringify(value)}: expected an error at ${field.at} with "did you mean"; found ${JSON.stringify(found)}`);
      }),
      params,
    );
  });

  test.each([
    ['widget type', 'querry_value', 'query_value'],
    ['display_type', 'lines', 'line'],
    ['aggregator', 'agv', 'avg'],
  ])('the named cases: %s %j is an error (did you mean %j)', (name, value, fix) => {
    const field = FIELDS.find((f) => f.name === name)!;
    expect(field.findings(value)).toContainEqual(
      expect.objectContaining({ file: 'd.json', path: field.at, severity: 'error', message: expect.stringContaining(`(did you mean "${fix}"?)`) }),
    );
  });

  test('the issue\'s case: options.notify_no_dta is an error (did you mean "notify_no_data"), not a warning; avalanche_window stays a warning', () => {
    expect(optionKey('notify_no_dta')).toEqual([
      expect.objectContaining({
        file: 'm.json',
        severity: 'error',
        message: expect.stringMatching(
          /^unknown option "notify_no_dta" \(did you mean "notify_no_data"\?\); as written it is not deployed, so notify_no_data keeps its default/,
        ),
      }),
    ]);
    expect(optionKey('avalanche_window')).toEqual([expect.objectContaining({ severity: 'warning' })]);
    expect(optionKey('silenced')).toEqual([]); // a UI leftover the loader drops
  });

  test('a comparator "=>" at the end of a monitor query is an error (did you mean ">=")', () => {
    expect(monitor('avg(last_5m):avg:torq.runs{*} => 1')).toContainEqual(
      expect.objectContaining({ path: '$.query', severity: 'error', message: expect.stringContaining('(did you mean ">="?)') }),
    );
  });

  test('values far from every known one stay warnings: palette purple_on_white, widget type flame_graph', () => {
    const palette = FIELDS.find((f) => f.name === 'palette')!;
    const widget = FIELDS.find((f) => f.name === 'widget type')!;
    for (const [field, value] of [
      [palette, 'purple_on_white'],
      [widget, 'flame_graph'],
    ] as const) {
      const found = field.findings(value);
      expect(found.filter((f) => f.severity === 'error')).toEqual([]);
      expect(found).toContainEqual(expect.objectContaining({ path: field.at, severity: 'warning' }));
    }
  });

  test('the budget: 1 edit up to 4 characters, 2 beyond; a transposition is one edit', () => {
    expect(typoDistance('agv', 'avg')).toBe(1);
    expect(typoBudget('avg')).toBe(1);
    expect(typoBudget('query_value')).toBe(2);
    expect(nearMiss('mx', ['max', 'min'])).toBe('max');
    expect(nearMiss('mn', ['max'])).toBeUndefined(); // 2 edits of a 3-letter value: too far
    expect(nearMiss('quer_valu', ['query_value'])).toBe('query_value');
    expect(nearMiss('avg', ['avg'])).toBeUndefined(); // a known value is no miss
    expect(nearMiss('=>', ['=', '>', '>=', '<', '<='])).toBe('>='); // a swap beats a stray character
  });
});

const corpusRoot = path.resolve(__dirname, '../../../shared/corpus');

corpusDescribe('every value of the corpus stays clean under the near-miss rule', corpusRoot, () => {
  const jsonFiles = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? jsonFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
  test('no dashboard or monitor of ../shared/corpus gets an error', () => {
    const files = fs.existsSync(corpusRoot) ? jsonFiles(corpusRoot).filter((f) => /[\\/]assets[\\/](dashboards|monitors)[\\/]/.test(f)) : [];
    expect(files.length).toBeGreaterThan(250);
    const errors: string[] = [];
    for (const f of files) {
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(f, 'utf8'));
      } catch {
        continue; // unreadable JSON is the JSON reader's business, not this rule's
      }
      const rel = path.relative(corpusRoot, f);
      const found = /[\\/]dashboards[\\/]/.test(f)
        ? validateDashboard(raw, rel)
        : (() => {
            const { monitor: m, findings } = parseMonitor(raw, rel);
            return [...findings, ...(m ? validateMonitor(m) : [])];
          })();
      for (const x of found) if (x.severity === 'error') errors.push(`${x.file}: ${x.path}: ${x.message}`);
    }
    expect(errors).toEqual([]);
  });
});
