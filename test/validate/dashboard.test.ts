import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../../src/config/findings';
import { DASHBOARD_SERVER_FIELDS, stripDashboardServerFields, validateDashboard } from '../../src/validate';
import { apiType, discriminatorValues } from '../../src/validate/apiModels';

const fixtures = path.resolve(__dirname, '../fixtures/validate');
function run(rel: string): Finding[] {
  const raw = JSON.parse(fs.readFileSync(path.join(fixtures, rel), 'utf8'));
  return validateDashboard(raw, rel);
}
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

const BAD: [string, string, RegExp][] = [
  ['bad/dashboards/unknown-widget-type.json', '$.widgets[1].definition.type', /unknown widget type "timeseriez" \(did you mean "timeseries"\?\): expected one of .*\btimeseries\b/],
  ['bad/dashboards/missing-required-field.json', '$.widgets[0].definition.requests', /required field "requests" is missing .*expected a list \(QueryValueWidgetDefinition\)/],
  ['bad/dashboards/free-layout-without-layout.json', '$.widgets[1].layout', /widget 1 has no layout \(found nothing\); expected \{x, y, width, height\}/],
  ['bad/dashboards/bad-layout-type.json', '$.layout_type', /unknown value "grid": expected one of "ordered", "free"/],
  ['bad/dashboards/missing-title.json', '$.title', /required field "title" is missing .*expected a string/],
  ['bad/dashboards/group-nested-bad-widget.json', '$.widgets[0].definition.widgets[1].definition.url', /required field "url" is missing .*expected a string \(ImageWidgetDefinition\)/],
  ['bad/dashboards/enum-typo.json', '$.widgets[0].definition.text_align', /unknown value "centre" \(did you mean "center"\?\)/],
  ['bad/dashboards/wrong-json-type.json', '$.widgets', /expected a list, found \{"definition"/],
  ['bad/dashboards/widget-field-typo.json', '$.widgets[0].definition.requests', /required field "requests" is missing/],
  ['bad/dashboards/widget-unknown-field-missing-required.json', '$.widgets[0].definition.requests', /required field "requests" is missing \(found nothing\); expected a list \(QueryValueWidgetDefinition\)$/],
];

describe('validateDashboard: mistakes are reported at their JSONPath, with the value and the expectation', () => {
  test('every bad dashboard fixture has an expectation', () => {
    expect([...BAD.map(([f]) => f), 'bad/dashboards/server-fields.json'].sort()).toEqual(
      fs.readdirSync(path.join(fixtures, 'bad/dashboards')).map((f) => `bad/dashboards/${f}`).sort(),
    );
  });

  test.each(BAD)('%s -> %s', (file, at, message) => {
    const found = errors(run(file));
    expect(found.map((f) => `${f.path}: ${f.message}`)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${at.replace(/[.$[\]]/g, '\\$&')}: ${message.source}`))]));
  });

  test('a misspelled field is pointed out with a did-you-mean', () => {
    const found = run('bad/dashboards/widget-field-typo.json');
    expect(found).toContainEqual(
      expect.objectContaining({ path: '$.widgets[0].definition.requets', severity: 'warning', message: expect.stringMatching(/unknown field "requets" \(did you mean "requests"\?\)/) }),
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
  test.each(['good/dashboards/free-layout-export.json', 'good/dashboards/ordered-groups-newer-fields.json'])('%s has no error', (file) => {
    expect(errors(run(file))).toEqual([]);
  });

  test('a Datadog Apps custom widget is accepted with a warning', () => {
    const found = run('good/dashboards/ordered-groups-newer-fields.json');
    expect(found).toContainEqual(expect.objectContaining({ path: '$.widgets[1].definition.type', severity: 'warning', message: expect.stringContaining('"custom"') }));
  });
});

describe('stripDashboardServerFields', () => {
  test('removes server-owned fields and widget ids, also in groups, and leaves the input alone', () => {
    const raw = {
      id: 'x', title: 't', url: '/d/x', author_name: 'me', created_at: 'now', modified_at: 'now', author_handle: 'h', is_read_only: false,
      layout_type: 'ordered',
      widgets: [{ id: 1, definition: { type: 'group', layout_type: 'ordered', widgets: [{ id: 2, definition: { type: 'note', content: 'n' } }] } }],
    };
    const before = JSON.stringify(raw);
    const out = stripDashboardServerFields(raw) as Record<string, unknown>;
    expect(JSON.stringify(raw)).toBe(before);
    for (const k of DASHBOARD_SERVER_FIELDS) expect(out).not.toHaveProperty(k);
    expect(out).toEqual({ title: 't', layout_type: 'ordered', widgets: [{ definition: { type: 'group', layout_type: 'ordered', widgets: [{ definition: { type: 'note', content: 'n' } }] } }] });
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
