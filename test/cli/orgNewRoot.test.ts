/**
 * org:new --root with a mistyped folder: refused, nothing created (it used to create the folder and
 * an org file with no catalog in it).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseOrgNewArgs, runOrgNew } from '../../src/cli/orgNew';
import { tempDir } from '../helpers/project';

function orgNew(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const opts = parseOrgNewArgs(argv, tempDir('torq-org-new-cwd-'));
  if (typeof opts === 'string') throw new Error(opts);
  const code = runOrgNew(opts, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

test('a --root that is not a project folder is an error, and nothing is created', () => {
  const root = path.join(tempDir('torq-org-new-root-'), 'typo');
  const r = orgNew(['acme', '--site', 'eu1', '--root', root]);
  expect(r.code).toBe(1);
  expect(r.out).toEqual([]);
  expect(r.err).toEqual([
    `--root: error: ${JSON.stringify(root)} is not a project folder (it has no orgs/ and no monitors/); expected the folder that holds orgs/ and monitors/`,
    'org:new stopped; nothing was written',
  ]);
  expect(fs.existsSync(root)).toBe(false);
});

test('a project with a catalog and no org yet is a project folder: the first org is written', () => {
  const root = tempDir('torq-org-new-first-');
  fs.mkdirSync(path.join(root, 'monitors'));
  fs.copyFileSync(path.resolve(__dirname, '../fixtures/cli/pasted/monitors/host_cpu_high.json'), path.join(root, 'monitors/host_cpu_high.json'));
  const r = orgNew(['acme', '--site', 'datadoghq.eu', '--root', root, '--backend', 's3', '--bucket', 'b', '--region', 'eu-west-1']);
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(root, 'orgs/acme.json'), 'utf8'))).toMatchObject({
    $schema: '../schema/org.schema.json',
    site: 'eu1',
    backend: { type: 's3', bucket: 'b', region: 'eu-west-1' },
  });
});
