/** Whatever a user's file holds, the validators report findings; they never throw. */
import { parseMonitor } from '../../src/config/monitor';
import { validateDashboard, validateMessage, validateMonitor, validateServiceChecks, validateWebhook } from '../../src/validate';

const ODD: unknown[] = [
  null,
  0,
  'text',
  [],
  {},
  [null, 1, 'x', [], {}],
  { widgets: null, layout_type: null, title: 5 },
  { title: 't', layout_type: 'free', widgets: [null, 1, { definition: null }, { definition: { type: 7 } }, { definition: { type: 'group', widgets: 'x' } }] },
  {
    title: 't',
    layout_type: 'ordered',
    widgets: [{ definition: { type: 'timeseries', requests: [{ queries: [null, { data_source: null }], formulas: 'x' }] } }],
  },
  { title: 't', layout_type: 'ordered', widgets: [{ definition: { type: 'query_table', requests: [{ queries: [{ data_source: 3 }] }] } }] },
  [{ check: null, statuses: 'ok', groups: null }],
  // JSON can name a key "toString": String() of such a value throws (found by the property test).
  JSON.parse(
    '{"title": "t", "layout_type": "ordered", "widgets": [{"definition": {"type": [{"toString": 1}]}}, {"definition": {"type": "note", "text_align": {"toString": 1}}}]}',
  ),
];

const QUERIES = [
  '',
  '(',
  ')',
  '"',
  '{{',
  'avg(',
  'avg(last_5m):',
  'change(',
  '"a".over(',
  'logs(',
  'error_budget(',
  '&&',
  '!!',
  '${',
  '> 5',
  'avg(last_5m):avg:a{*} > ',
];
const TYPES = ['query alert', 'service check', 'log alert', 'event-v2 alert', 'slo alert', 'composite', 'synthetics alert', 'nope'];

describe('validators never throw', () => {
  test.each(ODD.map((v) => [JSON.stringify(v)?.slice(0, 60), v]))('dashboard / service checks: %s', (_, v) => {
    expect(() => validateDashboard(v, 'f')).not.toThrow();
    expect(() => validateServiceChecks(v, 'f')).not.toThrow();
    expect(Array.isArray(validateDashboard(v, 'f'))).toBe(true);
  });

  test('monitors: every type with every odd query, and odd thresholds', () => {
    for (const type of TYPES) {
      for (const query of QUERIES) {
        const { monitor } = parseMonitor(
          { name: 'n', type, query, message: '{{#is_alert}}{{/x}} @webhook-( {{', options: { thresholds: { critical: 1, warning: 2, ok: 3 }, timeout_h: -1 } },
          'f',
        );
        expect(() => validateMonitor(monitor!, { webhooks: [], heartbeatChecks: [''] })).not.toThrow();
      }
    }
  });

  test('messages and webhooks with odd text', () => {
    for (const t of ['{{', '}}', '{{{{raw}}}}', '{{!--', '{{#', '{{/}}', '{{^}}', '@webhook-', '@webhook-{{x}}', '{{#is_match}}']) {
      expect(() => validateMessage(t, '$.m', 'f')).not.toThrow();
      expect(() => validateWebhook({ name: t, payload: t, customHeaders: t, encodeAs: t, customVariables: [t] }, 'f', '$')).not.toThrow();
    }
    const odd = JSON.parse('{"name": null, "encodeAs": {"toString": 1}, "customVariables": "TORQ"}');
    expect(validateWebhook(odd, 'f', '$').map((f) => f.path)).toEqual(['$.name', '$.customVariables', '$.encodeAs']);
  });
});
