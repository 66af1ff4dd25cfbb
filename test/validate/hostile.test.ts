/**
 * Broken and hostile files, end to end through `npm run validate -- <folder>`: each gets its own
 * named finding, the run exits 1, and no file hides the findings of the others. The folders are
 * built in temp dirs (removed after the file's tests) since git cannot hold all of them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runValidate } from '../../src/cli/validate';
import { MAX_JSON_DEPTH, parseJsonText } from '../../src/config/json';
import { REPO, tempDir } from '../helpers/project';

/**
 * The command of `npm run validate` (from package.json: node scripts/run.js src/cli/validate.ts),
 * run in `cwd` as npm runs it in a project's root, without npm's banner.
 */
function npmRunValidate(args: string[], cwd: string) {
  const script = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.validate;
  const [node, runner, ...rest] = script.split(' ');
  expect([node, runner]).toEqual(['node', 'scripts/run.js']);
  const r = spawnSync(process.execPath, [path.join(REPO, runner), ...rest, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const monitorText = (name: string) =>
  `{\n  "name": "${name}",\n  "type": "query alert",\n  "query": "avg(last_5m):avg:system.cpu.user{*} > 90",\n  "message": "CPU is high",\n  "options": {"thresholds": {"critical": 90}}\n}\n`;

describe('the issue-13 folder: deep nesting, Latin-1, a duplicate key and a symlink loop', () => {
  const dir = tempDir('torq-hostile-');
  const folder = path.join(dir, 'hostile');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  fs.writeFileSync(path.join(folder, 'latin1.json'), Buffer.from(monitorText('Café CPU high'), 'latin1'));
  fs.writeFileSync(path.join(folder, 'duplicate.json'), monitorText('CPU high').replace('\n}\n', ',\n  "options": {"thresholds": {"critical": 95}}\n}\n'));
  fs.symlinkSync('.', path.join(folder, 'loop')); // points back at its parent: hostile/loop/loop/... without end

  test('exit 1, one named finding per file, and the loop walked once', () => {
    const r = npmRunValidate(['hostile'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'hostile/deep.json: $: error: nested deeper than 1000 levels at line 1, column 1001: this [ opens level 1001; expected at most 1000 levels of objects and lists',
      'hostile/duplicate.json: $.options: error: duplicate key "options" at line 7, column 3: the same object has it at line 6, column 3 already, and only the last one would count; expected each key once per object',
      'hostile/latin1.json: $: error: invalid UTF-8 at byte 16 (line 2, column 15): byte E9 (in Windows-1252 or Latin-1, "é") is not valid UTF-8 there; expected UTF-8 text: if the file is Windows-1252 or Latin-1, save it as UTF-8',
      'hostile/loop: $: warning: a symlink to a folder that holds it (hostile); not followed, since that folder is walked anyway: following it would check the same files again, in a loop',
      '3 files checked: 3 errors, 1 warning',
    ]);
    expect(r.code).toBe(1);
  });
});

describe('encodings and one bad file among good ones', () => {
  test('UTF-16 and a doubled BOM are named; the other files are still checked', async () => {
    const root = tempDir('torq-encodings-');
    const monitors = path.join(root, 'monitors');
    fs.mkdirSync(monitors);
    fs.writeFileSync(path.join(monitors, 'utf16.json'), Buffer.from(`\ufeff${monitorText('CPU')}`, 'utf16le'));
    fs.writeFileSync(path.join(monitors, 'utf16be.json'), Buffer.from(monitorText('CPU'), 'utf16le').swap16());
    fs.writeFileSync(path.join(monitors, 'bom2.json'), `\ufeff\ufeff${monitorText('CPU')}`);
    fs.writeFileSync(path.join(monitors, 'bom.json'), `\ufeff${monitorText('CPU')}`);
    fs.writeFileSync(path.join(monitors, 'wrong.json'), monitorText('CPU').replace('"critical": 90', '"critical": 80'));
    let out = '';
    const code = await runValidate(['monitors'], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: root });
    expect(out.trimEnd().split('\n')).toEqual([
      'monitors/bom2.json: $: error: the file starts with a second byte-order mark (the invisible U+FEFF, bytes EF BB BF); expected at most one: delete it, or save the file as UTF-8 without a BOM',
      'monitors/utf16.json: $: error: this file is UTF-16 little-endian (it starts with the byte-order mark FF FE); expected UTF-8: save it as UTF-8 (an editor\'s "Save with Encoding", or iconv -f UTF-16LE -t UTF-8)',
      'monitors/utf16be.json: $: error: this file is UTF-16 big-endian (every other byte is zero); expected UTF-8: save it as UTF-8 (an editor\'s "Save with Encoding", or iconv -f UTF-16BE -t UTF-8)',
      "monitors/wrong.json: $.options.thresholds.critical: error: critical threshold 80 does not match the query's threshold `> 90`; expected the same number in both: set the query's threshold to `> 80`, or critical to 90",
      '5 files checked: 4 errors, 0 warnings',
    ]);
    expect(code).toBe(1);
  });
});

describe('files nested right up to the limit', () => {
  test('every kind of project file, 1,000 levels deep, gets findings, not a stack overflow', async () => {
    const root = tempDir('torq-deep-project-');
    const nest = (levels: number, leaf: unknown): unknown => {
      let v = leaf;
      for (let i = 0; i < levels; i++) v = [v];
      return v;
    };
    let widget: unknown = { definition: { type: 'note', content: 'x' } };
    for (let i = 0; i < 249; i++) widget = { definition: { type: 'group', layout_type: 'ordered', widgets: [widget] } }; // 4 levels each
    const files: Record<string, unknown> = {
      'dashboards/deep.json': { title: 't', layout_type: 'ordered', widgets: [widget] },
      'monitors/deep.json': {
        name: 'n',
        type: 'query alert',
        query: 'avg(last_5m):avg:a{*} > 1',
        message: 'm',
        options: { thresholds: { critical: 1 }, x: nest(MAX_JSON_DEPTH - 3, 1) },
        tags: nest(MAX_JSON_DEPTH - 2, 'a'),
      },
      'orgs/acme.json': {
        site: 'us1',
        tags: nest(MAX_JSON_DEPTH - 2, 'x'),
        monitors: { overrides: { deep: { options: { y: nest(MAX_JSON_DEPTH - 6, 1) } } } },
      },
      'service_checks.json': nest(MAX_JSON_DEPTH - 1, { check: 'a' }),
      'moved.json': { monitors: nest(MAX_JSON_DEPTH - 2, 1) },
    };
    for (const [file, value] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), JSON.stringify(value));
      expect(parseJsonText(JSON.stringify(value), file).ok).toBe(true); // within the limit
    }
    let out = '';
    const code = await runValidate([], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, cwd: root });
    expect(code).toBe(1);
    for (const file of ['monitors/deep.json', 'orgs/acme.json', 'service_checks.json', 'moved.json']) expect(out).toContain(`${file}: $`);
  });
});
