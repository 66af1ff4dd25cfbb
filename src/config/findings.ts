/**
 * A problem found in a user's file. Every loader and validation rule reports these; nothing
 * throws for a user's mistake. `path` is a JSONPath into the file as the user wrote it
 * (`$.options.thresholds.critical`, `$.widgets[2].definition`), `$` for the whole file.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  readonly file: string;
  readonly path: string;
  readonly severity: Severity;
  readonly message: string;
}

export type PathSegment = string | number;

/** `['options', 'thresholds', 0]` -> `$.options.thresholds[0]`; odd keys are bracket-quoted. */
export function jsonPath(segments: readonly PathSegment[], base = '$'): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Appends segments to an existing JSONPath string. */
export function subPath(base: string, ...segments: PathSegment[]): string {
  return jsonPath(segments, base);
}

/** Shows a user's value in a message: strings quoted, long values cut. */
export function show(value: unknown): string {
  let text: string;
  if (value === undefined) return 'nothing';
  try {
    // JSON.stringify gives undefined only for a function or a symbol, which String shows well.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see above
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle or a BigInt: JSON cannot show it, String can (a cut "[object Object]" at worst).
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see above
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function formatFinding(f: Finding): string {
  return `${f.file}: ${f.path}: ${f.severity}: ${f.message}`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** Collects findings for one file. */
export class FindingSink {
  readonly findings: Finding[] = [];
  constructor(readonly file: string) {}
  error(path: string, message: string): void {
    this.findings.push({ file: this.file, path, severity: 'error', message });
  }
  warning(path: string, message: string): void {
    this.findings.push({ file: this.file, path, severity: 'warning', message });
  }
}

/** Stable order for output: by file, then path, errors before warnings. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.path.localeCompare(b.path) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.message.localeCompare(b.message),
  );
}
