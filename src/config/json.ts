import * as fs from 'fs';
import { Finding, show } from './findings';

export type JsonRead = { ok: true; value: unknown } | { ok: false; finding: Finding };

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Parses JSON text; a syntax error becomes a finding with its line and column. */
export function parseJsonText(text: string, file: string): JsonRead {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineColumn(text, Number(pos[1])) : undefined;
    const detail = msg.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return {
      ok: false,
      finding: { file, path: '$', severity: 'error', message: `invalid JSON${at}: ${detail}; expected a JSON document` },
    };
  }
}

/** Reads and parses a JSON file; an unreadable file or bad JSON becomes a finding. */
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
    return { ok: false, finding: { file: displayName, path: '$', severity: 'error', message: `the file is empty (${show(text)}); expected a JSON document` } };
  }
  return parseJsonText(text, displayName);
}
