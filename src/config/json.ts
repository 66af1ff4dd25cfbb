import * as fs from 'fs';
import type { Finding } from './findings';
/**
 * JSON parsing with the line and column of the first syntax error. Node's JSON.parse messages do
 * not always carry a position (V8 quotes a snippet instead), so the position is found by a small
 * scanner that runs only when JSON.parse has failed.
 */
export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string; line: number; column: number; offset: number };

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

class Scan {
  i = 0;
  constructor(readonly s: string) {}
  fail(what: string): never {
    throw { offset: this.i, what };
  }
  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }
  value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    this.fail(c === undefined ? 'unexpected end of the text; expected a value' : `unexpected ${JSON.stringify(c)}; expected a value (a string, number, object, list, true, false or null)`);
  }
  object(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(this.s[this.i] === undefined ? 'unexpected end of the text; expected a "key"' : `unexpected ${JSON.stringify(this.s[this.i])}; expected a "key" in double quotes`);
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`unexpected ${JSON.stringify(this.s[this.i] ?? 'end of the text')}; expected ":" after the key`);
      this.i++;
      this.value();
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === '}') this.fail('trailing comma; expected another "key" or no comma before }');
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail(c === undefined ? 'unexpected end of the text; expected , or }' : `unexpected ${JSON.stringify(c)}; expected , or }`);
    }
  }
  array(): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === ']') this.fail('trailing comma; expected another value or no comma before ]');
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(c === undefined ? 'unexpected end of the text; expected , or ]' : `unexpected ${JSON.stringify(c)}; expected , or ]`);
    }
  }
  string(): void {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape; expected four hex digits');
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else this.fail(`bad escape \\${e ?? ''} in a string`);
        continue;
      }
      if (c < ' ') this.fail(c === '\n' ? 'line break inside a string; expected \\n or a closing "' : 'control character inside a string');
      this.i++;
    }
    this.i = start;
    this.fail('string never closed; expected a closing "');
  }
  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail(`bad number; expected digits`);
    this.i += m![0].length;
  }
}

/** Parses JSON text; on failure, the reason with its line and column (1-based). */
export function parseJson(text: string): JsonResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    const scan = new Scan(body);
    let offset = 0;
    let what = e instanceof Error ? e.message : String(e);
    try {
      scan.value();
      scan.ws();
      if (scan.i < body.length) scan.fail(`unexpected ${JSON.stringify(body[scan.i])} after the end of the document`);
    } catch (f) {
      const failure = f as { offset?: number; what?: string };
      if (typeof failure.offset === 'number' && typeof failure.what === 'string') {
        offset = failure.offset;
        what = failure.what;
      }
    }
    const { line, column } = lineColumn(body, offset);
    return { ok: false, message: what, line, column, offset };
  }
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; finding: Finding };

/** Parses JSON text; a syntax error becomes a finding with its line and column. */
export function parseJsonText(text: string, file: string): JsonRead {
  const r = parseJson(text);
  if (r.ok) return r;
  return { ok: false, finding: { file, path: '$', severity: 'error', message: `invalid JSON at line ${r.line}, column ${r.column}: ${r.message}` } };
}

/** Reads and parses a JSON file; an unreadable, empty or malformed file becomes a finding. */
export function readJsonFile(file: string, displayName = file): JsonRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    return { ok: false, finding: { file: displayName, path: '$', severity: 'error', message: `cannot read the file (${code}); expected a readable JSON file` } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    return { ok: false, finding: { file: displayName, path: '$', severity: 'error', message: 'the file is empty; expected a JSON document' } };
  }
  return parseJsonText(text, displayName);
}
