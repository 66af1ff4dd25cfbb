/**
 * The two commands as a person runs them (`npm run org:new` / `npm run org:import` run these
 * entry points through scripts/run.js) against the local fake API, then synth.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { API_KEY, APP_KEY, FakeDatadog, fixtureSecrets, startFakeDatadog } from './fakeDatadog';
import { REPO, copyProject, readJson, snapshotTree, synthProject } from './helpers';

const run = promisify(execFile);


let fake: FakeDatadog;
beforeAll(async () => {
  fake = await startFakeDatadog();
});
afterAll(async () => {
  await fake.close();
});

async function node(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [path.join(REPO, 'scripts/run.js'), ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

test('org:new, org:import, then synth: a new org adopting what it has', async () => {
  const root = copyProject();
  const created = await node(['src/cli/orgNew.ts', 'acme', '--site', 'eu1', '--service-account-email', 'torq@acme.example', '--notify', '@slack-secops', '--root', root]);
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  expect(created.stdout).toContain('npm run org:import -- acme');

  const env = { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_HOST: fake.url };
  const imported = await node(['src/cli/orgImport.ts', 'acme', '--root', root], env);
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  expect(imported.stdout).toMatch(/^wrote \d+ file\(s\): /m);
  const org = readJson(path.join(root, 'orgs/acme.json'));
  expect(org.adopt.webhooks).toEqual(['torq']);

  const again = await node(['src/cli/orgImport.ts', 'acme', '--root', root], env);
  expect(again.code).toBe(0);
  expect(again.stdout.trimEnd().split('\n').pop()).toBe('no file changed');

  // In-process synth (other suites bundle main.ts into .build/ too; two bundlers writing one file could race).
  const synth = synthProject(root, ['acme']);
  expect(synth.warnings).toEqual([]);
  const stack = synth.stack('acme');
  expect(stack.import.map((b: { to: string }) => b.to)).toContain('datadog_webhook.webhook_torq');

  const everything = [created, imported, again].flatMap((r) => [r.stdout, r.stderr]).concat([...snapshotTree(root).values(), synth.text('acme')]);
  for (const secret of fixtureSecrets()) expect(everything.some((t) => t.includes(secret))).toBe(false);
});

test('usage errors exit 1 (as every command) and say what was expected', async () => {
  const r = await node(['src/cli/orgImport.ts', '--monitors']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^org:import: --monitors needs a filter; usage: npm run org:import -- <org>/);
  const n = await node(['src/cli/orgNew.ts', 'acme']);
  expect(n.code).toBe(1);
  expect(n.stderr).toMatch(/^org:new: missing --site; expected one of: us1, us3, us5, eu1, ap1, ap2, us1-fed/);
});
