/**
 * The walk of folders (src/config/files.ts): each real file once, symlink loops and links out of
 * the tree not followed, and every skip said. Trees are built in temp folders, removed afterwards.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runValidate } from '../../src/cli/validate';
import { FileWalk, dataLookalike } from '../../src/config/files';
import { formatFinding } from '../../src/config/findings';
import { readJsonFile } from '../../src/config/json';
import { checkProject } from '../../src/validate/project';
import { tempDir } from '../helpers/project';

const MONITOR = {
  name: 'CPU high',
  type: 'query alert',
  query: 'avg(last_5m):avg:system.cpu.user{*} > 90',
  message: 'CPU is high',
  options: { thresholds: { critical: 90 } },
};

function write(file: string, content: unknown = MONITOR): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
}

async function validate(argv: string[], cwd: string) {
  let stdout = '';
  const code = await runValidate(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stdout += s) }, cwd });
  return { code, lines: stdout.trimEnd().split('\n') };
}

describe('FileWalk.tree', () => {
  const base = tempDir('torq-walk-');
  const tree = path.join(base, 'tree');
  const outside = path.join(base, 'outside');
  write(path.join(outside, 'shared.json'));
  write(path.join(outside, 'more', 'x.json'));
  write(path.join(tree, 'a.json'));
  write(path.join(tree, 'sub', 'b.json'));
  fs.symlinkSync('..', path.join(tree, 'sub', 'loop')); // back to its parent
  fs.symlinkSync('../sub', path.join(tree, 'sub', 'again')); // to the folder that holds it
  fs.symlinkSync(path.join(tree, 'sub'), path.join(tree, 'alias')); // into the tree
  fs.symlinkSync(path.join(outside, 'more'), path.join(tree, 'elsewhere')); // out of the tree
  fs.symlinkSync('a.json', path.join(tree, 'a-link.json')); // a file linked in its own folder
  fs.symlinkSync('../a.json', path.join(tree, 'sub', 'z-link.json')); // and from elsewhere
  fs.symlinkSync(path.join(outside, 'shared.json'), path.join(tree, 'shared.json')); // a file outside: followed
  fs.symlinkSync('nowhere.json', path.join(tree, 'broken.json'));

  const walk = new FileWalk();
  const files = walk
    .tree(tree, 'tree')
    .map((f) => f.shown)
    .sort();
  const said = walk.findings.map(formatFinding).sort();

  test('each real file once: the file under its own name, links to files followed', () => {
    expect(files).toEqual(['tree/a.json', 'tree/shared.json', 'tree/sub/b.json']);
  });

  test('every skip is a warning naming the path and why', () => {
    expect(said).toEqual([
      'tree/a-link.json: $: warning: a symlink to tree/a.json, which is read already; skipped, so that it is checked once',
      'tree/alias: $: warning: a symlink to a folder inside the same tree (tree/sub); not followed, since that folder is walked anyway: following it would check the same files again',
      'tree/broken.json: $: warning: a symlink to "nowhere.json", which does not exist; skipped, expected a link to an existing file or folder',
      `tree/elsewhere: $: warning: a symlink to ${fs.realpathSync(path.join(outside, 'more'))}, outside the folder being checked; not followed: name that folder on the command line to check it`,
      'tree/sub/again: $: warning: a symlink to a folder that holds it (tree/sub); not followed, since that folder is walked anyway: following it would check the same files again, in a loop',
      'tree/sub/loop: $: warning: a symlink to a folder that holds it (tree); not followed, since that folder is walked anyway: following it would check the same files again, in a loop',
      'tree/sub/z-link.json: $: warning: a symlink to tree/a.json, which is read already; skipped, so that it is checked once',
    ]);
  });

  test('a folder named twice (once through a link) is walked once', () => {
    const w = new FileWalk();
    const first = w.tree(tree, 'tree');
    const second = w.tree(path.join(tree, 'alias'), 'tree/alias');
    expect(first.length).toBe(3);
    expect(second).toEqual([]);
    expect(w.findings.map(formatFinding)).toContain(
      'tree/alias: $: warning: the same folder as tree/sub, which is listed already; skipped, so that its files are checked once',
    );
  });

  test('a named pipe is skipped with a warning (reading it would block)', () => {
    const dir = tempDir('torq-fifo-');
    try {
      execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    } catch {
      console.warn('mkfifo is not available here: the named-pipe case is not tested');
      return;
    }
    const w = new FileWalk();
    expect(w.tree(dir, 'd')).toEqual([]);
    expect(w.findings.map(formatFinding)).toEqual(['d/pipe.json: $: warning: a named pipe (FIFO); skipped, expected a regular file']);
    // Named on the command line, it is not opened either.
    const r = readJsonFile(path.join(dir, 'pipe.json'), 'pipe.json');
    expect(r.ok ? [] : r.findings.map(formatFinding)).toEqual(['pipe.json: $: error: cannot read a named pipe (FIFO); expected a regular JSON file']);
  });
});

describe('data-looking files that are not read', () => {
  test.each([
    ['cpu.yaml', 'a YAML file'],
    ['cpu.yml', 'a YAML file'],
    ['cpu.jsonc', 'JSON with comments'],
    ['cpu.json.bak', 'a copy of a JSON file'],
    ['cpu.json~', 'a copy of a JSON file'],
    ['cpu.json.orig', 'a copy of a JSON file'],
    ['main.tf', 'a Terraform (HCL) file'],
    ['cpu.JSON', 'a JSON file with the extension ".JSON", not ".json"'],
  ])('%s is %s', (name, what) => expect(dataLookalike(name)).toBe(what));

  test.each(['README.md', 'notes.txt', '.gitkeep', '.cpu.json.swp', 'LICENSE', 'cpu.json'])('%s is not data to warn about', (name) => {
    expect(dataLookalike(name)).toBeUndefined();
  });
});

describe('the project loader lists its folders with the same walk', () => {
  const root = tempDir('torq-project-walk-');
  fs.cpSync(path.resolve(__dirname, '../fixtures/validate/cli/project'), root, { recursive: true });
  fs.rmSync(path.join(root, 'dashboards', 'broken.json'));
  write(path.join(root, 'monitors', 'cpu.yaml'), 'name: CPU high\n');
  write(path.join(root, 'monitors', 'disk.json.bak'));
  write(path.join(root, 'monitors', 'team', 'memory.json'));
  write(path.join(root, 'monitors', 'README.md'), '# monitors\n');
  write(path.join(root, 'orgs', 'acme', 'monitors', 'local.json')); // an org's own folder (issue 10)
  write(path.join(root, 'orgs', 'staging.yaml'), 'site: us1\n');
  const shared = tempDir('torq-shared-');
  write(path.join(shared, 'cpu_high.json'));
  fs.symlinkSync(path.join(shared, 'cpu_high.json'), path.join(root, 'monitors', 'cpu_high.json'));
  fs.symlinkSync('torq_failures.json', path.join(root, 'monitors', 'torq_failures_copy.json'));

  const r = checkProject(root);
  const lines = r.findings.map(formatFinding);
  const walkLines = lines.filter((l) => /: \$: warning: (not read|a folder in|a symlink)/.test(l));

  test('what is skipped is said; subfolders of orgs/ and non-data files are not', () => {
    expect(walkLines.sort()).toEqual([
      'monitors/cpu.yaml: $: warning: not read: only *.json files are read from monitors/, and this is a YAML file; expected JSON in monitors/cpu.json, or the file out of monitors/',
      'monitors/disk.json.bak: $: warning: not read: only *.json files are read from monitors/, and this is a copy of a JSON file; expected JSON in monitors/disk.json, or the file out of monitors/',
      'monitors/team: $: warning: a folder in monitors/, whose subfolders are not read; expected the files directly in monitors/ (monitors/<name>.json)',
      'monitors/torq_failures_copy.json: $: warning: a symlink to monitors/torq_failures.json, which is read already; skipped, so that it is checked once',
      'orgs/staging.yaml: $: warning: not read: only *.json files are read from orgs/, and this is a YAML file; expected JSON in orgs/staging.json, or the file out of orgs/',
    ]);
  });

  test('a symlink to a monitor file outside the project is followed, under its link name', () => {
    expect(r.catalog?.monitors.map((m) => m.id)).toEqual(['cpu_high', 'torq_failures', 'torq_heartbeat']);
  });

  test('validate on the project says the same, once', async () => {
    const v = await validate([], root);
    for (const l of walkLines) expect(v.lines.filter((x) => x === l)).toHaveLength(1);
  });
});

describe('validate walks its path arguments with the same rules', () => {
  test('files reached twice (two arguments, a link) are checked once; a symlink loop is not followed', async () => {
    const root = tempDir('torq-validate-walk-');
    write(path.join(root, 'exports', 'monitors', 'cpu.json'));
    write(path.join(root, 'exports', 'monitors', 'cpu.yaml'), 'name: x\n');
    write(path.join(root, 'exports', 'other', 'notes.yaml'), 'x: 1\n'); // not a data folder: silent
    fs.symlinkSync('..', path.join(root, 'exports', 'monitors', 'loop'));
    const v = await validate(['exports', 'exports/monitors', 'exports/monitors/cpu.json'], root);
    expect(v.lines).toEqual([
      'exports/monitors/cpu.yaml: $: warning: not read: only *.json files are read from exports/monitors/, and this is a YAML file; expected JSON in exports/monitors/cpu.json, or the file out of exports/monitors/',
      'exports/monitors/loop: $: warning: a symlink to a folder that holds it (exports); not followed, since that folder is walked anyway: following it would check the same files again, in a loop',
      '1 file checked: 0 errors, 2 warnings',
    ]);
    expect(v.code).toBe(0);
  });
});

describe('a data folder that cannot be listed stops synth', () => {
  // Read as empty, a monitors/ that is a file would deploy no monitor: the plan would delete them all.
  test.each(['monitors', 'dashboards'])('%s as a file is an error naming it, and nothing is synthesized', async (folder) => {
    const root = tempDir('torq-folder-file-');
    fs.cpSync(path.resolve(__dirname, '../fixtures/validate/cli/project'), root, { recursive: true });
    fs.rmSync(path.join(root, 'dashboards', 'broken.json'));
    fs.rmSync(path.join(root, folder), { recursive: true });
    fs.writeFileSync(path.join(root, folder), 'x\n');
    const line = `${folder}: $: error: ${folder} is a file, not a folder (ENOTDIR); expected a folder holding <name>.json files: read as empty, none of its files would be checked or deployed`;
    const r = checkProject(root);
    expect(r.findings.map(formatFinding)).toContain(line);
    expect(r.project).toBeUndefined();
    const v = await validate([], root);
    expect(v.code).toBe(1);
    expect(v.lines).toContain(line);
  });
});
