/** The stages of org:import alone, on plain data: select's skip reasons and references, assign's ids. */
import { assignDashboardIds, assignMonitorIds } from '../../src/import/stages/assign';
import { selectMonitors, skipReason } from '../../src/import/stages/select';
import type { Json, ProjectState } from '../../src/import/stages/types';
import { catalogIdFor } from '../../src/import/normalize';

const monitor = (id: number, extra: Json = {}): Json => ({
  id,
  type: 'query alert',
  name: `Monitor ${id}`,
  query: 'avg(last_5m):avg:system.load.1{*} > 2',
  message: 'Load is high',
  options: { thresholds: { critical: 2 } },
  ...extra,
});

describe('select', () => {
  test('a synthetics alert is skipped with its reason, the rest is selected', () => {
    const live = {
      allMonitors: [monitor(1, { message: 'Load @webhook-torq' }), monitor(2, { type: 'synthetics alert', message: '@webhook-torq' }), monitor(3)],
      dashboards: [],
    };
    const sel = selectMonitors(live, [], ['torq']);
    expect([...sel.selected]).toEqual([[1, 'selected']]);
    expect(sel.notes).toEqual(['monitor 2 "Monitor 2" not imported: a synthetics alert belongs to its synthetics test, not to datadog_monitor']);
  });

  test('a monitor the API returned without a query is a skip naming the field, not a stop', () => {
    expect(skipReason(monitor(4, { query: undefined }))).toMatch(/^the API returned it with \$\.query: /);
    expect(skipReason(monitor(5))).toBeUndefined();
  });

  test('composites and dashboards pull in what they refer to, and say why', () => {
    const live = {
      allMonitors: [monitor(1), monitor(2), monitor(3), monitor(10, { type: 'composite', query: '1 && 2', message: '@webhook-torq' })],
      dashboards: [{ id: 'abc-def-ghi', raw: { widgets: [{ definition: { alert_id: '3' } }] } }],
    };
    const sel = selectMonitors(live, [{ kind: 'webhook' }], ['torq']);
    expect(Object.fromEntries(sel.selected)).toEqual({
      1: 'referenced by composite 10',
      2: 'referenced by composite 10',
      3: 'referenced by dashboard abc-def-ghi',
      10: 'selected',
    });
  });
});

describe('assign', () => {
  const project = (adopt: { monitors?: Record<string, number>; dashboards?: Record<string, string> }, catalogNames: Record<string, string> = {}) =>
    ({
      org: { adopt: { monitors: adopt.monitors ?? {}, dashboards: adopt.dashboards ?? {}, webhooks: [] } },
      catalog: {
        monitors: Object.entries(catalogNames).map(([id, name]) => ({ id, definition: { name } })),
        dashboards: [{ id: 'torq_overview', raw: { title: 'Torq' } }],
      },
      catalogIds: new Set(Object.keys(catalogNames)),
      dashIds: new Set(['torq_overview']),
    }) as unknown as Pick<ProjectState, 'org' | 'catalog' | 'catalogIds' | 'dashIds'>;

  test('the adopt entry first, then a catalog monitor of the same name, then the name slug made unique', () => {
    const byId = new Map<number, Json>([
      [1, monitor(1, { name: 'High CPU' })],
      [2, monitor(2, { name: 'Disk full' })],
      [3, monitor(3, { name: 'Disk full' })],
      [4, monitor(4, { name: 'Something' })],
    ]);
    const p = project({ monitors: { cpu: 1 } }, { cpu: 'CPU', disk_full: 'Disk full' });
    const { assigned } = assignMonitorIds(p, [4, 3, 2, 1], byId);
    expect(Object.fromEntries(assigned)).toEqual({ 1: 'cpu', 2: 'disk_full', 3: 'disk_full_3', 4: 'something' });
  });

  test('a dashboard takes the catalog dashboard of its title, others of that title their slug, made unique', () => {
    const p = project({});
    const ids = assignDashboardIds(p, [
      { id: 'aaa-bbb-ccc', raw: { title: 'Torq' } },
      { id: 'ddd-eee-fff', raw: { title: 'torq' } },
      { id: 'ggg-hhh-iii', raw: { title: 'TORQ' } },
    ]);
    expect(Object.fromEntries(ids)).toEqual({ 'aaa-bbb-ccc': 'torq_overview', 'ddd-eee-fff': 'torq', 'ggg-hhh-iii': 'torq_ggg_hhh_iii' });
  });
});

describe('file names of names a slug cannot keep', () => {
  test('Korean (or any non-Latin) names: the ASCII words and the Datadog id, so two never collide; Latin accents are only dropped', () => {
    expect(catalogIdFor('[Torq] CPU 사용량 높음', 'monitor', 12345)).toBe('torq_cpu_12345');
    expect(catalogIdFor('[Torq] 에이전트 다운', 'monitor', 12346)).toBe('torq_12346');
    expect(catalogIdFor('에이전트 다운', 'monitor', 12347)).toBe('monitor_12347');
    expect(catalogIdFor('토크 대시보드', 'dashboard', 'abc-def-ghi')).toBe('dashboard_abc_def_ghi');
    expect(catalogIdFor('Café latency', 'monitor', 1)).toBe('cafe_latency');
    expect(catalogIdFor('{{host.name}} down', 'monitor', 2)).toBe('down');
  });
});
