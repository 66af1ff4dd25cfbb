/**
 * How the project's folders and validate's path arguments are listed: each real file once, never a
 * folder twice, and every skip said as a warning finding.
 *
 * - A symlink to a file is followed (wherever the file is); the file is read once even when a
 *   link and the file itself are both listed (the file's own name wins).
 * - A symlink to a folder is not followed when it leads out of the tree being walked (name that
 *   folder on the command line instead) or back into it (it would walk the same files again, or
 *   loop). A folder reached twice under another name is walked once.
 * - Broken symlinks and special files (FIFOs, sockets, devices: reading one could block) are
 *   skipped with a warning.
 * - In a data folder (monitors/, dashboards/, orgs/, service_checks/), a file that is not .json
 *   but looks like data (.yaml, .jsonc, .tf, a .json.bak copy, ...) is a warning: it is ignored.
 *   Hidden files (.gitkeep, .DS_Store, editor swap files) are skipped silently.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from './findings';

export interface ListedFile {
  /** The path to read (a symlink's own path: its name decides the file's id and kind). */
  readonly abs: string;
  /** The path shown in findings. */
  readonly shown: string;
}

/** What a data-looking file name is, or undefined when it does not look like data. */
export function dataLookalike(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('.')) return undefined;
  const ext = /\.([a-z0-9]+)$/.exec(lower)?.[1];
  switch (ext) {
    case 'json':
      return name.endsWith('.json') ? undefined : `a JSON file with the extension ${JSON.stringify(name.slice(-5))}, not ".json"`;
    case 'yaml':
    case 'yml':
      return 'a YAML file';
    case 'jsonc':
    case 'json5':
      return 'JSON with comments';
    case 'tf':
    case 'tfvars':
    case 'hcl':
      return 'a Terraform (HCL) file';
    case 'toml':
      return 'a TOML file';
    case 'xml':
      return 'an XML file';
    case 'csv':
    case 'tsv':
      return 'a table';
    case 'bak':
    case 'backup':
    case 'orig':
    case 'old':
    case 'tmp':
    case 'swp':
      return /\.json\./.test(lower) ? 'a copy of a JSON file' : 'a backup copy';
    default:
      if (/\.json[.~_-]/.test(lower)) return 'a copy of a JSON file';
      return lower.endsWith('~') ? 'a backup copy' : undefined;
  }
}

/** The warning for a data-looking file that is not read. Validate and the loader say it alike. */
export function ignoredFileFinding(shown: string, what: string, folder: string): Finding {
  const base = path.basename(shown);
  const stem = /^(.+?)\.json/i.exec(base)?.[1] ?? base.replace(/\.[^.]*$/, '');
  return {
    file: shown,
    path: '$',
    severity: 'warning',
    message: `not read: only *.json files are read from ${folder}/, and this is ${what}; expected JSON in ${path.posix.join(folder, `${stem}.json`)}, or the file out of ${folder}/`,
  };
}

const warning = (file: string, message: string): Finding => ({ file, path: '$', severity: 'warning', message });

function within(dir: string, real: string): boolean {
  return real === dir || real.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export interface WalkOptions {
  /** Folder names never entered (node_modules, .git, ...): skipped silently. */
  readonly skipDirs?: ReadonlySet<string>;
  /**
   * The data folder a listed folder is (`monitors/`), for the warning about data-looking files;
   * undefined for folders whose other files are none of this package's business.
   */
  readonly dataFolder?: (shownDir: string) => string | undefined;
  /** Whether `name` is read as JSON (default: ends with .json, any case). */
  readonly isJson?: (name: string) => boolean;
}

/**
 * One listing: files found by several calls (several arguments, a file and its folder) are
 * returned once, by the first call that finds them. `findings` holds the warnings about what was
 * skipped.
 */
export class FileWalk {
  readonly findings: Finding[] = [];
  /** Real path of each file listed -> the path it was shown as. */
  private readonly files = new Map<string, string>();
  /** Real path of each folder listed -> the path it was shown as. */
  private readonly walkedDirs = new Map<string, string>();

  constructor(private readonly options: WalkOptions = {}) {}

  private isJson(name: string): boolean {
    return this.options.isJson ? this.options.isJson(name) : name.toLowerCase().endsWith('.json');
  }

  /** Lists one file by its real path; a second path to the same file is a warning, not a second read. */
  private add(out: ListedFile[], abs: string, shown: string, real: string, link: boolean): void {
    const before = this.files.get(real);
    if (before === undefined) {
      this.files.set(real, shown);
      out.push({ abs, shown });
    } else if (before !== shown) {
      this.findings.push(warning(shown, `${link ? 'a symlink to' : 'the same file as'} ${before}, which is read already; skipped, so that it is checked once`));
    }
  }

  /** A file named directly (an argument, service_checks.json, moved.json); listed even when unreadable, so that reading it gives the finding. */
  file(abs: string, shown: string): ListedFile[] {
    const out: ListedFile[] = [];
    let real = path.resolve(abs);
    let link = false;
    try {
      link = fs.lstatSync(abs).isSymbolicLink();
      real = fs.realpathSync.native(abs);
    } catch {
      // kept as named
    }
    this.add(out, abs, shown, real, link);
    return out;
  }

  /** The JSON files of one folder, not of its subfolders (the project's flat data folders). */
  folder(abs: string, shown: string, subfolders: 'warn' | 'silent'): ListedFile[] {
    const out: ListedFile[] = [];
    this.walk(out, abs, shown, undefined, subfolders);
    return out;
  }

  /** The JSON files of a folder and all its subfolders. */
  tree(abs: string, shown: string): ListedFile[] {
    const out: ListedFile[] = [];
    let root: string;
    try {
      root = fs.realpathSync.native(abs);
    } catch (e) {
      this.findings.push(unlistable(shown, e));
      return out;
    }
    this.walk(out, abs, shown, root, 'silent');
    return out;
  }

  /**
   * Lists a folder; `root` (the real path of the tree) means recursive. Within a folder, its own
   * files come before symlinks, so a file linked from its own folder is read under its own name.
   * Recursion depth is bounded by the length of a path (PATH_MAX), far from the stack's limit.
   */
  private walk(out: ListedFile[], abs: string, shown: string, root: string | undefined, subfolders: 'warn' | 'silent'): void {
    let realDir: string;
    let entries: fs.Dirent[];
    try {
      realDir = fs.realpathSync.native(abs);
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      this.findings.push(unlistable(shown, e));
      return;
    }
    const before = this.walkedDirs.get(realDir);
    if (before !== undefined) {
      if (before !== shown)
        this.findings.push(warning(shown, `the same folder as ${before}, which is listed already; skipped, so that its files are checked once`));
      return;
    }
    this.walkedDirs.set(realDir, shown);
    const dataFolder = this.options.dataFolder?.(shown);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const links: fs.Dirent[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const a = path.join(abs, name);
      const s = path.join(shown, name);
      if (entry.isSymbolicLink()) links.push(entry);
      else if (entry.isDirectory()) {
        if (this.options.skipDirs?.has(name)) continue;
        if (root !== undefined) this.walk(out, a, s, root, subfolders);
        else if (subfolders === 'warn') this.findings.push(subfolderWarning(s, shown));
      } else if (entry.isFile()) {
        this.regular(out, a, s, path.join(realDir, name), false, dataFolder);
      } else if (this.isJson(name) || (dataFolder !== undefined && dataLookalike(name))) {
        let what = 'not a regular file';
        try {
          what = kindOf(fs.lstatSync(a));
        } catch {
          // gone meanwhile
        }
        this.findings.push(warning(s, `${what}; skipped, expected a regular file`));
      }
    }
    for (const entry of links) {
      const name = entry.name;
      const a = path.join(abs, name);
      const s = path.join(shown, name);
      let st: fs.Stats;
      let real: string;
      try {
        st = fs.statSync(a);
        real = fs.realpathSync.native(a);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'error';
        let target = '?';
        try {
          target = fs.readlinkSync(a);
        } catch {
          // unreadable link
        }
        const why = code === 'ELOOP' ? 'loops' : code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
        this.findings.push(warning(s, `a symlink to ${JSON.stringify(target)}, which ${why}; skipped, expected a link to an existing file or folder`));
        continue;
      }
      if (st.isDirectory()) {
        if (this.options.skipDirs?.has(name)) continue;
        if (root === undefined) {
          if (subfolders === 'warn') this.findings.push(subfolderWarning(s, shown));
        } else if (within(root, real)) {
          const loop = within(real, realDir);
          this.findings.push(
            warning(
              s,
              `a symlink to ${loop ? 'a folder that holds it' : 'a folder inside the same tree'} (${path.join(shown, path.relative(realDir, real)) || '.'}); not followed, since that folder is walked anyway: following it would check the same files again${loop ? ', in a loop' : ''}`,
            ),
          );
        } else {
          this.findings.push(
            warning(s, `a symlink to ${real}, outside the folder being checked; not followed: name that folder on the command line to check it`),
          );
        }
      } else if (st.isFile()) {
        this.regular(out, a, s, real, true, dataFolder);
      } else if (this.isJson(name) || dataFolder !== undefined) {
        this.findings.push(warning(s, `a symlink to ${kindOf(st)}; skipped, expected a file`));
      }
    }
  }

  private regular(out: ListedFile[], abs: string, shown: string, real: string, link: boolean, dataFolder: string | undefined): void {
    const name = path.basename(abs);
    if (this.isJson(name)) this.add(out, abs, shown, real, link);
    else if (dataFolder !== undefined) {
      const what = dataLookalike(name);
      if (what) this.findings.push(ignoredFileFinding(shown, what, dataFolder));
    }
  }
}

/**
 * A folder that cannot be listed is an error, not a warning: read as empty, a monitors/ or
 * dashboards/ that is a file (or unreadable) would deploy no monitors or dashboards, and the plan
 * would delete every one of them in Datadog.
 */
function unlistable(shown: string, e: unknown): Finding {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  const message =
    code === 'ENOTDIR'
      ? `${shown} is a file, not a folder (ENOTDIR); expected a folder holding <name>.json files: read as empty, none of its files would be checked or deployed`
      : `cannot list this folder (${code}); expected a readable folder: read as empty, none of its files would be checked or deployed`;
  return { file: shown, path: '$', severity: 'error', message };
}

function subfolderWarning(shown: string, parent: string): Finding {
  return warning(shown, `a folder in ${parent}/, whose subfolders are not read; expected the files directly in ${parent}/ (${parent}/<name>.json)`);
}
