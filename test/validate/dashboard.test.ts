import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../../src/config/findings';
import { DASHBOARD_SERVER_FIELDS, stripDashboardServerFields, validateDashboard } from '../../src/validate';
import { apiType, discriminatorValues } from '../../src/validate/apiModels';
import { formulaReferences, formulaSyntaxError } from '../../src/validate/formula';

const fixtures = path.resolve(__dirname, '../fixtures/validate');
function run(rel: string): Finding[] {
  const raw = JSON.parse(fs.readFileSync(path.join(fixtures, rel), 'utf8'));
  return validateDashboard(raw, rel);
}
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

const BAD: [string, string, RegExp][] = [
  [
    'bad/dashboards/missing-required-field.json',
    '$.widgets[0].definition.requests',
    /required field "requests" is missing .*expected a list \(QueryValueWidgetDefinition\)/,
  ],
  ['bad/dashboards/free-layout-without-layout.json', '$.widgets[1].layout', /widget 1 has no layout \(found nothing\); expected \{x, y, width, height\}/],
  ['bad/dashboards/bad-layout-type.json', '$.layout_type', /unknown value "grid": expected one of "ordered", "free"/],
  ['bad/dashboards/missing-title.json', '$.title', /required field "title" is missing .*expected a string/],
  [
    'bad/dashboards/group-nested-bad-widget.json',
    '$.widgets[0].definition.widgets[1].definition.url',
    /required field "url" is missing .*expected a string \(ImageWidgetDefinition\)/,
  ],
  ['bad/dashboards/wrong-json-type.json', '$.widgets', /expected a list, found \{"definition"/],
  ['bad/dashboards/widget-field-typo.json', '$.widgets[0].definition.requests', /required field "requests" is missing/],
  [
    'bad/dashboards/widget-unknown-field-missing-required.json',
    '$.widgets[0].definition.requests',
    /required field "requests" is missing \(found nothing\); expected a list \(QueryValueWidgetDefinition\)$/,
  ],
  // Template variables
  // Formulas
  [
    'bad/dashboards/formula-undefined-query.json',
    '$.widgets[0].definition.requests[0].formulas[0].formula',
    /formula "failed \/ totl \* 100" names query "totl", which this request does not define \(did you mean "total"\?\); expected one of "failed", "total"/,
  ],
  [
    'bad/dashboards/formula-syntax-error.json',
    '$.widgets[0].definition.requests[0].formulas[0].formula',
    /formula "\(query1 \/ query2 \* 100" has a syntax error: 1 "\(" is not closed \(unbalanced parentheses\)/,
  ],
  // Widget queries
  [
    'bad/dashboards/query-unbalanced-brace.json',
    '$.widgets[0].definition.requests[0].q',
    /metric query "top\(sum:torq\.workflow\.runs\{env:prod by \{workflow\}.*" has unbalanced brackets: "\)" at character 80 closes nothing; expected every "\{" and "\(" closed/,
  ],
  [
    'bad/dashboards/metric-query-log-syntax.json',
    '$.widgets[0].definition.requests[0].queries[0].query',
    /metric query "source:torq status:error" is in log\/event search syntax; expected a metric query such as "avg:torq\.runs\{env:prod\} by \{workflow\}"/,
  ],
  // Layouts
  ['bad/dashboards/layout-negative.json', '$.widgets[1].layout.width', /layout width -6 is negative; expected an integer >= 0/],
  [
    'bad/dashboards/reflow-type-on-free.json',
    '$.reflow_type',
    /reflow_type "fixed" on a dashboard with layout_type "free"; expected no reflow_type \(it applies only to "ordered" dashboards\)/,
  ],
  [
    'bad/dashboards/fixed-reflow-without-layout.json',
    '$.widgets[1].layout',
    /widget has no layout \(found nothing\); expected \{x, y, width, height\}: the dashboard's reflow_type "fixed" places every widget by its layout/,
  ],
  // Enums and values of this package's own rules
  [
    'bad/dashboards/yaxis-scale-invalid.json',
    '$.widgets[0].definition.yaxis.scale',
    /unknown axis scale "logarithmic"; expected "linear", "log", "sqrt" or "pow" with an optional exponent/,
  ],
  ['bad/dashboards/event-size-invalid.json', '$.widgets[0].definition.event_size', /unknown value "large": expected one of "s", "l" \(an event size/],
  [
    'bad/dashboards/live-span-invalid.json',
    '$.widgets[0].definition.time.live_span',
    /unknown value "2w" \(did you mean "2d"\?\): expected one of "1m", .*"1w".*\(a widget live span/,
  ],
  // Near misses of a known value are typos: errors, with "did you mean" (suggest.ts nearMiss)
  [
    'bad/dashboards/unknown-widget-type.json',
    '$.widgets[1].definition.type',
    /unknown widget type "timeseriez" \(did you mean "timeseries"\?\); expected one of the 41 widget types of WidgetDefinition \(@datadog\/datadog-api-client 1\.64\.0\)/,
  ],
  [
    'bad/dashboards/enum-typo.json',
    '$.widgets[0].definition.text_align',
    /unknown value "centre" \(did you mean "center"\?\): expected one of "center", "left", "right" \(WidgetTextAlign of @datadog\/datadog-api-client 1\.64\.0; a near miss of a known value is a typo\)/,
  ],
  [
    'bad/dashboards/formula-limit-order-invalid.json',
    '$.widgets[0].definition.requests[0].formulas[0].limit.order',
    /unknown value "descending": expected one of "asc", "desc" \(a sort order/,
  ],
];

/**
 * What Datadog accepts, though it may be a mistake: warnings, never errors (src/validate/README.md).
 * A template variable Datadog queries as literal text; a fractional layout the API spec calls an
 * integer, which Datadog stores.
 */
const WARNED: [string, string, RegExp][] = [
  [
    'bad/dashboards/template-variable-undefined.json',
    '$.widgets[0].definition.requests[0].queries[0].query',
    /^template variable \$envv is used but not defined \(did you mean "env"\?\) \(defined: \$env\); expected a name from \$\.template_variables/,
  ],
  ['bad/dashboards/layout-fractional.json', '$.widgets[1].layout.height', /^layout height 7\.5 is not a whole number; expected an integer >= 0/],
  // The editor refuses a second variable of the same name; no source says the API does.
  [
    'bad/dashboards/template-variable-duplicate.json',
    '$.template_variables[2].name',
    /^template variable "env" is already defined at \$\.template_variables\[0\]; expected each name once/,
  ],
  // GroupWidgetDefinition.layout_type is the group's own layout; live orgs hold groups on free dashboards.
  [
    'bad/dashboards/group-in-free-layout.json',
    '$.widgets[1].definition.type',
    /^a group widget on a dashboard with layout_type "free"; Datadog stores it, but groups are made for "ordered" dashboards/,
  ],
];

describe('validateDashboard: mistakes are reported at their JSONPath, with the value and the expectation', () => {
  test('every bad dashboard fixture has an expectation', () => {
    expect([...BAD.map(([f]) => f), ...WARNED.map(([f]) => f), 'bad/dashboards/server-fields.json'].sort()).toEqual(
      fs
        .readdirSync(path.join(fixtures, 'bad/dashboards'))
        .map((f) => `bad/dashboards/${f}`)
        .sort(),
    );
  });

  test.each(BAD)('%s -> %s', (file, at, message) => {
    const found = errors(run(file));
    expect(found.map((f) => `${f.path}: ${f.message}`)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${at.replace(/[.$[\]]/g, '\\$&')}: ${message.source}`))]),
    );
  });

  test.each(WARNED)('%s -> a warning at %s, and no error', (file, at, message) => {
    const found = run(file);
    expect(errors(found)).toEqual([]);
    expect(found).toContainEqual(expect.objectContaining({ path: at, severity: 'warning', message: expect.stringMatching(message) }));
  });

  test('each bad fixture has exactly the one error it is about (no follow-on errors)', () => {
    for (const [file, at] of BAD) {
      if (['bad/dashboards/wrong-json-type.json', 'bad/dashboards/widget-field-typo.json'].includes(file)) continue;
      expect([file, errors(run(file)).map((f) => f.path)]).toEqual([file, [at]]);
    }
  });

  test('a misspelled field is pointed out with a did-you-mean', () => {
    const found = run('bad/dashboards/widget-field-typo.json');
    expect(found).toContainEqual(
      expect.objectContaining({
        path: '$.widgets[0].definition.requets',
        severity: 'warning',
        message: expect.stringMatching(/unknown field "requets" \(did you mean "requests"\?\)/),
      }),
    );
  });

  test('server-owned fields and widget ids are warnings, not errors', () => {
    const found = run('bad/dashboards/server-fields.json');
    expect(errors(found)).toEqual([]);
    expect(found.map((f) => f.path).sort()).toEqual(['$.author_handle', '$.id', '$.is_read_only', '$.widgets[0].id']);
    expect(found.find((f) => f.path === '$.widgets[0].id')!.message).toMatch(/widget id 123456789 is assigned by Datadog.*1 in this file/);
  });
});

describe('validateDashboard: real-looking exports pass', () => {
  const goods = fs
    .readdirSync(path.join(fixtures, 'good/dashboards'))
    .map((f) => `good/dashboards/${f}`)
    .sort();
  test('the good fixtures are found', () => {
    expect(goods.length).toBeGreaterThanOrEqual(5);
  });
  test.each(goods)('%s has no error', (file) => {
    expect(errors(run(file)).map((f) => `${f.path}: ${f.message}`)).toEqual([]);
  });

  test('a Datadog Apps custom widget is accepted with a warning', () => {
    const found = run('good/dashboards/ordered-groups-newer-fields.json');
    expect(found).toContainEqual(
      expect.objectContaining({ path: '$.widgets[1].definition.type', severity: 'warning', message: expect.stringContaining('"custom"') }),
    );
  });

  describe('a product dashboard newer than the client: warnings that name the model and client version, never errors', () => {
    const found = run('good/dashboards/product-newer-than-client.json');
    const group = '$.widgets[0].definition.widgets';
    test('a widget type newer than the client (flame_graph)', () => {
      expect(found).toContainEqual({
        file: 'good/dashboards/product-newer-than-client.json',
        path: `${group}[2].definition.type`,
        severity: 'warning',
        message: expect.stringMatching(
          /^widget type "flame_graph" is not in WidgetDefinition of @datadog\/datadog-api-client 1\.64\.0 \(41 widget types\); Datadog may have added it since/,
        ),
      });
    });
    test('a palette newer than the client (purple_on_white), far from every known palette: no "did you mean"', () => {
      const at = `${group}[0].definition.requests[0].formulas[0].conditional_formats[2].palette`;
      expect(found).toContainEqual(
        expect.objectContaining({
          path: at,
          severity: 'warning',
          message: expect.stringMatching(
            /^value "purple_on_white" is not in WidgetPalette of @datadog\/datadog-api-client 1\.64\.0, which knows .*"white_on_red"/,
          ),
        }),
      );
    });
    test('an empty conditional format {} is read as nothing: no finding at all', () => {
      expect(found.filter((f) => f.path.includes('conditional_formats[0]'))).toEqual([]);
    });
    test('nothing else is reported', () => {
      expect(found).toHaveLength(2);
    });
  });

  test('a conditional format missing comparator and value is a warning: the client requires them, Datadog does not', () => {
    const found = validateDashboard(
      {
        title: 't',
        layout_type: 'ordered',
        widgets: [
          {
            definition: {
              type: 'query_value',
              requests: [
                {
                  queries: [{ data_source: 'metrics', name: 'q1', query: 'sum:torq.runs{*}' }],
                  formulas: [{ formula: 'q1', conditional_formats: [{ type: 'range', palette: 'green' }] }],
                },
              ],
            },
          },
        ],
      },
      'd.json',
    );
    expect(errors(found)).toEqual([]);
    expect(found.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        '$.widgets[0].definition.requests[0].formulas[0].conditional_formats[0].comparator',
        '$.widgets[0].definition.requests[0].formulas[0].conditional_formats[0].value',
      ]),
    );
    expect(found[0].message).toMatch(/required by @datadog\/datadog-api-client 1\.64\.0, not by Datadog/);
  });
});

describe('validateDashboard: where Datadog itself is lenient, a warning', () => {
  const note = (layout: unknown) => ({ layout, definition: { type: 'note', content: 'n' } });
  test('a negative x on a free layout (Datadog ships one) is a warning; on a fixed ordered layout an error', () => {
    const free = validateDashboard({ title: 't', layout_type: 'free', widgets: [note({ x: -1, y: 0, width: 4, height: 4 })] }, 'd.json');
    expect(free).toEqual([
      expect.objectContaining({
        path: '$.widgets[0].layout.x',
        severity: 'warning',
        message: expect.stringMatching(/^layout x -1 is negative; expected an integer >= 0/),
      }),
    ]);
    const ordered = validateDashboard(
      { title: 't', layout_type: 'ordered', reflow_type: 'fixed', widgets: [note({ x: -1, y: 0, width: 4, height: 4 })] },
      'd.json',
    );
    expect(ordered).toEqual([expect.objectContaining({ path: '$.widgets[0].layout.x', severity: 'error' })]);
  });
  test('a layout on an auto-reflow dashboard is a warning (the API spec says it should not be set)', () => {
    const found = validateDashboard(
      { title: 't', layout_type: 'ordered', reflow_type: 'auto', widgets: [note({ x: 0, y: 0, width: 4, height: 4 })] },
      'd.json',
    );
    expect(found).toEqual([
      expect.objectContaining({ path: '$.widgets[0].layout', severity: 'warning', message: expect.stringContaining('reflow_type "auto"') }),
    ]);
  });
  const withQuery = (query: string, vars: string[]) => ({
    title: 't',
    layout_type: 'ordered',
    template_variables: vars.map((name) => ({ name, prefix: name })),
    widgets: [{ definition: { type: 'timeseries', requests: [{ q: query }] } }],
  });
  test('an undefined template variable is a warning, whether or not the dashboard defines any (Datadog queries the literal text)', () => {
    const other = validateDashboard(withQuery('avg:system.io.util{$device,$cluster} by {device}', ['cluster']), 'd.json');
    expect(other).toEqual([
      expect.objectContaining({
        path: '$.widgets[0].definition.requests[0].q',
        severity: 'warning',
        message: expect.stringMatching(/^template variable \$device is used but not defined \(defined: \$cluster\)/),
      }),
    ]);
    const none = validateDashboard(withQuery('avg:torq.runs{$env}', []), 'd.json');
    expect(none).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(/^template variable \$env is used but not defined \(the dashboard defines no template_variables\)/),
      }),
    ]);
  });
  test('layout coordinates within 1e-6 of a whole number are whole (float noise of real exports): no finding', () => {
    const note = (layout: unknown) => ({ layout, definition: { type: 'note', content: 'n' } });
    const found = validateDashboard(
      { title: 't', layout_type: 'ordered', reflow_type: 'fixed', widgets: [note({ x: -3.552713678800501e-15, y: 2.03e-7, width: 4.0000001, height: 2 })] },
      'd.json',
    );
    expect(found).toEqual([]);
    const off = validateDashboard(
      { title: 't', layout_type: 'ordered', reflow_type: 'fixed', widgets: [note({ x: 0, y: 2.01e-6, width: 4, height: 2 })] },
      'd.json',
    );
    expect(off).toEqual([expect.objectContaining({ path: '$.widgets[0].layout.y', severity: 'warning' })]);
  });
  test('a group widget without a layout on a fixed-reflow ordered dashboard passes (Datadog exports them); another widget without one is an error', () => {
    const group = {
      definition: {
        type: 'group',
        layout_type: 'ordered',
        widgets: [{ layout: { x: 0, y: 0, width: 4, height: 2 }, definition: { type: 'note', content: 'n' } }],
      },
    };
    expect(validateDashboard({ title: 't', layout_type: 'ordered', reflow_type: 'fixed', widgets: [group] }, 'd.json')).toEqual([]);
    const bare = validateDashboard(
      { title: 't', layout_type: 'ordered', reflow_type: 'fixed', widgets: [group, { definition: { type: 'note', content: 'n' } }] },
      'd.json',
    );
    expect(bare).toEqual([expect.objectContaining({ path: '$.widgets[1].layout', severity: 'error' })]);
  });
  test('$name.value, $name.key, dotted names and Terraform-looking ${...} are not undefined variables', () => {
    expect(validateDashboard(withQuery('avg:torq.runs{env:$env.value,$usr.id,team:${team}}', ['env', 'usr.id']), 'd.json')).toEqual([]);
  });
});

describe('formulas', () => {
  test.each([
    'query1',
    'default_zero(query1) / query2 * 100',
    "top(query1, 10, 'mean', 'desc')",
    "percentile(query1, 'p95', { * })",
    '-1 * (query1 - week_before(query1))',
    'exclude_null(clamp_min(derivative(query1) / derivative(query2), 0))',
    '1.5e3 * query1',
  ])('%s is well formed', (formula) => {
    expect(formulaSyntaxError(formula)).toBeUndefined();
  });
  test.each([
    ['', /empty/],
    ['query1 query2', /query2 follows an operand without an operator/],
    ['query1 +', /ends with an operator/],
    ['* query1', /operator "\*" has no left operand/],
    ['query1 / (query2', /1 "\(" is not closed/],
    ['query1)', /"\)" closes nothing/],
    ["top(query1, 10, 'mean)", /string starting at character 17 is not closed/],
    ['query1 ; query2', /unexpected ";" at character 8/],
    ['f(query1,)', /an operand is missing before a "\)"/],
    ['query1 * ()', /an operand is missing before a "\)"/],
  ])('%j is refused', (formula, reason) => {
    expect(formulaSyntaxError(formula)).toMatch(reason);
  });
  test('query names exclude function names', () => {
    expect(formulaReferences("top(default_zero(a) + b, 10, 'mean', 'desc')")).toEqual(['a', 'b']);
  });
});

describe('stripDashboardServerFields', () => {
  test('removes server-owned fields and widget ids, also in groups, and leaves the input alone', () => {
    const raw = {
      id: 'x',
      title: 't',
      url: '/d/x',
      author_name: 'me',
      created_at: 'now',
      modified_at: 'now',
      author_handle: 'h',
      is_read_only: false,
      layout_type: 'ordered',
      widgets: [{ id: 1, definition: { type: 'group', layout_type: 'ordered', widgets: [{ id: 2, definition: { type: 'note', content: 'n' } }] } }],
    };
    const before = JSON.stringify(raw);
    const out = stripDashboardServerFields(raw) as Record<string, unknown>;
    expect(JSON.stringify(raw)).toBe(before);
    for (const k of DASHBOARD_SERVER_FIELDS) expect(out).not.toHaveProperty(k);
    expect(out).toEqual({
      title: 't',
      layout_type: 'ordered',
      widgets: [{ definition: { type: 'group', layout_type: 'ordered', widgets: [{ definition: { type: 'note', content: 'n' } }] } }],
    });
  });
});

describe('the API models are read from @datadog/datadog-api-client, not copied', () => {
  test('widget definitions are a oneOf of the client, with a type enum each', () => {
    const spec = apiType('WidgetDefinition');
    expect(spec.kind).toBe('oneOf');
    if (spec.kind !== 'oneOf') return;
    expect(spec.members).toEqual(expect.arrayContaining(['NoteWidgetDefinition', 'EventStreamWidgetDefinition', 'GroupWidgetDefinition']));
    expect(spec.members.length).toBeGreaterThanOrEqual(40);
    expect(discriminatorValues(apiType('EventTimelineWidgetDefinition'))).toEqual(['event_timeline']);
  });
  test('models, enums and unknown names are told apart', () => {
    expect(apiType('Dashboard')).toMatchObject({ kind: 'model', open: true });
    expect(apiType('DashboardLayoutType')).toEqual({ kind: 'enum', name: 'DashboardLayoutType', values: ['ordered', 'free'] });
    expect(apiType('NoSuchModel').kind).toBe('unknown');
    expect(apiType('../../index').kind).toBe('unknown');
  });
});

describe('the dashboard rules never throw, whatever the file holds', () => {
  test('any text as a formula or query', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'q1 ()+-*/,\'"{}$.abc_0'.split('')), maxLength: 30 }), (s) => {
        const syntax = formulaSyntaxError(s);
        expect(syntax === undefined || typeof syntax === 'string').toBe(true);
        formulaReferences(s);
      }),
    );
  });
  test('any JSON where a dashboard has template variables, layouts, requests, queries and formulas', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), fc.constantFrom('free', 'ordered', 7), (vars, layout, requests, layoutType) => {
        const raw = {
          title: 't',
          layout_type: layoutType,
          reflow_type: 'fixed',
          template_variables: vars,
          widgets: [
            { layout, definition: { type: 'timeseries', yaxis: layout, requests } },
            {
              definition: {
                type: 'group',
                widgets: [{ layout: vars, definition: { type: 'query_value', requests: [{ queries: requests, formulas: vars }] } }],
              },
            },
          ],
        };
        expect(Array.isArray(validateDashboard(raw, 'f'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
