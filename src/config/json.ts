import * as fs from 'fs';
import { decodeJsonBytes } from './encoding';
import { Finding, jsonPath, PathSegment } from './findings';
import { describeCharacter, lineColumn } from './textPosition';

/** A JSON object: not null, not an array. The one definition; every reader imports it. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { decodeJsonBytes };
/**
 * The JSON reader of every user file. It never throws and never trusts the file:
 *
 * - bytes: UTF-8 only, one optional byte-order mark. UTF-16 and UTF-32 (with or without a BOM),
 *   a doubled BOM and invalid UTF-8 are named as such, with the byte offset, line and column.
 * - text: one pass of an iterative scanner (an explicit stack, no recursion, so 100,000 levels
 *   cannot overflow the JS stack) checks the syntax with the line and column of the first error,
 *   the nesting depth (at most MAX_JSON_DEPTH levels) and duplicate keys (JSON.parse silently keeps
 *   the last one, which loses a hand edit). Then V8's JSON.parse builds the value, fast.
 */

/** The deepest nesting of objects and lists a file may have (jq and many parsers stop near here). */
export const MAX_JSON_DEPTH = 1000;

/** The duplicate keys of one file that get their own finding; a count says how many more. */
export const MAX_DUPLICATES_SHOWN = 50;

export type JsonProblemKind = 'encoding' | 'syntax' | 'depth' | 'duplicate-key';

/** One thing wrong with a JSON text, at a position (1-based line and column, 0-based offset). */
export interface JsonProblem {
  readonly kind: JsonProblemKind;
  /** What is wrong and what was expected (without the position). */
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Offset in the text (or, for encoding problems, in the file's bytes). */
  readonly offset: number;
  /** JSONPath where it is: the second occurrence for a duplicate key, `$` otherwise. */
  readonly path: string;
  /** The start of `message` that names the problem, after which a finding puts the position. */
  readonly headline?: string;
}

/**
 * A parse: the value, or the problems (the first one is spread for callers that show one).
 * A syntax, depth or encoding problem is alone; duplicate keys are all listed.
 */
export type JsonResult = { ok: true; value: unknown } | ({ ok: false; problems: JsonProblem[] } & JsonProblem);

class Stop extends Error {
  constructor(
    readonly kind: JsonProblemKind,
    readonly offset: number,
    readonly what: string,
    readonly headline?: string,
  ) {
    super(what);
  }
}

/** A run of string characters that need no look: not ", \\ or a control character. */
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: this class names them on purpose
const PLAIN = /[^"\\\u0000-\u001f]*/y;
const SPACE = /[ \t\n\r]*/y;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The first index at or after i that is not JSON whitespace. */
function skipSpace(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
  SPACE.lastIndex = i;
  SPACE.test(s);
  return SPACE.lastIndex;
}

interface Duplicate {
  readonly key: string;
  readonly path: PathSegment[];
  readonly offset: number;
  readonly first: number;
}

function fail(kind: JsonProblemKind, offset: number, what: string, headline?: string): never {
  throw new Stop(kind, offset, what, headline);
}

function unexpected(s: string, i: number, expected: string): never {
  return fail('syntax', i, i >= s.length ? `unexpected end of the text; expected ${expected}` : `unexpected ${describeCharacter(s, i)}; expected ${expected}`);
}

/** Whether the last string scanned held an escape (so its text needs decoding). */
let escapedString = false;

/** The end (after the closing quote) of the string that starts at s[start] === '"'. */
function stringEnd(s: string, start: number): number {
  const n = s.length;
  let i = start + 1;
  escapedString = false;
  for (;;) {
    PLAIN.lastIndex = i;
    PLAIN.test(s);
    i = PLAIN.lastIndex;
    if (i >= n) return fail('syntax', start, 'string never closed; expected a closing "');
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c === 0x5c) {
      escapedString = true;
      const e = s[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) fail('syntax', i, 'bad \\u escape; expected four hex digits');
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else fail('syntax', i, `bad escape \\${e ?? ''} in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`);
      continue;
    }
    const code = c.toString(16).toUpperCase().padStart(4, '0');
    return fail(
      'syntax',
      i,
      c === 0x0a
        ? 'line break inside a string; expected \\n or a closing "'
        : `control character (U+${code}) inside a string; expected it escaped, as \\u${code}`,
    );
  }
}

/** The end of the number that starts at s[start]. */
function numberEnd(s: string, start: number): number {
  let i = start;
  const digits = () => {
    const from = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i === from) unexpected(s, i, 'a digit');
  };
  if (s.charCodeAt(i) === 0x2d) i++;
  const c = s.charCodeAt(i);
  if (c === 0x30) i++;
  else if (isDigit(c)) digits();
  else fail('syntax', start, 'bad number; expected digits');
  if (s.charCodeAt(i) === 0x2e) {
    i++;
    digits();
  }
  const e = s.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const sign = s.charCodeAt(i);
    if (sign === 0x2b || sign === 0x2d) i++;
    digits();
  }
  return i;
}

/** Objects with more keys than this get a Set for the duplicate check; smaller ones, a scan. */
const SMALL_OBJECT = 16;

/**
 * Scans JSON text without building it: the first syntax error (or too deep nesting) stops the
 * scan; duplicate keys are collected. Iterative: the only stack is a few arrays indexed by depth.
 * One loop over the text on purpose (about 130 lines, over the house's 120): its state (depth, the
 * open containers, what may come next) is shared by every branch, and split into functions it
 * would travel through parameters on every character of every file.
 */
function scan(s: string): { stop?: Stop; duplicates: Duplicate[] } {
  const duplicates: Duplicate[] = [];
  const n = s.length;
  // Per open object or list, by depth: whether an object, and the current key or index.
  const inObject: boolean[] = [];
  const at: PathSegment[] = [];
  // The keys of the open objects, stacked: an object's keys start at keysFrom[depth].
  const keys: string[] = [];
  const keyOffsets: number[] = [];
  const keysFrom: number[] = [];
  let keyCount = 0;
  const keySets: (Map<string, number> | undefined)[] = [];
  let depth = 0;
  let i = 0;
  /** A "key": starts at i (after whitespace); checks it and moves i past the colon. */
  const key = () => {
    if (s.charCodeAt(i) !== 0x22) unexpected(s, i, i >= n ? 'a "key"' : 'a "key" in double quotes');
    const start = i;
    i = stringEnd(s, i);
    const k = escapedString ? (JSON.parse(s.slice(start, i)) as string) : s.slice(start + 1, i - 1);
    const d = depth - 1;
    const from = keysFrom[d];
    let first = -1;
    let set = keySets[d];
    if (set === undefined) {
      for (let j = from; j < keyCount; j++) {
        if (keys[j] === k) {
          first = keyOffsets[j];
          break;
        }
      }
      if (keyCount - from >= SMALL_OBJECT) {
        set = new Map();
        for (let j = keyCount - 1; j >= from; j--) set.set(keys[j], keyOffsets[j]);
        keySets[d] = set;
      }
    } else first = set.get(k) ?? -1;
    if (first === -1) {
      keys[keyCount] = k;
      keyOffsets[keyCount] = start;
      keyCount++;
      set?.set(k, start);
    } else duplicates.push({ key: k, path: [...at.slice(0, d), k], offset: start, first });
    at[d] = k;
    i = skipSpace(s, i);
    if (s.charCodeAt(i) !== 0x3a) unexpected(s, i, '":" after the key');
    i++;
  };
  const open = (object: boolean) => {
    if (depth >= MAX_JSON_DEPTH) {
      const headline = `nested deeper than ${MAX_JSON_DEPTH} levels`;
      fail(
        'depth',
        i,
        `${headline}: this ${object ? '{' : '['} opens level ${depth + 1}; expected at most ${MAX_JSON_DEPTH} levels of objects and lists`,
        headline,
      );
    }
    inObject[depth] = object;
    at[depth] = object ? '' : 0;
    keysFrom[depth] = keyCount;
    keySets[depth] = undefined;
    depth++;
    i++;
  };
  const close = () => {
    depth--;
    keyCount = keysFrom[depth];
    keySets[depth] = undefined;
    i++;
  };

  try {
    // `value`: a value is expected at i; otherwise one has just ended (or a container opened).
    let value = true;
    for (;;) {
      i = skipSpace(s, i);
      const c = s.charCodeAt(i);
      if (value) {
        if (c === 0x22) {
          i = stringEnd(s, i);
          value = false;
        } else if (c === 0x7b /* { */) {
          open(true);
          i = skipSpace(s, i);
          if (s.charCodeAt(i) === 0x7d) {
            close();
            value = false;
          } else key();
        } else if (c === 0x5b /* [ */) {
          open(false);
          i = skipSpace(s, i);
          if (s.charCodeAt(i) === 0x5d) {
            close();
            value = false;
          }
        } else if (c === 0x2d || isDigit(c)) {
          i = numberEnd(s, i);
          value = false;
        } else if (c === 0x74 && s.startsWith('true', i)) {
          i += 4;
          value = false;
        } else if (c === 0x66 && s.startsWith('false', i)) {
          i += 5;
          value = false;
        } else if (c === 0x6e && s.startsWith('null', i)) {
          i += 4;
          value = false;
        } else unexpected(s, i, i >= n ? 'a value' : 'a value (a string, number, object, list, true, false or null)');
        continue;
      }
      if (depth === 0) {
        if (i < n) fail('syntax', i, `unexpected ${describeCharacter(s, i)} after the end of the document`);
        return { duplicates };
      }
      const object = inObject[depth - 1];
      if (c === 0x2c /* , */) {
        i++;
        i = skipSpace(s, i);
        if (object) {
          if (s.charCodeAt(i) === 0x7d) fail('syntax', i, 'trailing comma; expected another "key" or no comma before }');
          key();
        } else {
          if (s.charCodeAt(i) === 0x5d) fail('syntax', i, 'trailing comma; expected another value or no comma before ]');
          at[depth - 1] = (at[depth - 1] as number) + 1;
        }
        value = true;
      } else if (c === (object ? 0x7d : 0x5d)) close();
      else unexpected(s, i, object ? ', or }' : ', or ]');
    }
  } catch (e) {
    if (e instanceof Stop) return { stop: e, duplicates };
    throw e;
  }
}

function problem(text: string, kind: JsonProblemKind, offset: number, message: string, path = '$', headline?: string): JsonProblem {
  return { kind, message, offset, path, ...lineColumn(text, offset), ...(headline === undefined ? {} : { headline }) };
}

function failed(problems: JsonProblem[]): JsonResult {
  return { ok: false, problems, ...problems[0] };
}

/** Parses JSON text; on failure, the problems with their line and column (1-based). */
export function parseJson(text: string): JsonResult {
  let body = text;
  if (body.charCodeAt(0) === 0xfeff) {
    body = body.slice(1);
    if (body.charCodeAt(0) === 0xfeff) {
      return failed([
        problem(
          body,
          'encoding',
          0,
          'the file starts with a second byte-order mark (the invisible U+FEFF, bytes EF BB BF); expected at most one: delete it, or save the file as UTF-8 without a BOM',
        ),
      ]);
    }
  }
  if (body.startsWith('\u00ef\u00bb\u00bf')) {
    return failed([
      problem(
        body,
        'encoding',
        0,
        'the file starts with "ï»¿", a UTF-8 byte-order mark that was read as Latin-1 and saved again; expected the JSON document first: delete these three characters',
      ),
    ]);
  }
  const { stop, duplicates } = scan(body);
  if (stop) return failed([problem(body, stop.kind, stop.offset, stop.what, '$', stop.headline)]);
  if (duplicates.length > 0) {
    // Each position costs a pass over the text: a hostile file with 100,000 duplicates gets a few.
    const shown = duplicates.slice(0, MAX_DUPLICATES_SHOWN);
    const more = duplicates.length - shown.length;
    return failed(
      shown.map((d, k) => {
        const first = lineColumn(body, d.first);
        const headline = `duplicate key ${JSON.stringify(d.key)}`;
        const rest = more > 0 && k === shown.length - 1 ? ` (and ${more} more duplicate key${more === 1 ? '' : 's'} after this one)` : '';
        return problem(
          body,
          'duplicate-key',
          d.offset,
          `${headline}: the same object has it at line ${first.line}, column ${first.column} already, and only the last one would count; expected each key once per object${rest}`,
          jsonPath(d.path),
          headline,
        );
      }),
    );
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    // The scanner accepts exactly JSON; should V8 disagree, still a finding, not a crash.
    return failed([problem(body, 'syntax', 0, e instanceof Error ? e.message : String(e))]);
  }
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; finding: Finding; findings: Finding[] };

/** The finding of a JSON problem: what, where (line and column), and what was expected. */
export function jsonProblemFinding(p: JsonProblem, file: string): Finding {
  const at = `at line ${p.line}, column ${p.column}`;
  let message: string;
  if (p.kind === 'encoding') message = p.message;
  else if (p.kind === 'syntax') message = `invalid JSON ${at}: ${p.message}`;
  else if (p.headline !== undefined && p.message.startsWith(p.headline)) message = `${p.headline} ${at}${p.message.slice(p.headline.length)}`;
  else message = `${p.message} (${at})`;
  return { file, path: p.path, severity: 'error', message };
}

function readFailed(findings: Finding[]): JsonRead {
  return { ok: false, finding: findings[0], findings };
}

/** Parses JSON text; an empty text or a problem becomes a finding with its line and column. */
export function parseJsonText(text: string, file: string): JsonRead {
  if (text.replace(/^\ufeff/, '').trim() === '')
    return readFailed([{ file, path: '$', severity: 'error', message: 'the file is empty; expected a JSON document' }]);
  const r = parseJson(text);
  if (r.ok) return r;
  return readFailed(r.problems.map((p) => jsonProblemFinding(p, file)));
}

/** Reads a file's bytes as JSON: an encoding problem, an empty file or a parse problem becomes findings. */
export function parseJsonBytes(bytes: Uint8Array, file: string): JsonRead {
  const decoded = decodeJsonBytes(bytes);
  if (!decoded.ok) return readFailed([jsonProblemFinding(decoded.problem, file)]);
  return parseJsonText(decoded.text, file);
}

/** Reads and parses a JSON file; an unreadable, empty, mis-encoded or malformed file becomes findings. */
export function readJsonFile(file: string, displayName = file): JsonRead {
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    // Reading a named pipe would block until something writes to it.
    if (!st.isFile() && !st.isDirectory()) {
      const what = st.isFIFO() ? 'a named pipe (FIFO)' : st.isSocket() ? 'a socket' : 'a device';
      return readFailed([{ file: displayName, path: '$', severity: 'error', message: `cannot read ${what}; expected a regular JSON file` }]);
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    return readFailed([{ file: displayName, path: '$', severity: 'error', message: `cannot read the file (${code}); expected a readable JSON file` }]);
  }
  return parseJsonBytes(bytes, displayName);
}

/** A JSON field read as text: a string as written, null or absent as '', any other value as its JSON (never "[object Object]"). */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  return JSON.stringify(v) ?? '';
}
