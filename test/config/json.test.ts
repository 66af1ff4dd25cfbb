import { formatFinding } from '../../src/config/findings';
import { MAX_DUPLICATES_SHOWN, MAX_JSON_DEPTH, parseJson, parseJsonBytes, parseJsonText, textOf } from '../../src/config/json';

describe('parseJson: syntax errors carry the line and column a user can jump to', () => {
  test.each([
    ['{\n  "a": 1,\n}', 3, 1, /trailing comma/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /unexpected "\\""; expected , or \}/],
    ['[1, 2', 1, 6, /unexpected end of the text; expected , or \]/],
    ['{"a": "x\ny"}', 1, 9, /line break inside a string/],
    ['{"a": tru}', 1, 7, /unexpected "t"; expected a value/],
    ['{} {}', 1, 4, /unexpected "\{" after the end of the document/],
    ['', 1, 1, /unexpected end of the text; expected a value/],
  ])('%j -> line %i, column %i', (text, line, column, message) => {
    const r = parseJson(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.line, r.column]).toEqual([line, column]);
    expect(r.message).toMatch(message);
  });

  test('valid JSON (with a byte-order mark) parses', () => {
    expect(parseJson('\ufeff{"a": [1, "b", null, true]}')).toEqual({ ok: true, value: { a: [1, 'b', null, true] } });
  });
});

describe('parseJson: positions stay right around what editors count differently', () => {
  test.each([
    ['\ufeff{\n  "a": 1,\n}', 3, 1, 'a byte-order mark is not a column'],
    ['{\r\n  "a": 1\r\n  "b": 2\r\n}', 3, 3, 'Windows line ends'],
    ['{"é": "ü", "x": tru}', 1, 17, 'accented letters count one column each'],
    ['[\n\n\n  1,\n  2 3]', 5, 5, 'blank lines'],
  ])('%j -> line %i, column %i (%s)', (text, line, column) => {
    const r = parseJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.line, r.column]).toEqual([line, column]);
  });

  test('an invisible character is named, not shown as an empty quote', () => {
    const nbsp = parseJson('{"a": 1,\u00a0"b": 2}');
    expect(nbsp.ok).toBe(false);
    if (!nbsp.ok) expect(nbsp.message).toBe('unexpected no-break space (U+00A0); expected a "key" in double quotes');
    const bom = parseJson('{"a": 1}\ufeff');
    expect(bom.ok).toBe(false);
    if (!bom.ok) expect(bom.message).toBe('unexpected invisible byte-order mark (U+FEFF) after the end of the document');
  });
});

describe('nesting: a clear limit, never a stack overflow', () => {
  const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  test(`${MAX_JSON_DEPTH} levels parse`, () => {
    expect(parseJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(parseJson(`${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`).ok).toBe(true);
  });

  test('100,000 levels: one finding at the bracket that opens level 1,001', () => {
    const r = parseJsonBytes(Buffer.from(nested(100_000)), 'deep.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.findings.map(formatFinding)).toEqual([
      'deep.json: $: error: nested deeper than 1000 levels at line 1, column 1001: this [ opens level 1001; expected at most 1000 levels of objects and lists',
    ]);
  });

  test('the limit counts objects and lists alike, wherever they are', () => {
    const r = parseJson(`{"widgets": [${'{"w": ['.repeat(500)}]`);
    expect(r.ok).toBe(false);
    // {, [, then 499 x ({ and [) = 1,000 levels: the 500th { is the 1,001st.
    if (!r.ok)
      expect([r.kind, r.column, r.message]).toEqual([
        'depth',
        '{"widgets": ['.length + '{"w": ['.repeat(499).length + 1,
        expect.stringContaining('this { opens level 1001'),
      ]);
  });
});

describe('duplicate keys: an error at the second occurrence, naming the first', () => {
  test('every duplicate of a file, at its JSON path, with both lines', () => {
    const text = [
      '{',
      '  "name": "CPU high",',
      '  "options": {"thresholds": {"critical": 90}},',
      '  "tags": [{"k": 1, "k": 2}],',
      '  "options": {"thresholds": {"critical": 95}}',
      '}',
    ].join('\n');
    const r = parseJsonText(text, 'monitors/cpu.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.findings.map(formatFinding)).toEqual([
      'monitors/cpu.json: $.tags[0].k: error: duplicate key "k" at line 4, column 21: the same object has it at line 4, column 13 already, and only the last one would count; expected each key once per object',
      'monitors/cpu.json: $.options: error: duplicate key "options" at line 5, column 3: the same object has it at line 3, column 3 already, and only the last one would count; expected each key once per object',
    ]);
  });

  test('keys are compared as JSON reads them (escapes decoded); the same key in two objects is fine', () => {
    const r = parseJson('{"a": 1, "\\u0061": 2}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.kind, r.path]).toEqual(['duplicate-key', '$.a']);
    expect(parseJson('[{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": 4}]')).toEqual({ ok: true, value: [{ a: 1 }, { a: 2 }, { b: { a: 3 }, a: 4 }] });
  });

  test('large objects too: a duplicate among many keys, and in an object closed and reopened', () => {
    const many = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`);
    const r = parseJson(`{"a": {${many.join(', ')}, "k3": 0}, "b": {${many.slice(0, 5).join(', ')}}}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toEqual(['$.a.k3']);
    const huge = `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}": ${i}`).join(',')}}`;
    expect(parseJson(huge).ok).toBe(true);
  });

  test(`a file of many duplicates gets ${MAX_DUPLICATES_SHOWN} findings and a count of the rest`, () => {
    const r = parseJson(`{\n${Array.from({ length: 10_000 }, () => '"a": 1').join(',\n')}\n}`);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(MAX_DUPLICATES_SHOWN);
    expect(r.problems[MAX_DUPLICATES_SHOWN - 1].message).toMatch(/at line 2, column 1 already.*\(and 9949 more duplicate keys after this one\)$/);
  });

  test('"__proto__" is an ordinary key', () => {
    const r = parseJson('{"__proto__": {"polluted": true}}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(Object.keys(r.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('encodings: named, with what to do', () => {
  const read = (bytes: Buffer) => {
    const r = parseJsonBytes(bytes, 'f.json');
    return r.ok ? r.value : r.findings.map((f) => `${f.path}: ${f.message}`);
  };
  const doc = '{"name": "café"}';

  test('UTF-8, with or without one byte-order mark, reads', () => {
    expect(read(Buffer.from(doc))).toEqual({ name: 'café' });
    expect(read(Buffer.from(`\ufeff${doc}`))).toEqual({ name: 'café' });
  });

  test.each([
    ['UTF-16 LE with a BOM', Buffer.from(`\ufeff${doc}`, 'utf16le'), 'UTF-16 little-endian (it starts with the byte-order mark FF FE)', 'UTF-16LE'],
    ['UTF-16 LE without a BOM', Buffer.from(doc, 'utf16le'), 'UTF-16 little-endian (every other byte is zero)', 'UTF-16LE'],
    ['UTF-16 BE with a BOM', Buffer.from(`\ufeff${doc}`, 'utf16le').swap16(), 'UTF-16 big-endian (it starts with the byte-order mark FE FF)', 'UTF-16BE'],
    ['UTF-16 BE without a BOM', Buffer.from(doc, 'utf16le').swap16(), 'UTF-16 big-endian (every other byte is zero)', 'UTF-16BE'],
  ])('%s', (_, bytes, what, iconv) => {
    expect(read(bytes)).toEqual([
      `$: this file is ${what}; expected UTF-8: save it as UTF-8 (an editor's "Save with Encoding", or iconv -f ${iconv} -t UTF-8)`,
    ]);
  });

  test('a doubled byte-order mark', () => {
    expect(read(Buffer.from(`\ufeff\ufeff${doc}`))).toEqual([
      '$: the file starts with a second byte-order mark (the invisible U+FEFF, bytes EF BB BF); expected at most one: delete it, or save the file as UTF-8 without a BOM',
    ]);
  });

  test('Latin-1: the byte offset, line and column of the first invalid byte, and how many follow', () => {
    const latin1 = Buffer.from('{\n  "name": "café",\n  "tags": ["équipe"]\n}', 'latin1');
    expect(read(latin1)).toEqual([
      '$: invalid UTF-8 at byte 16 (line 2, column 15): byte E9 (in Windows-1252 or Latin-1, "é") is not valid UTF-8 there, and 1 more invalid byte after it; expected UTF-8 text: if the file is Windows-1252 or Latin-1, save it as UTF-8',
    ]);
  });

  test('the column of an invalid byte counts the valid multi-byte characters before it as one each', () => {
    const bytes = Buffer.concat([Buffer.from('["ü€', 'utf8'), Buffer.from([0xff]), Buffer.from('"]')]);
    const r = parseJsonBytes(bytes, 'f.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.finding.message).toMatch(/^invalid UTF-8 at byte 7 \(line 1, column 5\): byte FF/);
  });

  test('overlong encodings and UTF-8-encoded surrogates are invalid too', () => {
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ]) {
      const r = parseJsonBytes(Buffer.from([0x22, ...bad, 0x22]), 'f.json');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.finding.message).toMatch(/^invalid UTF-8 at byte 1 \(line 1, column 2\)/);
    }
  });
});

describe('textOf (a JSON field read as text, e.g. a live monitor message or dashboard title)', () => {
  test('a string as written, nothing as empty, anything else as its JSON, never "[object Object]"', () => {
    expect(textOf('CPU high {{!-- @webhook-torq --}}')).toBe('CPU high {{!-- @webhook-torq --}}');
    expect([textOf(undefined), textOf(null)]).toEqual(['', '']);
    expect([textOf(90), textOf(false)]).toEqual(['90', 'false']);
    expect(textOf({ en: 'CPU' })).toBe('{"en":"CPU"}');
    expect(textOf(['a', 1])).toBe('["a",1]');
  });
});
