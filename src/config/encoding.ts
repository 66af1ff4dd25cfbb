/**
 * A file's bytes -> UTF-8 text, or what is wrong with its encoding: UTF-16 and UTF-32 (told by a
 * byte-order mark or by the zero bytes of ASCII text) and invalid UTF-8, with the byte offset, line
 * and column of the first bad byte. The JSON reader (json.ts) takes the text from here.
 */
import { isUtf8 as nodeIsUtf8 } from 'buffer';

/** An encoding problem, in the shape of json.ts's JsonProblem (kind "encoding", at `$`). */
export interface EncodingProblem {
  readonly kind: 'encoding';
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Offset in the file's bytes. */
  readonly offset: number;
  readonly path: '$';
}

/** The first invalid UTF-8 sequence at or after `from`, or -1. */
function invalidUtf8(b: Uint8Array, from: number): number {
  const n = b.length;
  let i = from;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [need, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** A byte as a Windows-1252 character (which Latin-1 text is too, from A0), when printable. */
function windows1252(byte: number): string | undefined {
  try {
    const c = new TextDecoder('windows-1252').decode(Uint8Array.of(byte));
    return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? c : undefined;
  } catch {
    return undefined;
  }
}

const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/** UTF-16 or UTF-32, told by a byte-order mark or by the zero bytes of ASCII text. */
function wideEncoding(b: Uint8Array): { name: string; iconv: string; why: string } | undefined {
  const at = (k: number) => (k < b.length ? b[k] : -1);
  const wide = (bits: 16 | 32, little: boolean, why: string) => ({
    name: `UTF-${bits} ${little ? 'little' : 'big'}-endian`,
    iconv: `UTF-${bits}${little ? 'LE' : 'BE'}`,
    why,
  });
  if (at(0) === 0x00 && at(1) === 0x00 && at(2) === 0xfe && at(3) === 0xff) return wide(32, false, 'it starts with the byte-order mark 00 00 FE FF');
  if (at(0) === 0xff && at(1) === 0xfe && at(2) === 0x00 && at(3) === 0x00) return wide(32, true, 'it starts with the byte-order mark FF FE 00 00');
  if (at(0) === 0xff && at(1) === 0xfe) return wide(16, true, 'it starts with the byte-order mark FF FE');
  if (at(0) === 0xfe && at(1) === 0xff) return wide(16, false, 'it starts with the byte-order mark FE FF');
  if (b.length < 4) return undefined;
  if (at(0) === 0 && at(1) === 0 && at(2) === 0 && at(3) !== 0) return wide(32, false, 'every character takes four bytes, three of them zero');
  if (at(0) !== 0 && at(1) === 0 && at(2) === 0 && at(3) === 0) return wide(32, true, 'every character takes four bytes, three of them zero');
  // ASCII in UTF-16: every other byte is zero. Counted over the first 256 bytes.
  let evenZero = 0;
  let oddZero = 0;
  const m = Math.min(b.length, 256) & ~1;
  for (let k = 0; k < m; k += 2) {
    if (b[k] === 0) evenZero++;
    if (b[k + 1] === 0) oddZero++;
  }
  const pairs = m / 2;
  if (oddZero >= pairs * 0.75 && evenZero <= pairs * 0.1) return wide(16, true, 'every other byte is zero');
  if (evenZero >= pairs * 0.75 && oddZero <= pairs * 0.1) return wide(16, false, 'every other byte is zero');
  return undefined;
}

/** Decodes a file's bytes as UTF-8 text (its BOM kept for parseJson), or names its encoding problem. */
export function decodeJsonBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: EncodingProblem } {
  const wide = wideEncoding(bytes);
  if (wide) {
    return {
      ok: false,
      problem: {
        kind: 'encoding',
        path: '$',
        line: 1,
        column: 1,
        offset: 0,
        message: `this file is ${wide.name} (${wide.why}); expected UTF-8: save it as UTF-8 (an editor's "Save with Encoding", or iconv -f ${wide.iconv} -t UTF-8)`,
      },
    };
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buf)) {
    const bad = invalidUtf8(buf, 0);
    const offset = bad === -1 ? 0 : bad;
    let more = 0;
    for (let k = invalidUtf8(buf, offset + 1); k !== -1 && more < 1000; k = invalidUtf8(buf, k + 1)) more++;
    const lineStart = buf.lastIndexOf(0x0a, offset - 1) + 1;
    const line = offset === 0 ? 1 : buf.subarray(0, offset).reduce((count, x) => (x === 0x0a ? count + 1 : count), 1);
    const column = buf.toString('utf8', lineStart, offset).length + 1;
    const byte = buf[offset];
    const legacy = windows1252(byte);
    const latin1 = legacy ? ` (in Windows-1252 or Latin-1, ${JSON.stringify(legacy)})` : '';
    const others = more > 0 ? `, and ${more >= 1000 ? 'over 1000' : more} more invalid byte${more === 1 ? '' : 's'} after it` : '';
    return {
      ok: false,
      problem: {
        kind: 'encoding',
        path: '$',
        line,
        column,
        offset,
        message: `invalid UTF-8 at byte ${offset} (line ${line}, column ${column}): byte ${hex([byte])}${latin1} is not valid UTF-8 there${others}; expected UTF-8 text: if the file is Windows-1252 or Latin-1, save it as UTF-8`,
      },
    };
  }
  return { ok: true, text: buf.toString('utf8') };
}

// Node's own check where it exists (Node >= 18.14); the scan otherwise.
const isUtf8: (b: Buffer) => boolean = typeof nodeIsUtf8 === 'function' ? nodeIsUtf8 : (b) => invalidUtf8(b, 0) === -1;
