/**
 * A template user's routine first step, as the README says it: replace the example org with their
 * own (two orgs, us1 and eu1, remote state). Then the project's snapshot suite stays green (jest,
 * a process of its own: its exit code is what `npm test` reports), and the review of that change
 * raises nothing about the example org, which CI never deployed. (bench brings its own org:
 * test/perf/bench.test.ts.)
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { runOrgNew, parseOrgNewArgs } from '../../src/cli/orgNew';
import { review } from '../../src/cli/review';
import { commitAll, makeRepo, PROJECT } from '../helpers/gitRepo';

const run = promisify(execFile);

/** The project's own snapshot suite, in the copy, as `npm test` runs it (CI=true adds --ci). */
async function projectSuite(dir: string, ci: boolean): Promise<{ code: number; out: string }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(ci ? { CI: 'true' } : {}) };
  try {
    const r = await run(process.execPath, [path.join(PROJECT, 'node_modules/jest/bin/jest.js'), '--rootDir', dir, 'test/project.test.ts'], { cwd: dir, env });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function orgNew(dir: string, argv: string[]): void {
  const opts = parseOrgNewArgs(argv, dir);
  if (typeof opts === 'string') throw new Error(opts);
  const err: string[] = [];
  expect([runOrgNew(opts, { stdout: () => undefined, stderr: (l) => err.push(l) }), err]).toEqual([0, []]);
}

test('replacing the example org with two new ones keeps the snapshot suite green and the review quiet about the example', async () => {
  const dir = makeRepo();
  // The suite and its helpers, as a clone has them; the snapshot of the example org is committed.
  for (const f of ['jest.config.js', 'test/project.test.ts', 'test/helpers/project.ts', 'test/helpers/skippedReporter.js', 'schema'])
    fs.cpSync(path.join(PROJECT, f), path.join(dir, f), { recursive: true });
  fs.mkdirSync(path.join(dir, 'test/__snapshots__/orgs'), { recursive: true });
  // The fixture's $schema points out of test/fixtures; a clone's points at its own schema/.
  const example = JSON.parse(fs.readFileSync(path.join(dir, 'orgs/example.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'orgs/example.json'), JSON.stringify({ ...example, $schema: '../schema/org.schema.json' }, null, 2));
  const first = await projectSuite(dir, false);
  expect(first.code === 0 ? '' : first.out).toBe('');
  expect(fs.readdirSync(path.join(dir, 'test/__snapshots__/orgs'))).toEqual(['example.tf.json']);
  commitAll(dir, 'the template, with its snapshot');

  fs.rmSync(path.join(dir, 'orgs/example.json'));
  orgNew(dir, ['acme-us', '--site', 'us1', '--backend', 's3', '--bucket', 'acme-tf-state', '--region', 'us-east-1']);
  orgNew(dir, ['acme-eu', '--site', 'eu1', '--backend', 's3', '--bucket', 'acme-tf-state', '--region', 'eu-west-1']);

  // On CI nothing is written: the new orgs' snapshots are missing and the example's is left over.
  const ci = await projectSuite(dir, true);
  expect(ci.code).toBe(1);
  expect(ci.out).toContain('test/__snapshots__/orgs/acme-us.tf.json: no snapshot of orgs/acme-us.json');
  expect(ci.out).toContain('test/__snapshots__/orgs/example.tf.json: orgs/example.json is gone');
  expect(ci.out).not.toContain('obsolete');
  // A local run (what the README says to run) writes the new ones and drops the example's; then CI is green.
  const local = await projectSuite(dir, false);
  expect({ code: local.code, obsolete: local.out.includes('obsolete') }).toEqual({ code: 0, obsolete: false });
  expect(fs.readdirSync(path.join(dir, 'test/__snapshots__/orgs')).sort()).toEqual(['acme-eu.tf.json', 'acme-us.tf.json']);
  expect(await projectSuite(dir, true)).toMatchObject({ code: 0 });

  const r = await review({ root: dir, base: 'HEAD', failOnAttention: true }, { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' });
  expect(r.review.attention.map((a) => `${a.org} ${a.kind}`).sort()).toEqual(['acme-eu new-org', 'acme-us new-org']);
  expect(r.markdown).not.toContain('looks renamed');
});
