/**
 * issue 26, item 4: the every-option org adopts live objects, is changed in the "UI" between two
 * runs, then loses things (all of a monitor's tags, a webhook header, a monitor, a delay set back
 * to 0, a role): each apply leaves the stand-in holding what the files say, and the next plan empty.
 */
import * as path from 'path';
import { Standin, startStandin } from '../standin/server';
import { type JsonObject, text } from '../standin/types';
import { FIXTURES } from './fixtures';
import { Deployment, copyProjectTo, editJsonFile, synthInto, tail, workDir } from './harness';
import { planSummary, seedRoles } from './apply';

const ORG = 'full';
let standin: Standin;
let root: string;
let work: string;
let deployment: Deployment;
/** The ids of what the org adopts, made in the stand-in before the first run. */
const adopted = { monitor: 0, dashboard: '' };

function call(method: string, p: string, body?: unknown) {
  return standin.state.handle({ method, path: p, query: new URLSearchParams(), body: body as JsonObject, hasApiKey: true });
}
function monitorNamed(name: string): JsonObject | undefined {
  return [...standin.state.monitors.byId.values()].find((m) => text(m.name).startsWith(name));
}
async function deploy(): Promise<void> {
  deployment = synthInto(root, work, standin, [ORG]);
  const stack = deployment.stack(ORG);
  seedRoles(standin, stack);
  const init = await stack.init();
  if (init.code !== 0) throw new Error(`init failed:\n${tail(init)}`);
  const apply = await stack.apply();
  if (apply.code !== 0) throw new Error(`apply failed:\n${tail(apply)}`);
}
async function expectEmptyPlan(): Promise<void> {
  const plan = await deployment.stack(ORG).plan();
  if (plan.code !== 0) throw new Error(`the plan is not empty (exit ${plan.code}):\n${planSummary(plan)}`);
}

beforeAll(async () => {
  standin = await startStandin();
  work = workDir('changes');
  root = copyProjectTo(path.join(FIXTURES, 'e2e', 'all-options'), path.join(work, 'project'));
  // What already exists in the org: a monitor, a dashboard and the torq-ops webhook, made in the UI.
  const m = call('POST', '/api/v1/monitor', {
    name: 'Agent down (made by hand)',
    type: 'service check',
    query: '"datadog.agent.up".over("*").by("host").last(2).count_by_status()',
    message: 'by hand',
    tags: ['made:by-hand'],
    options: { thresholds: { critical: 1, ok: 1 }, notify_no_data: true, no_data_timeframe: 20 },
  });
  adopted.monitor = (m.body as JsonObject).id as number;
  const d = call('POST', '/api/v1/dashboard', { title: 'Read-only (made by hand)', layout_type: 'ordered', widgets: [] });
  adopted.dashboard = (d.body as JsonObject).id as string;
  call('POST', '/api/v1/integration/webhooks/configuration/webhooks', {
    name: 'torq-ops',
    url: 'https://hooks.torq.io/v1/webhooks/by-hand',
    custom_headers: '{"X-Old":"1"}',
  });
  editJsonFile(path.join(root, 'orgs', `${ORG}.json`), (o) => {
    o.adopt = { monitors: { agent_no_data: adopted.monitor }, dashboards: { readonly: adopted.dashboard }, webhooks: ['torq-ops'] };
  });
});
afterAll(async () => standin.close());

test('adopts a live monitor, dashboard and webhook (import blocks) and deploys the rest: the next plan is empty', async () => {
  await deploy();
  await expectEmptyPlan();
  // Imported, not created again: the same ids hold what the files say.
  const m = standin.state.monitors.byId.get(adopted.monitor) as JsonObject;
  expect(m.name).toBe('[Torq] Agent down on {{host.name}}');
  expect([...standin.state.monitors.byId.values()].filter((x) => text(x.name).startsWith('[Torq] Agent down on'))).toHaveLength(1);
  expect(standin.state.dashboards.byId.get(adopted.dashboard)?.title).not.toBe('Read-only (made by hand)');
  expect(standin.state.webhooks.hooks.get('torq-ops')?.url).toBe('https://hooks.torq.io/v1/webhooks/e2e-torq_webhook_url_full_torq_ops');
  expect(standin.state.unknown).toEqual([]);
});

test('a monitor changed in the UI between two runs shows in the plan, and apply puts it back', async () => {
  const m = monitorNamed('[Torq] Load high') as JsonObject;
  standin.state.ui.editMonitor(m.id as number, { options: { renotify_interval: 5 } });
  const plan = await deployment.stack(ORG).plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toMatch(/~ renotify_interval\s+= 5 -> 30/);
  const apply = await deployment.stack(ORG).apply();
  expect(apply.code).toBe(0);
  expect((m.options as JsonObject).renotify_interval).toBe(30);
  await expectEmptyPlan();
});

test("removing all of a monitor's tags, a webhook header, a monitor, a delay and a role: the stand-in holds them gone, the next plan is empty", async () => {
  const scheduled = monitorNamed('[Torq] Errors since the start of the day') as JsonObject;
  expect((scheduled.tags as string[]).length).toBeGreaterThan(0);
  expect((scheduled.options as JsonObject).evaluation_delay).toBe(300);
  expect(monitorNamed('[Torq] Pod crash-looping')).toBeDefined();
  editJsonFile(path.join(root, 'orgs', `${ORG}.json`), (o) => {
    delete o.tags; // the org's tags on every monitor
    o.monitors.overrides.scheduled_errors = { removeTags: ['team:secops'] };
    o.monitors.exclude.push('k8s_crashloop');
    o.webhooks[1].headers = [{ name: 'X-Team' }];
    o.keys.roles = ['Datadog Standard Role'];
  });
  editJsonFile(path.join(root, 'monitors', 'scheduled_errors.json'), (m) => {
    delete m.options.evaluation_delay;
    delete m.options.new_group_delay;
  });
  standin.state.requests.length = 0;
  await deploy();

  const after = standin.state.monitors.byId.get(scheduled.id as number) as JsonObject;
  expect(after.tags).toEqual([]);
  // docs/provider-facts.md, tags: the empty list is sent (omitted, the live tags would stay).
  const put = standin.state.requests.find((r) => r.method === 'PUT' && r.path === `/api/v1/monitor/${text(scheduled.id)}`);
  expect((put?.body as JsonObject).tags).toEqual([]);
  expect('evaluation_delay' in ((put?.body as JsonObject).options as JsonObject)).toBe(false);
  expect((after.options as JsonObject).evaluation_delay ?? 0).toBe(0);
  expect((after.options as JsonObject).new_group_delay ?? 0).toBe(0);
  expect(monitorNamed('[Torq] Pod crash-looping')).toBeUndefined();
  const headers = JSON.parse(text(standin.state.webhooks.hooks.get('torq-ops')?.custom_headers));
  expect(Object.keys(headers)).toEqual(['X-Team']);
  const sa = [...standin.state.access.users.values()][0];
  const roleNames = ((sa.relationships as any).roles.data as { id: string }[]).map(
    (r) => (standin.state.access.roles.get(r.id)?.attributes as JsonObject).name,
  );
  expect(roleNames).toEqual(['Datadog Standard Role']);
  await expectEmptyPlan();
});
