/**
 * The two commands against the local fake API, then synth: the whole flow through the functions
 * their entry points run (orgNewMain, orgImportMain: argv in, lines out, exit code), in-process.
 * The process boundary (exit codes and streams of the real process) is test/cli/help.test.ts's.
 */
import * as path from 'path';
import { orgImportMain } from '../../src/cli/orgImport';
import { orgNewMain } from '../../src/cli/orgNew';
import { API_KEY, APP_KEY, FakeDatadog, fixtureSecrets, startFakeDatadog } from '../import/fakeDatadog';
import { REPO, copyProject, readJson, snapshotTree, synthProject } from '../import/helpers';

let fake: FakeDatadog;
beforeAll(async () => {
  fake = await startFakeDatadog();
});
afterAll(async () => {
  await fake.close();
});

/** A command's entry in-process, as its process would run: stdout and stderr as text, the exit code. */
async function inProcess(
  main: (io: { stdout: (l: string) => void; stderr: (l: string) => void }) => number | Promise<number>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({ stdout: (l) => (stdout += `${l}\n`), stderr: (l) => (stderr += `${l}\n`) });
  return { code, stdout, stderr };
}

test('org:new, org:import, then synth: a new org adopting what it has', async () => {
  const root = copyProject();
  const created = await inProcess((io) =>
    orgNewMain(['acme', '--site', 'eu1', '--service-account-email', 'torq@acme.example', '--notify', '@slack-secops', '--root', root], REPO, io),
  );
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  expect(created.stdout).toContain('npm run org:import -- acme');

  const env = { DD_API_KEY: API_KEY, DD_APP_KEY: APP_KEY, DD_HOST: fake.url };
  const imported = await inProcess((io) => orgImportMain(['acme', '--root', root], REPO, env, io));
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  expect(imported.stdout).toMatch(/^wrote \d+ file\(s\): /m);
  const org = readJson(path.join(root, 'orgs/acme.json'));
  expect(org.adopt.webhooks).toEqual(['torq']);

  const again = await inProcess((io) => orgImportMain(['acme', '--root', root], REPO, env, io));
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
  const r = await inProcess((io) => orgImportMain(['--monitors'], REPO, {}, io));
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^org:import: --monitors needs a filter; usage: npm run org:import -- <org>/);
  const n = await inProcess((io) => orgNewMain(['acme'], REPO, io));
  expect(n.code).toBe(1);
  expect(n.stderr).toMatch(/^org:new: missing --site; expected one of: us1, us3, us5, eu1, ap1, ap2, us1-fed/);
});
