/**
 * Values as Datadog and provider 3.82.0 treat them: object key order, number formatting and empty
 * leftovers (null, [], {}) are not differences.
 */
import type { FieldChange } from '../../config/fieldChange';
import type { Json } from '../datadog';
import { isObject } from '../../config/json';

/** Deep copy with object keys sorted, nulls and empty arrays and objects dropped. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const k of Object.keys(value).sort()) {
      const v = canonical((value as Json)[k]);
      if (v !== undefined) out[k] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** True when the two values are the same for Datadog. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** A short, single-line rendering of a value for "from A to B". */
export function brief(v: unknown): string {
  const text = v === undefined ? '(none)' : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The paths where two canonical values differ (leaves first met, at most `limit`). */
export function leafDiffs(a: unknown, b: unknown, at: string, limit = 3): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (x: unknown, y: unknown, p: string) => {
    if (out.length >= limit || JSON.stringify(x) === JSON.stringify(y)) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length === y.length) return x.forEach((v, i) => walk(v, y[i], `${p}[${i}]`));
      out.push({ field: p, before: `${x.length} item(s)`, after: `${y.length} item(s)` });
      return;
    }
    if (isObject(x) && isObject(y)) return [...new Set([...Object.keys(x), ...Object.keys(y)])].sort().forEach((k) => walk(x[k], y[k], `${p}.${k}`));
    if (typeof x === 'string' && typeof y === 'string' && (x.length > 40 || y.length > 40)) {
      // Long texts: around their first difference.
      let i = 0;
      while (i < x.length && x[i] === y[i]) i++;
      const from = Math.max(0, i - 15);
      out.push({
        field: p,
        before: brief(`${from > 0 ? '...' : ''}${x.slice(from, i + 25)}`),
        after: brief(`${from > 0 ? '...' : ''}${y.slice(from, i + 25)}`),
        note: `they differ at character ${i}`,
      });
      return;
    }
    out.push({ field: p, before: brief(x), after: brief(y) });
  };
  walk(canonical(a), canonical(b), at);
  return out;
}
