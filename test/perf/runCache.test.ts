/**
 * scripts/run.js reuses its esbuild bundle between runs (synth is faster by the build's time),
 * but never runs stale code: after any edit to a bundled file, even one that leaves an old mtime,
 * the next run runs the new code.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../helpers/project';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torq-run-'));
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.copyFileSync(path.join(REPO, 'scripts', 'run.js'), path.join(dir, 'scripts', 'run.js'));
  fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'entry.ts'), "import { value } from './lib';\nprocess.stdout.write(`${value} ${process.argv.slice(2).join(' ')}`);\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const writeLib = (value: string) => fs.writeFileSync(path.join(dir, 'lib.ts'), `export const value: string = ${JSON.stringify(value)};\n`);
const run = () => execFileSync(process.execPath, [path.join(dir, 'scripts', 'run.js'), 'entry.ts', 'a', 'b'], { cwd: dir, encoding: 'utf8' });
const bundleTime = () => fs.statSync(path.join(dir, '.build', 'entry.js')).mtimeMs;

test('runs the entry with its arguments, reuses the bundle, and rebuilds it after an edit', () => {
  writeLib('one');
  expect(run()).toBe('one a b');
  const built = bundleTime();
  expect(run()).toBe('one a b');
  expect(bundleTime()).toBe(built);

  writeLib('two');
  expect(run()).toBe('two a b');

  // An edit that keeps an old mtime (a copy with cp -p, an archive) is still seen.
  writeLib('three');
  fs.utimesSync(path.join(dir, 'lib.ts'), new Date('2001-01-01'), new Date('2001-01-01'));
  expect(run()).toBe('three a b');
});
