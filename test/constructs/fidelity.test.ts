/**
 * Issue 23 on the fixture project test/fixtures/fidelity: what synth writes means, on apply with
 * provider 3.82.0, what the project says; and what the provider would refuse or silently change
 * is a validation finding first. Each provider fact is cited in the code it tests
 * (src/constructs/*.ts, src/validate/providerMonitor.ts, src/validate/access.ts) and in
 * docs/provider-facts.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { REPO, editJson, synth, tempDir, writeJson } from '../helpers/project';
import { checkProject } from '../../src/validate/project';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'fidelity');

function copyFixture(): string {
  const dir = tempDir('torq-fidelity-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** Findings as `file: path: severity: message` lines. */
function findings(root: string): string[] {
  return checkProject(root).findings.map((f) => `${f.file}: ${f.path}: ${f.severity}: ${f.message}`);
}

const run = synth(FIXTURE, ['acme']);
const stack = run.code === 0 ? run.stack('acme') : undefined;
const monitor = (id: string) => stack.resource.datadog_monitor[`monitor_${id}`];

test('the fixture synthesizes', () => {
  expect(run.stderr.filter((l) => / error: /.test(l))).toEqual([]);
  expect(run.code).toBe(0);
});

describe('1. types and variables provider 3.82.0 refuses are validation errors', () => {
  test.each(['llm-observability alert', 'data-quality alert', 'network-path alert', 'data-jobs alert'])(
    'a %s (newer than the provider) is an error with the reason',
    (type) => {
      const root = copyFixture();
      editJson(root, 'monitors/tagged.json', (m) => {
        m.type = type;
      });
      const out = findings(root).filter((f) => f.includes('$.type'));
      expect(out).toHaveLength(1);
      expect(out[0]).toContain(`monitors/tagged.json: $.type: error: monitor type "${type}" is newer than the Datadog provider this package pins (3.82.0)`);
      expect(out[0]).toContain('ends at "cost alert"');
      expect(synth(root, ['acme']).code).not.toBe(0);
    },
  );

  test('a typo of a type gets "did you mean"', () => {
    const root = copyFixture();
    editJson(root, 'monitors/tagged.json', (m) => {
      m.type = 'metric alrt';
    });
    expect(findings(root)).toContainEqual(
      expect.stringMatching(
        /^monitors\/tagged\.json: \$\.type: error: unknown monitor type "metric alrt" \(did you mean "metric alert"\?\); expected one of composite, /,
      ),
    );
  });

  test('an event query variable is written as event_query with one compute and its search', () => {
    expect(monitor('rum_errors_formula').variables).toEqual({
      event_query: [
        { compute: [{ aggregation: 'count' }], data_source: 'rum', group_by: [], indexes: ['*'], name: 'query1', search: { query: '@type:error' } },
      ],
    });
  });

  test('a cost alert variable is written as cloud_cost_query with its aggregator', () => {
    expect(monitor('cloud_cost').variables).toEqual({
      cloud_cost_query: [{ aggregator: 'sum', data_source: 'cloud_cost', name: 'query1', query: 'sum:aws.cost.net.amortized{*}' }],
    });
  });

  test('variables the provider cannot express are errors naming the field and the reason', () => {
    const root = copyFixture();
    editJson(root, 'monitors/rum_errors_formula.json', (m) => {
      m.options.variables = [
        { data_source: 'metrics', name: 'query1', query: 'avg:system.cpu.user{*}' },
        { data_source: 'rum', name: 'query2', search: { query: '*' } },
        { data_source: 'rumm', name: 'query3', compute: { aggregation: 'count' }, search: { query: '*' } },
      ];
    });
    editJson(root, 'monitors/cloud_cost.json', (m) => {
      delete m.options.variables[0].aggregator;
    });
    const out = findings(root).filter((f) => f.includes('.variables['));
    expect(out).toEqual([
      expect.stringMatching(
        /^monitors\/cloud_cost\.json: \$\.options\.variables\[0\]\.aggregator: error: required: aggregator \(cloud_cost_query\.aggregator is Required in provider 3\.82\.0\), one of avg, sum, /,
      ),
      expect.stringMatching(
        /^monitors\/rum_errors_formula\.json: \$\.options\.variables\[0\]\.data_source: error: a "metrics" variable cannot be deployed with provider 3\.82\.0: /,
      ),
      expect.stringMatching(/^monitors\/rum_errors_formula\.json: \$\.options\.variables\[1\]\.compute: error: required: the compute of an event query/),
      expect.stringMatching(
        /^monitors\/rum_errors_formula\.json: \$\.options\.variables\[2\]\.data_source: error: data_source of an event query "rumm" \(did you mean "rum"\?\)/,
      ),
    ]);
  });
});

describe('2. removing means sending', () => {
  test('a monitor whose tags end empty (removeTags of the last tag) sends "tags": []', () => {
    expect(monitor('tagged').tags).toEqual([]);
  });

  test('a monitor file without evaluation_delay sends 0, one with it keeps it', () => {
    expect(monitor('host_group_delay_zero').evaluation_delay).toBe(0);
    expect(monitor('tagged').evaluation_delay).toBe(60);
  });

  test('a webhook without headers sends custom_headers "{}"', () => {
    expect(stack.resource.datadog_webhook.webhook_torq.custom_headers).toBe('{}');
  });

  test('the service account with no roles sends "roles": []', () => {
    const root = copyFixture();
    editJson(root, 'orgs/acme.json', (o) => {
      o.keys.roles = [];
    });
    const r = synth(root, ['acme']);
    expect(r.code).toBe(0);
    expect(r.stack('acme').resource.datadog_service_account.torq_service_account.roles).toEqual([]);
  });
});

describe('3. zero is not "unset"', () => {
  test('new_group_delay 0 gets an explicit new_host_delay 0 (the provider would send 300)', () => {
    expect(monitor('host_group_delay_zero')).toMatchObject({ new_group_delay: 0, new_host_delay: 0 });
    expect(monitor('tagged').new_host_delay).toBeUndefined();
  });

  test('notify_no_data without no_data_timeframe writes the 10 the provider sends, with a warning', () => {
    expect(monitor('agent_no_data')).toMatchObject({ notify_no_data: true, no_data_timeframe: 10 });
    expect(findings(FIXTURE)).toContainEqual(
      expect.stringMatching(
        /^monitors\/agent_no_data\.json: \$\.options\.notify_no_data: warning: notify_no_data is true without no_data_timeframe: provider 3\.82\.0 sends its default, 10 minutes/,
      ),
    );
  });

  test('notify_no_data with a custom schedule is a warning: the no-data alert never exists', () => {
    const root = copyFixture();
    writeJson(path.join(root, 'monitors', 'scheduled_logs.json'), {
      name: '[Torq] Scheduled errors',
      type: 'log alert',
      query: 'logs("status:error").index("*").rollup("count").last("1d") > 10',
      message: 'Errors.',
      options: {
        thresholds: { critical: 10 },
        notify_no_data: true,
        no_data_timeframe: 60,
        scheduling_options: { custom_schedule: { recurrences: [{ rrule: 'FREQ=DAILY;INTERVAL=1', timezone: 'UTC' }] } },
      },
    });
    expect(findings(root)).toContainEqual(
      expect.stringMatching(
        /^monitors\/scheduled_logs\.json: \$\.options\.notify_no_data: warning: notify_no_data is true, but this monitor has a custom_schedule, .*the no-data alert never exists in Datadog/,
      ),
    );
  });
});

describe('4. roles by exact name', () => {
  test('every datadog_role data source checks the exact name in a postcondition that names the role', () => {
    const roles = stack.data.datadog_role;
    expect(Object.keys(roles).sort()).toEqual(['role_datadog_admin_role', 'role_datadog_standard_role', 'torq_role_0']);
    for (const [id, name] of [
      ['role_datadog_standard_role', 'Datadog Standard Role'],
      ['torq_role_0', 'Datadog Standard Role'],
      ['role_datadog_admin_role', 'Datadog Admin Role'],
    ]) {
      expect(roles[id].filter).toBe(name);
      expect(roles[id].lifecycle.postcondition).toEqual([
        {
          condition: `\${self.name == "${name}"}`,
          error_message: expect.stringContaining(
            `No Datadog role is named exactly "${name}": the datadog_role filter (a substring search) found "\${self.name}"`,
          ),
        },
      ]);
    }
    expect(monitor('host_group_delay_zero').restricted_roles).toEqual(['${data.datadog_role.role_datadog_standard_role.id}']);
  });

  test('a role name with quotes or ${ stays a literal in the condition', () => {
    const root = copyFixture();
    editJson(root, 'orgs/acme.json', (o) => {
      o.monitors.overrides.host_group_delay_zero.restrictedRoles = ['Ops "${x}"'];
    });
    const r = synth(root, ['acme']);
    expect(r.code).toBe(0);
    const role = Object.values(r.stack('acme').data.datadog_role).find((d: any) => d.filter.startsWith('Ops')) as any;
    expect(role.filter).toBe('Ops "$${x}"');
    expect(role.lifecycle.postcondition[0].condition).toBe('${self.name == "Ops \\"$${x}\\""}');
  });
});

describe('6. read-only dashboards and the service account', () => {
  test('a dashboard with is_read_only true is deployed as restricted_roles [the admin role], so it stays read-only', () => {
    const dash = JSON.parse(stack.resource.datadog_dashboard_json.dashboard_readonly.dashboard);
    expect(dash.is_read_only).toBeUndefined();
    expect(dash.restricted_roles).toEqual(['${data.datadog_role.role_datadog_admin_role.id}']);
    expect(findings(FIXTURE).filter((f) => f.includes('dashboards/readonly.json'))).toEqual([]);
  });

  test('restrictedRoles of the org file win over is_read_only, and is_read_only false is dropped', () => {
    const root = copyFixture();
    editJson(root, 'orgs/acme.json', (o) => {
      o.dashboards = { overrides: { readonly: { restrictedRoles: ['Datadog Standard Role'] } } };
    });
    let dash = JSON.parse(synth(root, ['acme']).stack('acme').resource.datadog_dashboard_json.dashboard_readonly.dashboard);
    expect(dash.restricted_roles).toEqual(['${data.datadog_role.role_datadog_standard_role.id}']);
    expect(dash.is_read_only).toBeUndefined();
    editJson(root, 'dashboards/readonly.json', (d) => {
      d.is_read_only = false;
    });
    editJson(root, 'orgs/acme.json', (o) => {
      delete o.dashboards;
    });
    dash = JSON.parse(synth(root, ['acme']).stack('acme').resource.datadog_dashboard_json.dashboard_readonly.dashboard);
    expect(dash.is_read_only).toBeUndefined();
    expect(dash.restricted_roles).toBeUndefined();
  });

  test('a service account email the org notifies (a person) is an error naming where', () => {
    const root = copyFixture();
    editJson(root, 'orgs/acme.json', (o) => {
      o.keys.serviceAccountEmail = 'OnCall@acme.example';
    });
    expect(findings(root)).toContainEqual(
      expect.stringMatching(
        /^orgs\/acme\.json: \$\.keys\.serviceAccountEmail: error: service account email "OnCall@acme\.example" is an address this org notifies \(@OnCall@acme\.example in health\.notify \(the health monitors\)\)/,
      ),
    );
    editJson(root, 'orgs/acme.json', (o) => {
      o.health.notify = [];
    });
    editJson(root, 'monitors/tagged.json', (m) => {
      m.message = 'Load is high. @oncall@acme.example';
    });
    expect(findings(root)).toContainEqual(expect.stringContaining('in the message of monitor "tagged"'));
    expect(synth(root, ['acme']).code).not.toBe(0);
  });
});
