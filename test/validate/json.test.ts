import { parseJson } from '../../src/config/json';

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
