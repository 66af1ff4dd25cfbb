/**
 * The command-line layer the CLIs share: a cursor over the arguments, each command's description
 * (what it does, its options, examples) from which `--help`/`-h` and "did you mean" are made, and
 * Datadog's own site names as aliases. A command declares a CommandSpec once; help, unknown
 * options and exit codes then behave the same in every npm script:
 *  - `--help` or `-h` anywhere: the usage on stdout, exit 0, nothing read or written;
 *  - an unknown option: `unknown option "--notfy" (did you mean "--notify"?)` and the usage line on
 *    stderr, exit 1;
 *  - exit codes, as terraform's (`terraform plan -detailed-exitcode`), see EXIT.
 */
import { didYouMean } from '../config/suggest';

/**
 * A cursor over a command line, shared by the CLIs: `next()` gives each argument in turn, and
 * `value()` takes the value that follows a flag (undefined when it is missing or is another flag,
 * so `--org --root x` is an error, not an org named "--root").
 */
export class ArgCursor {
  private i = -1;
  constructor(private readonly argv: readonly string[]) {}

  next(): string | undefined {
    this.i++;
    return this.argv[this.i];
  }

  /** The value after the current flag, or an ArgError `<flag> needs a value`. */
  required(): string {
    const flag = this.argv[this.i];
    const v = this.value();
    if (v === undefined) throw new ArgError(`${flag} needs a value`);
    return v;
  }

  value(): string | undefined {
    const v = this.argv[this.i + 1];
    if (v === undefined || v.startsWith('--')) return undefined;
    this.i++;
    return v;
  }
}

/** A usage mistake found by ArgCursor.required(). */
export class ArgError extends Error {}

/**
 * Exit codes of every command, as Terraform's (`terraform validate`, `terraform plan
 * -detailed-exitcode`), so that a CI step reads them one way: 0 done (or help); 1 an error: a usage
 * mistake, findings that stop the command (errors in the files), or a failure (stderr says which);
 * 2 done, and found what the caller asked to hear about (drift; attention with --fail-on-attention).
 * 2 never means a mistake, so a scheduled job cannot take a typo for drift. docs/cli.md states it.
 */
export const EXIT = { ok: 0, failed: 1, usage: 1, found: 2 } as const;

export interface OptionSpec {
  /** `--org`. */
  readonly flag: string;
  /** The value's placeholder (`<name>`), or nothing for a switch. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  /** The npm script: `synth`, `org:new`. */
  readonly name: string;
  /** What follows `npm run <name> --` in the usage line: `<org> --site <site> [options]`. */
  readonly synopsis: string;
  /** What the command does: a few sentences. */
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Command lines, each with an optional `# comment`. */
  readonly examples: readonly string[];
  /** Lines after the examples (environment variables, exit codes, where to read more). */
  readonly notes?: readonly string[];
}

export const HELP_FLAGS = ['--help', '-h'] as const;

/** True when the command line asks for help: `--help` or `-h` anywhere. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => (HELP_FLAGS as readonly string[]).includes(a));
}

/** `usage: npm run <name> -- <synopsis>`. */
export function usageLine(spec: CommandSpec): string {
  return spec.synopsis === '' ? `usage: npm run ${spec.name}` : `usage: npm run ${spec.name} -- ${spec.synopsis}`;
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => indent + l);
}

/** The full help of a command: usage, what it does, options, examples, notes. */
export function helpText(spec: CommandSpec): string {
  const options = [...spec.options, { flag: '-h, --help', help: 'Print this help and exit; nothing is read or written.' }];
  const label = (o: OptionSpec) => (o.value ? `${o.flag} ${o.value}` : o.flag);
  const width = Math.min(30, Math.max(...options.map((o) => label(o).length)));
  const out = [usageLine(spec), '', ...wrap(spec.summary, 98, ''), '', 'Options:'];
  for (const o of options) {
    const l = label(o);
    const body = wrap(o.help, 96 - width, '');
    if (l.length > width) out.push(`  ${l}`, ...body.map((b) => `  ${' '.repeat(width)}  ${b}`));
    else out.push(`  ${l.padEnd(width)}  ${body[0] ?? ''}`, ...body.slice(1).map((b) => `  ${' '.repeat(width)}  ${b}`));
  }
  out.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  if (spec.notes && spec.notes.length > 0) out.push('', ...spec.notes.flatMap((n) => wrap(n, 98, '')));
  return `${out.join('\n')}\n`;
}

/** The flags a command knows, help included. */
export function knownFlags(spec: CommandSpec): string[] {
  return [...spec.options.map((o) => o.flag), ...HELP_FLAGS];
}

/** The message for an argument that looks like an option and is none of the command's. */
export function unknownOption(arg: string, spec: CommandSpec): string {
  const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
  const hint = didYouMean(
    name,
    knownFlags(spec).filter((f) => f.startsWith('--')),
  );
  const known = arg.includes('=') ? spec.options.find((o) => o.flag === name) : undefined;
  const eq = !known
    ? ''
    : known.value
      ? ` (write ${name} and its value as two arguments: ${name} ${JSON.stringify(arg.slice(name.length + 1))})`
      : ` (${name} is a switch and takes no value: write ${name} alone)`;
  return `unknown option ${JSON.stringify(arg)}${eq || hint}; expected one of: ${knownFlags(spec).join(', ')}\n${usageLine(spec)}`;
}

/** True for an argument that is an option (`--x`, `-x`), not a value or a name. */
export function looksLikeOption(arg: string): boolean {
  return /^--?[A-Za-z]/.test(arg);
}

export interface Streams {
  stdout: (text: string) => unknown;
  stderr: (text: string) => unknown;
}

export const processStreams: Streams = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/**
 * The start of every command: with `--help`/`-h`, prints the help on stdout and returns 0 (the
 * caller stops there, before it reads or writes anything); otherwise undefined.
 */
export function answerHelp(spec: CommandSpec, argv: readonly string[], io: Streams = processStreams): number | undefined {
  if (!wantsHelp(argv)) return undefined;
  io.stdout(helpText(spec));
  return EXIT.ok;
}

/** Prints a usage mistake as `<command>: <message>` on stderr; returns EXIT.usage (1). */
export function usageError(spec: CommandSpec, message: string, io: Streams = processStreams): number {
  io.stderr(`${spec.name}: ${message}\n`);
  return EXIT.usage;
}
