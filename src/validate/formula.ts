/**
 * Datadog's widget formulas (`query1 / query2 * 100`, `top(a, 10, 'mean', 'desc')`): a tokenizer,
 * the syntax errors the dashboard API refuses, and the query names a formula references. Read by
 * the dashboard rules (dashboardRules.ts).
 */

type Token =
  | { kind: 'name'; text: string; call: boolean }
  | { kind: 'number' | 'string' | 'braces'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'open' | 'close' | 'comma'; text: string };

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y;

/** Tokens of a formula, or the reason it cannot be read. */
function tokenize(formula: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < formula.length) {
    const c = formula[i];
    if (c === ' ' || /\s/.test(c)) {
      i++;
      continue;
    }
    let m: RegExpExecArray | null;
    NAME.lastIndex = i;
    NUMBER.lastIndex = i;
    if ((m = NAME.exec(formula))) {
      let j = i + m[0].length;
      while (formula[j] === ' ') j++;
      tokens.push({ kind: 'name', text: m[0], call: formula[j] === '(' });
      i += m[0].length;
    } else if ((m = NUMBER.exec(formula))) {
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      const end = formula.indexOf(c, i + 1);
      if (end < 0) return `the string starting at character ${i + 1} is not closed (expected a closing ${c})`;
      tokens.push({ kind: 'string', text: formula.slice(i, end + 1) });
      i = end + 1;
    } else if (c === '{') {
      // A scope argument (`percentile(query1, 'p95', { * })`): read as one operand.
      const end = formula.indexOf('}', i + 1);
      if (end < 0) return `the "{" at character ${i + 1} is not closed (expected "}")`;
      tokens.push({ kind: 'braces', text: formula.slice(i, end + 1) });
      i = end + 1;
    } else if ('+-*/%^'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'open' : c === ')' ? 'close' : 'comma', text: c });
      i++;
    } else {
      return `unexpected ${JSON.stringify(c)} at character ${i + 1} (expected query names, numbers, functions, + - * / and parentheses)`;
    }
  }
  return tokens;
}

/**
 * The syntax of a formula (docs.datadoghq.com/dashboards/functions/#add-a-function: arithmetic on
 * query names, numbers and functions such as `default_zero(query1)`): balanced parentheses, no
 * operator without operands, no two operands without an operator. Returns a reason, or undefined.
 */
export function formulaSyntaxError(formula: string): string | undefined {
  const tokens = tokenize(formula);
  return typeof tokens === 'string' ? tokens : syntaxError(formula, tokens);
}

function syntaxError(formula: string, tokens: readonly Token[]): string | undefined {
  if (formula.trim() === '') return 'the formula is empty (expected e.g. "query1" or "query1 / query2 * 100")';
  const stack: Token[] = [];
  // What the previous token allows next: an operand (start, after an operator, "(" or ",") or an operator.
  let expectOperand = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const operand = t.kind === 'name' || t.kind === 'number' || t.kind === 'string' || t.kind === 'braces';
    if (operand) {
      if (!expectOperand) return `${t.text} follows an operand without an operator between them`;
      expectOperand = t.kind === 'name' && t.call; // a function name is followed by its "("
      continue;
    }
    if (t.kind === 'open') {
      stack.push(t);
      expectOperand = true;
      continue;
    }
    if (t.kind === 'close') {
      if (stack.length === 0) return 'a ")" closes nothing (unbalanced parentheses)';
      const prev = tokens[i - 1];
      const emptyCall = prev.kind === 'open' && i >= 2 && tokens[i - 2].kind === 'name';
      if (expectOperand && !emptyCall) return 'an operand is missing before a ")"';
      stack.pop();
      expectOperand = false;
      continue;
    }
    if (t.kind === 'comma') {
      if (expectOperand || stack.length === 0) return 'a "," where an operand is expected';
      expectOperand = true;
      continue;
    }
    // An operator: "-" and "+" may be unary.
    if (expectOperand) {
      if (t.text === '-' || t.text === '+') continue;
      return `the operator "${t.text}" has no left operand`;
    }
    expectOperand = true;
  }
  if (stack.length > 0) return `${stack.length} "(" ${stack.length === 1 ? 'is' : 'are'} not closed (unbalanced parentheses)`;
  if (expectOperand) return 'the formula ends with an operator';
  return undefined;
}

/** Query names a formula refers to: names not followed by "(" (those are functions). */
export function formulaReferences(formula: string): string[] {
  const tokens = tokenize(formula);
  return typeof tokens === 'string' ? [] : references(tokens);
}

function references(tokens: readonly Token[]): string[] {
  return tokens.filter((t): t is Extract<Token, { kind: 'name' }> => t.kind === 'name' && !t.call).map((t) => t.text);
}
