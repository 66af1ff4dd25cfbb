/**
 * References between catalog resources (`${monitor.<catalog id>}`) and import blocks for adopted
 * resources, through the real loader and synth.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadProject } from '../../src/config/project';
import { buildApp } from '../../src/app';
import { formatFinding } from '../../src/config/findings';
import { MONITOR_REFERENCE, MONITOR_REFERENCE_EXACT, findMonitorReferences, monitorReference } from '../../src/config/references';
import { copyProject, editJson, synthProject, tempDir, writeJson } from '../import/helpers';

const COMPOSITE = {
  name: 'Agent down while CPU is normal (cost ${budget})',
  type: 'composite',
  query: '${monitor.agent_down} && !${monitor.host_cpu_high}',
  message: 'Agent down, CPU fine: restart the Agent. Literal ${not_a_ref} and %{if x} stay text.',
  tags: ['integration:torq'],
  options: { notify_no_data: false },
};

/** The bundled project plus a composite, and an alert widget on the composite in the dashboard. */
function projectWithReferences(): string {
  const root = copyProject();
  writeJson(path.join(root, 'monitors/agent_down_cpu_ok.json'), COMPOSITE);
  editJson(root, 'dashboards/torq_overview.json', (d) => {
    d.widgets.push({
      definition: { type: 'alert_value', alert_id: '${monitor.agent_down_cpu_ok}', title: 'Composite ${state}', precision: 0 },
      layout: { x: 0, y: 70, width: 20, height: 10 },
    });
  });
  return root;
}

describe('monitor references', () => {
  test('a composite query points at the Terraform resources of the org it is deployed to', () => {
    const root = projectWithReferences();
    const stack = synthProject(root, ['example']).stack('example');
    const composite = stack.resource.datadog_monitor.monitor_agent_down_cpu_ok;
    expect(composite.query).toBe('${datadog_monitor.monitor_agent_down.id} && !${datadog_monitor.monitor_host_cpu_high.id}');
    // Every other `${` and `%{` reaches Datadog as text.
    expect(composite.name).toBe('Agent down while CPU is normal (cost $${budget})');
    expect(composite.message).toContain('Literal $${not_a_ref} and %%{if x} stay text.');
    // The referenced monitors exist in the same stack.
    expect(stack.resource.datadog_monitor.monitor_agent_down).toBeDefined();
    expect(stack.resource.datadog_monitor.monitor_host_cpu_high).toBeDefined();
  });

  test("a dashboard widget references the org's own monitor; other text stays escaped", () => {
    const root = projectWithReferences();
    const stack = synthProject(root, ['example']).stack('example');
    const dashboard = JSON.parse(stack.resource.datadog_dashboard_json.dashboard_torq_overview.dashboard);
    const widget = dashboard.widgets[dashboard.widgets.length - 1].definition;
    expect(widget.alert_id).toBe('${datadog_monitor.monitor_agent_down_cpu_ok.id}');
    expect(widget.title).toBe('Composite $${state}');
  });

  test('a dashboard without references is serialized exactly as before', () => {
    const root = copyProject();
    const stack = synthProject(root, ['example']).stack('example');
    const raw = JSON.parse(fs.readFileSync(path.join(root, 'dashboards/torq_overview.json'), 'utf8'));
    const deployed = JSON.parse(stack.resource.datadog_dashboard_json.dashboard_torq_overview.dashboard);
    expect(deployed.title).toBe(raw.title);
    expect(deployed.widgets).toHaveLength(raw.widgets.length);
  });

  test('a reference to a monitor the org does not deploy stops the load with file, path, value and the deployed ids', () => {
    const root = projectWithReferences();
    editJson(root, 'orgs/example.json', (o) => {
      o.monitors.exclude = ['host_cpu_high'];
    });
    const { project, findings } = loadProject(root, { orgs: ['example'] });
    expect(project).toBeUndefined();
    const lines = findings.filter((f) => f.severity === 'error').map(formatFinding);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^monitors\/agent_down_cpu_ok\.json: \$\.query: error: "\$\{monitor\.host_cpu_high\}" references monitor "host_cpu_high", which org "example" \(orgs\/example\.json\) does not deploy/,
    );
    expect(lines[0]).toContain('expected a reference to one of the monitors this org deploys: agent_down, agent_down_cpu_ok, auth_failures_spike');
    expect(lines[0]).not.toMatch(/expected[^;]*host_cpu_high/);
  });

  test('a misspelt reference in a dashboard names the widget path and suggests the catalog id', () => {
    const root = projectWithReferences();
    editJson(root, 'dashboards/torq_overview.json', (d) => {
      d.widgets[d.widgets.length - 1].definition.alert_id = '${monitor.agent_dwn}';
    });
    const { findings } = loadProject(root, { orgs: ['example'] });
    const lines = findings.filter((f) => f.severity === 'error').map(formatFinding);
    expect(lines).toEqual([
      expect.stringMatching(
        /^dashboards\/torq_overview\.json: \$\.widgets\[5\]\.definition\.alert_id: error: "\$\{monitor\.agent_dwn\}" references monitor "agent_dwn", which is not in monitors\/ \(did you mean "agent_down"\?\)/,
      ),
    ]);
  });

  test("the exported pattern matches references only, for the validator's composite grammar", () => {
    expect(findMonitorReferences('${monitor.a_1} || (${monitor.B-2} && !123)')).toEqual(['a_1', 'B-2']);
    expect(findMonitorReferences('${monitor.1abc} ${monitors.x} $monitor.x ${monitor.}')).toEqual([]);
    expect(MONITOR_REFERENCE_EXACT.exec(monitorReference('agent_down'))?.[1]).toBe('agent_down');
    expect(MONITOR_REFERENCE_EXACT.test('${monitor.agent_down} && 1')).toBe(false);
    expect(MONITOR_REFERENCE.flags).toContain('g');
  });
});

describe('import blocks for adopted resources', () => {
  function adoptAll(root: string) {
    editJson(root, 'orgs/example.json', (o) => {
      o.adopt = {
        monitors: { host_cpu_high: 2002, agent_down: '1001', agent_down_cpu_ok: 3003 },
        dashboards: { torq_overview: 'abc-def-ghi' },
        webhooks: ['torq'],
      };
    });
  }

  test('each adopted resource gets one import block with its Datadog id, webhook first, then monitors and dashboards', () => {
    const root = projectWithReferences();
    adoptAll(root);
    const stack = synthProject(root, ['example']).stack('example');
    expect(stack.import).toEqual([
      { to: 'datadog_webhook.webhook_torq', id: 'torq' },
      { to: 'datadog_monitor.monitor_agent_down', id: '1001' },
      { to: 'datadog_monitor.monitor_agent_down_cpu_ok', id: '3003' },
      { to: 'datadog_monitor.monitor_host_cpu_high', id: '2002' },
      { to: 'datadog_dashboard_json.dashboard_torq_overview', id: 'abc-def-ghi' },
    ]);
    // Every import target is a resource of the stack.
    for (const b of stack.import) {
      const [type, name] = b.to.split('.');
      expect(stack.resource[type][name]).toBeDefined();
    }
  });

  test('an org that adopts nothing has no import key', () => {
    const stack = synthProject(copyProject(), ['example']).stack('example');
    expect(stack).not.toHaveProperty('import');
  });

  test('synth with import blocks needs no terraform binary', () => {
    const root = projectWithReferences();
    adoptAll(root);
    const { project } = loadProject(root, { orgs: ['example'] });
    const emptyBin = tempDir('torq-no-terraform-');
    const saved = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      const outdir = tempDir('torq-orgs-out-');
      buildApp(project!, outdir).synth();
      expect(JSON.parse(fs.readFileSync(path.join(outdir, 'stacks/example/cdk.tf.json'), 'utf8')).import).toHaveLength(5);
    } finally {
      process.env.PATH = saved;
    }
  });

  test('the same files deployed to two orgs: same references, each org its own import ids', () => {
    const root = projectWithReferences();
    adoptAll(root);
    writeJson(path.join(root, 'orgs/staging.json'), {
      site: 'eu1',
      keys: { create: false },
      adopt: { monitors: { agent_down: 9001 } },
    });
    const run = synthProject(root);
    const prod = run.stack('example');
    const staging = run.stack('staging');
    expect(staging.import).toEqual([{ to: 'datadog_monitor.monitor_agent_down', id: '9001' }]);
    expect(staging.resource.datadog_monitor.monitor_agent_down_cpu_ok.query).toBe(prod.resource.datadog_monitor.monitor_agent_down_cpu_ok.query);
    expect(staging.variable.datadog_api_url_staging.default).toBe('https://api.datadoghq.eu/');
  });
});
