/**
 * Adopting an org changes nothing live that the user did not choose: org:import against a
 * stand-in API org (a draft monitor, a role-restricted one, a live twin of a catalog monitor with
 * another threshold, Torq only in escalation_message, Torq only inside {{#is_match}}, @webhook-Torq
 * in another case), on a fixture project (test/fixtures/adopt/project), then synth.
 */
import * as fs from 'fs';
import { describeChange } from '../../src/config/fieldChange';
import * as path from 'path';
import { formatFinding } from '../../src/config/findings';
import { loadProject } from '../../src/config/project';
import { FakeDatadog, importAgainst, fixture, startFakeDatadog } from './fakeDatadog';
import { FIXTURES, readJson, snapshotTree, synthProject, tempDir } from './helpers';

const ADOPT = path.join(FIXTURES, '..', 'adopt');
const SECOPS_ROLE = '8d3c6a52-0000-11ee-9c4b-da7ad0900003';
const UNNAMED_ROLE = '1c2d3e4f-0000-11ee-9c4b-da7ad0900004';

function project(): string {
  const root = tempDir('torq-adopt-');
  fs.cpSync(path.join(ADOPT, 'project'), root, { recursive: true });
  return root;
}

async function runImport(root: string, fake: FakeDatadog, argv: string[] = []) {
  return importAgainst(fake, 'acme', root, argv);
}

let fake: FakeDatadog;
beforeEach(async () => {
  fake = await startFakeDatadog();
  fake.data.monitors = JSON.parse(fs.readFileSync(path.join(ADOPT, 'api-monitors.json'), 'utf8'));
  fake.data.dashboardList = [];
  fake.data.dashboards = {};
  fake.data.webhooks = { torq: fixture('webhook-torq.json') };
  // The roles API names one of the two roles; the other stays an id.
  fake.data.roles = [{ id: SECOPS_ROLE, name: 'SecOps Editors' }];
});
afterEach(async () => {
  await fake.close();
});

const live = (id: number) => fake.data.monitors.find((m) => m.id === id);

describe('adopting an org', () => {
  test('synth reproduces each live monitor: draft status, restrictions, thresholds and routing', async () => {
    const root = project();
    const otherBefore = synthProject(root, ['other']).text('other');
    const run = await runImport(root, fake);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);

    const { stack, text } = synthProject(root, ['acme', 'other']);
    // Every other org's stack is byte-identical: acme's new monitors are acme's own.
    expect(text('other')).toBe(otherBefore);
    const acme = stack('acme');
    const monitors = acme.resource.datadog_monitor;
    const byLiveId = new Map<string, any>(
      acme.import.filter((i: any) => i.to.startsWith('datadog_monitor.')).map((i: any) => [i.id, monitors[i.to.split('.')[1]]]),
    );
    expect([...byLiveId.keys()].sort()).toEqual(['2001', '2002', '2003', '2004', '2005', '2006']);

    // The draft stays a draft; the others are published (the provider's default).
    expect(byLiveId.get('2001').draft_status).toBe('draft');
    for (const id of ['2002', '2003', '2004', '2005', '2006']) expect([id, byLiveId.get(id).draft_status]).toEqual([id, undefined]);

    // Restrictions: the named role through a datadog_role data source of this org, the other by id.
    expect(byLiveId.get('2002').restricted_roles).toEqual([UNNAMED_ROLE, '${data.datadog_role.role_secops_editors.id}']);
    expect(acme.data.datadog_role.role_secops_editors.filter).toBe('SecOps Editors');
    const org = readJson(path.join(root, 'orgs/acme.json'));
    expect(org.monitors.overrides.login_spike_restricted.restrictedRoles).toEqual([UNNAMED_ROLE, 'SecOps Editors']);
    // The id the roles API does not list is kept (dropping it would widen who may edit), and said.
    expect(run.out).toContain(
      `monitor 2002 (login_spike_restricted): restricted_roles "${UNNAMED_ROLE}" is no role of this org (GET /api/v2/roles does not list it): kept as an id in orgs/acme.json at monitors.overrides.login_spike_restricted.restrictedRoles`,
    );
    // Role ids never reach the shared catalog.
    for (const [file, content] of snapshotTree(root)) if (file.startsWith('monitors/')) expect(content).not.toContain('restricted_roles');

    // The live twin of the catalog's cpu_high keeps its threshold (95), as acme's override, and its
    // message as written: synth would move its mention to the end, so the message routes itself.
    expect(byLiveId.get('2003')).toBe(monitors.monitor_cpu_high);
    expect(monitors.monitor_cpu_high.query).toBe(live(2003).query);
    expect(monitors.monitor_cpu_high.monitor_thresholds.critical).toBe('95');
    expect(monitors.monitor_cpu_high.message).toBe(live(2003).message);
    expect(org.monitors.overrides.cpu_high).toEqual({ message: live(2003).message, thresholds: { critical: 95 }, routing: 'message' });
    expect(readJson(path.join(root, 'monitors/cpu_high.json')).options.thresholds.critical).toBe(90);

    // Routing exactly as it was.
    // Torq only in escalation_message: no mention appended to the message; the escalation keeps it.
    const escalation = byLiveId.get('2004');
    expect(escalation.message).toBe(live(2004).message);
    expect(escalation.escalation_message).toBe('Still full after an hour @webhook-torq');
    // Inside {{#is_match}}: the message as written, one mention, not widened to every alert.
    expect(byLiveId.get('2005').message).toBe(live(2005).message);
    expect(org.monitors.overrides.error_rate_prod_only).toEqual({ routing: 'message' });
    // @webhook-Torq: found, and kept as written (no second mention).
    expect(byLiveId.get('2006').message).toBe(live(2006).message);
    // Mentions that already say the routing keep their message byte for byte (issue 20): one mention, where it was.
    expect(byLiveId.get('2001').message).toBe(live(2001).message);
    expect(byLiveId.get('2002').message).toBe(live(2002).message);
    // Each routed monitor waits for the webhook it notifies.
    for (const id of ['2001', '2002', '2003', '2005', '2006']) expect([id, byLiveId.get(id).depends_on]).toEqual([id, ['datadog_webhook.webhook_torq']]);

    // The org's identity is recorded; the output says what the first apply changes.
    expect(org.datadogOrg).toEqual({ publicId: 'abc123acme', name: 'Acme EU' });
    expect(run.out).toContain('orgs/acme/monitors/queue_backlog_draft.json');
    expect(run.out).not.toMatch(/draft_status from/);
    expect(run.out).not.toMatch(/restricted_roles from/);
    expect(run.out).not.toContain('monitors/cpu_high.json (monitor 2003): the first apply will change');
    // What the first apply changes is said and recorded for the review: no message is rewritten to
    // move a mention; the webhook's header value comes from a sensitive variable.
    expect(run.out).not.toMatch(/the Torq mention moves/);
    expect(org.adopt.changes).toEqual({
      'webhook:torq': [
        { field: 'custom_headers', note: 'X-Torq-Token from TF_VAR_torq_webhook_header_acme_torq_x_torq_token (sensitive; set each to the live value)' },
      ],
    });
    // ...and reaches cdk.tf.json as a local that Terraform ignores and the review reads.
    expect(acme.locals.torq_adopt_first_apply_changes).toEqual(org.adopt.changes);
    expect(stack('other').locals).toBeUndefined();
    expect(run.out).not.toContain('orgs/acme/monitors/error_rate_prod_only.json (monitor 2005): the first apply will change');
    expect(run.out).not.toContain('orgs/acme/monitors/disk_full_escalation_only.json (monitor 2004): the first apply will change');
  });

  test('a live twin with another scope, another message text and a catalog tag removed: live wins, the first apply changes nothing on it', async () => {
    const twin = live(2003);
    twin.query = 'avg(last_5m):avg:system.cpu.user{env:prod} by {host} > 95';
    // The text differs; the mention sits where synth writes it, so routing stays in the org file.
    twin.message = 'CPU on {{host.name}} is {{value}}% in prod, see the runbook.\n\n @webhook-torq';
    twin.tags = ['team:infra'];
    const root = project();
    const run = await runImport(root, fake);
    expect([run.code, run.err]).toEqual([0, '']);
    const org = readJson(path.join(root, 'orgs/acme.json'));
    expect(org.monitors.overrides.cpu_high).toEqual({
      query: twin.query,
      message: 'CPU on {{host.name}} is {{value}}% in prod, see the runbook.',
      thresholds: { critical: 95 },
      tags: ['team:infra'],
      removeTags: ['integration:torq'],
    });
    expect(run.out).not.toContain('monitors/cpu_high.json (monitor 2003): the first apply will change');
    expect(org.adopt.changes.cpu_high).toBeUndefined();
    // The shared file is untouched: other orgs keep the catalog's query, message and tags.
    expect(readJson(path.join(root, 'monitors/cpu_high.json'))).toEqual(readJson(path.join(ADOPT, 'project/monitors/cpu_high.json')));

    const cpu = synthProject(root, ['acme']).stack('acme').resource.datadog_monitor.monitor_cpu_high;
    expect(cpu.query).toBe(twin.query);
    expect(cpu.message).toBe(twin.message);
    expect([...cpu.tags].sort()).toEqual(twin.tags);
    expect(cpu.monitor_thresholds.critical).toBe('95');

    // A second import computes the same overrides.
    const before = snapshotTree(root);
    expect((await runImport(root, fake)).out.split('\n').pop()).toBe('no file changed');
    expect(snapshotTree(root)).toEqual(before);
  });

  test('a live twin of another type: the one change left is the replace, said and recorded for the review', async () => {
    const twin = live(2003);
    twin.type = 'service check';
    twin.query = '"system.cpu.ok".over("*").by("host").last(2).count_by_status()';
    twin.options = { thresholds: { critical: 1 }, notify_no_data: false };
    const root = project();
    const run = await runImport(root, fake);
    expect([run.code, run.err]).toEqual([0, '']);
    const org = readJson(path.join(root, 'orgs/acme.json'));
    // The catalog's query stays (a service-check query does not fit a metric alert); the rest is the live monitor's.
    expect(org.monitors.overrides.cpu_high.query).toBeUndefined();
    // Recorded as data: field, before, after and why.
    expect(org.adopt.changes.cpu_high).toEqual([
      { field: 'type', before: '"service check"', after: '"metric alert"', note: 'datadog_monitor replaces the monitor (a new id)' },
      {
        field: 'query',
        before: '"\\"system.cpu.ok\\".over(\\"*\\").by(\\"host\\").last(2).count_by_status()"',
        after: '"avg(last_5m):avg:system.cpu.user{*} by {host} > 1"',
      },
    ]);
    expect(run.out).toContain(
      'monitors/cpu_high.json (monitor 2003): the first apply will change:\n      type from "service check" to "metric alert": datadog_monitor replaces the monitor (a new id)\n',
    );
  });

  test('adopt.changes follows the live org: what an import finds is recorded, an import that no longer finds it drops it', async () => {
    const root = project();
    // notify_no_data without no_data_timeframe: the provider would send its 10 minutes.
    live(2001).options = { ...live(2001).options, notify_no_data: true, no_data_timeframe: null };
    expect((await runImport(root, fake)).code).toBe(0);
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt.changes.queue_backlog_draft.map(describeChange)).toEqual([
      'options.no_data_timeframe from (none) to 10: datadog_monitor sends its default of 10 minutes where Datadog used twice the evaluation window; set options.no_data_timeframe to keep the live behaviour',
    ]);
    // Someone set it in Datadog: the import takes it, and nothing is left to change on the first apply.
    live(2001).options.no_data_timeframe = 20;
    const run = await runImport(root, fake);
    expect([run.code, run.err]).toEqual([0, '']);
    expect(run.out).toContain('the first apply changes none of the imported monitors');
    expect(Object.keys(readJson(path.join(root, 'orgs/acme.json')).adopt.changes)).toEqual(['webhook:torq']);
  });

  test('a second import changes no file', async () => {
    const root = project();
    expect((await runImport(root, fake)).code).toBe(0);
    const first = snapshotTree(root);
    const again = await runImport(root, fake);
    expect(again.code).toBe(0);
    expect(again.out.split('\n').pop()).toBe('no file changed');
    expect(snapshotTree(root)).toEqual(first);
  });

  test('an import that sees an empty org removes nothing, and names what --prune would remove', async () => {
    const root = project();
    expect((await runImport(root, fake)).code).toBe(0);
    const adopted = readJson(path.join(root, 'orgs/acme.json')).adopt;
    fake.data.monitors = [];
    const empty = await runImport(root, fake);
    expect(empty.code).toBe(0);
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt).toEqual(adopted);
    expect(empty.out).toContain('the org does not have 6 adopted resource(s): adopt.monitors.cpu_high (monitor 2003), ');
    expect(empty.out).toContain('their adopt entries are kept (--prune removes them');
  });

  test('keys of another org stop the import, and nothing is written', async () => {
    const root = project();
    expect((await runImport(root, fake)).code).toBe(0);
    const before = snapshotTree(root);
    fake.data.org = { public_id: 'zzz999other', name: 'Someone else' };
    const run = await runImport(root, fake);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      'orgs/acme.json: $.datadogOrg.publicId: error: the keys belong to Datadog org "zzz999other" ("Someone else"), but orgs/acme.json was imported from org "abc123acme" ("Acme EU")',
    );
    expect(run.err).toContain('nothing was written');
    expect(snapshotTree(root)).toEqual(before);
  });

  test('keys that may not read the org: a note at the first import, a stop once an identity is on record', async () => {
    const root = project();
    fake.data.orgForbidden = true;
    const first = await runImport(root, fake);
    expect(first.code).toBe(0);
    expect(first.out).toContain("the org's identity was not read (GET /api/v1/org answered 403)");
    expect(readJson(path.join(root, 'orgs/acme.json')).datadogOrg).toBeUndefined();

    fake.data.orgForbidden = false;
    expect((await runImport(root, fake)).code).toBe(0);
    expect(readJson(path.join(root, 'orgs/acme.json')).datadogOrg).toBeDefined();
    const before = snapshotTree(root);
    fake.data.orgForbidden = true;
    const run = await runImport(root, fake);
    expect(run.code).toBe(1);
    expect(run.err).toContain('orgs/acme.json: $.datadogOrg.publicId: error: the keys may not read the org (GET /api/v1/org answered 403)');
    expect(snapshotTree(root)).toEqual(before);
  });

  test('--catalog-wins keeps the catalog and lists what the first apply changes', async () => {
    const root = project();
    const run = await runImport(root, fake, ['--catalog-wins']);
    expect(run.code).toBe(0);
    expect(readJson(path.join(root, 'orgs/acme.json')).monitors.overrides?.cpu_high).toBeUndefined();
    expect(run.out).toContain('monitors/cpu_high.json (monitor 2003): the first apply will change:');
    expect(run.out).toContain('query from "avg(last_5m):avg:system.cpu.user{*} by {host} > 95" to "avg(last_5m):avg:system.cpu.user{*} by {host} > 90"');
    expect(run.out).toContain('options.thresholds from {"critical":95} to {"critical":90}');
    // Recorded for the review of the import.
    expect(readJson(path.join(root, 'orgs/acme.json')).adopt.changes.cpu_high).toContainEqual({
      field: 'options.thresholds',
      before: '{"critical":95}',
      after: '{"critical":90}',
    });
  });

  test('--monitors id:<n> writes files that synthesize, one monitor at a time', async () => {
    const root = project();
    for (const id of ['2005', '2004', '2002']) {
      const run = await runImport(root, fake, ['--monitors', `id:${id}`]);
      expect([id, run.code, run.err]).toEqual([id, 0, '']);
      const acme = synthProject(root, ['acme']).stack('acme');
      expect(acme.import.some((i: any) => i.id === id)).toBe(true);
    }
    const acme = synthProject(root, ['acme']).stack('acme');
    expect(acme.resource.datadog_monitor.monitor_error_rate_prod_only.message).toBe(live(2005).message);
    expect(acme.resource.datadog_monitor.monitor_disk_full_escalation_only.message).toBe(live(2004).message);
  });

  test('removeTags that names a tag the monitor file does not have is a warning at its path', () => {
    const root = project();
    const file = path.join(root, 'orgs/acme.json');
    fs.writeFileSync(file, JSON.stringify({ ...readJson(file), monitors: { overrides: { cpu_high: { removeTags: ['integration:torq', 'team:none'] } } } }));
    const loaded = loadProject(root, { orgs: ['acme'] });
    expect(loaded.findings.map(formatFinding)).toEqual([
      'orgs/acme.json: $.monitors.overrides.cpu_high.removeTags[1]: warning: "team:none" is not a tag of monitors/cpu_high.json, so there is nothing to remove; expected one of: integration:torq',
    ]);
    expect(loaded.project!.orgs[0].monitors.find((m) => m.id === 'cpu_high')!.definition.tags).toEqual([]);
  });
});
