/** The comparers of org:import alone: what provider 3.82.0 sends against what is live, per resource kind. */
import { monitorApplyChanges, sentOption } from '../../src/import/compare/monitor';
import { dashboardApplyChanges } from '../../src/import/compare/dashboard';
import { webhookApplyChanges } from '../../src/import/compare/webhook';
import { blameFindings } from '../../src/import/stages/blame';
import { parseMonitor } from '../../src/config/monitor';
import type { WebhookModel } from '../../src/config/model';
import { describeChange } from '../../src/config/fieldChange';

const liveMonitor = (options: Record<string, unknown>) => ({
  id: 1,
  type: 'query alert',
  name: 'Load',
  query: 'avg(last_5m):avg:system.load.1{*} > 2',
  message: 'Load is high',
  tags: [],
  options: { thresholds: { critical: 2 }, ...options },
});
const deployedOf = (raw: Record<string, unknown>) => parseMonitor(raw, 'x').monitor!.definition;
const changes = (live: Record<string, unknown>, deployed: Record<string, unknown>) =>
  monitorApplyChanges(live, deployedOf(deployed), [], undefined, ['torq']).map(describeChange);

describe('monitors', () => {
  test('key order, numbers as strings and empty values are not changes', () => {
    const live = liveMonitor({
      renotify_interval: '60',
      scheduling_options: { evaluation_window: { month_starts: 1, day_starts: '04:00' } },
      notify_by: [],
      silenced: {},
    });
    const file = liveMonitor({ renotify_interval: 60, scheduling_options: { evaluation_window: { day_starts: '04:00', month_starts: 1 } } });
    expect(changes(live, file)).toEqual([]);
  });

  test('a provider default over a live value that differs is a change; over the same Datadog default it is not', () => {
    expect(changes(liveMonitor({ new_host_delay: 0 }), liveMonitor({}))).toEqual(['options.new_host_delay from 0 to 300']);
    expect(changes(liveMonitor({}), liveMonitor({}))).toEqual([]);
  });

  test('a custom schedule: notify_no_data and no_data_timeframe are not sent, require_full_window is sent false', () => {
    const options = { notify_no_data: true, scheduling_options: { custom_schedule: { recurrences: [{ rrule: 'FREQ=DAILY', timezone: 'UTC' }] } } };
    expect(sentOption('notify_no_data', 'query alert', options)).toBeUndefined();
    expect(sentOption('no_data_timeframe', 'query alert', options)).toBeUndefined();
    expect(sentOption('require_full_window', 'query alert', options)).toBe(false);
    expect(sentOption('no_data_timeframe', 'query alert', { notify_no_data: true, on_missing_data: 'default' })).toBeUndefined();
    expect(sentOption('no_data_timeframe', 'query alert', { notify_no_data: true })).toBe(10);
  });

  test('a live no-data alert beside a custom schedule is cleared by the first apply, and said why', () => {
    const schedule = { custom_schedule: { recurrences: [{ rrule: 'FREQ=DAILY', timezone: 'UTC' }] } };
    const live = liveMonitor({ notify_no_data: true, no_data_timeframe: 120, on_missing_data: undefined, scheduling_options: schedule });
    expect(changes(live, liveMonitor({ notify_no_data: true, no_data_timeframe: 120, scheduling_options: schedule }))).toEqual([
      'options.no_data_timeframe from 120 to (none): datadog_monitor sends neither notify_no_data nor no_data_timeframe beside a custom schedule, and an update replaces options whole, so Datadog clears it: no-data alerts cannot be deployed with a custom schedule by provider 3.82.0',
      'options.notify_no_data from true to (none): datadog_monitor sends neither notify_no_data nor no_data_timeframe beside a custom schedule, and an update replaces options whole, so Datadog clears it: no-data alerts cannot be deployed with a custom schedule by provider 3.82.0',
    ]);
  });

  test('an option the provider does not send is cleared (a PUT replaces options whole), and said', () => {
    expect(
      changes(liveMonitor({ renotify_interval: 30, renotify_occurrences: 5, renotify_statuses: ['alert'] }), liveMonitor({ renotify_interval: 30 })),
    ).toEqual([
      'options.renotify_occurrences from 5 to (none): datadog_monitor does not send it (the file does not set it, or sets 0/false, which the provider never sends), and an update replaces options whole, so Datadog clears it',
      'options.renotify_statuses from ["alert"] to (none): datadog_monitor does not send it (the file does not set it, or sets 0/false, which the provider never sends), and an update replaces options whole, so Datadog clears it',
    ]);
    // 0 and false are never sent, but they are what Datadog assumes anyway: nothing to say.
    expect(changes(liveMonitor({ notify_audit: false, timeout_h: 0 }), liveMonitor({}))).toEqual([]);
  });

  test("require_full_window: absent means false on both sides (Datadog's default), and synth sends false", () => {
    expect(changes(liveMonitor({}), liveMonitor({}))).toEqual([]);
    expect(changes(liveMonitor({ require_full_window: true }), liveMonitor({}))).toEqual(['options.require_full_window from true to false']);
    expect(changes(liveMonitor({ require_full_window: false }), liveMonitor({ require_full_window: true }))).toEqual([
      'options.require_full_window from false to true',
    ]);
  });

  test("locked: kept when the file keeps it; replaced by the file's restricted roles, and said", () => {
    expect(changes(liveMonitor({ locked: true }), liveMonitor({ locked: true }))).toEqual([]);
    expect(changes(liveMonitor({ locked: true }), liveMonitor({}))).toEqual([
      'options.locked from true to (none): the code does not set locked, so it is not sent and the update clears it: anyone may then edit the monitor; set options.locked true (or restrictedRoles) to keep it restricted',
    ]);
    const roles = monitorApplyChanges(liveMonitor({ locked: true }), deployedOf(liveMonitor({ locked: true })), ['SecOps'], undefined, ['torq']).map(
      describeChange,
    );
    expect(roles).toContain(
      'options.locked from true to (none): the deployed monitor names restricted roles, which replace locked (datadog_monitor refuses both); those roles may edit it',
    );
  });

  test('variables are compared as the provider builds them: a field it drops is a change', () => {
    const variable = { data_source: 'rum', name: 'q', indexes: ['*'], compute: { aggregation: 'count' }, search: { query: '@type:error' } };
    const live = liveMonitor({ variables: [{ ...variable, storage: 'hot' }] });
    expect(changes(live, liveMonitor({ variables: [variable] }))).toEqual(['options.variables[0].storage from "hot" to (none)']);
    expect(changes(liveMonitor({ variables: [variable] }), liveMonitor({ variables: [variable] }))).toEqual([]);
  });
});

describe('dashboards', () => {
  const dash = {
    title: 'T',
    layout_type: 'free',
    widgets: [{ id: 1, definition: { type: 'note', content: 'x' }, layout: { x: 0, y: 0, width: 1, height: 1 } }],
  };
  test('server fields, widget ids and notify_list order are not changes; read-only becoming editable is', () => {
    const live = { ...dash, id: 'a-b-c', author_handle: 'x', url: '/d', notify_list: ['b', 'a'], is_read_only: true };
    const { widgets, ...rest } = dash;
    const deployed = { ...rest, notify_list: ['a', 'b'], widgets: widgets.map(({ id: _id, ...w }) => w) };
    expect(dashboardApplyChanges(live, deployed, [], {}, undefined).map(describeChange)).toEqual([expect.stringMatching(/^is_read_only from true to false/)]);
    expect(dashboardApplyChanges(live, deployed, ['SecOps'], {}, undefined).map(describeChange)).toEqual(['restricted_roles from [] to ["SecOps"]']);
  });
});

describe('webhooks', () => {
  const model: WebhookModel = { name: 'torq', encodeAs: 'json', payload: '{"a":1,"b":2}', urlVariable: 'u', headers: [], adopt: true };
  test('payload key order is no change; an undeclared header is cleared; no value is ever shown', () => {
    const info = { name: 'torq', payload: '{"b":2,"a":1}', encode_as: 'json', custom_headers: '{"X-Env":"secret-value-1"}' };
    const lines = webhookApplyChanges(info, model, false).map(describeChange);
    expect(lines).toEqual(['custom_headers: X-Env is not declared, so the first apply clears it']);
    expect(lines.join('\n')).not.toContain('secret-value-1');
    expect(webhookApplyChanges(info, { ...model, headers: [{ name: 'X-Env', variable: 'v' }] }, false).map(describeChange)).toEqual([
      'custom_headers: X-Env from TF_VAR_v (sensitive; set each to the live value)',
    ]);
  });
});

describe('blame', () => {
  test("an error under an object's entry in the org file is that object's; one about the whole file is not", () => {
    const files = { items: [{ file: 'orgs/a/monitors/x.json', status: 'new', source: '', detail: [], object: { monitor: 7 } }] } as never;
    const ids = {
      monitors: new Map([
        [7, 'x'],
        [8, 'y-z'],
      ]),
      dashboards: new Map([['d-1', 'dash']]),
      catalogIdOf: () => undefined,
    };
    const f = (file: string, path: string) => ({ file, path, severity: 'error' as const, message: 'bad' });
    const blame = blameFindings(
      [
        f('orgs/a/monitors/x.json', '$.query'),
        f('orgs/a.json', '$.monitors.overrides.y-z.thresholds'),
        f('orgs/a.json', '$.dashboards.overrides["dash"]'),
        f('orgs/a.json', '$.site'),
      ],
      files,
      ids,
      'orgs/a.json',
    );
    expect([...blame.monitors.keys()]).toEqual([7, 8]);
    expect([...blame.dashboards.keys()]).toEqual(['d-1']);
    expect(blame.rest.map((x) => x.path)).toEqual(['$.site']);
  });
});
