/**
 * Values as Datadog and provider 3.82.0 treat them: object key order, number formatting and empty
 * leftovers (null, [], {}) are not differences.
 */
import type { Json } from '../datadog';

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

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
