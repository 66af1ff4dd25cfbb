/**
 * org:import's reading of the org against a local stand-in API (127.0.0.1): monitors by id_offset,
 * so a monitor deleted while the list is read hides no other; an adopted monitor missing from the
 * list is read by id before anything calls it deleted; a dashboard that answers 404 is said to be gone.
 */
import * as path from 'path';
import { FakeDatadog, importAgainst, startFakeDatadog } from './fakeDatadog';
import { copyProject, readJson, writeJson } from './helpers';

function acmeProject(): string {
  const root = copyProject();
  writeJson(path.join(root, 'orgs/acme.json'), {
    site: 'eu1',
    webhooks: [{ name: 'torq' }],
    monitors: { include: ['*'] },
    health: { notify: ['@slack-secops'], noDataTimeframe: 30 },
    keys: { create: false },
  });
  return root;
}

let fake: FakeDatadog;
beforeEach(async () => {
  fake = await startFakeDatadog();
});
afterEach(async () => {
  await fake.close();
});

test('a monitor deleted between two list requests hides no other monitor (id_offset paging, not page numbers)', async () => {
  const root = acmeProject();
  const ids = fake.data.monitors.map((m) => m.id);
  // After the first answer (1001 and 1002 at page_size 2 in the old paging), 1001 is deleted:
  // page numbers would then start page 1 at 1004 and never show 1003.
  fake.afterMonitorList = (n) => {
    if (n === 1) fake.data.monitors = fake.data.monitors.filter((m) => m.id !== 1001);
  };
  const args = await importAgainst(fake, 'acme', root, ['--no-dashboards'], 2);
  expect(args.code).toBe(0);
  expect(args.out).toMatch(new RegExp(`read org "acme" \\(site eu1\\) at .*: ${ids.length} monitor\\(s\\)`));
  const listed = fake.requests.filter((r) => r.path === '/api/v1/monitor').map((r) => r.query);
  expect(listed.slice(0, 2)).toEqual(['?id_offset=0&page=0&page_size=2', '?id_offset=1002&page=0&page_size=2']);
  expect((await importAgainst(fake, 'acme', acmeProject(), ['--no-dashboards'])).code).toBe(0);
  // Without a page size given, the API's largest page.
  expect(fake.requests.filter((r) => r.path === '/api/v1/monitor').pop()!.query).toBe(`?id_offset=1007&page=0&page_size=1000`);
});

test('an adopted monitor missing from the list is read by id: kept, with a note, even with --prune', async () => {
  const root = acmeProject();
  expect((await importAgainst(fake, 'acme', root, ['--no-dashboards'])).code).toBe(0);
  const adopted = readJson(path.join(root, 'orgs/acme.json')).adopt.monitors as Record<string, number>;
  const [cid, did] = Object.entries(adopted)[0];
  fake.data.unlisted = [did];
  const run = await importAgainst(fake, 'acme', root, ['--no-dashboards', '--prune']);
  expect(run.code).toBe(0);
  expect(run.out).toContain(`monitor ${did} (adopted as ${cid}) was missing from the monitor list but exists (GET /api/v1/monitor/${did}): it is read as well`);
  expect(run.out).not.toContain('--prune: removed');
  expect(readJson(path.join(root, 'orgs/acme.json')).adopt.monitors[cid]).toBe(did);
  expect(fake.requests.some((r) => r.path === `/api/v1/monitor/${did}`)).toBe(true);
});

test('a dashboard that answers 404 is said to be deleted, not unreadable; a 403 asks to check the key', async () => {
  const root = acmeProject();
  const [first, second] = Object.keys(fake.data.dashboards).filter((id) => fake.data.dashboardList.some((d) => d.id === id && /torq/i.test(d.title)));
  delete fake.data.dashboards[first];
  fake.faults.push({ path: `/api/v1/dashboard/${second}`, status: 403, times: Infinity });
  const run = await importAgainst(fake, 'acme', root);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(new RegExp(`dashboard ${first} .* not imported: Datadog answered 404: it was deleted after the dashboard list was read`));
  expect(run.out).not.toMatch(new RegExp(`dashboard ${first} .*check the application key`));
  expect(run.out).toMatch(new RegExp(`dashboard ${second} .* not imported: it could not be read .*check the application key may read it`));
});

test('a mentioned webhook the org file does not declare: one that exists is "in Datadog, not managed here" (recorded, no warning); one that does not is said to never notify', async () => {
  const root = acmeProject();
  const m = fake.data.monitors.find((x) => /@webhook-torq\b/.test(x.message));
  m.message = `${m.message} @webhook-torq-secops @webhook-gone-hook`;
  fake.data.webhooks['torq-secops'] = { name: 'torq-secops', url: 'https://example.invalid/secret-path', payload: null, encode_as: 'json' };
  const run = await importAgainst(fake, 'acme', root, ['--no-dashboards']);
  expect(run.code).toBe(0);
  expect(run.out).toMatch(
    /@webhook-torq-secops \(monitor \w+\) exists in Datadog and is not managed here \(not declared in orgs\/acme\.json webhooks\): recorded in externalWebhooks/,
  );
  expect(run.out).toMatch(/@webhook-gone-hook \(monitor \w+\) names no webhook of this org's Datadog \(GET answered 404\): Datadog never notifies it/);
  expect(run.out).not.toMatch(/@webhook-torq-secops .*names no declared webhook/);
  expect(run.out).toMatch(/@webhook-gone-hook .*names no declared webhook/);
  const org = readJson(path.join(root, 'orgs/acme.json'));
  expect(org.externalWebhooks).toEqual(['torq-secops']);
  expect(Object.keys(org).indexOf('externalWebhooks')).toBe(Object.keys(org).indexOf('webhooks') + 1);
  expect(JSON.stringify(org)).not.toContain('secret-path');
});
