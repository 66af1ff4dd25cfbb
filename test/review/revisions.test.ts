/**
 * The review's git part, end to end: small git repositories of the package, a base commit, a change
 * in the working tree or a second commit (--head), a base that predates the package, refs and heads
 * that fail, and the command's exit codes. What the review says about a change is tested on
 * synthesized outputs, without git (review.test.ts and the other suites of this folder).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, review, ReviewResult } from '../../src/cli/review';
import { commitAll, copyProject, editJson, git, makeRepo, removeRepos } from '../helpers/gitRepo';

jest.setTimeout(60000);

afterAll(removeRepos);

/** The environment CI gives: the review must work with CI set (it never deploys). */
const CI_ENV = { ...process.env, CI: 'true' };

function run(dir: string, extra: { head?: string; base?: string; failOnAttention?: boolean } = {}): Promise<ReviewResult> {
  return review({ root: dir, base: extra.base ?? 'HEAD', head: extra.head, failOnAttention: extra.failOnAttention ?? false }, CI_ENV);
}

describe('review of git revisions', () => {
  test('nothing changed: "No changes", exit 0, and the temporary worktree is gone', async () => {
    const dir = makeRepo();
    const r = await run(dir);
    expect(r.markdown).toContain('No changes');
    expect(r.review.attention).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  });

  test('an org added and one removed (from a second commit, with --head)', async () => {
    const dir = makeRepo();
    fs.copyFileSync(path.join(dir, 'orgs/example.json'), path.join(dir, 'orgs/legacy.json'));
    // Remote state: an org CI could deploy (a local-state org's removal is not an item).
    editJson(dir, 'orgs/legacy.json', (o) => {
      o.backend = { type: 's3', bucket: 'acme-tf-state', region: 'eu-west-1' };
    });
    commitAll(dir, 'with legacy');
    git(dir, 'mv', 'orgs/legacy.json', 'orgs/staging.json');
    editJson(dir, 'orgs/staging.json', (o) => {
      o.site = 'eu1';
    });
    commitAll(dir, 'staging instead of legacy');
    const r = await run(dir, { base: 'HEAD~1', head: 'HEAD' });
    expect(r.markdown).toContain('## Datadog changes: `HEAD~1` -> `HEAD`');
    expect(r.markdown).toContain('- **example**: no changes');
    expect(r.markdown).toContain(
      '- **staging**: 0 to import, 14 to create, 0 to update, 0 to replace, 0 to destroy · new org: 8 monitors, 1 health monitor, 1 dashboard, 1 webhook, Torq keys',
    );
    expect(r.markdown).toContain('- **legacy**: org removed');
    const removed = r.review.attention.filter((a) => a.kind === 'org-removed');
    expect(removed).toHaveLength(1);
    expect(removed[0].message).toContain('`npx cdktf destroy legacy`');
  });

  test('a base that predates the package: every org is new', async () => {
    const dir = makeRepo({ withPackage: false });
    copyProject(dir);
    const r = await run(dir);
    expect(r.review.orgs.map((o) => [o.org, o.status])).toEqual([['example', 'added']]);
    expect(r.markdown).toContain('· new org: 8 monitors');
  });

  test('a head that does not synthesize: the error names the file and field, secrets redacted; bad refs are named', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.site = 'https://hooks.torq.io/v1/webhooks/6f1c2d3e-aaaa-bbbb-cccc-0123456789ab';
    });
    const error = await run(dir).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(error).toMatch(/^synth of the head \(the working tree\) failed \(exit 1\):\n.*orgs\/example\.json: \$\.site: error:/s);
    expect(error).toContain('https://hooks.torq.io/<redacted>');
    expect(error).not.toContain('6f1c2d3e');
    await expect(run(dir, { base: 'no-such-branch' })).rejects.toThrow('git ref "no-such-branch" not found');
    expect(git(dir, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  test('the command: --out writes the Markdown, --fail-on-attention exits 2 (found), bad arguments exit 1 (usage)', async () => {
    const dir = makeRepo();
    editJson(dir, 'orgs/example.json', (o) => {
      o.monitors.overrides.k8s_crashloop = { webhook: null };
    });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torq-review-out-')), 'review.md');
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['--base', 'HEAD', '--out', out, '--fail-on-attention'], dir, CI_ENV)).toBe(2);
      // The command's two lines on stderr: where the Markdown went (a path outside the project in full), and why the exit is 2.
      expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([
        `review: wrote ${out} (1 item(s) need attention)\n`,
        'review: 1 item(s) need attention (--fail-on-attention)\n',
      ]);
      expect(fs.readFileSync(out, 'utf8')).toContain('### Needs attention (1)');
      expect(await main(['--base', 'HEAD', '--out', out], dir, CI_ENV)).toBe(0);
      expect(await main(['--head', 'HEAD'], dir, CI_ENV)).toBe(1);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain('--base <git-ref> is required');
      expect(await main(['--base', 'nope'], dir, CI_ENV)).toBe(1);
    } finally {
      stderr.mockRestore();
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
