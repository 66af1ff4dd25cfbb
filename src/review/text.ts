/**
 * Text helpers of the review: undoing the Terraform escaping of synthesized strings, redacting
 * anything that looks like a secret, a line diff, and Markdown that keeps user text inert
 * (in code spans, so `@handles` never mention a GitHub user and `<tags>` never render).
 */

/** cdk.tf.json escapes a literal `${` / `%{` as `$${` / `%%{`; the review shows what Datadog gets. */
export function unescapeTerraform(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

import { HEX_KEY, TORQ_URL } from '../config/secrets';

export { secretsIn } from '../config/secrets';

export const REDACTED = '<redacted>';

/**
 * Removes what looks like a secret. The synthesized JSON only holds `${var.*}` references for
 * secrets; this is the second line of defence, applied to every string the review prints.
 */
export function redact(text: string, opts: { keepHex?: boolean } = {}): string {
  let out = text.replace(TORQ_URL, `https://hooks.torq.io/${REDACTED}`);
  if (!opts.keepHex) out = out.replace(HEX_KEY, REDACTED);
  return out;
}

/** True when a string is exactly one Terraform variable reference, such as `${var.torq_webhook_url_example}`. */
export function variableReference(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(value);
  return m ? m[1] : undefined;
}

/** Inline code that survives any content: a fence longer than any backtick run inside. */
export function code(text: string, opts: { inTable?: boolean } = {}): string {
  let t = text.replace(/\r?\n/g, ' ⏎ ');
  if (opts.inTable) t = t.replace(/\|/g, '\\|');
  if (t === '') return '(empty)';
  const runs = t.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A fenced code block that survives any content. */
export function codeBlock(text: string, lang = ''): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const fence = '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** Cuts a long single-line value for a table cell. */
export function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

/** A line diff (longest common subsequence); inputs are small (messages, queries). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ op: '-', text: a[i++] });
    } else {
      out.push({ op: '+', text: b[j++] });
    }
  }
  while (i < n) out.push({ op: '-', text: a[i++] });
  while (j < m) out.push({ op: '+', text: b[j++] });
  return out;
}

/** A unified-style diff body (no headers) for a ```diff block. */
export function unifiedDiff(before: string, after: string): string {
  return diffLines(before, after)
    .map((l) => `${l.op} ${l.text}`.trimEnd())
    .join('\n');
}

/** JSON with sorted keys: equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return value;
}

/** Flattens a JSON value to `path -> scalar JSON`, for a field-by-field comparison. */
export function flatten(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      if (v.every((x) => x === null || typeof x !== 'object')) {
        out.set(p, JSON.stringify(v));
        return;
      }
      v.forEach((x, i) => walk(x, `${p}[${i}]`));
      if (v.length === 0) out.set(p, '[]');
      return;
    }
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).sort();
      if (keys.length === 0) out.set(p, '{}');
      for (const k of keys) walk((v as Record<string, unknown>)[k], p === '' ? k : `${p}.${k}`);
      return;
    }
    out.set(p, JSON.stringify(v));
  };
  walk(value, prefix);
  return out;
}

export type { FieldChange } from '../config/fieldChange';
import type { FieldChange } from '../config/fieldChange';

/** Field-level changes between two JSON values (undefined = absent). */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = before === undefined ? new Map<string, string>() : flatten(before);
  const b = after === undefined ? new Map<string, string>() : flatten(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: FieldChange[] = [];
  // An empty list or object and an absent one mean the same to Datadog: no row for `[] -> —`.
  const meaningful = (v: string | undefined) => (v === '[]' || v === '{}' ? undefined : v);
  for (const k of keys) {
    const x = meaningful(a.get(k));
    const y = meaningful(b.get(k));
    if (x !== y) out.push({ field: k, before: x, after: y });
  }
  return out;
}

export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
