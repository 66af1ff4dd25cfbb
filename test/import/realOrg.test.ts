/**
 * Adopting a realistic org (issue 20) against the stand-in API: never blocked by one object,
 * nothing dropped without a line saying so, no key-order alarms, UI edits seen on the next import,
 * no header value in any file or output.
 */
import { describeChange, type RecordedChange } from '../../src/config/fieldChange';
import * as path from 'path';
import { adoptionAttention } from '../../src/review/adoption';
import { FakeDatadog, importAgainst, startFakeDatadog } from './fakeDatadog';
import { copyProject, readJson, snapshotTree, synthProject, writeJson } from './helpers';
import { CANARY, CANARY_ENV, CANARY_TORQ, CANARY_URL, REAL_ORG, serveRealOrg } from './realOrg';

async function runImport(root: string, fake: FakeDatadog, argv: string[] = []) {
  return importAgainst(fake, 'realco', root, argv);
}

function project(): string {
  const root = copyProject();
  writeJson(path.join(root, 'orgs/realco.json'), REAL_ORG);
  return root;
}

/** No canary (header values, the URL) anywhere in the files or in what was printed. */
function expectNoSecret(root: string, ...texts: string[]): void {
  const all = [...snapshotTree(root).values(), ...texts].join('\n');
  for (const secret of [CANARY, CANARY_ENV, CANARY_TORQ, CANARY_URL, 'canary-url-0d6e4a2c']) expect([secret, all.includes(secret)]).toEqual([secret, false]);
}

let fake: FakeDatadog;
beforeEach(async () => {
  fake = await startFakeDatadog();
  serveRealOrg(fake);
});
afterEach(async () => {
  await fake.close();
});

const live = (id: number) => fake.data.monitors.find((m) => m.id === id);

describe('adopting a realistic org', () => {
  test('adopts what it can, says what it cannot and why, and what the first apply changes', async () => {
    const root = project();
    const run = await runImport(root, fake);
    if (process.env.SHOW_REAL_ORG) console.log(run.out);
    expect([run.code, run.err]).toEqual([0, '']);
    const org = readJson(path.join(root, 'orgs/realco.json'));
    const adopted = Object.values(org.adopt.monitors).map(Number).sort();
    // Every monitor is adopted, or named with its reason: nothing dropped without a line.
    for (const id of [3001, 3002, 3003, 3004, 3005, 3006, 3007, 3008, 3009, 3010, 3011, 3012, 3013]) {
      const said = adopted.includes(id) || new RegExp(`monitor ${id} "[^"]*"[^\\n]* not imported: `).test(run.out);
      expect([id, said]).toEqual([id, true]);
    }
    expect(run.out).toMatch(/monitor 3006 "\[Synthetics\] Checkout page" not imported: a synthetics alert belongs to its synthetics test/);
    // Every monitor but the synthetics one, including 3004 (a custom schedule without
    // on_missing_data, as Datadog returns it: Datadog holds it, so validation only warns); the
    // composite pulls in what it refers to, the dashboard's alert graph too.
    expect(adopted).toEqual([3001, 3002, 3003, 3004, 3005, 3007, 3008, 3009, 3010, 3011, 3012, 3013]);
    expect(org.adopt.dashboards).toEqual({ torq_checkout: 'rea-lda-sh1' });
    expect(org.adopt.webhooks).toEqual(['torq', 'torq-ops']);

    // Recorded as data; read here as the lines org:import prints.
    const changes: Record<string, string[]> = Object.fromEntries(
      Object.entries(org.adopt.changes as Record<string, RecordedChange[]>).map(([k, v]) => [k, v.map(describeChange)]),
    );
    const cid = (did: number) => Object.entries(org.adopt.monitors).find(([, d]) => Number(d) === did)![0];
    // Fields the provider cannot express.
    expect(changes[cid(3003)].join('\n')).toMatch(
      /options\.scheduling_options .*no evaluation_window\.timezone, so the window then starts at 06:00 UTC, not Europe\/Paris/,
    );
    expect(changes[cid(3007)]).toContain(
      'options.default_snapshot_style from "graph" to (none): datadog_monitor 3.82.0 has no attribute for it, so the code cannot hold it and an update clears it',
    );
    // A default the provider adds.
    expect(changes[cid(3010)]).toEqual([
      expect.stringMatching(/^options\.no_data_timeframe from \(none\) to 10: datadog_monitor sends its default of 10 minutes/),
    ]);
    // No false alarms: key order, numbers, defaults equal to the live value.
    expect(JSON.stringify(changes)).not.toMatch(/options\.variables|options\.threshold_windows|options\.include_tags|options\.new_host_delay/);
    expect(changes[cid(3008)]).toBeUndefined();
    expect(changes[cid(3009)]).toBeUndefined();
    // A read-only dashboard stays read-only (synth deploys is_read_only as the admin role's restriction): said.
    expect(changes['dashboard:torq_checkout']).toEqual([
      'restricted_roles from [] to ["Datadog Admin Role"]: is_read_only true is deployed as an edit restriction to the Datadog Admin Role (the same people may edit: the author and admins)',
    ]);
    // Both webhooks keep every header: names in the org file, values from sensitive variables.
    expect(org.webhooks).toEqual([
      { name: 'torq', headers: [{ name: 'X-Torq-Token' }] },
      { name: 'torq-ops', headers: [{ name: 'Authorization' }, { name: 'X-Env' }] },
    ]);
    expect(changes['webhook:torq-ops']).toEqual([
      "payload from Datadog's default payload to the integration's full metadata payload",
      expect.stringMatching(/^custom_headers: Authorization from TF_VAR_\w+, X-Env from TF_VAR_\w+ \(sensitive; set each to the live value\)$/),
    ]);
    // Mentions that already say the routing keep the message byte for byte, in the monitor's own
    // file, and the org file says the routing they express (so a later notifyOn still applies).
    expect(org.monitors.overrides[cid(3011)]).toEqual({ notifyOn: ['alert', 'recovery'] });
    expect(readJson(path.join(root, `orgs/realco/monitors/${cid(3011)}.json`)).message).toBe(live(3011).message);

    // The org synthesizes, with no header value in cdk.tf.json, and imports what it adopted.
    const out = synthProject(root, ['realco']);
    const text = out.text('realco');
    const stack = JSON.parse(text);
    expect(stack.resource.datadog_monitor[`monitor_${cid(3011)}`].message).toBe(live(3011).message);
    // No first apply rewrites a message: every adopted monitor deploys its live message byte for byte.
    for (const did of adopted) expect([did, stack.resource.datadog_monitor[`monitor_${cid(did)}`].message]).toEqual([did, live(did).message]);
    expect(stack.import.length).toBe(adopted.length + 1 + 2);
    expectNoSecret(root, run.out, run.err, text);
    // The review of the import shows what the first apply changes on the dashboard and the webhooks too.
    const attention = adoptionAttention(new Map(), new Map([['realco', stack]])).filter((a) => a.message.startsWith('the first apply will change'));
    const addresses = attention.map((a) => a.address);
    expect(addresses).toEqual(
      expect.arrayContaining(['datadog_dashboard_json.dashboard_torq_checkout', 'datadog_webhook.webhook_torq', 'datadog_webhook.webhook_torq-ops']),
    );
    expect(attention.find((a) => a.address === 'datadog_dashboard_json.dashboard_torq_checkout')!.message).toContain(
      'is_read_only true is deployed as an edit restriction',
    );
  });

  test('a second import changes no file', async () => {
    const root = project();
    expect((await runImport(root, fake)).code).toBe(0);
    const first = snapshotTree(root);
    const again = await runImport(root, fake);
    expect([again.code, again.out.split('\n').pop()]).toEqual([0, 'no file changed']);
    expect(snapshotTree(root)).toEqual(first);
  });

  test('a UI edit of an adopted monitor is seen on the next import: reported, shown by --dry-run, written on keep-live', async () => {
    const root = project();
    expect((await runImport(root, fake)).code).toBe(0);
    const org = readJson(path.join(root, 'orgs/realco.json'));
    const cid = Object.entries(org.adopt.monitors).find(([, d]) => Number(d) === 3001)![0];
    // In the UI: the Torq mention removed, the threshold raised.
    live(3001).message = 'CPU is {{value}}%.';
    live(3001).query = 'avg(last_5m):avg:system.cpu.user{service:checkout} > 95';
    live(3001).options.thresholds.critical = 95;

    const before = snapshotTree(root);
    const dry = await runImport(root, fake, ['--dry-run']);
    expect([dry.code, dry.err]).toEqual([0, '']);
    expect(snapshotTree(root)).toEqual(before);
    expect(dry.out).toContain('changed in Datadog since the files were written (adopted monitors are read again whatever the filter):');
    expect(dry.out).toContain('routing: the live message no longer mentions @webhook-torq, so Torq is no longer notified');
    expect(dry.out).toMatch(
      /query from "avg\(last_5m\):avg:system\.cpu\.user\{service:checkout\} > 95" to "avg\(last_5m\):avg:system\.cpu\.user\{service:checkout\} > 90"/,
    );
    expect(dry.out).toMatch(/options\.thresholds from \{"critical":95,"warning":80\} to \{"critical":90,"warning":80\}/);
    expect(dry.out).toMatch(
      /keep live: run without --dry-run and this import writes the live values .*keep code: write nothing and the next deploy reverts them/,
    );
    expect(dry.out).toMatch(/dry run: \d+ file\(s\) would change/);

    const run = await runImport(root, fake);
    expect(run.code).toBe(0);
    expect(run.out).toContain('routing: the live message no longer mentions @webhook-torq');
    // Keep live: the files now say what Datadog has, and the first apply changes nothing on it.
    const deployed = synthProject(root, ['realco']).stack('realco').resource.datadog_monitor[`monitor_${cid}`];
    expect([deployed.query, deployed.message, deployed.monitor_thresholds.critical]).toEqual([live(3001).query, live(3001).message, '95']);
    expect(readJson(path.join(root, 'orgs/realco.json')).adopt.changes?.[cid]).toBeUndefined();
    // And the next import has nothing more to report.
    const again = await runImport(root, fake);
    expect(again.out).not.toContain('changed in Datadog since the files were written');
    expect(again.out.split('\n').pop()).toBe('no file changed');
    // Deleted in Datadog: said, with the two choices; its adopt entry is kept.
    fake.data.monitors = fake.data.monitors.filter((m) => m.id !== 3010);
    const gone = await runImport(root, fake, ['--dry-run']);
    expect(gone.out).toMatch(
      /adopt\.monitors\.\w+ \(monitor 3010\): deleted in Datadog; keep live: --prune removes the entry; keep code: the next deploy creates it again/,
    );
  });

  test('an authHeader the org file declares, whose custom variable already exists: said, and the rest of the org is adopted', async () => {
    fake.data.customVariables = {
      TORQ_TORQ_AUTH: { data: { id: 'TORQ_TORQ_AUTH', type: 'custom_variable', attributes: { name: 'TORQ_TORQ_AUTH', is_secret: true } } },
    };
    const root = project();
    writeJson(path.join(root, 'orgs/realco.json'), { ...REAL_ORG, webhooks: [{ name: 'torq', authHeader: 'X-Torq-Token' }, { name: 'torq-ops' }] });
    const run = await runImport(root, fake);
    expect(run.code).toBe(0);
    const org = readJson(path.join(root, 'orgs/realco.json'));
    expect(org.webhooks[0]).toEqual({ name: 'torq', authHeader: 'X-Torq-Token' });
    expect(org.adopt.changes['webhook:torq'].map(describeChange)).toContain(
      'webhook custom variable TORQ_TORQ_AUTH: it already exists in Datadog and datadog_webhook_custom_variable cannot import it in 3.82.0, so its create fails on the first apply; delete it in Datadog (Integrations -> Webhooks -> Variables) just before the first deploy',
    );
    // The other twelve monitors are adopted all the same (3006, a synthetics alert, never is).
    expect(Object.keys(org.adopt.monitors)).toHaveLength(12);
    expectNoSecret(root, run.out, run.err);
  });

  test('a dashboard the keys may not read is a skip with its reason, not a stop', async () => {
    fake.data.dashboardList.push({ id: 'res-tri-ct1', title: 'Torq restricted' });
    fake.faults.push({ path: '/api/v1/dashboard/res-tri-ct1', status: 500, times: Infinity });
    const root = project();
    const run = await runImport(root, fake);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /note: dashboard res-tri-ct1 "Torq restricted" not imported: it could not be read \(Datadog answered 500 reading dashboard res-tri-ct1 after retries/,
    );
    expect(readJson(path.join(root, 'orgs/realco.json')).adopt.dashboards).toEqual({ torq_checkout: 'rea-lda-sh1' });
  });
});
