/**
 * Where a place in a user's text is, and how to name a character there, for messages: shared by
 * the JSON reader (json.ts) and the message module (src/datadog/message.ts).
 */

/** 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const NAMED_CHARACTERS: Readonly<Record<number, string>> = {
  0x00: 'NUL byte (U+0000)',
  0xa0: 'no-break space (U+00A0)',
  0x200b: 'zero-width space (U+200B)',
  0xfeff: 'invisible byte-order mark (U+FEFF)',
  0xfffd: 'replacement character (U+FFFD: this text was not valid UTF-8 once)',
};

/** A character for a message: visible ones quoted, invisible ones by name and code point. */
export function describeCharacter(text: string, at: number): string {
  const cp = text.codePointAt(at);
  if (cp === undefined) return 'end of the text';
  const named = NAMED_CHARACTERS[cp];
  if (named) return named;
  const c = String.fromCodePoint(cp);
  if (/[\p{C}\p{Z}]/u.test(c) && c !== ' ') return `invisible character (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`;
  return JSON.stringify(c);
}
